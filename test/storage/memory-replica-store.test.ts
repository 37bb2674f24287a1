// The ReplicaStore contract against the in-memory twin.
import { MemoryReplicaStore } from '../../web/storage/index.ts';
import { replicaStoreContract } from './contract.ts';

replicaStoreContract('MemoryReplicaStore', {
  create: async (options) => new MemoryReplicaStore(options),
  dispose: async (store) => store.close(),
});
