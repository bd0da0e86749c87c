// The public API; one declaration file per feature under types/.
export * from './types/convert.js';
export * from './types/errors.js';
export * from './types/webhook.js';
export * from './types/validate.js';
export * from './types/redact.js';
export * from './types/net.js';

/** Every error code the core can produce. */
export const errorCodes: readonly string[];

/** Which build serves this import. */
export const backend: 'native' | 'wasm';
