// Secret hygiene, shared by the Node suite (bindings-node/test/secret-hygiene.test.mjs, native
// and WASM backends) and the Workers in workerd (the package test, full and lean entries):
// runs the whole shared corpus through an edgeward API object and searches everything a user
// could end up printing for the secrets the corpus holds.
//
// Printed things: every error's message, code, `String()`, stack, `JSON.stringify` and own
// properties; `String()`/`JSON.stringify` (and `util.inspect` where the host has it) of every
// object built with a secret (Webhook, Redactor, ReplayGuard, Validator) and of every result;
// and every console line written while the corpus runs (redacted outputs and errors are
// logged the way an application logs them).
//
// Needles: every secret of the webhook vectors (as text, as hex and base64 of its bytes; for
// `whsec_`/`whsk_`/`whpk_` secrets also the base64 part and the decoded key in hex and
// base64), every signature the vectors carry for genuine deliveries and every signature the
// library computes for each case with each of its secrets (the expected signatures), in hex and
// base64 forms, the redaction key (`hash_key_hex`), the corpus' planted tokens and the
// validation vectors' `message_excludes`. The Rust (core/tests/secret_hygiene.rs) and Python
// (bindings-python/tests/test_secret_hygiene.py) tests build the same needles.
//
// Web-standard JavaScript only (no `node:` imports): it is bundled into the test Workers.

/**
 * Needles shorter than this are not searched for: short values (a 4-digit PIN, `fakeA`)
 * occur by chance in ordinary text such as error messages and would only produce noise.
 */
export const MIN_NEEDLE_CHARS = 8;
/** A base64/hex run of a signature header shorter than this is not a signature (`v1=`, a timestamp). */
const MIN_SIGNATURE_RUN = 16;
const KEY_PREFIXES = ['whsec_', 'whsk_', 'whpk_'];

const utf8 = (text) => new TextEncoder().encode(text);
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text) =>
  typeof text === 'string' && text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text)
    ? Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16))
    : undefined;
const base64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const unpadded = (text) => text.replace(/=+$/, '');
const base64url = (bytes) => unpadded(base64(bytes)).replaceAll('+', '-').replaceAll('/', '_');

function fromBase64(text) {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const standard = unpadded(text).replaceAll('-', '+').replaceAll('_', '/');
  try {
    const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Maximal runs of base64/hex characters (with up to two trailing `=`) of a header value. */
export function signatureRuns(header) {
  return (header.match(/[A-Za-z0-9+/_-]+={0,2}/g) ?? []).filter((run) => run.length >= MIN_SIGNATURE_RUN);
}

/** A signature-carrying header (`stripe-signature`, `webhook-signature`, `x-shopify-hmac-sha256`, …). */
const isSignatureHeader = (name) => /signature|hmac/i.test(name);

export class Needles {
  constructor() {
    this.list = [];
    this.seen = new Set();
  }

  add(label, text, { ignoreCase = false, scope = null } = {}) {
    if (typeof text !== 'string' || [...text].length < MIN_NEEDLE_CHARS) return;
    const needle = ignoreCase ? text.toLowerCase() : text;
    const key = JSON.stringify([needle, ignoreCase, scope]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ label, text: needle, ignoreCase, scope });
  }

  /** Key or signature bytes in every encoding a message could show them in. */
  bytes(label, bytes) {
    this.add(`${label} (hex)`, hex(bytes), { ignoreCase: true });
    this.add(`${label} (base64)`, unpadded(base64(bytes)));
    this.add(`${label} (base64url)`, base64url(bytes));
  }

  secret(label, secret) {
    if (typeof secret !== 'string') return;
    this.add(label, secret);
    this.bytes(`${label} bytes`, utf8(secret));
    for (const prefix of KEY_PREFIXES) {
      if (!secret.startsWith(prefix)) continue;
      const encoded = secret.slice(prefix.length);
      this.add(`${label} base64 part`, encoded);
      this.add(`${label} base64 part`, unpadded(encoded));
      const key = fromBase64(encoded);
      if (key !== undefined) this.bytes(`${label} decoded key`, key);
    }
  }

  /** The signatures inside a signature header's value. */
  signatures(label, header) {
    if (typeof header !== 'string') return;
    for (const run of signatureRuns(header)) {
      this.add(label, run);
      this.add(label, unpadded(run));
      const bytes = fromHex(run) ?? fromBase64(run);
      if (bytes !== undefined) this.bytes(label, bytes);
    }
  }
}

/** Every needle found in every printed text, as readable lines. */
export function findLeaks(needles, hay) {
  const out = [];
  for (const { origin, text, scope } of hay) {
    const lower = text.toLowerCase();
    for (const n of needles.list) {
      if (n.scope !== null && scope !== null && n.scope !== scope) continue;
      if ((n.ignoreCase ? lower : text).includes(n.text)) {
        out.push(`${origin} shows ${n.label} \`${n.text}\`:\n    ${text.slice(0, 400)}`);
      }
    }
  }
  return out;
}

// --- the corpus' cases ------------------------------------------------------------------------

function fill(c) {
  return c.header_fill ? c.header_fill.prefix + c.header_fill.repeat.repeat(c.header_fill.times) : undefined;
}

function payloadOf(c) {
  if ('payload_json' in c) return c.payload_json;
  if ('payload_text' in c) return c.payload_text;
  return fromHex(c.payload_hex);
}

function webhookOptions(c) {
  const options = {};
  if (c.scheme !== undefined) options.scheme = c.scheme;
  if (c.secret_format === 'raw') options.secretFormat = 'raw';
  if (c.tolerance !== undefined) options.toleranceSeconds = c.tolerance;
  return options;
}

/** The request headers (a plain object, `header_fill` added), or the bare signature header. */
function headersOf(c) {
  if (c.headers) {
    const headers = { ...c.headers };
    if (c.header_fill) headers[c.header_fill.name] = fill(c);
    return headers;
  }
  return fill(c) ?? c.header ?? undefined;
}

function signatureHeaders(c) {
  const out = typeof c.header === 'string' ? [c.header] : [];
  for (const [name, value] of Object.entries(c.headers ?? {})) if (isSignatureHeader(name)) out.push(value);
  return out;
}

/** `now`, `timestamp` and any plain timestamp in the case's headers. */
function timestampsOf(c) {
  const out = new Set([c.now, c.timestamp].filter((t) => Number.isInteger(t)));
  const texts = [];
  const fromStripe = (value) => value.split(',').filter((p) => p.startsWith('t=')).map((p) => p.slice(2));
  if (typeof c.header === 'string') texts.push(...fromStripe(c.header));
  for (const [name, value] of Object.entries(c.headers ?? {})) {
    if (typeof value !== 'string') continue;
    if (name.toLowerCase().endsWith('timestamp')) texts.push(value);
    if (name.toLowerCase() === 'stripe-signature') texts.push(...fromStripe(value));
  }
  for (const t of texts) if (/^[0-9]{1,12}$/.test(t)) out.add(Number(t));
  return [...out];
}

function messageId(c) {
  for (const [name, value] of Object.entries(c.headers ?? {})) {
    if (/^(webhook|svix)-id$/i.test(name)) return value;
  }
  return c.id ?? 'msg_hygiene';
}

const CAMEL_LIMITS = {
  max_bytes: 'maxBytes',
  max_depth: 'maxDepth',
  max_string_bytes: 'maxStringBytes',
  max_object_keys: 'maxObjectKeys',
  max_array_items: 'maxArrayItems',
  allow_duplicate_keys: 'allowDuplicateKeys',
  allow_lossy_integers: 'allowLossyIntegers',
};
const camel = (name) => name.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());

export function validatorOptions(c) {
  const options = {};
  for (const [name, value] of Object.entries(c.options ?? {})) {
    if (name === 'limits') {
      options.limits = Object.fromEntries(Object.entries(value).map(([k, v]) => [CAMEL_LIMITS[k] ?? k, v]));
    } else options[camel(name)] = value;
  }
  return options;
}

function redactorOptions(record) {
  const options = { report: true };
  for (const [name, value] of Object.entries(record.options ?? {})) {
    if (name === 'hash_key_hex') options.hashKey = fromHex(value);
    else options[camel(name)] = value;
  }
  return options;
}

const fillParts = (parts) => parts.map((p) => ('text' in p ? p.text : p.repeat.repeat(p.times))).join('');

// --- the run ----------------------------------------------------------------------------------

/** A plain formatter for console arguments, where the host gives none (workerd). */
function plainFormat(...args) {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return `${a.stack ?? a} ${safeJson(a)}`;
      return safeJson(a) ?? String(a);
    })
    .join(' ');
}

function safeJson(value) {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v));
  } catch {
    return undefined;
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

/**
 * Runs the corpus (`{ stripe, schemes, redact, validate }`, the four JSON files parsed) through
 * `api` (an edgeward entry's exports). `inspect` (Node's `util.inspect`) and `format` (Node's
 * `util.format`) are used where the host has them. Returns counts and the leaks found.
 */
export function runHygiene(api, corpus, { inspect, format = plainFormat } = {}) {
  const needles = new Needles();
  const hay = [];
  let scope = null; // the redaction record whose output is being logged
  const counts = { webhookCases: 0, redactionRecords: 0, validationCases: 0, pathCases: 0, errors: 0, objects: 0, logLines: 0 };

  const printed = (origin, text) => {
    if (typeof text === 'string') hay.push({ origin, text, scope: null });
  };
  /** Every way a host shows an object. */
  const show = (origin, value) => {
    counts.objects += 1;
    printed(`${origin}: String()`, String(value));
    printed(`${origin}: JSON.stringify`, safeJson(value));
    if (inspect) {
      printed(`${origin}: inspect`, inspect(value));
      printed(`${origin}: inspect (showHidden, getters)`, inspect(value, { showHidden: true, getters: true, depth: 6 }));
    }
  };
  const showError = (origin, error) => {
    counts.errors += 1;
    printed(`${origin}: message`, error?.message);
    printed(`${origin}: code`, error?.code);
    printed(`${origin}: stack`, error?.stack);
    printed(`${origin}: own properties`, safeJson(Object.fromEntries(Object.entries(error ?? {}))));
    show(`${origin}: error`, error);
    // As an application logs it; not the case name, which the vectors choose freely.
    console.error('edgeward call failed:', error);
  };
  const attempt = (origin, work) => {
    try {
      return { ok: true, value: work() };
    } catch (error) {
      showError(origin, error);
      return { ok: false, error };
    }
  };

  // Capture the console while the corpus runs: what the application logs is printed too.
  const saved = CONSOLE_METHODS.map((m) => [m, console[m]]);
  for (const m of CONSOLE_METHODS) {
    console[m] = (...args) => {
      counts.logLines += 1;
      hay.push({ origin: `console.${m}`, text: format(...args), scope });
    };
  }
  try {
    for (const [file, vectors] of [['webhook_stripe.json', corpus.stripe], ['webhook_schemes.json', corpus.schemes]]) {
      webhooks(file, vectors);
    }
    redaction(corpus.redact);
    if (typeof api.Validator === 'function') validation(corpus.validate);
  } finally {
    for (const [m, fn] of saved) console[m] = fn;
  }

  function expectedSignatures(name, c) {
    const payload = payloadOf(c);
    if (payload === undefined || 'payload_json' in c) return;
    const options = webhookOptions(c);
    (c.secrets ?? []).forEach((secret, index) => {
      let signer;
      try {
        signer = new api.Webhook([secret], options);
      } catch {
        return; // an invalid secret: its construction error is shown below
      }
      for (const timestamp of timestampsOf(c)) {
        const signed = attempt(`${name}: sign with secret #${index}`, () => signer.sign(payload, { timestamp, id: messageId(c) }));
        if (!signed.ok) continue;
        const values = typeof signed.value === 'string'
          ? [signed.value]
          : Object.entries(signed.value).filter(([k]) => isSignatureHeader(k)).map(([, v]) => v);
        for (const v of values) needles.signatures(`${name}: expected signature #${index}`, v);
      }
    });
  }

  function webhooks(file, vectors) {
    for (const section of ['verify', 'sign', 'sign_errors', 'replay']) {
      for (const c of vectors[section] ?? []) {
        const name = `${file} ${section} ${c.name}`;
        counts.webhookCases += 1;
        (c.secrets ?? []).forEach((s, i) => needles.secret(`${name}: secret #${i}`, s));
        if (section === 'sign' || c.expect?.ok === true) {
          for (const h of signatureHeaders(c)) needles.signatures(`${name}: signature in the vector`, h);
        }
        expectedSignatures(name, c);
        const built = attempt(`${name}: new Webhook`, () => {
          if (section !== 'replay') return new api.Webhook(c.secrets, webhookOptions(c));
          const guard = new api.ReplayGuard({ maxEntries: c.max_entries });
          return new api.Webhook(c.secrets, { ...webhookOptions(c), replayGuard: guard });
        });
        if (!built.ok) continue;
        const wh = built.value;
        show(`${name}: Webhook`, wh);
        if (section === 'verify') {
          const verified = attempt(`${name}: verify`, () => wh.verify(payloadOf(c), headersOf(c), { now: c.now }));
          if (verified.ok) show(`${name}: result`, verified.value);
        } else if (section === 'sign' || section === 'sign_errors') {
          attempt(`${name}: sign`, () => wh.sign(payloadOf(c), { timestamp: c.timestamp, id: c.id }));
        } else {
          c.steps.forEach((step, i) => {
            const stepName = `${name} step ${i}`;
            const stepCase = { ...step, secrets: c.secrets, scheme: c.scheme };
            if (step.expect?.ok === true) {
              for (const h of signatureHeaders(step)) needles.signatures(`${stepName}: signature`, h);
            }
            expectedSignatures(stepName, stepCase);
            const verified = attempt(stepName, () => wh.verify(payloadOf(step), headersOf(step), { now: step.now }));
            if (verified.ok) show(`${stepName}: result`, verified.value);
          });
        }
      }
    }
    // A guard and a Webhook built with a guard, inspected on their own.
    show('ReplayGuard', new api.ReplayGuard({ maxEntries: 10 }));
  }

  function redaction(corpusRedact) {
    const records = corpusRedact.records;
    const shown = (r) => (typeof r.expected === 'string' ? r.expected : JSON.stringify(r.expected));
    // Tokens planted in one record but kept in another's output (PII redacted only by an
    // explicit path, say) are needles for their own record's output only.
    const keptElsewhere = (token, own) => records.some((r) => r.name !== own && shown(r).includes(token));
    for (const record of records) {
      for (const token of record.planted ?? []) {
        needles.add(`${record.name}: planted token`, token, { scope: keptElsewhere(token, record.name) ? record.name : null });
      }
      const key = record.options?.hash_key_hex;
      if (key !== undefined) {
        needles.add(`${record.name}: hash key`, key, { ignoreCase: true });
        needles.bytes(`${record.name}: hash key`, fromHex(key));
      }
    }
    for (const record of records) {
      const name = `redact ${record.name}`;
      counts.redactionRecords += 1;
      const built = attempt(`${name}: new Redactor`, () => new api.Redactor(redactorOptions(record)));
      if (!built.ok) continue;
      const r = built.value;
      show(`${name}: Redactor`, r);
      const runs = record.kind === 'json'
        ? [() => r.redact(record.input), () => r.redactJson(JSON.stringify(record.input))]
        : [() => r[{ json_text: 'redactJson', ndjson: 'redactNdjson', text: 'redactText' }[record.kind]](record.input)];
      for (const run of runs) {
        const out = attempt(`${name}: redact`, run);
        if (!out.ok) continue;
        show(`${name}: report`, out.value.report);
        // What an application logs: the redacted value.
        scope = record.name;
        console.log(out.value.value);
        console.info('event %s', typeof out.value.value === 'string' ? out.value.value : JSON.stringify(out.value.value));
        scope = null;
      }
      // Invalid JSON: the error quotes none of the input.
      const broken = attempt(`${name}: invalid JSON`, () => r.redactJson(`{"token": ${JSON.stringify(record.input)}`));
      if (broken.ok) throw new Error(`${name}: truncated JSON was accepted`);
    }
  }

  function validation(vectors) {
    for (const c of vectors.validate) {
      const name = `validate ${c.name}`;
      counts.validationCases += 1;
      if (c.expect.message_excludes !== undefined && c.options?.include_values !== true) {
        needles.add(`${name}: message_excludes`, c.expect.message_excludes);
      }
      const schema = typeof c.schema === 'string' ? vectors.schemas[c.schema] : c.schema;
      const built = attempt(`${name}: new Validator`, () => {
        const v = new api.Validator(schema, validatorOptions(c));
        void v.draft; // compiles (the facade defers compiling where randomness is refused)
        return v;
      });
      if (!built.ok) continue;
      const v = built.value;
      show(`${name}: Validator`, v);
      const texts = [];
      if ('document' in c) {
        const issues = attempt(`${name}: errors`, () => v.errors(c.document));
        if (issues.ok) show(`${name}: issues`, issues.value);
        attempt(`${name}: validate`, () => v.validate(c.document));
        texts.push(JSON.stringify(c.document));
      }
      if ('document_fill' in c) attempt(`${name}: validate`, () => v.validate(fillParts(c.document_fill)));
      if ('text' in c) texts.push(c.text);
      if ('text_hex' in c) texts.push(fromHex(c.text_hex));
      if ('text_fill' in c) texts.push(fillParts(c.text_fill));
      for (const text of texts) attempt(`${name}: validateJson`, () => v.validateJson(text));
    }
    for (const c of vectors.paths.segments) {
      counts.pathCases += 1;
      attempt('encodePathSegment', () => api.encodePathSegment(c.input));
    }
    for (const c of vectors.paths.templates) {
      counts.pathCases += 1;
      attempt('buildPath', () => api.buildPath(c.template, c.params));
    }
  }

  return { counts: { ...counts, needles: needles.list.length, printed: hay.length }, needles, leaks: findLeaks(needles, hay) };
}
