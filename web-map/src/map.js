// The Leaflet map: panes, the optional basemap and the view that the URL keeps.
import { writeUrl } from './url.js';
import { t } from './i18n.js';
import { addOwnBasemap } from './basemap.js';

// Fractional zooms (quarter steps): fitBounds fits the data snugly and a pinch stops where it
// stops; vectortiles.js hit-tests a click by latitude/longitude, so a click finds its parcel at
// any zoom (VectorGrid's did not at fractional zooms, which kept the map to whole zooms before).
export function createMap(el, { view, extent, basemap }) {
  const map = L.map(el, {
    zoomControl: true, preferCanvas: true, keyboard: true, minZoom: 9, maxZoom: 20, zoomSnap: 0.25,
    attributionControl: true,
  });
  map.createPane('infillPoints').style.zIndex = 450;
  map.createPane('infillSelection').style.zIndex = 460;
  map.attributionControl.setPrefix('Leaflet');
  el.setAttribute('aria-label', t('app.subtitle'));

  if (basemap?.url) {
    L.tileLayer(basemap.url, {
      attribution: basemap.attribution ?? '', maxZoom: 20, maxNativeZoom: basemap.maxZoom ?? 19,
    }).addTo(map);
    el.classList.add('with-basemap');
  } else if (basemap?.own) {
    // Not awaited: the first view does not wait for its background. Started once the thematic
    // layers have asked for their tiles (or when the first view is ready without any), so that the
    // browser's few connections to the service fetch the parcels' tiles first and the basemap's
    // 60-odd tiles after them.
    map.startOwnBasemap = () => {
      map.ownBasemap ??= addOwnBasemap(map).catch(() => []);
      return map.ownBasemap;
    };
    map.once('infill-layer-requested', map.startOwnBasemap);
  }
  if (view) {
    map.setView([view.lat, view.lon], view.zoom);
  } else if (extent) {
    const [minx, miny, maxx, maxy] = extent;
    map.fitBounds([[miny, minx], [maxy, maxx]], { padding: [10, 10] });
  } else {
    map.setView([52.0575, 4.493], 13); // Zoetermeer, the sample city's setting
  }
  const keep = () => {
    const c = map.getCenter();
    writeUrl({ view: { zoom: map.getZoom(), lat: c.lat, lon: c.lng } });
  };
  map.on('moveend', keep);
  keep();
  return map;
}

/**
 * The basemap to use: ?basemap= (URL template, "osm", "pdok", "own" or "none"), else the service's
 * map config, else the basemap from Infill's own data ({own: true}). "none" draws no background.
 */
export function resolveBasemap(urlValue, config) {
  const osm = { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' };
  const pdok = {
    url: 'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png',
    attribution: 'Kaartgegevens © Kadaster', maxZoom: 19,
  };
  const byName = (v) => {
    if (!v || v === 'none' || v === 'off') return null;
    if (v === 'own') return { own: true };
    if (v === 'osm') return osm;
    if (v === 'pdok') return pdok;
    if (/^https?:\/\/.+\{z\}.+\{x\}.+\{y\}/.test(v)) return { url: v, attribution: '' };
    return null;
  };
  if (urlValue !== null && urlValue !== undefined) return byName(urlValue);
  const b = config?.basemap;
  if (!b) return { own: true };
  if (typeof b === 'string') return byName(b);
  return b.url ? { url: b.url, attribution: b.attribution ?? '', maxZoom: b.maxZoom } : null;
}
