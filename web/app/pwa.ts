// Service worker registration (vite-plugin-pwa, 'prompt' flow) as a tiny observable state:
// `needRefresh` when a new version waits, `offlineReady` once, after the first install.
// Nothing is applied without the user: applyUpdate() is called from the update banner.
import { registerSW } from 'virtual:pwa-register';

export interface PwaState {
  /** A new version is installed and waiting; applyUpdate() switches to it and reloads. */
  needRefresh: boolean;
  /** The app has just been stored for offline use (first install only). */
  offlineReady: boolean;
  /** Registration failed (e.g. not a secure context); the app still works online. */
  error: string;
}

type Listener = (state: PwaState) => void;

const UPDATE_CHECK_MS = 60 * 60 * 1000;

let _state: PwaState = { needRefresh: false, offlineReady: false, error: '' };
let _updateSW: ((reloadPage?: boolean) => Promise<void>) | null = null;
let _reloading = false;
const _listeners = new Set<Listener>();

/** Reload once, when a new version has taken control of this page. */
function _reloadOnce(): void {
  if (_reloading) return;
  _reloading = true;
  location.reload();
}

function _set(patch: Partial<PwaState>): void {
  _state = { ..._state, ...patch };
  for (const l of _listeners) l(_state);
}

/** Register the service worker once. Safe to call more than once. */
export function startPwa(): void {
  if (_updateSW || !('serviceWorker' in navigator)) return;
  _updateSW = registerSW({
    onNeedRefresh: () => _set({ needRefresh: true }),
    // Another tab accepted the update and the new version took over this one too.
    onNeedReload: _reloadOnce,
    onOfflineReady: () => _set({ offlineReady: true }),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      // Look for a new version now and then, only when there is a network to look on.
      setInterval(() => {
        if (navigator.onLine && !registration.installing) void registration.update().catch(() => {});
      }, UPDATE_CHECK_MS);
    },
    onRegisterError: (e: unknown) => _set({ error: e instanceof Error ? e.message : String(e) }),
  });
}

export function pwaState(): PwaState {
  return _state;
}

/** Call `listener` on every change; returns the unsubscribe function. */
export function subscribePwa(listener: Listener): () => void {
  _listeners.add(listener);
  return () => _listeners.delete(listener);
}

/** Activate the waiting version; the page reloads once it has taken over. */
export async function applyUpdate(): Promise<void> {
  // The plugin reloads only when this page was already controlled when it loaded; on the visit
  // that first installed the app it would not, so reload on the controller change ourselves.
  navigator.serviceWorker.addEventListener('controllerchange', _reloadOnce, { once: true });
  await _updateSW?.(true);
}

/** Hide the update offer for now; it comes back on the next start if still waiting. */
export function postponeUpdate(): void {
  _set({ needRefresh: false });
}

export function dismissOfflineReady(): void {
  _set({ offlineReady: false });
}
