// A node:test reporter that writes `{ passed, failed, skipped }` as JSON (suites not counted), so
// scripts/test.mjs can add the end-to-end results to the browser-test counts.
export default async function* counter(source) {
  const acc = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') {
      // A suite that fails outside its tests (a hook, a load error) still counts as one failure.
      if (event.type === 'test:fail' && event.data.details?.error?.failureType !== 'subtestsFailed') acc.failed++;
      continue;
    }
    if (event.data.skip || event.data.todo) acc.skipped++;
    else if (event.type === 'test:pass') acc.passed++;
    else acc.failed++;
  }
  yield JSON.stringify(acc);
}
