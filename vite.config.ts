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
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,webmanifest,ico}'],
        // One self-contained classic script: workbox is bundled in, nothing is imported at run time.
        rollupFormat: 'iife',
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
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
});
