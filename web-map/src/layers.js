// The thematic layers, defined by the service's presentation source (presentation.js). Tiles come from the collection's TileJSON, whose `tiles` URL carries the
// data version (?v=), so a new run or load means new URLs and never a stale cached tile.
// With a GeoServer WMS configured (GET /api/config/map) the same layers come as WMS instead.
import { api } from './api.js';
import { fmt, currentLang } from './i18n.js';
import { mapLayers, classOf, text } from './presentation.js';
import { CRITERIA, normaliseWeights, previewFeature, scaledProperty } from './score.js';
import { vectorTileLayer, onFeatureClick } from './vectortiles.js';

const NO_CLASS = '#e0e0e0';

/**
 * The map's layers, made from the presentation source by initLayers(): which collection each
 * draws, its title, how a feature is coloured and the legend that says so. `collection(slug)`
 * returns null when the layer needs a scenario and none is chosen.
 */
export let LAYERS = [];

// Live re-weighting: while weight sliders move, the layers coloured by the score draw each
// parcel's score as score.js computes it from the scaled criteria in the tile and these weights
// (normalised). null: the service's stored results, as the tiles carry them.
let previewWeights = null;

/** Sets (raw weights, normalised here) or clears (null) the preview the score layers draw. */
export function setPreviewWeights(raw) {
  previewWeights = raw ? normaliseWeights(raw) : null;
}

export function previewing() { return previewWeights !== null; }

function isWeighted(l) {
  return l.source === 'results' && (l.property === 'score' || l.property === 'score_class');
}

/** The feature's properties as a layer colours them: the preview's score and class when one is set. */
function shown(l, p) {
  if (!previewWeights || !isWeighted(l)) return p;
  const f = previewFeature(p, previewWeights);
  if (!f) return p;
  return { [l.property]: l.property === 'score' ? f.score : f.scoreClass };
}

export function initLayers() {
  LAYERS = mapLayers().map((l) => ({
    id: l.id,
    // coloured by the score: these follow the weight sliders live
    weighted: isWeighted(l),
    // the attributes its tiles must carry: the feature's id, what it is coloured by, and for the
    // live preview whether the parcel is excluded (the scaled criteria come beside the tile)
    properties: [l.source === 'results' ? 'parcel_id' : 'id', l.property, ...(isWeighted(l) ? ['excluded'] : [])]
      .filter(Boolean),
    title: () => text(l.title),
    results: l.source === 'results' || l.source === 'neighbourhood-results',
    defaultOn: l.id === 'score',
    collection: (slug) => (l.source === 'results' ? slug && `results-${slug}`
      : l.source === 'neighbourhood-results' ? slug && `neighbourhood-results-${slug}` : l.source),
    // one shared style object per colour: tens of thousands of parcels are styled per paint
    style: memoByColour((colour) => symbol(l, colour), (p) => classOf(l, shown(l, p))?.colour ?? NO_CLASS),
    legend: () => l.classes.map((c) => [c.colour, text(c.label)]),
  }));
  return LAYERS;
}

function symbol(l, colour) {
  const s = l.symbol;
  if (s.type === 'point') {
    return { radius: (s.size ?? 10) / 2, fill: true, fillColor: colour, fillOpacity: 1, color: s.stroke ?? '#fff', weight: 1.5 };
  }
  return poly(colour, s.fillOpacity ?? 0.75, s.stroke ?? '#555', s.strokeWidth ?? 0.5);
}

function memoByColour(make, colourOf) {
  const byColour = new Map();
  return (p) => {
    const colour = colourOf(p);
    let s = byColour.get(colour);
    if (!s) {
      s = make(colour);
      byColour.set(colour, s);
    }
    return s;
  };
}

// Parcel outlines would turn a whole-city view into grey noise: they fade in as one zooms in.
// The faded variants are made once per style and zoom band (shared objects, see memoByColour).
const faded = new WeakMap();
function outline(style, zoom) {
  if (style.radius || style.weight > 1 || zoom >= 17) return style;
  const band = zoom >= 15 ? 'thin' : 'none';
  let variants = faded.get(style);
  if (!variants) {
    variants = {};
    faded.set(style, variants);
  }
  variants[band] ??= { ...style, weight: band === 'thin' ? 0.3 : 0, opacity: 0.5 };
  return variants[band];
}

function poly(fill, fillOpacity = 0.75, stroke = '#555', weight = 0.5) {
  return { fill: true, fillColor: fill, fillOpacity, color: stroke, weight, opacity: 0.8 };
}

// Drawing order regardless of the order layers are switched on: areas under parcels, buildings on top.
const Z_ORDER = ['zoning', 'nbh65', 'nbhFit', 'score', 'capacity', 'walkGp', 'buildings', 'amenities'];

export function byId(id) { return LAYERS.find((l) => l.id === id); }

/**
 * Builds the Leaflet layer for a definition: vector tiles from the TileJSON (vectortiles.js), or WMS.
 * Resolves to {layer, version, tileUrl}; rejects with the API error when the collection is not served.
 */
export async function buildLayer(def, slug, { wms, onParcelClick, map }) {
  const collection = def.collection(slug);
  if (!collection) return null;
  if (wms) return buildWms(def, collection, wms);
  const tj = await api.tileJson(collection);
  const url = withProperties(absolute(tj.tiles[0]), def.properties, tj);
  const layer = vectorTileLayer(url, {
    layerNames: layerNames(tj, collection),
    // the clicked parcel keeps its outline through a restyle (live re-weighting recolours it too)
    style: (props, zoom) => {
      const s = outline(def.style(props), zoom);
      return layer.highlighted !== undefined && layer.idOf(props) === layer.highlighted
        ? { ...s, color: '#0b2e4f', weight: 3, opacity: 1 } : s;
    },
    minZoom: tj.minzoom ?? 0,
    maxDataZoom: tj.maxzoom ?? 18,
    pane: def.id === 'amenities' ? 'infillPoints' : 'overlayPane',
    zIndex: Z_ORDER.indexOf(def.id) + 1,
    // the scaled criteria live re-weighting needs come beside each tile (the TileJSON says where),
    // fetched once a slider moves
    side: def.weighted && tj.criteria ? { url: absolute(tj.criteria), wanted: previewing, apply: mergeCriteria } : null,
  });
  if (def.results && onParcelClick && def.id !== 'nbhFit' && map) {
    onFeatureClick(map, layer, (id) => {
      layer.highlighted = id;
      layer.repaint();
      onParcelClick(id);
    });
  }
  return { layer, version: versionOf(url, tj), tileUrl: url };
}

/**
 * Merges a results tile's side channel ([[parcel_id, excluded, exclusion_reason, v_1 .. v_7], ...],
 * GET /tiles/results-{slug}/{z}/{x}/{y}.criteria) into its features' props as v_<criterion>, the
 * names score.js reads. A criterion the service left NULL stays absent, as it would in a tile.
 */
function mergeCriteria(features, rows) {
  const byId = new Map(rows.map((r) => [r[0], r]));
  for (const f of features) {
    const r = byId.get(f.props.parcel_id);
    if (!r) continue;
    CRITERIA.forEach((c, k) => {
      if (r[3 + k] !== null) f.props[scaledProperty(c)] = r[3 + k];
    });
  }
}

/**
 * A tile URL template that asks only for these attributes (?properties=): a whole-city view of the
 * score decodes 30,000 parcels, and every attribute it does not draw costs decoding on the main
 * thread. Unchanged when the TileJSON does not list one of them (the service would refuse it).
 */
export function withProperties(url, properties, tj) {
  const fields = new Set((tj?.vector_layers ?? []).flatMap((v) => Object.keys(v.fields ?? {})));
  if (!tj || !properties.every((p) => fields.has(p))) return url;
  return `${url}${url.includes('?') ? '&' : '?'}properties=${properties.map(encodeURIComponent).join(',')}`;
}

/** The layer names a collection's tiles carry (the TileJSON's, and the names the service has used). */
export function layerNames(tj, collection) {
  return [...new Set([...(tj.vector_layers ?? []).map((v) => v.id), collection, collection.replace(/-/g, '_')])];
}

/**
 * Recolours a vector tile layer from the tiles it holds with its current style (live
 * re-weighting): no tile is fetched. Resolves when the tiles on screen are painted again, to the
 * number of tiles painted.
 */
export function restyle(layer) {
  return layer?.repaint ? layer.repaint() : Promise.resolve(0);
}

function buildWms(def, collection, wms) {
  const key = `${def.id} ${collection}`;
  const name = wms.layers[key];
  if (!name) throw Object.assign(new Error(`no WMS layer for ${key}`), { status: 404 });
  // Each map layer asks for its own published style: capacity and walk-to-GP share the results' layer.
  const style = wms.styles[key] ?? '';
  const layer = L.tileLayer.wms(wms.url, {
    layers: name, styles: style, format: 'image/png', transparent: true, version: '1.3.0',
    pane: def.id === 'amenities' ? 'infillPoints' : 'overlayPane',
    zIndex: Z_ORDER.indexOf(def.id) + 1,
  });
  layer.wmsName = name;
  return { layer, version: null, tileUrl: wms.url };
}

// Not through new URL(): it would percent-encode the {z}/{x}/{y} placeholders.
export function absolute(u) { return /^https?:\/\//.test(u) ? u : window.location.origin + (u.startsWith('/') ? '' : '/') + u; }

function versionOf(url, tj) {
  const m = url.match(/[?&]v=([^&]+)/);
  return m ? decodeURIComponent(m[1]) : (tj.version ?? null);
}

/** Legend items of a presentation source layer (colour swatch and label). */
export function legendOf(l) {
  return legendHtml({ legend: () => l.classes.map((c) => [c.colour, text(c.label)]) });
}

export function legendHtml(def, legendUrl = null) {
  return def.legend().map(([colour, label]) =>
    `<li data-colour="${colour}"><span class="swatch" style="background:${colour}" aria-hidden="true"></span>${escapeHtml(label)}</li>`).join('')
    + (legendUrl ? `<li class="wms-legend"><img src="${escapeHtml(legendUrl)}" alt="" data-layer="${def.id}"></li>` : '');
}

/**
 * WMS mode: GeoServer's GetLegendGraphic for the layer and style that draw `def`, in the page's
 * language (the SLD titles carry Dutch and English); null without WMS or without a scenario.
 */
export function wmsLegendUrl(def, slug, wms) {
  const collection = wms && def.collection(slug);
  const key = collection && `${def.id} ${collection}`;
  if (!key || !wms.layers[key]) return null;
  const q = new URLSearchParams({
    service: 'WMS', version: '1.3.0', request: 'GetLegendGraphic', format: 'image/png',
    layer: wms.layers[key], style: wms.styles[key] ?? '', LANGUAGE: currentLang(),
  });
  return `${wms.url}${wms.url.includes('?') ? '&' : '?'}${q}`;
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export { fmt };
