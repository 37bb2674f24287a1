// The service worker: precaches the whole build (app shell, scripts, workers, the WASM core and the
// icons) so that after the first visit the app works with no network at all. Workbox is bundled in
// by the build; nothing is loaded from elsewhere. Updates wait for the user (registerType 'prompt'):
// the page shows a banner and sends {type: 'SKIP_WAITING'} when the user accepts.
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<PrecacheEntry | string>;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every navigation inside the scope gets the precached app shell. The app routes with the URL
// fragment, so the shell is all any in-scope page ever needs. Its asset URLs are relative to the
// scope root, so a navigation to a deeper path is first redirected to the root.
const shell = createHandlerBoundToURL('index.html');
registerRoute(
  new NavigationRoute(async (options) => {
    const scope = new URL(self.registration.scope);
    const url = options.url;
    const atRoot = url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`;
    if (!atRoot) return Response.redirect(scope.href, 302);
    return shell(options);
  }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Take control of open pages when this worker activates: on the first visit, so the page that
// installed it is already served offline-ready; on an update, right after the user accepted it.
clientsClaim();
