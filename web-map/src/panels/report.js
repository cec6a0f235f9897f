// The report ("Rapport", issue 16 part 5): a print view of one neighbourhood or drawn area with a
// map of its parcels in their score classes, the totals, charts, the top parcels with the same
// explanation sentences as the parcel panel, the date, the scenario and its weights. It shows over
// the page (body.report-open hides the rest) and print CSS lays it out on A4, so the browser's
// "print to PDF" gives the document. The area is plain GeoJSON (WGS84): the selection's geometry or
// the neighbourhood's, never a drawing plugin's object.
import { api } from '../api.js';
import { t, fmt, currentLang, onLangChange } from '../i18n.js';
import { escapeHtml, previewing } from '../layers.js';
import { layerById, classOf, text, criterionLabel, paramLabel, paramRange, exclusionText } from '../presentation.js';
import { topParcels } from '../chartdata.js';
import { showError } from './messages.js';
import { chartJs } from '../lazy.js';

const TOP = 10;
// every parcel of a neighbourhood, up to the service's largest page
const MAX_FEATURES = 10000;

export class Report {
  constructor(el) {
    this.el = el;
    this.data = null;
    this.charts = [];
    this.invoker = null;
    el.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); this.close(); } });
    onLangChange(() => { if (this.data) this.render(); });
  }

  /**
   * Opens the report of an area.
   *
   * @param slug          the scenario
   * @param geometry      GeoJSON geometry in WGS84
   * @param title         the area's name; or titleKey, an i18n key (a drawn area)
   * @param neighbourhood the neighbourhood's row of the results API, when the area is one
   */
  async open({ slug, geometry, title, titleKey = null, neighbourhood = null }) {
    this.invoker = document.activeElement;
    document.body.classList.add('report-open');
    this.el.hidden = false;
    this.el.setAttribute('aria-busy', 'true');
    this.el.innerHTML = `<p class="status">${t('loading')}</p>`;
    try {
      const [scenario, result] = await Promise.all([
        api.scenario(slug),
        api.intersects({ geometry, crs: 'EPSG:4326', scenario: slug, limit: MAX_FEATURES }),
        chartJs(),
      ]);
      const top = topParcels(result.features, TOP);
      const explained = await Promise.all(top.map((f) => api.parcel(slug, f.properties.parcel_id).catch(() => null)));
      // a report documents a run: with a live preview on, it says the new weights are not in it
      this.data = { slug, geometry, title, titleKey, neighbourhood, scenario, preview: previewing(), summary: result.summary, features: result.features,
        top: top.map((f, i) => ({ props: f.properties, parcel: explained[i] })), date: new Date() };
      this.render();
    } catch (e) {
      showError(e, t('report.heading'));
      this.close();
    } finally {
      this.el.removeAttribute('aria-busy');
    }
  }

  close() {
    this.charts.forEach((c) => c.destroy());
    this.charts = [];
    this.data = null;
    this.el.hidden = true;
    this.el.replaceChildren();
    document.body.classList.remove('report-open');
    this.invoker?.focus?.();
  }

  render() {
    const d = { ...this.data, title: this.data.titleKey ? t(this.data.titleKey) : this.data.title };
    const en = currentLang() === 'en';
    const score = layerById('score');
    const s = d.summary;
    const classes = (score?.classes ?? []).filter((c) => !c.else);
    const weights = Object.entries(d.scenario.weights ?? {});
    const weightSum = weights.reduce((a, [, v]) => a + (v > 0 ? v : 0), 0);
    const totals = [
      ['report.parcels', fmt(s.count), 'count'], ['report.capacity', `${fmt(s.capacityM2)} m²`, 'capacity'],
      ['report.dwellings', fmt(s.dwellings, 1), 'dwellings'], ['report.meanScore', fmt(s.meanScore, 1), 'meanScore'],
    ];
    if (d.neighbourhood) {
      totals.push(['nbh.pop65', fmt(d.neighbourhood.pop65plusPct, 1), 'pop65'], ['report.ageingFit', `${fmt(d.neighbourhood.ageingFit)} m²`, 'ageingFit']);
    }
    this.charts.forEach((c) => c.destroy());
    this.el.innerHTML = `
      <header class="report-head">
        <h1 id="report-title" tabindex="-1">${escapeHtml(t('report.title', { area: d.title }))}</h1>
        <p data-field="meta">${escapeHtml(t('report.meta', {
          date: d.date.toLocaleDateString(en ? 'en-GB' : 'nl-NL', { day: 'numeric', month: 'long', year: 'numeric' }),
          scenario: d.scenario.name ?? d.slug }))}</p>
        ${d.preview ? `<p class="notice no-print" data-field="preview">${t('report.previewNote')}</p>` : ''}
        <div class="button-row no-print">
          <button type="button" class="primary" data-action="print">${t('report.print')}</button>
          <button type="button" data-action="close">${t('report.close')}</button>
        </div>
      </header>
      <section class="report-section" aria-labelledby="report-totals">
        <h2 id="report-totals">${t('report.totals')}</h2>
        <dl class="numbers">${totals.map(([k, v, f]) => `<div data-field="${f}"><dt>${t(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>
      </section>
      <section class="report-section report-map" aria-labelledby="report-map">
        <h2 id="report-map">${t('report.map')}</h2>
        ${svgMap(d.geometry, d.features, score, t('report.map.aria', { area: d.title }))}
        <ul class="legend">${(score?.classes ?? []).map((c) => `<li><span class="swatch" style="background:${escapeHtml(c.colour)}"></span>${escapeHtml(text(c.label))}</li>`).join('')}</ul>
      </section>
      <section class="report-section" aria-labelledby="report-charts">
        <h2 id="report-charts">${t('report.charts')}</h2>
        <figure class="chart" data-chart="classes"><figcaption>${t('charts.classes')}</figcaption>
          <div class="chart-box" style="height:220px"><canvas role="img" aria-label="${t('report.classes.aria')}"></canvas></div></figure>
        <figure class="chart" data-chart="top"><figcaption>${t('report.topChart')}</figcaption>
          <div class="chart-box" style="height:${60 + d.top.length * 22}px"><canvas role="img" aria-label="${t('report.topChart')}"></canvas></div></figure>
      </section>
      <section class="report-section" aria-labelledby="report-top">
        <h2 id="report-top">${t('report.top', { n: d.top.length })}</h2>
        <table class="data report-top"><thead><tr><th scope="col">#</th><th scope="col">${t('report.parcel')}</th>
          <th scope="col">${t('parcel.score')}</th><th scope="col">${t('parcel.class')}</th><th scope="col">${t('parcel.capacity')} (m²)</th>
          <th scope="col">${t('report.reason')}</th></tr></thead>
        <tbody>${d.top.map((r, i) => `<tr data-parcel-id="${escapeHtml(r.props.parcel_id)}"><td>${i + 1}</td>
          <th scope="row">${escapeHtml(r.parcel?.sourceId ?? r.props.source_id ?? r.props.parcel_id)}</th>
          <td data-field="score">${fmt(r.props.score, 1)}</td><td>${escapeHtml(classLabel(score, r.props))}</td>
          <td data-field="capacity">${fmt(r.props.capacity_m2)}</td>
          <td class="sentence">${escapeHtml(sentence(r.parcel, en))}</td></tr>`).join('')}</tbody></table>
      </section>
      <section class="report-section" aria-labelledby="report-scenario">
        <h2 id="report-scenario">${t('report.scenario')}</h2>
        <table class="data report-weights"><caption>${t('report.weights')}</caption>
          <thead><tr><th scope="col">${t('parcel.criterion')}</th><th scope="col">${t('parcel.weight')}</th><th scope="col">${t('report.share')}</th></tr></thead>
          <tbody>${weights.map(([k, v]) => `<tr data-criterion="${escapeHtml(k)}"><th scope="row">${escapeHtml(criterionLabel(k) ?? k)}</th>
            <td>${fmt(v, 2)}</td><td>${fmt(weightSum > 0 && v > 0 ? (100 * v) / weightSum : 0, 0)} %</td></tr>`).join('')}</tbody></table>
        <dl class="numbers params">${Object.entries(d.scenario.params ?? {}).filter(([, v]) => typeof v === 'number').map(([k, v]) =>
          `<div data-param="${escapeHtml(k)}"><dt>${escapeHtml(paramLabel(k) ?? k)}</dt><dd>${escapeHtml(param(k, v))}</dd></div>`).join('')}</dl>
      </section>`;
    this.el.querySelector('[data-action=print]').addEventListener('click', () => window.print());
    this.el.querySelector('[data-action=close]').addEventListener('click', () => this.close());
    const perClass = s.parcelsPerClass ?? {};
    // the tables have the numbers; the charts only when Chart.js could be loaded
    this.charts = !window.Chart ? [] : [
      new Chart(this.el.querySelector('[data-chart=classes] canvas'), {
        type: 'bar',
        data: { labels: classes.map((c) => text(c.label)), datasets: [{ label: t('charts.classes.axis'),
          data: classes.map((c) => Number(perClass[c.value] ?? 0)), backgroundColor: classes.map((c) => c.colour), borderColor: '#555', borderWidth: 0.5 }] },
        options: { animation: false, responsive: true, maintainAspectRatio: false, devicePixelRatio: 2, locale: en ? 'en-GB' : 'nl-NL',
          plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      }),
      new Chart(this.el.querySelector('[data-chart=top] canvas'), {
        type: 'bar',
        data: { labels: d.top.map((r) => String(r.parcel?.sourceId ?? r.props.parcel_id)), datasets: [{ label: t('parcel.score'),
          data: d.top.map((r) => r.props.score), backgroundColor: d.top.map((r) => classOf(score, r.props)?.colour ?? '#999'), borderColor: '#555', borderWidth: 0.5 }] },
        options: { animation: false, responsive: true, maintainAspectRatio: false, devicePixelRatio: 2, locale: en ? 'en-GB' : 'nl-NL', indexAxis: 'y',
          plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, max: 100 }, y: { ticks: { autoSkip: false } } } },
      }),
    ];
    this.el.dataset.ready = 'true';
    this.el.querySelector('#report-title').focus();
  }
}

/** A scenario parameter as the sliders show it: years as they are, others to the slider's step. */
function param(key, v) {
  if (/Year$/.test(key)) return String(v);
  const step = paramRange(key)?.step ?? 0.01;
  return fmt(v, step >= 1 ? 0 : (String(step).split('.')[1] ?? '').length);
}

function classLabel(score, props) {
  const c = score ? classOf(score, props) : null;
  return c ? text(c.label) : '–';
}

/** The parcel panel's words: its sentence, or the exclusion reason. */
function sentence(p, en) {
  if (!p) return '';
  const s = en ? p.sentenceEn : p.sentence;
  if (s) return s;
  return p.excluded ? t('parcel.excluded', { reason: exclusionText(p.exclusionReason) ?? '' }) : '';
}

/**
 * An SVG map of the area: its parcels filled in their score class colours and the area's outline,
 * in a local equirectangular projection (fine at neighbourhood scale), so it prints as vectors.
 */
export function svgMap(area, features, score, label, width = 640, height = 400) {
  const rings = (g) => (g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : []);
  const pts = rings(area).flat(2);
  if (!pts.length) return '';
  const lons = pts.map((p) => p[0]); const lats = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
  const scale = Math.min((width - 20) / Math.max((x1 - x0) * k, 1e-9), (height - 20) / Math.max(y1 - y0, 1e-9));
  const px = ([lon, lat]) => `${(10 + (lon - x0) * k * scale).toFixed(1)},${(height - 10 - (lat - y0) * scale).toFixed(1)}`;
  const path = (g) => rings(g).map((poly) => poly.map((ring) => `M${ring.map(px).join('L')}Z`).join('')).join('');
  const parcels = (features ?? []).map((f) => {
    const c = score ? classOf(score, f.properties ?? {}) : null;
    return `<path d="${path(f.geometry)}" fill="${escapeHtml(c?.colour ?? '#cccccc')}" stroke="#555" stroke-width="0.4"/>`;
  }).join('');
  return `<svg class="report-svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}" data-parcels="${(features ?? []).length}">
    <rect width="${width}" height="${height}" fill="#f7f7f4"/>${parcels}
    <path d="${path(area)}" fill="none" stroke="#0b5394" stroke-width="2"/></svg>`;
}
