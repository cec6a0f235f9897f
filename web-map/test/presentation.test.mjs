// node --test: the colour classes (ramps and class breaks) of the presentation source as the map
// picks them (src/presentation.js classOf, the same rules as GeoServer's SLD), on the service's
// own presentation.json, and their agreement with the score formula's classes (src/score.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classOf } from '../src/presentation.js';
import { scoreClass } from '../src/score.js';

const source = JSON.parse(readFileSync(new URL('../../service/src/main/resources/presentation/presentation.json', import.meta.url), 'utf8'));
const layer = (id) => source.layers.find((l) => l.id === id);
const colour = (id, props) => classOf(layer(id), props)?.colour ?? null;

test('a value on a class break belongs to the class above it: ranges are [min, max)', () => {
  const walk = layer('walkGp');
  for (const c of walk.classes.filter((x) => x.min !== null && x.min !== undefined)) {
    assert.equal(classOf(walk, { walk_gp_m: c.min }), c, `break ${c.min}`);
  }
  assert.equal(colour('walkGp', { walk_gp_m: 399.999 }), '#1a9850');
  assert.equal(colour('walkGp', { walk_gp_m: 400 }), '#a6d96a');
  assert.equal(colour('walkGp', { walk_gp_m: 10000 }), '#d73027');
});

test('open ends take everything below the first and above the last break', () => {
  assert.equal(colour('capacity', { extra_dwellings: -3 }), '#f7fcf5');
  assert.equal(colour('capacity', { extra_dwellings: 1e9 }), '#006d2c');
});

test('a missing value takes the else class, or no class when the layer has none', () => {
  for (const missing of [{}, { walk_gp_m: null }, { walk_gp_m: '' }]) {
    assert.equal(colour('walkGp', missing), '#9e9e9e');
  }
  assert.equal(classOf(layer('capacity'), {}), null);
});

test('value classes compare as text, so a number in the tile matches its class', () => {
  assert.equal(colour('score', { score_class: 3 }), '#fd8d3c');
  assert.equal(colour('score', { score_class: '3' }), '#fd8d3c');
  assert.equal(colour('zoning', { function: 'groen' }), '#b3de69');
  assert.equal(colour('score', { score_class: 9 }), '#9e9e9e');
});

test('numbers given as text (as some tiles carry them) fall in the right range', () => {
  assert.equal(colour('nbh65', { pop_65plus_pct: '22.5' }), '#9e9ac8');
});

test('every score from 0 to 100 gets the colour of the class score.js gives it', () => {
  const score = layer('score');
  for (let s = 0; s <= 100; s += 0.5) {
    const byFormula = classOf(score, { score_class: scoreClass(s) });
    assert.equal(byFormula.value, String(scoreClass(s)), `score ${s}`);
    assert.ok(!byFormula.else, `score ${s} has a class`);
  }
  assert.equal(classOf(score, { score_class: scoreClass(null) }).else, true);
});

test('the difference ramps are diverging: lower red, unchanged near-white, higher blue, symmetric breaks', () => {
  for (const id of ['diffScore', 'diffCapacity']) {
    const ranges = layer(id).classes.filter((c) => !c.else);
    const breaks = ranges.slice(1).map((c) => c.min);
    assert.deepEqual(breaks.map((b) => -b).reverse(), breaks, `${id} breaks`);
    const middle = classOf(layer(id), { [layer(id).property]: 0 });
    assert.equal(middle, ranges[(ranges.length - 1) / 2], `${id}: 0 is the middle class`);
    assert.equal(middle.colour, '#f7f7f7');
    assert.equal(classOf(layer(id), { [layer(id).property]: -1e6 }).colour, '#b2182b');
    assert.equal(classOf(layer(id), { [layer(id).property]: 1e6 }).colour, '#2166ac');
  }
});
