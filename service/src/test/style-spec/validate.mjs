// Validates MapLibre style documents with the style spec's own validator (the one
// gl-style-validate runs). Arguments: style files. Prints one JSON object, file -> list of
// error messages (empty when valid), and exits 0; a crash exits non-zero.
import { readFileSync } from 'node:fs';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';

const result = {};
for (const file of process.argv.slice(2)) {
  const style = JSON.parse(readFileSync(file, 'utf8'));
  result[file] = validateStyleMin(style).map((e) => e.message);
}
process.stdout.write(JSON.stringify(result));
