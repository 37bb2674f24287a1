// A web-test-runner reporter that ends the run with one plain line, `N passed, N failed, N skipped`,
// alone on its line (wtr's own summary shares a line with its progress bar, which CI cannot read).
// A test file that failed to load, or reported errors outside any test, counts as one failure.
// The counts, the files that ran and the full name of every skipped test are also written to the
// file named by WTR_SUMMARY_FILE, so scripts/test.mjs can check the skips against test/skips.json
// and add the end-to-end results. Used by web-test-runner.config.mjs.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** A test file as test/skips.json names it: relative to the project, with forward slashes. */
function fileName(testFile) {
  return relative(process.cwd(), testFile).split('\\').join('/');
}

function countSuite(suite, path, acc) {
  for (const t of suite.tests ?? []) {
    if (t.skipped) {
      acc.skipped++;
      acc.skippedTests.push([...path, t.name].join(' > '));
    } else if (t.passed) acc.passed++;
    else acc.failed++;
  }
  for (const s of suite.suites ?? []) countSuite(s, [...path, s.name], acc);
  return acc;
}

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0, brokenFiles: [], files: [], skippedTests: [] };
      for (const session of sessions) {
        const file = fileName(session.testFile);
        acc.files.push(file);
        const before = acc.passed + acc.failed + acc.skipped;
        // The root suite has no name of its own: a full name is `file > suite > … > test`.
        if (session.testResults) countSuite(session.testResults, [file], acc);
        const ran = acc.passed + acc.failed + acc.skipped - before;
        const loadFailed = (session.errors?.length ?? 0) > 0 || (ran === 0 && !session.passed);
        if (loadFailed) {
          acc.failed++;
          acc.brokenFiles.push(file);
        }
      }
      if (process.env.WTR_SUMMARY_FILE) writeFileSync(process.env.WTR_SUMMARY_FILE, JSON.stringify(acc));
      // Printed after wtr's own output has finished.
      setTimeout(() => {
        for (const f of acc.brokenFiles) process.stdout.write(`\nfailed to load or errored outside a test: ${f}`);
        for (const t of acc.skippedTests) process.stdout.write(`\nskipped: ${t}`);
        process.stdout.write(`\n${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped\n`);
      }, 0);
    },
  };
}
