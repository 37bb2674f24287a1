// A node:test reporter that writes `{ passed, failed, skipped, files, skippedTests }` as JSON (suites
// not counted), so scripts/test.mjs can check the skips against test/skips.json and add the
// end-to-end results to the browser-test counts. A full test name is `file > suite > … > test`, the
// file relative to the project, as in the browser-test summary.
import { relative } from 'node:path';

const fileName = (file) => (file ? relative(process.cwd(), file).split('\\').join('/') : '(no file)');

export default async function* counter(source) {
  const acc = { passed: 0, failed: 0, skipped: 0, files: [], skippedTests: [] };
  // The names of the enclosing suites, by nesting level, from the `test:start` events (with
  // --test-concurrency=1 a file's events arrive in order).
  const open = [];
  for await (const event of source) {
    if (event.type === 'test:start') {
      open.length = event.data.nesting;
      open.push(event.data.name);
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const file = fileName(event.data.file);
    if (!acc.files.includes(file)) acc.files.push(file);
    if (event.data.details?.type === 'suite') {
      // A suite that fails outside its tests (a hook, a load error) still counts as one failure.
      if (event.type === 'test:fail' && event.data.details?.error?.failureType !== 'subtestsFailed') acc.failed++;
      continue;
    }
    if (event.data.skip || event.data.todo) {
      acc.skipped++;
      acc.skippedTests.push([file, ...open.slice(0, event.data.nesting), event.data.name].join(' > '));
    } else if (event.type === 'test:pass') acc.passed++;
    else acc.failed++;
  }
  yield JSON.stringify(acc);
}
