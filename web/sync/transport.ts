// What a sync session needs from a connection (docs/sync.md "The session"; issue 11 "Transports"): whole messages in order,
// both ways, and a close that either side may cause. Adapters: the in-memory seeded network
// (./memory.ts) for tests; the WebRTC data channel later. A transport that loses a message must close:
// the session's state assumes every message before the last one arrived.

/** One connection to one peer. Implemented by the adapters; driven by SyncSession. */
export interface Transport {
  /** Sends one whole message. Ignored once closed. */
  send(bytes: Uint8Array): void;
  /** Called with each whole message from the peer, in the order sent. */
  onmessage: ((bytes: Uint8Array) => void) | null;
  /** Called once when the connection ends, from either side or the network. */
  onclose: (() => void) | null;
  /** Ends the connection; the peer's onclose follows. */
  close(): void;
}

/** A clock with timers: the global one, or a test network's virtual one. Given to SyncSession. */
export interface Timers {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The page's own clock and timers. The default of SyncSession. */
export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (f, ms) => globalThis.setTimeout(f, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};
