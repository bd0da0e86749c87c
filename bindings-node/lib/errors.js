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

const byFamily = { webhook: WebhookVerificationError };

/** Rewraps a backend error carrying a core code as the family's class; others pass through. */
export function translateError(error, errorFamily) {
  const code = error?.code;
  const family = typeof code === 'string' ? errorFamily(code) : undefined;
  if (family === undefined || family === null) return error;
  const ErrorClass = byFamily[family] ?? EdgewardError;
  return new ErrorClass(error.message, code);
}
