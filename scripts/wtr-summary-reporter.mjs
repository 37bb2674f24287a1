// A web-test-runner reporter that ends the run with one plain line, `N passed, N failed, N skipped`,
// alone on its line (wtr's own summary shares a line with its progress bar, which CI cannot read).
// A test file that failed to load, or reported errors outside any test, counts as one failure.
// The counts are also written to the file named by WTR_SUMMARY_FILE, so scripts/test.mjs can add
// the end-to-end results to them. Used by web-test-runner.config.mjs.
import { writeFileSync } from 'node:fs';

function countSuite(suite, acc) {
  for (const t of suite.tests ?? []) {
    if (t.skipped) acc.skipped++;
    else if (t.passed) acc.passed++;
    else acc.failed++;
  }
  for (const s of suite.suites ?? []) countSuite(s, acc);
  return acc;
}

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0, brokenFiles: [] };
      for (const session of sessions) {
        const before = acc.passed + acc.failed + acc.skipped;
        if (session.testResults) countSuite(session.testResults, acc);
        const ran = acc.passed + acc.failed + acc.skipped - before;
        const loadFailed = (session.errors?.length ?? 0) > 0 || (ran === 0 && !session.passed);
        if (loadFailed) {
          acc.failed++;
          acc.brokenFiles.push(session.testFile);
        }
      }
      if (process.env.WTR_SUMMARY_FILE) writeFileSync(process.env.WTR_SUMMARY_FILE, JSON.stringify(acc));
      // Printed after wtr's own output has finished.
      setTimeout(() => {
        for (const f of acc.brokenFiles) process.stdout.write(`\nfailed to load or errored outside a test: ${f}`);
        process.stdout.write(`\n${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped\n`);
      }, 0);
    },
  };
}
