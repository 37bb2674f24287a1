// `npm test`: install what the tests need, build, type-check, run every browser test under
// web-test-runner in headless Chromium, then the end-to-end tests that drive the built app with
// playwright-core.
// The last line is the combined `N passed, N failed, N skipped`; the exit code is 1 on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, ensureDependencies, ensureChromium, build, run } from './env.mjs';

ensureDependencies();
const chrome = ensureChromium();
build();
run('node', ['scripts/vendor-test-peers.mjs']);

mkdirSync(resolve(root, 'build'), { recursive: true });
const wtrFile = resolve(root, 'build/wtr-summary.json');
const e2eFile = resolve(root, 'build/e2e-summary.json');
rmSync(wtrFile, { force: true });
rmSync(e2eFile, { force: true });
const env = { ...process.env, CHROME_PATH: chrome, WTR_SUMMARY_FILE: wtrFile };

// Type errors fail the run like a failing test: each environment (DOM, workers, service worker)
// is checked under its own tsconfig.
const typecheck = spawnSync('npm', ['run', '--silent', 'typecheck'], { cwd: root, stdio: 'inherit', env });
const typeFailures = typecheck.status === 0 ? 0 : 1;
if (typeFailures) console.log('\ntypecheck failed (counted as 1 failure)');

const extra = process.argv.slice(2);
const wtr = spawnSync('npx', ['wtr', ...extra], { cwd: root, stdio: 'inherit', env });
const e2eFiles = existsSync(resolve(root, 'test/e2e')) ? ['test/e2e/'] : [];
const e2e = e2eFiles.length
  ? spawnSync(
      'node',
      [
        '--test',
        '--test-concurrency=1',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=./scripts/node-test-counter.mjs',
        `--test-reporter-destination=${e2eFile}`,
        ...e2eFiles,
      ],
      { cwd: root, stdio: 'inherit', env },
    )
  : { status: 0 };

const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const a = read(wtrFile) ?? { passed: 0, failed: 1, skipped: 0 };
const b = e2eFiles.length ? (read(e2eFile) ?? { passed: 0, failed: 1, skipped: 0 }) : { passed: 0, failed: 0, skipped: 0 };
const total = { passed: a.passed + b.passed, failed: a.failed + b.failed + typeFailures, skipped: a.skipped + b.skipped };
// A runner that crashed without reporting a failure still fails the run.
if (wtr.status !== 0 && total.failed === 0) total.failed = 1;
if (e2e.status !== 0 && total.failed === 0) total.failed = 1;
console.log(`\nbrowser tests: ${a.passed} passed, ${a.failed} failed, ${a.skipped} skipped; end-to-end: ${b.passed} passed, ${b.failed} failed, ${b.skipped} skipped`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
