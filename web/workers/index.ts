// The workers' one door: the PoW pool and the tangle client. Workers are created nowhere else.
export { PowPool, sharedPowPool } from './pow-pool.ts';
export type { PowProgress, PowFound, RateReport, PowJob, PoolStats } from './pow-pool.ts';
export { TangleClient, DEFAULT_DB_NAME, replicaDbName, deviceNetworks } from './tangle-client.ts';
export type { TangleStats, NewBundle, AttachProgressMessage, SyncStartOptions } from './tangle-api.ts';
export type { BundleSigner } from './tangle-client.ts';
export { IdentityClient } from './identity-client.ts';
export type { LockReason, IdentityClientOptions } from './identity-client.ts';
export type { GrantSpec } from './identity-api.ts';
