//! `Basic <base64(user:password)>` credentials (`Basic`, `basic`, `BASIC`); the base64 part
//! is redacted.

use base64ct::{Base64, Base64Unpadded, Encoding};

use super::{Candidate, Confirm, Memo, Spec, credential, credential_start};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::BasicAuth,
    pattern: r"(?:[Bb]asic|BASIC)(?:[ \t]|%20)+[0-9A-Za-z+/]+={0,2}",
    anchors: &["Basic", "basic", "BASIC"],
    first_byte: |c| matches!(c, b'B' | b'b'),
    second_byte: |c| c == b'a' || c == b'A',
    find: basic_auth,
    confirm,
};

fn basic_auth(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    credential(
        b,
        at,
        &[b"Basic", b"basic", b"BASIC"],
        |c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/',
        2,
    )
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    let (ts, te) = (c.start + credential_start(c.matched()), c.end);
    let token = c.text.get(ts..te).unwrap_or("");
    if c.alnum_before() || !is_basic_credential(token) {
        Confirm::Reject
    } else {
        Confirm::Part(ts, te)
    }
}

/// `Basic` credentials: base64 of `user:password`, printable.
fn is_basic_credential(t: &str) -> bool {
    let decoded = if t.len() % 4 == 0 {
        Base64::decode_vec(t)
    } else {
        Base64Unpadded::decode_vec(t.trim_end_matches('='))
    };
    let Ok(bytes) = decoded else { return false };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    text.contains(':') && !text.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_shapes() {
        assert!(is_basic_credential("dXNlcjpwYXNz"));
        assert!(!is_basic_credential("authentication"));
    }
}
