//! [`client_ip`]: the address of the client behind a chain of proxies.
//!
//! Every proxy appends, at the right of `X-Forwarded-For` (or of `Forwarded`), the address it
//! received the request from. Only what trusted proxies wrote can be believed, so the walk
//! starts at the connection's peer and moves left while the address in hand is a trusted
//! proxy: the first address that is not trusted is the client. Everything to its left was
//! written by the client (or by proxies the client chose) and is never read. When every
//! address is trusted, the leftmost one, the farthest known, is the client (as in
//! `proxy-addr`): it is still only believed because a trusted proxy wrote it.
//!
//! Rules, each with a [`ClientIpReason`]:
//! - the peer is parsed strictly; an unparseable peer is an `NETWORK_INVALID_IP` error (it comes from
//!   the server's socket, not from the request);
//! - one header is read, the one the caller's proxies write ([`ForwardingHeader`], default
//!   `X-Forwarded-For`): reading both, or the other, would believe a header that the client
//!   wrote and no proxy touched;
//! - a header sent several times is one list, its occurrences joined in order with `, `
//!   (RFC 9110 §5.3), then read as one;
//! - over [`ClientIpOptions::max_header_bytes`] joined bytes, the header is not read:
//!   `ip` is `None` (`header-too-long`);
//! - walking more than [`ClientIpOptions::max_hops`] hops, all trusted: `None`
//!   (`too-many-hops`);
//! - a hop that is `unknown`, obfuscated or unreadable where the walk needs it: `None`
//!   (`unknown-hop`, `obfuscated-hop`, `malformed-hop`); a `Forwarded` value that does not
//!   parse: `None` (`malformed-header`). Unreadable hops to the left of the client are never
//!   looked at, so a client cannot cause this with its own header, only shift its own answer;
//! - with the `cloudflare` preset among the trusted proxies, and the peer itself inside
//!   Cloudflare's ranges, a single well-formed `CF-Connecting-IP` is the client
//!   (`cf-connecting-ip`); otherwise that header is ignored (anyone can send it) and the walk
//!   runs as usual.
//!
//! `None` means "not known": treat it as a refusal, never as an address.

use std::net::IpAddr;

use super::allowlist::IpAllowlist;
use super::forwarded::{Hop, forwarded, x_forwarded_for_rev};
use super::ip::{parse_ip, quoted};
use crate::Error;

/// The default for [`ClientIpOptions::max_hops`].
pub const DEFAULT_MAX_HOPS: usize = 32;
/// The default for [`ClientIpOptions::max_header_bytes`].
pub const DEFAULT_MAX_HEADER_BYTES: usize = 16 * 1024;

/// Which forwarding header the proxies in front of the application write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ForwardingHeader {
    /// `X-Forwarded-For` (nginx, HAProxy, AWS and Google load balancers, Cloudflare, Fly…).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded` (`for=` of each element).
    Forwarded,
}

impl ForwardingHeader {
    /// The header's lowercase name, which is also how options name it.
    pub const fn name(self) -> &'static str {
        match self {
            ForwardingHeader::XForwardedFor => "x-forwarded-for",
            ForwardingHeader::Forwarded => "forwarded",
        }
    }

    /// The header called `name` (ASCII case-insensitive).
    ///
    /// # Errors
    /// [`Error::NetworkInvalidOptions`] for any other name.
    pub fn from_name(name: &str) -> Result<ForwardingHeader, Error> {
        [ForwardingHeader::XForwardedFor, ForwardingHeader::Forwarded]
            .into_iter()
            .find(|h| h.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::NetworkInvalidOptions {
                reason: format!(
                    "header must be \"x-forwarded-for\" or \"forwarded\", got {}",
                    quoted(name)
                ),
            })
    }
}

/// How [`client_ip`] reads the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIpOptions {
    /// The header the trusted proxies write.
    pub header: ForwardingHeader,
    /// The most hops walked (default [`DEFAULT_MAX_HOPS`], at least 1).
    pub max_hops: usize,
    /// The longest joined header read (default [`DEFAULT_MAX_HEADER_BYTES`]).
    pub max_header_bytes: usize,
    /// Whether to write [`ClientIp::explanation`] (off by default: it costs a string).
    pub explain: bool,
}

impl Default for ClientIpOptions {
    fn default() -> Self {
        ClientIpOptions {
            header: ForwardingHeader::XForwardedFor,
            max_hops: DEFAULT_MAX_HOPS,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            explain: false,
        }
    }
}

impl ClientIpOptions {
    /// Checks the limits.
    ///
    /// # Errors
    /// [`Error::NetworkInvalidOptions`] when `max_hops` or `max_header_bytes` is zero.
    pub fn check(&self) -> Result<(), Error> {
        if self.max_hops == 0 || self.max_header_bytes == 0 {
            return Err(Error::NetworkInvalidOptions {
                reason:
                    "maxHops / max_hops and maxHeaderBytes / max_header_bytes must be at least 1"
                        .to_owned(),
            });
        }
        Ok(())
    }
}

/// The values of the headers [`client_ip`] reads, one element per occurrence, in the order
/// the request carried them. Bindings collect them from whatever shape the caller has.
#[derive(Clone, Copy, Debug)]
pub struct ProxyHeaders<'a, S: AsRef<str>> {
    /// Every `X-Forwarded-For` value.
    pub x_forwarded_for: &'a [S],
    /// Every `Forwarded` value.
    pub forwarded: &'a [S],
    /// Every `CF-Connecting-IP` value.
    pub cf_connecting_ip: &'a [S],
}

/// The header names [`ProxyHeaders`] holds, lowercase.
pub const PROXY_HEADER_NAMES: [&str; 3] = ["x-forwarded-for", "forwarded", "cf-connecting-ip"];

/// Why [`client_ip`] answered what it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientIpReason {
    /// The peer is not a trusted proxy: it is the client.
    UntrustedPeer,
    /// The peer is Cloudflare and `CF-Connecting-IP` names the client.
    CfConnectingIp,
    /// The first untrusted address, walking from the peer leftwards.
    UntrustedHop,
    /// Every address was trusted: the farthest known one (the peer when there is no header).
    OutermostHop,
    /// The walk reached `unknown`.
    UnknownHop,
    /// The walk reached an obfuscated identifier.
    ObfuscatedHop,
    /// The walk reached an unreadable entry.
    MalformedHop,
    /// The `Forwarded` header does not parse.
    MalformedHeader,
    /// More trusted hops than `max_hops`.
    TooManyHops,
    /// The joined header is longer than `max_header_bytes`.
    HeaderTooLong,
}

impl ClientIpReason {
    /// The stable name bindings expose (`untrusted-hop`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            ClientIpReason::UntrustedPeer => "untrusted-peer",
            ClientIpReason::CfConnectingIp => "cf-connecting-ip",
            ClientIpReason::UntrustedHop => "untrusted-hop",
            ClientIpReason::OutermostHop => "outermost-hop",
            ClientIpReason::UnknownHop => "unknown-hop",
            ClientIpReason::ObfuscatedHop => "obfuscated-hop",
            ClientIpReason::MalformedHop => "malformed-hop",
            ClientIpReason::MalformedHeader => "malformed-header",
            ClientIpReason::TooManyHops => "too-many-hops",
            ClientIpReason::HeaderTooLong => "header-too-long",
        }
    }
}

/// What [`client_ip`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIp {
    /// The client's address, IPv4-mapped addresses as IPv4; `None` when it cannot be known
    /// (treat as a refusal).
    pub ip: Option<IpAddr>,
    /// The addresses read, nearest first: the peer, then each hop walked (the last one is
    /// `ip` when `ip` is known).
    pub chain: Vec<IpAddr>,
    /// Why.
    pub reason: ClientIpReason,
    /// One line per step, when [`ClientIpOptions::explain`] is on.
    pub explanation: Option<String>,
}

/// Writes explanation lines only when asked (formatting costs more than the walk).
struct Notes(Option<String>);

impl Notes {
    fn add(&mut self, line: impl FnOnce() -> String) {
        if let Some(text) = &mut self.0 {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&line());
        }
    }
}

fn trust_note(trusted: &IpAllowlist, ip: IpAddr) -> String {
    trusted
        .entry_for(ip)
        .map_or_else(String::new, |entry| format!(", in {entry}"))
}

/// The client's address behind the proxies in `trusted` (see the module docs for the rules).
///
/// # Errors
/// [`Error::InvalidIp`] when `peer` is not an address; [`Error::NetworkInvalidOptions`] for
/// zero limits.
///
/// ```
/// use edgeward_core::net::{client_ip, ClientIpOptions, IpAllowlist, ProxyHeaders};
/// let trusted = IpAllowlist::new(["loopback", "private"]).unwrap();
/// let headers = ProxyHeaders {
///     x_forwarded_for: &["198.51.100.1, 203.0.113.9, 10.0.0.2"],
///     forwarded: &[] as &[&str],
///     cf_connecting_ip: &[],
/// };
/// let found = client_ip("127.0.0.1", &headers, &trusted, &ClientIpOptions::default()).unwrap();
/// assert_eq!(found.ip, Some("203.0.113.9".parse().unwrap()));
/// assert_eq!(found.reason.as_str(), "untrusted-hop");
/// ```
pub fn client_ip<S: AsRef<str>>(
    peer: &str,
    headers: &ProxyHeaders<'_, S>,
    trusted: &IpAllowlist,
    options: &ClientIpOptions,
) -> Result<ClientIp, Error> {
    options.check()?;
    let peer_ip = parse_ip(peer)?.to_canonical();
    let mut notes = Notes(options.explain.then(String::new));
    let mut chain = Vec::with_capacity(4);
    chain.push(peer_ip);
    let done = |ip: Option<IpAddr>, chain: Vec<IpAddr>, reason, notes: Notes| ClientIp {
        ip,
        chain,
        reason,
        explanation: notes.0,
    };

    if !trusted.contains(peer_ip) {
        notes.add(|| format!("peer {peer_ip}: not a trusted proxy, so it is the client"));
        return Ok(done(
            Some(peer_ip),
            chain,
            ClientIpReason::UntrustedPeer,
            notes,
        ));
    }
    notes.add(|| {
        format!(
            "peer {peer_ip}: trusted proxy{}",
            trust_note(trusted, peer_ip)
        )
    });

    if trusted.has_cloudflare() {
        if trusted.in_cloudflare_preset(peer_ip) {
            match headers.cf_connecting_ip {
                [one] => match parse_ip(one.as_ref()) {
                    Ok(ip) => {
                        let ip = ip.to_canonical();
                        chain.push(ip);
                        notes.add(|| {
                            format!("cf-connecting-ip {ip}: set by Cloudflare, whose address is the peer: the client")
                        });
                        return Ok(done(Some(ip), chain, ClientIpReason::CfConnectingIp, notes));
                    }
                    Err(_) => notes.add(|| {
                        "cf-connecting-ip: not an address, ignored; walking the forwarding header"
                            .to_owned()
                    }),
                },
                [] => notes
                    .add(|| "cf-connecting-ip: absent; walking the forwarding header".to_owned()),
                _ => notes.add(|| {
                    "cf-connecting-ip: sent more than once, ignored; walking the forwarding header"
                        .to_owned()
                }),
            }
        } else if !headers.cf_connecting_ip.is_empty() {
            notes.add(|| {
                format!(
                    "cf-connecting-ip: ignored, the peer is not in Cloudflare's ranges ({} snapshot)",
                    super::presets::CLOUDFLARE_AS_OF
                )
            });
        }
    }

    let name = options.header.name();
    let values = match options.header {
        ForwardingHeader::XForwardedFor => headers.x_forwarded_for,
        ForwardingHeader::Forwarded => headers.forwarded,
    };
    let joined_len = values.iter().map(|v| v.as_ref().len()).fold(
        values.len().saturating_sub(1).saturating_mul(2),
        usize::saturating_add,
    );
    if joined_len > options.max_header_bytes {
        notes.add(|| {
            format!(
                "{name}: {joined_len} bytes, over maxHeaderBytes ({}): not read, client unknown",
                options.max_header_bytes
            )
        });
        return Ok(done(None, chain, ClientIpReason::HeaderTooLong, notes));
    }

    // The hops, right to left, at most max_hops + 1 (one more tells "too many").
    let limit = options.max_hops.saturating_add(1);
    let hops: Vec<Hop> = match options.header {
        ForwardingHeader::XForwardedFor => values
            .iter()
            .rev()
            .flat_map(|value| x_forwarded_for_rev(value.as_ref()))
            .take(limit)
            .collect(),
        ForwardingHeader::Forwarded => {
            let joined = values
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<&str>>()
                .join(", ");
            match forwarded(&joined, limit) {
                Some((mut hops, _)) => {
                    hops.reverse();
                    hops
                }
                None => {
                    notes.add(|| format!("{name}: does not parse (RFC 7239), client unknown"));
                    return Ok(done(None, chain, ClientIpReason::MalformedHeader, notes));
                }
            }
        }
    };

    for (index, hop) in hops.into_iter().enumerate() {
        let position = index + 1;
        if position > options.max_hops {
            notes.add(|| {
                format!(
                    "{name}: more than maxHops ({}) trusted hops, client unknown",
                    options.max_hops
                )
            });
            return Ok(done(None, chain, ClientIpReason::TooManyHops, notes));
        }
        let (reason, what) = match hop {
            Hop::Addr(ip) => {
                let ip = ip.to_canonical();
                chain.push(ip);
                if trusted.contains(ip) {
                    notes.add(|| {
                        format!(
                            "{name} hop {position} from the right, {ip}: trusted proxy{}",
                            trust_note(trusted, ip)
                        )
                    });
                    continue;
                }
                notes.add(|| {
                    format!("{name} hop {position} from the right, {ip}: not a trusted proxy, so it is the client")
                });
                return Ok(done(Some(ip), chain, ClientIpReason::UntrustedHop, notes));
            }
            Hop::Unknown => (ClientIpReason::UnknownHop, "`unknown`"),
            Hop::Obfuscated => (ClientIpReason::ObfuscatedHop, "an obfuscated identifier"),
            Hop::Malformed => (ClientIpReason::MalformedHop, "not an address"),
        };
        notes.add(|| format!("{name} hop {position} from the right: {what}, client unknown"));
        return Ok(done(None, chain, reason, notes));
    }

    let outermost = chain.last().copied();
    notes.add(|| match outermost {
        Some(ip) if chain.len() > 1 => {
            format!("every address is a trusted proxy: the farthest, {ip}, is the client")
        }
        _ => format!("no {name} hop: the peer is the client"),
    });
    Ok(done(outermost, chain, ClientIpReason::OutermostHop, notes))
}
