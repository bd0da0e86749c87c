//! SendGrid API keys (`SG.`, 22 characters, `.`, 43 characters).

use super::{Candidate, Confirm, Memo, Spec, all, base64url, lit};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::SendgridKey,
    pattern: r"SG\.[0-9A-Za-z_\-]{22}\.[0-9A-Za-z_\-]{43}",
    anchors: &["SG."],
    first_byte: |c| c == b'S',
    second_byte: |c| c == b'G',
    find: sendgrid_key,
    confirm,
};

fn sendgrid_key(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    let shaped = lit(b, at, b"SG.")
        && all(b, at + 3, 22, base64url)
        && b.get(at + 25) == Some(&b'.')
        && all(b, at + 26, 43, base64url);
    shaped.then_some(at + 69)
}

/// A fixed-length key: not when it runs on into letters, digits, `-` or `_`.
fn confirm(c: &mut Candidate<'_>) -> Confirm {
    let base64url_after = c.after.is_some_and(|a| a == b'-' || a == b'_');
    if c.alnum_before() || c.alnum_after() || base64url_after {
        Confirm::Reject
    } else {
        Confirm::whole(Confidence::High)
    }
}
