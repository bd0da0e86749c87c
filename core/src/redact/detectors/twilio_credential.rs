//! Twilio credentials: an account SID or API key SID (`AC`/`SK` and 32 lowercase hex digits)
//! joined by `:` to its auth token or key secret (32 letters and digits); the secret is
//! redacted. A SID alone is an identifier and stays.

use super::{Candidate, Confirm, Memo, Spec, all, alnum, lit};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::TwilioCredential,
    pattern: r"(?:AC|SK)[0-9a-f]{32}:[0-9A-Za-z]{32}",
    // No anchor: `AC` and `SK` (two bytes, and common in text) would make the prefilter
    // slower for every string; the scan flags a string holding a `:` and at least
    // `MIN_LEN` bytes instead (`scan::Detectors::need`).
    anchors: &[],
    first_byte: |c| c == b'A' || c == b'S',
    second_byte: |c| c == b'C' || c == b'K',
    find: twilio_credential,
    confirm,
};

/// The length of every match: a strict pattern, no shorter string holds one.
pub(crate) const MIN_LEN: usize = 67;

/// `(?:AC|SK)[0-9a-f]{32}:[0-9A-Za-z]{32}`: a Twilio account or API key SID and its secret.
fn twilio_credential(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    let lower_hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    let shaped = (lit(b, at, b"AC") || lit(b, at, b"SK"))
        && all(b, at + 2, 32, lower_hex)
        && b.get(at + 34) == Some(&b':')
        && all(b, at + 35, 32, alnum);
    shaped.then_some(at + MIN_LEN)
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    if c.alnum_before() || c.alnum_after() {
        Confirm::Reject
    } else {
        // The SID is an identifier: only the secret after `:` goes.
        Confirm::Part(c.start + 35, c.end)
    }
}
