// Demo receiver in Node.js (native addon): POST /webhook with a Stripe-style signature header.
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError, backend } from '../bindings-node/lib/entries/node.js';

const webhook = new Webhook(process.env.WEBHOOK_SECRETS.split(' '));

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ runtime: `node (${backend})`, ...body }));
    };
    try {
      const { timestamp, secretIndex } = webhook.verify(Buffer.concat(chunks), request.headers['stripe-signature']);
      reply(200, { ok: true, timestamp, secretIndex });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      reply(400, { ok: false, code: error.code });
    }
  });
});

server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
