//! AWS access key ids (`AKIA…`, `ASIA…`, `ABIA…`, `ACCA…` and 16 more characters).

use super::{Candidate, Confirm, Memo, Spec, all, lit};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::AwsAccessKeyId,
    pattern: r"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}",
    anchors: &["AKIA", "ASIA", "ABIA", "ACCA"],
    first_byte: |c| c == b'A',
    second_byte: |c| matches!(c, b'K' | b'S' | b'B' | b'C'),
    find: aws_access_key_id,
    confirm,
};

fn aws_access_key_id(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    let prefix = [b"AKIA", b"ASIA", b"ABIA", b"ACCA"]
        .iter()
        .any(|p| lit(b, at, *p));
    let upper_or_digit = |c: u8| c.is_ascii_uppercase() || c.is_ascii_digit();
    (prefix && all(b, at + 4, 16, upper_or_digit)).then_some(at + 20)
}

/// A fixed-length id: not when it runs on into letters or digits on either side.
fn confirm(c: &mut Candidate<'_>) -> Confirm {
    if c.alnum_before() || c.alnum_after() {
        Confirm::Reject
    } else {
        Confirm::whole(Confidence::High)
    }
}
