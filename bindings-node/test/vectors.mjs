// Reads the shared cross-language vectors (tests/vectors/) the same way every runtime does.
import { readFileSync } from 'node:fs';

export function loadVectors(name) {
  return JSON.parse(readFileSync(new URL(`../../tests/vectors/${name}`, import.meta.url), 'utf8'));
}

export function payloadOf(c) {
  if ('payload_json' in c) return c.payload_json;
  if ('payload_text' in c) return c.payload_text;
  return Buffer.from(c.payload_hex, 'hex');
}

export function headerOf(c) {
  if (c.header_fill) return c.header_fill.prefix + c.header_fill.repeat.repeat(c.header_fill.times);
  return c.header ?? undefined;
}

export function optionsOf(c) {
  const options = {};
  if (c.tolerance !== undefined) options.toleranceSeconds = c.tolerance;
  if (c.retention !== undefined) options.retentionSeconds = c.retention;
  return options;
}
