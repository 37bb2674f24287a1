// Shared by start, test and bench: make a fresh clone ready without asking anything, using only
// Node's own modules (nothing is installed yet when these run).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

/** Run a command in the project folder, streaming its output; throw when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Install the npm dependencies when they are missing or older than the lock file. */
export function ensureDependencies() {
  const marker = resolve(root, 'node_modules/.package-lock.json');
  const lock = resolve(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm install`, not `npm ci`: npm 11 writes lock files without rollup's foreign-platform optional
  // packages and then refuses them in `npm ci` ("Missing: @rollup/rollup-android-arm-eabi"), even
  // for a lock it just made. `npm install` still installs the locked versions.
  console.log('Installing npm dependencies (npm install)…');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** Find Chromium; on Debian as root install the `chromium` package when none is found. */
export function ensureChromium() {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version') && !process.env.CHROME_PATH) {
    console.log('No Chromium found: installing Debian\'s chromium package…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (existsSync(path)) return path;
  }
  console.error(
    `No Chromium at ${path}. Install Chromium (Debian/Ubuntu: apt-get install chromium) ` +
      'or set CHROME_PATH to a Chromium or Chrome binary, then run this again.',
  );
  process.exit(1);
}

/** Build the WASM core (release and debug) and the production app into dist/. */
export function build() {
  run('npm', ['run', '--silent', 'build']);
}
