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

/**
 * The HTTP status a middleware answers with for an error (or its code): 401 not authentic
 * (bad or missing signature, stale timestamp), 409 replayed, 400 malformed, 413 too large,
 * 422 invalid, 503 replay guard full, 500 the server's own fault and any error that is not
 * edgeward's. The core's table, the same in Python (`edgeward.http_status`).
 */
export function httpStatus(error: ErrorCode | string | { code?: unknown } | unknown): number;

/** Which build serves this import. */
export const backend: 'native' | 'wasm';
