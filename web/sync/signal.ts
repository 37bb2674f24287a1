// Signalling without a server (docs/sync.md "The cut-down offer and answer"): an offer or answer cut down to what a
// data channel needs (RFC 8839 ICE ufrag and pwd, the RFC 8122 DTLS fingerprint and setup role, the
// SCTP port, the UDP candidates), as a short text to show in a QR code or paste, and rebuilt into a
// valid SDP (RFC 8866, RFC 8841 for the data channel m-line) on the other side. Everything else in
// a browser's SDP is either fixed for a data-channel-only session or a default.
//
// The text is "mt1." then base64url (no padding) of:
//   version (u8, 1) | flags (u8: bit 0 answer, bits 1..2 setup 0 actpass 1 active 2 passive)
//   | ufrag length (u8) | ufrag | pwd length (u8) | pwd | SHA-256 fingerprint (32) | SCTP port (u16 BE)
//   | candidate count (u8, at most MAX_CANDIDATES)
//   | count × ( type (u8: 0 host 1 srflx 2 relay) | address kind (u8: 4, 6, or 0 a name)
//               | 4 or 16 bytes, or name length (u8) and name | port (u16 BE) )
// Decoding checks every field and throws SignalFormatError naming the one that is wrong.

/** The prefix of every signal text: its format and version. */
export const SIGNAL_PREFIX = 'mt1.';
/** Most candidates kept: enough for every interface of a phone or laptop. */
export const MAX_CANDIDATES = 16;

/** A cut-down offer or answer. Made from an SDP by cutSdp, and back into one by buildSdp. */
export interface Signal {
  type: 'offer' | 'answer';
  ufrag: string;
  pwd: string;
  /** SHA-256 of the DTLS certificate (32 bytes). */
  fingerprint: Uint8Array;
  setup: 'actpass' | 'active' | 'passive';
  sctpPort: number;
  candidates: { type: 'host' | 'srflx' | 'relay'; address: string; port: number }[];
}

/** A signal text or SDP that cannot be read. Thrown by the functions here; shown by the sync screen. */
export class SignalFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignalFormatError';
  }
}

const _SETUPS = ['actpass', 'active', 'passive'] as const;
const _TYPES = ['host', 'srflx', 'relay'] as const;
const _ICE_CHARS = /^[A-Za-z0-9+/]+$/; // RFC 8839 ice-char

/** The essentials of a browser's SDP (gathering complete, so its candidates are in it). Called by the sync controller and tests. */
export function cutSdp(sdp: string, type: 'offer' | 'answer'): Signal {
  const lines = sdp.split(/\r?\n/);
  const attr = (name: string): string => {
    const l = lines.find((x) => x.startsWith(`a=${name}:`));
    if (l === undefined) throw new SignalFormatError(`the SDP has no a=${name} line`);
    return l.slice(name.length + 3).trim();
  };
  const ufrag = attr('ice-ufrag');
  const pwd = attr('ice-pwd');
  const [hash, hexFp] = attr('fingerprint').split(' ');
  if (hash?.toLowerCase() !== 'sha-256') throw new SignalFormatError(`the DTLS fingerprint is ${hash}, not sha-256`);
  const fingerprint = Uint8Array.from((hexFp ?? '').split(':'), (h) => parseInt(h, 16));
  const setup = attr('setup') as Signal['setup'];
  const sctpPort = Number(attr('sctp-port'));
  const candidates: Signal['candidates'] = [];
  for (const l of lines) {
    if (!l.startsWith('a=candidate:')) continue;
    const f = l.slice('a=candidate:'.length).trim().split(/\s+/);
    // foundation component transport priority address port "typ" type ...
    if (f.length < 8 || f[1] !== '1' || f[2].toLowerCase() !== 'udp' || f[6] !== 'typ') continue;
    const t = f[7] as Signal['candidates'][number]['type'];
    if (!_TYPES.includes(t)) continue;
    // IPv6 in one written form (all eight groups), so the text decodes to what was cut.
    const v6 = _ipv4(f[4]) ? null : _ipv6(f[4]);
    const address = v6 ? _ipv6Text(Uint8Array.from(v6)) : f[4];
    if (candidates.length < MAX_CANDIDATES) candidates.push({ type: t, address, port: Number(f[5]) });
  }
  const s: Signal = { type, ufrag, pwd, fingerprint, setup, sctpPort, candidates };
  _check(s);
  return s;
}

function _check(s: Signal): void {
  if (!_ICE_CHARS.test(s.ufrag) || s.ufrag.length < 4 || s.ufrag.length > 255) throw new SignalFormatError('the ICE ufrag is not 4..255 ice-chars');
  if (!_ICE_CHARS.test(s.pwd) || s.pwd.length < 22 || s.pwd.length > 255) throw new SignalFormatError('the ICE pwd is not 22..255 ice-chars');
  if (s.fingerprint.length !== 32 || s.fingerprint.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new SignalFormatError('the DTLS fingerprint is not 32 bytes');
  if (!_SETUPS.includes(s.setup)) throw new SignalFormatError(`the DTLS setup role is ${s.setup}`);
  if (s.type === 'offer' ? s.setup !== 'actpass' : s.setup === 'actpass') throw new SignalFormatError(`an ${s.type} cannot take the DTLS setup role ${s.setup}`);
  if (!Number.isInteger(s.sctpPort) || s.sctpPort < 1 || s.sctpPort > 65535) throw new SignalFormatError(`the SCTP port ${s.sctpPort} is not 1..65535`);
  if (s.candidates.length > MAX_CANDIDATES) throw new SignalFormatError(`${s.candidates.length} candidates, at most ${MAX_CANDIDATES}`);
  s.candidates.forEach((c, i) => {
    if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) throw new SignalFormatError(`candidate ${i}'s port ${c.port} is not 1..65535`);
    if (_ipv4(c.address) === null && _ipv6(c.address) === null && !/^[A-Za-z0-9.-]{1,253}$/.test(c.address)) {
      throw new SignalFormatError(`candidate ${i}'s address is not an IP address or a host name`);
    }
  });
}

function _ipv4(a: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? b : null;
}

function _ipv6(a: string): number[] | null {
  if (!/^[0-9a-fA-F:]+$/.test(a) || !a.includes(':')) return null;
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const words = (h: string) => (h === '' ? [] : h.split(':').map((w) => (/^[0-9a-fA-F]{1,4}$/.test(w) ? parseInt(w, 16) : NaN)));
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array(Math.max(0, fill)).fill(0), ...tail];
  if (all.length !== 8 || all.some((w) => Number.isNaN(w)) || fill < 0 || (halves.length === 2 && fill < 1)) return null;
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

function _ipv6Text(b: Uint8Array): string {
  const w: string[] = [];
  for (let i = 0; i < 16; i += 2) w.push(((b[i] << 8) | b[i + 1]).toString(16));
  return w.join(':');
}

/** The signal as a short text (see the file comment). Called by the sync screen's controller and tests. */
export function encodeSignal(s: Signal): string {
  _check(s);
  const out: number[] = [1, (s.type === 'answer' ? 1 : 0) | (_SETUPS.indexOf(s.setup) << 1)];
  const str = (x: string) => out.push(x.length, ...Array.from(x, (c) => c.charCodeAt(0)));
  str(s.ufrag);
  str(s.pwd);
  out.push(...s.fingerprint, s.sctpPort >> 8, s.sctpPort & 0xff, s.candidates.length);
  for (const c of s.candidates) {
    out.push(_TYPES.indexOf(c.type));
    const v4 = _ipv4(c.address);
    const v6 = v4 ? null : _ipv6(c.address);
    if (v4) out.push(4, ...v4);
    else if (v6) out.push(6, ...v6);
    else {
      out.push(0);
      str(c.address);
    }
    out.push(c.port >> 8, c.port & 0xff);
  }
  const b64 = btoa(String.fromCharCode(...out));
  return SIGNAL_PREFIX + b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The signal in a text made by encodeSignal; SignalFormatError naming what is wrong otherwise. Called by the sync screen's controller and tests. */
export function decodeSignal(text: string): Signal {
  if (typeof text !== 'string') throw new SignalFormatError('a signal is text');
  const t = text.trim();
  if (!t.startsWith(SIGNAL_PREFIX)) throw new SignalFormatError(`the text does not start with ${SIGNAL_PREFIX}`);
  const body = t.slice(SIGNAL_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) throw new SignalFormatError('the text is not base64url');
  const bin = atob(body.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (body.length % 4)) % 4));
  const b = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  let at = 0;
  const u8 = (what: string) => {
    if (at >= b.length) throw new SignalFormatError(`the signal ends before ${what}`);
    return b[at++];
  };
  const bytes = (n: number, what: string) => {
    if (at + n > b.length) throw new SignalFormatError(`the signal ends inside ${what}`);
    const out = b.slice(at, at + n);
    at += n;
    return out;
  };
  const str = (what: string) => String.fromCharCode(...bytes(u8(`${what}'s length`), what));
  const version = u8('the version');
  if (version !== 1) throw new SignalFormatError(`the signal's version is ${version}, this app reads version 1`);
  const flags = u8('the flags');
  if (flags > 5 || flags >> 1 > 2) throw new SignalFormatError(`the flags are ${flags}`);
  const type = flags & 1 ? 'answer' : 'offer';
  const setup = _SETUPS[flags >> 1];
  const ufrag = str('the ICE ufrag');
  const pwd = str('the ICE pwd');
  const fingerprint = bytes(32, 'the DTLS fingerprint');
  const sctpPort = (u8('the SCTP port') << 8) | u8('the SCTP port');
  const n = u8('the candidate count');
  if (n > MAX_CANDIDATES) throw new SignalFormatError(`${n} candidates, at most ${MAX_CANDIDATES}`);
  const candidates: Signal['candidates'] = [];
  for (let i = 0; i < n; i++) {
    const ct = u8(`candidate ${i}'s type`);
    if (ct > 2) throw new SignalFormatError(`candidate ${i}'s type is ${ct}`);
    const kind = u8(`candidate ${i}'s address kind`);
    let address: string;
    if (kind === 4) address = Array.from(bytes(4, `candidate ${i}'s address`)).join('.');
    else if (kind === 6) address = _ipv6Text(bytes(16, `candidate ${i}'s address`));
    else if (kind === 0) address = str(`candidate ${i}'s name`);
    else throw new SignalFormatError(`candidate ${i}'s address kind is ${kind}, not 4, 6 or 0`);
    const port = (u8(`candidate ${i}'s port`) << 8) | u8(`candidate ${i}'s port`);
    candidates.push({ type: _TYPES[ct], address, port });
  }
  if (at !== b.length) throw new SignalFormatError(`${b.length - at} bytes follow the signal`);
  const s: Signal = { type, ufrag, pwd, fingerprint, setup, sctpPort, candidates };
  _check(s);
  return s;
}

/**
 * A valid SDP for a data-channel-only session from a signal: what setRemoteDescription takes.
 * Candidates get priorities in their order (RFC 8445 5.1.2.1: type preference, then local
 * preference), so the order the sender gathered them in is kept. Called by the sync controller and tests.
 */
export function buildSdp(s: Signal): string {
  _check(s);
  const fp = Array.from(s.fingerprint, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(':');
  const typePref = { host: 126, srflx: 100, relay: 0 };
  const lines = [
    'v=0',
    'o=- 1 1 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    ...s.candidates.map((c, i) => `a=candidate:${i + 1} 1 udp ${(typePref[c.type] << 24) + ((65535 - i) << 8) + 255} ${c.address} ${c.port} typ ${c.type}`),
    'a=end-of-candidates',
    `a=ice-ufrag:${s.ufrag}`,
    `a=ice-pwd:${s.pwd}`,
    `a=fingerprint:sha-256 ${fp}`,
    `a=setup:${s.setup}`,
    'a=mid:0',
    `a=sctp-port:${s.sctpPort}`,
    'a=max-message-size:262144',
  ];
  return lines.join('\r\n') + '\r\n';
}
