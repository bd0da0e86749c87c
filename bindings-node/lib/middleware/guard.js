// The framework-neutral half of the middleware (edgeward/express, /fastify, /hono, /web): the
// guards in order, each answering a problem reply; the adapters only read the request (peer,
// headers, raw body) and write the reply in their framework's way.
//
// Threat model:
// - Raw body: a signature covers the bytes sent. A body parsed and re-serialised (key order,
//   spaces, escapes, numbers) no longer verifies, or worse, a lenient reader verifies one
//   thing and parses another. The adapters hand over the bytes as received, never a parse.
// - Resource exhaustion: the body is read only up to `maxBodyBytes` (a declared length over it
//   is refused before reading anything); the IP allowlist and the rate limit run before the
//   body is read, so refused clients cost no reading and no hashing.
// - Leaks: a failure answers an RFC 9457 problem body built by the core (`safeErrorResponse`):
//   the status's generic title and a request id, never the message, a secret, a signature or
//   the body. The details go to the optional `logger`, redacted by the core.
// - Statuses: the core's table (`httpStatus`): 401 not authentic, 409 replayed, 400
//   malformed, 413 too large, 500 the server's own fault; 403 and 429 for the guards.
import {
  IpAllowlist,
  RateLimiter,
  ReplayGuard,
  Webhook,
  WebhookVerificationError,
  clientIp,
  httpStatus,
  safeErrorResponse,
} from 'edgeward';

/** Default `maxBodyBytes`: 1 MiB (GitHub's deliveries can reach 25 MiB: raise it for them). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** What `readBody` answers when the body exceeds the limit. */
export const TOO_LARGE = Symbol('edgeward.middleware.tooLarge');

const OPTION_NAMES = new Set([
  'scheme',
  'secret',
  'secrets',
  'webhook',
  'toleranceSeconds',
  'retentionSeconds',
  'secretFormat',
  'replayGuard',
  'schema',
  'maxBodyBytes',
  'rateLimit',
  'allowlist',
  'trustedProxies',
  'ipHeader',
  'logger',
  'requestIdHeader',
]);

function misconfigured(reason) {
  return new WebhookVerificationError(`webhook middleware: ${reason}`, 'WEBHOOK_INVALID_OPTIONS');
}

/** The allowlist (or `undefined`) for an option given as an `IpAllowlist` or its entries. */
function allowlistOf(value, name) {
  if (value === undefined || value === null) return undefined;
  if (value instanceof IpAllowlist) return value;
  if (Array.isArray(value)) return new IpAllowlist(value);
  throw misconfigured(`${name} must be an IpAllowlist or an array of ranges`);
}

/** `logger(level, record, message)` for a pino/console-like object or a function. */
function loggerOf(logger) {
  if (logger === undefined || logger === null) return undefined;
  if (typeof logger === 'function') return (level, record, message) => logger(level, record, message);
  if (typeof logger === 'object' && typeof logger.warn === 'function' && typeof logger.error === 'function') {
    return (level, record, message) => logger[level](record, message);
  }
  throw misconfigured('logger must have warn() and error() methods (pino, console) or be a function');
}

/**
 * The guards of one endpoint, built once from the options (each adapter documents them):
 * `check(input)` runs them on one request (`admit` before the body, `finish` on it) and
 * answers `{ ok: true, delivery, headers }` or `{ ok: false, status, headers, body }`.
 */
export function createGuard(options) {
  if (options === null || typeof options !== 'object') throw misconfigured('options must be an object such as { scheme: "stripe", secret }');
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) throw misconfigured(`unknown option ${JSON.stringify(name)}`);
  }
  let webhook = options.webhook;
  if (webhook === undefined) {
    // The scheme is the receiver's choice: there is no default to fall into by accident.
    if (typeof options.scheme !== 'string') throw misconfigured('name the scheme: { scheme: "stripe" | "standard" | "github" | "slack" | "shopify" }');
    const secrets = options.secrets ?? options.secret;
    if (secrets === undefined) throw misconfigured('give the secret (or secrets: [newest, previous] while rotating)');
    let replayGuard = options.replayGuard;
    if (replayGuard === true) replayGuard = new ReplayGuard();
    const webhookOptions = { scheme: options.scheme };
    for (const name of ['toleranceSeconds', 'retentionSeconds', 'secretFormat']) {
      if (options[name] !== undefined) webhookOptions[name] = options[name];
    }
    if (replayGuard !== undefined && replayGuard !== false && replayGuard !== null) webhookOptions.replayGuard = replayGuard;
    webhook = new Webhook(secrets, webhookOptions);
  } else if (!(webhook instanceof Webhook)) {
    throw misconfigured('webhook must be a Webhook (or give scheme and secret)');
  } else if (options.scheme !== undefined && options.scheme !== webhook.scheme) {
    throw misconfigured(`scheme ${JSON.stringify(options.scheme)} differs from the webhook's ${JSON.stringify(webhook.scheme)}`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw misconfigured('maxBodyBytes must be a whole number of bytes ≥ 1');
  let limiter = options.rateLimit;
  if (limiter !== undefined && limiter !== null && !(limiter instanceof RateLimiter)) limiter = new RateLimiter(limiter);
  const allowlist = allowlistOf(options.allowlist, 'allowlist');
  const trustedProxies = allowlistOf(options.trustedProxies, 'trustedProxies');
  const ipHeader = options.ipHeader;
  const log = loggerOf(options.logger);
  const requestIdHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  const schema = options.schema;
  const needsIp = allowlist !== undefined || limiter !== undefined;

  /**
   * The failure reply for `error`, logged (redacted) when there is a logger. `incoming`: the
   * request's id header, kept when safe (the id is made on failure only: an accepted delivery
   * costs no random draw).
   */
  function fail(error, incoming, status, extraHeaders, facts) {
    const wanted = status ?? httpStatus(error);
    // A 4xx is the client's: its stack says nothing about the server and stays out of the log.
    const reported = wanted < 500 ? { name: error.name, message: error.message } : error;
    const reply = safeErrorResponse(reported, { requestId: incoming, status: wanted }); // the core keeps a safe id, else makes one
    if (log !== undefined) {
      const record = { ...reply.log, ...facts };
      if (typeof error?.code === 'string') record.code = error.code;
      log(reply.status < 500 ? 'warn' : 'error', record, 'edgeward: webhook refused');
    }
    return { ok: false, status: reply.status, headers: { ...extraHeaders, ...reply.headers }, body: reply.body };
  }

  // The core parses the raw body after verifying it, under the same size limit as the read.
  const verifyOptions = schema === undefined ? { maxBytes: maxBodyBytes } : { maxBytes: maxBodyBytes, schema };
  /** The verified event (`verifyEventAsync`: a replay store may answer a Promise). */
  const verify = (body, headers) => webhook.verifyEventAsync(body, headers, verifyOptions);

  /**
   * The guards before the body is read. `input`: `headers` (any shape the webhook API reads),
   * `header(name)` (one value or undefined), `peer` (the socket's address, the platform's
   * client address, or undefined) and `contentLength` (the declared length or undefined).
   * Answers `{ ok: true, requestId, headers }` (`requestId`: the incoming header, unchecked
   * until a failure needs it) or a failure reply.
   */
  async function admit(input) {
    const id = input.header(requestIdHeader);
    let headers = {};
    try {
      let ip = null;
      let reason;
      if (needsIp) {
        if (typeof input.peer === 'string' && input.peer !== '') {
          const found = clientIp({ peer: input.peer, headers: input.headers, trustedProxies, ...(ipHeader ? { header: ipHeader } : {}) });
          ip = found.ip;
          reason = found.reason;
        } else {
          reason = 'no-peer';
        }
      }
      if (allowlist !== undefined && (ip === null || !allowlist.allows(ip))) {
        return fail({ name: 'Forbidden', message: `client address ${ip ?? 'unknown'} (${reason}) is not in the allowlist` }, id, 403, headers, { ip, reason });
      }
      if (limiter !== undefined) {
        const result = await limiter.checkAsync(ip ?? 'unknown');
        headers = limiter.headers(result);
        if (!result.allowed) {
          return fail({ name: 'TooManyRequests', message: `rate limit exceeded for ${ip ?? 'unknown'}` }, id, 429, headers, { ip });
        }
      }
      const declared = input.contentLength;
      if (declared !== undefined && declared > maxBodyBytes) return tooLarge(id, headers, `body of ${declared} bytes`);
      return { ok: true, requestId: id, headers };
    } catch (error) {
      return fail(error, id, undefined, headers);
    }
  }

  function tooLarge(id, headers, what) {
    const error = { name: 'ValidationError', code: 'VALIDATION_LIMIT_EXCEEDED', message: `${what} is over maxBodyBytes (${maxBodyBytes})` };
    return fail(error, id, undefined, headers);
  }

  /**
   * Verification of the raw `body` (or `TOO_LARGE`, or a promise of either) read after
   * `admitted`: `{ ok: true, delivery, headers }` or a failure reply.
   */
  async function finish(admitted, body, headers) {
    try {
      const raw = await body;
      if (raw === TOO_LARGE) return tooLarge(admitted.requestId, admitted.headers, 'the body');
      const delivery = await verify(raw, headers);
      return { ok: true, delivery, headers: admitted.headers };
    } catch (error) {
      return fail(error, admitted.requestId, undefined, admitted.headers);
    }
  }

  /** Every guard on one request: `input` as for `admit`, plus `readBody(limit)`. */
  async function check(input) {
    const admitted = await admit(input);
    if (!admitted.ok) return admitted;
    return finish(admitted, Promise.resolve().then(() => input.readBody(maxBodyBytes)), input.headers);
  }

  return { check, admit, finish, fail, webhook, maxBodyBytes };
}

/**
 * A guard per options: `options` is an object (one guard, built now) or a function of the
 * request's context answering options (Workers read secrets from `env` at request time).
 * Guards built from a function are kept per distinct answer (its text and number options by
 * value, its objects by identity), at most 16, so a Worker keys each secret once per isolate.
 * State that must outlive a request cannot be made per answer: `replayGuard: true` and
 * `rateLimit` given as options are refused there (build the ReplayGuard or RateLimiter once,
 * outside, and return it).
 */
export function guardSource(options) {
  if (typeof options !== 'function') {
    const guard = createGuard(options);
    return () => guard;
  }
  const identities = new WeakMap();
  let nextIdentity = 0;
  const identity = (value) => {
    if (!identities.has(value)) identities.set(value, ++nextIdentity);
    return `#${identities.get(value)}`;
  };
  const guards = new Map();
  return (...context) => {
    const answer = options(...context);
    if (answer === null || typeof answer !== 'object') throw misconfigured('the options function must answer an options object');
    if (answer.replayGuard === true) throw misconfigured('replayGuard: true from an options function would be a new guard per request: build a ReplayGuard once and return it');
    if (answer.rateLimit !== undefined && answer.rateLimit !== null && !(answer.rateLimit instanceof RateLimiter)) {
      throw misconfigured('rateLimit options from an options function would be a new limiter per request: build a RateLimiter once and return it');
    }
    const parts = Object.keys(answer)
      .sort()
      .map((name) => {
        const value = answer[name];
        const plain = value === null || typeof value !== 'object' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
        return [name, plain && typeof value !== 'function' ? value : identity(value)];
      });
    const key = JSON.stringify(parts);
    let guard = guards.get(key);
    if (guard === undefined) {
      guard = createGuard(answer);
      if (guards.size >= 16) guards.delete(guards.keys().next().value);
      guards.set(key, guard);
    }
    return guard;
  };
}

/**
 * `guard.check` over a Web `Request` (Hono, the `(Request) => Response` helper): its headers,
 * the declared length, and its body read up to the limit. `arrayBuffer` reads a body whose
 * length is declared (Hono passes its own, which caches the body for later handlers).
 */
export function checkWebRequest(guard, request, peer, arrayBuffer = () => request.arrayBuffer()) {
  const contentLength = declaredLength(request.headers.get('content-length') ?? undefined);
  return guard.check({
    headers: request.headers,
    header: (name) => request.headers.get(name) ?? undefined,
    peer,
    contentLength,
    readBody: async (limit) => (contentLength === undefined ? readWebStream(request.body, limit) : within(await arrayBuffer(), limit)),
  });
}

/** The declared body length of a `content-length` value, or undefined. */
export function declaredLength(value) {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * A Web `ReadableStream` read to the end, or `TOO_LARGE` as soon as more than `limit` bytes
 * arrived (the rest is cancelled, never read).
 */
async function readWebStream(stream, limit) {
  if (stream === null || stream === undefined) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/** `buffer` as bytes, or `TOO_LARGE` when over `limit` (a declared length that lied). */
function within(buffer, limit) {
  return buffer.byteLength > limit ? TOO_LARGE : new Uint8Array(buffer);
}

/** One buffer holding `chunks` (`total` bytes). */
export function concat(chunks, total) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The peer address a Worker knows: Cloudflare's `CF-Connecting-IP` (a client cannot set it). */
export function workerPeer(headers) {
  if (globalThis.navigator?.userAgent !== 'Cloudflare-Workers') return undefined;
  return headers.get('cf-connecting-ip') ?? undefined;
}
