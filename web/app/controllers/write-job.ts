// One write to the Tangle as the screens show it: sign (and seal) in the identity worker, then the
// proof of work of each part in the tangle worker, with progress, cancel, and the outcome in the
// write view. Shared by the records controller (notes) and the care controller (requests, answers,
// public records), so both say the same things the same way.
import type { RecordsTangle, WriteView } from './records-controller.ts';

/** Runs one write; true when it was stored. `view` is read and replaced as the write goes (each replacement re-renders). Called by the records and care controllers. */
export async function writeToTangle(job: {
  view: { get(): WriteView; set(w: WriteView): void };
  abort: AbortController;
  /** Signs what to write: one bundle, or several in order (a record, then the entries that tell doctors where it is). */
  sign: () => Promise<Uint8Array[][]>;
  tangle: () => RecordsTangle;
  /** What to do once stored (look for the records again). */
  after: () => Promise<void>;
}): Promise<boolean> {
  const { view, abort } = job;
  view.set({ state: 'running', txDone: 0, txTotal: 0, etaSeconds: null, error: '' });
  try {
    const bundles = await job.sign();
    const total = bundles.reduce((n, b) => n + b.length, 0);
    view.set({ ...view.get(), txTotal: total });
    let before = 0;
    for (const txs of bundles) {
      if (abort.signal.aborted) throw new DOMException('cancelled', 'AbortError');
      await job.tangle().attachSigned(txs, {
        signal: abort.signal,
        onProgress: (p) => {
          const w = view.get();
          view.set({ ...w, txDone: before + p.txDone, txTotal: total, etaSeconds: p.etaSeconds ?? w.etaSeconds });
        },
      });
      before += txs.length;
    }
    view.set({ ...view.get(), state: 'done', txDone: view.get().txTotal });
    await job.after();
    return true;
  } catch (e) {
    const cancelled = abort.signal.aborted || (e as { name?: string })?.name === 'AbortError';
    view.set({ ...view.get(), state: cancelled ? 'cancelled' : 'failed', error: cancelled ? '' : ((e as Error)?.message ?? String(e)) });
    return false;
  }
}
