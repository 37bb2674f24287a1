// Which network this device works on now. A network is a property of the data (web/core/network):
// each network has a replica of its own, which records its name and MWM for good, so this setting
// only chooses which replica the app opens. It is not secret, so it lives in localStorage. Read by
// the Device check and the Tangle screen; written only by the Tangle screen's Network card.
import { DEFAULT_NETWORK, MAX_NETWORK_MWM, MIN_NETWORK_MWM, networkProblem, type Network } from '../../core/network/index.ts';

/** The localStorage key of the current network, as JSON { name, mwm }. */
export const NETWORK_KEY = 'medtangle.network';
/**
 * Where earlier versions kept a device-wide MWM. Read once, when NETWORK_KEY is absent: a device set
 * to MWM k (not 13) was on a test network, which becomes the network "test" with MWM k.
 */
export const LEGACY_MWM_KEY = 'medtangle.network.mwm';
/** The MWM range the app accepts for a network; re-exported for the Network card's field. */
export { MIN_NETWORK_MWM, MAX_NETWORK_MWM };

/** The part of the Storage interface used here, so tests can pass a Map-backed twin. */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

function _defaultStorage(): SettingsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage can be blocked; the default then applies
  }
}

function _get(storage: SettingsStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The network this device works on: the stored one, the one an earlier version's MWM implies, or the default. */
export function loadNetwork(storage: SettingsStorage | null = _defaultStorage()): Network {
  const raw = _get(storage, NETWORK_KEY);
  if (raw !== null) {
    try {
      const n = JSON.parse(raw) as unknown;
      if (networkProblem(n) === null) return { name: (n as Network).name, mwm: (n as Network).mwm };
    } catch {
      // not JSON: fall through to the default
    }
    return { ...DEFAULT_NETWORK };
  }
  const legacy = _get(storage, LEGACY_MWM_KEY)?.trim() ?? '';
  const k = /^\d+$/.test(legacy) ? Number(legacy) : NaN;
  if (k !== DEFAULT_NETWORK.mwm && networkProblem({ name: 'test', mwm: k }) === null) return { name: 'test', mwm: k };
  return { ...DEFAULT_NETWORK };
}

/** Stores the network this device works on. Throws RangeError naming the field for anything but a network. */
export function saveNetwork(network: Network, storage: SettingsStorage | null = _defaultStorage()): void {
  const problem = networkProblem(network);
  if (problem !== null) throw new RangeError(problem.startsWith('must') ? `network ${problem}` : `network.${problem}`);
  try {
    storage?.setItem(NETWORK_KEY, JSON.stringify({ name: network.name, mwm: network.mwm }));
  } catch {
    // a blocked or full storage keeps the setting for this session only
  }
}
