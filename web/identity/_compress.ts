// Raw DEFLATE (RFC 1951) with the platform's CompressionStream: a record's FHIR JSON is compressed
// before it is sealed (docs/envelope.md "What the plaintext is"). Internal to web/identity.

/**
 * The bytes through `stream`, written straight into it. Not through a Blob: in Chromium a Blob's
 * stream reads its bytes back through the browser's blob store, and that made a record's inflate
 * cost 1.5 to 2.7 ms against 0.07 to 0.4 ms written straight in (the bench's identity worker,
 * 100 records of 636 bytes deflated, 7 rounds each in turns: 147 to 274 ms against 7 to 40 ms).
 */
async function _pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const pair = stream as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const writer = pair.writable.getWriter();
  // Bad input errors the readable, whose read below rejects with the reason; the writer's own
  // promises reject with the same error, which must not go unhandled.
  writer.write(bytes.slice() as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return new Uint8Array(await new Response(pair.readable as ReadableStream<Uint8Array<ArrayBuffer>>).arrayBuffer());
}

/** Compresses with 'deflate-raw'. */
export function _deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return _pipe(bytes, new CompressionStream('deflate-raw'));
}

/** Decompresses 'deflate-raw'; rejects on bytes that are not. */
export function _inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return _pipe(bytes, new DecompressionStream('deflate-raw'));
}
