// The only module that talks HTTP. Every failure becomes an ApiError carrying the server's
// problem+json `detail` so panels can show it as-is. Sign-in is isolated here: an editor's
// credentials go out as HTTP Basic on write calls, and the CSRF token handed out by GET /api/session
// (bound to the server-side session) goes out in X-XSRF-TOKEN on every non-GET request (the
// security contract for cookie-session clients, docs/security.md).

export class ApiError extends Error {
  constructor(status, detail, where) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.where = where;
  }
}

// Signed-in state. `basic` is only used against a service without the session endpoint
// (security not configured): then the editor's credentials go out as HTTP Basic on writes.
let credentials = null; // {user, roles, basic?}

export function signedInUser() { return credentials?.user ?? null; }

// The session's CSRF token and the header it goes in, from GET /api/session; renewed by the server
// at sign-in and sign-out, so fetched again after both.
let csrf = null; // {token, header}

function csrfToken() { return csrf?.token ?? null; }

async function refreshCsrf() {
  try {
    const res = await fetch('/api/session', { headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' }, credentials: 'same-origin' });
    if (!res.ok) return null;
    const s = await res.json();
    csrf = s?.csrf ? { token: s.csrf, header: s.csrfHeader || 'X-XSRF-TOKEN' } : null;
    return s;
  } catch (e) {
    return null;
  }
}

async function request(method, path, options = {}) {
  try {
    return await send(method, path, options);
  } catch (e) {
    // The session (and its token) may have expired meanwhile: fetch a fresh token once and retry.
    if (e.status === 403 && e.where === 'X-XSRF-TOKEN' && method !== 'GET') {
      await refreshCsrf();
      return send(method, path, options);
    }
    throw e;
  }
}

async function send(method, path, { body, json = true, accept = 'application/json', write = false, signal } = {}) {
  // X-Requested-With: a 401 then carries no Basic challenge, so the browser shows no password dialog
  const headers = { Accept: accept, 'X-Requested-With': 'XMLHttpRequest' };
  const raw = body instanceof URLSearchParams || (typeof FormData !== 'undefined' && body instanceof FormData);
  // a FormData body sets its own multipart Content-Type (with the boundary)
  if (body !== undefined && !raw) headers['Content-Type'] = 'application/json';
  if (write || method !== 'GET') {
    if (method !== 'GET' && !csrf) await refreshCsrf();
    const token = csrfToken();
    if (token) headers[csrf.header] = token;
    if (credentials?.basic) headers.Authorization = 'Basic ' + credentials.basic;
  }
  let res;
  try {
    const early = method === 'GET' && accept === 'application/json' ? await earlyResponse(path) : null;
    res = early ?? await fetch(path, {
      method, headers, credentials: 'same-origin', signal,
      body: body === undefined ? undefined : (raw ? body : JSON.stringify(body)),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e; // the caller gave up on it: not a failure to report
    throw new ApiError(0, null);
  }
  if (!res.ok) {
    let detail = null; let where = null;
    try {
      const p = await res.json();
      detail = p.detail || p.title || null;
      where = p.where || null;
    } catch (e) { /* a body that is not problem+json: keep the status only */ }
    throw new ApiError(res.status, detail || `HTTP ${res.status}`, where);
  }
  if (!json) return res;
  if (res.status === 204) return null;
  return res.json();
}

/**
 * The answer boot.js started for this GET before the modules ran, taken once: a promise of the
 * response, or of null (then the caller fetches), or null. The results TileJSON is known only once
 * the scenario list is in: boot.js keeps it under 'results' as a promise of {path, res}.
 */
function earlyResponse(path) {
  const early = globalThis.infillEarly;
  if (!early) return null;
  const res = early.get(path);
  if (res) {
    early.delete(path);
    return res;
  }
  const results = /^\/tiles\/results-[^/]+\.json$/.test(path) ? early.get('results') : null;
  if (!results) return null;
  early.delete('results');
  return results.then((e) => (e && e.path === path ? e.res : null));
}

const enc = encodeURIComponent;

export const api = {
  config: () => request('GET', '/api/config/map'),
  presentation: () => request('GET', '/api/presentation'),
  layers: () => request('GET', '/api/layers'),
  scenarios: () => request('GET', '/api/scenarios'),
  scenario: (slug) => request('GET', `/api/scenarios/${enc(slug)}`),
  createScenario: (s) => request('POST', '/api/scenarios', { body: s }),
  updateScenario: (slug, s) => request('PUT', `/api/scenarios/${enc(slug)}`, { body: s }),
  feature: (collection, id) => request('GET', `/ogc/collections/${enc(collection)}/items/${enc(id)}`, { accept: 'application/geo+json' }),
  startRun: async (slug, overrides) => {
    const res = await request('POST', `/api/scenarios/${enc(slug)}/runs`, { body: overrides ?? {}, json: false });
    const loc = res.headers.get('Location');
    const run = res.status === 204 ? null : await res.json().catch(() => null);
    return { location: loc, run };
  },
  run: (idOrLocation) => request('GET', String(idOrLocation).startsWith('/') ? idOrLocation : `/api/runs/${enc(idOrLocation)}`),
  parcel: (slug, id) => request('GET', `/api/scenarios/${enc(slug)}/parcels/${enc(id)}`),
  neighbourhoods: (slug) => request('GET', `/api/scenarios/${enc(slug)}/neighbourhoods`),
  /** Parcels per score class per neighbourhood for raw weights {criterion: weight} (a preview, nothing saved). */
  neighbourhoodClasses: (slug, weights, { signal } = {}) => request('GET', `/api/scenarios/${enc(slug)}/neighbourhoods/classes?${
    new URLSearchParams(Object.entries(weights).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)))}`, { signal }),
  compare: (a, b, limit = 100, offset = 0) => request('GET', `/api/compare?a=${enc(a)}&b=${enc(b)}&limit=${limit}&offset=${offset}`),
  intersects: (query) => request('POST', '/api/query/intersects', { body: query }),
  // loads and harvests (role editor): both answer the load report, GET /api/loads/{id} follows it
  load: (layer, form) => request('POST', `/api/layers/${enc(layer)}/loads`, { body: form }),
  harvest: (layer, body) => request('POST', `/api/layers/${enc(layer)}/harvests`, { body }),
  loadReport: (id) => request('GET', `/api/loads/${enc(id)}`),
  tileJson: (collection) => request('GET', `/tiles/${enc(collection)}.json`),
  exportSelection: async (format, query) => {
    const res = await request('POST', `/api/export?format=${enc(format)}`, { body: query, json: false, accept: '*/*' });
    const cd = res.headers.get('Content-Disposition') || '';
    const m = cd.match(/filename="?([^";]+)"?/);
    return { blob: await res.blob(), filename: m ? m[1] : null };
  },
};

/**
 * The security feature's session protocol (docs/security.md): GET /api/session gives the user and
 * the session's CSRF token; POST /api/session {username, password} with X-XSRF-TOKEN signs in
 * (new session and token); DELETE /api/session signs out (new token). Resolves to the user or null.
 */
export async function loadSession() {
  try {
    const s = await request('GET', '/api/session');
    csrf = s?.csrf ? { token: s.csrf, header: s.csrfHeader || 'X-XSRF-TOKEN' } : null;
    credentials = s?.user ? { user: s.user, roles: s.roles ?? [] } : null;
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  return signedInUser();
}

export async function signIn(user, password) {
  try {
    if (!csrf) await refreshCsrf();
    await request('POST', '/api/session', { body: { username: user, password }, json: false });
    credentials = { user, roles: [] };
    await loadSession().catch(() => null);
  } catch (e) {
    if (e.status !== 404) throw e;
    // no session endpoint: a service without security; keep Basic credentials for writes
    credentials = { user, roles: [], basic: btoa(unescape(encodeURIComponent(`${user}:${password}`))) };
  }
  return user;
}

export async function signOut() {
  const hadSession = credentials && !credentials.basic;
  credentials = null;
  if (hadSession) {
    try {
      await request('DELETE', '/api/session', { json: false });
    } catch (e) { /* signed out locally; the session expires on its own */ }
    await refreshCsrf(); // the server renewed the token at sign-out
  }
}
