// The cost of edgeward/express over calling `verify` in an Express handler, on a 4 KiB
// delivery, over loopback HTTP (keep-alive, CONCURRENCY requests in flight):
//   direct:     express.raw() + webhook.verify(req.body, header) + JSON.parse(req.body)
//   middleware: webhook({ scheme, secret }) (reads the raw body, verifies, parses in the core)
// Both servers run in this process with the client; rounds alternate so both see the same
// machine. Prints requests/s of each and the ratio (target: the middleware costs ≤ 10%).
// Run: node bench/node/middleware.mjs   (after `npm run build` in bindings-node)
//      EDGEWARD_BACKEND=wasm node bench/node/middleware.mjs
import { Agent, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import express from '../../bindings-node/node_modules/express/index.js';
import { Webhook, backend } from '../../bindings-node/lib/entries/node.js';
import { webhook } from '../../bindings-node/lib/middleware/express.js';

const SECRET = 'whsec_bench_middleware_5a7d3f0c1b2e4d6f';
const SIZE = 4096;
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const CONCURRENCY = 16;

const filler = randomBytes(SIZE).toString('base64');
const payload = Buffer.from(JSON.stringify({ id: 'evt_bench', type: 'bench', data: filler.slice(0, SIZE - 42) }));
const verifier = new Webhook(SECRET);

const direct = express();
direct.post('/hook', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
  try {
    verifier.verify(req.body, req.headers['stripe-signature']);
  } catch {
    res.status(400).end();
    return;
  }
  const event = JSON.parse(req.body);
  res.json({ received: event.id });
});

const middleware = express();
middleware.post('/hook', webhook({ scheme: 'stripe', secret: SECRET }), (req, res) => {
  res.json({ received: req.webhook.event.id });
});

function listen(app) {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port, header) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/hook', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length, 'stripe-signature': header } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Requests per second over REQUESTS requests, CONCURRENCY at a time, and this process's CPU
 * time per request in µs (client and server both run here: on a loaded machine the CPU time
 * is the steadier measure, since waiting for a core is not counted).
 */
async function round(port) {
  const header = verifier.sign(payload);
  let next = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next += 1;
        await post(port, header);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { rate: REQUESTS / seconds, cpuMicros: (used.user + used.system) / REQUESTS };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const servers = [await listen(direct), await listen(middleware)];
const [directPort, middlewarePort] = servers.map((s) => s.address().port);
await round(directPort); // warm-up
await round(middlewarePort);
const results = { direct: [], middleware: [] };
for (let i = 0; i < ROUNDS; i++) {
  results.direct.push(await round(directPort));
  results.middleware.push(await round(middlewarePort));
}
const d = median(results.direct.map((r) => r.rate));
const m = median(results.middleware.map((r) => r.rate));
const dc = median(results.direct.map((r) => r.cpuMicros));
const mc = median(results.middleware.map((r) => r.cpuMicros));
console.log(`backend ${backend}, ${payload.length}-byte delivery, ${REQUESTS} requests x ${ROUNDS} rounds, ${CONCURRENCY} in flight (medians)`);
console.log(`direct verify in a handler: ${d.toFixed(0)} req/s, ${dc.toFixed(0)} µs CPU/request`);
console.log(`edgeward/express webhook(): ${m.toFixed(0)} req/s, ${mc.toFixed(0)} µs CPU/request`);
console.log(`middleware cost: ${((d / m - 1) * 100).toFixed(1)}% by throughput, ${((mc / dc - 1) * 100).toFixed(1)}% by CPU time per request`);
agent.destroy();
for (const s of servers) s.close();
