// `npm test`: install what the tests need, build, type-check, run every browser test under
// web-test-runner in headless Chromium, then the end-to-end tests that drive the built app with
// playwright-core. Then the run is held to two files kept with the tests:
//   test/skips.json  every skipped test, by full name (`file > suite > … > test`), with the reason it
//                    may skip. A skip that is not listed fails the run, and so does a listed skip
//                    that no longer happens (a stale entry), so the list stays true.
//   test/floor.json  the fewest browser tests and end-to-end tests that must pass. Fewer passing
//                    tests (a file that registers nothing, a vector loop that ran empty) fail the
//                    run. To raise it after adding tests: run `npm test`, which prints the counts and
//                    says when the floor is below them, and write those counts into the file.
// Each broken rule counts as one failure. The last line is the combined
// `N passed, N failed, N skipped`; the exit code is 1 on any failure.
// Arguments after `--` go to wtr (e.g. `npm test -- --files 'test/core/**'`); such a partial run
// checks only the skips of the files that ran, and not the floor.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, ensureDependencies, ensureChromium, build, run } from './env.mjs';
import { checkRun } from './test-rules.mjs';

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
const partial = extra.length > 0;
const wtr = spawnSync('npx', ['wtr', ...extra], { cwd: root, stdio: 'inherit', env });

// The end-to-end files are listed one by one, never as a folder: Node 21 and later read a folder
// argument of `node --test` as a file path and fail on it, while Node 20 searches it. Node 20 has no
// fs.globSync, so the folder is read here.
const e2eDir = resolve(root, 'test/e2e');
const e2eFiles = existsSync(e2eDir)
  ? readdirSync(e2eDir)
      .filter((f) => f.endsWith('.e2e.test.mjs'))
      .sort()
      .map((f) => `test/e2e/${f}`)
  : [];
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
const none = { passed: 0, failed: 0, skipped: 0, files: [], skippedTests: [] };
const a = { ...none, ...(read(wtrFile) ?? { failed: 1 }) };
const b = e2eFiles.length ? { ...none, ...(read(e2eFile) ?? { failed: 1 }) } : none;

// The rules on skips and on the floor: each problem is printed and counted as one failure.
const { problems, notes } = checkRun({
  browser: a,
  e2e: b,
  skips: read(resolve(root, 'test/skips.json')),
  floor: read(resolve(root, 'test/floor.json')),
  partial,
});
if (partial) notes.unshift(`the browser tests ran with: ${extra.join(' ')}`);

const total = {
  passed: a.passed + b.passed,
  failed: a.failed + b.failed + typeFailures + problems.length,
  skipped: a.skipped + b.skipped,
};
// A runner that crashed without reporting a failure still fails the run.
if (wtr.status !== 0 && total.failed === 0) total.failed = 1;
if (e2e.status !== 0 && total.failed === 0) total.failed = 1;
console.log('');
for (const n of notes) console.log(`note: ${n}`);
for (const p of problems) console.log(`FAIL: ${p}`);
console.log(`browser tests: ${a.passed} passed, ${a.failed} failed, ${a.skipped} skipped; end-to-end: ${b.passed} passed, ${b.failed} failed, ${b.skipped} skipped`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
