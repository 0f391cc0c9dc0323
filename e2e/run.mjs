// Runs the end-to-end tests with Node's test runner (the release build must be in dist/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, '..', 'dist', 'index.html'))) {
  console.error('dist/index.html is missing: run `scripts/build_split.sh` first (scripts/test.sh does).');
  process.exit(1);
}
// The user flows, then the loading of the engine's chunk (split.mjs), one after the other.
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', join(here, 'playground.test.mjs'), join(here, 'split.mjs')],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
