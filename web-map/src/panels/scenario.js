// The scenario panel: weight and parameter sliders, a run with live progress, saving under a
// new name, and comparing two scenarios (table plus a difference map on the results tiles).
import { api, signedInUser } from '../api.js';
import { t, fmt, onLangChange } from '../i18n.js';
import { escapeHtml, absolute, legendOf, layerNames } from '../layers.js';
import { vectorTileLayer, onFeatureClick } from '../vectortiles.js';
import { showError } from './messages.js';
import { criterionLabel, paramLabel, paramRange, weightRange, layerById, classOf, text } from '../presentation.js';

const POLL_MS = 400;

export class ScenarioPanel {
  constructor(el, { onRunDone, onScenariosChanged, layerList, onPreview, onDiffClick }) {
    this.onDiffClick = onDiffClick ?? (() => {});
    this.el = el;
    this.onPreview = onPreview ?? (() => {});
    this.onRunDone = onRunDone;
    this.onScenariosChanged = onScenariosChanged;
    this.layerList = layerList;
    this.scenario = null;
    this.all = [];
    el.querySelector('#run-button').addEventListener('click', () => this.run());
    el.querySelector('#save-form').addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
    el.querySelector('#compare-form').addEventListener('submit', (e) => { e.preventDefault(); this.compare(); });
    el.querySelector('#compare-map').addEventListener('change', (e) => this.showDiffMap(e.target.checked));
    el.querySelector('#compare-measure').addEventListener('change', () => {
      if (el.querySelector('#compare-map').checked) this.showDiffMap(true);
    });
    onLangChange(() => {
      this.renderSliders(); this.renderMarker(); this.renderCompareOptions();
      if (this.lastCompare) this.renderCompare(this.lastCompare);
      this.renderDiffLegend();
    });
  }

  setScenarios(all) {
    this.all = all;
    this.renderCompareOptions();
  }

  async setScenario(slug) {
    this.scenario = null;
    if (slug) {
      try {
        this.scenario = await api.scenario(slug);
      } catch (e) {
        showError(e, t('scenario.label'));
      }
    }
    this.edits = { weights: { ...(this.scenario?.weights ?? {}) }, params: { ...(this.scenario?.params ?? {}) } };
    this.clearPreview();
    this.renderSliders();
  }

  renderSliders() {
    const box = this.el.querySelector('#sliders');
    box.replaceChildren();
    if (!this.scenario) {
      box.innerHTML = `<p class="muted">${t('scenario.none')}</p>`;
      return;
    }
    const group = (titleKey, kind, entries) => {
      if (!entries.length) return;
      const fs = document.createElement('fieldset');
      fs.innerHTML = `<legend>${t(titleKey)}</legend>`;
      for (const [key, value] of entries) {
        // ranges from the presentation source: the service validates scenarios with the same
        const range = kind === 'weights' ? weightRange() : paramRange(key);
        const min = range?.min ?? 0;
        const max = range?.max ?? niceMax(value);
        const step = range?.step ?? niceStep(max);
        const digits = kind === 'weights' ? 2 : decimals(step);
        const id = `${kind}-${key}`;
        const row = document.createElement('div');
        row.className = 'slider-row';
        const label = labelOf(kind, key);
        row.innerHTML = `<label for="${id}" title="${escapeHtml(label)}">${escapeHtml(label)}</label>
          <input type="range" id="${id}" name="${escapeHtml(key)}" min="${min}" max="${max}" step="${step}" value="${value}">
          <output for="${id}">${show(key, value, digits)}</output>`;
        const input = row.querySelector('input');
        const out = row.querySelector('output');
        input.addEventListener('input', () => {
          this.edits[kind][key] = Number(input.value);
          out.textContent = show(key, Number(input.value), digits);
          // weights recolour the map at once (score.js on the tiles' scaled criteria); parameters
          // change the scaling itself, which only a run computes: they mark the preview as partial
          this.setPreview(kind === 'weights' ? 'weights' : 'params');
        });
        fs.append(row);
      }
      box.append(fs);
    };
    group('scenario.weights', 'weights', Object.entries(this.edits.weights).filter(([, v]) => typeof v === 'number'));
    group('scenario.params', 'params', Object.entries(this.edits.params).filter(([, v]) => typeof v === 'number'));
  }

  /** Shows the preview marker and hands the edited weights to the map (live re-weighting). */
  setPreview(what) {
    if (what === 'params') this.paramsEdited = true;
    if (what === 'weights' || this.previewWeights) this.previewWeights = { ...this.edits.weights };
    this.renderMarker();
    if (what === 'weights') this.onPreview(this.previewWeights);
  }

  renderMarker() {
    const marker = this.el.querySelector('#preview-marker');
    marker.hidden = !this.previewWeights && !this.paramsEdited;
    marker.textContent = this.paramsEdited ? t('preview.markerParams') : t('preview.marker');
  }

  /** Back to the service's results: no marker, no preview weights. */
  clearPreview() {
    this.previewWeights = null;
    this.paramsEdited = false;
    this.renderMarker();
    this.onPreview(null);
  }

  body(name, slug) {
    return {
      slug, name, description: this.scenario.description ?? null,
      weights: this.edits.weights, params: { ...this.scenario.params, ...this.edits.params },
    };
  }

  status(text, cls = '') {
    const s = this.el.querySelector('#run-status');
    s.textContent = text;
    s.className = `status ${cls}`;
  }

  async run() {
    if (!this.scenario) return;
    if (!signedInUser()) { this.status(t('scenario.needSignIn'), 'warn'); return; }
    const slug = this.scenario.slug;
    const bar = this.el.querySelector('#run-progress');
    const button = this.el.querySelector('#run-button');
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    try {
      await api.updateScenario(slug, this.body(this.scenario.name, slug));
      const { location, run } = await api.startRun(slug, {});
      const ref = location ?? run?.id;
      let r = run ?? { status: 'queued', percent: 0 };
      while (r.status === 'queued' || r.status === 'running') {
        bar.value = r.percent ?? 0;
        this.status(t('scenario.running', { stage: r.stage ?? r.status, percent: r.percent ?? 0 }));
        await new Promise((res) => setTimeout(res, POLL_MS));
        r = await api.run(ref);
      }
      bar.value = r.percent ?? 100;
      if (r.status !== 'succeeded') {
        this.status(t('scenario.failed', { error: r.error ?? r.status }), 'error');
        return;
      }
      // the service normalises the weights to sum 1: show what it stored
      // the new results first (drawn while the preview, of the same weights, still shows), then
      // the preview goes: the service's results replace it
      await this.onRunDone(slug);
      await this.setScenario(slug);
      this.status(t('scenario.done', { version: this.scenario.resultsVersion }), 'ok');
      this.el.dataset.lastRun = String(r.id ?? '');
    } catch (e) {
      showError(e, t('scenario.run'));
      this.status('');
    } finally {
      button.disabled = false;
    }
  }

  async save() {
    if (!this.scenario) return;
    if (!signedInUser()) { this.status(t('scenario.needSignIn'), 'warn'); return; }
    const name = this.el.querySelector('#save-name').value.trim();
    if (!name) return;
    const slug = name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'scenario';
    try {
      await api.createScenario(this.body(name, slug));
      this.status(t('scenario.saved', { name }), 'ok');
      await this.onScenariosChanged(slug);
    } catch (e) {
      showError(e, t('scenario.save'));
    }
  }

  renderCompareOptions() {
    for (const [sel, idx] of [['#compare-a', 0], ['#compare-b', 1]]) {
      const el = this.el.querySelector(sel);
      const prev = el.value;
      el.innerHTML = this.all.map((s) => `<option value="${escapeHtml(s.slug)}">${escapeHtml(s.name ?? s.slug)}</option>`).join('');
      el.value = prev || this.all[Math.min(idx, this.all.length - 1)]?.slug || '';
    }
  }

  async compare() {
    const a = this.el.querySelector('#compare-a').value;
    const b = this.el.querySelector('#compare-b').value;
    const out = this.el.querySelector('#compare-result');
    if (!a || !b || a === b) { out.innerHTML = `<p class="muted">${t('compare.none')}</p>`; return; }
    try {
      this.lastCompare = { a, b, data: await api.compare(a, b) };
      this.layerList.overlay(null);
      this.diff = null;
      this.renderCompare(this.lastCompare);
      if (this.el.querySelector('#compare-map').checked) this.showDiffMap(true);
    } catch (e) {
      showError(e, t('compare.heading'));
    }
  }

  renderCompare({ data }) {
    const out = this.el.querySelector('#compare-result');
    const rows = data.neighbourhoods;
    // columns are the figures the response gives for both scenarios (xA and xB): shown as B - A
    const figures = rows.length ? Object.keys(rows[0]).filter((k) => k.endsWith('A') && `${k.slice(0, -1)}B` in rows[0])
      .map((k) => k.slice(0, -1)) : [];
    const changed = data.summary.classChanged;
    const delta = (r, f) => (r[`${f}A`] === null || r[`${f}B`] === null ? null : r[`${f}B`] - r[`${f}A`]);
    out.innerHTML = `<p>${t('compare.parcelsChanged', { n: fmt(changed) })}</p>
      <div class="table-wrap"><table class="data">
        <caption>${t('compare.caption')}</caption>
        <thead><tr><th scope="col">${t('compare.neighbourhood')}</th>${figures.map((f) => `<th scope="col">Δ ${escapeHtml(t(`compare.fig.${f}`))}</th>`).join('')}</tr></thead>
        <tbody>${rows.map((r) => `<tr><th scope="row">${escapeHtml(r.name ?? r.code ?? r.neighbourhoodId ?? '')}</th>
          ${figures.map((f) => { const d = delta(r, f); const digits = f === 'ageingFit' ? 2 : 1; const shown = d === null ? 0 : Number(d.toFixed(digits)); return `<td class="${shown > 0 ? 'pos' : shown < 0 ? 'neg' : ''}">${fmt(d, digits)}</td>`; }).join('')}</tr>`).join('')}</tbody>
      </table></div>`;
  }

  /**
   * Difference map: the results tiles of B, each parcel coloured by its change B - A in score or
   * in capacity on the diverging ramps of the presentation source (diffScore, diffCapacity), with
   * their legend; a click explains the parcel's difference criterion by criterion.
   */
  async showDiffMap(on) {
    if (!on || !this.lastCompare) { this.layerList.overlay(null); this.diff = null; this.renderDiffLegend(); return; }
    const { a, b } = this.lastCompare;
    const measure = this.el.querySelector('#compare-measure').value === 'capacity' ? 'capacity' : 'score';
    const def = layerById(measure === 'capacity' ? 'diffCapacity' : 'diffScore');
    try {
      const rows = this.lastCompare.rows ?? await this.allParcelDeltas();
      this.lastCompare.rows = rows;
      const tj = await api.tileJson(`results-${b}`);
      const value = (id) => {
        const r = rows.get(String(id));
        return r ? (measure === 'capacity' ? r.capacityDiff : r.scoreDiff) : null;
      };
      const s = def.symbol ?? {};
      const style = (props) => ({
        fill: true, fillColor: classOf(def, { [def.property]: value(props.parcel_id) })?.colour ?? '#bdbdbd',
        fillOpacity: s.fillOpacity ?? 0.9, color: s.stroke ?? '#969696', weight: s.strokeWidth ?? 0.3, opacity: 0.8,
      });
      const layer = vectorTileLayer(absolute(tj.tiles[0]), {
        layerNames: layerNames(tj, `results-${b}`), style, maxDataZoom: tj.maxzoom ?? 18,
        // over the thematic layers (overlayPane, not GridLayer's default tilePane), so a click is its own
        pane: 'overlayPane', zIndex: 50, idOf: (p) => p.parcel_id,
      });
      onFeatureClick(this.layerList.map, layer, (id) => this.onDiffClick(a, b, id));
      this.diff = { def, measure, a, b };
      this.layerList.overlay(layer);
      this.renderDiffLegend();
    } catch (e) {
      showError(e, t('compare.map'));
    }
  }

  renderDiffLegend() {
    const box = this.el.querySelector('#compare-legend');
    if (!this.diff) { box.hidden = true; box.replaceChildren(); return; }
    const { def, a, b } = this.diff;
    box.hidden = false;
    box.innerHTML = `<h3>${escapeHtml(text(def.title))}</h3>
      <p class="muted small">${escapeHtml(t('compare.legendAB', { a, b }))}</p>
      <ul class="legend" id="legend-${def.id}" aria-label="${escapeHtml(text(def.title))}">${legendOf(def)}</ul>`;
  }
}

const COMPARE_PAGE = 1000;
const COMPARE_MAX_PAGES = 60;

ScenarioPanel.prototype.allParcelDeltas = async function allParcelDeltas() {
  const { a, b } = this.lastCompare;
  const delta = new Map();
  // pages ordered by the largest score change; the whole city is at most a few dozen pages
  for (let page = 0; page < COMPARE_MAX_PAGES; page++) {
    const res = await api.compare(a, b, COMPARE_PAGE, page * COMPARE_PAGE);
    const rows = res.parcels;
    rows.forEach((p) => delta.set(String(p.parcelId), p));
    if (rows.length < COMPARE_PAGE) break;
  }
  return delta;
};

// Labels of criteria and parameters are the presentation source's (the parcel panel uses the same).
function labelOf(kind, key) {
  const label = kind === 'weights' ? criterionLabel(key) : paramLabel(key);
  return label ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ');
}
function decimals(step) { return step >= 1 ? 0 : (String(step).split('.')[1] ?? '').length; }
function show(key, v, digits) { return /Year$/.test(key) ? String(v) : fmt(v, digits); }
function niceMax(v) { return v <= 1 ? 1 : Math.ceil(v * 2); }
function niceStep(max) { return max <= 1 ? 0.01 : max <= 10 ? 0.1 : max <= 100 ? 1 : 10; }
