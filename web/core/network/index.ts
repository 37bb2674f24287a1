// A network is a property of the data, not of a device (docs/design.md "Proof of work": MWM is a network
// parameter). Every replica belongs to exactly one network, named with its minimum weight magnitude
// when the replica is created, and never changes it: a device that wants another network opens
// another replica. Archives name their network in their header, so a file from another network is
// refused as a whole, with both names and both MWMs, instead of tx by tx as weak proof of work.
import { DEFAULT_MWM } from '../pow/index.ts';

/** A network: its name and the minimum weight magnitude every tx of it must reach. */
export interface Network {
  /** 1 to NETWORK_NAME_MAX characters: a-z, 0-9 and '-', starting with a letter or a digit. */
  name: string;
  /** MIN_NETWORK_MWM .. MAX_NETWORK_MWM. */
  mwm: number;
}

/** The network patients and doctors use; tests and demos make their own with a small MWM. */
export const DEFAULT_NETWORK: Readonly<Network> = Object.freeze({ name: 'medtangle', mwm: DEFAULT_MWM });
/** The longest network name, in characters (one byte each in the archive header). Used by the archive codec. */
export const NETWORK_NAME_MAX = 32;
/** The MWM range a network may have (3^20 attempts per tx is already minutes on a phone). */
export const MIN_NETWORK_MWM = 1;
export const MAX_NETWORK_MWM = 20;

const _NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * What is wrong with `n` as a network, as a sentence that starts with the field ('name must be …'),
 * or null when it is one. Used by forms and assertNetwork.
 */
export function networkProblem(n: unknown): string | null {
  if (typeof n !== 'object' || n === null) return 'must be an object { name, mwm }';
  const { name, mwm } = n as Partial<Network>;
  if (typeof name !== 'string' || name.length < 1 || name.length > NETWORK_NAME_MAX || !_NAME.test(name)) {
    return `name must be 1 to ${NETWORK_NAME_MAX} characters of a-z, 0-9 and '-', starting with a letter or digit, got ${JSON.stringify(name)}`;
  }
  if (typeof mwm !== 'number' || !Number.isInteger(mwm) || mwm < MIN_NETWORK_MWM || mwm > MAX_NETWORK_MWM) {
    return `mwm must be an integer from ${MIN_NETWORK_MWM} to ${MAX_NETWORK_MWM}, got ${String(mwm)}`;
  }
  return null;
}

/** Throws a RangeError naming `argument` (e.g. 'options.network.mwm must be …') unless `n` is a network. */
export function assertNetwork(n: unknown, argument: string): asserts n is Network {
  const problem = networkProblem(n);
  if (problem === null) return;
  throw new RangeError(problem.startsWith('must') ? `${argument} ${problem}` : `${argument}.${problem}`);
}

/** Whether two networks are the same one (same name and same MWM). */
export function sameNetwork(a: Network, b: Network): boolean {
  return a.name === b.name && a.mwm === b.mwm;
}
