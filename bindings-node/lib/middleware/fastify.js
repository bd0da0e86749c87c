// `edgeward/fastify`: a Fastify plugin verifying webhook deliveries on their raw bytes; the
// delivery (`{ event, timestamp, secretIndex, id, type }`) is `request.webhook`. Guards and
// replies: ./guard.js.
//
// The plugin is not encapsulated (like fastify-plugin): it changes the scope it is registered
// in. There it replaces every content-type parser with one that keeps the raw bytes as a
// Buffer (read up to `maxBodyBytes`), so no JSON parser touches the body before it verified.
// Register it in the scope of your webhook routes only:
//
//   app.register(async (scope) => {
//     await scope.register(webhook, { scheme: 'stripe', secret });
//     scope.post('/webhooks', async (request) => request.webhook.event);
//   });
//
// Order: the IP allowlist, the rate limit and a declared length over the limit answer in
// `onRequest`, before anything is read; the body is verified in `preValidation`.
import { TOO_LARGE, concat, createGuard, declaredLength } from './guard.js';

export { DEFAULT_MAX_BODY_BYTES } from './guard.js';

const ADMITTED = Symbol('edgeward.fastify.admitted');

function send(reply, outcome) {
  reply.headers(outcome.headers);
  return reply.code(outcome.status).send(outcome.body);
}

function headerOf(request) {
  return (name) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

/** The body stream read to the end, or `TOO_LARGE` once more than `limit` bytes arrived. */
function readPayload(payload, limit, done) {
  const chunks = [];
  let total = 0;
  let finished = false;
  const end = (error, value) => {
    if (finished) return;
    finished = true;
    payload.off('data', onData);
    payload.off('end', onEnd);
    payload.off('error', onError);
    done(error, value);
  };
  const onData = (chunk) => {
    total += chunk.length;
    if (total > limit) {
      payload.pause(); // the rest is not read: the reply closes the connection
      end(null, TOO_LARGE);
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => end(null, Buffer.from(concat(chunks, total)));
  const onError = (error) => end(error);
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
}

/**
 * The plugin: `app.register(webhook, options)`. Options as `edgeward/express`'s `webhook`:
 * `scheme` (required), `secret`/`secrets` or `webhook`, `replayGuard`, `schema`,
 * `maxBodyBytes` (default 1 MiB; Fastify's own `bodyLimit` does not apply to these routes),
 * `rateLimit`, `allowlist`, `trustedProxies`, `ipHeader`, `logger`.
 */
export async function webhook(scope, options) {
  const guard = createGuard(options);
  if (!scope.hasRequestDecorator('webhook')) scope.decorateRequest('webhook', null);
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (request, payload, done) => readPayload(payload, guard.maxBodyBytes, done));
  scope.addHook('onRequest', async (request, reply) => {
    const admitted = await guard.admit({
      headers: request.headers,
      header: headerOf(request),
      peer: request.raw.socket?.remoteAddress,
      contentLength: declaredLength(request.headers['content-length']),
    });
    if (!admitted.ok) {
      reply.header('connection', 'close'); // the body is never read
      return send(reply, admitted);
    }
    request[ADMITTED] = admitted;
    return undefined;
  });
  scope.addHook('preValidation', async (request, reply) => {
    // A request without a body (no content-type) never reached the parser: its body is empty.
    const body = request.body === undefined || request.body === null ? Buffer.alloc(0) : request.body;
    const outcome = await guard.finish(request[ADMITTED], body, request.headers);
    reply.headers(outcome.headers);
    if (!outcome.ok) {
      if (body === TOO_LARGE) reply.header('connection', 'close');
      return send(reply, outcome);
    }
    request.webhook = outcome.delivery;
    return undefined;
  });
}

// Like fastify-plugin: the parser and hooks apply to the scope that registers the plugin.
webhook[Symbol.for('skip-override')] = true;
webhook[Symbol.for('fastify.display-name')] = 'edgeward-webhook';

export default webhook;
