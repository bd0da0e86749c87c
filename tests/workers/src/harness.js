// Test routes shared by the example worker (full entry, `edgeward`) and the lean one
// (`edgeward/webhooks`): each is given the entry's exports, so both run the same vectors.

// Shared webhook vectors POSTed by the package tests, verified with `Webhook`.
export async function runVectors({ Webhook, WebhookVerificationError }, request) {
  const { cases } = await request.json();
  const hex = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
  return cases.map((c) => {
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
      const v = wh.verify(payload, headers, { now: c.now });
      return { ok: true, timestamp: v.timestamp, secret_index: v.secretIndex, ...(v.id === undefined ? {} : { id: v.id }) };
    } catch (error) {
      return { ok: false, code: error.code, isClass: error instanceof WebhookVerificationError };
    }
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
