// attachBundle (web/core/bundle; docs/design.md "Transactions and bundles", "Proof of work"): head to
// tail, tx i approves tx i+1, the head approves tip A, all approve tip B; every tx carries PoW of
// weight >= MWM over its bytes without the nonce; progress and abort.
import { expect } from 'chai';
import { attachBundle, buildBundle, bundleHash } from '../../../web/core/bundle/index.ts';
import { powDigest } from '../../../web/core/pow/index.ts';
import {
  TX_KINDS,
  decodeTx,
  powEssence,
  readAttachedAt,
  readBranch,
  readNonce,
  readTrunk,
  txId,
} from '../../../web/core/tx/index.ts';
import { signingKeyFromSecret, verifyEd25519 } from '../../../web/crypto/index.ts';
import { loadCore } from '../../../web/wasm/index.ts';

type Core = Awaited<ReturnType<typeof loadCore>>;
const MWM = 3;
const key = signingKeyFromSecret(new Uint8Array(32).fill(9));
const ISSUED = Date.UTC(2025, 2, 1);
const TIP_A = new Uint8Array(32).fill(0xaa);
const TIP_B = new Uint8Array(32).fill(0xbb);

describe('attachBundle', function () {
  let core: Core;
  let pow: (digest: Uint8Array, mwm: number) => Promise<bigint>;
  let txs: Uint8Array[];

  before(async function () {
    core = await loadCore();
    pow = async (digest, mwm) => {
      const r = core.powSearch(digest, 0n, 2 ** 32 - 1, mwm);
      if (r.nonce === null) throw new Error('no nonce');
      return r.nonce;
    };
    const payload = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
    txs = await buildBundle({ kind: TX_KINDS.record, issuer: key.publicKey, tag: new Uint8Array(32), issuedAt: ISSUED, payload }, key.sign);
  });

  it('chains tx i to tx i+1, the head to tip A, every tx to tip B', async function () {
    const out = await attachBundle(txs, { trunk: TIP_A, branch: TIP_B, attachedAt: ISSUED + 5, mwm: MWM, pow });
    expect(out.length).to.equal(3);
    for (let i = 0; i < 3; i++) {
      expect(readTrunk(out[i]), `trunk of ${i}`).to.deep.equal(i === 2 ? TIP_A : txId(out[i + 1]));
      expect(readBranch(out[i]), `branch of ${i}`).to.deep.equal(TIP_B);
      expect(readAttachedAt(out[i])).to.equal(ISSUED + 5);
    }
  });

  it('gives every tx PoW of weight >= MWM over its bytes without the nonce', async function () {
    const out = await attachBundle(txs, { trunk: TIP_A, branch: TIP_B, attachedAt: ISSUED, mwm: MWM, pow });
    for (const b of out) expect(core.powWeight(powDigest(powEssence(b)), readNonce(b))).to.be.at.least(MWM);
  });

  it('keeps the essence, the bundle hash and the tail signature, and leaves the input alone', async function () {
    const before = txs.map((b) => b.slice());
    const out = await attachBundle(txs, { trunk: TIP_A, branch: TIP_B, attachedAt: ISSUED, mwm: MWM, pow });
    expect(txs).to.deep.equal(before);
    expect(bundleHash(out)).to.deep.equal(bundleHash(txs));
    const f = decodeTx(out[0]);
    expect(f.signature).to.deep.equal(decodeTx(txs[0]).signature);
    expect(await verifyEd25519(f.issuer, f.bundle, f.signature)).to.equal(true);
  });

  it('works from the head to the tail and reports progress, including the pow callback fields', async function () {
    const order: Uint8Array[] = [];
    const events: { txDone: number; txTotal: number; attempts?: number }[] = [];
    const out = await attachBundle<{ attempts: number }>(txs, {
      trunk: TIP_A,
      branch: TIP_B,
      attachedAt: ISSUED,
      mwm: MWM,
      pow: async (digest, mwm, _signal, onTxProgress) => {
        order.push(digest);
        onTxProgress?.({ attempts: 42 });
        return pow(digest, mwm);
      },
      onProgress: (p) => events.push({ ...p }),
    });
    // the first digest worked is the head's
    expect(order[0]).to.deep.equal(powDigest(powEssence(out[2])));
    expect(order[2]).to.deep.equal(powDigest(powEssence(out[0])));
    expect(events[0]).to.deep.equal({ txDone: 0, txTotal: 3 });
    expect(events).to.deep.include({ txDone: 1, txTotal: 3, attempts: 42 });
    expect(events[events.length - 1]).to.deep.equal({ txDone: 3, txTotal: 3 });
  });

  it('honours the AbortSignal between txs and passes it into pow', async function () {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    let calls = 0;
    const p = attachBundle(txs, {
      trunk: TIP_A,
      branch: TIP_B,
      attachedAt: ISSUED,
      mwm: MWM,
      signal: controller.signal,
      pow: async (digest, mwm, signal) => {
        seen.push(signal);
        calls++;
        controller.abort();
        return pow(digest, mwm);
      },
    });
    let error: unknown;
    try {
      await p;
    } catch (e) {
      error = e;
    }
    expect((error as DOMException)?.name).to.equal('AbortError');
    expect(calls).to.equal(1);
    expect(seen[0]).to.equal(controller.signal);
  });

  it('refuses bad arguments, naming them', async function () {
    const opts = { trunk: TIP_A, branch: TIP_B, attachedAt: ISSUED, mwm: MWM, pow };
    const cases: [Promise<unknown>, RegExp][] = [
      [attachBundle([], opts), /txs/],
      [attachBundle([txs[1], txs[0], txs[2]], opts), /txs\[0\]/],
      [attachBundle(txs.slice(0, 2), opts), /lastIndex/],
      [attachBundle(txs, { ...opts, trunk: new Uint8Array(31) }), /options\.trunk/],
      [attachBundle(txs, { ...opts, attachedAt: ISSUED - 1 }), /options\.attachedAt/],
      [attachBundle(txs, { ...opts, mwm: 0 }), /options\.mwm/],
      [attachBundle(txs, { ...opts, pow: async () => -1n }), /nonce/],
    ];
    for (const [p, re] of cases) {
      let error: unknown;
      try {
        await p;
      } catch (e) {
        error = e;
      }
      expect(error, String(re)).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(re);
    }
  });
});
