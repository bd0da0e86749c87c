// The middleware entries' declarations (edgeward/express, /fastify, /hono, /web), compiled by
// `tsc -p test/types` through the package's "exports".
import { webhook as expressWebhook, DEFAULT_MAX_BODY_BYTES } from 'edgeward/express';
import { webhook as fastifyWebhook } from 'edgeward/fastify';
import { webhook as honoWebhook } from 'edgeward/hono';
import { webhook as webWebhook } from 'edgeward/web';
import type { WebhookDelivery, WebhookMiddlewareOptions } from 'edgeward/web';
import { ReplayGuard, httpStatus } from 'edgeward';

const options: WebhookMiddlewareOptions = { scheme: 'stripe', secrets: ['whsec_a', 'whsec_b'], replayGuard: new ReplayGuard(), maxBodyBytes: DEFAULT_MAX_BODY_BYTES, logger: console };
const onExpress = expressWebhook(options);
void onExpress;
void fastifyWebhook;
const onHono = honoWebhook((c) => ({ scheme: 'github', secret: String(c.env.SECRET) }));
void onHono;
const POST: (request: Request) => Promise<Response> = webWebhook({ ...options, clientAddress: (request) => request.headers.get('x-real-ip') }, async (request, delivery: WebhookDelivery) => {
  const index: number = delivery.secretIndex;
  return Response.json({ index, type: delivery.type ?? null });
});
void POST;
const status: number = httpStatus('WEBHOOK_REPLAYED');
void status;
