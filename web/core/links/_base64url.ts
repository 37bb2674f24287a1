// Base64url without padding (RFC 4648 section 5, with the padding left off as section 3.2 allows),
// read strictly: a link's payload has exactly one spelling. The decoder refuses any character outside
// the 64 of the alphabet ('=', '+', '/', whitespace and '%' included), a length of 1 mod 4 (no byte
// ends there), and a last character whose unused low bits are not zero (RFC 4648 section 3.5 lets a
// decoder refuse those, and we do): otherwise two spellings would decode to the same bytes, and one
// changed character of a link could open to the very same contents. Internal to web/core/links.

const _ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Character code to 6-bit value, or -1 for a character outside the alphabet. */
const _VALUE = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < _ALPHABET.length; i++) t[_ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** The bytes as base64url, no padding. Called by makeLink. */
export function _toBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += _ALPHABET[n >> 18] + _ALPHABET[(n >> 12) & 63] + _ALPHABET[(n >> 6) & 63] + _ALPHABET[n & 63];
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = bytes[i] << 16;
    out += _ALPHABET[n >> 18] + _ALPHABET[(n >> 12) & 63];
  } else if (left === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += _ALPHABET[n >> 18] + _ALPHABET[(n >> 12) & 63] + _ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/** The bytes of a canonical base64url text without padding, or null when it is not one. Called by readLinkHeader. */
export function _fromBase64url(text: string): Uint8Array | null {
  const rest = text.length % 4;
  if (rest === 1) return null;
  const out = new Uint8Array(((text.length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? _VALUE[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits (4 after a 2-character tail, 2 after a 3-character one) must be zero: the canonical spelling.
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
