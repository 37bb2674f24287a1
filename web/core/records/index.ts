// Private records (docs/design.md "Identity, keys and privacy"): the envelope that seals a record for
// chosen readers (format 2, which reads format 1 too; docs/envelope.md). Pure: randomness is an argument. Used by the records
// service in the identity worker.
export {
  ENVELOPE_MAGIC,
  ENVELOPE_VERSION,
  ENVELOPE_HEADER_SIZE,
  WRAP_SIZE,
  WRAPS_OFFSET,
  MAX_READERS,
  MAX_BUCKET,
  MAX_PLAINTEXT,
  EnvelopeError,
  bucketFor,
  envelopeSize,
  sealEnvelope,
  openEnvelope,
  openEnvelopeWith,
  openEnvelopeKeyWith,
  openEnvelopeWithKey,
} from './envelope.ts';
export type { RandomBytes, EnvelopeReader } from './envelope.ts';
