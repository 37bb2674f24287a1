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

/** Where the time of the last copy of the records (a Tangle file saved here) is kept. */
const LAST_RECORDS_COPY_KEY = 'medtangle.lastRecordsCopy';

/**
 * The two files that together bring everything back: the identity backup (or the 24 words) and a
 * copy of the Tangle, which holds the records. Each is noted apart.
 */
export type BackupKind = 'identity' | 'records';

function _key(kind: BackupKind): string {
  return kind === 'identity' ? LAST_BACKUP_KEY : LAST_RECORDS_COPY_KEY;
}

/** When the last file of `kind` was made here, or null. Called by Settings. */
export function lastBackup(kind: BackupKind = 'identity'): number | null {
  try {
    const v = Number(localStorage.getItem(_key(kind)));
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/** Notes that a file of `kind` was made now. Called by Settings (identity) and the Tangle export (records). */
export function noteBackup(kind: BackupKind = 'identity', now: number = Date.now()): void {
  try {
    localStorage.setItem(_key(kind), String(now));
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

const _DELETE_INCOMPLETE = `${PREFIX}.deleteIncomplete`;

/** Notes, across the reload that follows, that a deletion left some data behind. Called by Settings. */
export function noteDeleteIncomplete(): void {
  try {
    sessionStorage.setItem(_DELETE_INCOMPLETE, '1');
  } catch {
    // storage blocked: the data that is left shows for itself
  }
}

/** Whether the last deletion left data behind; asking clears it. Called by the app shell after a reload. */
export function takeDeleteIncomplete(): boolean {
  try {
    const was = sessionStorage.getItem(_DELETE_INCOMPLETE) === '1';
    sessionStorage.removeItem(_DELETE_INCOMPLETE);
    return was;
  } catch {
    return false;
  }
}

/** How long a deletion blocked by an open connection (another tab) may wait before it is given up. */
const BLOCKED_WAIT_MS = 3000;

/**
 * Deletes everything this app stored on this device: every database (identities and every
 * network's copy of the Tangle), its settings, its cached files and its service worker. The caller
 * closes its workers first (they hold the databases open) and reloads after. Returns the databases
 * deleted and those that are still there: a database another tab holds open cannot be deleted
 * until that tab lets go, and is then named, not counted as gone. Called by the Settings screen.
 */
export async function deleteEverything(): Promise<{ deleted: string[]; kept: string[] }> {
  const names = ((await indexedDB.databases?.()) ?? []).map((d) => d.name ?? '').filter((n) => n.startsWith(PREFIX));
  const result = await deleteDatabases(names);
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
    sessionStorage.clear();
  } catch {
    // nothing to do where storage is blocked
  }
  for (const key of (await caches?.keys?.()) ?? []) await caches.delete(key);
  for (const r of (await navigator.serviceWorker?.getRegistrations?.()) ?? []) await r.unregister();
  return result;
}

/**
 * Deletes the named databases one by one: those deleted, and those kept because a connection
 * elsewhere stayed open for BLOCKED_WAIT_MS (or the deletion failed). Called by deleteEverything
 * and its tests.
 */
export async function deleteDatabases(names: readonly string[]): Promise<{ deleted: string[]; kept: string[] }> {
  const deleted: string[] = [];
  const kept: string[] = [];
  for (const name of names) {
    const gone = await new Promise<boolean>((resolve) => {
      const req = indexedDB.deleteDatabase(name);
      let timer: ReturnType<typeof setTimeout> | undefined;
      req.onsuccess = () => {
        clearTimeout(timer);
        resolve(true);
      };
      req.onerror = () => {
        clearTimeout(timer);
        resolve(false);
      };
      // Blocked: the deletion stays queued and succeeds if the other connection closes soon.
      req.onblocked = () => {
        timer ??= setTimeout(() => resolve(false), BLOCKED_WAIT_MS);
      };
    });
    (gone ? deleted : kept).push(name);
  }
  return { deleted, kept };
}
