// The demo: a local sender signs deliveries and posts them over HTTP on loopback to three
// receivers — Node.js (native addon), Python, and a Worker in workerd (WASM) — and prints
// each runtime's verdicts. They must agree; the exit code says whether they did.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Webhook } from '../bindings-node/lib/entries/node.js';
import { bundleWorker, freshProject, serveWorker } from '../bindings-node/scripts/worker.mjs';

const SECRETS = 'whsec_demo_current_5f2a9c1e whsec_demo_previous_3b7d0e4a';
const python = process.env.PYTHON ?? '.venv/bin/python';

async function startServer(command, args) {
  const child = spawn(command, args, {
    env: { ...process.env, WEBHOOK_SECRETS: SECRETS, EDGEWARD_BACKEND: 'native' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { url: `http://127.0.0.1:${JSON.parse(line).port}`, stop: () => child.kill() };
}

const root = new URL('..', import.meta.url).pathname;
const receivers = {
  'node (native)': await startServer(process.execPath, [`${root}demo/node-server.mjs`]),
  python: await startServer(python, [`${root}demo/python_server.py`]),
};
const { project } = freshProject();
const worker = await serveWorker(bundleWorker(project).outdir, { WEBHOOK_SECRETS: SECRETS });
receivers['workerd (wasm)'] = { url: worker.url, stop: () => worker.dispose() };

const body = Buffer.from(JSON.stringify({ id: 'evt_demo', type: 'payment_intent.succeeded', amount: 4200 }));
const sender = new Webhook('whsec_demo_current_5f2a9c1e');
const now = Math.floor(Date.now() / 1000);
const deliveries = [
  ['genuine', body, sender.sign(body, { timestamp: now })],
  ['signed with previous secret', body, new Webhook('whsec_demo_previous_3b7d0e4a').sign(body, { timestamp: now })],
  ['tampered body', Buffer.from(body.toString().replace('4200', '999999')), sender.sign(body, { timestamp: now })],
  ['stale (1 hour old)', body, sender.sign(body, { timestamp: now - 3600 })],
  ['wrong secret', body, new Webhook('whsec_attacker_8c6e1f2d9a').sign(body, { timestamp: now })],
];

const names = Object.keys(receivers);
const verdict = (r) => (r.ok ? `accepted (secret #${r.secretIndex})` : `rejected ${r.code}`);
console.log(`\n${'delivery'.padEnd(30)}${names.map((n) => n.padEnd(40)).join('')}`);
let agree = true;
try {
  for (const [name, payload, header] of deliveries) {
    const results = [];
    for (const receiver of Object.values(receivers)) {
      const response = await fetch(`${receiver.url}/webhook`, {
        method: 'POST',
        body: payload,
        headers: { 'stripe-signature': header, 'content-type': 'application/json' },
      });
      results.push(verdict(await response.json()));
    }
    agree &&= results.every((r) => r === results[0]);
    console.log(`${name.padEnd(30)}${results.map((r) => r.padEnd(40)).join('')}`);
  }
} finally {
  for (const receiver of Object.values(receivers)) await receiver.stop();
}
console.log(agree ? '\nAll three runtimes agree.' : '\nRUNTIMES DISAGREE');
process.exit(agree ? 0 : 1);
