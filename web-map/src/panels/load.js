// The load dialog (issue 16 part 3, role editor): load a layer from a file (POST
// /api/layers/{layer}/loads, multipart) or harvest it from an OGC API - Features server (POST
// /api/layers/{layer}/harvests), follow its progress (GET /api/loads/{id}) and read its report:
// counts, repairs and the rejected features with the reason. Every load is all-or-nothing in the
// service, so a failed one leaves the layer as it was; the report says what was wrong and where.
import { api, signedInUser } from '../api.js';
import { t, fmt, onLangChange } from '../i18n.js';
import { escapeHtml } from '../layers.js';
import { showError } from './messages.js';

const POLL_MS = 500;
const LAYERS = ['parcels', 'buildings', 'zoning', 'amenities', 'neighbourhoods', 'streets', 'constraints'];

function located(x) {
  return typeof x.lon === 'number' && typeof x.lat === 'number';
}

export class LoadPanel {
  constructor(el, { onLoaded, onLocate }) {
    this.el = el;
    this.onLoaded = onLoaded ?? (() => {});
    // a rejection with a location: the map zooms to it and marks it
    this.onLocate = onLocate ?? (() => {});
    const layer = el.querySelector('#load-layer');
    layer.innerHTML = LAYERS.map((l) => `<option value="${l}">${l}</option>`).join('');
    el.querySelectorAll('input[name=load-source]').forEach((r) => r.addEventListener('change', () => this.sourceChanged()));
    el.querySelector('#load-form').addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    this.sourceChanged();
    // the status line and the report are written again in the other language on a switch
    onLangChange(() => {
      if (this.shown) this.status(...this.shown);
      if (this.report) this.renderReport(this.report);
    });
  }

  source() { return this.el.querySelector('input[name=load-source]:checked').value; }

  sourceChanged() {
    const file = this.source() === 'file';
    this.el.querySelector('#load-file-fields').hidden = !file;
    this.el.querySelector('#load-ogc-fields').hidden = file;
  }

  /** The status line: an i18n key, its values (numbers formatted in the page's language), a class, a suffix as is. */
  status(key, vars = {}, cls = '', suffix = '') {
    this.shown = [key, vars, cls, suffix];
    const s = this.el.querySelector('#load-status');
    const formatted = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'number' ? fmt(v) : v]));
    s.textContent = t(key, formatted) + suffix;
    s.className = `status ${cls}`;
  }

  async submit() {
    if (!signedInUser()) { this.status('scenario.needSignIn', {}, 'warn'); return; }
    const layer = this.el.querySelector('#load-layer').value;
    const preset = this.el.querySelector('#load-preset').value.trim();
    const button = this.el.querySelector('#load-submit');
    const bar = this.el.querySelector('#load-progress');
    this.el.querySelector('#load-report').replaceChildren();
    button.disabled = true;
    bar.hidden = false;
    bar.removeAttribute('value');
    try {
      let report;
      if (this.source() === 'file') {
        const file = this.el.querySelector('#load-file').files[0];
        if (!file) { this.status('load.noFile', {}, 'warn'); return; }
        const form = new FormData();
        form.append('file', file);
        if (preset) form.append('preset', preset);
        this.status('load.uploading', { name: file.name });
        report = await api.load(layer, form);
      } else {
        const body = { url: this.el.querySelector('#load-url').value.trim(), collection: this.el.querySelector('#load-collection').value.trim() };
        if (preset) body.preset = preset;
        const bbox = this.el.querySelector('#load-bbox').value.trim();
        if (bbox) body.bbox = bbox;
        report = await api.harvest(layer, body);
      }
      while (report.status === 'running') {
        const pct = report.harvest?.percent;
        if (pct !== null && pct !== undefined) bar.value = pct;
        this.status('load.running', { features: report.harvest?.features ?? report.read ?? 0 });
        await new Promise((res) => setTimeout(res, POLL_MS));
        report = await api.loadReport(report.id);
      }
      bar.value = 100;
      this.renderReport(report);
      if (report.status === 'succeeded') {
        this.status('load.done', { loaded: report.loaded, layer }, 'ok');
        await this.onLoaded(layer, report);
      } else {
        this.status('load.failed', { message: report.message ?? '' }, 'error');
      }
    } catch (e) {
      showError(e, t('load.heading'));
      this.status('load.failed', { message: e.message ?? '' }, 'error', e.where ? ` (${e.where})` : '');
    } finally {
      button.disabled = false;
      bar.hidden = true;
    }
  }

  renderReport(r) {
    this.report = r;
    const rows = [['load.read', r.read], ['load.loaded', r.loaded], ['load.repaired', r.repaired], ['load.rejected', r.rejected]];
    this.el.querySelector('#load-report').innerHTML = `
      <dl class="numbers" data-status="${escapeHtml(r.status)}">${rows.map(([k, v]) =>
        `<div data-field="${k.split('.')[1]}"><dt>${t(k)}</dt><dd>${fmt(v)}</dd></div>`).join('')}</dl>
      ${r.message ? `<p class="notice" data-field="message">${escapeHtml(r.message)}${r.where ? ` (${escapeHtml(r.where)})` : ''}</p>` : ''}
      ${r.rejections?.length ? `<table class="data rejections"><caption>${t('load.rejections')}</caption>
        <thead><tr><th scope="col">${t('load.index')}</th><th scope="col">${t('load.reason')}</th><th scope="col">${t('load.where')}</th></tr></thead>
        <tbody>${r.rejections.map((x, i) => `<tr data-index="${escapeHtml(x.index)}"><td>${fmt(x.index)}</td><td>${escapeHtml(x.reason)}</td>
          <td>${located(x) ? `<button type="button" class="link" data-rejection="${i}"
            aria-label="${escapeHtml(t('load.locate.aria', { index: x.index }))}">${t('load.locate')}</button>`
            : `<span class="muted" data-field="no-location">${t('load.noLocation')}</span>`}</td></tr>`).join('')}</tbody>
      </table>` : ''}`;
    this.el.querySelectorAll('#load-report button[data-rejection]').forEach((b) => b.addEventListener('click', () => {
      const x = r.rejections[Number(b.dataset.rejection)];
      this.onLocate(x.lon, x.lat, x);
    }));
  }
}
