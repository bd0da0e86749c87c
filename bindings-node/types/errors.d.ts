// Error classes: one per family, `.code` the core's stable code. Every code starts with its
// family's name; the unions below are checked against the core's list (core/tests/error_contract.rs).
// A wrong argument type is reported like a wrong value: the family's class, the argument's code.

/** Stable error codes of webhook construction and verification. */
export type WebhookErrorCode =
  | 'WEBHOOK_MISSING_HEADER'
  | 'WEBHOOK_MALFORMED_HEADER'
  | 'WEBHOOK_NO_SIGNATURES'
  | 'WEBHOOK_TIMESTAMP_TOO_OLD'
  | 'WEBHOOK_TIMESTAMP_TOO_NEW'
  | 'WEBHOOK_SIGNATURE_MISMATCH'
  | 'WEBHOOK_INVALID_SECRET'
  | 'WEBHOOK_INVALID_PAYLOAD'
  | 'WEBHOOK_INVALID_OPTIONS'
  | 'WEBHOOK_REPLAYED'
  | 'WEBHOOK_REPLAY_GUARD_FULL';

/** Stable error codes of input limits, JSON parsing and schema validation. */
export type ValidationErrorCode =
  | 'VALIDATION_FAILED'
  | 'VALIDATION_LIMIT_EXCEEDED'
  | 'VALIDATION_INVALID_JSON'
  | 'VALIDATION_INVALID_OPTIONS';

/** Stable error code of an invalid JSON Schema. */
export type SchemaErrorCode = 'SCHEMA_INVALID';

/** Stable error code of an unsafe request path. */
export type PathErrorCode = 'PATH_INVALID';

/** Stable error codes of redaction. */
export type RedactionErrorCode =
  | 'REDACTION_INVALID_JSON'
  | 'REDACTION_LIMIT_EXCEEDED'
  | 'REDACTION_INVALID_OPTIONS';

/** Every stable error code. */
/** Stable error codes of the rate limiter. */
export type RateLimitErrorCode = 'RATE_LIMIT_INVALID_OPTIONS';

/** Stable error codes of the OAuth helpers (state tokens, PKCE). */
export type OAuthErrorCode =
  | 'STATE_INVALID'
  | 'STATE_EXPIRED'
  | 'STATE_SESSION_MISMATCH'
  | 'STATE_REPLAYED'
  | 'PKCE_INVALID'
  | 'OAUTH_INVALID_OPTIONS';

/** Stable error codes of sealed tokens and Fernet. */
export type SealErrorCode = 'SEAL_INVALID' | 'SEAL_EXPIRED' | 'SEAL_INVALID_KEY' | 'SEAL_INVALID_OPTIONS';

/** Stable error codes of key hygiene. */
export type KeyErrorCode = 'KEY_WRONG_ENVIRONMENT' | 'KEY_RING_EMPTY' | 'KEY_INVALID_OPTIONS';

/** Stable error codes of access policies. */
export type PolicyErrorCode = 'POLICY_INVALID';

/** The platform failed: no randomness (thrown as `EdgewardError`). */
export type SystemErrorCode = 'RANDOM_UNAVAILABLE';

/** Stable error codes of the network guards (`IpAllowlist`, `clientIp`). */
export type NetworkErrorCode = 'NETWORK_INVALID_IP' | 'NETWORK_INVALID_CIDR' | 'NETWORK_INVALID_OPTIONS';

/** Every error code. */
export type ErrorCode =
  | WebhookErrorCode
  | ValidationErrorCode
  | SchemaErrorCode
  | PathErrorCode
  | RedactionErrorCode
  | RateLimitErrorCode
  | OAuthErrorCode
  | SealErrorCode
  | KeyErrorCode
  | PolicyErrorCode
  | SystemErrorCode
  | NetworkErrorCode;

/** Base class of every edgeward error; `code` is stable across runtimes. */
export class EdgewardError extends Error {
  readonly code: ErrorCode;
}

/**
 * Thrown by `Webhook` construction and verification. The facts of the failure are properties
 * (never secret material), set only for the codes named.
 */
export class WebhookVerificationError extends EdgewardError {
  readonly code: WebhookErrorCode;
  /** `WEBHOOK_MISSING_HEADER`: the header the scheme expects. */
  readonly header?: string;
  /** `WEBHOOK_NO_SIGNATURES`: the signature entry looked for, e.g. `v1`. */
  readonly expected?: string;
  /** `WEBHOOK_TIMESTAMP_TOO_OLD`: seconds between the signed timestamp and now. */
  readonly ageSeconds?: number;
  /** `WEBHOOK_TIMESTAMP_TOO_NEW`: seconds the signed timestamp lies ahead of now. */
  readonly aheadSeconds?: number;
  /** `WEBHOOK_TIMESTAMP_TOO_OLD` and `WEBHOOK_TIMESTAMP_TOO_NEW`: the configured tolerance. */
  readonly toleranceSeconds?: number;
  /** `WEBHOOK_SIGNATURE_MISMATCH`: how many secrets were tried. */
  readonly secretCount?: number;
  /** `WEBHOOK_SIGNATURE_MISMATCH`: how many signatures the header carried. */
  readonly signatureCount?: number;
  /** `WEBHOOK_REPLAYED`: what identified the delivery, its signed id or its signed content. */
  readonly by?: 'id' | 'signature';
  /** `WEBHOOK_REPLAY_GUARD_FULL`: the guard's capacity. */
  readonly maxEntries?: number;
}

/** One validation problem; never contains the offending value unless asked for. */
export interface ValidationIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message: string;
}

/**
 * Input that fails validation (`VALIDATION_FAILED`), JSON text over a limit or malformed
 * (`VALIDATION_LIMIT_EXCEEDED`, `VALIDATION_INVALID_JSON`), or unusable validator options
 * (`VALIDATION_INVALID_OPTIONS`).
 */
export class ValidationError extends EdgewardError {
  readonly code: ValidationErrorCode;
  readonly errors: ValidationIssue[];
}

/** A schema that is itself invalid (`SCHEMA_INVALID`). */
export class SchemaError extends EdgewardError {
  readonly code: SchemaErrorCode;
}

/** A request path that cannot be built safely (`PATH_INVALID`). */
export class PathError extends EdgewardError {
  readonly code: PathErrorCode;
}

/** Redaction input that cannot be redacted (invalid JSON, over a limit) or invalid options (family "redaction"). */
export class RedactionError extends EdgewardError {
  readonly code: RedactionErrorCode;
}

// Rate limiting (issue #14).
/** Invalid rate limiter options or check arguments (family "rate_limit"). */
export class RateLimitError extends EdgewardError {
  readonly code: RateLimitErrorCode;
}

/** Thrown by the OAuth helpers (family "oauth"). */
export class OAuthError extends EdgewardError {
  readonly code: OAuthErrorCode;
}

/** Thrown by `Sealer` and `Fernet` (family "seal"). */
export class SealError extends EdgewardError {
  readonly code: SealErrorCode;
}

/** Key hygiene (family "key"). */
export class KeyHygieneError extends EdgewardError {
  readonly code: KeyErrorCode;
}

/** An invalid access policy (family "policy"). */
export class PolicyError extends EdgewardError {
  readonly code: PolicyErrorCode;
}

/** An address or range that does not parse strictly, or invalid options of the network guards. */
export class NetworkError extends EdgewardError {
  readonly code: NetworkErrorCode;
}
