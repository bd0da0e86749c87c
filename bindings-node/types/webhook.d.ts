import type { Payload } from './convert.js';

export interface WebhookOptions {
  /** Accepted distance between the signed timestamp and now, both directions. Default 300. Must be > 0. */
  toleranceSeconds?: number;
}

export interface VerifyOptions {
  /** The current time: Unix seconds or a Date. Defaults to the system clock. */
  now?: number | Date;
}

export interface SignOptions {
  /** The timestamp to sign: Unix seconds or a Date. Defaults to now. */
  timestamp?: number | Date;
}

export interface VerifiedDelivery {
  /** The signed timestamp, Unix seconds. */
  timestamp: number;
  /** Index of the secret that matched (0 = the first given). */
  secretIndex: number;
}

/** Verifies (and signs) webhook deliveries of one endpoint: `t=<unix>,v1=<hex>` headers. */
export class Webhook {
  /** `secret`: the signing secret as the provider shows it (`whsec_…`), or several, newest first. */
  constructor(secret: string | readonly string[], options?: WebhookOptions);
  /** Verifies the raw body against the signature header; throws `WebhookVerificationError`. */
  verify(payload: Payload, header: string | null | undefined, options?: VerifyOptions): VerifiedDelivery;
  /** Signs a payload with the first secret; returns the header value. */
  sign(payload: Payload, options?: SignOptions): string;
}

