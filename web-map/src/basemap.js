// The context basemap drawn from Infill's own vector tiles when no external basemap is configured
// (issue 16 part 2): water and green from zoning, building footprints and streets, in muted
// colours under the thematic layers. It needs nothing but the service, so it works offline; PDOK
// BRT and OpenStreetMap stay options (?basemap=, GET /api/config/map, see map.js).
import { api } from './api.js';
import { absolute, layerNames, withProperties } from './layers.js';
import { vectorTileLayer } from './vectortiles.js';

// Muted on purpose: the basemap orients, the thematic layers above it carry the colour.
const LAND = '#f2efe9';
const WATER = '#c6dcea';
const GREEN = '#dde8cf';
const BUILDING = '#d6d1c9';
const STREET = '#ffffff';
const STREET_CASING = '#cfc8bd';
// OpenMapTiles/OSM street classes (what the presets load) to line widths in pixels
const WIDTH = { motorway: 4, trunk: 4, primary: 3.5, secondary: 3, tertiary: 2.5, minor: 2, service: 1.2, path: 0.8 };

/** Zoning functions drawn as water or green; other zones leave the land colour. */
const AREA_FILL = { water: WATER, groen: GREEN, sport: GREEN };

// Styles are built once and shared (a paint styles every feature; see vectortiles.js).
const AREA_STYLE = Object.fromEntries(Object.entries(AREA_FILL)
  .map(([fn, fill]) => [fn, { fill: true, fillColor: fill, fillOpacity: 1, stroke: false, weight: 0 }]));
const BUILDING_STYLE = { fill: true, fillColor: BUILDING, fillOpacity: 1, color: '#bdb6ab', weight: 0.4, opacity: 1 };
const NOTHING = [];
const streetStyles = new Map();

// two passes (casing, then the street) read as a road at every zoom
function streetStyle(cls, z) {
  const band = z >= 16 ? 1.6 : z >= 14 ? 1 : 0.6;
  const key = `${cls} ${band}`;
  let s = streetStyles.get(key);
  if (!s) {
    const w = (WIDTH[cls] ?? 1.5) * band;
    s = cls === 'path'
      ? { color: STREET_CASING, weight: Math.max(0.6, w * 0.6), opacity: 1, dashArray: '2 2' }
      : [{ color: STREET_CASING, weight: w + 1.2, opacity: 1 }, { color: STREET, weight: w, opacity: 1 }];
    streetStyles.set(key, s);
  }
  return s;
}

// `properties`: the attributes the part is styled by, all its tiles need to carry (the service's
// ?properties=). Footprints without attributes are half the bytes and a third of the decoding of
// the buildings' tiles, the basemap's heaviest part (docs/benchmarks.md).
const PARTS = [
  { collection: 'zoning', properties: ['function'], style: (p) => AREA_STYLE[p.function] ?? NOTHING },
  { collection: 'buildings', properties: [], minZoom: 14, style: () => BUILDING_STYLE },
  { collection: 'streets', properties: ['class'], passes: 2, style: (p, z) => streetStyle(p.class, z) },
];

/**
 * Adds the own-data basemap to the map in a pane under the thematic layers. Resolves to the
 * Leaflet layers added (a collection the service does not serve is left out without an error:
 * a city without zoning still gets its streets and buildings).
 */
export async function addOwnBasemap(map) {
  const pane = map.getPane('infillBase') ?? map.createPane('infillBase');
  pane.style.zIndex = 250; // above Leaflet's tile pane (200), under the overlays (400)
  pane.style.pointerEvents = 'none';
  map.getContainer().style.background = LAND;
  const built = await Promise.all(PARTS.map(async (part, i) => {
    let tj;
    try {
      tj = await api.tileJson(part.collection);
    } catch (e) {
      if (e.status === 404) return null;
      throw e;
    }
    const layer = vectorTileLayer(withProperties(absolute(tj.tiles[0]), part.properties, tj), {
      layerNames: layerNames(tj, part.collection), style: part.style, passes: part.passes ?? 1, pane: 'infillBase',
      idOf: (p) => p.id, minZoom: part.minZoom ?? tj.minzoom ?? 0, maxDataZoom: tj.maxzoom ?? 18, zIndex: i + 1,
    });
    layer.basemapPart = part.collection;
    layer.drawn$ = firstDrawn(map, layer);
    layer.addTo(map);
    return layer;
  }));
  const layers = built.filter(Boolean);
  // 'infill-basemap': the basemap's tiles on screen are drawn (the first-view benchmark reports it)
  Promise.all(layers.map((l) => l.drawn$)).then(() => performance.mark('infill-basemap'));
  return layers;
}

/** Resolves when the layer's first tiles are drawn, at once when the zoom shows none of them. */
function firstDrawn(map, layer) {
  if (map.getZoom() < layer.options.minZoom) return Promise.resolve();
  return new Promise((resolve) => {
    layer.once('load', resolve);
    setTimeout(resolve, 10000);
  });
}
