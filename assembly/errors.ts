// Error messages of the WASM core, kept as constants so the TypeScript wrapper (web/wasm) can show
// them and tests can match them. They reach JS through the `env.abort` import.

export const E_LENGTH_NOT_243 = "trit length must be a positive multiple of 243";
export const E_TRITS_CAPACITY = "trit length exceeds the trit buffer";
export const E_BYTES_CAPACITY = "byte length exceeds the byte buffer";
export const E_INVALID_TRIT = "trit value must be -1, 0 or 1";
export const E_INVALID_TRYTE = "tryte character must be one of 9A-Z";
export const E_B1T6_LENGTH = "b1t6 trit length must be a multiple of 6";
export const E_B1T6_GROUP = "b1t6 group value must lie in [-128, 127]";
export const E_MWM_RANGE = "mwm must be between 1 and 242";

// ---- the DAG and the walk (dag.ts, walk.ts, grow.ts) ----
export const E_GRAPH_PARENT = "parents must be earlier transactions (index < size)";
export const E_GRAPH_TIME = "attachedAt must be finite";
export const E_GRAPH_CAPACITY = "the graph is full (at most 2^22 transactions)";
export const E_GRAPH_MEMORY = "out of memory for the graph";
export const E_GRAPH_MAX_WINDOW = "maxWindow must be between 1 and 2^20";
export const E_GRAPH_BATCH = "batch length exceeds the graph input buffer";
export const E_GRAPH_INDEX = "index out of range";
export const E_GRAPH_WINDOW = "index lies outside the weight window";
export const E_GRAPH_ALPHA = "alpha must be finite and >= 0";
export const E_GRAPH_DEPTH = "depth must be >= 0";
export const E_GRAPH_SAMPLES = "samples must be between 1 and 10000";
export const E_GRAPH_COUNT = "count and lambdaH must be >= 0";
