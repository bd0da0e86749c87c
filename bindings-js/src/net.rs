//! Network guards for JS: `IpAllowlist` and `clientIp`, over `edgeward_core::net`.
//!
//! The shims hold an [`IpAllowlist`] (built here from JS-style options) and call
//! [`client_ip_flat`], which reads the JS option values (numbers as `f64`, the header name as
//! a string) and returns the result flattened for the facade (`lib/net.js`):
//! `[reason, ip or "", explanation or "", ...chain]`. Every decision is the core's.

use edgeward_core::net::{
    ClientIpOptions, ForwardingHeader, HostBits, IpAllowlist, IpAllowlistOptions, ProxyHeaders,
    client_ip,
};

use crate::{Error, Result};

/// A JS number option as a count: a whole number from 1 up, or the error naming it.
fn count(value: Option<f64>, name: &str, default: usize) -> Result<usize> {
    let Some(number) = value else {
        return Ok(default);
    };
    if !(number.is_finite()
        && number >= 1.0
        && number.fract() == 0.0
        && number <= 9.007_199_254_740_991e15)
    {
        return Err(Error::NetworkInvalidOptions {
            reason: format!("{name} must be a whole number of at least 1, got {number}"),
        });
    }
    // In range (checked above): the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(number as usize)
}

/// `new IpAllowlist(entries, { allowHostBits, maxEntries })`.
///
/// # Errors
/// `NETWORK_INVALID_CIDR` for a bad entry; `NETWORK_INVALID_OPTIONS` for a bad `maxEntries`.
pub fn ip_allowlist(
    entries: &[String],
    allow_host_bits: bool,
    max_entries: Option<f64>,
) -> Result<IpAllowlist> {
    let options = IpAllowlistOptions {
        host_bits: if allow_host_bits {
            HostBits::Clear
        } else {
            HostBits::Refuse
        },
        max_entries: count(
            max_entries,
            "maxEntries",
            edgeward_core::net::DEFAULT_MAX_ENTRIES,
        )?,
    };
    IpAllowlist::with_options(entries, &options)
}

/// The request side of `clientIp`, as the facade read it.
pub struct ClientIpArgs<'a> {
    /// The socket's remote address.
    pub peer: &'a str,
    /// Every `X-Forwarded-For` value, in order.
    pub x_forwarded_for: &'a [String],
    /// Every `Forwarded` value, in order.
    pub forwarded: &'a [String],
    /// Every `CF-Connecting-IP` value, in order.
    pub cf_connecting_ip: &'a [String],
    /// `header` option (`"x-forwarded-for"` or `"forwarded"`).
    pub header: Option<&'a str>,
    /// `maxHops` option.
    pub max_hops: Option<f64>,
    /// `maxHeaderBytes` option.
    pub max_header_bytes: Option<f64>,
    /// `explain` option.
    pub explain: bool,
}

/// `clientIp(...)` flattened: `[reason, ip or "", explanation or "", ...chain]`.
///
/// # Errors
/// `NETWORK_INVALID_IP` for a bad peer; `NETWORK_INVALID_OPTIONS` for bad options.
pub fn client_ip_flat(trusted: &IpAllowlist, args: &ClientIpArgs<'_>) -> Result<Vec<String>> {
    let options = ClientIpOptions {
        header: match args.header {
            Some(name) => ForwardingHeader::from_name(name)?,
            None => ForwardingHeader::default(),
        },
        max_hops: count(
            args.max_hops,
            "maxHops",
            edgeward_core::net::DEFAULT_MAX_HOPS,
        )?,
        max_header_bytes: count(
            args.max_header_bytes,
            "maxHeaderBytes",
            edgeward_core::net::DEFAULT_MAX_HEADER_BYTES,
        )?,
        explain: args.explain,
    };
    let headers = ProxyHeaders {
        x_forwarded_for: args.x_forwarded_for,
        forwarded: args.forwarded,
        cf_connecting_ip: args.cf_connecting_ip,
    };
    let found = client_ip(args.peer, &headers, trusted, &options)?;
    let mut flat = Vec::with_capacity(3 + found.chain.len());
    flat.push(found.reason.as_str().to_owned());
    flat.push(found.ip.map(|ip| ip.to_string()).unwrap_or_default());
    flat.push(found.explanation.unwrap_or_default());
    flat.extend(found.chain.iter().map(ToString::to_string));
    Ok(flat)
}

/// The error for a `trustedProxies`/entries argument of the wrong type (`given` names it).
pub fn entries_type_error(given: &str) -> Error {
    Error::NetworkInvalidOptions {
        reason: format!(
            "ranges must be an array of strings (CIDR ranges, addresses or preset names) or an \
             IpAllowlist, got {given}"
        ),
    }
}

/// The error for an argument of the wrong type or shape, as the facade words it.
pub fn options_error(reason: &str) -> Error {
    Error::NetworkInvalidOptions {
        reason: reason.to_owned(),
    }
}

/// The error for `ip`/`peer` arguments that are not strings.
pub fn ip_type_error(what: &str, given: &str) -> Error {
    Error::InvalidIp {
        reason: format!("{what} must be a string, got {given}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn options_and_flattening() {
        let list = ip_allowlist(&["loopback".to_owned()], false, None).unwrap();
        let xff = ["203.0.113.9".to_owned()];
        let args = ClientIpArgs {
            peer: "127.0.0.1",
            x_forwarded_for: &xff,
            forwarded: &[],
            cf_connecting_ip: &[],
            header: None,
            max_hops: Some(3.0),
            max_header_bytes: None,
            explain: false,
        };
        assert_eq!(
            client_ip_flat(&list, &args).unwrap(),
            [
                "untrusted-hop",
                "203.0.113.9",
                "",
                "127.0.0.1",
                "203.0.113.9"
            ]
        );
        for bad in [0.0, 1.5, f64::NAN, -1.0, f64::INFINITY] {
            let args = ClientIpArgs {
                max_hops: Some(bad),
                ..args
            };
            assert_eq!(
                client_ip_flat(&list, &args).unwrap_err().code().as_str(),
                "NETWORK_INVALID_OPTIONS"
            );
        }
        assert!(ip_allowlist(&[], false, Some(0.0)).is_err());
    }
}
