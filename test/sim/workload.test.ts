// The arrivals and the medical bundle sizes. Oracles: the Poisson process's own rate, the daily
// rhythm's definition (workload.ts), the envelope size classes of docs/envelope.md for 2 readers,
// and a plain sort for the event queue. Seeded from TEST_SEED, printed on failure.
import { expect } from 'chai';
import fc from 'fast-check';
import { generateArrivals, measureConsultationTxs, medicalPreset } from '../../web/core/sim/index.ts';
import { _EventQueue } from '../../web/core/sim/_queue.ts';

const TEST_SEED = 1203;

describe(`sim: workloads (TEST_SEED ${TEST_SEED})`, () => {
  it('Poisson arrivals: increasing times at rate λ, the same for the same seed', () => {
    const a = generateArrivals({ kind: 'poisson', lambda: 4, bundles: 40_000 }, TEST_SEED);
    for (let i = 1; i < a.bundles; i++) expect(a.times[i] > a.times[i - 1], `seed ${TEST_SEED}, arrival ${i}`).to.equal(true);
    // 40,000 exponential gaps of mean 1/4: the rate's relative standard error is 0.5%.
    expect(a.bundles / a.duration, `seed ${TEST_SEED}`).to.be.within(4 * 0.98, 4 * 1.02);
    expect(generateArrivals({ kind: 'poisson', lambda: 4, bundles: 40_000 }, TEST_SEED).times).to.deep.equal(a.times);
  });

  it('the medical workload follows its daily rhythm: about 4 requests a consultation, most in clinic hours, peaking at 14:00', () => {
    const txs = { request: 3, diagnosis: 2, prescription: 2, exercises: 2 };
    const w = medicalPreset('district', txs, 1e6).workload;
    w.days = 7;
    const a = generateArrivals(w, TEST_SEED);
    const byHour = new Array<number>(24).fill(0);
    let requests = 0;
    for (let i = 0; i < a.bundles; i++) {
      if (a.sizes[i] === 3) {
        requests++;
        byHour[Math.floor((a.times[i] % 86_400) / 3600)]++;
      }
    }
    // consultationsPerDay × days requests, Poisson: within 4 standard errors.
    const expected = w.consultationsPerDay * w.days;
    expect(requests, `seed ${TEST_SEED}`).to.be.within(expected - 4 * Math.sqrt(expected), expected + 4 * Math.sqrt(expected));
    // Shape: night level 0.05 outside 08:00-20:00, rising to 1 at 14:00 (the 13-14 and 14-15 hours).
    expect(byHour[13] + byHour[14], `seed ${TEST_SEED}: ${byHour.join(' ')}`).to.be.greaterThan(10 * (byHour[2] + byHour[3]));
    const open = byHour.slice(8, 20).reduce((x, y) => x + y, 0);
    // Expected share in clinic hours: (0.05 + 0.95 / 2) / (0.05 + 0.95 / 4) = 0.913.
    expect(open / requests, `seed ${TEST_SEED}`).to.be.within(0.89, 0.94);
    // Each request has three answers, unless they would fall after the last day: with a mean answer
    // delay of 2 h, only requests of the last 12 hours lose theirs (one older than that has
    // e^-6 = 0.25% odds of waiting so long; 3 answers of slack for it).
    const end = w.days * 86_400;
    let late = 0;
    for (let i = 0; i < a.bundles; i++) if (a.sizes[i] === 3 && a.times[i] >= end - 12 * 3600) late++;
    expect(a.bundles, `seed ${TEST_SEED}: ${requests} requests, ${late} in the last 12 h`).to.be.within(4 * requests - 3 * late - 3, 4 * requests);
  });

  it('the consultation bundle sizes come from the care builders: each envelope is a size class of docs/envelope.md for 2 readers, in txs of 1,024 bytes', async () => {
    const s = await measureConsultationTxs();
    // docs/envelope.md: 63 + 48 k + 2^(8+e) bytes, e = 0 .. 10; k = 2.
    const classes = Array.from({ length: 11 }, (_, e) => 63 + 96 + 2 ** (8 + e));
    for (const k of ['request', 'diagnosis', 'prescription', 'exercises'] as const) {
      expect(s.envelopeBytes[k].length, k).to.equal(3);
      for (const b of s.envelopeBytes[k]) expect(classes, `${k}: ${b} bytes`).to.include(b);
      expect(s.txs[k], k).to.equal(Math.max(...s.envelopeBytes[k].map((b) => Math.ceil(b / 1024))));
    }
    // A symptom request carries the patient's and the doctor's details and the questionnaire: larger than an answer.
    expect(s.txs.request).to.be.at.least(s.txs.diagnosis);
  });

  it('the event queue pops in time order, ties in the order scheduled (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 300 }), (ops) => {
        const q = new _EventQueue();
        const model: { t: number; seq: number }[] = [];
        let seq = 0;
        for (const [t, pop] of ops) {
          if (pop && model.length) {
            model.sort((a, b) => a.t - b.t || a.seq - b.seq);
            const want = model.shift()!;
            expect(q.pop()).to.equal(true);
            expect([q.time, q.arg]).to.deep.equal([want.t, want.seq]);
          } else {
            q.push(t, 0, seq);
            model.push({ t, seq: seq++ });
          }
        }
        model.sort((a, b) => a.t - b.t || a.seq - b.seq);
        for (const want of model) {
          expect(q.pop()).to.equal(true);
          expect([q.time, q.arg]).to.deep.equal([want.t, want.seq]);
        }
        expect(q.pop()).to.equal(false);
      }),
      { seed: TEST_SEED, numRuns: 200 },
    );
  });
});
