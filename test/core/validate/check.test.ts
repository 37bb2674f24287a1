// validateTx, the stateless per-tx checks (web/core/validate/check.ts): the order of the checks
// (the first thing wrong is the reason given), the fields of an accepted tx, and the context checks.
import { expect } from 'chai';
import { powDigest } from '../../../web/core/pow/index.ts';
import {
  ATTACHED_AT_OFFSET,
  KIND_OFFSET,
  PAYLOAD_OFFSET,
  TX_SIZE,
  VERSION_OFFSET,
  powEssence,
  readNonce,
  txId,
} from '../../../web/core/tx/index.ts';
import { MAX_DRIFT_MS, MIN_TIMESTAMP, validateTx, type TxCheckContext } from '../../../web/core/validate/index.ts';
import { ATTACHED, ISSUED, MWM, NOW, alice, bundle, core, hex, rework, unworked } from './_fixtures.ts';

const setU64 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setBigUint64(off, BigInt(v), true);

describe('validateTx', function () {
  let ctx: TxCheckContext;
  before(async function () {
    const c = await core();
    ctx = { mwm: MWM, now: () => NOW, powWeight: (d, n) => c.powWeight(d, n) };
  });

  it('accepts a good tx and returns its id and fields', async function () {
    const txs = await bundle({ size: 2 });
    const r = validateTx({ id: txId(txs[1]), bytes: txs[1] }, ctx);
    if (!r.ok) expect.fail(`rejected: ${r.reason}`);
    expect(hex(r.id)).to.equal(hex(txId(txs[1])));
    expect([r.index, r.lastIndex, r.kind, r.issuedAt, r.attachedAt]).to.deep.equal([1, 1, 1, ISSUED, ATTACHED]);
    expect(hex(r.issuer)).to.equal(hex(alice.publicKey));
    expect(hex(r.trunk)).to.equal(hex(new Uint8Array(32)));
    expect(r.bytes).to.equal(txs[1]);
  });

  it('gives the earliest failing check when several fail: size, version, kind, padding, time, PoW, id', async function () {
    const [t] = await bundle();
    const both = await unworked(await rework(t, (b) => ((b[VERSION_OFFSET] = 3), (b[KIND_OFFSET] = 8))));
    expect(validateTx({ bytes: both }, ctx)).to.deep.equal({ ok: false, reason: 'VERSION' });
    const kindAndPad = await rework(t, (b) => ((b[KIND_OFFSET] = 8), (b[PAYLOAD_OFFSET + 900] = 1)));
    expect(validateTx({ bytes: kindAndPad }, ctx)).to.deep.equal({ ok: false, reason: 'KIND' });
    const padAndTime = await rework(t, (b) => ((b[PAYLOAD_OFFSET + 900] = 1), setU64(b, ATTACHED_AT_OFFSET, NOW + 2 * MAX_DRIFT_MS)));
    expect(validateTx({ bytes: padAndTime }, ctx)).to.deep.equal({ ok: false, reason: 'PADDING' });
    const timeAndPow = await unworked(await rework(t, (b) => setU64(b, ATTACHED_AT_OFFSET, NOW + 2 * MAX_DRIFT_MS)));
    expect(validateTx({ bytes: timeAndPow }, ctx)).to.deep.equal({ ok: false, reason: 'FUTURE_TIMESTAMP' });
    const powAndId = await unworked(t);
    expect(validateTx({ id: new Uint8Array(32), bytes: powAndId }, ctx)).to.deep.equal({ ok: false, reason: 'POW' });
    expect(validateTx({ bytes: t.subarray(0, 100) }, ctx)).to.deep.equal({ ok: false, reason: 'TRUNCATED' });
  });

  it('uses ctx.powWeight on BLAKE2b-256 of the bytes before the nonce, and ctx.mwm as the bar', async function () {
    const [t] = await bundle();
    const calls: [string, bigint][] = [];
    const r = validateTx({ bytes: t }, { mwm: 5, now: () => NOW, powWeight: (d, n) => (calls.push([hex(d), n]), 4) });
    expect(r).to.deep.equal({ ok: false, reason: 'POW' });
    expect(calls).to.deep.equal([[hex(powDigest(powEssence(t))), readNonce(t)]]);
    expect(validateTx({ bytes: t }, { mwm: 4, now: () => NOW, powWeight: () => 4 }).ok).to.equal(true);
  });

  it('allows 10 minutes of clock drift and nothing before 2024', async function () {
    expect(MAX_DRIFT_MS).to.equal(600_000);
    expect(MIN_TIMESTAMP).to.equal(Date.parse('2024-01-01T00:00:00Z'));
    const edge = NOW + MAX_DRIFT_MS;
    const [ok] = await bundle({ issuedAt: edge, attachedAt: edge });
    expect(validateTx({ bytes: ok }, ctx).ok, 'exactly now + drift').to.equal(true);
    const [first] = await bundle({ issuedAt: MIN_TIMESTAMP, attachedAt: MIN_TIMESTAMP });
    expect(validateTx({ bytes: first }, ctx).ok, 'exactly 2024-01-01').to.equal(true);
  });

  it('treats non-bytes as GARBAGE and refuses a bad context with a named error', function () {
    expect(validateTx({ bytes: [1, 2] as unknown as Uint8Array }, ctx)).to.deep.equal({ ok: false, reason: 'GARBAGE' });
    expect(validateTx({ id: 'x' as unknown as Uint8Array, bytes: new Uint8Array(TX_SIZE) }, ctx)).to.deep.equal({ ok: false, reason: 'GARBAGE' });
    expect(() => validateTx({ bytes: new Uint8Array(TX_SIZE) }, { ...ctx, mwm: 1.5 })).to.throw(RangeError, /ctx\.mwm/);
    expect(() => validateTx({ bytes: new Uint8Array(TX_SIZE) }, { ...ctx, powWeight: null as never })).to.throw(TypeError, /ctx\.powWeight/);
  });
});
