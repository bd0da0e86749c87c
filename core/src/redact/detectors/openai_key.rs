//! OpenAI API keys: project, service-account and admin keys (`sk-proj-`, `sk-svcacct-`,
//! `sk-admin-`, `sk-None-` and 20 or more characters) and legacy user keys (`sk-` and exactly
//! 48 letters and digits).

use super::{Candidate, Confirm, Memo, Spec, all, alnum, base64url, lit, run_memo};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::OpenaiKey,
    pattern: r"sk-(?:proj|svcacct|admin|None)-[0-9A-Za-z_\-]{20,}|sk-[0-9A-Za-z]{48}",
    anchors: &["sk-"],
    first_byte: |c| c == b's',
    second_byte: |c| c == b'k',
    find: openai_key,
    confirm,
};

fn openai_key(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"sk-") {
        return None;
    }
    let kind = [&b"proj-"[..], b"svcacct-", b"admin-", b"None-"]
        .into_iter()
        .find(|k| lit(b, at + 3, k));
    if let Some(kind) = kind {
        let body = at + 3 + kind.len();
        // The kinds are base64url too: every start inside a key reaches the same end.
        let end = run_memo(b, body, base64url, &mut memo.base64url);
        if end - body >= 20 {
            return Some(end);
        }
    }
    all(b, at + 3, 48, alnum).then_some(at + 51)
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    // A legacy key is exactly 48 characters: a longer run is something else.
    let m = c.matched();
    let legacy = m.len() == 51 && !m.get(3..).is_some_and(|r| r.contains('-'));
    if c.alnum_before() || (legacy && c.alnum_after()) {
        Confirm::Reject
    } else {
        Confirm::whole(Confidence::High)
    }
}
