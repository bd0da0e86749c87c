import type { ValidationIssue } from './errors.js';

/** JSON Schema drafts; draft 2020-12 is the default, draft 7 is chosen by `$schema` or here. */
export type Draft = 'draft2020-12' | 'draft2019-09' | 'draft7' | 'draft6' | 'draft4';

/** Limits checked while parsing JSON text (and, except `maxBytes`, on native values). */
export interface ValidationLimits {
  /** Longest accepted JSON text, in bytes (`validateJson` only). Default 1 MiB. */
  maxBytes?: number;
  /** Deepest accepted nesting of arrays and objects (a top-level `[]` is depth 1). Default 128, at most 512. */
  maxDepth?: number;
  /** Longest accepted string or object key, in UTF-8 bytes. Default 1 MiB. */
  maxStringBytes?: number;
  /** Most keys in one object. Default 10,000. */
  maxObjectKeys?: number;
  /** Most items in one array. Default 100,000. */
  maxArrayItems?: number;
  /** Accept JSON text that repeats an object key (the last one wins). Default false: refused, a classic filter bypass. */
  allowDuplicateKeys?: boolean;
  /** Accept integers beyond the 64-bit range as (rounded) doubles. Default false: refused with `VALIDATION_LIMIT_EXCEEDED`. */
  allowLossyIntegers?: boolean;
}

export interface ValidatorOptions {
  /** Overrides the schema's `$schema`. Default: `$schema`, else draft 2020-12. */
  draft?: Draft;
  /** Assert `format` (email, idn-email, uuid, date-time, date, time, ipv4, ipv6, hostname, idn-hostname, uri, …). Default true. */
  assertFormats?: boolean;
  /**
   * What a `format` name the draft does not define (and `formats` does not register) does,
   * anywhere in the schema: `"error"` (the default) refuses the schema with `SchemaError`
   * naming the format and where, so a misspelt name cannot silently check nothing;
   * `"ignore"` leaves it unchecked. Not consulted when `assertFormats` is false.
   */
  unknownFormats?: 'error' | 'ignore';
  /**
   * Custom formats: name to a pattern (the `regex` crate's syntax, linear time, no
   * look-around) that the whole string must match, e.g. `{ 'x-sku': '[A-Z]{3}-[0-9]{4}' }`.
   * A built-in format of the draft cannot be replaced; an invalid pattern throws
   * `ValidationError` with code `VALIDATION_INVALID_OPTIONS`.
   */
  formats?: Record<string, string>;
  /** Quote the offending value in issue messages. Default false: values may be secrets. */
  includeValues?: boolean;
  /** Extra schemas `$ref` may name, by URI. Nothing else is ever resolved, and nothing is fetched. */
  resources?: Record<string, unknown>;
  limits?: ValidationLimits;
}

/**
 * A compiled JSON Schema: compile once, validate many. Throws `SchemaError` for an invalid
 * schema (naming where), `ValidationError` with code `VALIDATION_INVALID_OPTIONS` for unusable
 * options.
 *
 * Native values are validated as `JSON.stringify` serialises them: `1.0` is the integer 1,
 * `toJSON` is honoured (a `Date` is its ISO string), `undefined` properties are left out,
 * `NaN` and `Infinity` are `null`, and a `BigInt` is an exact integer. A cycle or nesting
 * beyond `maxDepth` fails with `ValidationError` code `VALIDATION_LIMIT_EXCEEDED`, as in every method.
 *
 * On Cloudflare Workers, a validator built in the global scope (where Workers allow no
 * randomness, which the schema compiler's hash maps need for their seed) compiles on first
 * use instead, inside a handler: an invalid schema then throws `SchemaError` from that call.
 *
 * `T` is the type your schema describes; nothing checks that it matches the schema.
 */
export class Validator<T = unknown> {
  constructor(schema: object | boolean, options?: ValidatorOptions);
  /** The draft the schema is interpreted under. */
  readonly draft: Draft;
  /** Whether `value` matches. Throws `ValidationError` (`VALIDATION_LIMIT_EXCEEDED`, `VALIDATION_INVALID_JSON`) for a value over the limits or without a JSON form. */
  isValid(value: unknown): value is T;
  /** Every issue of `value`; empty when it matches. Issues never quote the value unless `includeValues` is set. */
  errors(value: unknown): ValidationIssue[];
  /** Throws `ValidationError` (code `VALIDATION_FAILED`, `.errors` listing every issue) unless `value` matches. */
  validate(value: unknown): asserts value is T;
  /**
   * Parses a raw body under the limits, validates it and returns the parsed value. Throws
   * `ValidationError`: `VALIDATION_LIMIT_EXCEEDED` or `VALIDATION_INVALID_JSON` before any validation (duplicate
   * keys, bad UTF-8, lone surrogates, a byte order mark), else `VALIDATION_FAILED`.
   *
   * Integers beyond `Number.MAX_SAFE_INTEGER` (2^53 − 1), up to the 64-bit range, come back
   * as exact `BigInt`s; every other number is a `number`. (With `allowLossyIntegers`, larger
   * integers are `number`s, rounded.) `T` should allow `bigint` where such ids may occur.
   */
  validateJson(text: string | Uint8Array | ArrayBuffer | ArrayBufferView): T;
}

/**
 * Percent-encodes one URL path segment: every byte outside `A-Z a-z 0-9 - . _ ~`, so the value
 * cannot end its segment or start a query. Throws `PathError` (`PATH_INVALID`) for `""`, `.`,
 * `..` and segments over 4096 bytes. Integers are accepted and written in decimal.
 */
export function encodePathSegment(segment: string | number | bigint): string;

/**
 * Fills `{name}` placeholders of a path template (written by you) with `params`, each
 * encoded with `encodePathSegment`: `buildPath('/resources/{id}/events/{event}', { id, event })`.
 * Throws `PathError` (`PATH_INVALID`) for a missing or unused parameter, unbalanced braces, or
 * an unsafe value; errors name the parameter, never its value.
 */
export function buildPath(
  template: string,
  params?: Record<string, string | number | bigint> | ReadonlyMap<string, string | number | bigint>,
): string;
