// The app's entry point: defines the components and registers the service worker.
import './mt-app.ts';
import { startPwa } from './pwa.ts';

startPwa();
