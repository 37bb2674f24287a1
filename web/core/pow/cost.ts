// The cost of Kerl-PoW v1 (docs/design.md "Proof of work (Kerl-PoW v1)"): weight is counted from trit 0,
// so one attempt reaches `mwm` with probability exactly 3^-mwm.
import { _assertMwm } from './_args.ts';

/** Expected number of attempts to reach `mwm`: 3^mwm. Used by progress estimates and benchmarks. */
export function expectedAttempts(mwm: number): number {
  _assertMwm(mwm);
  return 3 ** mwm;
}
