// node --test: the URL state of the map (src/url.js), read from and written to the address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, formatHash } from '../src/url.js';

test('a shared hash gives back the view, the layers, the scenario and the language', () => {
  const s = parseState('', '#map=15/52.05800/4.49300&layers=score,amenities&scenario=default&lang=en');
  assert.deepEqual(s.view, { zoom: 15, lat: 52.058, lon: 4.493 });
  assert.deepEqual(s.layers, ['score', 'amenities']);
  assert.equal(s.scenario, 'default');
  assert.equal(s.lang, 'en');
});

test('a fractional zoom is kept, as the map now zooms in quarter steps', () => {
  assert.deepEqual(parseState('', '#map=16.25/52.1/4.5').view, { zoom: 16.25, lat: 52.1, lon: 4.5 });
  assert.equal(formatHash({ view: { zoom: 16.25, lat: 52.1, lon: 4.5 } }), '#map=16.25/52.10000/4.50000');
});

test('query parameters are read too, and the hash wins where both say something', () => {
  const s = parseState('?scenario=a&basemap=osm&lang=en', '#scenario=b');
  assert.equal(s.scenario, 'b');
  assert.equal(s.lang, 'en');
  assert.equal(s.basemap, 'osm');
});

test('the basemap of the query string wins over one in the hash', () => {
  assert.equal(parseState('?basemap=none', '#basemap=osm').basemap, 'none');
  assert.equal(parseState('', '#basemap=own').basemap, 'own');
});

test('a malformed view is ignored rather than centring the map on NaN', () => {
  for (const bad of ['#map=15/52.1', '#map=15/52.1/x', '#map=//', '#map=15/52.1/4.5/9']) {
    assert.equal(parseState('', bad).view, undefined, bad);
  }
});

test('no layers parameter means the defaults, an empty one means no layer', () => {
  assert.equal(parseState('', '#scenario=a').layers, undefined);
  assert.deepEqual(parseState('', '#layers=').layers, []);
  assert.deepEqual(parseState('', '#layers=score,,zoning').layers, ['score', 'zoning']);
});

test('the written hash reads back as the same state, Dutch being the default and left out', () => {
  const state = { view: { zoom: 14, lat: 52.0575, lon: 4.493 }, layers: ['score', 'zoning'], scenario: 'older people', lang: 'nl' };
  const hash = formatHash(state);
  assert.equal(hash, '#map=14/52.05750/4.49300&layers=score,zoning&scenario=older+people');
  const back = parseState('', hash);
  assert.deepEqual(back.view, state.view);
  assert.deepEqual(back.layers, state.layers);
  assert.equal(back.scenario, 'older people');
  assert.equal(back.lang, null);
  assert.equal(formatHash({ lang: 'en' }), '#lang=en');
});
