// The shareable part of the state lives in the URL hash:
// #map=zoom/lat/lon&layers=score,zoning&scenario=slug&lang=en
// (query parameters are read too, so ?basemap=... and ?scenario=... links work).

export function readUrl() {
  const q = new URLSearchParams(window.location.search);
  const h = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const get = (k) => h.get(k) ?? q.get(k);
  const out = { scenario: get('scenario'), lang: get('lang'), basemap: q.get('basemap') ?? h.get('basemap') };
  const m = (get('map') ?? '').split('/').map(Number);
  if (m.length === 3 && m.every(Number.isFinite)) out.view = { zoom: m[0], lat: m[1], lon: m[2] };
  const layers = get('layers');
  if (layers !== null) out.layers = layers.split(',').filter(Boolean);
  return out;
}

let current = {};

export function writeUrl(patch) {
  current = { ...current, ...patch };
  const h = new URLSearchParams();
  if (current.view) {
    const { zoom, lat, lon } = current.view;
    h.set('map', `${zoom}/${lat.toFixed(5)}/${lon.toFixed(5)}`);
  }
  if (current.layers) h.set('layers', current.layers.join(','));
  if (current.scenario) h.set('scenario', current.scenario);
  if (current.lang && current.lang !== 'nl') h.set('lang', current.lang);
  const hash = '#' + h.toString().replace(/%2F/g, '/').replace(/%2C/g, ',');
  if (hash !== window.location.hash) history.replaceState(null, '', hash);
}
