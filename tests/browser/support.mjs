// What the browser tests share: the chainsim binary, a run folder made once
// per test file, CSV reading, and where screenshots go.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCE_DIR = process.env.CHAINSIM_SOURCE_DIR ||
    resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BINARY = process.env.CHAINSIM_BINARY || join(SOURCE_DIR, 'build/dev/apps/cli/chainsim');
export const ARTIFACTS = process.env.CHAINSIM_ARTIFACTS || join(SOURCE_DIR, 'build/browser-artifacts');

if (!existsSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'playwright-core'))) {
  throw new Error('tests/browser/node_modules is missing: run tools/setup.sh (it runs npm ci there)');
}
mkdirSync(ARTIFACTS, { recursive: true });

// Runs `chainsim run SCENARIO --out DIR args...` and returns DIR.
export function runScenario(scenario, name, args = []) {
  const dir = join(mkdtempSync(join(tmpdir(), 'chainsim-browser-')), name);
  execFileSync(BINARY, ['run', join(SOURCE_DIR, scenario), '--out', dir, '--quiet', '--no-render', ...args],
               { stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

// `chainsim verify FILE --difficulty D`: {status, verdict} with the verdict
// line's text after "FILE: ".
export function verify(file, difficulty) {
  const r = spawnSync(BINARY, ['verify', file, '--difficulty', String(difficulty)], { encoding: 'utf8' });
  const last = r.stdout.trim().split('\n').pop();
  return { status: r.status, verdict: last.slice(last.indexOf(': ') + 2) };
}

export function readCsv(file) {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [names[i], v])));
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
