// The app's entry point: defines the components and registers the service worker.
import './mt-app.ts';
import { watchActivity } from './controllers/identity-controller.ts';
import { watchInstallPrompt } from './controllers/data-safety.ts';
import { startPwa } from './pwa.ts';

startPwa();
watchActivity();
watchInstallPrompt();
