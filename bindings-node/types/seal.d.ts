import { Instant } from './oauth.js';

/** A string (sealed as UTF-8) or bytes. */
export type SealData = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** AES-256-GCM sealed tokens: the first key seals, every key opens. */
export class Sealer {
  /** Each key is base64url of 32 random bytes. */
  constructor(keys: ReadonlyArray<{ id: string; key: string }>);
  /** The id of the key that seals. */
  readonly keyId: string;
  seal(plaintext: SealData, options?: { aad?: SealData; now?: Instant }): string;
  open(token: string, options?: { aad?: SealData; maxAgeSeconds?: number; now?: Instant }): Uint8Array;
  openText(token: string, options?: { aad?: SealData; maxAgeSeconds?: number; now?: Instant }): string;
}

/** Fernet tokens, compatible with Python's `cryptography.fernet`. */
export class Fernet {
  constructor(key: string);
  static generateKey(): string;
  encrypt(data: SealData, options?: { now?: Instant }): string;
  decrypt(token: string, options?: { ttlSeconds?: number; now?: Instant }): Uint8Array;
  decryptText(token: string, options?: { ttlSeconds?: number; now?: Instant }): string;
}

/** Stable error codes of sealing and Fernet. */
