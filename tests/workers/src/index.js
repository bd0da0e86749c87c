// A Cloudflare Worker that verifies webhook deliveries with edgeward (WASM).
// Used by the package tests and the demo; also a copy-paste starting point for users.
//   POST /webhook   Stripe-style deliveries (`stripe-signature`)
//   POST /standard  Standard Webhooks deliveries; replays refused through Workers KV (REPLAY_KV)
//   POST /github    GitHub deliveries; replays refused by an in-isolate ReplayGuard
import * as edgeward from 'edgeward';
import { runCredentials, runEvents, runHeaderVectors, runHygieneRoute, runNetVectors, runOneValidation, runOneVector, runRedactCorpus, runVectors } from './harness.js';

const { ReplayGuard, Webhook, WebhookVerificationError, backend } = edgeward;

// Built once per isolate: the secrets' HMAC state is keyed once.
let webhook;
let standardWebhook;
let githubWebhook;

function verifier(env) {
  webhook ??= new Webhook(env.WEBHOOK_SECRETS.split(' '));
  return webhook;
}

/**
 * A replay store on Workers KV: `seen(key, ttlSeconds)` answers whether the delivery was
 * accepted before, and remembers it otherwise. KV is eventually consistent (two copies of a
 * delivery arriving within about a second, at different locations, may both pass); use a
 * Durable Object where that matters. KV's shortest expiration is 60 s.
 */
function kvReplayStore(kv) {
  return {
    async seen(key, ttlSeconds) {
      if ((await kv.get(key)) !== null) return true;
      await kv.put(key, '1', { expirationTtl: Math.max(60, ttlSeconds) });
      return false;
    },
  };
}

function standardVerifier(env) {
  standardWebhook ??= new Webhook(env.STANDARD_WEBHOOK_SECRET, {
    scheme: 'standard',
    replayGuard: kvReplayStore(env.REPLAY_KV),
  });
  return standardWebhook;
}

function githubVerifier(env) {
  // No timestamp in GitHub's scheme: remember deliveries for a day (per isolate).
  githubWebhook ??= new Webhook(env.GITHUB_WEBHOOK_SECRET, {
    scheme: 'github',
    toleranceSeconds: 86_400,
    replayGuard: new ReplayGuard({ maxEntries: 10_000 }),
  });
  return githubWebhook;
}

function rejected(error) {
  if (error instanceof WebhookVerificationError) {
    // 409 for a replay: the provider stops retrying only on 2xx, so answer 2xx instead if
    // duplicates of already-processed events should simply be dropped.
    const status = error.code === 'WEBHOOK_REPLAYED' ? 409 : 400;
    return Response.json({ ok: false, code: error.code, message: error.message }, { status });
  }
  throw error;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return Response.json({ backend });
    if (url.pathname === '/vectors') return Response.json(await runVectors(edgeward, request));
    if (url.pathname === '/header-vectors') return Response.json(await runHeaderVectors(edgeward, request));
    if (url.pathname === '/redact') return Response.json(await runRedactCorpus(edgeward, request));
    if (url.pathname === '/vector') return Response.json(await runOneVector(edgeward, request));
    if (url.pathname === '/validate-vector') return Response.json(await runOneValidation(edgeward, request));
    if (url.pathname === '/hygiene') return Response.json(await runHygieneRoute(edgeward, request));
    if (url.pathname === '/credentials') return Response.json(await runCredentials(edgeward, request));
    if (url.pathname === '/net') return Response.json(await runNetVectors(edgeward, request));
    if (url.pathname === '/events') return Response.json(await runEvents(edgeward, request));
    const body = await request.arrayBuffer();
    try {
      if (url.pathname === '/standard') {
        // Awaits the KV store: only a verified delivery reaches it.
        const { timestamp, secretIndex, id } = await standardVerifier(env).verifyAsync(body, request.headers);
        return Response.json({ ok: true, timestamp, secretIndex, id });
      }
      if (url.pathname === '/github') {
        const { secretIndex } = githubVerifier(env).verify(body, request.headers);
        return Response.json({ ok: true, secretIndex, event: request.headers.get('x-github-event') });
      }
      const { timestamp, secretIndex } = verifier(env).verify(body, request.headers.get('stripe-signature'));
      return Response.json({ ok: true, timestamp, secretIndex });
    } catch (error) {
      return rejected(error);
    }
  },
};
