// The neighbourhood charts (issue 16 part 5), under the neighbourhood table: capacity per
// neighbourhood, 65+ share against ageing fit (one labelled point per neighbourhood), parcels per
// score class (stacked, in the presentation source's class colours and labels) and the mean
// score, which follows the live re-weighting preview as the table does. The numbers come from
// chartdata.js (pure, unit-tested); this module only draws them with Chart.js (global Chart,
// loaded when the charts are first shown).
import { t, fmt, currentLang, onLangChange } from '../i18n.js';
import { layerById } from '../presentation.js';
import { neighbourhoodSeries } from '../chartdata.js';
import { chartJs } from '../lazy.js';
import { api } from '../api.js';
import { showError } from './messages.js';

// the class counts of a preview are asked for once the sliders rest this long
const CLASSES_DELAY_MS = 150;

/** Chart.js plugin: writes each scatter point's label next to it (names, not colour, tell them apart). */
export const pointLabels = {
  id: 'infillPointLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#222';
    chart.data.datasets.forEach((ds, i) => {
      chart.getDatasetMeta(i).data.forEach((pt, j) => {
        const label = ds.data[j]?.label;
        if (!label) return;
        // near the right edge the name goes left of its point, so it stays inside the chart
        const left = pt.x + 6 + ctx.measureText(label).width > chart.chartArea.right;
        ctx.textAlign = left ? 'right' : 'left';
        ctx.fillText(label, left ? pt.x - 6 : pt.x + 6, pt.y - 4);
      });
    });
    ctx.restore();
  },
};

const SCORE_COLOUR = '#31a354';
const PREVIEW_COLOUR = '#e6550d';

// During a preview the mean score follows the new weights at once (it is linear in them,
// chartdata.js); a parcel's class needs its own criteria, so the class counts come from the
// service (GET .../neighbourhoods/classes) a moment later and until then are the last run's, which
// their caption says. Capacity and the ageing fit do not depend on the weights.
function captionHtml(k, s) { // s: a series, with classesCurrent (the counts are for the weights shown)
  const marker = !s.preview ? null : k === 'meanScore' ? 'charts.preview'
    : k === 'classes' ? (!s.classesPreviewed ? 'charts.lastRun' : s.classesCurrent ? 'charts.preview' : 'charts.updating') : null;
  return `${t(`charts.${k}`)}${marker ? ` <span class="preview-marker inline" data-marker="${marker}">${t(marker)}</span>` : ''}`;
}

/** Chart.js configurations of the four charts for a series; numbers in the page's language. */
function chartConfigs(s) {
  const BASE = { animation: false, responsive: true, maintainAspectRatio: false, locale: currentLang() === 'en' ? 'en-GB' : 'nl-NL' };
  const horizontal = (label, data, colour) => ({
    type: 'bar',
    data: { labels: s.labels, datasets: [{ label, data, backgroundColor: colour }] },
    options: { ...BASE, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } } },
  });
  return {
    capacity: horizontal(t('charts.capacity.axis'), s.capacity, '#2b8cbe'),
    ageing: {
      type: 'scatter',
      data: { datasets: [{ label: t('charts.ageing'), data: s.ageing, backgroundColor: '#756bb1', pointRadius: 5 }] },
      options: {
        ...BASE, plugins: { legend: { display: false },
          tooltip: { callbacks: { label: (c) => `${c.raw.label}: ${fmt(c.raw.x, 1)} %, ${fmt(c.raw.y)} m²` } } },
        scales: { x: { title: { display: true, text: t('charts.ageing.x') }, beginAtZero: true },
          y: { title: { display: true, text: t('charts.ageing.y') }, beginAtZero: true } },
      },
      plugins: [pointLabels],
    },
    classes: {
      type: 'bar',
      data: { labels: s.labels, datasets: s.perClass.map((c) => ({ label: c.label, data: c.data, backgroundColor: c.colour, borderColor: '#555', borderWidth: 0.5 })) },
      options: { ...BASE, indexAxis: 'y', plugins: { legend: { position: 'bottom' } },
        scales: { x: { stacked: true, beginAtZero: true, title: { display: true, text: t('charts.classes.axis') } }, y: { stacked: true, ticks: { autoSkip: false } } } },
    },
    meanScore: horizontal(s.preview ? t('charts.meanScore.preview') : t('nbh.meanScore'), s.meanScore, s.preview ? PREVIEW_COLOUR : SCORE_COLOUR),
  };
}

export const CHARTS = ['capacity', 'ageing', 'classes', 'meanScore'];

export class NeighbourhoodCharts {
  constructor(el) {
    this.el = el;
    this.rows = [];
    this.weights = null;
    this.slug = null;
    // during a preview, the service's class counts ({neighbourhoodId: {...}}) for the weights
    // classesFor: those of the last answer, kept while the sliders move on (the bars do not jump
    // back to the run's counts at every step), or null
    this.previewClasses = null;
    this.classesFor = null;
    this.charts = {};
    // drawn while they can be seen: the panel is a tab, hidden at start, and four Chart.js charts
    // laid out in a hidden tab cost the first view (and every slider step) for nothing
    this.stale = true;
    onLangChange(() => this.render());
    document.addEventListener('infill-tab-shown', () => {
      if (this.stale) this.render();
      if (this.weights && this.classesFor !== this.weights) this.askClasses(this.weights); // not asked while hidden
    });
  }

  setRows(rows, slug = null) {
    this.rows = rows ?? [];
    this.slug = slug;
    this.previewClasses = null;
    this.classesFor = null;
    this.render();
    this.askClasses(this.weights);
  }

  series() {
    const s = neighbourhoodSeries(this.rows, layerById('score'), currentLang(), this.weights, this.previewClasses);
    return { ...s, classesCurrent: s.classesPreviewed && this.classesFor === this.weights };
  }

  visible() {
    return this.el.checkVisibility ? this.el.checkVisibility() : this.el.offsetParent !== null;
  }

  /**
   * Live re-weighting: only the mean score depends on the weights, so only that chart's bars,
   * title, colour and preview marker change, in place. Rebuilding all four charts on every slider
   * step cost more than repainting the map's tiles (Chart.js lays out and draws each one anew).
   */
  preview(weights) {
    const ended = !weights && this.previewClasses !== null;
    if (!weights || !this.weights) this.classesFailed = false; // a new preview reports a failure again
    this.weights = weights;
    if (!weights) {
      this.previewClasses = null;
      this.classesFor = null;
    }
    this.askClasses(weights);
    const chart = this.charts.meanScore;
    if (!chart || this.stale || !this.visible()) { this.render(); return; }
    const s = this.series();
    const ds = chart.data.datasets[0];
    ds.data = s.meanScore;
    ds.label = s.preview ? t('charts.meanScore.preview') : t('nbh.meanScore');
    ds.backgroundColor = s.preview ? PREVIEW_COLOUR : SCORE_COLOUR;
    chart.update('none');
    if (ended) this.updateClasses(s); // back to the run's counts
    this.captions(s);
    this.el.dataset.preview = String(s.preview);
  }

  /** The class chart's bars from a series, in place, and the captions. */
  updateClasses(s) {
    const chart = this.charts.classes;
    if (!chart) return;
    s.perClass.forEach((c, i) => { chart.data.datasets[i].data = c.data; });
    chart.update('none');
    this.captions(s);
  }

  /**
   * The captions of the charts that follow the weights; data-classes-preview says what the class
   * bars show: "true" the counts of the weights shown, "updating" those of earlier weights while
   * the new ones are asked for, "false" the run's.
   */
  captions(s) {
    for (const k of ['meanScore', 'classes']) this.el.querySelector(`[data-chart=${k}] figcaption`).innerHTML = captionHtml(k, s);
    this.el.dataset.classesPreview = !s.classesPreviewed ? 'false' : s.classesCurrent ? 'true' : 'updating';
  }

  /**
   * Asks the service for the class counts of these weights once the sliders rest, while the charts
   * can be seen (else when their tab is shown); a request still running for earlier weights is
   * aborted, and an answer is applied only when it is still for the weights shown. Nothing is asked
   * without a preview or when no weight is above 0 (no score then). A failure is reported once
   * per preview (the bars then keep the counts they have).
   */
  askClasses(weights) {
    clearTimeout(this.classesTimer);
    this.classesRequest?.abort();
    if (!weights || !this.slug || !this.rows.length || !this.visible()
      || !Object.values(weights).some((v) => v > 0)) return;
    const slug = this.slug;
    this.classesTimer = setTimeout(async () => {
      const request = new AbortController();
      this.classesRequest = request;
      try {
        const list = await api.neighbourhoodClasses(slug, weights, { signal: request.signal });
        if (this.weights !== weights || this.slug !== slug) return; // the sliders moved on
        this.previewClasses = Object.fromEntries(list.map((n) => [n.neighbourhoodId, n.parcelsPerClass]));
        this.classesFor = weights;
        if (this.stale || !this.visible()) { this.stale = true; return; }
        this.updateClasses(this.series());
      } catch (e) {
        if (e.name === 'AbortError') return;
        if (!this.classesFailed) showError(e, t('charts.classes'));
        this.classesFailed = true;
      }
    }, CLASSES_DELAY_MS);
  }

  render() {
    if (!this.visible()) { this.stale = true; return; }
    if (!window.Chart) { // loaded on first use (lazy.js): drawn once it is in
      this.stale = true;
      if (!this.loading) {
        // asked once: a failure is said once (lazy.js), and the table above keeps the numbers
        this.loading = chartJs().then((Chart) => { if (Chart && this.stale) this.render(); });
      }
      return;
    }
    this.stale = false;
    Object.values(this.charts).forEach((c) => c.destroy());
    this.charts = {};
    if (!this.rows.length) { this.el.replaceChildren(); return; }
    const s = this.series();
    const height = 60 + s.labels.length * 22;
    this.el.innerHTML = CHARTS.map((k) => `<figure class="chart" data-chart="${k}">
        <figcaption>${captionHtml(k, s)}</figcaption>
        <div class="chart-box" style="height:${k === 'ageing' ? 280 : height}px"><canvas role="img" aria-label="${t(`charts.${k}.aria`)}"></canvas></div>
      </figure>`).join('');
    this.el.dataset.preview = String(s.preview);
    const configs = chartConfigs(s);
    for (const k of CHARTS) this.charts[k] = new Chart(this.el.querySelector(`[data-chart=${k}] canvas`), configs[k]);
    this.captions(s);
  }
}
