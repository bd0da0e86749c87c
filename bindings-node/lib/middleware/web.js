// `edgeward/web`: `webhook(options, handler)` turns a handler of verified deliveries into a
// Web-standard `(request, ...rest) => Promise<Response>`: a Next.js route handler (`export
// const POST = ...`), a Remix action, a SvelteKit endpoint, a Worker's `fetch`. Guards and
// replies: ./guard.js.
//
// The raw body: `request.arrayBuffer()` when the request declares its length (within
// `maxBodyBytes`), else the stream read up to the limit; never `request.json()`. The client
// address (for `allowlist` and `rateLimit`): `CF-Connecting-IP` in Workers; elsewhere a Request
// carries none, so give `clientAddress(request, ...rest)` (e.g. Remix/SvelteKit's
// `getClientAddress()`, or your platform's header), else the address is unknown (refused by
// an allowlist, one shared bucket for the rate limit).
import { checkWebRequest, guardSource, workerPeer } from './guard.js';

export { DEFAULT_MAX_BODY_BYTES } from './guard.js';

/**
 * `options`: as `edgeward/express`'s `webhook` (`scheme`, `secret`/`secrets`, `replayGuard`,
 * `schema`, `maxBodyBytes`, `rateLimit`, `allowlist`, `trustedProxies`, `ipHeader`, `logger`)
 * plus `clientAddress`, or a function `(request, ...rest) => options` (Workers: secrets from
 * `env`); the guard is built once per distinct answer. `handler(request, delivery, ...rest)`
 * answers the Response for a verified delivery (`delivery.event`, `timestamp`, `secretIndex`,
 * `id`, `type`); rate limit headers are added to it.
 */
export function webhook(options, handler) {
  if (typeof handler !== 'function') throw new TypeError('webhook(options, handler): handler must be a function');
  let clientAddress;
  let source = options;
  if (options !== null && typeof options === 'object' && 'clientAddress' in options) {
    ({ clientAddress, ...source } = options);
  }
  const guardFor = guardSource(source);
  return async function edgewardWebhook(request, ...rest) {
    const guard = guardFor(request, ...rest);
    const peer = clientAddress !== undefined ? await clientAddress(request, ...rest) : workerPeer(request.headers);
    const outcome = await checkWebRequest(guard, request, peer);
    if (!outcome.ok) return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
    const response = await handler(request, outcome.delivery, ...rest);
    const extra = Object.entries(outcome.headers);
    if (extra.length === 0) return response;
    // A Response's headers may be immutable (Response.redirect, a fetch's answer): copy it.
    const out = new Response(response.body, response);
    for (const [name, value] of extra) out.headers.set(name, value);
    return out;
  };
}

export default webhook;
