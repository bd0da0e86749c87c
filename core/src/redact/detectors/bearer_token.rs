//! `Bearer <token>` credentials (`Bearer`, `bearer`, `BEARER`); the token is redacted.

use super::{Candidate, Confirm, Memo, Spec, credential, credential_start};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::BearerToken,
    pattern: r"(?:[Bb]earer|BEARER)(?:[ \t]|%20)+[0-9A-Za-z._~+/\-]+=*",
    anchors: &["Bearer", "bearer", "BEARER"],
    first_byte: |c| matches!(c, b'B' | b'b'),
    second_byte: |c| c == b'e' || c == b'E',
    find: bearer_token,
    confirm,
};

fn bearer_token(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    credential(
        b,
        at,
        &[b"Bearer", b"bearer", b"BEARER"],
        |c| c.is_ascii_alphanumeric() || b"._~+/-".contains(&c),
        usize::MAX,
    )
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    let (ts, te) = (c.start + credential_start(c.matched()), c.end);
    let token = c.text.get(ts..te).unwrap_or("");
    if c.alnum_before() || !looks_like_token(token) {
        Confirm::Reject
    } else {
        Confirm::Part(ts, te)
    }
}

/// A Bearer token, as opposed to prose (`bearer tokens`, `Bearer authentication`).
fn looks_like_token(t: &str) -> bool {
    if t.len() < 8 {
        return false;
    }
    let mut chars = t.bytes();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let wordish = first_ok && chars.all(|c| c.is_ascii_lowercase() || c == b'-' || c == b'_');
    !wordish
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_shapes() {
        assert!(looks_like_token("abc123def456"));
        assert!(!looks_like_token("authentication"));
        assert!(!looks_like_token("Authentication"));
        assert!(!looks_like_token("short"));
    }
}
