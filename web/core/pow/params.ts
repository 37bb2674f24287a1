// Network parameters of Kerl-PoW v1 (docs/design.md "Proof of work (Kerl-PoW v1)"): the minimum weight
// magnitude (MWM). "MWM is a network parameter. The default is 13, and tests use small values."

/** The network's default MWM. Used by the attach flow and the validator. */
export const DEFAULT_MWM = 13;
/** Smallest MWM accepted by any PoW function. Used by the argument checks. */
export const MIN_MWM = 1;
/** Largest MWM accepted by any PoW function (3^40 attempts is far beyond any device). Used by the argument checks. */
export const MAX_MWM = 40;
