// The WebRTC data channel transport (docs/sync.md "Data channel chunks"): sync messages (up to
// LIMITS.maxMessageBytes) cut into chunks of CHUNK_BYTES, sent with backpressure, and put together
// again on the other side.
//
// Chunk: flags (u8: bit 0 = the message's last chunk, the other bits zero) | up to CHUNK_BYTES - 1 bytes.
// Why chunks: a data channel message larger than the peer's max-message-size (SDP; 256 KiB in
// Chromium, 64 KiB in some browsers) is refused or ends the channel, and one large message holds
// the SCTP association while it is sent; 16 KiB is what every browser carries.
// Backpressure: chunks wait in this object's queue while the channel holds more than HIGH_WATER
// bytes, and go out again on `bufferedamountlow` (threshold LOW_WATER), so a batch of txs never
// piles megabytes into the browser's buffer on a slow link.
// A message that would pass LIMITS.maxMessageBytes while it is put together closes the channel
// (closeReason says so): the peer broke the format, and nothing of it is kept.
import { LIMITS } from '../core/sync/index.ts';
import type { Transport } from './transport.ts';

/** Bytes of one chunk on the channel, its flag byte included. */
export const CHUNK_BYTES = 16 * 1024;
/** Chunks are held back while the channel buffers more than this. */
export const HIGH_WATER = 1024 * 1024;
/** ... and sent again once it has drained to this (bufferedAmountLowThreshold). */
export const LOW_WATER = 256 * 1024;

const _LAST = 1;

/** A Transport over an RTCDataChannel (open or opening). Made by the sync controller and tests. */
export class DataChannelTransport implements Transport {
  onmessage: ((bytes: Uint8Array) => void) | null = null;
  onclose: (() => void) | null = null;
  /** Why this side closed the channel, when it was not asked to. */
  closeReason: string | null = null;
  /** Bytes sent and received on the channel, chunk headers included. */
  bytesSent = 0;
  bytesReceived = 0;
  readonly #ch: RTCDataChannel;
  #queue: Uint8Array<ArrayBuffer>[] = [];
  #parts: Uint8Array[] = [];
  #partBytes = 0;
  #closing = false;
  #closed = false;

  constructor(channel: RTCDataChannel) {
    this.#ch = channel;
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = LOW_WATER;
    channel.addEventListener('bufferedamountlow', () => this.#flush());
    channel.addEventListener('open', () => this.#flush());
    channel.addEventListener('message', (e) => this.#chunk(e.data));
    channel.addEventListener('close', () => this.#ended());
  }

  send(bytes: Uint8Array): void {
    if (this.#closing || this.#closed) return;
    const body = CHUNK_BYTES - 1;
    for (let at = 0; at === 0 || at < bytes.length; at += body) {
      const part = bytes.subarray(at, Math.min(bytes.length, at + body));
      const chunk = new Uint8Array(part.length + 1);
      chunk[0] = at + body >= bytes.length ? _LAST : 0;
      chunk.set(part, 1);
      this.#queue.push(chunk);
    }
    this.#flush();
  }

  /** Closes once every queued chunk is handed to the channel (which sends what it holds first). */
  close(): void {
    if (this.#closing || this.#closed) return;
    this.#closing = true;
    this.#flush();
  }

  #flush(): void {
    const ch = this.#ch;
    if (ch.readyState !== 'open') return;
    while (this.#queue.length > 0 && ch.bufferedAmount <= HIGH_WATER) {
      const c = this.#queue.shift()!;
      this.bytesSent += c.length;
      ch.send(c);
    }
    if (this.#closing && this.#queue.length === 0) ch.close();
  }

  #chunk(data: unknown): void {
    if (this.#closed) return;
    if (!(data instanceof ArrayBuffer)) return this.#refuse('a chunk was not binary');
    const c = new Uint8Array(data);
    this.bytesReceived += c.length;
    if (c.length === 0 || c.length > CHUNK_BYTES) return this.#refuse(`a chunk of ${c.length} bytes, not 1..${CHUNK_BYTES}`);
    if (c[0] & ~_LAST) return this.#refuse(`a chunk's flags are ${c[0]}`);
    this.#partBytes += c.length - 1;
    if (this.#partBytes > LIMITS.maxMessageBytes) return this.#refuse(`a message passed ${LIMITS.maxMessageBytes} bytes`);
    this.#parts.push(c.subarray(1));
    if (!(c[0] & _LAST)) return;
    const msg = new Uint8Array(this.#partBytes);
    let at = 0;
    for (const p of this.#parts) {
      msg.set(p, at);
      at += p.length;
    }
    this.#parts = [];
    this.#partBytes = 0;
    this.onmessage?.(msg);
  }

  #refuse(why: string): void {
    this.closeReason = `the peer broke the chunk format: ${why}`;
    this.#parts = [];
    this.#queue = [];
    this.#closing = true;
    this.#ch.close();
    this.#ended();
  }

  #ended(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.onclose?.();
  }
}
