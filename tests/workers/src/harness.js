// Test routes shared by the example worker (full entry, `edgeward`) and the lean one
// (`edgeward/webhooks`): each is given the entry's exports, so both run the same vectors.

import { runHygiene, validatorOptions } from './hygiene.js';

// Shared webhook vectors POSTed by the package tests, verified with `Webhook`. With
// `?webcrypto`, through `verifyAsync` with WebCrypto computing every MAC (its size threshold
// set to 0), answering `{ results, macs }`: the verdicts and how many MACs WebCrypto computed.
export async function runVectors(api, request) {
  const { cases } = await request.json();
  if (!new URL(request.url).searchParams.has('webcrypto')) return cases.map((c) => verifyCase(api, c));
  const threshold = Symbol.for('edgeward.webhook.webCryptoFromBytes');
  const before = api.Webhook[threshold];
  const subtle = crypto.subtle;
  const sign = subtle.sign;
  let macs = 0;
  subtle.sign = function counted(...args) {
    macs += 1;
    return sign.apply(this, args);
  };
  api.Webhook[threshold] = 0;
  try {
    const results = [];
    for (const c of cases) results.push(await verifyCase(api, c, true));
    return { results, macs };
  } finally {
    api.Webhook[threshold] = before;
    subtle.sign = sign;
  }
}

/**
 * One shared webhook vector, verified with `Webhook` (`verifyAsync` when `async`, returning
 * a promise): the verdict, or the error's code.
 */
function verifyCase({ Webhook, WebhookVerificationError }, c, async = false) {
  const failed = (error) => ({ ok: false, code: error.code, isClass: error instanceof WebhookVerificationError });
  const verdict = (v) => ({ ok: true, timestamp: v.timestamp, secret_index: v.secretIndex, ...(v.id === undefined ? {} : { id: v.id }) });
  const hex = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
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
    if (async) return wh.verifyAsync(payload, headers, { now: c.now }).then(verdict, failed);
    return verdict(wh.verify(payload, headers, { now: c.now }));
  } catch (error) {
    return failed(error);
  }
}

// The shared header-shape vectors (tests/vectors/webhook_headers.json) POSTed as {cases}: each
// case's headers in every shape a Worker may hold them (fetch `Headers`, what `request.headers`
// is, then a plain object with case-variant keys and array values, pairs, a Map), verified with
// `Webhook`; answers, per case, the verdict of each shape.
export async function runHeaderVectors({ Webhook }, request) {
  const { cases } = await request.json();
  const text = (v) => (typeof v === 'string' ? v : v.prefix + v.repeat.repeat(v.times) + v.suffix);
  return cases.map((c) => {
    let pairs = c.headers;
    if (c.repeat_pair) {
      const { index, times } = c.repeat_pair;
      pairs = [...pairs.slice(0, index), ...Array(times).fill(pairs[index]), ...pairs.slice(index + 1)];
    }
    const groups = []; // [exact name, occurrences]; one exact name's pairs are contiguous
    for (const [name, value] of pairs) {
      const values = Array.isArray(value) ? value.map(text) : [text(value)];
      if (groups.at(-1)?.[0] === name) groups.at(-1)[1].push(...values);
      else groups.push([name, values]);
    }
    const flat = groups.flatMap(([name, values]) => values.map((value) => [name, value]));
    const single = ([name, values]) => [name, values.length === 1 ? values[0] : values];
    const shapes = { pairs: flat, object: Object.fromEntries(groups.map(single)), map: new Map(groups.map(single)) };
    try {
      const headers = new Headers();
      for (const [name, value] of flat) headers.append(name, value);
      shapes.fetch = headers;
    } catch {
      shapes.fetch = 'refused'; // non-ASCII names, values above U+00FF
    }
    const verdicts = {};
    for (const [shape, headers] of Object.entries(shapes)) {
      if (headers === 'refused') {
        verdicts[shape] = 'refused';
        continue;
      }
      try {
        const v = new Webhook(c.secrets, { scheme: c.scheme }).verify(c.payload_text, headers, { now: c.now });
        verdicts[shape] = { ok: true, timestamp: v.timestamp, secret_index: v.secretIndex, ...(v.id === undefined ? {} : { id: v.id }) };
      } catch (error) {
        verdicts[shape] = { ok: false, code: error.code ?? String(error) };
      }
    }
    return verdicts;
  });
}

// The shared redaction corpus records POSTed by the package tests, redacted inside workerd:
// `json` records as a native value and as JSON text, the others as text.
export async function runRedactCorpus({ Redactor }, request) {
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
      return { error: error.code ?? String(error), message: error.message };
    }
  });
}

// Requests served by this isolate, and its id (made at the first request: Workers refuse
// randomness at global scope). A restarted isolate starts again from 1 under a new id.
let served = 0;
let isolate;

function counted(result) {
  served += 1;
  isolate ??= crypto.randomUUID();
  return { served, isolate, result };
}

// One webhook vector per request (POST {case}): the package test interleaves every failing
// vector with a genuine delivery, on the same isolate and WASM instance.
export async function runOneVector(api, request) {
  return counted(verifyCase(api, (await request.json()).case));
}

// One validation vector per request (POST {case, schemas}): the verdict, or the error's code.
export async function runOneValidation({ Validator }, request) {
  const { case: c, schemas } = await request.json();
  const fill = (parts) => parts.map((p) => ('text' in p ? p.text : p.repeat.repeat(p.times))).join('');
  try {
    const validator = new Validator(typeof c.schema === 'string' ? schemas[c.schema] : c.schema, validatorOptions(c));
    let valid;
    if ('document' in c) valid = validator.isValid(c.document);
    else if ('document_fill' in c) valid = validator.isValid(fill(c.document_fill));
    else {
      const text = 'text' in c ? c.text : 'text_fill' in c ? fill(c.text_fill) : Uint8Array.from(c.text_hex.match(/../g) ?? [], (h) => parseInt(h, 16));
      try {
        validator.validateJson(text);
        valid = true;
      } catch (error) {
        if (error.code !== 'VALIDATION_FAILED') throw error;
        valid = false;
      }
    }
    return counted({ ok: true, valid });
  } catch (error) {
    return counted({ ok: false, code: error.code ?? String(error) });
  }
}

// Secret hygiene (tests/workers/src/hygiene.js): the whole corpus POSTed as
// {stripe, schemes, redact, validate} runs inside workerd; answers the counts and the leaks.
export async function runHygieneRoute(api, request) {
  const { counts, leaks, needles } = runHygiene(api, await request.json());
  return { counts, leaks, expectedSignatures: needles.list.filter((n) => n.label.includes('expected signature')).length };
}

// Credential operations POSTed by the package tests and run inside workerd: OAuth state issued
// and verified, tokens sealed and opened, Fernet tokens made and read, so that tokens cross
// between workerd, Node and Python in both directions. Each op answers its result or its code.
export async function runCredentials(api, request) {
  const { ops } = await request.json();
  const bytes = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  const toHex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');
  return ops.map((op) => {
    try {
      switch (op.op) {
        case 'issue':
          return { token: new api.OAuthState(op.secrets).issue({ session: op.session, verifier: op.verifier, returnTo: op.returnTo, now: op.now }) };
        case 'verify': {
          const v = new api.OAuthState(op.secrets).verify(op.token, { session: op.session, now: op.now });
          return { verifier: v.verifier ?? null, returnTo: v.returnTo ?? null, issuedAt: v.issuedAt };
        }
        case 'seal':
          return { token: new api.Sealer(op.keys).seal(bytes(op.plaintext_hex), { aad: bytes(op.aad_hex ?? ''), now: op.now }) };
        case 'open':
          return { hex: toHex(new api.Sealer(op.keys).open(op.token, { aad: bytes(op.aad_hex ?? ''), now: op.now, maxAgeSeconds: op.max_age_seconds })) };
        case 'fernet-encrypt':
          return { token: new api.Fernet(op.key).encrypt(bytes(op.plaintext_hex), { now: op.now }) };
        case 'fernet-decrypt':
          return { hex: toHex(new api.Fernet(op.key).decrypt(op.token, { ttlSeconds: op.ttl_seconds, now: op.now })) };
        case 'challenge':
          return { challenge: api.codeChallengeS256(op.verifier), generated: api.generateCodeVerifier().length };
        default:
          return { code: 'UNKNOWN_OP' };
      }
    } catch (error) {
      return { code: error.code ?? String(error), isEdgeward: error instanceof api.EdgewardError };
    }
  });
}

// The shared network-guard vectors (tests/vectors/net_*.json) POSTed by the package tests,
// answered inside workerd; request headers are built as the Worker's own `Headers`.
export async function runNetVectors({ IpAllowlist, clientIp, NetworkError }, request) {
  const { ip, allowlist, client } = await request.json();
  const attempt = (fn) => {
    try {
      return { ok: true, value: fn() };
    } catch (error) {
      return { ok: false, code: error.code, isClass: error instanceof NetworkError };
    }
  };
  const everything = new IpAllowlist(['0.0.0.0/0', '::/0']);
  const headersOf = (byName) => {
    const headers = new Headers();
    for (const [name, values] of Object.entries(byName)) for (const value of values) headers.append(name, value);
    return headers;
  };
  return {
    addresses: ip.addresses.map((c) => attempt(() => [everything.allows(c.input), clientIp({ peer: c.input }).ip])),
    ranges: ip.ranges.map((c) => attempt(() => new IpAllowlist([c.input], { allowHostBits: c.allowHostBits === true }).size)),
    allowlists: allowlist.cases.map((c) => {
      const list = new IpAllowlist(c.entries, { allowHostBits: c.allowHostBits === true });
      return Object.keys(c.allows).map((address) => list.allows(address));
    }),
    clientIps: client.cases.map((c) =>
      attempt(() => clientIp({ peer: c.peer, headers: headersOf(c.headers), trustedProxies: c.trusted, ...c.options })),
    ),
  };
}

/**
 * Verified events inside workerd (issue 15): each case of webhook_events.json through
 * `verifyEvent` with the Worker's own Headers, one delivery through a `WebhookRouter`, and
 * `wrapConsole` over a console whose output is kept.
 */
export async function runEvents({ Redactor, Webhook, WebhookRouter, WebhookHandlerError }, request) {
  const { cases, withSchemas } = await request.json();
  const headersOf = (byName) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(byName)) for (const one of [value].flat()) headers.append(name, one);
    return headers;
  };
  const results = [];
  for (const c of cases) {
    const options = { now: c.now };
    if (c.schema !== undefined && withSchemas) options.schema = c.schema;
    if (c.options?.max_bytes !== undefined) options.maxBytes = c.options.max_bytes;
    try {
      // A body that is not UTF-8 (payload_base64) travels as bytes.
      const body = 'payload_base64' in c ? Uint8Array.from(atob(c.payload_base64), (ch) => ch.charCodeAt(0)) : c.payload_text;
      const d = await new Webhook(c.secrets, { scheme: c.scheme }).verifyEventAsync(body, headersOf(c.headers), options);
      results.push({ ok: true, event: d.event, type: d.type, id: d.id, inner_type: d.innerType, timestamp: d.timestamp, secret_index: d.secretIndex });
    } catch (error) {
      results.push({ ok: false, code: error.code });
    }
  }
  const [first] = cases;
  const router = new WebhookRouter(new Webhook(first.secrets, { scheme: first.scheme })).on('*', () => {
    throw new Error('handler failed');
  });
  let routed;
  try {
    await router.handle(first.payload_text, headersOf(first.headers), { now: first.now });
  } catch (error) {
    routed = { wrapped: error instanceof WebhookHandlerError, cause: error.cause?.message };
  }
  const printed = [];
  const target = { log: (...args) => printed.push(args), error: (...args) => printed.push(args) };
  const restore = new Redactor().wrapConsole(target);
  target.log('token %s', 'Bearer q8ZlW3nR5tYp0vXs7bKd2mJf', { password: 'hunter2' });
  target.error(new Error('key sk_live_0000000000000000000000000'));
  restore();
  target.log('after restore');
  return { results, routed, printed };
}
