// A Cloudflare Worker that verifies webhook deliveries with edgeward (WASM).
// Used by the package tests and the demo; also a copy-paste starting point for users.
//   POST /webhook   Stripe-style deliveries (`stripe-signature`)
//   POST /standard  Standard Webhooks deliveries; replays refused through Workers KV (REPLAY_KV)
//   POST /github    GitHub deliveries; replays refused by an in-isolate ReplayGuard
import { Redactor, ReplayGuard, Webhook, WebhookVerificationError, backend } from 'edgeward';

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

async function runVectors(request) {
  const { cases } = await request.json();
  const hex = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
  return cases.map((c) => {
    try {
      const options = c.tolerance === undefined ? {} : { toleranceSeconds: c.tolerance };
      if (c.scheme !== undefined) options.scheme = c.scheme;
      if (c.secret_format === 'raw') options.secretFormat = 'raw';
      const wh = new Webhook(c.secrets, options);
      const payload = 'payload_json' in c ? c.payload_json : 'payload_text' in c ? c.payload_text : hex(c.payload_hex);
      let headers;
      if (c.headers) {
        const pairs = Object.entries(c.headers);
        if (c.header_fill) pairs.push([c.header_fill.name, c.header_fill.prefix + c.header_fill.repeat.repeat(c.header_fill.times)]);
        try {
          headers = new Headers(pairs); // what a Worker has
        } catch {
          headers = Object.fromEntries(pairs); // values fetch refuses (control characters)
        }
      } else {
        headers = c.header_fill
          ? c.header_fill.prefix + c.header_fill.repeat.repeat(c.header_fill.times)
          : (c.header ?? undefined);
      }
      const v = wh.verify(payload, headers, { now: c.now });
      return { ok: true, timestamp: v.timestamp, secret_index: v.secretIndex, ...(v.id === undefined ? {} : { id: v.id }) };
    } catch (error) {
      return { ok: false, code: error.code, isClass: error instanceof WebhookVerificationError };
    }
  });
}

// The shared redaction corpus records POSTed by the package tests, redacted inside workerd:
// `json` records as a native value and as JSON text, the others as text.
async function runRedactCorpus(request) {
  const { records } = await request.json();
  const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  return records.map((record) => {
    const options = { report: true };
    for (const [name, value] of Object.entries(record.options ?? {})) {
      if (name === 'hash_key_hex') options.hashKey = Uint8Array.from(value.match(/../g), (h) => parseInt(h, 16));
      else options[camel(name)] = value;
    }
    try {
      const r = new Redactor(options);
      if (record.kind === 'json') {
        const native = r.redact(record.input);
        const text = r.redactJson(JSON.stringify(record.input));
        return { value: native.value, report: native.report, text: text.value, textReport: text.report };
      }
      const method = { json_text: 'redactJson', ndjson: 'redactNdjson', text: 'redactText' }[record.kind];
      const { value, report } = r[method](record.input);
      return { value, report };
    } catch (error) {
      return { error: error.code ?? String(error) };
    }
  });
}

function rejected(error) {
  if (error instanceof WebhookVerificationError) {
    // 409 for a replay: the provider stops retrying only on 2xx, so answer 2xx instead if
    // duplicates of already-processed events should simply be dropped.
    const status = error.code === 'REPLAYED' ? 409 : 400;
    return Response.json({ ok: false, code: error.code, message: error.message }, { status });
  }
  throw error;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return Response.json({ backend });
    if (url.pathname === '/vectors') return Response.json(await runVectors(request));
    if (url.pathname === '/redact') return Response.json(await runRedactCorpus(request));
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
