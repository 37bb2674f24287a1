// The network's settings as this device keeps them. Today only the MWM (minimum weight magnitude):
// a network parameter (DESIGN.md "Proof of work"), default 13, that every device of one network
// must share. It is not secret, so it lives in localStorage. Read by the Device check and the
// Tangle screen; written only by the Tangle screen's Network section.
import { DEFAULT_MWM } from '../../core/pow/index.ts';

/** The localStorage key of the network MWM. */
export const NETWORK_MWM_KEY = 'medtangle.network.mwm';
/** The MWM range the app accepts as a network setting (3^20 attempts per tx is already minutes). */
export const MIN_NETWORK_MWM = 1;
export const MAX_NETWORK_MWM = 20;

/** The part of the Storage interface used here, so tests can pass a Map-backed twin. */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

function _defaultStorage(): SettingsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage can be blocked; the default then applies
  }
}

/** Whether `n` is an MWM the app accepts as the network's. */
export function isNetworkMwm(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= MIN_NETWORK_MWM && n <= MAX_NETWORK_MWM;
}

/** The stored network MWM, or DEFAULT_MWM when nothing (or nothing valid) is stored. */
export function loadNetworkMwm(storage: SettingsStorage | null = _defaultStorage()): number {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(NETWORK_MWM_KEY) ?? null;
  } catch {
    raw = null;
  }
  const n = raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return isNetworkMwm(n) ? n : DEFAULT_MWM;
}

/** Stores the network MWM. Throws RangeError for anything but a whole number from 1 to 20. */
export function saveNetworkMwm(mwm: number, storage: SettingsStorage | null = _defaultStorage()): void {
  if (!isNetworkMwm(mwm)) {
    throw new RangeError(`mwm must be an integer from ${MIN_NETWORK_MWM} to ${MAX_NETWORK_MWM}, got ${String(mwm)}`);
  }
  try {
    storage?.setItem(NETWORK_MWM_KEY, String(mwm));
  } catch {
    // a blocked or full storage keeps the setting for this session only
  }
}
