// node --test: the vector tile decoder (src/mvt.js) against the reference decoder
// @mapbox/vector-tile, on tiles written here with pbf as the MVT 2.1 specification lays them out,
// and its hit-testing. Real tiles from PostGIS are decoded in the browser tests (WebMapIT clicks a
// parcel, LiveReweightingIT compares every drawn parcel's colour, BasemapIT draws the basemap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { decodeTile, hits, forEachPart, POINT, LINE, POLYGON } from '../src/mvt.js';

// --- a small MVT writer -------------------------------------------------------------------------

const zigzag = (n) => (n << 1) ^ (n >> 31);
const command = (id, count) => (id & 7) | (count << 3);

/** The command stream of parts given as [[x, y], ...]; rings without their closing vertex. */
function commands(type, parts) {
  const out = [];
  let cx = 0;
  let cy = 0;
  const to = ([x, y]) => {
    out.push(zigzag(x - cx), zigzag(y - cy));
    cx = x;
    cy = y;
  };
  if (type === POINT) {
    out.push(command(1, parts.length));
    parts.forEach((p) => to(p[0]));
    return out;
  }
  for (const part of parts) {
    out.push(command(1, 1));
    to(part[0]);
    out.push(command(2, part.length - 1));
    part.slice(1).forEach(to);
    if (type === POLYGON) out.push(command(7, 1));
  }
  return out;
}

function writeValue(v, pbf) {
  if (typeof v === 'string') pbf.writeStringField(1, v);
  else if (typeof v === 'boolean') pbf.writeBooleanField(7, v);
  else if (Number.isInteger(v) && v < 0) pbf.writeSVarintField(6, v);
  else if (Number.isInteger(v)) pbf.writeVarintField(5, v);
  else pbf.writeDoubleField(3, v);
}

/** A tile of layers {name, extent, features: [{id, type, parts, props}], featuresFirst}. */
function tile(layers) {
  const pbf = new Pbf();
  for (const layer of layers) {
    pbf.writeMessage(3, (l, p) => {
      const keys = [];
      const values = [];
      const index = (list, v) => (list.includes(v) ? list.indexOf(v) : list.push(v) - 1);
      const features = l.features.map((f) => ({
        ...f, tags: Object.entries(f.props ?? {}).flatMap(([k, v]) => [index(keys, k), index(values, v)]),
      }));
      const writeFeatures = () => features.forEach((f) => p.writeMessage(2, (g, q) => {
        if (g.id !== undefined) q.writeVarintField(1, g.id);
        if (g.tags.length) q.writePackedVarint(2, g.tags);
        q.writeVarintField(3, g.type);
        q.writePackedVarint(4, commands(g.type, g.parts));
      }, f));
      p.writeVarintField(15, 2);
      p.writeStringField(1, l.name);
      if (l.featuresFirst) writeFeatures();
      keys.forEach((k) => p.writeStringField(3, k));
      values.forEach((v) => p.writeMessage(4, writeValue, v));
      if (!l.featuresFirst) writeFeatures();
      p.writeVarintField(5, l.extent ?? 4096);
    }, layer);
  }
  return pbf.finish();
}

const square = (x, y, s) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s]]; // clockwise with y down: exterior
const hole = (x, y, s) => [[x, y], [x, y + s], [x + s, y + s], [x + s, y]]; // anticlockwise: interior

const LAYERS = [
  {
    name: 'parcels', extent: 4096, features: [
      { id: 7, type: POLYGON, parts: [square(100, 100, 1000), hole(400, 400, 200)], props: { parcel_id: 7, score_class: 4, excluded: false, name: 'A-straat 1' } },
      { id: 8, type: POLYGON, parts: [square(2000, 2000, 400), square(3000, 3000, 400)], props: { parcel_id: 8, score: 61.25, delta: -3 } },
      { id: 9, type: POLYGON, parts: [square(-50, 4000, 200)], props: { parcel_id: 9 } }, // over the tile's edge
    ],
  },
  {
    name: 'streets', extent: 512, featuresFirst: true, features: [
      { type: LINE, parts: [[[0, 256], [256, 256], [512, 300]]], props: { class: 'residential' } },
      { type: LINE, parts: [[[10, 10], [10, 100]], [[50, 10], [60, 100]]], props: { class: 'path' } },
    ],
  },
  { name: 'amenities', extent: 4096, features: [{ id: 1, type: POINT, parts: [[[2048, 2048]], [[100, 4000]]], props: { kind: 'gp' } }] },
  { name: 'empty', extent: 4096, features: [] },
];

// --- the tests ----------------------------------------------------------------------------------

test('every layer, feature, property and vertex decodes as @mapbox/vector-tile decodes it, scaled to the tile size', () => {
  const bytes = tile(LAYERS);
  const flat = decodeTile(bytes, 256);
  const reference = new VectorTile(new Pbf(bytes));
  assert.deepEqual([...flat.keys()].sort(), Object.keys(reference.layers).sort());
  for (const [name, features] of flat) {
    const layer = reference.layers[name];
    assert.equal(features.length, layer.length, name);
    const scale = 256 / layer.extent;
    features.forEach((f, i) => {
      const r = layer.feature(i);
      assert.equal(f.id, r.id, `${name} ${i} id`);
      assert.equal(f.geomType, r.type, `${name} ${i} type`);
      assert.deepEqual(f.props, { ...r.properties }, `${name} ${i} properties`);
      const parts = [];
      forEachPart(f, (a, b) => {
        const part = [];
        for (let v = a; v < b; v++) part.push([f.xy[2 * v], f.xy[2 * v + 1]]);
        parts.push(part);
      });
      const expected = r.loadGeometry().map((ring) => ring.map((p) => [p.x * scale, p.y * scale]));
      if (r.type === POINT) {
        assert.deepEqual(parts, expected.flat().map((p) => [p]), `${name} ${i} points`);
      } else {
        assert.deepEqual(parts, expected, `${name} ${i} parts`); // a ring ends on its first vertex again in both
      }
      const xs = parts.flat().map((p) => p[0]);
      const ys = parts.flat().map((p) => p[1]);
      assert.deepEqual([f.minX, f.minY, f.maxX, f.maxY], [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], `${name} ${i} bounds`);
    });
  }
});

test('a layer whose features come before its keys and values decodes the same as one written the other way', () => {
  const streets = LAYERS[1];
  const first = decodeTile(tile([{ ...streets, featuresFirst: true }]), 256).get('streets');
  const last = decodeTile(tile([{ ...streets, featuresFirst: false }]), 256).get('streets');
  assert.deepEqual(first.map((f) => f.props), [{ class: 'residential' }, { class: 'path' }]);
  assert.deepEqual(first.map((f) => f.props), last.map((f) => f.props));
  assert.deepEqual([...first[0].xy], [...last[0].xy]);
});

test('a layer keeps its vertices in one array shared by its features, whatever the tile size', () => {
  const parcels = decodeTile(tile(LAYERS), 512).get('parcels');
  assert.ok(parcels.every((f) => f.xy === parcels[0].xy && f.parts === parcels[0].parts));
  assert.ok(parcels[0].xy instanceof Float32Array);
  assert.equal(parcels[0].xy.length, 2 * (5 + 5 + 5 + 5 + 5)); // five closed rings of four corners
  assert.deepEqual([parcels[0].minX, parcels[0].maxX], [100 / 8, 1100 / 8]);
});

test('a polygon is hit inside its exterior ring and not in its hole, each polygon of a multipolygon alike', () => {
  const [withHole, multi, edge] = decodeTile(tile(LAYERS), 4096).get('parcels'); // tile px = MVT units
  assert.equal(hits(withHole, 200, 200, 0), true);
  assert.equal(hits(withHole, 500, 500, 0), false, 'in the hole');
  assert.equal(hits(withHole, 1200, 500, 6), false, 'outside, though within the brush of its edge');
  assert.equal(hits(multi, 2200, 2200, 0), true);
  assert.equal(hits(multi, 3200, 3200, 0), true, 'the second polygon');
  assert.equal(hits(multi, 2700, 2700, 0), false, 'between the two');
  assert.equal(hits(edge, -10, 4100, 0), true, 'the part over the tile edge');
});

test('a line or a point is hit within the brush and not beyond it', () => {
  const [street, paths] = decodeTile(tile(LAYERS), 512).get('streets');
  assert.equal(hits(street, 128, 260, 6), true, '4 px from the line');
  assert.equal(hits(street, 128, 270, 6), false, '14 px from the line');
  assert.equal(hits(paths, 55, 50, 6), true, 'the second part of a multi-line');
  const [amenity] = decodeTile(tile(LAYERS), 4096).get('amenities');
  assert.equal(hits(amenity, 2052, 2048, 6), true);
  assert.equal(hits(amenity, 104, 4000, 6), true, 'the second point');
  assert.equal(hits(amenity, 2060, 2048, 6), false);
});

/**
 * A tile of one layer 'raw' with one feature of this type and raw command stream (the malformed
 * streams the writer above cannot make), and optionally what else the layer holds.
 */
function rawTile(type, geometry, more = () => {}) {
  const pbf = new Pbf();
  pbf.writeMessage(3, (_, p) => {
    p.writeStringField(1, 'raw');
    p.writeMessage(2, (__, q) => {
      if (type === POINT) q.writePackedVarint(2, [0, 0]); // points carry the layer's first key and value
      q.writeVarintField(3, type);
      q.writePackedVarint(4, geometry);
    }, null);
    more(p);
    p.writeVarintField(5, 4096);
  }, null);
  return pbf.finish();
}

test('a geometry command that is not MoveTo, LineTo or ClosePath is refused', () => {
  assert.throws(() => decodeTile(rawTile(LINE, [command(3, 1), 0, 0]), 256), /unknown geometry command 3/);
});

test('a value of a type the decoder does not know is read past, and the value beside it kept', () => {
  const bytes = rawTile(POINT, [command(1, 1), zigzag(10), zigzag(20)], (p) => {
    p.writeStringField(3, 'name');
    p.writeMessage(4, (_, q) => {
      q.writeVarintField(8, 99); // no such field in MVT 2.1
      q.writeStringField(1, 'Dorpsstraat');
    }, null);
  });
  assert.deepEqual(decodeTile(bytes, 4096).get('raw')[0].props, { name: 'Dorpsstraat' });
});

test('a LineTo before any MoveTo is refused, not drawn into another feature', () => {
  assert.throws(() => decodeTile(rawTile(LINE, [command(2, 1), zigzag(5), zigzag(5)]), 256), /LineTo before the first MoveTo/);
});

test('a command repeated 0 times is passed over, not read as coordinates', () => {
  const bytes = rawTile(POINT, [command(2, 0), command(1, 1), zigzag(10), zigzag(20)], (p) => {
    p.writeStringField(3, 'kind');
    p.writeMessage(4, writeValue, 'gp');
  });
  const [f] = decodeTile(bytes, 4096).get('raw');
  assert.deepEqual([...f.xy], [10, 20]);
  assert.deepEqual(f.props, { kind: 'gp' });
});
