//! npm access tokens (`npm_` and 36 letters and digits). A bad checksum lowers the reported
//! confidence but never stops the redaction.

use super::github_token::github_checksum;
use super::{Candidate, Confirm, Memo, Spec, all, alnum, lit};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::NpmToken,
    pattern: r"npm_[0-9A-Za-z]{36}",
    anchors: &["npm_"],
    first_byte: |c| c == b'n',
    second_byte: |c| c == b'p',
    find: npm_token,
    confirm,
};

fn npm_token(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    (lit(b, at, b"npm_") && all(b, at + 4, 36, alnum)).then_some(at + 40)
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    if c.alnum_before() || c.alnum_after() {
        Confirm::Reject
    } else {
        Confirm::whole(npm_confidence(c.matched()))
    }
}

/// npm tokens carry GitHub's checksum: `npm_` + 30 random + 6 base62 of their CRC32. High
/// when it verifies, Low otherwise (still redacted).
fn npm_confidence(token: &str) -> Confidence {
    let b = token.as_bytes();
    match (b.get(4..34), b.get(34..)) {
        (Some(random), Some(check)) if b.len() == 40 && check == github_checksum(random) => {
            Confidence::High
        }
        _ => Confidence::Low,
    }
}
