// The message contract between the bench page and the tangle worker (tangle.worker.ts), shared by
// both sides so that the compiler checks them against each other.

/** Parameters of the tangle and replica metrics; the page records them in `_meta.tangle`. */
export const TANGLE_PARAMS = {
  /** Delay of the uniform growth model in txs (λh): a tx is invisible to the next lambdaH txs. */
  lambdaH: 20,
  /** Tip selection as the replica does it (web/ledger DEFAULT_ALPHA, DEFAULT_DEPTH). */
  alpha: 0.1,
  depth: 15,
  /** The core's default window of exact cumulative weights. */
  maxWindow: 4096,
  /** Measurements per size, and the txs that arrive before each. */
  measurements: 200,
  arrivalsPerMeasurement: 10,
  /** A timed region spans at least this many clock ticks: k calls, timed together, divided by k. */
  minTicks: 20,
  /** Timed peer selections (after one warm-up). */
  peerRuns: 5,
  /** Ingest input: txs, txs per bundle, signing keys, txs per importTransactions call, MWM. */
  ingestTxs: 20_000,
  ingestBundleTxs: 4,
  ingestKeys: 4,
  ingestArchiveTxs: 1000,
  ingestRounds: 3,
  mwm: 3,
  /** Cold load: stored txs, and timed rounds (after one warm-up). */
  coldTxs: 100_000,
  coldRounds: 3,
  /**
   * Finding one identity's records and opening them: stored txs; the identity's records (sealRecord
   * of a 2 KB FHIR Observation, alternately to each of taggedDoctors doctors: 2 readers, bundles of 2
   * txs) spread among bundles of 4 txs of others; the test vault's scrypt parameters (small: the
   * unlock is not what these metrics time); txs per import while filling; timed rounds (after one warm-up).
   */
  taggedTxs: 100_000,
  taggedMine: 100,
  taggedOtherTxs: 4,
  taggedDoctors: 2,
  taggedKdf: { N: 2 ** 10, r: 8, p: 1 },
  taggedArchiveTxs: 1000,
  taggedRounds: 5,
  /** The wait between opening the replica and the timed call: the passphrase's scrypt at unlock (about 1 s). */
  taggedUnlockPauseMs: 1000,
  /**
   * The directory: published profiles (each its doctor's own key), attestations by clinics of the
   * first doctors, txs per import while filling; index builds timed; prefix queries (each timed in
   * batches, directoryMeasurements times), and the results a query asks for (a screenful).
   */
  directoryProfiles: 10_000,
  directoryAttestations: 1_000,
  directoryClinics: 10,
  directoryArchiveTxs: 1000,
  directoryIndexRounds: 5,
  directoryQueries: 200,
  directoryMeasurements: 9,
  directoryLimit: 50,
  /**
   * The timeline: the patient's consultations (each a request and 3 answers: 4 records), the doctors
   * they go to in turn, the days they spread over (before now), txs per import while filling, the
   * test vaults' scrypt parameters (small: no unlock is timed here), timed rounds (after one
   * warm-up), and the wait between opening the replica and unlocking the patient (the unlock's scrypt
   * at the vault's own parameters, about 1 s).
   */
  timelineConsultations: 250,
  timelineDoctors: 4,
  timelineDays: 30,
  timelineArchiveTxs: 1000,
  timelineKdf: { N: 2 ** 10, r: 8, p: 1 },
  timelineRounds: 7,
  timelinePauseMs: 1000,
} as const;

/** Quantiles of a set of measurements, in ms. */
export interface Spread {
  min: number;
  p10: number;
  median: number;
  p90: number;
  max: number;
}

/** One size of the tip selection metrics. */
export interface TipselResult {
  /** Txs grown before measuring (the genesis not counted). */
  n: number;
  /** Graph size (genesis included) after every measurement's arrivals. */
  sizeAfter: number;
  growMs: number;
  tipsAtStart: number;
  /** Repetitions per timed region (arrivals + selection; selection alone), at the start and the end. */
  k: { start: { combined: number; selectOnly: number }; end: { combined: number; selectOnly: number } };
  /** Clock ticks spanned by the median timed region (k calls) of each kind: at least minTicks is the aim. */
  medianBatchTicks: { combined: number; selectOnly: number };
  combined: Spread;
  selectOnly: Spread;
}

export interface PeerResult {
  /** Size of the graph the peer works on (genesis included), and its window start in the core. */
  size: number;
  windowStart: number;
  /** Txs whose peer CW was checked against the core's cumulativeWeight (the whole window). */
  checkedWeights: number;
  /** Per-selection timings of the timed runs (ms). */
  runsMs: number[];
  /** Median of each phase over the timed runs (ms). */
  phasesMs: { approvers: number; weights: number; walks: number };
  /** Context: the bitset pass instead of per-tx traversals (median ms of the same runs). */
  bitsetWeightsMs: number;
}

export interface IngestResult {
  txs: number;
  bundles: number;
  archives: number;
  generateMs: number;
  /** Wall-clock ms of each round (all archives, one fresh database each). */
  roundsMs: number[];
  /** txs/s of each round. */
  roundsTxPerS: number[];
  /** Median over rounds of each import call's ms. */
  callMsMedian: number;
  /** Context: one round through Replica into MemoryReplicaStore (no IndexedDB). */
  memoryStoreTxPerS: number;
  /** Context: one round through the IngestPipeline alone (decode, checks, signatures; no store, no graph). */
  validateOnlyTxPerS: number;
  verifyBackend: string;
}

export interface ColdLoadResult {
  txs: number;
  prepareMs: number;
  /** Timed rounds, total ms, and median phases. */
  roundsMs: number[];
  phasesMs: { instantiate: number; storeOpen: number; replicaOpen: number; selectTips: number };
}

export interface FindTaggedResult {
  txs: number;
  bundles: number;
  /** Tags asked for in each timed call (the identity's expectedTags), and bundles each call must find (its records). */
  expectedTags: number;
  found: number;
  /** Txs of each of the identity's records (and its envelope's bytes). */
  recordTxs: number;
  envelopeBytes: number;
  /** Filling the replica (generation, signing, PoW and import; not timed). */
  fillMs: number;
  /** Timed rounds: findTagged of the expected tags, taggedUnlockPauseMs after the replica was opened, ms. */
  roundsMs: number[];
  /** Context: the same call the moment Replica.open resolved, in rounds of their own, ms. */
  justOpenedMs: number[];
  /** Context per round, medians: Replica.open before it (not timed), and findTagged of 200 tags no tx carries (lookup alone, no read). */
  openMs: number;
  lookupOnlyMs: number;
  /** Context per round, medians: findTagged again right after (same replica), and store.readRanges of the found bundles' ranges alone. */
  againMs: number;
  readOnlyMs: number;
  /** Context, once: reading every stored tx and cutting its tag, what finding them would cost without the tag index. */
  fullScanMs: number;
  /**
   * records.scan_ms.n1e5: the rounds (expectedTags → findTagged → openFound, in the round whose
   * findTagged is replica.find_tagged_ms.n1e5), ms, and the median of each step; records opened per round.
   */
  scan: { roundsMs: number[]; expectedTagsMs: number; findTaggedMs: number; openFoundMs: number; records: number };
}

export interface DirectoryResult {
  profiles: number;
  attestations: number;
  txs: number;
  bundles: number;
  payloadBytes: { min: number; max: number };
  maxBundleTxs: number;
  /** Filling the replica (keys, records, signing, PoW and import; not timed). */
  fillMs: number;
  /** Context, once each: findTagged([DIRECTORY_TAG]) on the freshly opened replica, and readDirectory of what it found. */
  findTaggedMs: number;
  readMs: number;
  /** What readDirectory gave: current profiles, matching attestations, refusals. */
  read: { profiles: number; attested: number; refused: number };
  /** directory.index_ms.n1e4: each build of DirectoryIndex from the directory, ms; and the words it holds. */
  indexRoundsMs: number[];
  words: number;
  /** directory.search_ms.n1e4: per query, the median of its measurements (ms per search(query, limit)). */
  queryMs: number[];
  /** The queries, each with how many profiles match it (search with no limit) and the batch size it was timed with. */
  queries: { q: string; matches: number; k: number }[];
  /** Context: complete(query, 8) per query, ms (median of its measurements). */
  completeMs: number[];
}

export interface TimelineResult {
  consultations: number;
  /** Records the patient's timeline holds (consultations × 4), and the doctors' profiles beside them. */
  records: number;
  profiles: number;
  txs: number;
  bundles: number;
  bundleTxs: { min: number; max: number };
  envelopeBytes: { min: number; max: number };
  /** UTC days the requests were sent on (each day's inbox tag of a doctor is another tag). */
  requestDays: number;
  /** Filling the replica (5 identities, sealing, opening the inboxes, PoW and import; not timed). */
  fillMs: number;
  /** Untimed loads it took the patient to find every record from an index that knew none (each load looks 16 counters past the last found). */
  catchUpLoads: number;
  /** Tags expectedTags gave, and bundles findTagged found, in each timed round. */
  expectedTags: number;
  found: number;
  /** timeline.open_ms.n1e3: each timed round, ms (expectedTags → findTagged → openFound → timelineOf). */
  roundsMs: number[];
  /** Each step of each timed round, ms. */
  stepsMs: { expectedTags: number[]; findTagged: number[]; openFound: number[]; grouping: number[] };
  /** Context per round, medians: Replica.open and the patient's unlock before the timed call (not timed). */
  replicaOpenMs: number;
  unlockMs: number;
}

/** Progress for the page: a line of status and how many of `total` steps are done. */
export type ProgressFn = (status: string) => void;

/** What the tangle worker offers over comlink. Every call runs alone. */
export interface TangleApi {
  /** Compiles the core, measures the clock's resolution. */
  init(): Promise<{ clockResolutionMs: number; crossOriginIsolated: boolean }>;
  tipsel(n: number, progress: ProgressFn): Promise<TipselResult>;
  /** The peer on a fresh 10^4-tx graph grown as tipsel's; checks its weights against the core. */
  peer(n: number, progress: ProgressFn): Promise<PeerResult>;
  ingest(progress: ProgressFn): Promise<IngestResult>;
  coldLoad(progress: ProgressFn): Promise<ColdLoadResult>;
  findTagged(progress: ProgressFn): Promise<FindTaggedResult>;
  /** The directory: profiles published into a replica, found by DIRECTORY_TAG, read, indexed and searched. */
  directory(progress: ProgressFn): Promise<DirectoryResult>;
  /** The timeline: a patient's 1,000 care records made by 5 identity services, found, opened and grouped on fresh unlocks. */
  timeline(progress: ProgressFn): Promise<TimelineResult>;
}
