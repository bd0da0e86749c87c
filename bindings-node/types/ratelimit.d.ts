import type { ReplayStore } from './webhook.js';

/**
 * The outcome of one check. `retryAfterSeconds` is 0 when allowed and `null` when the cost
 * exceeds the burst (it can never be allowed); `storeError` is present (true) when the store
 * failed and `onStoreError` decided.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** The most that can be spent at once (the burst). */
  limit: number;
  remaining: number;
  retryAfterSeconds: number | null;
  /** Seconds until the budget is full again. */
  resetAfterSeconds: number;
  storeError?: true;
}

/**
 * A CL.THROTTLE reply: `[limited (0|1), limit, remaining, retryAfter (-1: not applicable),
 * resetAfter]`, whole seconds.
 */
export type ThrottleReply = [number, number, number, number, number];

/**
 * An allowed check packed into one number, `remaining * 2^22 + resetAfter` (below 2^52): the
 * Redis script's common answer. Any other number counts as a failed store.
 */
export type PackedThrottleReply = number;

/**
 * A store shared between instances. `throttle` makes the core's GCRA decision for `key` with
 * the given parameters (microseconds; `nowMicros` -1 for the store's own clock). Stores also
 * serve as a `Webhook`'s `replayGuard` (`seen`).
 */
export interface RateLimitStore extends ReplayStore {
  throttle(
    key: string,
    emissionMicros: number,
    toleranceMicros: number,
    cost: number,
    nowMicros: number,
  ): ThrottleReply | PackedThrottleReply | PromiseLike<ThrottleReply | PackedThrottleReply>;
}

export interface RateLimiterOptions {
  /** Requests per period (a whole number ≥ 1). */
  limit: number;
  periodSeconds: number;
  /** The most at once (default `limit`). */
  burst?: number;
  /** A shared store (`redisStore(client)`, `durableObjectStore(namespace)`); default: this process's memory. */
  store?: RateLimitStore;
  /** Keys held in memory (default 100 000); a full map refuses new keys and never evicts a limited one. */
  maxKeys?: number;
  /** What a check answers when the store fails or times out (default "deny"). */
  onStoreError?: 'deny' | 'allow';
  /** The policy name in the RateLimit-Policy and RateLimit fields (default "default"). */
  policy?: string;
  /** Prefix of the keys in a shared store (default "edgeward:rl:"). */
  prefix?: string;
}

export interface CheckOptions {
  /** What the request costs (default 1; 0 peeks). */
  cost?: number;
  /** The time (Unix seconds or a Date); default the clock. */
  now?: number | Date;
}

/** A GCRA rate limiter (the decision of redis-cell's CL.THROTTLE). */
export class RateLimiter {
  constructor(options: RateLimiterOptions);
  /** Checks in memory; throws with an external store (use `checkAsync`). */
  check(key: string, options?: CheckOptions): RateLimitResult;
  /** Checks with any store; a store failure never throws (see `onStoreError`). */
  checkAsync(key: string, options?: CheckOptions): Promise<RateLimitResult>;
  /** `RateLimit-Policy`, `RateLimit`, and `Retry-After` when denied. */
  headers(result: RateLimitResult): Record<string, string>;
  readonly limit: number;
  readonly burst: number;
  readonly periodSeconds: number;
  readonly size: number;
  readonly maxKeys: number;
  readonly refusedFull: number;
}

/** A store on Redis through an ioredis or node-redis (v4+) client; each call times out after `timeoutMs` (default 1000). */
export function redisStore(client: unknown, options?: { timeoutMs?: number }): RateLimitStore;

/**
 * The Durable Object class a Worker exports (and binds) for `durableObjectStore`. Expired
 * entries are deleted by its storage alarm (`alarm()`), as Redis expires its keys.
 */
export class RateLimitStoreObject {
  constructor(ctx: { storage: unknown }, env?: unknown);
  fetch(request: Request): Promise<Response>;
  alarm(): Promise<void>;
}

/** A store on a `RateLimitStoreObject` namespace binding; each call times out after `timeoutMs` (default 1000). */
export function durableObjectStore(
  namespace: { idFromName(name: string): unknown; get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> } },
  options?: { timeoutMs?: number },
): RateLimitStore;
