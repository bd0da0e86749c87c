/** A preset usable wherever ranges are listed. `cloudflare` is a dated snapshot of Cloudflare's published ranges. */
export type IpPreset = 'loopback' | 'linklocal' | 'private' | 'cloudflare';

export interface IpAllowlistOptions {
  /** Clear host bits set in a CIDR (`10.0.0.1/8` means `10.0.0.0/8`) instead of refusing it (NETWORK_INVALID_CIDR). Default false. */
  allowHostBits?: boolean;
  /** The most ranges accepted (presets count their ranges). Default 100000. */
  maxEntries?: number;
}

/**
 * IPv4 and IPv6 ranges, parsed strictly and merged once; `allows` is a binary search.
 * IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`) match IPv4 ranges. Per process (per isolate
 * in Workers): build it once at startup.
 */
export class IpAllowlist {
  /** Entries: CIDR ranges (`10.0.0.0/8`), addresses (`203.0.113.7`) or presets. Throws NetworkError (NETWORK_INVALID_CIDR). */
  constructor(entries: ReadonlyArray<string | IpPreset>, options?: IpAllowlistOptions);
  /** Whether `ip` lies in one of the ranges. Throws NetworkError (NETWORK_INVALID_IP) when `ip` is not one address. */
  allows(ip: string): boolean;
  /** The number of ranges as listed. */
  readonly size: number;
}

/** Request headers in any of the shapes the webhook API accepts. */
export type RequestHeaders =
  | Headers
  | { get(name: string): string | null | undefined }
  | Map<string, string | readonly string[]>
  | ReadonlyArray<readonly [string, string]>
  | Record<string, string | readonly string[] | undefined>;

export interface ClientIpRequest {
  /** The socket's remote address (`req.socket.remoteAddress`). */
  peer: string;
  /** The request's headers. */
  headers?: RequestHeaders | null;
  /** The proxies in front of the app: an IpAllowlist (fastest) or its entries. Default: none. */
  trustedProxies?: IpAllowlist | ReadonlyArray<string | IpPreset>;
  /** The header those proxies write. Default `x-forwarded-for`; the other is never read. */
  header?: 'x-forwarded-for' | 'forwarded';
  /** The most hops walked. Default 32. */
  maxHops?: number;
  /** The longest header (occurrences joined) read. Default 16384. */
  maxHeaderBytes?: number;
  /** Add `explanation`, one line per step. Default false. */
  explain?: boolean;
}

/** Why `clientIp` answered what it did. */
export type ClientIpReason =
  | 'untrusted-peer'
  | 'cf-connecting-ip'
  | 'untrusted-hop'
  | 'outermost-hop'
  | 'unknown-hop'
  | 'obfuscated-hop'
  | 'malformed-hop'
  | 'malformed-header'
  | 'too-many-hops'
  | 'header-too-long';

export interface ClientIp {
  /** The client's address (IPv4-mapped reported as IPv4), or null when it cannot be known: treat null as a refusal. */
  ip: string | null;
  /** The addresses read, nearest first: the peer, then each hop walked. */
  chain: string[];
  reason: ClientIpReason;
  /** One line per step, when `explain` is true. */
  explanation?: string;
}

/**
 * The client's address behind trusted proxies: walks the forwarding header from the right,
 * skipping trusted proxies; never takes the client-written leftmost entry on its own.
 * Throws NetworkError (NETWORK_INVALID_IP for a bad peer, NETWORK_INVALID_CIDR, NETWORK_INVALID_OPTIONS).
 */
export function clientIp(request: ClientIpRequest): ClientIp;
