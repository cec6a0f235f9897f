// The neighbourhood table with the ageing lens, sortable by every column (buttons in the
// headers, so sorting works from the keyboard and aria-sort tells screen readers the order).
import { t, fmt, onLangChange } from '../i18n.js';
import { escapeHtml } from '../layers.js';
import { normaliseWeights } from '../score.js';
import { previewMeanScore } from '../chartdata.js';

const COLUMNS = [
  { key: 'name', label: 'nbh.name', get: (r) => r.name ?? r.code, text: true },
  { key: 'pop65', label: 'nbh.pop65', get: (r) => r.pop65plusPct, digits: 1 },
  { key: 'parcels', label: 'nbh.parcels', get: (r) => r.parcels },
  { key: 'capacity', label: 'nbh.capacity', get: (r) => r.capacityM2 },
  { key: 'dwellings', label: 'nbh.dwellings', get: (r) => r.extraDwellings },
  { key: 'meanScore', label: 'nbh.meanScore', get: (r) => r.previewMeanScore ?? r.meanScore, digits: 1 },
  { key: 'fit', label: 'nbh.fit', get: (r) => r.ageingFit, digits: 0 },
];

export class NeighbourhoodTable {
  constructor(el) {
    this.el = el;
    this.rows = [];
    this.sort = { key: 'fit', dir: -1 };
    onLangChange(() => this.preview(this.weights ?? null));
  }

  setRows(rows) { this.rows = rows ?? []; this.preview(this.weights ?? null); }

  /** Live re-weighting: the mean score with other weights (chartdata.js previewMeanScore, exact). */
  preview(rawWeights) {
    this.weights = rawWeights;
    const w = rawWeights ? normaliseWeights(rawWeights) : null;
    for (const r of this.rows) r.previewMeanScore = previewMeanScore(r, w);
    const marker = this.el.parentElement?.querySelector('#nbh-preview');
    if (marker) {
      marker.hidden = !w;
      marker.textContent = t('preview.nbh');
    }
    this.render();
  }

  render() {
    if (!this.rows.length) { this.el.innerHTML = `<p class="muted">${t('nbh.empty')}</p>`; return; }
    const col = COLUMNS.find((c) => c.key === this.sort.key);
    const sorted = [...this.rows].sort((a, b) => {
      const x = col.get(a); const y = col.get(b);
      if (x === null) return 1;
      if (y === null) return -1;
      return (col.text ? String(x).localeCompare(String(y)) : x - y) * this.sort.dir;
    });
    this.el.innerHTML = `<div class="table-wrap"><table class="data sortable">
      <caption>${t('nbh.caption')}</caption>
      <thead><tr>${COLUMNS.map((c) => {
        const aria = c.key === this.sort.key ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none';
        const arrow = c.key === this.sort.key ? (this.sort.dir > 0 ? '▲' : '▼') : '';
        return `<th scope="col" aria-sort="${aria}"><button type="button" data-key="${c.key}"
          aria-label="${t('nbh.sortBy', { col: t(c.label) })}">${t(c.label)} <span aria-hidden="true">${arrow}</span></button></th>`;
      }).join('')}</tr></thead>
      <tbody>${sorted.map((r) => `<tr>${COLUMNS.map((c, i) => {
        const v = c.get(r);
        const cell = c.text ? escapeHtml(v ?? '') : fmt(v, c.digits ?? 0);
        const preview = c.key === 'meanScore' && r.previewMeanScore !== undefined ? ' class="preview" data-preview="true"' : '';
        return i === 0 ? `<th scope="row">${cell}</th>` : `<td${preview}>${cell}</td>`;
      }).join('')}</tr>`).join('')}</tbody></table></div>`;
    this.el.querySelectorAll('thead button').forEach((b) => b.addEventListener('click', () => {
      const key = b.dataset.key;
      this.sort = { key, dir: this.sort.key === key ? -this.sort.dir : (key === 'name' ? 1 : -1) };
      this.render();
      this.el.querySelector(`thead button[data-key="${key}"]`).focus();
    }));
  }
}
