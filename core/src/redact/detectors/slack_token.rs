//! Slack tokens (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xoxe-`, `xoxo-`, `xapp-`).

use super::{Memo, Spec, digit, lit, run, run_memo, whole_unless_alnum_before};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::SlackToken,
    pattern: r"xox[abposre]-[0-9A-Za-z\-]{10,}|xapp-[0-9]+-[0-9A-Za-z\-]{10,}",
    anchors: &[
        "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-",
    ],
    first_byte: |c| c == b'x',
    second_byte: |c| c == b'o' || c == b'a',
    find: slack_token,
    confirm: whole_unless_alnum_before,
};

fn token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

fn slack_token(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    let body = if lit(b, at, b"xox")
        && matches!(
            b.get(at + 3),
            Some(b'a' | b'b' | b'p' | b'o' | b's' | b'r' | b'e')
        )
        && b.get(at + 4) == Some(&b'-')
    {
        at + 5
    } else if lit(b, at, b"xapp-") {
        let digits_end = run(b, at + 5, digit);
        if digits_end == at + 5 || b.get(digits_end) != Some(&b'-') {
            return None;
        }
        digits_end + 1
    } else {
        return None;
    };
    // The prefixes are made of token bytes: remember the run.
    let end = run_memo(b, body, token_byte, &mut memo.slack);
    (end - body >= 10).then_some(end)
}
