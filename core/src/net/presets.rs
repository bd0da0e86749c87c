//! Named sets of ranges: `loopback`, `linklocal`, `private` and `cloudflare`.
//!
//! `cloudflare` is a dated snapshot, compiled in: nothing here reaches the network. Cloudflare
//! publishes its ranges at <https://www.cloudflare.com/ips/> (`ips-v4`, `ips-v6`) and has
//! changed them rarely; when it does, this list must be updated (and [`CLOUDFLARE_AS_OF`]
//! with it). An allowlist that must follow changes the day they are published should be
//! built from the live list instead.

/// The date of the Cloudflare snapshot: the list published at <https://www.cloudflare.com/ips/>
/// (15 IPv4 and 7 IPv6 prefixes, unchanged since 2021; checked against a copy dated
/// 2024-06-25 when this snapshot was recorded).
pub const CLOUDFLARE_AS_OF: &str = "2024-06-25";

/// Loopback: `127.0.0.0/8` and `::1`.
pub const LOOPBACK: &[&str] = &["127.0.0.0/8", "::1/128"];

/// Link-local: `169.254.0.0/16` and `fe80::/10`.
pub const LINKLOCAL: &[&str] = &["169.254.0.0/16", "fe80::/10"];

/// Private networks: RFC 1918 (`10/8`, `172.16/12`, `192.168/16`) and IPv6 unique local
/// addresses (`fc00::/7`), as `proxy-addr`'s `uniquelocal`.
pub const PRIVATE: &[&str] = &["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

/// Cloudflare's published ranges, as of [`CLOUDFLARE_AS_OF`].
pub const CLOUDFLARE: &[&str] = &[
    "173.245.48.0/20",
    "103.21.244.0/22",
    "103.22.200.0/22",
    "103.31.4.0/22",
    "141.101.64.0/18",
    "108.162.192.0/18",
    "190.93.240.0/20",
    "188.114.96.0/20",
    "197.234.240.0/22",
    "198.41.128.0/17",
    "162.158.0.0/15",
    "104.16.0.0/13",
    "104.24.0.0/14",
    "172.64.0.0/13",
    "131.0.72.0/22",
    "2400:cb00::/32",
    "2606:4700::/32",
    "2803:f800::/32",
    "2405:b500::/32",
    "2405:8100::/32",
    "2a06:98c0::/29",
    "2c0f:f248::/32",
];

/// A named set of ranges usable wherever ranges are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Preset {
    /// [`LOOPBACK`].
    Loopback,
    /// [`LINKLOCAL`].
    Linklocal,
    /// [`PRIVATE`].
    Private,
    /// [`CLOUDFLARE`]; as trusted proxies, also makes `CF-Connecting-IP` readable when the peer
    /// is one of these ranges.
    Cloudflare,
}

impl Preset {
    /// Every preset.
    pub const ALL: &'static [Preset] = &[
        Preset::Loopback,
        Preset::Linklocal,
        Preset::Private,
        Preset::Cloudflare,
    ];

    /// The preset's name as written in a list of ranges.
    pub const fn name(self) -> &'static str {
        match self {
            Preset::Loopback => "loopback",
            Preset::Linklocal => "linklocal",
            Preset::Private => "private",
            Preset::Cloudflare => "cloudflare",
        }
    }

    /// The preset called `name` (exact, lowercase).
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// The preset's ranges.
    pub const fn ranges(self) -> &'static [&'static str] {
        match self {
            Preset::Loopback => LOOPBACK,
            Preset::Linklocal => LINKLOCAL,
            Preset::Private => PRIVATE,
            Preset::Cloudflare => CLOUDFLARE,
        }
    }
}
