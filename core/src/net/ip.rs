//! Strict parsing of IP addresses and CIDR ranges.
//!
//! The standard library's parser is the base (it already refuses the `inet_aton` shorthands
//! `1231233` and `10.1`, hexadecimal and leading-zero octets such as `010.1.1.1`, and zone
//! ids); this module adds what it accepts but an allowlist must not:
//! - the deprecated IPv4-compatible form `::a.b.c.d` (RFC 4291 §2.5.5.1), which would
//!   otherwise be an IPv6 address silently unrelated to `a.b.c.d`;
//! - surrounding whitespace, empty strings and over-long input (refused before parsing);
//! - CIDR prefixes with a sign, leading zeros or out of range, and ranges with host bits
//!   set (`10.0.0.1/8`), unless the caller opts in.
//!
//! Every address lives in one 128-bit space: IPv4 `a.b.c.d` is the IPv4-mapped IPv6 address
//! `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2). So an IPv4-mapped address matches IPv4 ranges, and an
//! IPv4 address matches IPv6 ranges written inside `::ffff:0:0/96` (`::ffff:10.0.0.0/104`).
//! An IPv6 range wider than that block (`::/0`) does not match IPv4 addresses, as in
//! `proxy-addr` 2.0.8: "all of IPv6" must not silently admit all of IPv4.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::Error;

/// The longest textual address accepted: `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`.
pub const MAX_ADDRESS_LEN: usize = 45;

/// The longest CIDR text accepted: an address, `/` and three digits.
pub const MAX_CIDR_LEN: usize = MAX_ADDRESS_LEN + 4;

/// The first address of `::ffff:0:0/96`, where IPv4 lives in the 128-bit space.
const MAPPED_BASE: u128 = 0xffff_0000_0000;
/// The last address of `::ffff:0:0/96`.
const MAPPED_END: u128 = 0xffff_ffff_ffff;

/// An address as a point of the one 128-bit space (IPv4 as IPv4-mapped IPv6).
pub(crate) fn key(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => MAPPED_BASE | u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// The address of a point of the 128-bit space, IPv4-mapped points as IPv4.
pub(crate) fn from_key(point: u128) -> IpAddr {
    IpAddr::V6(Ipv6Addr::from(point)).to_canonical()
}

fn invalid_ip(text: &str, why: &str) -> Error {
    Error::InvalidIp {
        reason: format!("{}: {why}", quoted(text)),
    }
}

fn invalid_cidr(text: &str, why: &str) -> Error {
    Error::InvalidCidr {
        reason: format!("{}: {why}", quoted(text)),
    }
}

/// `text` for a message: quoted, escaped, cut to a bounded length (input may be hostile).
pub(crate) fn quoted(text: &str) -> String {
    const SHOWN: usize = 60;
    let mut shown: String = text.chars().take(SHOWN).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// Parses one IP address, strictly (see the module docs). IPv4-mapped IPv6 addresses are
/// returned as they were written (`::ffff:10.1.2.3` stays IPv6); use
/// [`IpAddr::to_canonical`] for the IPv4 form, which is how every comparison sees them.
///
/// # Errors
/// [`Error::InvalidIp`] for anything but one IPv4 address in four decimal octets without
/// leading zeros, or one IPv6 address without zone id or brackets.
///
/// ```
/// use edgeward_core::net::parse_ip;
/// assert!(parse_ip("10.1.2.3").is_ok());
/// assert!(parse_ip("::ffff:10.1.2.3").is_ok());
/// for refused in ["", "10.1", "1231233", "010.1.1.1", "0x0a.1.1.1", "fe80::1%eth0", "::10.1.2.3", " 10.1.2.3"] {
///     assert_eq!(parse_ip(refused).unwrap_err().code().as_str(), "NETWORK_INVALID_IP");
/// }
/// ```
pub fn parse_ip(text: &str) -> Result<IpAddr, Error> {
    if text.is_empty() {
        return Err(Error::InvalidIp {
            reason: "the address is an empty string".to_owned(),
        });
    }
    if text.len() > MAX_ADDRESS_LEN {
        return Err(invalid_ip(
            text,
            &format!("longer than any address ({MAX_ADDRESS_LEN} characters)"),
        ));
    }
    if let Ok(v4) = text.parse::<Ipv4Addr>() {
        return Ok(IpAddr::V4(v4));
    }
    if let Ok(v6) = text.parse::<Ipv6Addr>() {
        if text.contains('.') && u128::from(v6) >> 32 == 0 {
            // `::a.b.c.d`: written as IPv4 inside IPv6, but not IPv4-mapped. Other dotted
            // forms (`::ffff:a.b.c.d`, NAT64's `64:ff9b::a.b.c.d`) say what they are.
            return Err(invalid_ip(
                text,
                "the deprecated IPv4-compatible form `::a.b.c.d` is not IPv4: write the IPv4 \
                 address itself, or its IPv4-mapped form `::ffff:a.b.c.d`",
            ));
        }
        return Ok(IpAddr::V6(v6));
    }
    Err(invalid_ip(text, diagnose(text)))
}

/// Why `text` is not an address, for the message.
fn diagnose(text: &str) -> &'static str {
    if text.trim() != text {
        return "surrounding whitespace is not part of an address";
    }
    if text.contains('%') {
        return "zone ids (`%eth0`) are refused: they name an interface of one host, not an address";
    }
    if text.starts_with('[') {
        return "write IPv6 addresses without brackets";
    }
    if text.contains(':') {
        return "not an IPv6 address (groups of at most 4 hex digits, at most one `::`; a port \
                is not part of an address)";
    }
    let parts: Vec<&str> = text.split('.').collect();
    let digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if parts.iter().all(digits) {
        if parts.len() < 4 {
            return "not four octets: the `inet_aton` shorthands (`10.1`, `1231233`) are refused, \
                    as different parsers read them as different addresses";
        }
        if parts.iter().any(|p| p.len() > 1 && p.starts_with('0')) {
            return "an octet has a leading zero, which `inet_aton` reads as octal: write it in \
                    plain decimal";
        }
    }
    if text.to_ascii_lowercase().contains("0x") {
        return "hexadecimal octets are refused: write four decimal octets";
    }
    "not an IPv4 address (four decimal octets 0-255) or an IPv6 address"
}

/// A CIDR range: an address and a prefix length, host bits clear.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// The range of `addr`'s first `prefix` bits (host bits are cleared).
    ///
    /// # Errors
    /// [`Error::InvalidCidr`] when `prefix` exceeds the address's length (32 or 128).
    pub fn new(addr: IpAddr, prefix: u8) -> Result<IpNet, Error> {
        let max = if addr.is_ipv4() { 32 } else { 128 };
        if prefix > max {
            return Err(invalid_cidr(
                &format!("{addr}/{prefix}"),
                &format!("the prefix length must be 0-{max}"),
            ));
        }
        let bits = key(addr) & mask(width(addr, prefix));
        let addr = match addr {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(
                u32::try_from(bits & 0xffff_ffff).unwrap_or(0),
            )),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(bits)),
        };
        Ok(IpNet { addr, prefix })
    }

    /// The first address of the range.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length (0-32 for IPv4, 0-128 for IPv6).
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// The first and last point of the range in the 128-bit space.
    pub(crate) fn bounds(&self) -> (u128, u128) {
        let start = key(self.addr);
        let host = !mask(width(self.addr, self.prefix));
        (start, start | host)
    }

    /// The points of the 128-bit space the range matches, as one or two `[start, end]`
    /// pieces. An IPv6 range wider than `::ffff:0:0/96` (`::/0`, `::/8`) does not span IPv4:
    /// "every IPv6 address" must not quietly mean "and every IPv4 address too" (proxy-addr
    /// 2.0.8 draws the same line). So the IPv4 block is cut out of such a range; IPv6 ranges
    /// inside it (`::ffff:10.0.0.0/104`) are IPv4 ranges and stay whole.
    pub(crate) fn pieces(&self) -> impl Iterator<Item = (u128, u128)> {
        let (start, end) = self.bounds();
        // CIDR ranges nest: an IPv6 range either lies inside the IPv4 block, or is disjoint
        // from it, or holds all of it (prefix < 96), the case cut here.
        let spans_ipv4 =
            self.addr.is_ipv6() && self.prefix < 96 && start <= MAPPED_BASE && end >= MAPPED_END;
        let (first, second) = if spans_ipv4 {
            (
                (start < MAPPED_BASE).then_some((start, MAPPED_BASE - 1)),
                (end > MAPPED_END).then_some((MAPPED_END + 1, end)),
            )
        } else {
            (Some((start, end)), None)
        };
        first.into_iter().chain(second)
    }

    /// Whether `ip` lies in the range. IPv4 and IPv4-mapped IPv6 are the same address; an
    /// IPv6 range matches them only when it lies inside `::ffff:0:0/96` (see the module docs).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let point = key(ip);
        self.pieces()
            .any(|(start, end)| (start..=end).contains(&point))
    }
}

/// The prefix length of `prefix` bits of `addr` in the 128-bit space.
fn width(addr: IpAddr, prefix: u8) -> u32 {
    match addr {
        IpAddr::V4(_) => 96 + u32::from(prefix),
        IpAddr::V6(_) => u32::from(prefix),
    }
}

/// The mask of the first `width` bits of 128 (`width` ≤ 128).
fn mask(width: u32) -> u128 {
    u128::MAX
        .checked_shl(128u32.saturating_sub(width))
        .unwrap_or(0)
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl fmt::Debug for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Whether host bits set in a CIDR (`10.0.0.1/8`) are refused or cleared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HostBits {
    /// Refused (`NETWORK_INVALID_CIDR`): `10.0.0.1/8` is most often a typo for `/32` or `10.0.0.0/8`.
    #[default]
    Refuse,
    /// Cleared: `10.0.0.1/8` means `10.0.0.0/8`.
    Clear,
}

/// Parses a CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or a single address (`/32` or `/128`),
/// strictly: the address as [`parse_ip`] reads it, a prefix of decimal digits without sign
/// or leading zero, no more than the address's length.
///
/// # Errors
/// [`Error::InvalidCidr`]; also when host bits are set and `host_bits` is
/// [`HostBits::Refuse`].
///
/// ```
/// use edgeward_core::net::{parse_cidr, HostBits};
/// assert_eq!(parse_cidr("10.0.0.0/8", HostBits::Refuse).unwrap().to_string(), "10.0.0.0/8");
/// assert!(parse_cidr("10.0.0.1/8", HostBits::Refuse).is_err());
/// assert_eq!(parse_cidr("10.0.0.1/8", HostBits::Clear).unwrap().to_string(), "10.0.0.0/8");
/// ```
pub fn parse_cidr(text: &str, host_bits: HostBits) -> Result<IpNet, Error> {
    if text.is_empty() {
        return Err(Error::InvalidCidr {
            reason: "the range is an empty string".to_owned(),
        });
    }
    if text.len() > MAX_CIDR_LEN {
        return Err(invalid_cidr(
            text,
            &format!("longer than any range ({MAX_CIDR_LEN} characters)"),
        ));
    }
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let addr = parse_ip(address).map_err(|error| match error {
        Error::InvalidIp { reason } => Error::InvalidCidr { reason },
        other => other,
    })?;
    let max: u8 = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(digits) => parse_prefix(digits, max).ok_or_else(|| {
            invalid_cidr(
                text,
                &format!(
                    "the prefix length must be a decimal number 0-{max} without sign or leading zero"
                ),
            )
        })?,
    };
    let net = IpNet::new(addr, prefix)?;
    if host_bits == HostBits::Refuse && key(net.addr) != key(addr) {
        return Err(invalid_cidr(
            text,
            &format!(
                "host bits are set (the range starts at {net}): write {net}, or the single \
                 address, or opt in to clearing host bits (allowHostBits / allow_host_bits)"
            ),
        ));
    }
    Ok(net)
}

fn parse_prefix(digits: &str, max: u8) -> Option<u8> {
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    digits.parse::<u8>().ok().filter(|p| *p <= max)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_other_parsers_accept() {
        for text in [
            "",
            "1231233",
            "10.1",
            "10.1.1",
            "010.1.1.1",
            "10.01.1.1",
            "0x7f.0.0.1",
            "0177.0.0.1",
            "1.2.3.4 ",
            " 1.2.3.4",
            "fe80::1%eth0",
            "fe80::1%25eth0",
            "[::1]",
            "::10.1.2.3",
            "256.1.1.1",
            "1.2.3.4.5",
            "1.2.3.4:80",
            "::ffff:010.1.2.3",
            "+1.2.3.4",
            "１.2.3.4",
        ] {
            assert!(parse_ip(text).is_err(), "{text:?} accepted");
        }
    }

    #[test]
    fn mapped_is_ipv4_everywhere() {
        let net = parse_cidr("10.0.0.0/8", HostBits::Refuse).unwrap();
        assert!(net.contains(parse_ip("::ffff:10.1.2.3").unwrap()));
        assert!(net.contains(parse_ip("::ffff:a01:203").unwrap()));
        assert!(!net.contains(parse_ip("::a01:203").unwrap()));
        let all6 = parse_cidr("::/0", HostBits::Refuse).unwrap();
        assert!(!all6.contains(parse_ip("1.2.3.4").unwrap()));
        assert!(!all6.contains(parse_ip("::ffff:1.2.3.4").unwrap()));
        assert!(all6.contains(parse_ip("::1").unwrap()));
        assert!(all6.contains(parse_ip("::1:0:0:0").unwrap()));
        // The block at the top of a wider range (`::ff80:0:0/89`) is cut out too.
        let top = parse_cidr("::ff80:0:0/89", HostBits::Refuse).unwrap();
        assert!(!top.contains(parse_ip("134.137.45.37").unwrap()));
        assert!(top.contains(parse_ip("::ff80:0:1").unwrap()));
        let mapped = parse_cidr("::ffff:0:0/96", HostBits::Refuse).unwrap();
        assert!(mapped.contains(parse_ip("1.2.3.4").unwrap()));
        assert_eq!(
            from_key(key(parse_ip("::ffff:1.2.3.4").unwrap())).to_string(),
            "1.2.3.4"
        );
    }

    #[test]
    fn prefixes() {
        for bad in [
            "10.0.0.0/",
            "10.0.0.0/33",
            "10.0.0.0/08",
            "10.0.0.0/+8",
            "10.0.0.0/-1",
            "::/129",
            "::/1000",
            "10.0.0.0/8/8",
        ] {
            assert!(parse_cidr(bad, HostBits::Clear).is_err(), "{bad}");
        }
        assert_eq!(
            parse_cidr("0.0.0.0/0", HostBits::Refuse).unwrap().bounds(),
            (MAPPED_BASE, MAPPED_BASE | 0xffff_ffff)
        );
        assert_eq!(
            parse_cidr("::/0", HostBits::Refuse).unwrap().bounds(),
            (0, u128::MAX)
        );
        assert_eq!(
            parse_cidr("1.2.3.4", HostBits::Refuse).unwrap().to_string(),
            "1.2.3.4/32"
        );
        assert_eq!(
            parse_cidr("2001:db8::1/32", HostBits::Clear)
                .unwrap()
                .to_string(),
            "2001:db8::/32"
        );
    }
}
