//! Google API keys (`AIza` and 35 more characters).

use super::{Candidate, Confirm, Memo, Spec, all, base64url, lit};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::GoogleApiKey,
    pattern: r"AIza[0-9A-Za-z_\-]{35}",
    anchors: &["AIza"],
    first_byte: |c| c == b'A',
    second_byte: |c| c == b'I',
    find: google_api_key,
    confirm,
};

fn google_api_key(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    (lit(b, at, b"AIza") && all(b, at + 4, 35, base64url)).then_some(at + 39)
}

/// A fixed-length key: not when it runs on into base64url characters.
fn confirm(c: &mut Candidate<'_>) -> Confirm {
    if c.alnum_before() || c.after.is_some_and(base64url) {
        Confirm::Reject
    } else {
        Confirm::whole(Confidence::High)
    }
}
