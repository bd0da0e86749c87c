// Runs the secret hygiene corpus (tests/workers/src/hygiene.js) in a process of its own, so
// that the parent test (secret-hygiene.test.mjs) also sees what reaches the process's stdout
// and stderr below the console (a native panic message, say). Prints one JSON line: the
// counts, the leaks found in what was printed, and the needles, for the parent's own search.
import { readFileSync } from 'node:fs';
import { format, inspect } from 'node:util';
import { runHygiene } from '../../tests/workers/src/hygiene.js';

const read = (path) => JSON.parse(readFileSync(new URL(`../../tests/${path}`, import.meta.url), 'utf8'));
const corpus = {
  stripe: read('vectors/webhook_stripe.json'),
  schemes: read('vectors/webhook_schemes.json'),
  redact: read('redact/corpus.json'),
  validate: read('validate/vectors.json'),
};
const entry = process.argv[2] ?? 'edgeward';
const api = await import(entry);
const { counts, leaks, needles } = runHygiene(api, corpus, { inspect, format });
process.stdout.write(`${JSON.stringify({ backend: api.backend, counts, leaks, needles: needles.list })}\n`);
