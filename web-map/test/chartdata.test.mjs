// node --test: the series the neighbourhood charts and the report draw (src/chartdata.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neighbourhoodSeries, previewMeanScore, topParcels } from '../src/chartdata.js';
import { normaliseWeights } from '../src/score.js';

const SCORE = {
  id: 'score', property: 'score_class',
  classes: [
    { value: '1', colour: '#ffffb2', label: { nl: 'Klasse 1', en: 'Class 1' } },
    { value: '2', colour: '#fecc5c', label: { nl: 'Klasse 2', en: 'Class 2' } },
    { else: true, colour: '#9e9e9e', label: { nl: 'Uitgesloten', en: 'Excluded' } },
  ],
};
const ROWS = [
  { neighbourhoodId: 2, name: 'Zuid', code: 'BU2', parcels: 10, capacityM2: 500, pop65plusPct: 30, ageingFit: 120, meanScore: 40,
    parcelsPerClass: { 1: 3, 2: 5 }, meanScaled: [0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4] },
  { neighbourhoodId: 1, name: 'Noord', code: 'BU1', parcels: 4, capacityM2: 250, pop65plusPct: null, ageingFit: 0, meanScore: null,
    parcelsPerClass: { 1: 4 }, meanScaled: null },
];

test('series are in name order with the capacity of each neighbourhood', () => {
  const s = neighbourhoodSeries(ROWS, SCORE, 'nl');
  assert.deepEqual(s.labels, ['Noord', 'Zuid']);
  assert.deepEqual(s.capacity, [250, 500]);
});

test('the scatter has one labelled point per neighbourhood with a 65+ share', () => {
  assert.deepEqual(neighbourhoodSeries(ROWS, SCORE, 'nl').ageing, [{ x: 30, y: 120, label: 'Zuid' }]);
});

test('class stacks take the presentation colours and labels and add up to the parcel count', () => {
  const s = neighbourhoodSeries(ROWS, SCORE, 'en');
  assert.deepEqual(s.perClass.map((c) => [c.label, c.colour]),
    [['Class 1', '#ffffb2'], ['Class 2', '#fecc5c'], ['Excluded', '#9e9e9e']]);
  assert.deepEqual(s.perClass.map((c) => c.data), [[4, 3], [0, 5], [0, 2]]);
  ROWS.slice().sort((a, b) => a.name.localeCompare(b.name)).forEach((r, i) =>
    assert.equal(s.perClass.reduce((sum, c) => sum + c.data[i], 0), r.parcels));
});

test('during a preview the class stacks take the service\'s counts for the new weights once they are in', () => {
  const counts = { 1: { 1: 1, 2: 3 }, 2: { 1: 0, 2: 9 } };
  const waiting = neighbourhoodSeries(ROWS, SCORE, 'nl', { capacity: 1 }, null);
  assert.equal(waiting.classesPreviewed, false);
  assert.deepEqual(waiting.perClass.map((c) => c.data), [[4, 3], [0, 5], [0, 2]], 'the run\'s until then');
  const s = neighbourhoodSeries(ROWS, SCORE, 'nl', { capacity: 1 }, counts);
  assert.equal(s.classesPreviewed, true);
  assert.deepEqual(s.perClass.map((c) => c.data), [[1, 0], [3, 9], [0, 1]], 'the rest of each parcel count has no class');
  // counts without a preview are not used: the run's numbers
  assert.equal(neighbourhoodSeries(ROWS, SCORE, 'nl', null, counts).classesPreviewed, false);
});

test('without a preview the mean score is the run\'s and the series is not marked', () => {
  const s = neighbourhoodSeries(ROWS, SCORE, 'nl');
  assert.deepEqual(s.meanScore, [null, 40]);
  assert.equal(s.preview, false);
});

test('a preview gives 100 x sum of weight x mean scaled value, exactly as the table', () => {
  const weights = { capacity: 1, ageing: 3 };
  const s = neighbourhoodSeries(ROWS, SCORE, 'nl', weights);
  assert.equal(s.preview, true);
  assert.equal(s.meanScore[1], previewMeanScore(ROWS[0], normaliseWeights(weights)));
  assert.ok(Math.abs(s.meanScore[1] - 40) < 1e-9);
  assert.equal(s.meanScore[0], null, 'no scored parcels: nothing to preview');
});

test('top parcels are the highest scores first, ties by parcel id, unscored left out', () => {
  const f = (id, score) => ({ properties: { parcel_id: id, score } });
  const top = topParcels([f(1, 10), f(2, null), f(3, 90), f(4, 90), f(5, 50)], 3);
  assert.deepEqual(top.map((x) => x.properties.parcel_id), [3, 4, 5]);
});
