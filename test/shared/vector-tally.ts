// A count of the vectors a data-driven suite ran, so that a vector file cut short (or emptied to
// `[]`, which registers no test at all and would pass in silence) fails the suite. Used by
// test/shared/kerl-suite.ts and the other tests that loop over test/vectors/*.json.
import { expect } from 'chai';

/** What vectorTally returns: `ran()` in each vector's test, `check()` once after them. */
export interface VectorTally {
  /** Counts one vector; call it first thing in the vector's own test (or loop body). */
  ran(): void;
  /**
   * Registers `ran all N <what>` in the current describe, after its vector tests: mocha runs a
   * describe's tests in order, so it sees every count.
   */
  check(): void;
}

/**
 * A tally that expects exactly `expected` vectors of `what` (the count in the vector file as
 * committed, minus the entries a comment in the suite names as not applicable).
 */
export function vectorTally(what: string, expected: number): VectorTally {
  let count = 0;
  return {
    ran() {
      count++;
    },
    check() {
      it(`ran all ${expected} ${what}`, function () {
        expect(count, `${what}: vectors run (a vector file cut short or emptied runs fewer)`).to.equal(expected);
      });
    },
  };
}
