//! CIDR ranges for scoped keys' IP restrictions.

use crate::Error;
use std::net::IpAddr;

/// An address range, `10.0.0.0/8`, `2001:db8::/32`, or one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

fn invalid(reason: &str) -> Error {
    Error::PolicyInvalid {
        reason: reason.to_owned(),
    }
}

/// IPv4-mapped IPv6 (`::ffff:a.b.c.d`) as the IPv4 address it carries.
fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

impl Cidr {
    /// Parses `address/prefix` or a bare address. Host bits must be zero (`10.0.0.1/8` is
    /// refused: it is likely a mistake).
    pub fn parse(text: &str) -> Result<Cidr, Error> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| {
            invalid("an IP restriction is an address or a CIDR range such as 10.0.0.0/8")
        })?;
        let network = canonical(network);
        let max: u8 = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse::<u8>().map_err(|_| invalid("bad CIDR prefix"))?
            }
            Some(_) => return Err(invalid("bad CIDR prefix")),
        };
        if prefix > max {
            return Err(invalid("the CIDR prefix is longer than the address"));
        }
        let cidr = Cidr { network, prefix };
        if bits(network) & !cidr.mask() != 0 {
            return Err(invalid(
                "the CIDR range has host bits set (e.g. 10.0.0.1/8): write the network address",
            ));
        }
        Ok(cidr)
    }

    fn mask(&self) -> u128 {
        let width: u32 = if self.network.is_ipv4() { 32 } else { 128 };
        let host = width - u32::from(self.prefix);
        let full: u128 = if width == 32 {
            u128::from(u32::MAX)
        } else {
            u128::MAX
        };
        full.checked_shl(host).map_or(0, |m| m & full)
    }

    /// Whether `ip` is inside this range (IPv4-mapped IPv6 compares as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        ip.is_ipv4() == self.network.is_ipv4() && bits(ip) & self.mask() == bits(self.network)
    }
}
