// The parcel panel: the numbers of one parcel, a bar chart of each criterion's contribution and
// the plain sentence, all from GET /api/scenarios/{slug}/parcels/{id}.
import { api } from '../api.js';
import { t, fmt, onLangChange, currentLang } from '../i18n.js';
import { escapeHtml } from '../layers.js';
import { showError } from './messages.js';
import { exclusionText } from '../presentation.js';

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
    onLangChange(() => { if (this.last) this.render(this.last); });
  }

  async open(slug, id) {
    this.el.hidden = false;
    this.el.setAttribute('aria-busy', 'true');
    try {
      const p = await api.parcel(slug, id);
      this.last = p;
      this.render(p);
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
    delete this.el.dataset.parcelId;
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
    this.el.querySelector('.body').innerHTML = `
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
    this.chart = new Chart(canvas, {
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
