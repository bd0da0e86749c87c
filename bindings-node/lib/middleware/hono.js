// `edgeward/hono`: `webhook(options)`, a Hono middleware (Workers, Node, Bun, Deno) verifying
// a delivery on its raw bytes; the delivery (`{ event, timestamp, secretIndex, id, type }`) is
// `c.get('webhook')` (and `c.var.webhook`). Guards and replies: ./guard.js.
//
// The raw body: `c.req.arrayBuffer()` when the request declares its length (within
// `maxBodyBytes`), else the stream read up to the limit. The client address: the socket's
// peer under @hono/node-server (`c.env.incoming`), `CF-Connecting-IP` in Workers.
import { checkWebRequest, guardSource, workerPeer } from './guard.js';

export { DEFAULT_MAX_BODY_BYTES } from './guard.js';

/**
 * The middleware. `options`: as `edgeward/express`'s `webhook` (`scheme`, `secret`/`secrets`,
 * `replayGuard`, `schema`, `maxBodyBytes`, `rateLimit`, `allowlist`, `trustedProxies`,
 * `ipHeader`, `logger`), or a function `(c) => options` for secrets from `c.env` (Workers):
 * the guard is built once per distinct answer.
 */
export function webhook(options) {
  const guardFor = guardSource(options);
  return async function edgewardWebhook(c, next) {
    const guard = guardFor(c);
    const request = c.req.raw;
    const peer = c.env?.incoming?.socket?.remoteAddress ?? workerPeer(request.headers);
    const outcome = await checkWebRequest(guard, request, peer, () => c.req.arrayBuffer());
    if (!outcome.ok) return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
    c.set('webhook', outcome.delivery);
    await next();
    for (const [name, value] of Object.entries(outcome.headers)) c.res.headers.set(name, value);
    return undefined;
  };
}

export default webhook;
