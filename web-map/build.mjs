// The whole build of the web map: copy our ES modules and the vendored library files into
// target/site, which Maven packages under META-INF/resources (served by the service at "/").
// No bundler: the page loads the libraries as classic scripts (they expect a global L) and our
// code as native ES modules, so what runs in the browser is what is in src/.
import { cpSync, mkdirSync, rmSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'target', 'site');
const nm = join(here, 'node_modules');

const vendor = [
  ['leaflet/dist/leaflet.js', 'leaflet/leaflet.js'],
  ['leaflet/dist/leaflet.css', 'leaflet/leaflet.css'],
  ['leaflet/dist/images', 'leaflet/images'],
  // vector tiles drawn on canvas from decoded tiles it caches (global protomapsL)
  ['protomaps-leaflet/dist/protomaps-leaflet.js', 'protomaps-leaflet/protomaps-leaflet.js'],
  // drawing the selection polygon (extends L with L.PM, map.pm)
  ['@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js', 'leaflet-geoman/leaflet-geoman.min.js'],
  ['@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css', 'leaflet-geoman/leaflet-geoman.css'],
  ['chart.js/dist/chart.umd.min.js', 'chartjs/chart.umd.min.js'],
  // the protobuf reader under mvt.js, an ES module (see `bare` below)
  ['pbf/index.js', 'pbf/index.js'],
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(here, 'src'), out, { recursive: true });
for (const [from, to] of vendor) {
  const src = join(nm, from);
  if (!existsSync(src)) {
    console.error(`missing ${src}: run npm ci in web-map/`);
    process.exit(1);
  }
  cpSync(src, join(out, 'vendor', to), { recursive: true });
}
// Every module of ours announced up front: without it the browser finds them one import level
// at a time (app.js, then the panels, then what they import), three round trips before the
// first view can start.
const modules = readdirSync(join(here, 'src'), { recursive: true })
  .map((f) => String(f).split('\\').join('/'))
  .filter((f) => f.endsWith('.js') && f !== 'app.js' && f !== 'boot.js') // boot.js: a classic script
  .sort();
// Bare module names in our modules become the vendored file's path, as Node resolves them from
// node_modules for the unit tests. An import map in the page would do this too, but an inline
// script is what the service's Content-Security-Policy (script-src 'self') refuses.
// Only static import/export statements at the start of a line, as our modules write them.
const bare = { pbf: 'vendor/pbf/index.js' };
for (const m of [...modules, 'app.js']) {
  const file = join(out, m);
  const up = '../'.repeat(m.split('/').length - 1) || './';
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(/^((?:import|export)\b[^;]*?\bfrom\s*)(['"])([^.'"/][^'"]*)\2/gm, (all, head, quote, name) => {
    if (!bare[name]) throw new Error(`${m}: no vendored file for the module '${name}'`);
    return `${head}${quote}${up}${bare[name]}${quote}`;
  });
  if (rewritten !== text) writeFileSync(file, rewritten);
}
const index = join(out, 'index.html');
const preload = [...modules, 'vendor/pbf/index.js'].map((m) => `  <link rel="modulepreload" href="${m}">`).join('\n');
writeFileSync(index, readFileSync(index, 'utf8').replace('  <script type="module" src="app.js"></script>',
  `  <script type="module" src="app.js"></script>\n${preload}`));
console.log(`web map built into ${out}`);
