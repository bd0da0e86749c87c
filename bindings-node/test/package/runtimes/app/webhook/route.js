// A Next.js edge route handler (`runtime = 'edge'`): `next build` bundles edgeward through its
// `edge-light` condition, the .wasm imported as a module.
import * as edgeward from 'edgeward';
import * as lean from 'edgeward/webhooks';
import { check } from '../../check-lib.js';

export const runtime = 'edge';

export async function GET() {
  return Response.json(check(edgeward, lean));
}

export async function POST(request) {
  const wh = new edgeward.Webhook(process.env.WEBHOOK_SECRET);
  const body = new Uint8Array(await request.arrayBuffer());
  try {
    return Response.json(wh.verify(body, request.headers.get('stripe-signature')));
  } catch (error) {
    if (!(error instanceof edgeward.WebhookVerificationError)) throw error;
    return Response.json({ code: error.code }, { status: 400 });
  }
}
