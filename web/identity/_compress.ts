// Raw DEFLATE (RFC 1951) with the platform's CompressionStream: a record's FHIR JSON is compressed
// before it is sealed (docs/envelope.md "What the plaintext is"). Internal to web/identity.

/**
 * The most bytes a record's plaintext inflates to. DEFLATE reaches about 1,000 to 1 on repeated
 * bytes, so the largest sealed plaintext (256 KiB) could otherwise become a quarter of a gigabyte in
 * the identity worker: a record from a counterpart must not be able to fill the device's memory.
 * 16 MiB is far past any FHIR resource the app writes (a 2 KB blood count is typical).
 */
export const _MAX_INFLATED = 16 * 1024 * 1024;

/** Bad input errors the readable side; the writer's own promises reject with it too, and are let go. */
function _feed(bytes: Uint8Array, pair: ReadableWritablePair<Uint8Array, Uint8Array>): void {
  const writer = pair.writable.getWriter();
  writer.write(bytes.slice() as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
}

/**
 * The bytes through `stream`, written straight into it. Not through a Blob: in Chromium a Blob's
 * stream reads its bytes back through the browser's blob store, and that made a record's inflate
 * cost 1.5 to 2.7 ms against 0.07 to 0.4 ms written straight in (the bench's identity worker,
 * 100 records of 636 bytes deflated, 7 rounds each in turns: 147 to 274 ms against 7 to 40 ms).
 */
async function _pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const pair = stream as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  _feed(bytes, pair);
  return new Uint8Array(await new Response(pair.readable as ReadableStream<Uint8Array<ArrayBuffer>>).arrayBuffer());
}

/** Compresses with 'deflate-raw'. Called by the identity service's sealRecord. */
export function _deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return _pipe(bytes, new CompressionStream('deflate-raw'));
}

/**
 * Decompresses 'deflate-raw'; rejects on bytes that are not (with the platform's error), and with a
 * RangeError past _MAX_INFLATED bytes, read no further. Called by the identity service's openFound.
 */
export async function _inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const pair = new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  _feed(bytes, pair);
  const reader = pair.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > _MAX_INFLATED) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError(`the record inflates to more than ${_MAX_INFLATED} bytes`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
