// The thematic layers: which collection each one draws, how a feature is coloured, and the
// legend that says so. Tiles come from the collection's TileJSON, whose `tiles` URL carries the
// data version (?v=), so a new run or load means new URLs and never a stale cached tile.
// With a GeoServer WMS configured (GET /api/config/map) the same layers come as WMS instead.
import { api } from './api.js';
import { t, fmt } from './i18n.js';

const CLASS_COLOURS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
const EXCLUDED = '#9e9e9e';

const ramp = (breaks, colours) => (v) => {
  if (v === null || v === undefined) return null;
  for (let i = 0; i < breaks.length; i++) if (v < breaks[i]) return colours[i];
  return colours[colours.length - 1];
};

const capacityColour = ramp([0.5, 2, 5, 20], ['#f7fcf5', '#c7e9c0', '#74c476', '#31a354', '#006d2c']);
const decadeColour = ramp([1960, 1970, 1980, 1990, 2000, 2010],
  ['#542788', '#8073ac', '#b2abd2', '#fdb863', '#e08214', '#b35806', '#7f3b08']);
const walkColour = ramp([400, 800, 1200], ['#1a9850', '#a6d96a', '#fdae61', '#d73027']);
const pop65Colour = ramp([10, 15, 20, 25, 30], ['#f2f0f7', '#dadaeb', '#bcbddc', '#9e9ac8', '#756bb1', '#54278f']);
const FIT_COLOURS = ['#edf8fb', '#b3cde3', '#8c96c6', '#8856a7', '#810f7c'];
// The ageing fit has no fixed scale (capacity near care and shops weighted by the 65+ share), so
// its classes are the quintiles of the current scenario's neighbourhoods (set by setFitValues).
let fitBreaks = [];

const fitLabel = (v) => fmt(v, Math.abs(fitBreaks[3]) >= 100 ? 0 : 2);

export function setFitValues(values) {
  const v = values.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  fitBreaks = v.length ? [0.2, 0.4, 0.6, 0.8].map((q) => v[Math.min(v.length - 1, Math.floor(q * v.length))]) : [];
}

const ZONING = {
  wonen: '#f4a582', gemengd: '#d6604d', centrum: '#b2182b', kantoor: '#92c5de', bedrijf: '#4393c3',
  maatschappelijk: '#c2a5cf', groen: '#a6dba0', water: '#67a9cf', verkeer: '#bababa', sport: '#5aae61',
};
const AMENITY = {
  gp: '#e41a1c', supermarket: '#377eb8', pharmacy: '#4daf4a', primary_school: '#984ea3',
  pt_stop: '#ff7f00', community_care: '#a65628',
};

const num = (p, k) => (p[k] === undefined || p[k] === null ? null : Number(p[k]));

/** Definitions; `collection(slug)` returns null when the layer needs a scenario and none is chosen. */
export const LAYERS = [
  {
    id: 'score', label: 'layer.score', results: true, defaultOn: true,
    collection: (slug) => slug && `results-${slug}`,
    style: (p) => {
      const c = num(p, 'score_class');
      const fill = p.excluded === true || p.excluded === 'true' || c === null ? EXCLUDED : CLASS_COLOURS[c - 1];
      return poly(fill);
    },
    legend: () => [1, 2, 3, 4, 5].map((c) => [CLASS_COLOURS[c - 1], t(`class.${c}`)]).concat([[EXCLUDED, t('class.excluded')]]),
  },
  {
    id: 'capacity', label: 'layer.capacity', results: true,
    collection: (slug) => slug && `results-${slug}`,
    style: (p) => poly(capacityColour(num(p, 'extra_dwellings') ?? 0)),
    legend: () => [['#f7fcf5', '0'], ['#c7e9c0', '< 2'], ['#74c476', '2 – 5'], ['#31a354', '5 – 20'], ['#006d2c', '≥ 20']],
  },
  {
    id: 'buildings', label: 'layer.buildings',
    collection: () => 'buildings',
    style: (p) => {
      const y = num(p, 'construction_year');
      return poly(y === null ? EXCLUDED : decadeColour(y), 0.85);
    },
    legend: () => [['#542788', '< 1960'], ['#8073ac', '1960–69'], ['#b2abd2', '1970–79'], ['#fdb863', '1980–89'],
      ['#e08214', '1990–99'], ['#b35806', '2000–09'], ['#7f3b08', '≥ 2010']],
  },
  {
    id: 'zoning', label: 'layer.zoning',
    collection: () => 'zoning',
    style: (p) => poly(ZONING[String(p.function ?? '').toLowerCase()] ?? '#e0e0e0', 0.6),
    legend: () => Object.entries(ZONING).map(([k, c]) => [c, k]).concat([['#e0e0e0', t('legend.other')]]),
  },
  {
    id: 'amenities', label: 'layer.amenities',
    collection: () => 'amenities',
    style: (p) => ({
      radius: 5, fill: true, fillColor: AMENITY[String(p.type ?? '').toLowerCase()] ?? '#666',
      fillOpacity: 1, color: '#fff', weight: 1.5,
    }),
    legend: () => Object.entries(AMENITY).map(([k, c]) => [c, t(`amenity.${k}`)]).concat([['#666', t('legend.other')]]),
  },
  {
    id: 'nbh65', label: 'layer.nbh65',
    collection: () => 'neighbourhoods',
    style: (p) => poly(pop65Colour(num(p, 'pop_65plus_pct')) ?? '#e0e0e0', 0.55, '#54278f', 1.2),
    legend: () => [['#f2f0f7', '< 10%'], ['#dadaeb', '10–15%'], ['#bcbddc', '15–20%'], ['#9e9ac8', '20–25%'],
      ['#756bb1', '25–30%'], ['#54278f', '≥ 30%']],
  },
  {
    id: 'nbhFit', label: 'layer.nbhFit', results: true,
    collection: (slug) => slug && `neighbourhood-results-${slug}`,
    style: (p) => poly(fitBreaks.length ? ramp(fitBreaks, FIT_COLOURS)(num(p, 'ageing_fit')) ?? '#e0e0e0' : '#e0e0e0', 0.6, '#810f7c', 1.2),
    legend: () => (fitBreaks.length
      ? FIT_COLOURS.map((c, i) => [c, i === 0 ? `< ${fitLabel(fitBreaks[0])}`
        : i === 4 ? `≥ ${fitLabel(fitBreaks[3])}` : `${fitLabel(fitBreaks[i - 1])} – ${fitLabel(fitBreaks[i])}`])
      : [['#e0e0e0', t('legend.unknown')]]),
  },
  {
    id: 'walkGp', label: 'layer.walkGp', results: true,
    collection: (slug) => slug && `results-${slug}`,
    style: (p) => poly(walkColour(num(p, 'walk_gp_m')) ?? EXCLUDED),
    legend: () => [['#1a9850', '< 400 m'], ['#a6d96a', '400–800 m'], ['#fdae61', '800–1.200 m'], ['#d73027', '≥ 1.200 m']],
  },
];

// Parcel outlines would turn a whole-city view into grey noise: they fade in as one zooms in.
function outline(style, zoom) {
  if (style.radius || style.weight > 1) return style;
  return zoom >= 17 ? style : { ...style, weight: zoom >= 15 ? 0.3 : 0, opacity: 0.5 };
}

function poly(fill, fillOpacity = 0.75, stroke = '#555', weight = 0.5) {
  return { fill: true, fillColor: fill, fillOpacity, color: stroke, weight, opacity: 0.8 };
}

// Drawing order regardless of the order layers are switched on: areas under parcels, buildings on top.
const Z_ORDER = ['zoning', 'nbh65', 'nbhFit', 'score', 'capacity', 'walkGp', 'buildings', 'amenities'];

export function byId(id) { return LAYERS.find((l) => l.id === id); }

/**
 * Builds the Leaflet layer for a definition: VectorGrid from the TileJSON, or WMS.
 * Resolves to {layer, version, tileUrl}; rejects with the API error when the collection is not served.
 */
export async function buildLayer(def, slug, { wms, onParcelClick }) {
  const collection = def.collection(slug);
  if (!collection) return null;
  if (wms) return buildWms(def, collection, wms);
  const tj = await api.tileJson(collection);
  const url = absolute(tj.tiles[0]);
  const names = (tj.vector_layers ?? []).map((v) => v.id);
  const styles = {};
  for (const n of new Set([...names, collection, def.collection(slug).replace(/-/g, '_')])) {
    styles[n] = (props, zoom) => outline(def.style(props), zoom);
  }
  const layer = L.vectorGrid.protobuf(url, {
    vectorTileLayerStyles: styles,
    rendererFactory: L.canvas.tile,
    interactive: Boolean(def.results && onParcelClick && def.id !== 'nbhFit'),
    getFeatureId: (f) => f.properties.parcel_id ?? f.properties.id,
    minZoom: tj.minzoom ?? 0,
    maxNativeZoom: tj.maxzoom ?? 18,
    maxZoom: 22,
    pane: def.id === 'amenities' ? 'infillPoints' : 'overlayPane',
    zIndex: Z_ORDER.indexOf(def.id) + 1,
  });
  if (layer.options.interactive) {
    layer.on('click', (e) => {
      const p = e.layer?.properties ?? {};
      const id = p.parcel_id ?? p.id;
      if (id === undefined) return;
      if (layer.highlighted !== undefined) layer.resetFeatureStyle(layer.highlighted);
      layer.setFeatureStyle(id, { ...def.style(p), color: '#0b2e4f', weight: 3, opacity: 1 });
      layer.highlighted = id;
      onParcelClick(id);
    });
  }
  return { layer, version: versionOf(url, tj), tileUrl: url };
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

export function legendHtml(def) {
  return def.legend().map(([colour, label]) =>
    `<li><span class="swatch" style="background:${colour}" aria-hidden="true"></span>${escapeHtml(label)}</li>`).join('');
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export { fmt };
