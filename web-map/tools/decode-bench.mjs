// Decoding cost of a set of vector tiles: protomaps-leaflet's decoder (as it is in its bundle:
// @mapbox/vector-tile, a Point per vertex, layer.feature(i) per field) against src/mvt.js.
// Usage: node tools/decode-bench.mjs DIR [ROUNDS]   (DIR holds *.mvt files, plain, not gzipped)
// The figures are in docs/benchmarks.md ("Flat decoding").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import Point from '@mapbox/point-geometry';
import { decodeTile } from '../src/mvt.js';

const [dir, rounds = '15'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node tools/decode-bench.mjs DIR [ROUNDS]');
  process.exit(2);
}

// protomaps-leaflet 5.1.0's parseTile and loadGeomAndBbox, de-minified from its dist
function protomapsParse(buffer, tileSize) {
  const tile = new VectorTile(new Pbf(buffer));
  const out = new Map();
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features = [];
    for (let i = 0; i < layer.length; i++) {
      const g = loadGeomAndBbox(layer.feature(i)._pbf, layer.feature(i)._geometry, tileSize / layer.extent);
      let n = 0;
      for (const ring of g.geom) n += ring.length;
      features.push({ id: layer.feature(i).id, geomType: layer.feature(i).type, geom: g.geom, numVertices: n, bbox: g.bbox, props: layer.feature(i).properties });
    }
    out.set(name, features);
  }
  return out;
}
function loadGeomAndBbox(pbf, at, scale) {
  pbf.pos = at;
  const end = pbf.readVarint() + pbf.pos;
  let cmd = 1; let length = 0; let x = 0; let y = 0;
  let minX = Infinity; let maxX = -Infinity; let minY = Infinity; let maxY = -Infinity;
  const lines = []; let line = [];
  while (pbf.pos < end) {
    if (length <= 0) { const c = pbf.readVarint(); cmd = c & 7; length = c >> 3; }
    length--;
    if (cmd === 1 || cmd === 2) {
      x += pbf.readSVarint() * scale; y += pbf.readSVarint() * scale;
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      if (cmd === 1) { if (line.length > 0) lines.push(line); line = []; }
      line.push(new Point(x, y));
    } else if (cmd === 7) { if (line) line.push(line[0].clone()); } else throw new Error(`unknown command ${cmd}`);
  }
  if (line) lines.push(line);
  return { geom: lines, bbox: { minX, minY, maxX, maxY } };
}

const groups = new Map();
for (const f of readdirSync(dir).filter((f) => f.endsWith('.mvt')).sort()) {
  const group = f.split('-')[0];
  if (!groups.has(group)) groups.set(group, []);
  groups.get(group).push(new Uint8Array(readFileSync(join(dir, f))));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [group, tiles] of groups) {
  const bytes = tiles.reduce((s, t) => s + t.length, 0);
  let features = 0;
  let vertices = 0;
  for (const t of tiles) {
    for (const fs of decodeTile(t, 256).values()) {
      features += fs.length;
      for (const f of fs) vertices += f.parts[f.last] - f.parts[f.first];
    }
  }
  const times = { protomaps: [], flat: [] };
  for (let r = 0; r < Number(rounds); r++) {
    for (const [name, decode] of [['protomaps', protomapsParse], ['flat', decodeTile]]) {
      const t0 = performance.now();
      for (const t of tiles) decode(t, 256);
      times[name].push(performance.now() - t0);
    }
  }
  console.log(`${group}: ${tiles.length} tiles, ${(bytes / 1024).toFixed(0)} kB, ${features} features, ${vertices} vertices;`
    + ` median of ${rounds}: protomaps-leaflet ${median(times.protomaps).toFixed(1)} ms, flat ${median(times.flat).toFixed(1)} ms`);
}
