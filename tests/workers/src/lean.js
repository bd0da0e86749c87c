// The lean entry (`edgeward/webhooks`: webhooks and redaction, no validation, a WASM module
// a ninth of the full one). The package tests bundle and serve it beside the example worker.
import * as lean from 'edgeward/webhooks';
import { runEvents, runHeaderVectors, runHygieneRoute, runNetVectors, runOneVector, runRedactCorpus, runVectors } from './harness.js';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return Response.json({ backend: lean.backend, exports: Object.keys(lean).sort() });
    if (url.pathname === '/vectors') return Response.json(await runVectors(lean, request));
    if (url.pathname === '/header-vectors') return Response.json(await runHeaderVectors(lean, request));
    if (url.pathname === '/redact') return Response.json(await runRedactCorpus(lean, request));
    if (url.pathname === '/vector') return Response.json(await runOneVector(lean, request));
    if (url.pathname === '/hygiene') return Response.json(await runHygieneRoute(lean, request));
    if (url.pathname === '/net') return Response.json(await runNetVectors(lean, request));
    if (url.pathname === '/events') return Response.json(await runEvents(lean, request));
    return new Response('not found', { status: 404 });
  },
};
