// The score formula of the service (service/src/main/resources/sql/analysis/score.sql), for the
// browser's live preview while weight sliders move. Pure: no DOM, no imports, so node:test runs
// it and the map runs the very same file. What it computes from must be what score.sql computes
// from: each parcel's scaled criteria v_k (0..1, stored by the run and carried in the results
// tiles as v_<criterion>) and its exclusion (decided by the run's parameters, not by weights).
// Weighted linear combination (Malczewski 2000): S = sum_k 100 x w_k x v_k with the weights
// normalised to sum 1, summed in the criteria's order as score.sql does, so that the browser's
// score equals the stored one to the last bits (ScoreAgreementIT holds it to 1e-9).

/** The criteria in the order of score.sql's arrays and the service's Criterion enum. */
export const CRITERIA = Object.freeze(['capacity', 'underuse', 'obsolescence', 'transformation', 'amenities', 'ageing',
  'soft_constraints']);

/** Tile property that carries a criterion's scaled value (results.sql). */
export function scaledProperty(criterion) {
  return `v_${criterion}`;
}

/**
 * Weights as the service stores them (Weights.stored): unknown, negative or non-finite entries
 * weigh 0, the rest divided by their sum; all 0 when nothing weighs.
 */
export function normaliseWeights(raw) {
  const w = CRITERIA.map((k) => {
    const v = raw?.[k];
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  });
  const sum = w.reduce((a, b) => a + b, 0);
  return sum > 0 ? w.map((v) => v / sum) : w;
}

/**
 * Contributions 100 x w_k x v_k of a parcel, in CRITERIA order; null when the parcel is excluded
 * or a scaled value is missing (SQL's NULL arithmetic gives no score then either).
 * `scaled` is an array in CRITERIA order; `weights` normalised (normaliseWeights).
 */
export function contributions(scaled, weights, excluded = false) {
  if (excluded) return null;
  const out = new Array(CRITERIA.length);
  for (let k = 0; k < CRITERIA.length; k++) {
    const v = scaled[k];
    if (v === null || v === undefined) return null;
    out[k] = 100 * weights[k] * v;
  }
  return out;
}

/** S = the contributions summed left to right (score.sql's k_capacity + k_underuse + ...). */
export function score(scaled, weights, excluded = false) {
  const k = contributions(scaled, weights, excluded);
  if (k === null) return null;
  let total = k[0];
  for (let i = 1; i < k.length; i++) total += k[i];
  return total;
}

/** Score class as score.sql assigns it: least(5, floor(S / 20) + 1); null without a score. */
export function scoreClass(s) {
  if (s === null || s === undefined || Number.isNaN(s)) return null;
  return Math.min(5, Math.floor(s / 20) + 1);
}

/** The scaled values of a results tile feature, in CRITERIA order (undefined where absent). */
export function scaledOf(props) {
  return CRITERIA.map((c) => props[scaledProperty(c)]);
}

/**
 * The preview of one results tile feature: {score, scoreClass} for these normalised weights, or
 * null when the feature carries no scaled values (tiles of an older service).
 */
export function previewFeature(props, weights) {
  if (props[scaledProperty(CRITERIA[0])] === undefined && !props.excluded) return null;
  const s = score(scaledOf(props), weights, props.excluded === true);
  return { score: s, scoreClass: scoreClass(s) };
}
