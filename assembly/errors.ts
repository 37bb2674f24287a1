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
