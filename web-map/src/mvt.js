// Mapbox Vector Tile decoding into flat arrays, and hit-testing on them.
//
// Why not @mapbox/vector-tile (which protomaps-leaflet decodes with): it turns every vertex into
// a Point object and every ring into an array, and protomaps-leaflet builds each feature's
// properties four times (it calls layer.feature(i) once per field it reads). The first view at
// the city zoom decodes some 70,000 features with 340,000 vertices on the main thread; those
// objects made about a third of its main-thread time decoding and collecting garbage
// (docs/benchmarks.md, "Flat decoding"). Here a layer's vertices go into one Float32Array and its
// parts' starts into one Uint32Array, a feature is one object with its properties object, and the
// protobuf wire format is read by pbf (the maintained reader @mapbox/vector-tile uses).
//
// The structure read is the MVT 2.1 specification's: Tile.layers (3); Layer.name (1),
// features (2), keys (3), values (4), extent (5); Feature.id (1), tags (2), type (3),
// geometry (4), a command stream of MoveTo (1), LineTo (2) and ClosePath (7) with zigzag deltas.
import Pbf from 'pbf';

export const POINT = 1;
export const LINE = 2;
export const POLYGON = 3;

/**
 * A tile's features per layer name, coordinates scaled to `tileSize` pixels.
 *
 * A feature is {id, geomType, props, minX, minY, maxX, maxY, xy, parts, first, last}: its parts
 * (points, lines, rings) are parts[first] .. parts[last - 1], part k holds the vertices
 * parts[k] .. parts[k + 1] - 1, and vertex v is (xy[2v], xy[2v + 1]). `xy` and `parts` are shared
 * by the features of a layer. A ring is closed by repeating its first vertex.
 *
 * @param {ArrayBuffer|Uint8Array} buffer
 * @param {number} tileSize
 * @returns {Map<string, object[]>}
 */
export function decodeTile(buffer, tileSize) {
  const pbf = new Pbf(buffer);
  const layers = new Map();
  while (pbf.pos < pbf.length) {
    const tag = pbf.readVarint();
    if (tag >> 3 === 3 && (tag & 7) === 2) {
      const end = pbf.readVarint() + pbf.pos;
      const layer = readLayer(pbf, end, tileSize);
      pbf.pos = end;
      // a layer without features is left out, as @mapbox/vector-tile leaves it out
      if (layer.name !== undefined && layer.features.length) layers.set(layer.name, layer.features);
    } else {
      pbf.skip(tag);
    }
  }
  return layers;
}

function readLayer(pbf, end, tileSize) {
  let name;
  let extent = 4096;
  const keys = [];
  const values = [];
  const featureAt = []; // start and end of each feature message: they may come before the keys
  while (pbf.pos < end) {
    const tag = pbf.readVarint();
    const field = tag >> 3;
    if (field === 1) name = pbf.readString();
    else if (field === 2) {
      const len = pbf.readVarint();
      featureAt.push(pbf.pos, pbf.pos + len);
      pbf.pos += len;
    } else if (field === 3) keys.push(pbf.readString());
    else if (field === 4) values.push(readValue(pbf));
    else if (field === 5) extent = pbf.readVarint();
    else pbf.skip(tag);
  }
  const geometry = new Geometry(tileSize / extent);
  const features = new Array(featureAt.length / 2);
  for (let i = 0; i < featureAt.length; i += 2) {
    features[i / 2] = readFeature(pbf, featureAt[i], featureAt[i + 1], keys, values, geometry);
  }
  const { xy, parts } = geometry.finish();
  for (const f of features) {
    f.xy = xy;
    f.parts = parts;
  }
  return { name, features };
}

function readValue(pbf) {
  const end = pbf.readVarint() + pbf.pos;
  let value = null;
  while (pbf.pos < end) {
    const tag = pbf.readVarint();
    const field = tag >> 3;
    if (field === 1) value = pbf.readString();
    else if (field === 2) value = pbf.readFloat();
    else if (field === 3) value = pbf.readDouble();
    else if (field === 4) value = pbf.readVarint64();
    else if (field === 5) value = pbf.readVarint();
    else if (field === 6) value = pbf.readSVarint();
    else if (field === 7) value = pbf.readBoolean();
    else pbf.skip(tag); // a value type of a later version: read past it
  }
  return value;
}

function readFeature(pbf, start, end, keys, values, geometry) {
  const f = {
    id: undefined, geomType: 0, props: {},
    minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity,
    xy: null, parts: null, first: 0, last: 0,
  };
  pbf.pos = start;
  let geomAt = -1;
  while (pbf.pos < end) {
    const tag = pbf.readVarint();
    const field = tag >> 3;
    if (field === 1) f.id = pbf.readVarint();
    else if (field === 2) {
      const tagsEnd = pbf.readVarint() + pbf.pos;
      while (pbf.pos < tagsEnd) {
        const key = keys[pbf.readVarint()];
        f.props[key] = values[pbf.readVarint()];
      }
    } else if (field === 3) f.geomType = pbf.readVarint();
    else if (field === 4) {
      geomAt = pbf.pos;
      pbf.skip(tag);
    } else pbf.skip(tag);
  }
  f.first = geometry.partCount;
  if (geomAt >= 0) {
    pbf.pos = geomAt;
    geometry.read(pbf, f);
  }
  f.last = geometry.partCount;
  return f;
}

/** The vertices and part starts of a layer, grown as features are read. */
class Geometry {
  constructor(scale) {
    this.scale = scale;
    this.xy = new Float32Array(4096);
    this.n = 0; // vertices
    this.starts = new Uint32Array(512);
    this.partCount = 0;
  }

  vertex(x, y) {
    if (2 * this.n + 2 > this.xy.length) {
      const grown = new Float32Array(this.xy.length * 2);
      grown.set(this.xy);
      this.xy = grown;
    }
    this.xy[2 * this.n] = x;
    this.xy[2 * this.n + 1] = y;
    this.n++;
  }

  part() {
    if (this.partCount + 2 > this.starts.length) {
      const grown = new Uint32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.partCount++] = this.n;
  }

  /** Reads a feature's command stream (pbf at its geometry field) and widens its bounds. */
  read(pbf, f) {
    const end = pbf.readVarint() + pbf.pos;
    const s = this.scale;
    let cmd = 1;
    let length = 0;
    let x = 0;
    let y = 0;
    let partStart = -1;
    while (pbf.pos < end) {
      if (length <= 0) {
        const c = pbf.readVarint();
        cmd = c & 7;
        length = c >> 3;
        if (length === 0) continue; // a command repeated 0 times (invalid): it has no parameters to read
      }
      length--;
      if (cmd === 1 || cmd === 2) {
        x += pbf.readSVarint();
        y += pbf.readSVarint();
        const px = x * s;
        const py = y * s;
        if (px < f.minX) f.minX = px;
        if (px > f.maxX) f.maxX = px;
        if (py < f.minY) f.minY = py;
        if (py > f.maxY) f.maxY = py;
        if (cmd === 1) {
          this.part();
          partStart = this.n;
        } else if (partStart < 0) {
          throw new Error('LineTo before the first MoveTo');
        }
        this.vertex(px, py);
      } else if (cmd === 7) {
        if (partStart >= 0) this.vertex(this.xy[2 * partStart], this.xy[2 * partStart + 1]);
      } else {
        throw new Error(`unknown geometry command ${cmd}`);
      }
    }
  }

  /** The layer's arrays, cut to their length, with the end of the last part as a final start. */
  finish() {
    this.part();
    this.partCount--; // the sentinel is not a part
    return { xy: this.xy.slice(0, 2 * this.n), parts: this.starts.slice(0, this.partCount + 1) };
  }
}

/** Calls fn(vertexStart, vertexEnd) for each part of a feature. */
export function forEachPart(f, fn) {
  for (let k = f.first; k < f.last; k++) fn(f.parts[k], f.parts[k + 1]);
}

/**
 * Whether a feature is hit by a point (x, y) in its tile's pixels: a polygon contains it (holes
 * excluded), a line or point lies within `brush` pixels. Rings follow the MVT winding: an exterior
 * ring has a positive area in tile coordinates (y down), an interior ring a negative one.
 */
export function hits(f, x, y, brush) {
  if (x < f.minX - brush || x > f.maxX + brush || y < f.minY - brush || y > f.maxY + brush) return false;
  const { xy, parts } = f;
  if (f.geomType === POLYGON) {
    let inside = false;
    for (let k = f.first; k < f.last; k++) {
      const a = parts[k];
      const b = parts[k + 1];
      if (area2(xy, a, b) > 0) {
        if (inside) return true; // inside the previous polygon and not in one of its holes
        inside = inRing(xy, a, b, x, y);
      } else if (inside && inRing(xy, a, b, x, y)) {
        inside = false;
      }
    }
    return inside;
  }
  const b2 = brush * brush;
  for (let k = f.first; k < f.last; k++) {
    const a = parts[k];
    const b = parts[k + 1];
    if (f.geomType === POINT || b - a === 1) {
      for (let v = a; v < b; v++) {
        const dx = xy[2 * v] - x;
        const dy = xy[2 * v + 1] - y;
        if (dx * dx + dy * dy < b2) return true;
      }
    } else {
      for (let v = a; v < b - 1; v++) {
        if (segmentDist2(x, y, xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3]) < b2) return true;
      }
    }
  }
  return false;
}

/** Twice the signed area of the ring in vertices a .. b - 1 (the shoelace formula). */
function area2(xy, a, b) {
  let sum = 0;
  for (let v = a, w = b - 1; v < b; w = v++) {
    sum += xy[2 * w] * xy[2 * v + 1] - xy[2 * v] * xy[2 * w + 1];
  }
  return sum;
}

/** Even-odd crossing test of (x, y) against the ring in vertices a .. b - 1. */
function inRing(xy, a, b, x, y) {
  let inside = false;
  for (let v = a, w = b - 1; v < b; w = v++) {
    const xi = xy[2 * v];
    const yi = xy[2 * v + 1];
    const xj = xy[2 * w];
    const yj = xy[2 * w + 1];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function segmentDist2(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}
