// Raw DEFLATE (RFC 1951) with the platform's CompressionStream: a record's FHIR JSON is compressed
// before it is sealed (docs/envelope.md "What the plaintext is"). Internal to web/identity.

async function _pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Compresses with 'deflate-raw'. */
export function _deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return _pipe(bytes, new CompressionStream('deflate-raw'));
}

/** Decompresses 'deflate-raw'; rejects on bytes that are not. */
export function _inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return _pipe(bytes, new DecompressionStream('deflate-raw'));
}
