// The workers' one door: the PoW pool. Workers are created nowhere else in the app.
export { PowPool, sharedPowPool } from './pow-pool.ts';
export type { PowProgress, PowFound, RateReport, PowJob, PoolStats } from './pow-pool.ts';
