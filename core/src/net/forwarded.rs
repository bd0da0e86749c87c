//! Reading the hops of `X-Forwarded-For` and RFC 7239 `Forwarded`.
//!
//! A hop is what one proxy wrote about the address it received the request from: an address
//! (optionally with a port, which is dropped), `unknown`, an obfuscated identifier (`_hidden`,
//! RFC 7239 §6.3), or something unreadable. Hops are returned left to right; the caller walks
//! them from the right.
//!
//! Node syntax accepted in both headers: `192.0.2.1`, `192.0.2.1:8080`, `2001:db8::1`,
//! `[2001:db8::1]`, `[2001:db8::1]:8080`, ports as 1-5 digits (≤ 65535) or obfuscated
//! (`_abc`). Addresses are parsed as strictly as everywhere else ([`super::parse_ip`]).
//! Empty list elements (`a,,b`, a trailing comma) are skipped, as RFC 9110 §5.6.1 requires.

use std::net::IpAddr;

use super::ip::parse_ip;

/// One hop of a forwarding header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hop {
    /// An address (a port, if any, is dropped).
    Addr(IpAddr),
    /// `unknown`: the proxy did not know the address.
    Unknown,
    /// An obfuscated identifier (`_hidden`): the proxy hid the address.
    Obfuscated,
    /// Not readable as a node (or, in `Forwarded`, an element without a single `for=`).
    Malformed,
}

/// Reads one node (`for=` value or `X-Forwarded-For` element), already unquoted and trimmed.
pub(crate) fn node(text: &str) -> Hop {
    if text.eq_ignore_ascii_case("unknown") {
        return Hop::Unknown;
    }
    if obfuscated(text) {
        return Hop::Obfuscated;
    }
    if let Some(rest) = text.strip_prefix('[') {
        let Some((address, after)) = rest.split_once(']') else {
            return Hop::Malformed;
        };
        if !after.is_empty() && !after.strip_prefix(':').is_some_and(port) {
            return Hop::Malformed;
        }
        return match parse_ip(address) {
            Ok(ip @ IpAddr::V6(_)) => Hop::Addr(ip),
            _ => Hop::Malformed,
        };
    }
    if let Ok(ip) = parse_ip(text) {
        return Hop::Addr(ip);
    }
    // `a.b.c.d:port`: exactly one colon, after a dotted address.
    match text.split_once(':') {
        Some((address, after)) if !after.contains(':') && port(after) => match parse_ip(address) {
            Ok(ip @ IpAddr::V4(_)) => Hop::Addr(ip),
            _ => Hop::Malformed,
        },
        _ => Hop::Malformed,
    }
}

/// `_` followed by letters, digits, `.`, `_`, `-` (RFC 7239 `obfnode`/`obfport`).
fn obfuscated(text: &str) -> bool {
    text.strip_prefix('_').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    })
}

fn port(text: &str) -> bool {
    obfuscated(text)
        || (!text.is_empty()
            && text.len() <= 5
            && text.bytes().all(|b| b.is_ascii_digit())
            && text.parse::<u32>().is_ok_and(|p| p <= 65_535))
}

const fn ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The `X-Forwarded-For` elements of `value`, right to left, empty elements skipped.
pub(crate) fn x_forwarded_for_rev(value: &str) -> impl Iterator<Item = Hop> + '_ {
    value
        .rsplit(',')
        .map(|element| element.trim_matches(|c| c == ' ' || c == '\t'))
        .filter(|element| !element.is_empty())
        .map(node)
}

/// RFC 7230 `tchar`.
const fn tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// The hops of a `Forwarded` value, left to right, at most `max` of them; `None` when the
/// value is not well-formed (unterminated quote, a pair without `=`, stray characters), since
/// then the elements cannot be told apart. The rightmost `max` hops are kept when there are
/// more (the walk reads from the right).
pub(crate) fn forwarded(value: &str, max: usize) -> Option<(Vec<Hop>, bool)> {
    let bytes = value.as_bytes();
    let mut hops = std::collections::VecDeque::new();
    let mut dropped = false;
    let mut at = 0;
    let mut element_for: Option<Hop> = None;
    let mut element_pairs = 0usize;
    let mut element_fors = 0usize;
    loop {
        while bytes.get(at).copied().is_some_and(ows) {
            at += 1;
        }
        // One pair, or nothing (an empty element or empty pair).
        let name_start = at;
        while bytes.get(at).copied().is_some_and(tchar) {
            at += 1;
        }
        if at > name_start {
            let name = value.get(name_start..at)?;
            if bytes.get(at) != Some(&b'=') {
                return None;
            }
            at += 1;
            let text = if bytes.get(at) == Some(&b'"') {
                at += 1;
                let mut unquoted = String::new();
                loop {
                    match bytes.get(at)? {
                        b'"' => break,
                        b'\\' => {
                            let escaped = *bytes.get(at + 1)?;
                            unquoted.push(char::from(escaped));
                            at += 2;
                        }
                        _ => {
                            let rest = value.get(at..)?;
                            let c = rest.chars().next()?;
                            unquoted.push(c);
                            at += c.len_utf8();
                        }
                    }
                }
                at += 1;
                unquoted
            } else {
                let start = at;
                while bytes.get(at).copied().is_some_and(tchar) {
                    at += 1;
                }
                if at == start {
                    return None;
                }
                value.get(start..at)?.to_owned()
            };
            element_pairs += 1;
            if name.eq_ignore_ascii_case("for") {
                element_fors += 1;
                element_for = Some(node(&text));
            }
        }
        while bytes.get(at).copied().is_some_and(ows) {
            at += 1;
        }
        match bytes.get(at) {
            Some(b';') => at += 1,
            Some(b',') | None => {
                if element_pairs > 0 {
                    let hop = match (element_fors, element_for) {
                        (1, Some(hop)) => hop,
                        _ => Hop::Malformed,
                    };
                    hops.push_back(hop);
                    if hops.len() > max {
                        hops.pop_front();
                        dropped = true;
                    }
                }
                element_for = None;
                element_pairs = 0;
                element_fors = 0;
                if bytes.get(at).is_none() {
                    return Some((hops.into(), dropped));
                }
                at += 1;
            }
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn addr(text: &str) -> Hop {
        Hop::Addr(text.parse().unwrap())
    }

    #[test]
    fn nodes() {
        assert_eq!(node("192.0.2.1"), addr("192.0.2.1"));
        assert_eq!(node("192.0.2.1:8080"), addr("192.0.2.1"));
        assert_eq!(node("[2001:db8::1]:4711"), addr("2001:db8::1"));
        assert_eq!(node("[2001:db8::1]"), addr("2001:db8::1"));
        assert_eq!(node("2001:db8::1"), addr("2001:db8::1"));
        assert_eq!(node("UNKNOWN"), Hop::Unknown);
        assert_eq!(node("_hidden"), Hop::Obfuscated);
        assert_eq!(node("192.0.2.1:_p"), addr("192.0.2.1"));
        for bad in [
            "",
            "_",
            "[1.2.3.4]",
            "1.2.3.4:65536",
            "1.2.3.4:",
            "[::1",
            "[::1]x",
            "010.1.1.1",
            "2001:db8::1:80x",
            "fe80::1%eth0",
        ] {
            assert_eq!(node(bad), Hop::Malformed, "{bad}");
        }
    }

    #[test]
    fn forwarded_elements() {
        let (hops, dropped) = forwarded(
            r#"for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711", for=unknown,,for=_x"#,
            10,
        )
        .unwrap();
        assert!(!dropped);
        assert_eq!(
            hops,
            [
                addr("192.0.2.60"),
                addr("2001:db8:cafe::17"),
                Hop::Unknown,
                Hop::Obfuscated
            ]
        );
        assert_eq!(forwarded("proto=https", 10).unwrap().0, [Hop::Malformed]);
        assert_eq!(
            forwarded("for=1.2.3.4;for=5.6.7.8", 10).unwrap().0,
            [Hop::Malformed]
        );
        assert_eq!(
            forwarded(r#"for="a,b", for=1.2.3.4"#, 10).unwrap().0,
            [Hop::Malformed, addr("1.2.3.4")]
        );
        for bad in [
            r#"for="1.2.3.4"#,
            "for",
            "for=",
            "for=[::1]",
            "for=1.2.3.4 x",
            "=1",
        ] {
            assert!(forwarded(bad, 10).is_none(), "{bad}");
        }
        let (hops, dropped) = forwarded("for=1.1.1.1, for=2.2.2.2, for=3.3.3.3", 2).unwrap();
        assert!(dropped);
        assert_eq!(hops, [addr("2.2.2.2"), addr("3.3.3.3")]);
    }
}
