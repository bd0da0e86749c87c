// `edgeward/express`: `webhook(options)`, an Express (4 and 5) middleware that verifies a
// delivery on its raw bytes and puts it on `req.webhook` (`{ event, timestamp, secretIndex,
// id, type }`). Guards and replies: ./guard.js.
//
// The raw body: the middleware reads the request stream itself, up to `maxBodyBytes`. A
// Buffer left by `express.raw()` is used as is. A body that `express.json()`,
// `express.urlencoded()` or `express.text()` already consumed cannot be verified (its bytes are
// gone; re-serialising the parse gives other bytes): that is refused with
// WEBHOOK_INVALID_PAYLOAD (500, the server's setup), never verified against a guess.
import { WebhookVerificationError } from 'edgeward';
import { TOO_LARGE, concat, createGuard, declaredLength } from './guard.js';

export { DEFAULT_MAX_BODY_BYTES } from './guard.js';

const CONSUMED =
  'the request body was already consumed by a body parser (express.json(), express.text(), express.urlencoded()) before webhook(): ' +
  'its raw bytes are gone and a re-serialised body does not verify. Mount webhook() on the route before any body parser, ' +
  'or use express.raw({ type: "*/*" }) on it';

/** The raw body of `req`: the Buffer `express.raw()` left, or the stream read up to `limit`. */
function readRequest(req, limit) {
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body.length > limit ? TOO_LARGE : req.body);
  if (req._body === true || req.readableEnded || typeof req.body === 'string') {
    return Promise.reject(new WebhookVerificationError(CONSUMED, 'WEBHOOK_INVALID_PAYLOAD'));
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    let total = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        // The rest is not read: the reply closes the connection.
        req.pause();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(concat(chunks, total));
    };
    const onError = (error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * An Express middleware verifying webhook deliveries (Express 4 and 5). Options: `scheme`
 * (required) and `secret` (or `secrets`, newest first) or a ready `webhook`; `replayGuard`
 * (a `ReplayGuard`, a store, or `true` for an in-memory one); `schema` (validates the event);
 * `maxBodyBytes` (default 1 MiB); `rateLimit` (a `RateLimiter` or its options, keyed by client
 * IP); `allowlist` (an `IpAllowlist` or its entries); `trustedProxies` and `ipHeader` (how the
 * client IP is found behind your proxies, from the socket's peer: Express's `trust proxy` is
 * not read); `logger` (pino, console, or `(level, record, message) => void`).
 */
export function webhook(options) {
  const guard = createGuard(options);
  return function edgewardWebhook(req, res, next) {
    guard
      .check({
        headers: req.headers,
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value[0] : value;
        },
        peer: req.socket?.remoteAddress,
        contentLength: Buffer.isBuffer(req.body) ? undefined : declaredLength(req.headers['content-length']),
        readBody: (limit) => readRequest(req, limit),
      })
      .then((outcome) => {
        for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
        if (outcome.ok) {
          req.webhook = outcome.delivery;
          next();
          return;
        }
        // An unread body (refused before reading, or over the limit) is not drained.
        if (!req.readableEnded) res.setHeader('connection', 'close');
        res.statusCode = outcome.status;
        res.end(outcome.body);
      }, next);
  };
}

export default webhook;
