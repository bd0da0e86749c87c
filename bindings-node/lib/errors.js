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

/** An address or range that does not parse strictly, or invalid options of the network guards. */
export class NetworkError extends EdgewardError {
  constructor(message, code) {
    super(message, code);
    this.name = 'NetworkError';
  }
}

const byFamily = {
  webhook: WebhookVerificationError,
  validation: ValidationError,
  schema: SchemaError,
  path: PathError,
  redaction: RedactionError,
  network: NetworkError,
};

/** Rewraps a backend error carrying a core code as the family's class; others pass through. */
export function translateError(error, errorFamily) {
  const code = error?.code;
  const family = typeof code === 'string' ? errorFamily(code) : undefined;
  if (family === undefined || family === null) return error;
  const ErrorClass = byFamily[family] ?? EdgewardError;
  const translated = new ErrorClass(error.message, code);
  if (Array.isArray(error.errors)) translated.errors = error.errors;
  return translated;
}
