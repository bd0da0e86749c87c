/** What a key is; `unknown` for an unrecognised key. */
export interface KeyClass {
  provider: string;
  kind: string;
  mode: 'live' | 'test' | 'unknown';
}

/** `{ provider, kind, mode }` of a key (Stripe, Standard Webhooks, GitHub with its checksum, Slack, OpenAI, AWS). */
export function classifyKey(key: string): KeyClass;
/** Throws `KeyHygieneError` `KEY_WRONG_ENVIRONMENT` for a live key outside production or a test key in production. */
export function assertKeyForEnvironment(
  key: string,
  environment: 'production' | 'prod' | 'live' | 'development' | 'dev' | 'test' | 'testing' | 'staging' | 'stage' | 'preview' | 'local' | 'ci' | (string & {}),
): KeyClass;
/** `fp_` and 16 base64url characters of HMAC-SHA256(pepper, key); pepper at least 16 bytes. */
export function fingerprint(key: string, pepper: string | Uint8Array | ArrayBuffer | ArrayBufferView): string;
/** `key` as the redactor's mask mode writes it. */
export function mask(key: string): string;

/** The set values of environment variables, new first: usable wherever edgeward takes several secrets. */
export class KeyRing extends Array<string> {
  /** Throws `KEY_RING_EMPTY` when none is set. `env`: a Worker's `env`; Node defaults to `process.env`. */
  static fromEnv(names: string[], env?: Record<string, unknown>): KeyRing;
  /** The first key: the one that signs or seals. */
  readonly current: string;
}
