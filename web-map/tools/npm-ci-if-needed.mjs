// Runs `npm ci` only when node_modules does not match package-lock.json, so that repeated Maven
// builds skip the (slow, network-touching) install while a fresh clone still gets one.
// The stamp is the lockfile's content hash, written after a successful install.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = readFileSync(join(root, 'package-lock.json'));
const hash = createHash('sha256').update(lock).digest('hex');
const stamp = join(root, 'node_modules', '.infill-lock-sha256');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) {
  console.log('node_modules up to date with package-lock.json; skipping npm ci');
} else {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, hash + '\n');
}
