// The rules scripts/test.mjs holds a test run to, after the runners have reported: every skipped
// test is listed with a reason in test/skips.json and every listed skip still happens; at least as
// many tests pass as test/floor.json says. Pure: it reads nothing, so the rules can be tried on
// made-up summaries. Called by scripts/test.mjs.

/**
 * Checks the two runners' summaries (`{ passed, files, skippedTests }` from
 * scripts/wtr-summary-reporter.mjs and scripts/node-test-counter.mjs) against the parsed
 * test/skips.json and test/floor.json. `partial` (a run of some files only) checks the skips of the
 * files that ran, and not the floor. Returns `problems` (each one failure) and `notes`.
 */
export function checkRun({ browser, e2e, skips, floor, partial = false }) {
  const problems = [];
  const notes = [];

  const reasons = skips?.skips;
  if (typeof reasons !== 'object' || reasons === null || Array.isArray(reasons)) {
    problems.push('test/skips.json: "skips" must map full test names to reasons');
  } else {
    for (const [name, reason] of Object.entries(reasons)) {
      if (typeof reason !== 'string' || reason.trim() === '') problems.push(`test/skips.json: the entry "${name}" has no reason`);
    }
  }
  const listed = reasons && typeof reasons === 'object' ? reasons : {};
  const skipped = [...browser.skippedTests, ...e2e.skippedTests];
  for (const name of skipped) {
    if (!Object.hasOwn(listed, name)) problems.push(`skipped without a reason in test/skips.json: ${name}`);
  }
  const ranFiles = new Set([...browser.files, ...e2e.files]);
  for (const name of Object.keys(listed)) {
    if (skipped.includes(name)) continue;
    const file = name.split(' > ')[0];
    if (ranFiles.has(file)) problems.push(`stale entry in test/skips.json: "${name}" did not skip (remove it)`);
    else if (!partial) problems.push(`stale entry in test/skips.json: "${name}" names a file that did not run (${file})`);
  }

  if (partial) {
    notes.push('partial run: the floor in test/floor.json is not checked');
  } else if (!floor || !Number.isInteger(floor.browser) || !Number.isInteger(floor.e2e)) {
    problems.push('test/floor.json must hold integer "browser" and "e2e" counts');
  } else {
    for (const [what, key, passed] of [['browser tests', 'browser', browser.passed], ['end-to-end tests', 'e2e', e2e.passed]]) {
      if (passed < floor[key]) problems.push(`${what}: ${passed} passed, below the floor of ${floor[key]} in test/floor.json`);
      else if (passed > floor[key]) notes.push(`${what}: ${passed} passed, above the floor of ${floor[key]}: raise "${key}" in test/floor.json to ${passed}`);
    }
  }
  return { problems, notes };
}
