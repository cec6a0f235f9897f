// The first view's API requests, started as soon as the page's head is parsed. The modules start
// them only once every script is fetched and evaluated (about 400 ms into the page on the sample
// city), and the results layer's TileJSON waited for the scenario list after that. api.js takes
// each early answer once (earlyResponse); any later request of the same path is an ordinary one.
// A classic script without imports, so that it runs before the module graph is even fetched.
(function boot() {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  const get = (path) => fetch(path, { headers, credentials: 'same-origin' });
  const early = new Map();
  for (const path of ['/api/config/map', '/api/presentation', '/api/layers', '/api/scenarios', '/api/session']) {
    early.set(path, get(path));
  }
  // The scenario the page opens (the URL's, else the default; app.js chooses the same way) and
  // its results' TileJSON, which the default layer (score) draws.
  const q = new URLSearchParams(window.location.search);
  const h = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const wanted = h.get('scenario') ?? q.get('scenario');
  // Kept under 'results' from the start (api.js may ask before the scenario list is in): a
  // promise of {path, res}, or null when there is no scenario.
  early.set('results', early.get('/api/scenarios')
    .then((res) => (res.ok ? res.clone().json() : []))
    .then((list) => {
      const s = list.find((x) => x.slug === wanted) ?? list.find((x) => x.isDefault) ?? list[0];
      if (!s?.slug) return null;
      const path = `/tiles/results-${encodeURIComponent(s.slug)}.json`;
      return { path, res: get(path) };
    })
    .catch(() => null)); // the page asks again, and reports what fails
  // The own basemap's TileJSONs (basemap.js), when the page will draw it: no ?basemap= other than
  // 'own', and no external basemap in the map configuration (map.js resolveBasemap decides alike).
  const basemap = h.get('basemap') ?? q.get('basemap');
  const ownBasemap = () => {
    for (const c of ['zoning', 'buildings', 'streets']) early.set(`/tiles/${c}.json`, get(`/tiles/${c}.json`));
  };
  if (basemap === 'own') {
    ownBasemap();
  } else if (basemap === null) {
    early.get('/api/config/map')
      .then((res) => (res.ok ? res.clone().json() : {}))
      .then((config) => { if (!config.basemap || config.basemap === 'own') ownBasemap(); })
      .catch(() => { /* the page asks again */ });
  }
  window.infillEarly = early;
}());
