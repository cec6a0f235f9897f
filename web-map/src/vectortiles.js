// Vector tile layers of the map. protomaps-leaflet (issue 16 part 6; it replaced
// Leaflet.VectorGrid, unmaintained since 2017, see docs/webmap.md for the choice and the figures)
// is the Leaflet GridLayer: it maps display tiles to data tiles (overzoom) and keeps the decoded
// tiles in its cache. The rest is ours:
// - fetching and decoding (FlatSource below, mvt.js): flat arrays instead of an object per vertex,
//   which cost the first view most of its garbage collection;
// - hit-testing (featureAt) on those arrays at the click's latitude/longitude, so a click finds
//   the right parcel at any zoom, fractional ones included;
// - painting (renderTile, paintTile): protomaps-leaflet fills and strokes every feature as a path
//   of its own, and a canvas 2D fill or stroke has a fixed cost, which at the city view (30,000
//   parcels, thousands of streets) made painting the first view take seconds. Here features that
//   look the same go into one Path2D per style and each style is filled and stroked once per
//   tile. Styles are Leaflet path options (fillColor, weight, ...) from a style function per
//   feature, so the layers' styles read as before; a restyle (live re-weighting, a highlighted
//   parcel) repaints the tiles on screen synchronously from the decoded tiles.
import { decodeTile, hits, POINT as KIND_POINT, LINE as KIND_LINE } from './mvt.js';

// how far (px) a feature may lie outside its tile and still be drawn: strokes and point symbols
// reach over the tile's edge (protomaps-leaflet's own margin)
const BUFFER = 16;

/**
 * A Leaflet layer of vector tiles from a {z}/{x}/{y} URL.
 *
 * @param {string} url tile URL template (absolute)
 * @param {object} o
 * @param {string[]} o.layerNames the tiles' layer names to draw (TileJSON vector_layers)
 * @param {(props, zoom) => object|object[]|null} o.style Leaflet path options per feature
 * @param {number} [o.passes] how many options a style answers at most (2 for casing + fill)
 * @param {number} [o.maxDataZoom] the highest zoom the service has tiles for (overzoomed above)
 * @param {(props) => (string|number|undefined)} [o.idOf] a feature's id (clicks, highlight, tests)
 * @param {{url: string, wanted: () => boolean, apply: (features: object[], data: any) => void}} [o.side]
 *   a side channel per tile: JSON from `url` ({z}/{x}/{y} template) that `apply` merges into the
 *   decoded features' props, fetched once per tile while `wanted()` (the results tiles' scaled
 *   criteria, which only live re-weighting reads)
 * Other options are Leaflet GridLayer's (pane, zIndex, minZoom, maxZoom, opacity).
 */
export function vectorTileLayer(url, { layerNames, style, passes = 1, maxDataZoom = 18, idOf = defaultId, side = null, ...grid }) {
  const layer = protomapsL.leafletLayer({
    url, maxDataZoom, paintRules: [], labelRules: [],
    // display tile z from data tile z, as the service cuts them (not one zoom coarser, the default)
    levelDiff: 0,
    attribution: '', maxZoom: 22, ...grid,
  });
  // protomaps-leaflet keeps its views' tile caches, which fetch through this source: ours decodes
  for (const view of layer.views.values()) view.tileCache.source = new FlatSource(url);
  layer.styleFn = style;
  layer.idOf = idOf;
  layer.highlighted = undefined;
  layer.layerNames = layerNames;
  layer.passes = passes;
  layer.side = side;
  // the symbol each feature was last painted with: repaint() compares, tests read the colours
  layer.drawn = new WeakMap();
  Object.assign(layer, methods);
  return layer;
}

function defaultId(p) { return p.parcel_id ?? p.id; }

const methods = {
  /** Sets the style function; the tiles are repainted by repaint(). */
  setStyle(style) { this.styleFn = style; },

  /** The style a feature gets now: one Leaflet options object per pass (missing ones: nothing). */
  symbolsOf(feature, zoom) {
    const s = this.styleFn(feature.props, zoom, feature);
    if (Array.isArray(s)) return s;
    return s ? [s] : [];
  },

  /**
   * Paints a display tile (protomaps-leaflet's renderTile, which createTile calls): the decoded
   * tile comes from protomaps-leaflet's cache (fetched on a miss), the painting is paintTile's.
   * `done` is called once the tile is painted, also for a tile of a zoom the map has left, so
   * that Leaflet's `load` event never waits for a tile that is not painted.
   */
  async renderTile(coords, element, key, done = () => {}) {
    const prepared = [];
    for (const view of this.views.values()) {
      try {
        prepared.push(await view.getDisplayTile(coords));
      } catch (e) {
        if (e.name !== 'AbortError') console.error(e);
      }
    }
    if (this.side?.wanted()) {
      await Promise.all(prepared.map((pt) => this.sideData(pt)));
    }
    if (element.removed || element.key !== key || !this._map) return;
    this.paintTile(element, coords, prepared);
    done();
  },

  /**
   * The side channel of a decoded tile, fetched once and merged into its features' props; resolves
   * when merged (null without a side channel). A failed fetch is logged and asked again next time.
   */
  sideData(pt) {
    if (!this.side) return null;
    const data = pt.data;
    if (!data.side) {
      const t = pt.dataTile;
      const url = this.side.url.replace('{z}', t.z).replace('{x}', t.x).replace('{y}', t.y);
      data.side = fetch(url, { credentials: 'same-origin' })
        .then((res) => {
          if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
          return res.json();
        })
        .then((json) => {
          this.side.apply(this.layerNames.flatMap((name) => data.get(name) ?? []), json);
          data.sideMerged = true;
        })
        .catch((e) => {
          data.side = null;
          console.error(e);
        });
    }
    return data.side;
  },

  /** The decoded tiles of a display tile when protomaps-leaflet holds them all, else null. */
  cachedTiles(coords) {
    const out = [];
    for (const view of this.views.values()) {
      const tt = view.dataTileForDisplayTile(coords);
      const entry = view.tileCache.cache.get(tileKey(tt.dataTile));
      if (!entry) return null;
      out.push({ ...tt, data: entry.data });
    }
    return out;
  },

  /**
   * Paints the features of the prepared (decoded) tiles onto a tile canvas: per pass, every
   * feature's path goes into the Path2D of its style, then each style's fill and stroke is drawn
   * once, fills before strokes, thinner strokes first (a highlighted outline ends on top).
   */
  paintTile(element, coords, prepared) {
    const size = this.tileSize;
    // a canvas keeps its backing store on a repaint; setting its size allocates a new one
    if (element.width !== size || element.height !== size) {
      element.width = size;
      element.height = size;
    }
    const ctx = element.getContext('2d');
    ctx.setTransform(size / 256, 0, 0, size / 256, 0, 0);
    ctx.clearRect(0, 0, 256, 256);
    const ox = 256 * coords.x;
    const oy = 256 * coords.y;
    const symbols = [];
    const features = [];
    for (const pt of prepared) {
      const dx = pt.origin.x - ox;
      const dy = pt.origin.y - oy;
      const ps = pt.scale;
      for (const name of this.layerNames) {
        for (const f of pt.data.get(name) ?? []) {
          if (f.maxX * ps + dx < -BUFFER || f.minX * ps + dx > 256 + BUFFER
            || f.maxY * ps + dy < -BUFFER || f.minY * ps + dy > 256 + BUFFER) continue;
          const s = this.symbolsOf(f, coords.z);
          this.drawn.set(f, s[0] ?? null);
          features.push(f, dx, dy, ps);
          symbols.push(s);
        }
      }
    }
    for (let pass = 0; pass < this.passes; pass++) {
      const batches = new Map();
      for (let i = 0; i < symbols.length; i++) {
        const s = symbols[i][pass];
        if (!s) continue;
        const f = features[4 * i];
        const k = symbolKey(s, f.geomType);
        let batch = batches.get(k);
        if (!batch) {
          batch = { s, kind: f.geomType, path: new Path2D() };
          batches.set(k, batch);
        }
        addPath(batch.path, f, features[4 * i + 1], features[4 * i + 2], features[4 * i + 3], s);
      }
      drawBatches(ctx, [...batches.values()]);
    }
  },

  /**
   * Repaints the tiles on screen from the decoded tiles protomaps-leaflet holds (nothing is
   * fetched), each tile only when the symbol of one of its features changed (a slider step
   * changes the class of some parcels, not of all). Synchronous: resolves, once painted, to the
   * number of tiles painted. A tile still loading is painted with the new style when it arrives.
   */
  repaint() {
    if (!this._map) return Promise.resolve(0);
    if (this.side?.wanted()) {
      // the side channel of the tiles on screen first (the first slider move fetches it)
      const waits = this.sideOnScreen();
      if (waits.length) {
        this.painting = true;
        return Promise.all(waits).then(() => {
          this.painting = false;
          return this.repaintLoaded();
        });
      }
    }
    return Promise.resolve(this.repaintLoaded());
  },

  /** Fetches the side channel of the decoded tiles on screen that lack it: the promises to wait for. */
  sideOnScreen() {
    const waits = [];
    if (!this.side || !this._map) return waits;
    for (const key of Object.keys(this._tiles)) {
      for (const pt of this.cachedTiles(this._wrapCoords(this._keyToTileCoords(key))) ?? []) {
        if (!pt.data.sideMerged) waits.push(this.sideData(pt));
      }
    }
    return waits;
  },

  /** repaint() once the tiles' side channels are in: synchronous, answers the number of tiles painted. */
  repaintLoaded() {
    if (!this._map) return 0;
    let painted = 0;
    for (const key of Object.keys(this._tiles)) {
      const tile = this._tiles[key];
      const coords = this._wrapCoords(this._keyToTileCoords(key));
      const prepared = this.cachedTiles(coords);
      if (!prepared || !tile.loaded || !this.symbolsChanged(prepared, coords.z)) continue;
      this.paintTile(tile.el, coords, prepared);
      painted++;
    }
    return painted;
  },

  /** Whether a feature of these decoded tiles would now be drawn differently from how it was. */
  symbolsChanged(prepared, zoom) {
    for (const pt of prepared) {
      for (const name of this.layerNames) {
        for (const f of pt.data.get(name) ?? []) {
          if (!this.drawn.has(f)) continue; // outside the tiles painted so far
          if (!sameSymbol(this.drawn.get(f), this.symbolsOf(f, zoom)[0] ?? null)) return true;
        }
      }
    }
    return false;
  },

  /** The decoded features of the tiles on screen: [{id, props, layerName, fill}] (fill as last painted). */
  drawnFeatures() {
    const out = [];
    if (!this._map) return out;
    const seen = new Set();
    for (const key of Object.keys(this._tiles)) {
      for (const pt of this.cachedTiles(this._wrapCoords(this._keyToTileCoords(key))) ?? []) {
        if (seen.has(pt.data)) continue;
        seen.add(pt.data);
        for (const [layerName, features] of pt.data) {
          for (const f of features) {
            const s = this.drawn.get(f);
            out.push({ id: this.idOf(f.props), props: f.props, layerName, fill: s ? (s.fillColor ?? s.color) : null });
          }
        }
      }
    }
    return out;
  },

  /**
   * The feature under a point, topmost first: {id, props} or null. Polygons contain it, points and
   * lines lie within `brush` px. As protomaps-leaflet's View.queryFeatures: the data tile of the
   * map's zoom (rounded, at most the highest data zoom), the point and the brush in its pixels.
   */
  featureAt(latlng, brush = 6) {
    const zoom = Math.round(this._map.getZoom());
    for (const view of this.views.values()) {
      const z = Math.min(zoom - view.levelDiff, view.maxDataLevel);
      const tileSize = view.tileCache.tileSize;
      const p = this._map.options.crs.latLngToPoint(latlng.wrap(), z).divideBy(256);
      const tx = Math.floor(p.x);
      const ty = Math.floor(p.y);
      const entry = view.tileCache.cache.get(tileKey({ x: tx, y: ty, z }));
      if (!entry) continue;
      const x = (p.x - tx) * tileSize;
      const y = (p.y - ty) * tileSize;
      const b = brush / (1 << (zoom - z));
      for (const name of [...this.layerNames].reverse()) {
        const features = entry.data.get(name) ?? [];
        for (let i = features.length - 1; i >= 0; i--) {
          const f = features[i];
          if (!hits(f, x, y, b)) continue;
          const id = this.idOf(f.props);
          if (id !== undefined && id !== null) return { id, props: f.props };
        }
      }
    }
    return null;
  },
};

function sameSymbol(a, b) {
  if (!a || !b) return !a && !b;
  return a.fillColor === b.fillColor && a.color === b.color && a.weight === b.weight
    && a.fillOpacity === b.fillOpacity && a.opacity === b.opacity && a.dashArray === b.dashArray;
}

/** Features with the same key are painted alike, so they share one path. Styles are mostly shared objects: their keys are kept. */
const keys = new WeakMap();
function symbolKey(s, kind) {
  let k = keys.get(s);
  if (k === undefined || k[0] !== kind) {
    k = [kind, keyOf(s, kind)];
    keys.set(s, k);
  }
  return k[1];
}

function keyOf(s, kind) {
  return `${kind}|${s.fill !== false}|${s.fillColor}|${s.fillOpacity}|${s.stroke !== false}|${s.color}|${s.weight}|${s.opacity}|${s.dashArray}|${s.radius}`;
}

/** Adds a feature's geometry, moved by (dx, dy) and scaled by ps into the tile, to a path. */
function addPath(path, f, dx, dy, ps, s) {
  const { xy, parts } = f;
  if (f.geomType === KIND_POINT) {
    const r = s.radius ?? 5;
    for (let k = f.first; k < f.last; k++) {
      const v = parts[k];
      const x = xy[2 * v] * ps + dx;
      const y = xy[2 * v + 1] * ps + dy;
      path.moveTo(x + r, y);
      path.arc(x, y, r, 0, 2 * Math.PI);
    }
    return;
  }
  for (let k = f.first; k < f.last; k++) {
    const end = parts[k + 1];
    let v = parts[k];
    path.moveTo(xy[2 * v] * ps + dx, xy[2 * v + 1] * ps + dy);
    for (v++; v < end; v++) path.lineTo(xy[2 * v] * ps + dx, xy[2 * v + 1] * ps + dy);
  }
}

/** Draws batched paths with Leaflet's path option semantics (defaults as L.Path's). */
function drawBatches(ctx, batches) {
  for (const { s, kind, path } of batches) {
    const fills = kind === KIND_POINT ? s.fill !== false && (s.fillColor ?? s.color)
      : kind !== KIND_LINE && s.fill !== false && s.fillColor;
    if (!fills) continue;
    ctx.globalAlpha = s.fillOpacity ?? (kind === KIND_POINT ? 1 : 0.2);
    ctx.fillStyle = s.fillColor ?? s.color;
    ctx.fill(path);
  }
  const stroked = batches.filter(({ s, kind }) => s.stroke !== false && (s.weight ?? (kind === KIND_POINT ? 0 : 3)) > 0)
    .sort((a, b) => (a.s.weight ?? 3) - (b.s.weight ?? 3));
  for (const { s, kind, path } of stroked) {
    ctx.globalAlpha = s.opacity ?? 1;
    ctx.strokeStyle = s.color ?? '#3388ff';
    ctx.lineWidth = s.weight ?? 3;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.setLineDash(kind !== KIND_POINT && s.dashArray ? String(s.dashArray).split(/[ ,]+/).map(Number) : []);
    ctx.stroke(path);
  }
  ctx.globalAlpha = 1;
}

function tileKey(t) { return `${t.x}:${t.y}:${t.z}`; }

/**
 * Fetches {z}/{x}/{y} tiles for protomaps-leaflet's tile cache and decodes them with mvt.js. As
 * its own ZxySource, a request for a new zoom aborts those still running for other zooms.
 */
class FlatSource {
  constructor(url) {
    this.url = url;
    this.running = new Set();
  }

  async get(c, tileSize) {
    for (const r of this.running) {
      if (r.z !== c.z) {
        r.controller.abort();
        this.running.delete(r);
      }
    }
    const r = { z: c.z, controller: new AbortController() };
    this.running.add(r);
    const url = this.url.replace('{z}', c.z).replace('{x}', c.x).replace('{y}', c.y);
    try {
      const res = await fetch(url, { signal: r.controller.signal, credentials: 'same-origin' });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      return decodeTile(await res.arrayBuffer(), tileSize);
    } finally {
      this.running.delete(r);
    }
  }
}

/**
 * Click handling for vector tile layers: one map click handler that asks the interactive layers,
 * the one drawn on top first, for the feature under the click and calls that layer's handler
 * with it. A click while a selection is being drawn is the drawing's.
 */
export function onFeatureClick(map, layer, handler) {
  layer.clickHandler = handler;
  if (!map.infillClickLayers) {
    map.infillClickLayers = new Set();
    map.on('click', (e) => {
      if (map.pm?.globalDrawModeEnabled?.()) return;
      const layers = [...map.infillClickLayers].filter((l) => l._map === map && l.options.opacity !== 0)
        .sort((a, b) => order(b) - order(a));
      for (const l of layers) {
        const hit = l.featureAt(e.latlng);
        if (hit) { l.clickHandler(hit.id, hit.props, e); return; }
      }
    });
  }
  map.infillClickLayers.add(layer);
  layer.on('remove', () => map.infillClickLayers.delete(layer));
  layer.on('add', () => map.infillClickLayers.add(layer));
}

// what is drawn on top: the pane's z-index, then the layer's within the pane
function order(l) {
  const pane = l._map.getPane(l.options.pane);
  return Number(getComputedStyle(pane).zIndex || 0) * 1000 + (l.options.zIndex ?? 0);
}
