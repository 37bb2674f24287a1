// The weight of a Kerl-PoW v1 hash (docs/design.md "Proof of work (Kerl-PoW v1)"): the number of zero
// trits at hash[0], hash[1], ... up to the first non-zero trit. Counting from trit 0 (the least
// significant) makes P(weight >= k) = 3^-k; the top trits are biased under Kerl (trit 242 is always 0).

/** Zero trits from trit 0 up to the first non-zero trit. Called by powWeightRef, the validator and tests. */
export function tritWeight(hash: Int8Array): number {
  if (!(hash instanceof Int8Array)) throw new TypeError('hash must be an Int8Array of trits');
  let weight = 0;
  while (weight < hash.length && hash[weight] === 0) weight++;
  return weight;
}
