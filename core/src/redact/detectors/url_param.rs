//! `name=value` pairs whose name is a sensitive key (URL query and fragment parameters,
//! logfmt, cookies): the value is redacted. Inside percent-encoded URLs too (`token%3D…`, once
//! or twice encoded), up to the next encoded delimiter.
//!
//! Not a pattern (it reads the key list), so not in the registry: the scan calls
//! [`scan_params`] itself for strings holding a `=` (or an encoded one).
//!
//! Threat model: the text is attacker-controlled. A hand-written pass over each `=`: the name
//! is read backwards at most [`MAX_PARAM_NAME`] bytes, only a sensitive name reads its value,
//! and scanning resumes after it, so the work stays linear.

use crate::redact::scan::{Hit, ScanState};
use crate::redact::sensitive_keys::KeyMatcher;

/// Longest accepted `name` in `name=value`.
const MAX_PARAM_NAME: usize = 64;

/// Percent-encoded `=` (once or twice), for `name%3Dvalue` pairs inside encoded URLs: a
/// string holding one is scanned for pairs even without a plain `=` (prefilter anchors).
pub(crate) const ENCODED_EQUALS: &[&str] = &["%3D", "%3d", "%253D", "%253d"];

/// The byte a percent escape at `i` encodes and the escape's length: `%HH`, or `%25HH` (a
/// `%HH` encoded again, as in a URL nested in a parameter of another).
pub(crate) fn percent_escape(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let hex = |j: usize| b.get(j).and_then(|c| char::from(*c).to_digit(16));
    if b.get(i) != Some(&b'%') {
        return None;
    }
    let byte = u8::try_from(hex(i + 1)? * 16 + hex(i + 2)?).ok()?;
    if byte == b'%'
        && let (Some(h), Some(l)) = (hex(i + 3), hex(i + 4))
    {
        return Some((u8::try_from(h * 16 + l).ok()?, 5));
    }
    Some((byte, 3))
}

/// Bytes allowed in a parameter name.
pub(crate) fn name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'[' | b']' | b'-')
}

/// Bytes that may precede a parameter name: URL and fragment separators, logfmt and cookie
/// separators, whitespace, an opening brace or parenthesis.
fn name_delimiter(c: u8) -> bool {
    matches!(c, b'?' | b'&' | b';' | b'#' | b',' | b'{' | b'(') || c.is_ascii_whitespace()
}

/// Bytes that end an unquoted parameter value.
fn value_end(c: u8) -> bool {
    matches!(
        c,
        b'&' | b'#' | b'"' | b'\'' | b',' | b';' | b'?' | b'{' | b'('
    ) || c.is_ascii_whitespace()
}

/// `name=value` pairs with a sensitive name (URL query and fragment parameters, logfmt,
/// cookies): the value is a secret. A hand-written pass over each `=`: the name is read
/// backwards (at most 64 bytes) and checked against the key list; only a sensitive name reads
/// its value, and scanning resumes after it, so the work stays linear.
///
/// Inside a percent-encoded URL (`next=%2Fpay%3Ftoken%3Dabc%26x%3D1`, once or twice encoded)
/// `%3D` is the `=`, an encoded delimiter (`%3F`, `%26`, `%20`, …) may precede the name, and
/// an encoded delimiter ends the value.
pub(crate) fn scan_params(s: &str, keys: &KeyMatcher, st: &mut ScanState<'_>) {
    let b = s.as_bytes();
    let mut from = 0usize;
    while let Some(found) = b.get(from..).and_then(|r| memchr::memchr2(b'=', b'%', r)) {
        let eq = from + found;
        from = eq + 1;
        let (value_at, encoded) = if b.get(eq) == Some(&b'=') {
            (eq + 1, false)
        } else {
            match percent_escape(b, eq) {
                Some((b'=', len)) => (eq + len, true),
                _ => continue,
            }
        };
        let mut ns = eq;
        while ns > 0 && eq - ns <= MAX_PARAM_NAME && b.get(ns - 1).copied().is_some_and(name_byte) {
            ns -= 1;
        }
        if ns == eq || eq - ns > MAX_PARAM_NAME {
            continue;
        }
        if ns > 0 && !b.get(ns - 1).copied().is_some_and(name_delimiter) {
            // An encoded delimiter: its hex digits were read as part of the name.
            match percent_escape(b, ns - 1) {
                Some((c, len)) if name_delimiter(c) && ns - 1 + len < eq => ns = ns - 1 + len,
                _ => continue,
            }
        }
        let Some(name) = s.get(ns..eq) else { continue };
        if st.key_rule(keys, name).is_none() {
            continue;
        }
        let (vs, ve) = if !encoded && b.get(value_at) == Some(&b'"') {
            match b
                .get(value_at + 1..)
                .and_then(|r| r.iter().position(|&c| c == b'"'))
            {
                Some(q) => (value_at + 1, value_at + 1 + q),
                None => continue,
            }
        } else {
            let mut end = value_at;
            while let Some(&c) = b.get(end) {
                let encoded_end = encoded
                    && c == b'%'
                    && percent_escape(b, end).is_some_and(|(d, _)| value_end(d) || d == b'=');
                if value_end(c) || encoded_end {
                    break;
                }
                end += 1;
            }
            (value_at, end)
        };
        if ve > vs {
            st.hits.push(Hit::pair_value(vs, ve));
            from = ve;
        }
    }
}
