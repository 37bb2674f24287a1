// The translation pipeline end to end: the source's msg() calls → `lit-localize extract` → the
// committed XLIFF (web/app/i18n/xliff/uk.xlf) → `lit-localize build` → the committed Ukrainian
// module (web/app/i18n/locales/uk.ts), which the app loads. Both steps are run again here, into
// build/, with lit-localize's own analyser, so a msg() added or changed without `npm run
// i18n:extract`, or a translation edited without `npm run i18n:build`, fails here. That every unit
// has a Ukrainian target is checked in the browser (test/app/i18n-catalogue.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '../..');
const work = resolve(root, 'build/i18n-check');
const committed = JSON.parse(readFileSync(resolve(root, 'lit-localize.json'), 'utf8'));
const XLIFF = resolve(root, 'web/app/i18n/xliff/uk.xlf');
const MODULE = resolve(root, 'web/app/i18n/locales/uk.ts');

/** Runs lit-localize with the committed config, some of its paths moved into build/ (paths in a config are relative to it). */
function litLocalize(command, { xliffDir, outputDir, localeCodesModule }) {
  const config = {
    ...committed,
    inputFiles: committed.inputFiles.map((p) => `../../${p}`),
    // Absolute paths: lit-localize resolves localeCodesModule against the working directory.
    output: { ...committed.output, outputDir: resolve(work, outputDir), localeCodesModule: resolve(work, localeCodesModule) },
    interchange: { ...committed.interchange, xliffDir },
  };
  const file = resolve(work, `${command}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  const run = spawnSync(resolve(root, 'node_modules/.bin/lit-localize'), [command, '--config', file], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, `lit-localize ${command} failed:\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** The units of an XLIFF file: id → source (its placeholders as written by extract). */
function units(xliff) {
  const out = new Map();
  for (const m of xliff.matchAll(/<trans-unit id="([^"]+)">\s*<source>([\s\S]*?)<\/source>/g)) out.set(m[1], m[2]);
  return out;
}

test('the committed XLIFF holds exactly the messages of the source, and uk.ts is what it builds', { timeout: 300_000 }, () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(resolve(work, 'xliff'), { recursive: true });
  // A fresh extract from the source, into an empty folder: every msg() as it is written now.
  litLocalize('extract', { xliffDir: 'xliff', outputDir: 'locales', localeCodesModule: 'locale-codes.ts' });
  const fresh = units(readFileSync(resolve(work, 'xliff/uk.xlf'), 'utf8'));
  const mine = units(readFileSync(XLIFF, 'utf8'));
  assert.ok(fresh.size > 100, `the extract found only ${fresh.size} messages`);
  const added = [...fresh.keys()].filter((id) => !mine.has(id));
  const gone = [...mine.keys()].filter((id) => !fresh.has(id));
  const changed = [...fresh.keys()].filter((id) => mine.has(id) && mine.get(id) !== fresh.get(id));
  assert.deepEqual(
    { added, gone, changed },
    { added: [], gone: [], changed: [] },
    'run `npm run i18n:extract`, translate the new units in web/app/i18n/xliff/uk.xlf, then `npm run i18n:build`',
  );
  // A build from the committed XLIFF, into build/: it must equal the committed module byte for byte.
  litLocalize('build', { xliffDir: '../../web/app/i18n/xliff', outputDir: 'locales', localeCodesModule: 'locale-codes.ts' });
  assert.equal(readFileSync(resolve(work, 'locales/uk.ts'), 'utf8'), readFileSync(MODULE, 'utf8'), 'run `npm run i18n:build`');
});
