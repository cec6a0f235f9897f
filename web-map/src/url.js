// The shareable part of the state lives in the URL hash:
// #map=zoom/lat/lon&layers=score,zoning&scenario=slug&lang=en
// (query parameters are read too, so ?basemap=... and ?scenario=... links work).
// parseState and formatHash are pure (node:test checks them, test/url.test.mjs); readUrl and
// writeUrl apply them to the page's address.

/** The state in a query string and a hash (each with or without its leading ? or #); the hash wins. */
export function parseState(search, hash) {
  const q = new URLSearchParams(search.replace(/^\?/, ''));
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  const get = (k) => h.get(k) ?? q.get(k);
  // the basemap is a query parameter first: a link chooses it, the map does not write it back
  const out = { scenario: get('scenario'), lang: get('lang'), basemap: q.get('basemap') ?? h.get('basemap') };
  const m = (get('map') ?? '').split('/').map((v) => (v.trim() === '' ? NaN : Number(v)));
  if (m.length === 3 && m.every(Number.isFinite)) out.view = { zoom: m[0], lat: m[1], lon: m[2] };
  const layers = get('layers');
  if (layers !== null) out.layers = layers.split(',').filter(Boolean);
  return out;
}

/**
 * The hash for a state: the view to 5 decimals (about a metre), Dutch (the default) left out,
 * slashes and commas kept readable.
 */
export function formatHash(state) {
  const h = new URLSearchParams();
  if (state.view) {
    const { zoom, lat, lon } = state.view;
    h.set('map', `${Number(zoom.toFixed(2))}/${lat.toFixed(5)}/${lon.toFixed(5)}`);
  }
  if (state.layers) h.set('layers', state.layers.join(','));
  if (state.scenario) h.set('scenario', state.scenario);
  if (state.lang && state.lang !== 'nl') h.set('lang', state.lang);
  return '#' + h.toString().replace(/%2F/g, '/').replace(/%2C/g, ',');
}

export function readUrl() {
  return parseState(window.location.search, window.location.hash);
}

let current = {};

export function writeUrl(patch) {
  current = { ...current, ...patch };
  const hash = formatHash(current);
  if (hash !== window.location.hash) history.replaceState(null, '', hash);
}
