// Entry point: reads the URL, loads config, catalogue and scenarios in parallel, builds the map
// and the panels, and flags the first interactive view (window.infillReady, data-ready on
// <html>, performance mark 'infill-interactive') for tests and the benchmark.
import { api } from './api.js';
import { t, setLang, currentLang, applyI18n, onLangChange } from './i18n.js';
import { readUrl, writeUrl } from './url.js';
import { createMap, resolveBasemap } from './map.js';
import { escapeHtml, initLayers, setPreviewWeights } from './layers.js';
import { loadPresentation } from './presentation.js';
import { initMessages, showError } from './panels/messages.js';
import { LayerList } from './panels/layerlist.js';
import { ParcelPanel } from './panels/parcel.js';
import { ScenarioPanel } from './panels/scenario.js';
import { SelectionPanel } from './panels/selection.js';
import { NeighbourhoodTable } from './panels/neighbourhoods.js';
import { initSignIn } from './panels/signin.js';
import { LoadPanel } from './panels/load.js';
import { NeighbourhoodCharts } from './panels/charts.js';
import { Report } from './panels/report.js';
import { loadSoon } from './lazy.js';

performance.mark('infill-start');
const $ = (s) => document.querySelector(s);

async function optional(promise) {
  try { return await promise; } catch (e) {
    if (e.status !== 404) showError(e);
    return null;
  }
}

function initTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const select = (tab) => {
    tabs.forEach((x) => {
      const on = x === tab;
      x.setAttribute('aria-selected', String(on));
      x.tabIndex = on ? 0 : -1;
      document.getElementById(x.getAttribute('aria-controls')).hidden = !on;
    });
    // panels that draw only while visible (the charts) catch up now
    document.dispatchEvent(new CustomEvent('infill-tab-shown', { detail: tab.id }));
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = tabs[(i + d + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });
}

async function main() {
  const url = readUrl();
  initMessages($('#messages'));
  setLang(url.lang === 'en' ? 'en' : 'nl');
  writeUrl({ lang: currentLang() });
  initTabs();

  // the presentation source is not optional: without it there are no layers, legends or labels
  const [config, catalogue, scenariosRes] = await Promise.all([
    optional(api.config()), optional(api.layers()), optional(api.scenarios()), loadPresentation(),
  ]);
  initLayers();
  let scenarios = scenariosRes ?? [];
  const parcels = (catalogue ?? []).find((l) => l.id === 'parcels');
  const extent = parcels?.featureCount > 0 ? parcels.extentCrs84 : null;
  const basemap = resolveBasemap(url.basemap, config);
  const wms = wmsConfig(config);

  const map = createMap($('#map'), { view: url.view, extent, basemap });
  window.infillMap = map;
  const basemapInfo = () => {
    $('#basemap-info').textContent = basemap?.own ? t('basemap.own')
      : basemap ? `${t('basemap.label')}: ${new URL(basemap.url.replace(/[{}]/g, '')).host}` : t('basemap.off');
  };
  basemapInfo();
  onLangChange(basemapInfo);

  let slug = null;
  const parcelPanel = new ParcelPanel($('#parcel-panel'));
  const layerList = new LayerList($('#layer-list'), map, {
    wms, visible: url.layers, onParcelClick: (id) => slug && parcelPanel.open(slug, id),
  });
  // the weights' tab open: a slider move is near, so the criteria it recolours with are fetched now
  document.addEventListener('infill-tab-shown', (e) => { if (e.detail === 'tab-scenario') layerList.prefetchCriteria(); });
  const nbhTable = new NeighbourhoodTable($('#nbh-table'));
  const nbhCharts = new NeighbourhoodCharts($('#nbh-charts'));
  const report = new Report($('#report'));
  const selection = new SelectionPanel($('#panel-selection'), map);
  // read by the browser tests and handy in the console; the app itself never reads it
  window.infillApp = { map, layers: layerList, selection, parcel: parcelPanel, charts: nbhCharts, report };
  if (wms) {
    map.on('click', (e) => wmsFeatureInfo(map, wms, slug, e).then((id) => id !== null && parcelPanel.open(slug, id)));
  }

  const loadNeighbourhoods = async () => {
    const list = (slug ? await optional(api.neighbourhoods(slug)) : null) ?? [];
    nbhTable.setRows(list);
    nbhCharts.setRows(list, slug);
    selection.setNeighbourhoods(list);
    fillReportPick(list);
  };
  // the report of a neighbourhood (its geometry from the OGC API) or of the selection's GeoJSON
  let nbhRows = [];
  const fillReportPick = (rows) => {
    nbhRows = rows;
    $('#nbh-report-pick').innerHTML = [...rows].sort((a, b) => String(a.name ?? a.code).localeCompare(String(b.name ?? b.code)))
      .map((r) => `<option value="${escapeHtml(r.neighbourhoodId)}">${escapeHtml(r.name ?? r.code)}</option>`).join('');
    $('#nbh-report').disabled = rows.length === 0;
  };
  $('#nbh-report-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const row = nbhRows.find((r) => String(r.neighbourhoodId) === $('#nbh-report-pick').value);
    if (!row || !slug) return;
    try {
      const f = await api.feature('neighbourhoods', row.neighbourhoodId);
      await report.open({ slug, geometry: f.geometry, title: row.name ?? row.code, neighbourhood: row });
    } catch (err) {
      showError(err, t('report.heading'));
    }
  });
  $('#selection-report').addEventListener('click', () => {
    if (selection.geometry && slug) report.open({ slug, geometry: selection.geometry, titleKey: 'report.drawn' });
  });

  const scenarioPanel = new ScenarioPanel($('#panel-scenario'), {
    layerList,
    onDiffClick: (a, b, id) => parcelPanel.openDiff(a, b, id),
    // live re-weighting: recolour the loaded tiles, the parcel panel and the neighbourhood totals;
    // 'infill-reweight' measures from the slider's input to the frame that draws the new colours
    onPreview: (weights) => {
      const start = performance.now();
      setPreviewWeights(weights);
      const painted = layerList.restyleWeighted();
      parcelPanel.preview(weights);
      nbhTable.preview(weights);
      nbhCharts.preview(weights);
      document.documentElement.dataset.preview = String(Boolean(weights));
      painted.then((tiles) => requestAnimationFrame(() => {
        performance.measure('infill-reweight', { start, detail: { tiles } });
      }));
    },
    onRunDone: async (s) => {
      await layerList.refresh(s, { resultsOnly: true });
      await loadNeighbourhoods();
      if (parcelPanel.el.dataset.parcelId) await parcelPanel.open(s, parcelPanel.el.dataset.parcelId);
    },
    onScenariosChanged: async (newSlug) => {
      scenarios = (await optional(api.scenarios())) ?? [];
      fillScenarioSelect();
      await chooseScenario(newSlug);
    },
  });

  window.infillApp.scenario = scenarioPanel;
  // after a load: the layer's new version means new tile URLs for the layers drawn from it
  // a rejected feature of a load report, found on the map: zoom there and ring it
  let rejectionMark = null;
  const locateRejection = (lon, lat) => {
    if (rejectionMark) map.removeLayer(rejectionMark);
    rejectionMark = L.circleMarker([lat, lon], { radius: 14, color: '#c2185b', weight: 3, fill: false, interactive: false })
      .addTo(map);
    map.setView([lat, lon], Math.max(map.getZoom(), 17), { animate: false });
    window.infillApp.rejectionMark = rejectionMark;
  };
  window.infillApp.load = new LoadPanel($('#panel-load'), {
    onLocate: locateRejection,
    onLoaded: async () => {
      await layerList.refresh(slug);
      const catalogue2 = await optional(api.layers());
      if (catalogue2) window.infillApp.catalogue = catalogue2;
    },
  });
  const select = $('#scenario-select');
  const fillScenarioSelect = () => {
    select.innerHTML = scenarios.map((s) => `<option value="${escapeHtml(s.slug)}">${escapeHtml(s.name ?? s.slug)}</option>`).join('');
    select.disabled = scenarios.length === 0;
    scenarioPanel.setScenarios(scenarios);
  };
  const notice = $('#scenario-notice');
  const chooseScenario = async (next) => {
    slug = next;
    select.value = slug ?? '';
    writeUrl({ scenario: slug });
    const s = scenarios.find((x) => x.slug === slug);
    const version = s ? s.resultsVersion : null;
    notice.hidden = Boolean(slug && version !== 0);
    notice.textContent = slug ? t('scenario.noResults') : t('scenario.none');
    notice.dataset.i18n = slug ? 'scenario.noResults' : 'scenario.none';
    parcelPanel.close();
    selection.setScenario(slug);
    await Promise.all([layerList.refresh(slug), scenarioPanel.setScenario(slug), loadNeighbourhoods()]);
  };
  select.addEventListener('change', () => chooseScenario(select.value));
  fillScenarioSelect();

  $('#lang-button').addEventListener('click', () => {
    setLang(currentLang() === 'nl' ? 'en' : 'nl');
    writeUrl({ lang: currentLang() });
  });
  const session = initSignIn($('#signin-button'), $('#signin-dialog'), () => {});

  const initial = scenarios.find((s) => s.slug === url.scenario)
    ?? scenarios.find((s) => s.isDefault) ?? scenarios[0];
  await Promise.all([chooseScenario(initial?.slug ?? null), session]);
  applyI18n(document);
}

/**
 * GeoServer WMS from GET /api/config/map ({geoserverWmsUrl, layers: [{id, collection, geoserverLayer,
 * style}]}, one entry per map layer and collection: capacity draws the results' layer in its own
 * style), or null when no public GeoServer URL is configured: then the service's vector tiles are used.
 */
function wmsConfig(config) {
  if (!config?.geoserverWmsUrl) return null;
  const layers = {};
  const styles = {};
  for (const l of config.layers ?? []) {
    layers[`${l.id} ${l.collection}`] = l.geoserverLayer;
    styles[`${l.id} ${l.collection}`] = l.style ?? '';
  }
  return { url: config.geoserverWmsUrl, layers, styles, infoFormat: config.featureInfoFormat ?? 'application/json' };
}

/** WMS mode: GetFeatureInfo (application/json) on the results layer gives the clicked parcel. */
async function wmsFeatureInfo(map, wms, slug, e) {
  if (!slug) return null;
  const size = map.getSize();
  const b = map.getBounds();
  const sw = L.CRS.EPSG3857.project(b.getSouthWest());
  const ne = L.CRS.EPSG3857.project(b.getNorthEast());
  const p = map.latLngToContainerPoint(e.latlng).round();
  const layer = wms.layers[`score results-${slug}`];
  if (!layer) return null;
  const q = new URLSearchParams({
    service: 'WMS', version: '1.3.0', request: 'GetFeatureInfo', layers: layer, query_layers: layer,
    crs: 'EPSG:3857', bbox: [sw.x, sw.y, ne.x, ne.y].join(','), width: size.x, height: size.y,
    i: p.x, j: p.y, info_format: wms.infoFormat, feature_count: 1, styles: '',
  });
  try {
    const res = await fetch(`${wms.url}${wms.url.includes('?') ? '&' : '?'}${q}`);
    const fc = await res.json();
    const props = fc.features?.[0]?.properties;
    return props ? props.parcel_id : null;
  } catch (err) {
    showError(err);
    return null;
  }
}

main()
  .catch((e) => showError(e))
  .finally(() => {
    const map = window.infillMap;
    map?.startOwnBasemap?.(); // when no thematic layer started it
    // Chart.js and Geoman once the basemap is drawn too, so that they never compete with it
    if (map) Promise.resolve(map.ownBasemap).then((layers) => Promise.all((layers ?? []).map((l) => l.drawn$)))
      .finally(() => loadSoon(map));
    // boot.js's answers are for the first view only: one not taken by now (a layer that is off)
    // could be stale when it is asked for later
    window.infillEarly?.clear();
    performance.mark('infill-interactive');
    window.infillReady = true;
    document.documentElement.dataset.ready = 'true';
  });
