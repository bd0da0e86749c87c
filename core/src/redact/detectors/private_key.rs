//! PEM private key blocks: `-----BEGIN … PRIVATE KEY-----` up to the matching END line, or to
//! the end of the text when the END line is missing (a truncated log line still hides the key).

use memchr::memmem;

use super::{Candidate, Confirm, Memo, Spec, lit, run};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::PrivateKey,
    pattern: r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:(?s:.)*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?s:.)*)",
    anchors: &["-----BEGIN"],
    first_byte: |c| c == b'-',
    second_byte: |c| c == b'-',
    find: private_key,
    confirm,
};

/// `-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`, then the shortest text up to the same
/// line with `END`, or everything to the end of the text when there is no such line:
/// `(?:(?s:.)*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?s:.)*)`.
fn private_key(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"-----BEGIN") {
        return None;
    }
    let mut from = armor_end(b, at + 10)?;
    let finder = memmem::Finder::new(b"-----END");
    while let Some(i) = b.get(from..).and_then(|r| finder.find(r)) {
        let line = from + i;
        if let Some(end) = armor_end(b, line + 8) {
            return Some(end);
        }
        from = line + 1;
    }
    Some(b.len())
}

/// The end of `[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----` from `from`. `-` is outside the run, so
/// the run ends where `-----` starts: the label is the run's last 11 or 17 bytes.
fn armor_end(b: &[u8], from: usize) -> Option<usize> {
    let run_end = run(b, from, |c| {
        c == b' ' || c.is_ascii_uppercase() || c.is_ascii_digit()
    });
    if !lit(b, run_end, b"-----") {
        return None;
    }
    let label = b.get(from..run_end)?;
    (label.ends_with(b"PRIVATE KEY") || label.ends_with(b"PRIVATE KEY BLOCK"))
        .then_some(run_end + 5)
}

/// The whole block; `Mask` keeps no tail of it.
fn confirm(_: &mut Candidate<'_>) -> Confirm {
    Confirm::Whole {
        confidence: Confidence::High,
        keep_tail: false,
    }
}
