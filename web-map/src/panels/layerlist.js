// The layer panel: one row per layer with an on/off switch, an opacity slider and its legend.
// Keeps the Leaflet layers in sync with the chosen scenario and the data versions.
import { LAYERS, buildLayer, legendHtml, wmsLegendUrl, restyle } from '../layers.js';
import { t, onLangChange } from '../i18n.js';
import { writeUrl } from '../url.js';
import { showError } from './messages.js';

export class LayerList {
  constructor(el, map, { wms, onParcelClick, visible }) {
    this.el = el;
    this.map = map;
    this.wms = wms;
    this.onParcelClick = onParcelClick;
    this.slug = null;
    this.state = Object.fromEntries(LAYERS.map((d) => [d.id, {
      on: visible ? visible.includes(d.id) : Boolean(d.defaultOn), opacity: 0.8, entry: null, error: null,
    }]));
    this.versions = {};
    writeUrl({ layers: this.visibleIds() });
    this.render();
    onLangChange(() => this.render());
  }

  visibleIds() { return LAYERS.filter((d) => this.state[d.id].on).map((d) => d.id); }

  render() {
    this.el.replaceChildren();
    for (const def of LAYERS) {
      const s = this.state[def.id];
      const li = document.createElement('li');
      li.className = 'layer-row';
      const name = def.title();
      // in WMS mode the legend one sees is GeoServer's own (GetLegendGraphic of the SLD it draws with)
      const legendUrl = wmsLegendUrl(def, this.slug, this.wms);
      const unavailable = s.error || (def.results && !this.slug);
      li.innerHTML = `
        <div class="layer-head">
          <label><input type="checkbox" id="layer-${def.id}" ${s.on ? 'checked' : ''}
            aria-describedby="legend-${def.id}"> ${name}</label>
          ${unavailable ? `<span class="muted small">${t('layers.unavailable')}</span>` : ''}
          <input type="range" class="opacity" min="0" max="1" step="0.05" value="${s.opacity}"
            aria-label="${t('layers.opacity', { name })}" title="${t('layers.opacity', { name })}">
        </div>
        <ul class="legend${legendUrl ? ' wms' : ''}" id="legend-${def.id}" aria-label="${name}" ${s.on ? '' : 'hidden'}>${legendHtml(def, legendUrl)}</ul>`;
      const [check, range] = li.querySelectorAll('input');
      check.addEventListener('change', () => this.toggle(def.id, check.checked));
      range.addEventListener('input', () => {
        s.opacity = Number(range.value);
        s.entry?.layer.setOpacity(s.opacity);
      });
      this.el.append(li);
    }
  }

  async toggle(id, on) {
    this.state[id].on = on;
    writeUrl({ layers: this.visibleIds() });
    this.el.querySelector(`#legend-${id}`).hidden = !on;
    if (on) await this.show(id); else this.hide(id);
  }

  hide(id) {
    const s = this.state[id];
    if (s.entry) this.map.removeLayer(s.entry.layer);
    s.entry = null;
  }

  /** Adds a layer from a fresh TileJSON; resolves when its first tiles are drawn (or it failed). */
  async show(id) {
    const def = LAYERS.find((d) => d.id === id);
    const s = this.state[id];
    let built;
    try {
      built = await buildLayer(def, this.slug, { wms: this.wms, onParcelClick: this.onParcelClick, map: this.map });
      s.error = null;
    } catch (e) {
      s.error = e;
      if (e.status !== 404) showError(e, def.title());
      this.render();
      return;
    }
    if (!built || !s.on) return;
    this.hide(id);
    s.entry = built;
    this.versions[id] = built.version;
    built.layer.setOpacity(this.diffLayer ? 0 : s.opacity);
    const loaded = new Promise((resolve) => {
      built.layer.once('load', resolve);
      setTimeout(resolve, 4000);
    });
    built.layer.addTo(this.map);
    this.map.fire('infill-layer-requested', { id });
    await loaded;
  }

  /** Rebuilds the visible layers (new scenario or a new results version: new tile URLs). */
  async refresh(slug, { resultsOnly = false } = {}) {
    this.slug = slug;
    const ids = LAYERS.filter((d) => this.state[d.id].on && (!resultsOnly || d.results)).map((d) => d.id);
    if (!resultsOnly) this.render();
    await Promise.all(ids.map((id) => this.show(id)));
    this.render();
  }

  /**
   * Recolours the visible layers that follow the weights (live re-weighting) from the tiles they
   * hold; resolves when they are painted, to the number of tiles painted.
   */
  async restyleWeighted() {
    const jobs = LAYERS.filter((def) => def.weighted && this.state[def.id].entry)
      .map((def) => restyle(this.state[def.id].entry.layer));
    return (await Promise.all(jobs)).reduce((a, b) => a + b, 0);
  }

  /**
   * Fetches the scaled criteria beside the score tiles on screen (vectortiles.js sideOnScreen)
   * before a first slider move needs them: called when the weights' tab opens, so that move
   * recolours at once instead of waiting for the fetches. Nothing is repainted.
   */
  prefetchCriteria() {
    for (const def of LAYERS.filter((d) => d.weighted && this.state[d.id].entry)) {
      this.state[def.id].entry.layer.sideOnScreen?.();
    }
  }

  /** Restyles the results layer from a parcel -> colour function (the difference map). */
  overlay(layer) {
    if (this.diffLayer) this.map.removeLayer(this.diffLayer);
    this.diffLayer = layer;
    // while the difference map shows, the thematic layers step back so its colours read true
    for (const s of Object.values(this.state)) s.entry?.layer.setOpacity(layer ? 0 : s.opacity);
    if (layer) layer.addTo(this.map);
  }
}
