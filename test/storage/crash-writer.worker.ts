// A module worker that the crash test kills mid-write (test/storage/atomicity.test.ts).
// Messages in:  { name, txSize, segmentTxs, seed, count, first }: open the replica and build the batch,
//               then { go: true }: start the append.
// Messages out: { ready: true } once the batch is built, { write: 'start' } when the append's
//               IndexedDB transaction is created, { started: true } as soon as append() has been
//               called, { write: 'complete' | 'abort' } when that transaction settles, then
//               { done: first, ms } or { error: message }.
// The write markers come from the IndexedDB transaction itself, so the page can tell a kill that
// landed inside the write (start seen, complete not yet) from one after it.
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
/** Set on `go`: only the append's transaction is reported, not the ones open() runs. */
let armed = false;

const post = (message: unknown) => postMessage(message);

// Every readwrite transaction this worker creates after `go` is the append's (the store writes
// each append in one transaction, web/storage/idb-replica-store.ts). Wrapping the prototype method
// sees it whatever wrapper library the store uses, without a hook in the store.
const createTransaction = IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
  const tx = createTransaction.apply(this, args);
  if (armed && tx.mode === 'readwrite') {
    post({ write: 'start' });
    tx.addEventListener('complete', () => post({ write: 'complete' }));
    tx.addEventListener('abort', () => post({ write: 'abort' }));
  }
  return tx;
} as IDBDatabase['transaction'];

onmessage = async (e: MessageEvent<Setup | { go: true }>) => {
  try {
    if ('go' in e.data) {
      armed = true;
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
