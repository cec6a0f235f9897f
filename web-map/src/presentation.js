// The presentation source of the service (GET /api/presentation, kept by the browser and
// revalidated with its ETag): layer titles, colour classes and legend labels, criterion labels,
// exclusion reasons and the scenario parameter ranges, in Dutch and English. GeoServer's SLD
// styles and the parcel explanation are made from the same definitions, so the map, WMS/QGIS and
// the parcel panel say and show the same. UI chrome strings stay in i18n.js.
import { api } from './api.js';
import { currentLang } from './i18n.js';

let source = null;

export async function loadPresentation() {
  source = await api.presentation();
  return source;
}

/** A {nl, en} text in the current language. */
export function text(t) {
  if (!t) return '';
  return t[currentLang()] ?? t.nl;
}

/** The layers the map lists, in the source's order. */
export function mapLayers() {
  return (source?.layers ?? []).filter((l) => l.map);
}

/** A layer of the source by id, listed on the map or not (the difference map's ramps are not). */
export function layerById(id) {
  return (source?.layers ?? []).find((l) => l.id === id) ?? null;
}

export function criterionLabel(code) {
  const c = source?.criteria.find((x) => x.code === code);
  return c ? text(c.label) : null;
}

export function paramRange(key) {
  return source?.params.find((p) => p.key === key) ?? null;
}

export function paramLabel(key) {
  const p = paramRange(key);
  return p ? text(p.label) : null;
}

export function weightRange() {
  return source?.weights ?? { min: 0, max: 1, step: 0.01 };
}

export function exclusionText(code) {
  const e = source?.exclusions.find((x) => x.code === code);
  return e ? text(e.text) : code;
}

/**
 * The class of a feature, as GeoServer's SLD picks it: a class with a value matches that value
 * (compared as text), a range [min, max) a number inside it; an else class takes what no other
 * class matches, a missing value included.
 */
export function classOf(layer, props) {
  const raw = layer.property ? props[layer.property] : undefined;
  const present = raw !== undefined && raw !== null && raw !== '';
  for (const c of layer.classes) {
    if (c.else || !present) continue;
    if (c.value !== null && c.value !== undefined) {
      if (String(raw) === c.value) return c;
    } else {
      const v = Number(raw);
      if ((c.min === null || c.min === undefined || v >= c.min) && (c.max === null || c.max === undefined || v < c.max)) return c;
    }
  }
  return layer.classes.find((c) => c.else) ?? null;
}
