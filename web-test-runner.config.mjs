// web-test-runner: every unit and integration test runs in headless Chromium (Debian's, see
// TOOLCHAIN.md), with real IndexedDB, Workers, WASM and, later, WebRTC on loopback.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { summaryReporter } from './scripts/wtr-summary-reporter.mjs';
import { chromiumFlags } from './scripts/chromium.mjs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default {
  rootDir: '.',
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 10 * 60 * 1000,
  testFramework: { config: { timeout: 120000 } },
  browserStartTimeout: 60000,
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: chromiumFlags },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
};
