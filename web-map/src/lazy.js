// The libraries the first view does not draw with, loaded when first used: Chart.js (the parcel
// panel's bars, the neighbourhood charts, the report) and Leaflet-Geoman (drawing a selection).
// Together they are 500 kB of script; loaded with the page, the browser parsed and ran them before
// our modules could start, on the main thread the first view's tiles are decoded and painted on
// (docs/benchmarks.md, "Flat decoding, libraries on first use"). Once the first view is drawn
// they are fetched in idle time (loadSoon), so a first click rarely waits for them.
import { showError } from './panels/messages.js';

const loading = new Map();

/** Adds a <script> (or <link rel=stylesheet>) once; resolves when it has loaded. */
function load(tag, url) {
  if (!loading.has(url)) {
    loading.set(url, new Promise((resolve, reject) => {
      const el = document.createElement(tag);
      if (tag === 'link') {
        el.rel = 'stylesheet';
        el.href = url;
      } else {
        el.src = url;
      }
      el.onload = () => resolve();
      el.onerror = () => {
        loading.delete(url); // asked again next time
        el.remove();
        reject(new Error(`${url} could not be loaded`));
      };
      document.head.append(el);
    }));
  }
  return loading.get(url);
}

const CHART_JS = 'vendor/chartjs/chart.umd.min.js';

/**
 * Chart.js's global Chart, loaded on first use; null when it cannot be loaded (said once in the
 * messages): the panels then show their numbers without the bars, rather than nothing.
 */
export async function chartJs() {
  try {
    await load('script', CHART_JS);
    return window.Chart;
  } catch (e) {
    if (!chartFailureShown) showError(e);
    chartFailureShown = true;
    return null;
  }
}
let chartFailureShown = false;

/**
 * Leaflet-Geoman for this map: map.pm. Geoman gives a map its `pm` in an init hook of L.Map, which
 * a map made before the script ran did not get, so it is made here as that hook would.
 */
export async function geoman(map) {
  await Promise.all([load('script', 'vendor/leaflet-geoman/leaflet-geoman.min.js'),
    load('link', 'vendor/leaflet-geoman/leaflet-geoman.css')]);
  if (!map.pm) {
    map.pm = new L.PM.Map(map);
    map.pm.setGlobalOptions({});
  }
  return map.pm;
}

/** Fetches both libraries when the browser is idle (after the first view). */
export function loadSoon(map) {
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));
  idle(() => {
    load('script', CHART_JS).catch(() => { /* reported when used */ });
    geoman(map).catch(() => { /* reported when used */ });
  }, { timeout: 5000 });
}
