//! Network guards: strict IP parsing, IP allowlists, and the client's address behind proxies.
//!
//! ## Threat model
//! Addresses reach this module from two places: configuration (the ranges of an allowlist,
//! the trusted proxies), written by the operator, and requests (forwarding headers, the peer),
//! where everything but the peer's socket address may be written by an attacker. So:
//! - **Parsing is strict** ([`parse_ip`], [`parse_cidr`]). Parsers disagree on `inet_aton`
//!   shorthands (`10.1`, `1231233`), leading-zero (octal) and hexadecimal octets, zone ids
//!   and the deprecated IPv4-compatible form: a string that one component reads as an address
//!   another reads differently is how allowlists are bypassed, so every such string is
//!   refused (`NETWORK_INVALID_IP`, `NETWORK_INVALID_CIDR`). A range with host bits set (`10.0.0.1/8`) is
//!   refused unless the caller opts in, as it is usually a typo with a much wider meaning
//!   than intended. Nothing that fails to parse is ever "allowed".
//! - **IPv4 has one spelling.** An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`, what a
//!   dual-stack socket reports) is the IPv4 address for every comparison, so it cannot slip
//!   past an IPv4 deny-by-default list, nor be refused by an IPv4 allowlist.
//! - **Lookups cost O(log n)** over merged ranges ([`IpAllowlist`]), and every input has a
//!   length cap, so a request cannot make a lookup expensive.
//! - **Forwarding headers are believed only as far as trusted proxies wrote them**
//!   ([`client_ip`]): the walk starts at the peer and never takes the leftmost,
//!   client-written entry on its own (the mistake of Express's `trust proxy: true` and of
//!   `request-ip`). The caller names the one header its proxies write; the other is never
//!   read. `CF-Connecting-IP` is read only when the peer is inside Cloudflare's ranges.
//!   Malformed, repeated and over-long headers follow fixed rules (see [`client_ip`]) and
//!   yield "unknown" rather than a guess.
//!
//! Out of scope: the peer address itself (it comes from the socket and is trusted), and
//! proxies that pass a client's header through without appending: no reader can tell that
//! from the request.
//!
//! ## Case table
//! The cases, with `proxy-addr`'s as the reference where it agrees and the reason where it
//! does not, are the shared vectors `tests/vectors/net_*.json`, run by every runtime.

mod allowlist;
mod client_ip;
mod forwarded;
mod ip;
mod presets;

pub use allowlist::{DEFAULT_MAX_ENTRIES, IpAllowlist, IpAllowlistOptions};
pub use client_ip::{
    ClientIp, ClientIpOptions, ClientIpReason, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HOPS,
    ForwardingHeader, PROXY_HEADER_NAMES, ProxyHeaders, client_ip,
};
pub use forwarded::Hop;
pub use ip::{HostBits, IpNet, MAX_ADDRESS_LEN, MAX_CIDR_LEN, parse_cidr, parse_ip};
pub use presets::{CLOUDFLARE, CLOUDFLARE_AS_OF, LINKLOCAL, LOOPBACK, PRIVATE, Preset};
