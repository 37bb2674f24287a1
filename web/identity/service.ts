// The identity service (docs/design.md "Identity, keys and privacy"): it makes, unlocks and locks
// identities, and it is the only holder of their keys. It runs in the identity worker, so no key
// ever reaches the page: the page gets words to show once, public keys, the profile, and the
// records it opened. It signs bundles (the tangle worker attaches them with PoW) and seals and opens
// records (docs/envelope.md). Locking drops every key; the identity client also ends the worker.
import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { buildBundle } from '../core/bundle/index.ts';
import { TX_KINDS } from '../core/tx/index.ts';
import {
  AUTO_LOCK_CHOICES,
  DEFAULT_AUTO_LOCK_MINUTES,
  backupCheckPositions,
  deriveIdentityKeys,
  derivePairKeys,
  deriveRelationshipKeys,
  inboxTag,
  newSeed,
  relationshipTag,
  seedToWords,
  utcDay,
  wordsToSeed,
  type IdentityKeys,
  type Profile,
  type Role,
  type WordsProblem,
} from '../core/identity/index.ts';
import { EnvelopeError, MAX_READERS, openEnvelopeKeyWith, openEnvelopeWith, openEnvelopeWithKey, sealEnvelope } from '../core/records/index.ts';
import {
  auditResource,
  consentMessage,
  consentResource,
  foldGrants,
  grantCovers,
  parsePlace,
  placeString,
  readAudit,
  readConsent,
  readConsentMessage,
  withoutKeys,
  type Audit,
  type Grant,
  type GrantedRecord,
  type Party,
} from '../core/consent/index.ts';
import { x25519Key, type X25519Key } from '../crypto/index.ts';
import { DEFAULT_KDF, VaultError, type KdfParams, type KdfProgress, type OpenVault, type VaultStore, type VaultSummary } from '../vault/index.ts';
import { _MAX_INFLATED, _deflate, _inflate } from './_compress.ts';

/** Tags looked for past the last record found, per relationship: records made on another device. */
const LOOKAHEAD = 16;
/** Days of a doctor's inbox tags looked for by default, today included: requests older than this wait in the Tangle. */
const INBOX_DAYS = 30;
/** The counter a first contact's tag stands for in the tag map: it is no relationship tag. */
const _FIRST_CONTACT = -1;
/** Records openFound opens at once: timeline bench, openFound of 1,000 records, 338 ms one at a time, 317 ms four at once (parallel inflates cost more each: 0.38 ms against 0.10 ms one by one). */
const OPEN_AT_ONCE = 16;
/** How many senders a doctor's inbox remembers (their pairs' tags are looked for at every load): a flood of requests cannot grow the index without end. */
const MAX_RECEIVED = 5_000;
/** How many openings a doctor's device remembers as logged (the oldest are forgotten: opened again, they are logged again). */
const MAX_AUDITED = 20_000;
/** How many clinics a user can trust. */
const MAX_TRUSTED = 100;

/** What the page may know of the unlocked identity: public keys and the profile, never a secret. */
export interface IdentityInfo {
  id: string;
  role: Role;
  label: string;
  profile: Profile;
  /** The identity's Ed25519 public key (hex). */
  signingKey: string;
  /** The identity's X25519 public key (hex): doctors publish it for first contacts. */
  agreementKey: string;
  autoLockMinutes: number;
  createdAt: number;
}

/** A bundle found in the replica by tag: what the tangle worker's findTagged gives. */
export interface FoundBundle {
  /** The tag (hex). */
  tag: string;
  /** The tail's id (hex). */
  id: string;
  /** The bundle's payload, joined in bundle order. */
  payload: Uint8Array;
  /** The issuer key (hex) that signed the bundle (the replica checked the signature). */
  issuer: string;
  issuedAt: number;
  attachedAt: number;
  confirmed: boolean;
}

/** One of the user's records, opened. */
export interface MyRecord {
  /** The bundle's tail id (hex): the record's identity in the Tangle. */
  id: string;
  resource: Record<string, unknown> & { resourceType: string };
  issuedAt: number;
  attachedAt: number;
  confirmed: boolean;
  /** Who made it: 'me', or 'counterpart' (the other party of the relationship `with`, as its message authenticated). */
  author: 'me' | 'counterpart';
  /** The counterpart of the relationship it belongs to (X25519 key, hex), or null for the user's own stream. */
  with: string | null;
  /** Where it sits in the Tangle: its tag and the SHA-256 of its payload, `tag.hash` (hex): what a grant or an audit entry names. */
  place: string;
}

/**
 * The record index kept (encrypted) in the vault: for each stream (the user's own, keyed 'self', and
 * one per counterpart, keyed by the counterpart's agreement key in hex) the next counter, the
 * records found with their stream and counter, and the first contacts made (the doctor's key and
 * the UTC day of the inbox tag used; absent in indexes written before them).
 */
interface _Index {
  format: 1;
  streams: Record<string, { next: number }>;
  found: { id: string; stream: string; counter: number }[];
  contacts?: { with: string; day: number }[];
  /** Per counterpart, the counter after the last of their messages found (absent before pairs). */
  heard?: Record<string, number>;
  /** A doctor's inbox: the senders of the requests opened, and the UTC day of each request's tag. */
  received?: { from: string; day: number }[];
  /** The clinics the user trusts: their signing key (hex), the name the user saw, when added. */
  trusted?: TrustedClinic[];
  /** A patient's grants and revocations, as the Consent resources sent (data keys left out): what new records are sealed for. */
  consents?: unknown[];
  /** A doctor's view of what patients shared, by the patient's agreement key: their Consents (with the data keys of chosen records) and the records they shared since. */
  shared?: Record<string, _SharedFrom>;
  /** A doctor's openings of shared records already written to the patient's audit log (their places). */
  audited?: string[];
}

/** What one patient shared with a doctor: the Consent resources received, and each record shared under a grant "from now on". */
interface _SharedFrom {
  name: string;
  consents: unknown[];
  shares: { place: string; label: string; at: number; grantId?: string }[];
}

/** One record a patient shared with the doctor, as the doctor's screen lists it. */
export interface SharedRecord {
  place: string;
  label: string;
  /** The FHIR resource type the patient named, or '' for a record shared "from now on". */
  kind: string;
  date: number;
  /** Whether this device already opened it (and logged the opening for the patient). */
  opened: boolean;
}

/** A patient who shared records with the doctor: their grants (no keys) and, while a grant is in force, the records. */
export interface SharedPatient {
  key: string;
  name: string;
  grants: Grant[];
  /** 'active' while any grant is in force; else whether the last one was revoked or ran out. */
  access: 'active' | 'revoked' | 'expired';
  records: SharedRecord[];
}

/** What sealing a record gives: its bundle, its tag and place, and the bundles that tell each doctor with a grant "from now on" where it is. */
export interface Sealed {
  txs: Uint8Array[];
  tag: string;
  place: string;
  /** One bundle per doctor whose grant "from now on" covers the record: a share entry of the audit log, sealed for the patient and that doctor. */
  shares: Uint8Array[][];
}

/** A clinic the user trusts to have checked doctors' licences. */
export interface TrustedClinic {
  /** The clinic's signing key (Ed25519, hex). */
  key: string;
  name: string;
  addedAt: number;
}

/** The keys of one pair (the user and one counterpart): both directions' tag secrets and the MAC key. */
interface _PairSecrets {
  mine: Uint8Array;
  theirs: Uint8Array;
  mac: Uint8Array;
}

/**
 * What a message between two parties holds once opened, before its resource (docs/pairs.md): a
 * format byte, the sender's agreement key, a MAC of the tag and the resource's JSON under the pair's
 * MAC key, then that JSON. Only the two parties hold that key, so a message under a pair's tag that
 * an outsider filed (tags are public once attached) does not pass, and a first contact proves that
 * its sender holds the secret of the key it names. The format byte is not `{`, so a message is never
 * read as a record of the user's own stream (plain JSON). Binary, not JSON around JSON: parsing the
 * resource once, unescaped, took the pair's extra cost per record from 0.22 ms (test/tmp timing).
 */
const PAIR_FORMAT = 0x01;
const PAIR_FROM_OFFSET = 1;
const PAIR_MAC_OFFSET = PAIR_FROM_OFFSET + 32;
const PAIR_JSON_OFFSET = PAIR_MAC_OFFSET + 32;

/** A request found in a doctor's inbox: a first contact from someone the doctor may not know yet. */
export interface InboxRequest {
  /** The bundle's tail id (hex). */
  id: string;
  resource: Record<string, unknown> & { resourceType: string };
  /** The key that signed it (hex): the sender's key for this relationship, the same on every later record of it. */
  from: string;
  /** The sender's agreement key (hex), which the request proved it holds: the doctor answers to it. */
  sender: string;
  issuedAt: number;
  attachedAt: number;
  confirmed: boolean;
}

const _EMPTY_INDEX: _Index = { format: 1, streams: { self: { next: 0 } }, found: [] };

/** One stream's keys: the user's own (self) or one relationship's. */
interface _Stream {
  signing: { secret: Uint8Array; publicKey: Uint8Array };
  tagSecret: Uint8Array;
}

/** An identity being made: its seed exists only here until the vault stores it. */
interface _Draft {
  role: Role;
  seed: Uint8Array;
  /** Positions (1-based) the backup check asks for; null for a restore. */
  check: number[] | null;
  /** True once the backup check passed, or for a restore. */
  ready: boolean;
}

interface _Session {
  vault: OpenVault;
  seed: Uint8Array;
  keys: IdentityKeys;
  /** Streams whose keys were derived this session, by key ('self' or a counterpart's hex key). */
  streams: Map<string, _Stream>;
  /** Pairs whose secrets were derived this session, by the counterpart's agreement key (hex). */
  pairs: Map<string, _PairSecrets>;
  profile: Profile;
  autoLockMinutes: number;
  index: _Index;
  /** The agreement key as a reader of records (WebCrypto where the engine has X25519), made at the first openFound. */
  reader: Promise<X25519Key> | null;
}

/** A request the service refuses for a reason the page words for the user. */
export class IdentityError extends Error {
  constructor(
    readonly reason: 'locked' | 'no-draft' | 'backup-not-checked' | 'not-readable' | 'not-shared' | 'no-grant',
    message: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}

const _json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const _parse = <T>(b: Uint8Array): T => JSON.parse(new TextDecoder().decode(b)) as T;

/** The identity service. Made by the identity worker; tests make their own on a test vault. */
export class IdentityService {
  readonly #vault: VaultStore;
  readonly #random: (n: number) => Uint8Array;
  readonly #now: () => number;
  readonly #kdf: KdfParams;
  #draft: _Draft | null = null;
  #session: _Session | null = null;

  constructor(options: { vault: VaultStore; random?: (n: number) => Uint8Array; now?: () => number; kdf?: KdfParams }) {
    this.#vault = options.vault;
    this.#random = options.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
    this.#now = options.now ?? Date.now;
    this.#kdf = options.kdf ?? DEFAULT_KDF;
  }

  /** The identities on this device, for the unlock screen. */
  list(): Promise<VaultSummary[]> {
    return this.#vault.list();
  }

  /** The ids of this device's identities whose stored data is damaged (not in list()), for the welcome screen. */
  damaged(): Promise<string[]> {
    return this.#vault.damaged();
  }

  /** Starts a new identity: a fresh seed, its 24 words (shown once) and the backup check's 4 positions. */
  beginNew(role: Role): { words: string[]; check: number[] } {
    _role(role);
    this.#dropDraft();
    const seed = newSeed(this.#random);
    const check = backupCheckPositions(this.#random);
    this.#draft = { role, seed, check, ready: false };
    return { words: seedToWords(seed), check: check.slice() };
  }

  /** Checks the words the user typed for the backup check; the positions that are wrong. */
  checkBackup(answers: { position: number; word: string }[]): { ok: boolean; wrong: number[] } {
    const d = this.#draft;
    if (!d || !d.check) throw new IdentityError('no-draft', 'there is no new identity being made');
    if (!Array.isArray(answers)) throw new TypeError('answers must be an array of { position, word }');
    const words = seedToWords(d.seed);
    const given = new Map(answers.map((a) => [a?.position, String(a?.word ?? '').trim().toLowerCase()]));
    const wrong = d.check.filter((p) => given.get(p) !== words[p - 1]);
    if (wrong.length === 0) d.ready = true;
    return { ok: wrong.length === 0, wrong };
  }

  /** Starts a restore from the 24 words: the seed, or what is wrong with the words (with the position). */
  beginRestore(role: Role, words: string[]): { ok: true } | { ok: false; problem: WordsProblem } {
    _role(role);
    const r = wordsToSeed(words);
    if ('problem' in r) return { ok: false, problem: r.problem };
    this.#dropDraft();
    this.#draft = { role, seed: r.seed, check: null, ready: true };
    return { ok: true };
  }

  /**
   * Stores the identity being made (after its backup check, or a restore) in the vault under the
   * passphrase, and unlocks it. Nothing is stored before this call.
   */
  async create(options: { profile: Profile; label: string; passphrase: string; onProgress?: KdfProgress }): Promise<IdentityInfo> {
    const d = this.#draft;
    if (!d) throw new IdentityError('no-draft', 'there is no new identity being made');
    if (!d.ready) throw new IdentityError('backup-not-checked', 'the backup check has not passed yet');
    if (options.profile?.role !== d.role) throw new RangeError(`profile.role must be ${d.role}`);
    const prefs = { autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES };
    const index: _Index = structuredClone(_EMPTY_INDEX);
    const vault = await this.#vault.create({
      role: d.role,
      label: options.label,
      passphrase: options.passphrase,
      fields: { seed: d.seed, profile: _json(options.profile), prefs: _json(prefs), index: _json(index) },
      now: this.#now(),
      kdf: this.#kdf,
      onProgress: options.onProgress,
    });
    const seed = d.seed.slice();
    this.#dropDraft();
    return this.#start(vault, seed, options.profile, prefs.autoLockMinutes, index);
  }

  /** Unlocks an identity of this device. VaultError when the passphrase is wrong or the vault damaged. */
  async unlock(id: string, passphrase: string, onProgress?: KdfProgress): Promise<IdentityInfo> {
    this.lock();
    const vault = await this.#vault.unlock(id, passphrase, onProgress);
    try {
      const seed = vault.read('seed');
      const profile = vault.read('profile');
      if (!seed || !profile) throw new VaultError('damaged', 'this identity has no seed or profile');
      const prefs = _parse<{ autoLockMinutes?: number }>(vault.read('prefs') ?? _json({}));
      const index = _parse<_Index>(vault.read('index') ?? _json(_EMPTY_INDEX));
      return this.#start(vault, seed, _parse<Profile>(profile), prefs.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES, index);
    } catch (e) {
      vault.close();
      throw e;
    }
  }

  #start(vault: OpenVault, seed: Uint8Array, profile: Profile, autoLockMinutes: number, index: _Index): IdentityInfo {
    const keys = deriveIdentityKeys(seed);
    this.#session = { vault, seed, keys, streams: new Map(), pairs: new Map(), profile, autoLockMinutes, index, reader: null };
    return this.info()!;
  }

  /** Drops every key and the seed (zeroed). The identity client also ends the worker. */
  lock(): void {
    const s = this.#session;
    this.#session = null;
    if (s) {
      for (const b of [s.seed, s.keys.signing.secret, s.keys.agreement.secret]) b.fill(0);
      for (const k of s.streams.values()) for (const b of [k.signing.secret, k.tagSecret]) b.fill(0);
      for (const p of s.pairs.values()) for (const b of [p.mine, p.theirs, p.mac]) b.fill(0);
      s.vault.close();
    }
    this.#dropDraft();
  }

  #dropDraft(): void {
    this.#draft?.seed.fill(0);
    this.#draft = null;
  }

  #need(): _Session {
    if (!this.#session) throw new IdentityError('locked', 'the identity is locked');
    return this.#session;
  }

  /** The unlocked identity's public information, or null when locked. */
  info(): IdentityInfo | null {
    const s = this.#session;
    if (!s) return null;
    const summary = s.vault.summary;
    return {
      id: summary.id,
      role: summary.role as Role,
      label: summary.label,
      profile: structuredClone(s.profile),
      signingKey: bytesToHex(s.keys.signing.publicKey),
      agreementKey: bytesToHex(s.keys.agreement.publicKey),
      autoLockMinutes: s.autoLockMinutes,
      createdAt: summary.createdAt,
    };
  }

  /** Changes the passphrase (the old one is asked again). */
  changePassphrase(oldPassphrase: string, newPassphrase: string, onProgress?: KdfProgress): Promise<void> {
    return this.#need().vault.changePassphrase(oldPassphrase, newPassphrase, { onProgress });
  }

  /** Sets the auto-lock time, kept in the vault. */
  async setAutoLock(minutes: number): Promise<void> {
    const s = this.#need();
    if (!AUTO_LOCK_CHOICES.includes(minutes)) throw new RangeError(`minutes must be one of ${AUTO_LOCK_CHOICES.join(', ')}, got ${String(minutes)}`);
    await s.vault.write('prefs', _json({ autoLockMinutes: minutes }));
    s.autoLockMinutes = minutes;
  }

  /** The unlocked identity's encrypted backup file (it opens only with the passphrase). */
  backup(): Uint8Array {
    return this.#need().vault.backup();
  }

  /** Adds an identity from a backup file. */
  restoreBackup(bytes: Uint8Array): Promise<VaultSummary> {
    return this.#vault.restoreBackup(bytes);
  }

  /** Deletes an identity's vault from this device (locks it first if it is the unlocked one). */
  async remove(id: string): Promise<void> {
    if (this.#session?.vault.id === id) this.lock();
    await this.#vault.remove(id);
  }

  /** Signs a bundle with the identity's own key (test bundles of the Tangle screen); unattached txs. */
  async signBundle(spec: { kind: number; payload: Uint8Array; tag?: Uint8Array }): Promise<Uint8Array[]> {
    const s = this.#need();
    const secret = s.keys.signing.secret;
    return buildBundle(
      { kind: spec.kind, issuer: s.keys.signing.publicKey, tag: spec.tag ?? new Uint8Array(32), issuedAt: this.#now(), payload: spec.payload },
      async (m) => ed25519.sign(m, secret),
    );
  }

  /** The keys of a stream: the user's own ('self', the relationship with the user's own agreement key) or a counterpart's. */
  #stream(s: _Session, key: string): _Stream {
    let k = s.streams.get(key);
    if (!k) {
      const counterpart = key === 'self' ? s.keys.agreement.publicKey : hexToBytes(key);
      const own = deriveRelationshipKeys(s.seed, counterpart);
      // The signing key stays the user's own per relationship (nothing links two relationships'
      // records); a pair's tags come from the pair's shared secret, so the counterpart finds them.
      if (key !== 'self') {
        own.tagSecret.fill(0);
        k = { signing: own.signing, tagSecret: this.#pair(s, key).mine.slice() };
      } else k = own;
      s.streams.set(key, k);
    }
    return k;
  }

  /** The secrets of the user's pair with `key` (a counterpart's agreement key, hex). RangeError on a key that agrees on nothing. */
  #pair(s: _Session, key: string): _PairSecrets {
    let p = s.pairs.get(key);
    if (!p) {
      const keys = derivePairKeys(s.keys.agreement.secret, hexToBytes(key));
      p = { mine: keys.tagSecret(bytesToHex(s.keys.agreement.publicKey)), theirs: keys.tagSecret(key), mac: keys.macKey };
      s.pairs.set(key, p);
    }
    return p;
  }

  /** The plaintext of a message to `key` under `tag`: the resource's JSON with the user's key and the pair's MAC. */
  #pairPlain(s: _Session, key: string, tag: Uint8Array, json: Uint8Array): Uint8Array {
    const out = new Uint8Array(PAIR_JSON_OFFSET + json.length);
    out[0] = PAIR_FORMAT;
    out.set(s.keys.agreement.publicKey, PAIR_FROM_OFFSET);
    out.set(_mac(this.#pair(s, key).mac, tag, json), PAIR_MAC_OFFSET);
    out.set(json, PAIR_JSON_OFFSET);
    return out;
  }

  /**
   * Seals a FHIR resource as a record of a stream: the user's own, or, with `to` (a counterpart's
   * X25519 public key), the user's relationship with that counterpart, which can read it too.
   * Compressed, sealed for the user and the readers, tagged with the stream's next tag and signed by
   * the stream's own key (never the identity key), so nothing links one relationship's records to
   * another's. A patient's record is sealed too for every doctor whose grant "from now on" is in
   * force, and each such doctor gets a share entry saying where it is (docs/consent.md); `label`
   * names the record there. Unattached txs for the tangle worker.
   */
  async sealRecord(resource: { resourceType: string }, options: { to?: Uint8Array; label?: string } = {}): Promise<Sealed> {
    const s = this.#need();
    _resource(resource);
    if (options.to !== undefined && (!(options.to instanceof Uint8Array) || options.to.length !== 32)) {
      throw new RangeError('options.to must be a 32-byte X25519 public key');
    }
    const key = options.to ? bytesToHex(options.to) : 'self';
    if (key === bytesToHex(s.keys.agreement.publicKey)) throw new RangeError('options.to must be another identity\'s key, not this one\'s');
    const counter = s.index.streams[key]?.next ?? 0;
    const tag = relationshipTag(this.#stream(s, key).tagSecret, counter);
    const sealed = await this.#seal(s, resource, key, tag, options.label);
    // The counter moves on now: if the bundle is never stored, a tag goes unused, which is harmless.
    s.index = { ...s.index, streams: { ...s.index.streams, [key]: { next: Math.max(counter + 1, s.index.streams[key]?.next ?? 0) } } };
    await s.vault.write('index', _json(s.index));
    return sealed;
  }

  /**
   * Seals a FHIR resource as a first contact with a doctor whose published agreement key is
   * `doctor`: sealed for the user and the doctor, signed by the key of the user's relationship with
   * the doctor (as its later records will be), and tagged with the doctor's inbox tag for today (UTC),
   * so the doctor finds it before any shared secret exists, and an outsider learns only that the
   * doctor got a request that day. Shared "from now on" like sealRecord. Unattached txs for the
   * tangle worker. Called by the care screens.
   */
  async sealFirstContact(resource: { resourceType: string }, doctor: Uint8Array, options: { label?: string } = {}): Promise<Sealed> {
    const s = this.#need();
    _resource(resource);
    if (!(doctor instanceof Uint8Array) || doctor.length !== 32) throw new RangeError('doctor must be a 32-byte X25519 public key');
    const key = bytesToHex(doctor);
    if (key === bytesToHex(s.keys.agreement.publicKey)) throw new RangeError('doctor must be another identity\'s key, not this one\'s');
    const day = utcDay(this.#now());
    const sealed = await this.#seal(s, resource, key, inboxTag(doctor, day), options.label);
    // Remembered so the user finds the request again (another device restores it from the Tangle
    // only if it knows the day: the index travels in the vault backup, the words alone do not).
    const contacts = [...(s.index.contacts ?? []).filter((c) => !(c.with === key && c.day === day)), { with: key, day }];
    s.index = { ...s.index, streams: { ...s.index.streams, [key]: s.index.streams[key] ?? { next: 0 } }, contacts };
    await s.vault.write('index', _json(s.index));
    return sealed;
  }

  /**
   * Seals one message of a stream under `tag`: the user's own ('self', plain JSON) or a pair's (the
   * pair's binary form with its MAC). Medical records are sealed too for the doctors a grant "from
   * now on" names, with a share entry for each (sealed after the record, whose place it names);
   * consent messages and audit entries are not medical records and are never shared that way.
   */
  async #seal(s: _Session, resource: { resourceType: string }, key: string, tag: Uint8Array, label: string | undefined): Promise<Sealed> {
    const json = _json(resource);
    const plain = key === 'self' ? json : this.#pairPlain(s, key, tag, json);
    // What openFound would refuse to inflate is not sealed in the first place.
    if (plain.length > _MAX_INFLATED) throw new RangeError(`resource must be at most ${_MAX_INFLATED} bytes as JSON, got ${json.length}`);
    const protocol = resource.resourceType === 'AuditEvent' || resource.resourceType === 'Consent' || readConsentMessage(resource) !== null;
    const doctors = protocol ? [] : this.#fromNowOn(s).filter((g) => g.doctor.key !== key);
    const readers = [s.keys.agreement.publicKey, ...(key === 'self' ? [] : [hexToBytes(key)]), ...doctors.map((g) => hexToBytes(g.doctor.key))];
    const envelope = sealEnvelope(await _deflate(plain), readers, this.#random);
    const stream = this.#stream(s, key);
    const secret = stream.signing.secret;
    const txs = await buildBundle(
      { kind: TX_KINDS.record, issuer: stream.signing.publicKey, tag, issuedAt: this.#now(), payload: envelope },
      async (m) => ed25519.sign(m, secret),
    );
    const place = { tag: bytesToHex(tag), hash: bytesToHex(sha256(envelope)) };
    const shares: Uint8Array[][] = [];
    for (const g of doctors) {
      const audit: Audit = {
        id: this.#id(),
        action: 'share',
        at: this.#now(),
        by: g.patient,
        patient: g.patient,
        counterpart: g.doctor,
        records: [{ place, label: _label(label, resource) }],
        grantId: g.id,
        until: g.until,
      };
      shares.push((await this.#toPair(s, g.doctor.key, auditResource(audit) as unknown as { resourceType: string })).txs);
    }
    return { txs, tag: place.tag, place: placeString(place), shares };
  }

  /** A message of the pair with `key` (hex), under the pair's next tag, sealed for the two: a consent decision, a share entry, an opening logged. */
  async #toPair(s: _Session, key: string, resource: { resourceType: string }): Promise<{ txs: Uint8Array[] }> {
    const counter = s.index.streams[key]?.next ?? 0;
    const tag = relationshipTag(this.#stream(s, key).tagSecret, counter);
    const sealed = await this.#seal(s, resource, key, tag, undefined);
    s.index = { ...s.index, streams: { ...s.index.streams, [key]: { next: counter + 1 } } };
    return { txs: sealed.txs };
  }

  /** A fresh identifier: 16 random bytes, hex. */
  #id(): string {
    return bytesToHex(this.#random(16));
  }

  /** The user as a party of a grant or an audit entry: the agreement key and the profile's name. */
  #party(s: _Session): Party {
    return { key: bytesToHex(s.keys.agreement.publicKey), name: `${s.profile.givenName} ${s.profile.familyName}`.trim() };
  }

  /** The patient's grants as they stand (each grant's last word: a revocation wins), data keys left out. */
  #grants(s: _Session): Grant[] {
    return foldGrants((s.index.consents ?? []).map(readConsent).filter((g): g is Grant => g !== null));
  }

  /** The patient's grants "from now on" in force now, one per doctor: whom a new record is sealed for. */
  #fromNowOn(s: _Session): Grant[] {
    const now = this.#now();
    const out = new Map<string, Grant>();
    for (const g of this.#grants(s)) if (g.scope.kind === 'from-now-on' && grantCovers(g, null, now, now)) out.set(g.doctor.key, g);
    return [...out.values()];
  }

  /** The patient's grants, newest first, each as it stands now (no data key). Called by the consents screen. */
  consents(): Grant[] {
    return this.#grants(this.#need()).sort((a, b) => b.at - a.at || a.id.localeCompare(b.id));
  }

  /**
   * Grants a doctor (agreement key, hex, and the name the patient saw) access until `until`: to
   * chosen records (their bundles as the replica found them, each with words to show and its kind
   * and date), whose data keys go to the doctor inside the grant, so the records are not rewritten;
   * or to every record from now on, which new records are then sealed for. One message, sealed for
   * the two, holds the signed Consent and its audit entry: a pair message when the doctor has heard
   * from the patient lately, else a first contact through the doctor's inbox. At most MAX_READERS
   * - 2 doctors can have a grant "from now on" at once (a record has 16 readers at most). Called by
   * the consents screen.
   */
  async grantConsent(spec: {
    doctor: string;
    doctorName: string;
    scope: { kind: 'records'; records: { bundle: FoundBundle; label: string; kind: string; date: number }[] } | { kind: 'from-now-on' };
    until: number;
  }): Promise<{ txs: Uint8Array[]; grantId: string }> {
    const s = this.#need();
    if (typeof spec !== 'object' || spec === null) throw new TypeError('spec must be an object');
    const me = this.#party(s);
    if (typeof spec.doctor !== 'string' || !/^[0-9a-f]{64}$/.test(spec.doctor) || spec.doctor === me.key) throw new RangeError('spec.doctor must be another identity\'s agreement key, 64 hex digits');
    if (typeof spec.doctorName !== 'string' || spec.doctorName.trim() === '' || spec.doctorName.length > 200) throw new RangeError('spec.doctorName must be 1 to 200 characters');
    const now = this.#now();
    if (!Number.isSafeInteger(spec.until) || spec.until <= now) throw new RangeError('spec.until must be a time after now (ms since 1970)');
    let scope: Grant['scope'];
    if (spec.scope?.kind === 'from-now-on') {
      if (this.#fromNowOn(s).filter((g) => g.doctor.key !== spec.doctor).length >= MAX_READERS - 2) {
        throw new RangeError(`at most ${MAX_READERS - 2} doctors can see every new record at once`);
      }
      scope = { kind: 'from-now-on', start: now };
    } else if (spec.scope?.kind === 'records' && Array.isArray(spec.scope.records) && spec.scope.records.length > 0 && spec.scope.records.length <= 500) {
      const reader = await (s.reader ??= x25519Key(s.keys.agreement.secret));
      const records: GrantedRecord[] = [];
      for (const [i, r] of spec.scope.records.entries()) {
        const b = r?.bundle;
        if (!b || !(b.payload instanceof Uint8Array) || typeof b.tag !== 'string') throw new TypeError(`spec.scope.records[${i}].bundle must be a found bundle`);
        const opened = await this.#unsealKey(s, b, reader);
        if (opened === null) throw new IdentityError('not-readable', `spec.scope.records[${i}] is not a record this identity can open`);
        records.push({ place: { tag: b.tag, hash: bytesToHex(sha256(b.payload)) }, label: _label(r.label, null), kind: String(r.kind ?? ''), date: Number(r.date) || b.issuedAt, dataKey: opened });
      }
      scope = { kind: 'records', records };
    } else throw new RangeError('spec.scope must be { kind: \'from-now-on\' } or { kind: \'records\', records } with 1 to 500 records');
    const grant: Grant = { id: this.#id(), patient: me, doctor: { key: spec.doctor, name: spec.doctorName.trim() }, scope, until: spec.until, at: now, status: 'active' };
    const txs = await this.#decide(s, grant, 'grant');
    for (const r of scope.kind === 'records' ? scope.records : []) r.dataKey?.fill(0);
    return { txs, grantId: grant.id };
  }

  /** Revokes a grant (its id): a signed Consent that ends it, sent like the grant. New records are no longer sealed for that doctor. Called by the consents screen. */
  async revokeConsent(grantId: string): Promise<{ txs: Uint8Array[] }> {
    const s = this.#need();
    const g = this.#grants(s).find((x) => x.id === grantId);
    if (!g || g.status !== 'active') throw new IdentityError('no-grant', 'there is no grant in force with this id');
    return { txs: await this.#decide(s, { ...g, status: 'revoked', at: this.#now() }, 'revoke') };
  }

  /** Seals a grant or a revocation with its audit entry, to the doctor, and remembers it (without data keys). */
  async #decide(s: _Session, grant: Grant, action: 'grant' | 'revoke'): Promise<Uint8Array[]> {
    const audit: Audit = {
      id: this.#id(),
      action,
      at: grant.at,
      by: grant.patient,
      patient: grant.patient,
      counterpart: grant.doctor,
      records: grant.scope.kind === 'records' ? grant.scope.records.map((r) => ({ place: r.place, label: r.label })) : [],
      grantId: grant.id,
      until: grant.until,
    };
    const message = consentMessage(grant, audit) as unknown as { resourceType: string };
    const key = grant.doctor.key;
    const today = utcDay(this.#now());
    const known = (s.index.heard?.[key] ?? 0) > 0 || (s.index.contacts ?? []).some((c) => c.with === key && c.day > today - INBOX_DAYS);
    const consents = [...(s.index.consents ?? []), withoutKeys(consentResource(grant))];
    let txs: Uint8Array[];
    if (known) {
      txs = (await this.#toPair(s, key, message)).txs;
      s.index = { ...s.index, consents };
      await s.vault.write('index', _json(s.index));
    } else {
      txs = (await this.sealFirstContact(message, hexToBytes(key))).txs;
      s.index = { ...s.index, consents };
      await s.vault.write('index', _json(s.index));
    }
    return txs;
  }

  /** An envelope's data key, when it is the user's (the body opened with it), else null. */
  async #unsealKey(s: _Session, b: FoundBundle, reader: X25519Key): Promise<Uint8Array | null> {
    if (this.#session !== s) throw new IdentityError('locked', 'the identity was locked');
    try {
      const opened = await openEnvelopeKeyWith(b.payload, reader);
      if (opened === null) return null;
      opened.plaintext.fill(0);
      return opened.dataKey;
    } catch (e) {
      if (e instanceof EnvelopeError || e instanceof TypeError || e instanceof RangeError) return null;
      throw e;
    }
  }

  /**
   * An audit entry of the patient's own: a link made for someone without the app, naming the
   * records it holds and until when. Sealed in the user's own stream (only the user reads it).
   * Called by the link screen.
   */
  async sealLinkAudit(records: { place: string; label: string }[], until: number): Promise<Sealed> {
    const s = this.#need();
    if (!Array.isArray(records) || records.length > 500) throw new RangeError('records must be an array of at most 500 { place, label }');
    const places = records.map((r, i) => {
      const p = parsePlace(String(r?.place));
      if (p === null) throw new RangeError(`records[${i}].place must be a record's place (tag.hash)`);
      return { place: p, label: _label(r.label, null) };
    });
    if (!Number.isSafeInteger(until)) throw new RangeError('until must be a time (ms since 1970)');
    const me = this.#party(s);
    const audit: Audit = { id: this.#id(), action: 'link', at: this.#now(), by: me, patient: me, counterpart: null, records: places, until };
    return this.sealRecord(auditResource(audit) as unknown as { resourceType: string });
  }

  /** What patients shared with this doctor, each as it stands now (no data key): grants, access, and the records while a grant is in force. Called by the doctor's shared-records screen. */
  sharedWithMe(): SharedPatient[] {
    const s = this.#need();
    const now = this.#now();
    const audited = new Set(s.index.audited ?? []);
    const out: SharedPatient[] = [];
    for (const [key, from] of Object.entries(s.index.shared ?? {})) {
      const grants = foldGrants(from.consents.map(readConsent).filter((g): g is Grant => g !== null && g.patient.key === key));
      const live = grants.filter((g) => grantCovers(g, null, g.scope.kind === 'from-now-on' ? g.scope.start : 0, now) || (g.scope.kind === 'records' && g.status === 'active' && now < g.until));
      const records = new Map<string, SharedRecord>();
      for (const g of live) {
        if (g.scope.kind === 'records') {
          for (const r of g.scope.records) {
            const place = placeString(r.place);
            records.set(place, { place, label: r.label, kind: r.kind, date: r.date, opened: audited.has(place) });
          }
        } else {
          for (const sh of from.shares) {
            if (sh.grantId !== g.id || sh.at < g.scope.start) continue;
            records.set(sh.place, { place: sh.place, label: sh.label, kind: '', date: sh.at, opened: audited.has(sh.place) });
          }
        }
      }
      const last = [...grants].sort((a, b) => b.at - a.at)[0];
      const access = live.length > 0 ? 'active' : last?.status === 'revoked' ? 'revoked' : 'expired';
      out.push({
        key,
        name: from.name,
        grants: grants.map(_noKeys).sort((a, b) => b.at - a.at || a.id.localeCompare(b.id)),
        access,
        records: [...records.values()].sort((a, b) => b.date - a.date || a.place.localeCompare(b.place)),
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  }

  /** The tags of the records patients share with this doctor now: what findTagged looks for before openShared. */
  sharedTags(): Uint8Array[] {
    const tags = new Set<string>();
    for (const p of this.sharedWithMe()) for (const r of p.records) tags.add(r.place.split('.')[0]);
    return [...tags].map((t) => hexToBytes(t));
  }

  /**
   * Opens one record a patient (agreement key, hex) shares with this doctor, from the bundles found
   * under its tag: with the data key the grant carried, or the doctor's own wrap for a record shared
   * "from now on". The bundle must be the one the patient named (its payload's SHA-256), so nothing
   * else filed under that tag is taken for it. Null when it has not reached this device yet;
   * IdentityError 'not-shared' when no grant in force covers it (revoked, expired, never shared).
   * Called by the doctor's shared-records screen.
   */
  async openShared(patient: string, place: string, bundles: FoundBundle[]): Promise<{ resource: MyRecord['resource']; issuedAt: number; confirmed: boolean; opened: boolean } | null> {
    const s = this.#need();
    const p = this.sharedWithMe().find((x) => x.key === patient);
    const rec = p?.records.find((r) => r.place === place);
    if (!p || !rec) throw new IdentityError('not-shared', 'this patient does not share this record with you now');
    const at = parsePlace(place)!;
    const b = (Array.isArray(bundles) ? bundles : []).find((x) => x?.tag === at.tag && x.payload instanceof Uint8Array && bytesToHex(sha256(x.payload)) === at.hash);
    if (!b) return null;
    let key: Uint8Array | undefined;
    for (const c of s.index.shared?.[patient]?.consents ?? []) {
      const g = readConsent(c);
      if (g?.scope.kind === 'records') key ??= g.scope.records.find((r) => placeString(r.place) === place)?.dataKey;
    }
    let plain: Uint8Array | null;
    try {
      plain = key ? openEnvelopeWithKey(b.payload, key) : await openEnvelopeWith(b.payload, await (s.reader ??= x25519Key(s.keys.agreement.secret)));
    } catch (e) {
      if (e instanceof EnvelopeError) plain = null;
      else throw e;
    }
    if (plain === null) throw new IdentityError('not-readable', 'the shared record does not open with the key the patient gave');
    const bytes = await _inflate(plain);
    // A record the patient shares may be one of a pair's messages (the patient's or another doctor's): its JSON follows the pair's header. Its place pins its bytes.
    const json = bytes[0] === PAIR_FORMAT && bytes.length > PAIR_JSON_OFFSET ? bytes.subarray(PAIR_JSON_OFFSET) : bytes;
    let resource: MyRecord['resource'] | null = null;
    try {
      resource = _parse<MyRecord['resource'] | null>(json);
    } catch {
      resource = null;
    }
    if (typeof resource !== 'object' || resource === null || typeof resource.resourceType !== 'string') throw new IdentityError('not-readable', 'the shared record is not a FHIR resource');
    // Opened: the screen wrote the opening to the patient's log first (sealOpenAudit), so it is not written again.
    if (!rec.opened) {
      s.index = { ...s.index, audited: [...(s.index.audited ?? []), place].slice(-MAX_AUDITED) };
      await s.vault.write('index', _json(s.index));
    }
    return { resource, issuedAt: b.issuedAt, confirmed: b.confirmed, opened: rec.opened };
  }

  /**
   * The audit entry of this doctor's first opening of a shared record, sealed for the patient (and
   * the doctor), or null when this device logged that opening already: one entry per record and
   * doctor. Its id is derived from the doctor's key and the place, so a second device's entry for
   * the same opening is the same entry in the patient's log. Called by the shared-records screen.
   */
  async sealOpenAudit(patient: string, place: string, label: string): Promise<{ txs: Uint8Array[] } | null> {
    const s = this.#need();
    const p = this.sharedWithMe().find((x) => x.key === patient);
    if (!p || !p.records.some((r) => r.place === place)) throw new IdentityError('not-shared', 'this patient does not share this record with you now');
    if ((s.index.audited ?? []).includes(place)) return null;
    const me = this.#party(s);
    const audit: Audit = {
      id: bytesToHex(sha256(_json({ by: me.key, place }))).slice(0, 32),
      action: 'open',
      at: this.#now(),
      by: me,
      patient: { key: patient, name: p.name },
      counterpart: { key: patient, name: p.name },
      records: [{ place: parsePlace(place)!, label: _label(label, null) }],
    };
    const sealed = await this.#toPair(s, patient, auditResource(audit) as unknown as { resourceType: string });
    await s.vault.write('index', _json(s.index));
    return sealed;
  }

  /** The tags of this identity's inbox for the last `days` UTC days, today first: what findTagged looks for at a doctor's unlock. */
  async inboxTags(days: number = INBOX_DAYS): Promise<Uint8Array[]> {
    const s = this.#need();
    if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError(`days must be an integer from 1 to 366, got ${String(days)}`);
    const today = utcDay(this.#now());
    return Array.from({ length: days }, (_, k) => inboxTag(s.keys.agreement.publicKey, today - k));
  }

  /**
   * Opens the first contacts found under this identity's inbox tags (see inboxTags): the requests
   * sealed for it, newest first, each with the key that signed it and the sender's agreement key.
   * Anyone may write to an inbox, so what does not open, is not a FHIR resource, or does not prove
   * that its sender holds the key it names (the pair's MAC), is left out and counted. The senders
   * are remembered, so their later messages and the doctor's answers are found by openFound.
   * Called by the doctor's inbox.
   */
  async openInbox(bundles: FoundBundle[], days: number = INBOX_DAYS): Promise<{ requests: InboxRequest[]; unreadable: number }> {
    const s = this.#need();
    const today = utcDay(this.#now());
    const dayOf = new Map((await this.inboxTags(days)).map((t, k) => [bytesToHex(t), today - k]));
    const reader = await (s.reader ??= x25519Key(s.keys.agreement.secret));
    const requests: InboxRequest[] = [];
    const seen = new Set<string>();
    const received = new Map((s.index.received ?? []).map((r) => [`${r.from}:${r.day}`, r]));
    const before = received.size;
    let unreadable = 0;
    for (const b of bundles) {
      const day = dayOf.get(b.tag);
      if (day === undefined) continue;
      const same = `${b.issuer}:${bytesToHex(sha256(b.payload))}`;
      if (seen.has(same)) continue;
      const opened = await this.#openMessage(s, b, reader, null);
      if (opened === null || opened.from === null) {
        unreadable++;
        continue;
      }
      seen.add(same);
      if (received.size < MAX_RECEIVED) received.set(`${opened.from}:${day}`, { from: opened.from, day });
      const message = readConsentMessage(opened.resource);
      const resource = message ? (consentMessage(_noKeys(message.grant), message.audit) as unknown as MyRecord['resource']) : opened.resource;
      requests.push({ id: b.id, resource, from: b.issuer, sender: opened.from, issuedAt: b.issuedAt, attachedAt: b.attachedAt, confirmed: b.confirmed });
    }
    if (this.#session !== s) throw new IdentityError('locked', 'the identity was locked');
    if (received.size !== before) {
      s.index = { ...s.index, received: [...received.values()] };
      await s.vault.write('index', _json(s.index));
    }
    requests.sort((a, b) => b.issuedAt - a.issuedAt || a.id.localeCompare(b.id));
    return { requests, unreadable };
  }

  /**
   * Opens one bundle's message: its resource and, for a message between two parties, the sender's
   * agreement key (null for a record of the user's own stream). `pairWith` is the counterpart the
   * tag belongs to, or null where the message itself names it (a doctor's inbox). Null when it is
   * not the user's, does not authenticate, or is not a FHIR resource.
   */
  async #openMessage(s: _Session, b: FoundBundle, reader: X25519Key, pairWith: string | null | 'self'): Promise<_Opened> {
    return this.#read(s, b, await this.#unseal(s, b, reader), pairWith);
  }

  /** A bundle's plaintext, still compressed, or null when the envelope is not for this identity. */
  async #unseal(s: _Session, b: FoundBundle, reader: X25519Key): Promise<Uint8Array | null> {
    // The engine's key outlives the zeroed secret: a lock while this runs must stop it here.
    if (this.#session !== s) throw new IdentityError('locked', 'the identity was locked');
    try {
      return await openEnvelopeWith(b.payload, reader);
    } catch (e) {
      if (e instanceof EnvelopeError || e instanceof TypeError || e instanceof RangeError) return null;
      throw e;
    }
  }

  /** What an unsealed plaintext holds (see #openMessage). */
  async #read(s: _Session, b: FoundBundle, plain: Uint8Array | null, pairWith: string | null | 'self'): Promise<_Opened> {
    if (this.#session !== s) throw new IdentityError('locked', 'the identity was locked');
    try {
      if (plain === null) return null;
      const bytes = await _inflate(plain);
      if (pairWith === 'self') {
        const value = _parse<MyRecord['resource'] | null>(bytes);
        return typeof value === 'object' && value !== null && typeof value.resourceType === 'string' ? { resource: value, from: null } : null;
      }
      if (bytes.length <= PAIR_JSON_OFFSET || bytes[0] !== PAIR_FORMAT) return null;
      const from = bytesToHex(bytes.subarray(PAIR_FROM_OFFSET, PAIR_MAC_OFFSET));
      const me = bytesToHex(s.keys.agreement.publicKey);
      const counterpart = from === me ? pairWith : from;
      if (counterpart === null || (pairWith !== null && counterpart !== pairWith) || counterpart === me) return null;
      const json = bytes.subarray(PAIR_JSON_OFFSET);
      if (!_equal(_mac(this.#pair(s, counterpart).mac, hexToBytes(b.tag), json), bytes.subarray(PAIR_MAC_OFFSET, PAIR_JSON_OFFSET))) return null;
      const resource = _parse<MyRecord['resource'] | null>(json);
      return typeof resource === 'object' && resource !== null && typeof resource.resourceType === 'string' ? { resource, from } : null;
    } catch (e) {
      if (e instanceof EnvelopeError || e instanceof SyntaxError || e instanceof TypeError || e instanceof RangeError) return null;
      throw e;
    }
  }

  /** Every counterpart the user has a pair with: doctors written to, senders of requests opened, and streams made. */
  #counterparts(s: _Session): Set<string> {
    const out = new Set(Object.keys(s.index.streams).filter((k) => k !== 'self'));
    for (const k of Object.keys(s.index.heard ?? {})) out.add(k);
    for (const r of s.index.received ?? []) out.add(r.from);
    for (const c of s.index.contacts ?? []) out.add(c.with);
    return out;
  }

  /**
   * Every tag of the user's streams up to the next counter and a lookahead, with its stream, its
   * counter and its direction: the user's own ('out'), a counterpart's messages to the user ('in'),
   * the user's first contacts, and the requests in the user's own inbox.
   */
  #tagMap(s: _Session): Map<string, _TagPlace> {
    const out = new Map<string, _TagPlace>();
    const self = this.#stream(s, 'self');
    for (let i = 0; i < (s.index.streams.self?.next ?? 0) + LOOKAHEAD; i++) out.set(bytesToHex(relationshipTag(self.tagSecret, i)), { stream: 'self', counter: i, dir: 'out' });
    for (const key of this.#counterparts(s)) {
      let pair: _PairSecrets;
      try {
        pair = this.#pair(s, key);
      } catch {
        continue; // A key that agrees on nothing has no tags (the index never stores one, but a damaged index may).
      }
      const next = s.index.streams[key]?.next ?? 0;
      const heard = s.index.heard?.[key] ?? 0;
      for (let i = 0; i < next + LOOKAHEAD; i++) out.set(bytesToHex(relationshipTag(pair.mine, i)), { stream: key, counter: i, dir: 'out' });
      for (let i = 0; i < heard + LOOKAHEAD; i++) out.set(bytesToHex(relationshipTag(pair.theirs, i)), { stream: key, counter: i, dir: 'in' });
    }
    for (const c of s.index.contacts ?? []) out.set(bytesToHex(inboxTag(hexToBytes(c.with), c.day)), { stream: c.with, counter: _FIRST_CONTACT, dir: 'out' });
    for (const r of s.index.received ?? []) out.set(bytesToHex(inboxTag(s.keys.agreement.publicKey, r.day)), { stream: null, counter: _FIRST_CONTACT, dir: 'in' });
    return out;
  }

  /** The tags to look for in the replica: every stream of the user's, with a lookahead. */
  async expectedTags(): Promise<Uint8Array[]> {
    return [...this.#tagMap(this.#need()).keys()].map((h) => hexToBytes(h));
  }

  /**
   * Opens the bundles the replica found for expectedTags: the user's records and the messages of
   * the user's counterparts, newest first. A record found past a stream's known counter (made on
   * another device of the same identity, or a counterpart's newer message) moves that counter on.
   * One that does not open is left out (it is not the user's) and counted.
   */
  async openFound(bundles: FoundBundle[]): Promise<{ records: MyRecord[]; unreadable: number }> {
    const s = this.#need();
    const tags = this.#tagMap(s);
    const records: MyRecord[] = [];
    let unreadable = 0;
    const streams = structuredClone(s.index.streams);
    const heard = { ...(s.index.heard ?? {}) };
    const received = new Set((s.index.received ?? []).map((r) => r.from));
    const found = new Map(s.index.found.map((f) => [f.id, f]));
    const reader = await (s.reader ??= x25519Key(s.keys.agreement.secret));
    // One record may be attached more than once (a re-attachment has the same tag and payload): it
    // is listed once, as its confirmed attachment, else its first.
    const order = [...bundles].sort((a, b) => Number(b.confirmed) - Number(a.confirmed) || a.attachedAt - b.attachedAt || a.id.localeCompare(b.id));
    // First the cheap checks, in order; then the openings, a few at once (each waits on WebCrypto and
    // on a DecompressionStream); then the results, in order again, so what is listed and how
    // counters move do not depend on timing.
    const candidates: { b: FoundBundle; where: _TagPlace; same: string }[] = [];
    const first = new Map<string, number>();
    for (const b of order) {
      const where = tags.get(b.tag);
      if (where === undefined) continue;
      // Only the stream's own key signs the user's records: anyone who saw a tag could file a
      // record under it, sealed to the user's public agreement key, and it would open. The replica
      // checked that the issuer signed the bundle; here the issuer must be the one the stream
      // expects. A counterpart's messages authenticate by the pair's MAC instead.
      if (where.dir === 'out' && where.stream !== null && b.issuer !== bytesToHex(this.#stream(s, where.stream).signing.publicKey)) {
        // A doctor's inbox tag for a day is every sender's that day: others' requests are not ours,
        // and not a sign of anything wrong.
        if (where.counter !== _FIRST_CONTACT) unreadable++;
        continue;
      }
      const same = `${b.tag}:${bytesToHex(sha256(b.payload))}`;
      // The same tag and payload (a re-attachment) opens the same way: it is opened once.
      if (!first.has(same)) first.set(same, candidates.length);
      candidates.push({ b, where, same });
    }
    // The envelopes are opened many at once (each waits on WebCrypto's key agreement); what they
    // hold is inflated one at a time, in order (DecompressionStreams at once cost more each).
    const limit = _limiter(OPEN_AT_ONCE);
    const unsealed = candidates.map((c, i) => (first.get(c.same) === i ? limit(() => this.#unseal(s, c.b, reader)) : null));
    // A refusal is taken up below, in order; none is left unhandled meanwhile.
    for (const u of unsealed) u?.catch(() => undefined);
    const openings = new Map<number, _Opened>();
    const listed = new Set<string>();
    const absorbed: _Absorbed = { consents: [...(s.index.consents ?? [])], shared: structuredClone(s.index.shared ?? {}), changed: false };
    for (const { b, where, same } of candidates) {
      if (listed.has(same)) continue;
      const at = first.get(same)!;
      if (!openings.has(at)) {
        const c = candidates[at];
        openings.set(at, await this.#read(s, c.b, await unsealed[at]!, c.where.stream === 'self' ? 'self' : c.where.stream));
      }
      const opened = openings.get(at)!;
      const mine = opened !== null && (where.stream === 'self' || opened.from === bytesToHex(s.keys.agreement.publicKey));
      // In a doctor's inbox, only requests from senders the doctor opened (openInbox) are listed here.
      const stream = where.stream ?? opened?.from ?? null;
      if (opened === null || stream === null || mine !== (where.dir === 'out') || (where.stream === null && !received.has(stream))) {
        if (where.counter !== _FIRST_CONTACT || where.dir === 'out') unreadable++;
        continue;
      }
      listed.add(same);
      records.push({
        id: b.id,
        resource: this.#absorb(s, opened.resource, mine, stream, absorbed),
        issuedAt: b.issuedAt,
        attachedAt: b.attachedAt,
        confirmed: b.confirmed,
        author: mine ? 'me' : 'counterpart',
        with: stream === 'self' ? null : stream,
        place: `${b.tag}.${same.slice(b.tag.length + 1)}`,
      });
      if (where.dir === 'out') {
        found.set(b.id, { id: b.id, stream, counter: where.counter });
        if (where.counter !== _FIRST_CONTACT && (streams[stream]?.next ?? 0) <= where.counter) streams[stream] = { next: where.counter + 1 };
      } else if (where.counter !== _FIRST_CONTACT && (heard[stream] ?? 0) <= where.counter) heard[stream] = where.counter + 1;
    }
    await Promise.allSettled(unsealed);
    if (this.#session !== s) throw new IdentityError('locked', 'the identity was locked');
    const changed =
      absorbed.changed ||
      JSON.stringify(streams) !== JSON.stringify(s.index.streams) ||
      JSON.stringify(heard) !== JSON.stringify(s.index.heard ?? {}) ||
      found.size !== s.index.found.length;
    if (changed) {
      s.index = { ...s.index, format: 1, streams, heard, found: [...found.values()], consents: absorbed.consents, shared: absorbed.shared };
      await s.vault.write('index', _json(s.index));
    }
    records.sort((a, b) => b.issuedAt - a.issuedAt || a.id.localeCompare(b.id));
    return { records, unreadable };
  }

  /**
   * Takes in what a consent message or a share entry says (docs/consent.md), and gives the resource
   * the page may see: a consent message without its data keys. The patient's own decisions (made on
   * another device too) join the grants new records are sealed for; a doctor keeps a patient's
   * grants (with the keys of chosen records) and share entries. A message must come from the side it
   * names: a doctor's message cannot grant, and a grant names the pair it travels in.
   */
  #absorb(s: _Session, resource: MyRecord['resource'], mine: boolean, counterpart: string, into: _Absorbed): MyRecord['resource'] {
    const me = bytesToHex(s.keys.agreement.publicKey);
    const message = readConsentMessage(resource);
    if (message !== null) {
      const { grant, audit } = message;
      const stripped = consentMessage(_noKeys(grant), audit) as unknown as MyRecord['resource'];
      if (mine && grant.patient.key === me && grant.doctor.key === counterpart) {
        const c = withoutKeys(consentResource(grant));
        if (!into.consents.some((x) => JSON.stringify(x) === JSON.stringify(c))) {
          into.consents.push(c);
          into.changed = true;
        }
      } else if (!mine && grant.patient.key === counterpart && grant.doctor.key === me) {
        const from = (into.shared[counterpart] ??= { name: grant.patient.name, consents: [], shares: [] });
        const c = consentResource(grant);
        if (!from.consents.some((x) => JSON.stringify(x) === JSON.stringify(c))) {
          from.consents.push(c);
          from.name = grant.patient.name;
          into.changed = true;
        }
      }
      return stripped;
    }
    const audit = resource.resourceType === 'AuditEvent' ? readAudit(resource) : null;
    if (audit?.action === 'share' && !mine && audit.patient.key === counterpart && audit.counterpart?.key === me) {
      const from = (into.shared[counterpart] ??= { name: audit.patient.name, consents: [], shares: [] });
      for (const r of audit.records) {
        const place = placeString(r.place);
        if (from.shares.some((x) => x.place === place)) continue;
        from.shares.push({ place, label: r.label, at: audit.at, grantId: audit.grantId });
        into.changed = true;
      }
    }
    return resource;
  }

  /** The clinics the user trusts, oldest first. Called by the directory screens. */
  trustedClinics(): TrustedClinic[] {
    return structuredClone(this.#need().index.trusted ?? []);
  }

  /** Trusts a clinic (its Ed25519 signing key, 32 bytes, and the name the user saw): attested profiles say so. */
  async trustClinic(key: Uint8Array, name: string): Promise<TrustedClinic[]> {
    const s = this.#need();
    if (!(key instanceof Uint8Array) || key.length !== 32) throw new RangeError('key must be a 32-byte Ed25519 public key');
    if (typeof name !== 'string' || name.trim() === '' || name.length > 120) throw new RangeError('name must be 1 to 120 characters');
    const hex = bytesToHex(key);
    if (hex === bytesToHex(s.keys.signing.publicKey)) throw new RangeError('key must be another identity\'s key, not this one\'s');
    const trusted = (s.index.trusted ?? []).filter((t) => t.key !== hex);
    if (trusted.length >= MAX_TRUSTED) throw new RangeError(`at most ${MAX_TRUSTED} clinics can be trusted`);
    trusted.push({ key: hex, name: name.trim(), addedAt: this.#now() });
    s.index = { ...s.index, trusted };
    await s.vault.write('index', _json(s.index));
    return structuredClone(trusted);
  }

  /** Stops trusting a clinic (its signing key, hex). */
  async untrustClinic(key: string): Promise<TrustedClinic[]> {
    const s = this.#need();
    const trusted = (s.index.trusted ?? []).filter((t) => t.key !== key);
    s.index = { ...s.index, trusted };
    await s.vault.write('index', _json(s.index));
    return structuredClone(trusted);
  }
}

/** What one openFound took in from consent messages and share entries, written to the index once at its end. */
interface _Absorbed {
  consents: unknown[];
  shared: Record<string, _SharedFrom>;
  changed: boolean;
}

/** A grant without its data keys: what the page and the patient's own index may hold. */
function _noKeys(g: Grant): Grant {
  return g.scope.kind === 'records' ? { ...g, scope: { kind: 'records', records: g.scope.records.map(({ dataKey: _k, ...r }) => r) } } : { ...g };
}

/** The words that name a record in a grant or an audit entry: the page's, or else its resource type. */
function _label(label: unknown, resource: { resourceType: string } | null): string {
  const text = typeof label === 'string' ? label.trim().slice(0, 200) : '';
  return text !== '' ? text : (resource?.resourceType ?? 'Record');
}

/** Checks a resource to seal: a FHIR resource, an object with a resourceType. */
function _resource(resource: unknown): asserts resource is { resourceType: string } {
  if (typeof resource !== 'object' || resource === null || typeof (resource as { resourceType?: unknown }).resourceType !== 'string') {
    throw new TypeError('resource must be a FHIR resource with a resourceType');
  }
}

/** A message opened: its resource, and the sender's agreement key (null for the user's own stream); null when it is not the user's. */
type _Opened = { resource: MyRecord['resource']; from: string | null } | null;

/** Where a tag of the user's tag map leads: its stream (null: the user's own inbox, whose sender the message names), counter and direction. */
interface _TagPlace {
  stream: string | null;
  counter: number;
  dir: 'out' | 'in';
}

/** Runs the functions given to it at most `n` at a time, in the order given. Used by openFound. */
function _limiter(n: number): <T>(f: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return (f) =>
    new Promise((resolve, reject) => {
      const run = () => {
        running++;
        f()
          .then(resolve, reject)
          .finally(() => {
            running--;
            waiting.shift()?.();
          });
      };
      if (running < n) run();
      else waiting.push(run);
    });
}

/** The pair MAC of a message: HMAC-SHA256 over the tag and the resource's JSON. */
function _mac(key: Uint8Array, tag: Uint8Array, json: Uint8Array): Uint8Array {
  return hmac.create(sha256, key).update(tag).update(json).digest();
}

/** Whether two MACs are equal, in time that does not depend on where they differ. */
function _equal(mac: Uint8Array, other: Uint8Array): boolean {
  if (other.length !== mac.length) return false;
  let d = 0;
  for (let i = 0; i < mac.length; i++) d |= mac[i] ^ other[i];
  return d === 0;
}

function _role(role: unknown): asserts role is Role {
  if (role !== 'patient' && role !== 'doctor' && role !== 'clinic') throw new RangeError(`role must be 'patient', 'doctor' or 'clinic', got ${String(role)}`);
}


