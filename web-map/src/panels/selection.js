// Selection: draw a polygon (Leaflet-Geoman, started from our own keyboard-reachable button) or
// pick a neighbourhood; the summary comes from POST /api/query/intersects and the export from
// POST /api/export?format= with the same query body.
import { api } from '../api.js';
import { t, fmt, onLangChange, currentLang } from '../i18n.js';
import { escapeHtml } from '../layers.js';
import { showError } from './messages.js';
import { geoman } from '../lazy.js';

export class SelectionPanel {
  constructor(el, map) {
    this.el = el;
    this.map = map;
    this.slug = null;
    this.geometry = null;
    this.summary = null;
    this.shape = null;
    map.on('pm:create', (e) => {
      if (e.shape !== 'Polygon') return;
      e.layer.pm?.disable();
      this.select(e.layer.toGeoJSON().geometry, e.layer);
    });
    el.querySelector('#draw-button').addEventListener('click', async () => {
      let pm;
      try {
        pm = await this.drawing();
      } catch (e) {
        showError(e, t('selection.draw'));
        return;
      }
      this.el.querySelector('#draw-hint').hidden = false;
      pm.setLang(currentLang() === 'en' ? 'en' : 'nl');
      pm.enableDraw('Polygon', {
        allowSelfIntersection: false, snappable: false, continueDrawing: false,
        pathOptions: { color: '#0b5394', weight: 3, fillOpacity: 0.08 },
        templineStyle: { color: '#0b5394', weight: 3 }, hintlineStyle: { color: '#0b5394', dashArray: '5,5' },
      });
    });
    el.querySelector('#clear-button').addEventListener('click', () => this.clear());
    el.querySelector('#nbh-pick').addEventListener('change', (e) => this.pickNeighbourhood(e.target.value));
    el.querySelector('#export-form').addEventListener('submit', (e) => { e.preventDefault(); this.export(); });
    onLangChange(() => this.renderSummary());
  }

  /**
   * Leaflet-Geoman, loaded on the first drawing (lazy.js), drawing into the selection pane; the
   * first vertex clicked again closes the polygon (as Leaflet.draw did), snapping off so a vertex
   * lands where it is clicked.
   */
  async drawing() {
    const pm = await geoman(this.map);
    if (!this.drawingSet) {
      pm.setGlobalOptions({ panes: { layerPane: 'infillSelection', vertexPane: 'markerPane', markerPane: 'markerPane' } });
      this.drawingSet = true;
    }
    return pm;
  }

  setScenario(slug) {
    this.slug = slug;
    if (this.geometry) this.query();
  }

  setNeighbourhoods(rows) {
    const sel = this.el.querySelector('#nbh-pick');
    sel.innerHTML = `<option value="" data-i18n="selection.pickNone">${t('selection.pickNone')}</option>` + rows.map((r) =>
      `<option value="${escapeHtml(r.neighbourhoodId)}">${escapeHtml(r.name ?? r.code)}</option>`).join('');
  }

  async pickNeighbourhood(id) {
    if (!id) return;
    try {
      const f = await api.feature('neighbourhoods', id);
      const layer = L.geoJSON(f.geometry);
      this.select(f.geometry, layer);
      this.map.fitBounds(layer.getBounds(), { padding: [20, 20] });
    } catch (e) {
      showError(e, t('selection.pick'));
    }
  }

  /** The query body of POST /api/query/intersects and POST /api/export (WGS84 GeoJSON). */
  query() {
    return { geometry: this.geometry, crs: 'EPSG:4326', scenario: this.slug };
  }

  async select(geometry, layer) {
    this.el.querySelector('#draw-hint').hidden = true;
    if (this.shape) this.map.removeLayer(this.shape);
    this.shape = layer;
    layer.setStyle?.({ color: '#0b5394', weight: 3, fillOpacity: 0.08 });
    layer.addTo(this.map);
    this.geometry = geometry;
    if (!this.slug) return;
    this.el.setAttribute('aria-busy', 'true');
    try {
      // the summary covers every match; one feature is enough to keep the answer small
      const res = await api.intersects({ ...this.query(), limit: 1 });
      this.summary = res.summary;
      this.renderSummary();
      this.el.querySelector('#export-form').hidden = false;
    } catch (e) {
      showError(e, t('selection.summary'));
    } finally {
      this.el.removeAttribute('aria-busy');
    }
  }

  clear() {
    if (this.shape) this.map.removeLayer(this.shape);
    this.shape = null;
    this.geometry = null;
    this.summary = null;
    this.el.querySelector('#nbh-pick').value = '';
    this.el.querySelector('#export-form').hidden = true;
    this.renderSummary();
  }

  renderSummary() {
    const box = this.el.querySelector('#selection-summary');
    const s = this.summary;
    if (!s) { box.innerHTML = `<p class="muted">${t('selection.empty')}</p>`; return; }
    const perClass = s.parcelsPerClass;
    box.innerHTML = `<h3>${t('selection.summary')}</h3>
      <dl class="numbers">
        <div data-field="count"><dt>${t('selection.parcels')}</dt><dd>${fmt(s.count)}</dd></div>
        <div data-field="capacity"><dt>${t('selection.capacity')}</dt><dd>${fmt(s.capacityM2)}</dd></div>
        <div data-field="dwellings"><dt>${t('selection.dwellings')}</dt><dd>${fmt(s.dwellings, 1)}</dd></div>
        <div data-field="meanScore"><dt>${t('selection.meanScore')}</dt><dd>${fmt(s.meanScore, 1)}</dd></div>
      </dl>
      <table class="data per-class"><caption>${t('selection.perClass')}</caption>
        <thead><tr>${[1, 2, 3, 4, 5].map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>
        <tbody><tr>${[1, 2, 3, 4, 5].map((c) => `<td data-class="${c}">${fmt(perClass[String(c)] ?? 0)}</td>`).join('')}</tr></tbody>
      </table>`;
  }

  async export() {
    const format = this.el.querySelector('#export-format').value;
    try {
      const { blob, filename } = await api.exportSelection(format, this.query());
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = filename ?? `infill-${this.slug}.${format === 'gpkg' ? 'gpkg' : format === 'csv' ? 'csv' : 'geojson'}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      showError(e, t('selection.export'));
    }
  }
}
