// The privacy test (issue: "readable only by those the patient chose"), in the real browser with
// the real workers and a real replica in IndexedDB: two patients on one device, each with records
// for two doctors and for themselves, and a third identity. The third identity opens nothing; no
// public value (issuer key, tag, or any 16 bytes of an envelope past its fixed header) is shared by
// two relationships of one patient; and after onboarding, records, lock and unlock, no secret (the
// seed, the words, the passphrase, any private key raw, in hex or in base64, or a record's
// plaintext) is found in any IndexedDB store, localStorage, sessionStorage or Cache Storage.
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { IdentityClient, TangleClient } from '../../web/workers/index.ts';
import { ENVELOPE_HEADER_SIZE, openEnvelope, openEnvelopeWithKey } from '../../web/core/records/index.ts';
import { readConsentMessage } from '../../web/core/consent/index.ts';
import { deriveIdentityKeys, deriveRelationshipKeys, wordsToSeed, type Profile } from '../../web/core/identity/index.ts';
import { noteObservationOf } from '../../web/app/record-text.ts';
import { readTag } from '../../web/core/tx/index.ts';
import type { TaggedBundle } from '../../web/ledger/index.ts';

const NETWORK = { name: 'privacy', mwm: 2 };
const stamp = Date.now();
const VAULT_DB = `privacy-vault-${stamp}`;
const REPLICA_DB = `privacy-replica-${stamp}`;

/** splitmix32 bytes: the doctors' keys are fixed, so nothing depends on crypto.getRandomValues. */
function seeded(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (n) => Uint8Array.from({ length: n }, () => next() & 0xff);
}

interface Person {
  label: string;
  passphrase: string;
  words: string[];
  seed: Uint8Array;
  client: IdentityClient;
  notes: string[];
  /** Tail id → relationship ('self' or the doctor's key, hex), for the records this person made. */
  made: Map<string, string>;
}

const doctors = [1, 2].map((k) => {
  const secret = seeded(700 + k)(32);
  return { secret, publicKey: x25519.getPublicKey(secret) };
});

async function onboard(label: string, passphrase: string, role: Profile['role'] = 'patient'): Promise<Person> {
  const client = new IdentityClient({ dbName: VAULT_DB });
  const { words, check } = await client.beginNew(role);
  expect((await client.checkBackup(check.map((p) => ({ position: p, word: words[p - 1] })))).ok).to.equal(true);
  const profile: Profile = { role, familyName: `${label}enko`, givenName: label, birthDate: '1980-01-01', personId: `P-${label}` };
  await client.create({ profile, label, passphrase });
  const r = wordsToSeed(words);
  if (!('seed' in r)) throw new Error('the shown words must be a seed');
  return { label, passphrase, words, seed: r.seed, client, notes: [], made: new Map() };
}

/** Every 16-byte window of `bytes`, as hex. */
function windows(bytes: Uint8Array, into: Set<string>): void {
  for (let i = 0; i + 16 <= bytes.length; i++) into.add(bytesToHex(bytes.subarray(i, i + 16)));
}

/** Every byte the origin's IndexedDB databases, localStorage, sessionStorage and Cache Storage hold. */
async function everythingStored(): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  const add = async (v: unknown): Promise<void> => {
    if (v === null || v === undefined) return;
    if (v instanceof ArrayBuffer) parts.push(new Uint8Array(v));
    else if (ArrayBuffer.isView(v)) parts.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else if (v instanceof Blob) parts.push(new Uint8Array(await v.arrayBuffer()));
    else if (typeof v === 'string') parts.push(enc.encode(v));
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') parts.push(enc.encode(String(v)));
    else if (Array.isArray(v)) for (const x of v) await add(x);
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) {
      parts.push(enc.encode(k));
      await add(x);
    }
  };
  for (const info of await indexedDB.databases()) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(info.name!);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const store of [...db.objectStoreNames]) {
      const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
        const tx = db.transaction(store, 'readonly');
        const k = tx.objectStore(store).getAllKeys();
        const v = tx.objectStore(store).getAll();
        tx.oncomplete = () => resolve([k.result, v.result]);
        tx.onerror = () => reject(tx.error);
      });
      await add(keys);
      await add(values);
    }
    db.close();
  }
  for (const storage of [localStorage, sessionStorage]) for (let i = 0; i < storage.length; i++) await add([storage.key(i), storage.getItem(storage.key(i)!)]);
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      await add(req.url);
      await add(await (await cache.match(req))!.arrayBuffer());
    }
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return false;
  const first = needle[0];
  outer: for (let i = hay.indexOf(first); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Raw DEFLATE undone, as the identity service compresses plaintexts. */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
}

/** Data keys a patient handed to a doctor in a grant (issue 10): they must never be stored in the clear either. */
const grantedKeys: Uint8Array[] = [];

const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const b64url = (b: Uint8Array) => b64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('privacy: two patients, two doctors each, and a third identity, on one device', function () {
  this.timeout(300_000);
  let tangle: TangleClient;
  const people: Person[] = [];
  let bundles: TaggedBundle[] = [];

  before(async () => {
    tangle = new TangleClient({ dbName: REPLICA_DB, network: NETWORK });
    await tangle.open();
    for (const [label, pass] of [['Olena', 'olena passphrase one'], ['Taras', 'taras passphrase two'], ['Third', 'third identity passphrase']]) {
      people.push(await onboard(label, pass));
    }
    // Each patient writes two records for each doctor and one for themself.
    for (const p of people.slice(0, 2)) {
      for (const [k, to] of [[0, doctors[0].publicKey], [1, doctors[1].publicKey], [2, doctors[0].publicKey], [3, doctors[1].publicKey], [4, undefined]] as const) {
        const note = `${p.label}'s note ${k}: blood pressure ${120 + k}/80, private`;
        p.notes.push(note);
        const sealed = await p.client.sealRecord(noteObservationOf(note, new Date(Date.UTC(2026, 11, 4, 10, k))), to ? { to } : {});
        const { ids } = await tangle.attachSigned(sealed.txs);
        p.made.set(ids[0], to ? bytesToHex(to) : 'self');
      }
    }
    // Everything stored that carries any tag of either patient.
    const tags = [...(await people[0].client.expectedTags()), ...(await people[1].client.expectedTags())];
    bundles = await tangle.findTagged(tags);
  });

  after(async () => {
    for (const p of people) p.client.lock();
    tangle?.close();
    await deleteDB(VAULT_DB);
    await deleteDB(REPLICA_DB);
  });

  it('each patient opens exactly their own ten records; the third identity opens nothing', async () => {
    expect(bundles.length).to.equal(10);
    for (const p of people.slice(0, 2)) {
      const mine = bundles.filter((b) => p.made.has(b.tailId));
      expect(mine.length).to.equal(5);
      const { records } = await p.client.openFound(
        bundles.map((b) => ({ tag: bytesToHex(b.tag), id: b.tailId, payload: b.payload, issuer: bytesToHex(b.issuer), issuedAt: b.issuedAt, attachedAt: b.attachedAt, confirmed: b.confirmed })),
      );
      expect(records.map((r) => r.resource.valueString).sort()).to.deep.equal([...p.notes].sort());
    }
    // The third identity: no bundle opens with its key, whatever tag it is filed under.
    const third = deriveIdentityKeys(people[2].seed).agreement.secret;
    for (const b of bundles) expect(openEnvelope(b.payload, third), b.tailId).to.equal(null);
    const relabelled = (await people[2].client.expectedTags()).slice(0, bundles.length);
    const opened = await people[2].client.openFound(
      bundles.map((b, i) => ({ tag: bytesToHex(relabelled[i]), id: b.tailId, payload: b.payload, issuer: bytesToHex(b.issuer), issuedAt: b.issuedAt, attachedAt: b.attachedAt, confirmed: false })),
    );
    expect(opened.records).to.deep.equal([]);
    expect(opened.unreadable).to.equal(10);
    // And the doctors each open exactly the records for them.
    for (const d of doctors) {
      const forD = bundles.filter((b) => openEnvelope(b.payload, d.secret) !== null).map((b) => b.tailId).sort();
      const expected = people.flatMap((p) => [...p.made].filter(([, to]) => to === bytesToHex(d.publicKey)).map(([id]) => id)).sort();
      expect(forD).to.deep.equal(expected);
    }
  });

  it('no public value is shared by two relationships of one patient', () => {
    let compared = 0;
    for (const p of people.slice(0, 2)) {
      const byRelationship = new Map<string, Set<string>>();
      for (const b of bundles.filter((x) => p.made.has(x.tailId))) {
        const rel = p.made.get(b.tailId)!;
        const set = byRelationship.get(rel) ?? new Set<string>();
        windows(b.issuer, set);
        windows(b.tag, set);
        windows(b.payload.subarray(ENVELOPE_HEADER_SIZE), set);
        byRelationship.set(rel, set);
      }
      expect(byRelationship.size, 'self and two doctors').to.equal(3);
      const rels = [...byRelationship.keys()];
      for (let i = 0; i < rels.length; i++) {
        for (let j = i + 1; j < rels.length; j++) {
          const shared = [...byRelationship.get(rels[i])!].filter((w) => byRelationship.get(rels[j])!.has(w));
          expect(shared, `${p.label}: ${rels[i].slice(0, 8)} and ${rels[j].slice(0, 8)}`).to.deep.equal([]);
          compared++;
        }
      }
    }
    expect(compared).to.equal(6);
  });

  it('a grant of a chosen record hands its data key to the doctor only sealed: the doctor\'s secret finds it in the grant and it opens the record', async () => {
    const olena = people[0];
    const [tailId] = [...olena.made].find(([, rel]) => rel === 'self')!;
    const b = bundles.find((x) => x.tailId === tailId)!;
    const bundle = { tag: bytesToHex(b.tag), id: b.tailId, payload: b.payload, issuer: bytesToHex(b.issuer), issuedAt: b.issuedAt, attachedAt: b.attachedAt, confirmed: b.confirmed };
    const grant = await olena.client.grantConsent({
      doctor: bytesToHex(doctors[0].publicKey),
      doctorName: 'Dr One',
      scope: { kind: 'records', records: [{ bundle, label: 'Note', kind: 'Observation', date: b.issuedAt }] },
      until: Date.now() + 86_400_000,
    });
    await tangle.attachSigned(grant.txs);
    // The doctor (whose secret this test holds) opens the grant, a pair message: format byte, sender, MAC, then JSON.
    const payload = (await tangle.findTagged([readTag(grant.txs[0])]))[0].payload;
    const plain = await inflate(openEnvelope(payload, doctors[0].secret)!);
    const message = readConsentMessage(JSON.parse(new TextDecoder().decode(plain.subarray(65))));
    expect(message?.grant.scope.kind).to.equal('records');
    const key = message!.grant.scope.kind === 'records' ? message!.grant.scope.records[0].dataKey! : new Uint8Array(0);
    expect(key.length).to.equal(32);
    const record = JSON.parse(new TextDecoder().decode(await inflate(openEnvelopeWithKey(b.payload, key))));
    expect(olena.notes).to.include(record.valueString);
    grantedKeys.push(key);
    // The second doctor, not granted, opens neither the grant nor the record.
    expect(openEnvelope(payload, doctors[1].secret)).to.equal(null);
    expect(openEnvelope(b.payload, doctors[1].secret)).to.equal(null);
  });

  it('after lock and unlock, no secret is stored anywhere the origin keeps data', async () => {
    for (const p of people) p.client.lock();
    const id = (await people[0].client.list()).find((s) => s.label === 'Olena')!.id;
    await people[0].client.unlock(id, people[0].passphrase);
    people[0].client.lock();
    const stored = await everythingStored();
    expect(stored.length, 'the stores were read').to.be.greaterThan(10_000);
    const enc = new TextEncoder();
    const secrets: [string, Uint8Array][] = [];
    for (const p of people) {
      const keys = deriveIdentityKeys(p.seed);
      const rels = [...doctors.map((d) => deriveRelationshipKeys(p.seed, d.publicKey)), deriveRelationshipKeys(p.seed, keys.agreement.publicKey)];
      const raw: [string, Uint8Array][] = [
        ['seed', p.seed],
        ['identity signing key', keys.signing.secret],
        ['agreement key', keys.agreement.secret],
        ...rels.flatMap((r, i): [string, Uint8Array][] => [[`relationship ${i} signing key`, r.signing.secret], [`relationship ${i} tag secret`, r.tagSecret]]),
      ];
      for (const [what, bytes] of raw) {
        secrets.push([`${p.label} ${what}`, bytes], [`${p.label} ${what} (hex)`, enc.encode(bytesToHex(bytes))], [`${p.label} ${what} (base64)`, enc.encode(b64(bytes))], [`${p.label} ${what} (base64url)`, enc.encode(b64url(bytes))]);
      }
      secrets.push([`${p.label} words`, enc.encode(p.words.join(' '))], [`${p.label} first words`, enc.encode(p.words.slice(0, 4).join(' '))], [`${p.label} passphrase`, enc.encode(p.passphrase)]);
      for (const note of p.notes) secrets.push([`${p.label} record text`, enc.encode(note)]);
    }
    expect(grantedKeys.length, 'the grant test ran first').to.equal(1);
    for (const k of grantedKeys) secrets.push(['a granted data key', k], ['a granted data key (hex)', enc.encode(bytesToHex(k))], ['a granted data key (base64)', enc.encode(b64(k))]);
    const found = secrets.filter(([, bytes]) => contains(stored, bytes)).map(([what]) => what);
    expect(found).to.deep.equal([]);
    expect(secrets.length).to.be.greaterThan(100);
    // The search can fail: values that are stored in the clear are found (an identity's label, the
    // only clear personal data of the vault; the replica's network name).
    expect(contains(stored, enc.encode('Olena'))).to.equal(true);
    expect(contains(stored, enc.encode('privacy'))).to.equal(true);
    // And a secret put where the search looks is found: one planted in sessionStorage, in base64.
    const [what, planted] = secrets.find(([w]) => w.endsWith('agreement key (base64)'))!;
    sessionStorage.setItem('planted', new TextDecoder().decode(planted));
    try {
      expect(contains(await everythingStored(), planted), what).to.equal(true);
    } finally {
      sessionStorage.removeItem('planted');
    }
  });
});
