// The options every middleware (edgeward/express, /fastify, /hono, /web) takes.
import type { ReplayGuard, ReplayStore, Scheme, VerifiedEvent, Webhook } from '../webhook.js';
import type { RateLimiter, RateLimiterOptions } from '../ratelimit.js';
import type { IpAllowlist, IpPreset } from '../net.js';
import type { Validator } from '../validate.js';

/** A verified delivery: `verifyEvent`'s answer (`event`, `timestamp`, `secretIndex`, `id`, `type`, `innerType`). */
export type WebhookDelivery<E = unknown> = VerifiedEvent<E>;

/** A pino or console-like logger, or a function; receives the redacted record of each refusal. */
export type MiddlewareLogger =
  | { warn(record: object, message?: string): void; error(record: object, message?: string): void }
  | ((level: 'warn' | 'error', record: Record<string, unknown>, message: string) => void);

export interface WebhookMiddlewareOptions {
  /** The signing scheme: required, never guessed from the request. */
  scheme?: Scheme;
  /** The secret as the provider shows it. */
  secret?: string | readonly string[];
  /** Several secrets, newest first, while rotating (`secretIndex` says which matched). */
  secrets?: readonly string[];
  /** A ready `Webhook` instead of `scheme` and `secret`. */
  webhook?: Webhook<Scheme>;
  toleranceSeconds?: number;
  retentionSeconds?: number;
  secretFormat?: 'provider' | 'raw';
  /** Refuse deliveries seen before (409): a `ReplayGuard`, a `ReplayStore`, or `true` for a new in-memory guard. */
  replayGuard?: ReplayGuard | ReplayStore | boolean;
  /** A `Validator` or a JSON Schema the event must match (422 otherwise). */
  schema?: Validator<unknown> | object | boolean;
  /** The largest body read, in bytes (413 over it). Default 1 MiB. */
  maxBodyBytes?: number;
  /** A rate limit per client address (429 with `Retry-After` and `RateLimit` headers). */
  rateLimit?: RateLimiter | RateLimiterOptions;
  /** The client addresses allowed (403 otherwise). */
  allowlist?: IpAllowlist | ReadonlyArray<string | IpPreset>;
  /** The proxies in front of the app, whose forwarding header is believed. Default none. */
  trustedProxies?: IpAllowlist | ReadonlyArray<string | IpPreset>;
  /** The header those proxies write. Default `x-forwarded-for`. */
  ipHeader?: 'x-forwarded-for' | 'forwarded';
  /** Where refusals are logged (redacted); default nowhere. */
  logger?: MiddlewareLogger;
  /** The header of an incoming request id (kept when safe). Default `x-request-id`. */
  requestIdHeader?: string;
}

/** The default `maxBodyBytes`: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES: number;
