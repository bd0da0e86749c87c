// A Cloudflare Worker that verifies Stripe-style webhook deliveries with edgeward (WASM).
// Used by the package tests and the demo; also a copy-paste starting point for users.
import { Webhook, WebhookVerificationError, backend } from 'edgeward';

let webhook; // built once per isolate: the secrets' HMAC state is keyed once

function verifier(env) {
  webhook ??= new Webhook(env.WEBHOOK_SECRETS.split(' '));
  return webhook;
}

async function runVectors(request) {
  const { cases } = await request.json();
  const hex = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
  return cases.map((c) => {
    try {
      const wh = new Webhook(c.secrets, c.tolerance === undefined ? {} : { toleranceSeconds: c.tolerance });
      const payload = 'payload_json' in c ? c.payload_json : 'payload_text' in c ? c.payload_text : hex(c.payload_hex);
      const header = c.header_fill
        ? c.header_fill.prefix + c.header_fill.repeat.repeat(c.header_fill.times)
        : (c.header ?? undefined);
      const v = wh.verify(payload, header, { now: c.now });
      return { ok: true, timestamp: v.timestamp, secret_index: v.secretIndex };
    } catch (error) {
      return { ok: false, code: error.code, isClass: error instanceof WebhookVerificationError };
    }
  });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return Response.json({ backend });
    if (url.pathname === '/vectors') return Response.json(await runVectors(request));
    const body = await request.arrayBuffer();
    try {
      const { timestamp, secretIndex } = verifier(env).verify(body, request.headers.get('stripe-signature'));
      return Response.json({ ok: true, timestamp, secretIndex });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        return Response.json({ ok: false, code: error.code, message: error.message }, { status: 400 });
      }
      throw error;
    }
  },
};
