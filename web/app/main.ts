// The app's entry point: registers the service worker, loads the chosen language, then defines the
// components, so the first render is already in that language (its messages are precached: this
// works offline too). It also starts the inactivity lock's watch and keeps the install prompt.
import { startI18n } from './i18n/index.ts';
import { watchActivity } from './controllers/identity-controller.ts';
import { watchInstallPrompt } from './controllers/data-safety.ts';
import { startPwa } from './pwa.ts';

startPwa();
watchActivity();
watchInstallPrompt();
try {
  await startI18n();
} catch (e) {
  // The app still works in English (the source language) if a language's messages cannot load.
  console.warn('the chosen language could not be loaded; showing English', e);
}
await import('./mt-app.ts');
