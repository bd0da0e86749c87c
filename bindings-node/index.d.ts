// The public API; one declaration file per feature under types/.
import type { ErrorCode } from './types/errors.js';

export * from './types/convert.js';
export * from './types/errors.js';
export * from './types/webhook.js';
export * from './types/router.js';
export * from './types/validate.js';
export * from './types/redact.js';
export * from './types/ratelimit.js';
export * from './types/oauth.js';
export * from './types/seal.js';
export * from './types/keys.js';
export * from './types/policy.js';
export * from './types/problem.js';
export * from './types/net.js';

/** Every error code the core can produce. */
export const errorCodes: readonly ErrorCode[];

/** Which build serves this import. */
export const backend: 'native' | 'wasm';
