import type { Payload } from './convert.js';
import type { Validator } from './validate.js';

/**
 * A webhook signing scheme, always chosen by the receiver (never guessed from the request).
 *
 * | scheme | headers | timestamp | id |
 * |---|---|---|---|
 * | `stripe` (default) | `stripe-signature: t=…,v1=<hex>` | yes | no |
 * | `standard` (Standard Webhooks, Svix) | `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` / `v1a,<base64>` (or `svix-*`) | yes | yes |
 * | `github` | `x-hub-signature-256: sha256=<hex>` | **no** | no |
 * | `slack` | `x-slack-signature: v0=<hex>`, `x-slack-request-timestamp` | yes | no |
 * | `shopify` | `x-shopify-hmac-sha256: <base64>` | **no** | no |
 *
 * `github` and `shopify` sign no timestamp: a captured delivery stays valid forever unless a
 * `replayGuard` remembers it.
 */
export type Scheme = 'stripe' | 'standard' | 'github' | 'slack' | 'shopify';

/** Schemes whose deliveries carry no signed timestamp. */
export type SchemeWithoutTimestamp = 'github' | 'shopify';

/**
 * An external replay store, shared between processes or isolates: Workers KV, a Durable
 * Object, Redis. After a delivery's signature verified (never before, so forged traffic
 * cannot fill it), edgeward calls `seen(key, ttlSeconds)` once:
 *
 * - `key` is `"edgeward:<scheme>:<32 hex digits>"` (under 60 bytes): a digest of the signed
 *   delivery id (`standard`) or of the signed content (other schemes); no secret, no payload.
 * - `ttlSeconds` (at least 1) is how long to remember it: until the delivery's timestamp
 *   leaves the tolerance window, or `retentionSeconds` (default 7 days) for `github` and
 *   `shopify`, which sign no timestamp. The `standard` key is bound to the endpoint's first
 *   secret (or public key), so endpoints may share one store.
 *
 * `seen` must answer `true` if `key` is stored (edgeward then throws `WEBHOOK_REPLAYED`), and otherwise
 * store it for `ttlSeconds` and answer `false` — atomically, if duplicates may arrive at
 * once. It must answer a real boolean: anything else throws `WEBHOOK_INVALID_OPTIONS`. An exception
 * (or a rejected Promise) propagates, so nothing is accepted while the store is down.
 *
 * A store answering a Promise needs `verifyAsync`; `verify` accepts synchronous stores only.
 *
 * Redis (node-redis): `SET NX EX` is the atomic operation.
 * ```js
 * const store = { seen: async (key, ttl) => (await redis.set(key, '1', { NX: true, EX: ttl })) === null };
 * const webhook = new Webhook(secret, { scheme: 'standard', replayGuard: store });
 * await webhook.verifyAsync(body, request.headers);
 * ```
 * Workers KV (eventually consistent: two copies arriving within a second or so may both
 * pass; use a Durable Object when that matters; KV's minimum TTL is 60 s):
 * ```js
 * const store = {
 *   async seen(key, ttl) {
 *     if ((await env.REPLAY_KV.get(key)) !== null) return true;
 *     await env.REPLAY_KV.put(key, '1', { expirationTtl: Math.max(60, ttl) });
 *     return false;
 *   },
 * };
 * ```
 * To let a provider's retry through after your handler failed, delete `key` from the store.
 */
export interface ReplayStore {
  seen(key: string, ttlSeconds: number): boolean | PromiseLike<boolean>;
}

export interface ReplayGuardOptions {
  /** The most deliveries remembered at once (1 to 10 000 000). Default 10 000. */
  maxEntries?: number;
}

/**
 * A bounded in-memory replay store for one process (or one Worker isolate): remembers each
 * verified delivery for its window (the tolerance for timestamped schemes, `retentionSeconds`
 * for `github` and `shopify`); a delivery seen twice throws `WEBHOOK_REPLAYED`. Memory is capped by
 * `maxEntries` (about 100 bytes each); expired entries are freed as it is used. When full of
 * unexpired entries it never evicts one (an attacker who can make the sender send could
 * otherwise push a captured delivery out and replay it): the new delivery throws
 * `WEBHOOK_REPLAY_GUARD_FULL` (counted in `refusedFull`). Size it above your peak deliveries per
 * window. One guard may be shared by several `Webhook`s. For several processes, use an
 * external `ReplayStore`.
 */
export class ReplayGuard {
  constructor(options?: ReplayGuardOptions);
  /** How many deliveries are remembered. */
  readonly size: number;
  /** The most deliveries remembered at once. */
  readonly maxEntries: number;
  /** How many deliveries were refused with `WEBHOOK_REPLAY_GUARD_FULL`. */
  readonly refusedFull: number;
}

export interface WebhookOptions<S extends Scheme = Scheme> {
  /** The signing scheme. Default `'stripe'`. */
  scheme?: S;
  /**
   * Accepted distance between the signed timestamp and now, both directions. Default 300.
   * Must be > 0. Unused by `github` and `shopify` (no timestamp).
   */
  toleranceSeconds?: number;
  /**
   * How long a replay guard or store remembers a delivery of `github` or `shopify`, which sign
   * no timestamp: nothing else bounds a replay of them, and after this a captured delivery
   * verifies again. Whole seconds, > 0. Default 604 800 (7 days). Timestamped schemes ignore it.
   */
  retentionSeconds?: number;
  /**
   * How secrets are read (matters for `standard` only). `'provider'` (default): as the
   * provider shows them: `whsec_<base64>` (HMAC), `whpk_<base64>` (Ed25519 public key, verify
   * only), `whsk_<base64>` (Ed25519 secret key). `'raw'`: raw HMAC key bytes.
   */
  secretFormat?: 'provider' | 'raw';
  /**
   * Refuse deliveries seen before (`WEBHOOK_REPLAYED`): a `ReplayGuard`, or an external
   * `ReplayStore` (`{ seen(key, ttlSeconds) }`). Only deliveries whose signature verified
   * are recorded.
   */
  replayGuard?: ReplayGuard | ReplayStore;
}

/**
 * The request's headers, as you have them: a fetch `Headers` (Workers, Node 18+; any object
 * with a case-insensitive `get(name)`), Node's `req.headers` (`IncomingHttpHeaders`), a
 * plain object (names in any case), a `Map`, or an array of `[name, value]` pairs. Only the
 * scheme's headers are read. A header given several times (array values, names differing
 * only in case) is handed to the core with every value, in order; the core's header rule
 * decides (a repeated signature header is refused).
 *
 * A bare string is the signature header's value (enough for `stripe`, `github`, `shopify`).
 */
export type WebhookHeaders =
  | string
  | null
  | undefined
  | { get(name: string): string | readonly string[] | null | undefined }
  | ReadonlyMap<string, string | readonly string[] | undefined>
  | ReadonlyArray<readonly [string, string | readonly string[]]>
  | { readonly [name: string]: string | readonly string[] | undefined };

export interface VerifyOptions {
  /** The current time: Unix seconds or a Date. Defaults to the system clock. */
  now?: number | Date;
}

/** Options of `verifyEvent` and `verifyEventAsync`. */
export interface VerifyEventOptions<T = unknown> extends VerifyOptions {
  /**
   * Validates the parsed event: a `Validator` (compiled once, the fastest), or a JSON Schema
   * (compiled once per schema object). A mismatch throws `ValidationError` with
   * `VALIDATION_FAILED` and every issue. Not in the lean `edgeward/webhooks` build.
   */
  schema?: Validator<T> | object | boolean;
  /** The body's size limit for parsing, in bytes (default 1 MiB, the validator's). */
  maxBytes?: number;
}

/**
 * A verified delivery with its body parsed as JSON, and the provider's names for it.
 *
 * | scheme | `type` | `id` |
 * |---|---|---|
 * | `stripe` | body `type` | body `id` (`evt_…`) |
 * | `standard` | body `type` | `webhook-id` (signed) |
 * | `github` | `x-github-event` header (**not signed**) | `x-github-delivery` header (**not signed**) |
 * | `slack` | body `type` (`event_callback`, `url_verification`, …); `innerType`: `event.type` | body `event_id` |
 * | `shopify` | `x-shopify-topic` header (**not signed**) | `x-shopify-webhook-id`, else `x-shopify-event-id` (**not signed**) |
 *
 * `type` and `id` are `null` when the delivery has none (a body that is not an object, a
 * field that is not a string, an absent header).
 */
export type VerifiedEvent<T = unknown, S extends Scheme = Scheme> = {
  /** The body, parsed (integers beyond 2^53 as exact BigInts). */
  event: T;
  /** The signed timestamp, Unix seconds; `null` for schemes that sign none (`github`, `shopify`). */
  timestamp: S extends SchemeWithoutTimestamp ? null : number;
  /** Index of the secret that matched (0 = the first given). */
  secretIndex: number;
  /** The delivery id (see the table), or `null`. */
  id: string | null;
  /** The provider's event name (see the table), or `null`. */
  type: string | null;
  /** Slack: the inner event's name of an `event_callback` (`app_mention`, …); otherwise `null`. */
  innerType: string | null;
};

export interface SignOptions {
  /** The timestamp to sign: Unix seconds or a Date. Defaults to now. */
  timestamp?: number | Date;
  /** The delivery id (`standard` requires one, e.g. `msg_…`, the same for every retry). */
  id?: string;
}

/** Header name (lowercase) to value, as a sender sets them. */
export type SignedHeaders = Record<string, string>;

/** A delivery that verified. */
export type VerifiedDelivery<S extends Scheme = Scheme> = {
  /** The signed timestamp, Unix seconds; `null` for schemes that sign none (`github`, `shopify`). */
  timestamp: S extends SchemeWithoutTimestamp ? null : number;
  /** Index of the secret that matched (0 = the first given). */
  secretIndex: number;
} & (S extends 'standard'
  ? {
      /** The signed delivery id (`webhook-id`). */
      id: string;
    }
  : { id?: undefined });

/** Verifies (and signs) webhook deliveries of one endpoint, for one scheme. */
export class Webhook<S extends Scheme = 'stripe'> {
  /**
   * `secret`: the signing secret as the provider shows it, or several, newest first (rotation:
   * `secretIndex` tells which matched). Throws `WebhookVerificationError` (`WEBHOOK_INVALID_SECRET`,
   * `WEBHOOK_INVALID_OPTIONS`, e.g. for an unknown scheme). `WEBHOOK_INVALID_SECRET` also refuses an HMAC
   * secret under 16 bytes (not counting Stripe's `whsec_`) for every scheme but `github`, and
   * a `whpk_`/`whsk_` Ed25519 key anywhere but `standard` with the provider format.
   */
  constructor(secret: string | readonly string[], options?: WebhookOptions<S>);
  /** The scheme's name. */
  readonly scheme: S;
  /** The headers this scheme reads, lowercase. */
  readonly headerNames: readonly string[];
  /**
   * Verifies the raw body against the request's headers (or the signature header's value);
   * throws `WebhookVerificationError`. With a `replayGuard`, a delivery seen before throws
   * `WEBHOOK_REPLAYED`. A `ReplayStore` whose `seen` answers a Promise needs `verifyAsync`.
   */
  verify(payload: Payload, headers: WebhookHeaders, options?: VerifyOptions): VerifiedDelivery<S>;
  /** `verify`, awaiting an asynchronous `ReplayStore` (Workers KV, Durable Objects, Redis). */
  verifyAsync(payload: Payload, headers: WebhookHeaders, options?: VerifyOptions): Promise<VerifiedDelivery<S>>;
  /**
   * `verify`, then the raw body parsed as JSON under the validator's limits (a body that is not
   * JSON throws `ValidationError` `VALIDATION_INVALID_JSON`; too large or too deep
   * `VALIDATION_LIMIT_EXCEEDED`), named by the scheme's rule (see `VerifiedEvent`), and with
   * `schema`, validated (`VALIDATION_FAILED`). Verification errors are `verify`'s.
   */
  verifyEvent<T = unknown>(payload: Payload, headers: WebhookHeaders, options?: VerifyEventOptions<T>): VerifiedEvent<T, S>;
  /** `verifyEvent`, awaiting an asynchronous `ReplayStore`, as `verifyAsync`. */
  verifyEventAsync<T = unknown>(payload: Payload, headers: WebhookHeaders, options?: VerifyEventOptions<T>): Promise<VerifiedEvent<T, S>>;
  /**
   * Signs a payload with the first secret. `stripe`: returns the `stripe-signature` value.
   * Other schemes: returns every header to send, as an object of name to value.
   */
  sign(payload: Payload, options?: SignOptions): S extends 'stripe' ? string : SignedHeaders;
  /** Signs a payload with the first secret; returns every header to send, for every scheme. */
  signHeaders(payload: Payload, options?: SignOptions): SignedHeaders;
}
