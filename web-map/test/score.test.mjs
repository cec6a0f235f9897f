// node --test: the browser's score formula (src/score.js) against score.sql's definition and
// the service's criteria order. The agreement with stored scores to 1e-9 is ScoreAgreementIT's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CRITERIA, normaliseWeights, contributions, score, scoreClass, previewFeature, scaledProperty } from '../src/score.js';

const root = new URL('../../service/src/main/', import.meta.url);

test('criteria are in the order of the presentation source and of the scaled array in score.sql', () => {
  const presentation = JSON.parse(readFileSync(new URL('resources/presentation/presentation.json', root), 'utf8'));
  assert.deepEqual(presentation.criteria.map((c) => c.code), [...CRITERIA]);
  const sql = readFileSync(new URL('resources/sql/analysis/score.sql', root), 'utf8');
  const array = sql.match(/ARRAY\[t\.v_capacity[^\]]*\]/)[0];
  assert.equal(array, 'ARRAY[t.v_capacity, t.v_underuse, t.v_obsolescence, t.v_transformation, t.v_amenities, t.v_ageing, t.v_soft]');
});

test('the results tiles\' side channel carries every scaled criterion in score.sql\'s order, after id, excluded and reason', () => {
  // layers.js mergeCriteria reads row[3 + k] as CRITERIA[k]
  const sql = readFileSync(new URL('resources/sql/tiles/results-criteria.sql', root), 'utf8');
  const scaled = CRITERIA.map((c, i) => `t\\.scaled\\[${i + 1}\\]`).join(',\\s*');
  assert.match(sql, new RegExp(`json_build_array\\(t\\.parcel_id, t\\.excluded, t\\.exclusion_reason, ${scaled}\\)`));
  // and the tile itself leaves them out (its bytes are what every first view decodes)
  assert.doesNotMatch(readFileSync(new URL('resources/sql/tiles/results.sql', root), 'utf8'), /scaled\[/);
  assert.equal(scaledProperty('capacity'), 'v_capacity');
});

test('weights are normalised to sum 1 as the service stores them, negatives and unknowns weighing 0', () => {
  const w = normaliseWeights({ capacity: 2, amenities: 6, underuse: -1, bogus: 5 });
  assert.deepEqual(w, [0.25, 0, 0, 0, 0.75, 0, 0]);
  assert.deepEqual(normaliseWeights({}), [0, 0, 0, 0, 0, 0, 0]);
});

test('the score is 100 times the weighted sum of the scaled criteria', () => {
  const w = normaliseWeights({ capacity: 1, underuse: 1, obsolescence: 1, transformation: 1, amenities: 1, ageing: 1,
    soft_constraints: 2 });
  const v = [0.9, 0.5, 0.25, 0, 1, 0.4, 1];
  const expected = 100 * (0.9 + 0.5 + 0.25 + 0 + 1 + 0.4 + 2 * 1) / 8;
  assert.ok(Math.abs(score(v, w) - expected) < 1e-12);
  const k = contributions(v, w);
  assert.equal(k.length, 7);
  assert.ok(Math.abs(k.reduce((a, b) => a + b) - score(v, w)) < 1e-12);
});

test('an excluded parcel or one with a missing scaled value has no score, as in SQL', () => {
  const w = normaliseWeights({ capacity: 1 });
  assert.equal(score([1, 1, 1, 1, 1, 1, 1], w, true), null);
  assert.equal(score([1, null, 1, 1, 1, 1, 1], w), null);
  assert.equal(scoreClass(null), null);
});

test('classes follow least(5, floor(S / 20) + 1): breaks at 20, 40, 60 and 80, 100 in class 5', () => {
  assert.deepEqual([0, 19.999, 20, 39.9, 40, 60, 79.99, 80, 100].map(scoreClass), [1, 1, 2, 2, 3, 4, 4, 5, 5]);
});

test('a tile feature previews with its v_ properties, and without them not at all', () => {
  const props = { parcel_id: 7, score_class: 1, excluded: false };
  CRITERIA.forEach((c) => { props[scaledProperty(c)] = c === 'amenities' ? 1 : 0; });
  assert.deepEqual(previewFeature(props, normaliseWeights({ amenities: 1 })), { score: 100, scoreClass: 5 });
  assert.deepEqual(previewFeature(props, normaliseWeights({ capacity: 1 })), { score: 0, scoreClass: 1 });
  assert.deepEqual(previewFeature({ parcel_id: 8, excluded: true }, normaliseWeights({ capacity: 1 })),
    { score: null, scoreClass: null });
  assert.equal(previewFeature({ parcel_id: 9, score_class: 3 }, normaliseWeights({ capacity: 1 })), null);
});

test('the score is summed left to right in the criteria order, as score.sql adds its terms', () => {
  // floating point addition is not associative: the order decides the last bits, which is what
  // makes the browser's score equal the stored one to 1e-9 and better
  const w = normaliseWeights({ capacity: 0.3, underuse: 0.15, obsolescence: 0.15, transformation: 0.1, amenities: 0.1,
    ageing: 0.1, soft_constraints: 0.1 });
  const v = [0.1, 0.7, 0.3, 0.9, 0.2, 0.6, 0.05];
  let leftToRight = 0;
  for (let k = 0; k < 7; k++) leftToRight += 100 * w[k] * v[k];
  assert.equal(score(v, w), leftToRight);
});

test('weights that are all zero give every parcel a score of 0, class 1', () => {
  const w = normaliseWeights({ capacity: 0, underuse: 0 });
  assert.equal(score([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], w), 0);
  assert.equal(scoreClass(0), 1);
});

test('scaling all weights by a factor changes no score: only their proportions count', () => {
  const a = normaliseWeights({ capacity: 1, amenities: 3 });
  const b = normaliseWeights({ capacity: 10, amenities: 30 });
  assert.deepEqual(a, b);
  const v = [0.2, 0, 0, 0, 0.8, 0, 0];
  assert.equal(score(v, a), score(v, b));
});

test('non-finite weights (NaN, Infinity, text) weigh 0 rather than poisoning every score', () => {
  assert.deepEqual(normaliseWeights({ capacity: Number.NaN, underuse: Infinity, obsolescence: '1', amenities: 1 }),
    [0, 0, 0, 0, 1, 0, 0]);
});
