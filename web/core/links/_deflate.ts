// Raw DEFLATE (RFC 1951) through the platform's CompressionStream, for a link's contents before they
// are encrypted (docs/links.md). The same shape as the identity service's record compression, kept
// here because web/core imports nothing from the layers above it. Internal to web/core/links.

/** Writes `bytes` into the stream's writable side; bad input errors the readable side, so the writer's own rejections are let go. */
function _feed(bytes: Uint8Array, pair: ReadableWritablePair<Uint8Array, Uint8Array>): void {
  const writer = pair.writable.getWriter();
  writer.write(bytes.slice() as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
}

/** Compresses with 'deflate-raw'. Called by makeLink. */
export async function _deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const pair = new CompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  _feed(bytes, pair);
  return new Uint8Array(await new Response(pair.readable as ReadableStream<Uint8Array<ArrayBuffer>>).arrayBuffer());
}

/**
 * Decompresses 'deflate-raw'; null when the bytes are not DEFLATE, or inflate past `max` bytes (read
 * no further: DEFLATE reaches about 1,000 to 1, and a link must not fill the doctor's memory).
 * Called by openLink.
 */
export async function _inflate(bytes: Uint8Array, max: number): Promise<Uint8Array | null> {
  const pair = new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  _feed(bytes, pair);
  const reader = pair.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null; // not DEFLATE, or cut short: the platform's error says no more than that
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
