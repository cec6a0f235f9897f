// The only module that talks HTTP. Every failure becomes an ApiError carrying the server's
// problem+json `detail` so panels can show it as-is. Sign-in is isolated here: an editor's
// credentials go out as HTTP Basic on write calls, and the CSRF token from cookie XSRF-TOKEN
// goes out in X-XSRF-TOKEN (the security contract for cookie-session clients).

export class ApiError extends Error {
  constructor(status, detail, where) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.where = where;
  }
}

let credentials = null; // {user, basic}

export function signedInUser() { return credentials?.user ?? null; }

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : null;
}

async function request(method, path, { body, json = true, accept = 'application/json', write = false } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined && !(body instanceof URLSearchParams)) headers['Content-Type'] = 'application/json';
  if (write || method !== 'GET') {
    const token = csrfToken();
    if (token) headers['X-XSRF-TOKEN'] = token;
    if (credentials) headers.Authorization = 'Basic ' + credentials.basic;
  }
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : (body instanceof URLSearchParams ? body : JSON.stringify(body)),
    });
  } catch (e) {
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

const enc = encodeURIComponent;

export const api = {
  config: () => request('GET', '/api/config/map'),
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
  compare: (a, b) => request('GET', `/api/compare?a=${enc(a)}&b=${enc(b)}`),
  intersects: (query) => request('POST', '/api/query/intersects', { body: query }),
  tileJson: (collection) => request('GET', `/tiles/${enc(collection)}.json`),
  exportSelection: async (format, query) => {
    const res = await request('POST', `/api/export?format=${enc(format)}`, { body: query, json: false, accept: '*/*' });
    const cd = res.headers.get('Content-Disposition') || '';
    const m = cd.match(/filename="?([^";]+)"?/);
    return { blob: await res.blob(), filename: m ? m[1] : null };
  },
};

/**
 * Signs an editor in. With a form login at POST /login (Spring Security) the session cookie is
 * what counts; without one, the Basic credentials kept here are sent on every write call.
 */
export async function signIn(user, password) {
  const basic = btoa(unescape(encodeURIComponent(`${user}:${password}`)));
  const form = new URLSearchParams({ username: user, password });
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const token = csrfToken();
  if (token) headers['X-XSRF-TOKEN'] = token;
  let res = null;
  try {
    res = await fetch('/login', { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, null);
  }
  if (res.status === 401 || res.status === 403 || /[?&]error/.test(res.url)) {
    throw new ApiError(res.status || 401, null);
  }
  credentials = { user, basic };
  return user;
}

export async function signOut() {
  credentials = null;
  try {
    const headers = {};
    const token = csrfToken();
    if (token) headers['X-XSRF-TOKEN'] = token;
    await fetch('/logout', { method: 'POST', headers, credentials: 'same-origin' });
  } catch (e) { /* signing out locally is enough when the server is gone */ }
}
