// Error classes shared by every backend (native and WASM), so `instanceof` works whichever
// loaded. One class per error family; `.code` is the core's stable code.

export class EdgewardError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'EdgewardError';
    this.code = code;
  }
}

export class WebhookVerificationError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'WebhookVerificationError';
  }
}

/** Input that fails validation, or JSON text over a parsing limit; `errors` lists every issue. */
export class ValidationError extends EdgewardError {
  constructor(message, code, errors = []) {
    super(message, code);
    this.name = 'ValidationError';
    this.errors = errors;
  }
}

/** A schema that is itself invalid. */
export class SchemaError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'SchemaError';
  }
}

/** A request path that cannot be built safely from the given parameters. */
export class PathError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'PathError';
  }
}

/** Redaction input that cannot be redacted (invalid JSON, over a limit) or invalid options. */
export class RedactionError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'RedactionError';
  }
}

/** Invalid rate limiter options or check arguments. */
export class RateLimitError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'RateLimitError';
  }
}

/** An address or range that does not parse strictly, or invalid options of the network guards. */
export class NetworkError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'NetworkError';
  }
}

/** OAuth state tokens and PKCE (STATE_*, PKCE_INVALID, OAUTH_INVALID_OPTIONS). */
export class OAuthError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'OAuthError';
  }
}

/** Sealed tokens and Fernet (SEAL_*). */
export class SealError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'SealError';
  }
}

/** Key hygiene (KEY_*). */
export class KeyHygieneError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'KeyHygieneError';
  }
}

/** Access policies (POLICY_INVALID). */
export class PolicyError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'PolicyError';
  }
}

const byFamily = {
  webhook: WebhookVerificationError,
  validation: ValidationError,
  schema: SchemaError,
  path: PathError,
  redaction: RedactionError,
  oauth: OAuthError,
  seal: SealError,
  key: KeyHygieneError,
  policy: PolicyError,
  rate_limit: RateLimitError,
  network: NetworkError,
};

/**
 * The `code`s napi-rs gives its own argument conversion errors (a wrong JS type reaching the
 * native addon, e.g. a number where a string is taken). The facade checks types first, so
 * these are a last line; they are reported like any wrong argument type, with the family's
 * misuse code, never as a bare `Error`.
 */
const NAPI_CONVERSION_CODES = new Set([
  'InvalidArg',
  'ObjectExpected',
  'StringExpected',
  'NameExpected',
  'FunctionExpected',
  'NumberExpected',
  'BooleanExpected',
  'ArrayExpected',
  'BigintExpected',
  'DateExpected',
  'ArrayBufferExpected',
  'DetachableArraybufferExpected',
]);

/**
 * Rewraps a backend error carrying a core code as the family's class, with the error's
 * structured facts as properties (`ageSeconds`, `toleranceSeconds`, `header`, ...: see
 * `Error::fields` in the core); a napi-rs conversion error becomes the family's class with
 * `misuseCode` (the caller's family's options code). Other errors pass through.
 * `backend` gives `errorFamily(code)` and `errorFields(code, message)`.
 */
export function translateError(error, backend, misuseCode) {
  let code = error?.code;
  if (typeof code !== 'string') return error;
  let message = error.message;
  let family = backend.errorFamily(code);
  if (family === undefined || family === null) {
    if (misuseCode === undefined || !NAPI_CONVERSION_CODES.has(code)) return error;
    message = `an argument has the wrong type (${code}): ${message}`;
    code = misuseCode;
    family = backend.errorFamily(code);
  }
  const ErrorClass = byFamily[family] ?? EdgewardError;
  const translated = new ErrorClass(message, code);
  if (Array.isArray(error.errors)) translated.errors = error.errors;
  const fields = backend.errorFields(code, message);
  if (fields !== undefined && fields !== null) Object.assign(translated, JSON.parse(fields));
  return translated;
}
