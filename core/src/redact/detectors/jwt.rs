//! JSON Web Tokens: three (or five) base64url parts whose first decodes to a JSON object
//! (`{"` or `{ ` first, as every JWT header).

use base64ct::{Base64UrlUnpadded, Encoding};

use super::{Candidate, Confirm, Memo, Spec, base64url, lit, run, run_memo};
use crate::redact::json::is_json_object;
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::Jwt,
    pattern: r"ey[A-DI-L][0-9A-Za-z_\-]{3,}\.[0-9A-Za-z_\-]*\.[0-9A-Za-z_\-]*(?:\.[0-9A-Za-z_\-]+\.[0-9A-Za-z_\-]+)?",
    anchors: &["eyA", "eyB", "eyC", "eyD", "eyI", "eyJ", "eyK", "eyL"],
    first_byte: |c| c == b'e',
    second_byte: |c| c == b'y',
    find: jwt,
    confirm,
};

/// The first three characters encode `{` then `"` or a space, as every JWT header does.
fn jwt(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"ey") || !matches!(b.get(at + 2), Some(b'A'..=b'D' | b'I'..=b'L')) {
        return None;
    }
    // The prefix is base64url too: every start inside a header reaches the same `.`.
    let header_end = run_memo(b, at + 3, base64url, &mut memo.base64url);
    if header_end - (at + 3) < 3 {
        return None;
    }
    if let Some((known, end)) = memo.jwt {
        if known == header_end {
            return end;
        }
    }
    let end = jwt_segments(b, header_end);
    memo.jwt = Some((header_end, end));
    end
}

/// From the header's end: `\.[..]*\.[..]*(?:\.[..]+\.[..]+)?` (a JWS, or a JWE's five parts).
fn jwt_segments(b: &[u8], header_end: usize) -> Option<usize> {
    let dot = |i: usize| b.get(i) == Some(&b'.');
    if !dot(header_end) {
        return None;
    }
    let payload_end = run(b, header_end + 1, base64url);
    if !dot(payload_end) {
        return None;
    }
    let third_end = run(b, payload_end + 1, base64url);
    if dot(third_end) {
        let fourth_end = run(b, third_end + 1, base64url);
        if fourth_end > third_end + 1 && dot(fourth_end) {
            let fifth_end = run(b, fourth_end + 1, base64url);
            if fifth_end > fourth_end + 1 {
                return Some(fifth_end);
            }
        }
    }
    Some(third_end)
}

/// The header must decode to a JSON object. A refused header is skipped whole: every later
/// start inside it reaches the same `.`.
fn confirm(c: &mut Candidate<'_>) -> Confirm {
    let (ms, me) = (c.start, c.end);
    let header_end = c
        .text
        .get(ms..me)
        .and_then(|t| t.find('.'))
        .map_or(me, |i| ms + i);
    if c.before.is_some_and(base64url) {
        return Confirm::RejectUntil(header_end);
    }
    let header = c.text.get(ms..header_end).unwrap_or("");
    match Base64UrlUnpadded::decode_vec(header) {
        Ok(json) if is_json_object(&json) => Confirm::whole(Confidence::High),
        _ => Confirm::RejectUntil(header_end),
    }
}
