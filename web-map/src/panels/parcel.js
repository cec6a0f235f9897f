// The parcel panel: the numbers of one parcel, a bar chart of each criterion's contribution and
// the plain sentence, all from GET /api/scenarios/{slug}/parcels/{id}.
import { api } from '../api.js';
import { t, fmt, onLangChange, currentLang } from '../i18n.js';
import { escapeHtml } from '../layers.js';
import { showError } from './messages.js';
import { chartJs } from '../lazy.js';
import { exclusionText } from '../presentation.js';
import { CRITERIA, normaliseWeights, contributions, score, scoreClass } from '../score.js';

/**
 * The zoning parts on the parcel with their rules, each naming the plan object it came from
 * (IMRO: "max 13.5 m from Maatvoering NL.IMRO...."); a Bouwvlak whose height is not on the map
 * is marked as such.
 */
function zoningRules(parts, en) {
  if (!parts.length) return '';
  return `<h3>${t('parcel.zoning')}</h3>
    <ul class="zoning-rules" data-field="zoning">${parts.map((z) => `<li${z.heightUnknown ? ' class="notice"' : ''}
      data-height-unknown="${z.heightUnknown}">${escapeHtml((en ? z.sentenceEn : z.sentence) ?? '')}</li>`).join('')}</ul>`;
}

export class ParcelPanel {
  constructor(el) {
    this.el = el;
    this.chart = null;
    this.last = null;
    el.querySelector('.close').addEventListener('click', () => this.close());
    el.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.close(); });
    this.weights = null;
    onLangChange(() => {
      if (this.last) this.render(this.shown());
      else if (this.lastDiff) this.renderDiff(this.lastDiff);
    });
  }

  /**
   * Live re-weighting: with weights set, the panel shows the score, class, weights and
   * contributions score.js computes from the parcel's scaled criteria, marked as a preview;
   * null shows the service's explanation again.
   */
  preview(rawWeights) {
    this.weights = rawWeights ? normaliseWeights(rawWeights) : null;
    if (this.last) this.render(this.shown());
  }

  /** The parcel as the panel shows it: the service's, or with the preview's numbers. */
  shown() {
    const p = this.last;
    if (!this.weights) return p;
    const scaled = CRITERIA.map((k) => p.criteria.find((c) => c.criterion === k)?.scaled);
    const k = contributions(scaled, this.weights, p.excluded);
    const total = score(scaled, this.weights, p.excluded);
    return {
      ...p, preview: true, score: total, scoreClass: scoreClass(total),
      criteria: p.criteria.map((c) => {
        const i = CRITERIA.indexOf(c.criterion);
        return i < 0 ? c : { ...c, weight: this.weights[i], contribution: k === null ? null : k[i] };
      }),
    };
  }

  async open(slug, id) {
    this.el.hidden = false;
    this.el.setAttribute('aria-busy', 'true');
    try {
      const [p] = await Promise.all([api.parcel(slug, id), chartJs()]);
      this.last = p;
      this.render(this.shown());
      this.el.dataset.parcelId = String(id);
      this.el.querySelector('h2').focus();
    } catch (e) {
      showError(e, t('parcel.heading', { id }));
      this.close();
    } finally {
      this.el.removeAttribute('aria-busy');
    }
  }

  close() {
    this.el.hidden = true;
    this.last = null;
    this.lastDiff = null;
    delete this.el.dataset.parcelId;
    delete this.el.dataset.diff;
  }

  /**
   * The difference map's explanation of one parcel: scenario b against a, criterion by criterion
   * (weight, scaled value and contribution in each, and the change in contribution, which sums to
   * the change in score), from the two parcel explanations of the service.
   */
  async openDiff(a, b, id) {
    this.el.hidden = false;
    this.el.setAttribute('aria-busy', 'true');
    try {
      const [pa, pb] = await Promise.all([api.parcel(a, id), api.parcel(b, id), chartJs()]);
      this.last = null;
      this.lastDiff = { a, b, pa, pb };
      this.renderDiff(this.lastDiff);
      this.el.dataset.parcelId = String(id);
      this.el.dataset.diff = `${a}:${b}`;
      this.el.querySelector('h2').focus();
    } catch (e) {
      showError(e, t('parcel.heading', { id }));
      this.close();
    } finally {
      this.el.removeAttribute('aria-busy');
    }
  }

  renderDiff({ a, b, pa, pb }) {
    const en = currentLang() === 'en';
    const byCode = new Map(pb.criteria.map((c) => [c.criterion, c]));
    const rows = pa.criteria.map((ca) => {
      const cb = byCode.get(ca.criterion) ?? {};
      const delta = ca.contribution === null || cb.contribution === null || cb.contribution === undefined
        ? null : cb.contribution - ca.contribution;
      return { code: ca.criterion, label: (en ? ca.labelEn : ca.label) ?? ca.criterion, ca, cb, delta };
    });
    const scoreDelta = pa.score === null || pb.score === null ? null : pb.score - pa.score;
    this.el.querySelector('h2').textContent = t('diff.heading', { id: pa.sourceId ?? pa.parcelId });
    this.el.querySelector('.body').innerHTML = `
      <p data-field="diff-intro">${escapeHtml(t('diff.intro', {
        a, b, scoreA: fmt(pa.score, 1), scoreB: fmt(pb.score, 1), delta: fmt(scoreDelta, 1),
        classA: pa.scoreClass ?? '–', classB: pb.scoreClass ?? '–' }))}</p>
      <p data-field="diff-capacity">${escapeHtml(t('diff.capacity', {
        capA: fmt(pa.capacityM2), capB: fmt(pb.capacityM2), delta: fmt(pb.capacityM2 - pa.capacityM2) }))}</p>
      <h3>${t('diff.chart')}</h3>
      <div class="chart-box"><canvas role="img" aria-label="${t('diff.chart')}"></canvas></div>
      <table class="criteria diff">
        <caption class="visually-hidden">${t('diff.chart')}</caption>
        <thead><tr><th scope="col">${t('diff.criterion')}</th><th scope="col">${t('diff.weights')}</th>
          <th scope="col">${t('diff.scaled')}</th><th scope="col">${t('diff.contribA')}</th>
          <th scope="col">${t('diff.contribB')}</th><th scope="col">${t('diff.delta')}</th></tr></thead>
        <tbody>${rows.map((r) => `<tr data-criterion="${escapeHtml(r.code)}">
          <th scope="row">${escapeHtml(r.label)}</th>
          <td>${fmt(r.ca.weight, 2)} → ${fmt(r.cb.weight, 2)}</td>
          <td>${fmt(r.ca.scaled, 2)} → ${fmt(r.cb.scaled, 2)}</td>
          <td>${fmt(r.ca.contribution, 1)}</td><td>${fmt(r.cb.contribution, 1)}</td>
          <td class="delta ${r.delta > 0.05 ? 'pos' : r.delta < -0.05 ? 'neg' : ''}" data-delta="${r.delta ?? ''}">${fmt(r.delta, 1)}</td></tr>`).join('')}</tbody>
      </table>`;
    if (this.chart) this.chart.destroy();
    const canvas = this.el.querySelector('canvas');
    canvas.parentElement.style.height = `${40 + rows.length * 34}px`;
    // the table above has the numbers; the bars only when Chart.js could be loaded
    this.chart = window.Chart && new Chart(canvas, {
      type: 'bar',
      data: {
        labels: rows.map((r) => wrap(r.label)),
        datasets: [{
          label: t('diff.delta'),
          data: rows.map((r) => r.delta),
          // the diverging ramp's ends: blue up, red down (as the difference map)
          backgroundColor: rows.map((r) => (r.delta >= 0 ? '#2166ac' : '#b2182b')),
        }],
      },
      options: {
        indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false } }, scales: { y: { ticks: { autoSkip: false } } },
      },
    });
  }

  render(p) {
    const allowed = p.allowedFloorAreaM2;
    const rows = [
      ['parcel.area', fmt(p.areaM2), 'm²', 'area'],
      ['parcel.existing', fmt(p.existingFloorAreaM2), 'm²', 'existing'],
      ['parcel.allowed', allowed !== null ? fmt(allowed) : p.noZoning ? t('parcel.noZoning') : t('parcel.heightUnknown'),
        allowed === null ? '' : 'm²', 'allowed'],
      ['parcel.capacity', fmt(p.capacityM2), 'm²', 'capacity'],
      ['parcel.dwellings', fmt(p.extraDwellings, 1), '', 'dwellings'],
      ['parcel.score', fmt(p.score, 1), '', 'score'],
      ['parcel.class', p.scoreClass ?? '–', '', 'class'],
    ];
    this.el.querySelector('h2').textContent = t('parcel.heading', { id: p.sourceId ?? p.parcelId });
    const en = currentLang() === 'en';
    const criteria = p.criteria.map((c) => ({
      ...c, label: (en ? c.labelEn : c.label) ?? c.criterion, unit: c.unit === 'm2' ? 'm²' : c.unit,
      sentence: en ? c.sentenceEn : c.sentence,
    }));
    this.el.dataset.preview = String(Boolean(p.preview));
    this.el.querySelector('.body').innerHTML = `
      ${p.preview ? `<p class="preview-marker" data-field="preview" role="status">${escapeHtml(t('preview.parcel'))}</p>` : ''}
      ${p.excluded ? `<p class="notice" data-field="excluded">${escapeHtml(t('parcel.excluded', { reason: exclusionText(p.exclusionReason) ?? '' }))}</p>` : ''}
      <dl class="numbers">${rows.map(([k, v, u, key]) =>
        `<div data-field="${key}"><dt>${t(k)}</dt><dd>${escapeHtml(v)}${u ? ' ' + u : ''}</dd></div>`).join('')}</dl>
      <p class="sentence" data-field="sentence">${escapeHtml((en ? p.sentenceEn : p.sentence) ?? '')}</p>
      ${zoningRules(p.zoning ?? [], en)}
      <h3>${t('parcel.chart')}</h3>
      <div class="chart-box"><canvas role="img" aria-label="${t('parcel.chart.aria')}"></canvas></div>
      <table class="criteria">
        <caption class="visually-hidden">${t('parcel.chart')}</caption>
        <thead><tr><th scope="col">${t('parcel.criterion')}</th><th scope="col">${t('parcel.raw')}</th>
          <th scope="col">${t('parcel.weight')}</th><th scope="col">${t('parcel.contribution')}</th></tr></thead>
        <tbody>${criteria.map((c) => `<tr data-criterion="${escapeHtml(c.criterion)}">
          <th scope="row" title="${escapeHtml(c.sentence ?? '')}">${escapeHtml(c.label)}</th>
          <td>${fmt(c.raw, 1)}${c.unit ? ' ' + escapeHtml(c.unit) : ''}</td>
          <td>${fmt(c.weight, 2)}</td><td class="contribution">${fmt(c.contribution, 1)}</td></tr>`).join('')}</tbody>
      </table>`;
    if (this.chart) this.chart.destroy();
    const canvas = this.el.querySelector('canvas');
    canvas.parentElement.style.height = `${40 + criteria.length * 34}px`;
    // the table above has the numbers; the bars only when Chart.js could be loaded
    this.chart = window.Chart && new Chart(canvas, {
      type: 'bar',
      data: {
        labels: criteria.map((c) => wrap(c.label)),
        datasets: [{
          label: t('parcel.contribution'),
          data: criteria.map((c) => c.contribution),
          backgroundColor: criteria.map((c) => (c.contribution >= 0 ? '#2b8cbe' : '#e34a33')),
        }],
      },
      options: {
        indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } },
      },
    });
  }
}

/** Chart.js draws an array label as lines: keeps long criterion names inside the panel. */
function wrap(label, width = 16) {
  const lines = [];
  let line = '';
  for (const word of String(label).split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
