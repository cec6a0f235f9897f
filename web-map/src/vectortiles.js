// Vector tile layers of the map, drawn by protomaps-leaflet (issue 16 part 6; it replaced
// Leaflet.VectorGrid, unmaintained since 2017, see docs/webmap.md for the choice and the figures).
// protomaps-leaflet keeps the decoded tiles in its own cache and paints each Leaflet tile canvas
// from them with paint rules; our rules take Leaflet path options (fillColor, weight, ...) from a
// style function per feature, so the layers' styles read as before and a restyle (live
// re-weighting, a highlighted parcel) repaints the tiles from the cache without fetching anything.
// A click is hit-tested here against the decoded features at the click's latitude/longitude, so
// it finds the right parcel at any zoom, fractional ones included.

const KIND_POINT = 1;
const KIND_LINE = 2;

/**
 * Paints a feature with the Leaflet path options its style function answers (an object, an
 * array of them drawn in order, e.g. a street's casing then its fill, or null/[] for nothing).
 * A protomaps-leaflet symbolizer: draw(ctx, geometry, zoom, feature).
 */
class PathSymbolizer {
  constructor(layer, pass) {
    this.layer = layer;
    this.pass = pass;
  }

  draw(ctx, geom, zoom, feature) {
    let s = this.layer.styleOf(feature, zoom);
    if (Array.isArray(s)) s = s[this.pass];
    else if (this.pass > 0) s = null;
    if (!s) return;
    if (this.pass === 0) this.layer.drawn.set(feature, s);
    if (feature.geomType === KIND_POINT) {
      drawPoints(ctx, geom, s);
      return;
    }
    ctx.beginPath();
    for (const ring of geom) {
      for (let i = 0; i < ring.length; i++) {
        if (i === 0) ctx.moveTo(ring[i].x, ring[i].y); else ctx.lineTo(ring[i].x, ring[i].y);
      }
    }
    if (feature.geomType !== KIND_LINE && s.fill !== false && s.fillColor) {
      ctx.globalAlpha = s.fillOpacity ?? 0.2;
      ctx.fillStyle = s.fillColor;
      ctx.fill();
    }
    const weight = s.weight ?? 3;
    if (s.stroke !== false && weight > 0) {
      ctx.globalAlpha = s.opacity ?? 1;
      ctx.strokeStyle = s.color ?? '#3388ff';
      ctx.lineWidth = weight;
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      ctx.setLineDash(s.dashArray ? String(s.dashArray).split(/[ ,]+/).map(Number) : []);
      ctx.stroke();
    }
  }
}

function drawPoints(ctx, geom, s) {
  const r = s.radius ?? 5;
  for (const ring of geom) {
    const p = ring[0];
    ctx.beginPath();
    ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
    if (s.fill !== false) {
      ctx.globalAlpha = s.fillOpacity ?? 1;
      ctx.fillStyle = s.fillColor ?? s.color;
      ctx.fill();
    }
    if (s.stroke !== false && (s.weight ?? 0) > 0) {
      ctx.globalAlpha = s.opacity ?? 1;
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.weight;
      ctx.setLineDash([]);
      ctx.stroke();
    }
  }
}

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
 * Other options are Leaflet GridLayer's (pane, zIndex, minZoom, maxZoom, opacity).
 */
export function vectorTileLayer(url, { layerNames, style, passes = 1, maxDataZoom = 18, idOf = defaultId, ...grid }) {
  const rules = [];
  const host = { styleOf: null, drawn: new WeakMap() };
  for (let pass = 0; pass < passes; pass++) {
    for (const name of layerNames) rules.push({ dataLayer: name, symbolizer: new PathSymbolizer(host, pass) });
  }
  const layer = protomapsL.leafletLayer({
    url, maxDataZoom, paintRules: rules, labelRules: [],
    // display tile z from data tile z, as the service cuts them (not one zoom coarser, the default)
    levelDiff: 0,
    // paint every tile at once: the default staggers tiles by their distance from the centre
    tileDelay: 1e-6,
    attribution: '', maxZoom: 22, ...grid,
  });
  layer.styleFn = style;
  layer.idOf = idOf;
  layer.highlighted = undefined;
  host.styleOf = (feature, zoom) => layer.styleFn(feature.props, zoom, feature);
  layer.drawnColours = host;
  Object.assign(layer, methods);
  return layer;
}

function defaultId(p) { return p.parcel_id ?? p.id; }

const methods = {
  /** Sets the style function; the tiles are repainted by repaint(). */
  setStyle(style) { this.styleFn = style; },

  /**
   * Repaints the tiles on screen from the decoded tiles protomaps-leaflet holds (nothing is
   * fetched), each tile only when the symbol of one of its features changed (a slider step
   * changes the class of some parcels, not of all). Resolves when they are painted, to the number
   * of tiles painted. Repaints asked for while one runs are folded into one that starts when it
   * ends (a dragged slider fires faster than the tiles can paint).
   */
  repaint() {
    if (this.painting) {
      this.repaintAgain ??= this.painting.then(() => { this.repaintAgain = null; return this.repaint(); });
      return this.repaintAgain;
    }
    if (!this._map) return Promise.resolve(0);
    const jobs = [];
    for (const key of Object.keys(this._tiles)) {
      const tile = this._tiles[key];
      const coords = this._wrapCoords(this._keyToTileCoords(key));
      const k = this._tileCoordsToKey(coords);
      if (!this.symbolsChanged(coords)) continue;
      jobs.push(new Promise((resolve) => {
        this.renderTile(coords, tile.el, k, resolve).then(resolve, resolve);
      }));
    }
    this.painting = Promise.all(jobs).then(() => { this.painting = null; return jobs.length; });
    return this.painting;
  },

  /** Whether a feature of the display tile at coords would now be drawn differently from how it was. */
  symbolsChanged(coords) {
    const host = this.drawnColours;
    for (const view of this.views.values()) {
      const data = view.tileCache.cache.get(tileKey(view.dataTileForDisplayTile(coords).dataTile));
      if (!data) return true;
      for (const rule of this.paintRules) {
        for (const f of data.data.get(rule.dataLayer) ?? []) {
          const was = host.drawn.get(f);
          let now = host.styleOf(f, coords.z);
          if (Array.isArray(now)) now = now[0];
          if (!sameSymbol(was, now)) return true;
        }
      }
    }
    return false;
  },

  /** The decoded features of the tiles on screen: [{id, props, layerName, fill}] (fill as last painted). */
  drawnFeatures() {
    const out = [];
    if (!this._map) return out;
    for (const view of this.views.values()) {
      const seen = new Set();
      for (const key of Object.keys(this._tiles)) {
        const coords = this._wrapCoords(this._keyToTileCoords(key));
        const data = view.tileCache.cache.get(tileKey(view.dataTileForDisplayTile(coords).dataTile));
        if (!data || seen.has(data)) continue;
        seen.add(data);
        for (const [layerName, features] of data.data) {
          for (const f of features) {
            const s = this.drawnColours.drawn.get(f);
            out.push({ id: this.idOf(f.props), props: f.props, layerName, fill: s ? (s.fillColor ?? s.color) : null });
          }
        }
      }
    }
    return out;
  },

  /** The feature under a point, topmost first: {id, props} or null. Polygons contain it, points and lines lie within `brush` px. */
  featureAt(latlng, brush = 6) {
    const found = this.queryTileFeaturesDebug(latlng.lng, latlng.lat, brush);
    for (const hits of found.values()) {
      for (let i = hits.length - 1; i >= 0; i--) {
        const id = this.idOf(hits[i].feature.props);
        if (id !== undefined && id !== null) return { id, props: hits[i].feature.props };
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

function tileKey(t) { return `${t.x}:${t.y}:${t.z}`; }

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
