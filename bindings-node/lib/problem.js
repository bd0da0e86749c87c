// Safe error replies over a backend (native addon or WASM): reads the error's parts (name,
// message, stack, cause chain); the Rust core decides what the client and the log see.

const MAX_CAUSES = 8;

const textOf = (value) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** `safeErrorResponse` and `requestId` over `backend`; `fail` maps backend errors. */
export function createProblemApi(backend, fail) {
  // The lean WASM build (webhooks and redaction) has no credential helpers.
  if (backend.safeErrorParts === undefined) return {};

  function call(work) {
    try {
      return work();
    } catch (error) {
      throw fail(error);
    }
  }

  /** `incoming` (a header value) when it is a safe request id, else a new random one. */
  function requestId(incoming) {
    return call(() => backend.requestId(typeof incoming === 'string' ? incoming : undefined));
  }

  /**
   * `{ status, headers, body, log }` for `error`: `body` is RFC 9457 problem JSON with a generic
   * title for 5xx and the request id (a 4xx may show its redacted message with `expose`), `log`
   * the redacted internal record (message, stack, causes, request id). `new Response(body,
   * { status, headers })` sends it.
   */
  function safeErrorResponse(error, { requestId: id, status, expose = false } = {}) {
    const isError = error !== null && typeof error === 'object';
    const causes = [];
    const seen = new Set([error]);
    let cause = isError ? error.cause : undefined;
    while (cause !== undefined && cause !== null && causes.length < MAX_CAUSES && !seen.has(cause)) {
      seen.add(cause);
      causes.push(typeof cause === 'object' ? `${textOf(cause.name)}: ${textOf(cause.message)}` : textOf(cause));
      cause = typeof cause === 'object' ? cause.cause : undefined;
    }
    const wanted = typeof status === 'number' ? status : isError && typeof error.status === 'number' ? error.status : undefined;
    const [code, flat, body, log, rid] = call(() =>
      backend.safeErrorParts(
        isError ? textOf(error.name) : typeof error,
        isError ? textOf(error.message) : textOf(error),
        isError && typeof error.stack === 'string' ? error.stack : undefined,
        causes,
        wanted,
        typeof id === 'string' ? id : undefined,
        expose === true,
      ),
    );
    const headers = {};
    for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
    return { status: code, headers, body, log: JSON.parse(log), requestId: rid };
  }

  return { safeErrorResponse, requestId };
}
