// Vite build of the installable offline app: web/ is the root, public/ holds the icons, dist/ is the
// output. The service worker (web/sw/sw.ts) is built by vite-plugin-pwa with the injectManifest
// strategy, so it precaches everything the build emits, the WASM core included.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

// Cross-origin isolation (TOOLCHAIN.md): needed for SharedArrayBuffer and WASM threads. The same
// headers are sent by the dev server and by `vite preview` (which `npm start` uses).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Files of public/ that the plugin itself adds to the precache manifest (the web manifest's icons
// and includeAssets) besides the web manifest. The globPatterns match them again in dist/; the
// transform below drops those second copies so each URL is listed once.
const ICONS = [
  { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: 'icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
];
const INCLUDE_ASSETS = ['favicon.svg', 'apple-touch-icon.png'];
const ADDED_BY_PLUGIN = new Set(['manifest.webmanifest', ...INCLUDE_ASSETS, ...ICONS.map((i) => i.src)]);

const THEME = '#0f5e59';
const BACKGROUND = '#f6faf9';

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  // Relative URLs everywhere, so dist/ works from any path on any static host (e.g. /medtangle/).
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // Keep the WASM core a file of its own (never a data: URL), so it is fetched, cached and
    // precached like every other asset.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  worker: { format: 'es' },
  server: {
    headers: isolationHeaders,
    // The WASM core is emitted by AssemblyScript to build/wasm/, outside the Vite root (web/):
    // allow the project folder, so the dev server may serve it.
    fs: { allow: [projectRoot] },
  },
  preview: { headers: isolationHeaders },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      // Registration happens in web/app/pwa.ts through `virtual:pwa-register`.
      injectRegister: false,
      includeAssets: INCLUDE_ASSETS,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,webmanifest,ico}'],
        // The debug core (runtime checks, names) is for diagnosis and the tests; the app loads
        // `release` or `compat` only, so precaching it would make every install download it for nothing.
        globIgnores: ['**/core.debug-*.wasm'],
        // One self-contained classic script: workbox is bundled in, nothing is imported at run time.
        rollupFormat: 'iife',
        manifestTransforms: [
          async (entries) => ({ manifest: entries.filter((e) => !ADDED_BY_PLUGIN.has(e.url)), warnings: [] }),
        ],
      },
      manifest: {
        name: 'medtangle',
        short_name: 'medtangle',
        description:
          'Your medical records, kept on your own device and shared with the doctors you choose, ' +
          'over a Tangle. Works offline; no server.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: THEME,
        background_color: BACKGROUND,
        icons: ICONS,
      },
      devOptions: { enabled: false },
    }),
  ],
});
