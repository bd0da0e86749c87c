/** Base class of every edgeward error; `code` is stable across runtimes. */
export class EdgewardError extends Error {
  readonly code: string;
}

/** Stable error codes of webhook construction and verification. */
export type WebhookErrorCode =
  | 'MISSING_HEADER'
  | 'MALFORMED_HEADER'
  | 'NO_SIGNATURES'
  | 'TIMESTAMP_TOO_OLD'
  | 'TIMESTAMP_TOO_NEW'
  | 'SIGNATURE_MISMATCH'
  | 'INVALID_SECRET'
  | 'INVALID_PAYLOAD'
  | 'INVALID_OPTIONS'
  | 'REPLAYED'
  | 'REPLAY_GUARD_FULL';

/** Thrown by `Webhook` construction and verification. */
export class WebhookVerificationError extends EdgewardError {
  readonly code: WebhookErrorCode;
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
 * (`LIMIT_EXCEEDED`, `INVALID_JSON`), or unusable validator options (`VALIDATION_INVALID_OPTIONS`).
 */
export class ValidationError extends EdgewardError {
  readonly code: 'VALIDATION_FAILED' | 'LIMIT_EXCEEDED' | 'INVALID_JSON' | 'VALIDATION_INVALID_OPTIONS';
  readonly errors: ValidationIssue[];
}

/** A schema that is itself invalid (`SCHEMA_ERROR`). */
export class SchemaError extends EdgewardError {}

/** A request path that cannot be built safely (`INVALID_PATH`). */
export class PathError extends EdgewardError {}

/** Redaction input that cannot be redacted (invalid JSON, over a limit) or invalid options (family "redaction"). */
export class RedactionError extends EdgewardError {
  readonly code: 'REDACTION_INVALID_JSON' | 'REDACTION_LIMIT_EXCEEDED' | 'REDACTION_INVALID_OPTIONS';
}

/** Stable error codes of the network guards (`IpAllowlist`, `clientIp`). */
export type NetworkErrorCode = 'INVALID_IP' | 'INVALID_CIDR' | 'NETWORK_INVALID_OPTIONS';

/** An address or range that does not parse strictly, or invalid options of the network guards. */
export class NetworkError extends EdgewardError {
  readonly code: NetworkErrorCode;
}
