// A module worker that the crash test kills mid-write (test/storage/atomicity.test.ts).
// Messages in:  { name, txSize, segmentTxs, seed, count, first }: open the replica and build the batch,
//               then { go: true }: start the append.
// Messages out: { ready: true } once the batch is built, { started: true } as soon as append() has
//               been called, { done: first, ms } or { error: message } when it settles.
import { IdbReplicaStore, type AppendBatch, type ReplicaStore } from '../../web/storage/index.ts';
import { makeBatch } from './batches.ts';

interface Setup {
  name: string;
  txSize: number;
  segmentTxs: number;
  seed: number;
  count: number;
  first: number;
}

let store: ReplicaStore | undefined;
let batch: AppendBatch | undefined;

const post = (message: unknown) => postMessage(message);

onmessage = async (e: MessageEvent<Setup | { go: true }>) => {
  try {
    if ('go' in e.data) {
      const t0 = performance.now();
      const pending = store!.append(batch!);
      post({ started: true });
      const { first } = await pending;
      post({ done: first, ms: performance.now() - t0 });
      return;
    }
    const s = e.data;
    store = await IdbReplicaStore.open(s.name, { txSize: s.txSize, segmentTxs: s.segmentTxs });
    batch = makeBatch(s.seed, s.count, s.first, s.txSize);
    post({ ready: true });
  } catch (err) {
    post({ error: String(err) });
  }
};
