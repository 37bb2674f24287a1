// Data safety, made visible (issue: a patient's records must not vanish unnoticed): whether the
// browser keeps this app's storage for good, when the last backup file was made, the app's install
// prompt, and the way to delete everything the app stored on this device. Used by Settings and the
// record screen's warning.

/** The localStorage key of the last backup file's time (ms). Not secret. */
export const LAST_BACKUP_KEY = 'medtangle.lastBackup';
/** Every database name and localStorage key of this app starts with this. */
const PREFIX = 'medtangle';

/** Whether the browser granted persistent storage (false when it cannot say). */
export async function isPersisted(): Promise<boolean> {
  try {
    return (await navigator.storage?.persisted?.()) ?? false;
  } catch {
    return false;
  }
}

/** Asks the browser again to keep this app's storage; resolves with its answer. */
export async function askPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/** When the last backup file (replica file or identity backup) was made here, or null. */
export function lastBackup(): number | null {
  try {
    const v = Number(localStorage.getItem(LAST_BACKUP_KEY));
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/** Notes that a backup file was made now. Called by every export. */
export function noteBackup(now: number = Date.now()): void {
  try {
    localStorage.setItem(LAST_BACKUP_KEY, String(now));
  } catch {
    // a blocked storage cannot keep the note; the export itself worked
  }
}

let _installPrompt: (Event & { prompt(): Promise<unknown> }) | null = null;
/** Keeps the browser's install prompt for the Install button. Called once by the app's entry point. */
export function watchInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    _installPrompt = e as Event & { prompt(): Promise<unknown> };
  });
}
/** Whether the app can offer to install itself now. */
export function canInstall(): boolean {
  return _installPrompt !== null;
}
/** Shows the browser's install prompt. */
export async function install(): Promise<void> {
  const p = _installPrompt;
  _installPrompt = null;
  await p?.prompt();
}

/**
 * Deletes everything this app stored on this device: every database (identities and every
 * network's copy of the Tangle), its settings, its cached files and its service worker. The caller
 * closes its workers first (they hold the databases open) and reloads after. Returns how many
 * databases were deleted.
 */
export async function deleteEverything(): Promise<number> {
  let deleted = 0;
  const names = ((await indexedDB.databases?.()) ?? []).map((d) => d.name ?? '').filter((n) => n.startsWith(PREFIX));
  for (const name of names) {
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
    deleted++;
  }
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
    sessionStorage.clear();
  } catch {
    // nothing to do where storage is blocked
  }
  for (const key of (await caches?.keys?.()) ?? []) await caches.delete(key);
  for (const r of (await navigator.serviceWorker?.getRegistrations?.()) ?? []) await r.unregister();
  return deleted;
}
