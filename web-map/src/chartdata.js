// Chart series of the neighbourhood charts and the report, from the neighbourhood results API
// (GET /api/scenarios/{slug}/neighbourhoods) and the presentation source's score classes. Pure:
// no DOM, no Chart.js, so node:test checks the numbers the charts draw.
import { normaliseWeights } from './score.js';

/**
 * Live re-weighting: a neighbourhood's mean score is linear in the weights, so with the mean
 * scaled criteria of its scored parcels (meanScaled, in score.js's CRITERIA order) the preview is
 * exact: 100 x sum_k w_k x mean(v_k). Undefined when there is nothing to preview.
 */
export function previewMeanScore(row, normalisedWeights) {
  if (!normalisedWeights || !Array.isArray(row.meanScaled) || row.meanScore === null || row.meanScore === undefined) {
    return undefined;
  }
  return row.meanScaled.reduce((sum, v, k) => (v === null ? sum : sum + 100 * normalisedWeights[k] * v), 0);
}

/** A {nl, en} text of the presentation source in a language. */
function inLang(text, lang) {
  return text ? (text[lang] ?? text.nl) : '';
}

/**
 * The series of the four neighbourhood charts, neighbourhoods in name order.
 *
 * @param rows       the API's rows (name, code, capacityM2, pop65plusPct, ageingFit, parcels,
 *                   parcelsPerClass {"1": n, ...}, meanScore, meanScaled)
 * @param scoreLayer the presentation source's 'score' layer (classes with value, colour, label)
 * @param lang       'nl' or 'en'
 * @param weights    raw weights of a live preview, or null for the run's own numbers
 * @param previewClasses during a preview, the service's parcels per class for those weights
 *                   ({neighbourhoodId: {"1": n, ...}}, GET .../neighbourhoods/classes), or null:
 *                   the run's own class counts
 */
export function neighbourhoodSeries(rows, scoreLayer, lang, weights = null, previewClasses = null) {
  const sorted = [...(rows ?? [])].sort((a, b) => String(a.name ?? a.code).localeCompare(String(b.name ?? b.code), lang));
  const labels = sorted.map((r) => r.name ?? r.code);
  const w = weights ? normaliseWeights(weights) : null;
  const classesPreviewed = Boolean(w && previewClasses);
  const classes = (scoreLayer?.classes ?? []).filter((c) => !c.else);
  const other = (scoreLayer?.classes ?? []).find((c) => c.else);
  const perClass = classes.map((c) => ({
    value: c.value, label: inLang(c.label, lang), colour: c.colour,
    data: sorted.map((r) => Number((classesPreviewed ? previewClasses[r.neighbourhoodId] : r.parcelsPerClass)?.[c.value] ?? 0)),
  }));
  // parcels without a class (excluded, or no score) make the bar add up to the parcel count
  perClass.push({
    value: null, label: inLang(other?.label, lang) || (lang === 'en' ? 'No class' : 'Geen klasse'),
    colour: other?.colour ?? '#9e9e9e',
    data: sorted.map((r, i) => Math.max(0, r.parcels - perClass.reduce((s, c) => s + c.data[i], 0))),
  });
  const meanScore = sorted.map((r) => {
    const p = previewMeanScore(r, w);
    return p === undefined ? r.meanScore : p;
  });
  return {
    labels,
    capacity: sorted.map((r) => r.capacityM2),
    ageing: sorted.filter((r) => r.pop65plusPct !== null && r.pop65plusPct !== undefined && r.ageingFit !== null)
      .map((r) => ({ x: r.pop65plusPct, y: r.ageingFit, label: r.name ?? r.code })),
    perClass,
    meanScore,
    preview: Boolean(w) && sorted.some((r) => previewMeanScore(r, w) !== undefined),
    classesPreviewed,
  };
}

/**
 * The n parcels with the highest score among GeoJSON features of results (properties score,
 * parcel_id), highest first; ties by parcel id so that the list is stable.
 */
export function topParcels(features, n = 10) {
  return (features ?? [])
    .filter((f) => f.properties && f.properties.score !== null && f.properties.score !== undefined)
    .sort((a, b) => (b.properties.score - a.properties.score) || (a.properties.parcel_id - b.properties.parcel_id))
    .slice(0, n);
}
