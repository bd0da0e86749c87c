//! Anthropic API keys (`sk-ant-api03-…`, `sk-ant-admin01-…`, `sk-ant-oat01-…`).

use super::{Memo, Spec, all, base64url, digit, lit, run, run_memo, whole_unless_alnum_before};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::AnthropicKey,
    pattern: r"sk-ant-[a-z]+[0-9]{2}-[0-9A-Za-z_\-]{32,}",
    // `sk-ant-` holds `sk-`, the OpenAI anchor, too.
    anchors: &["sk-"],
    first_byte: |c| c == b's',
    second_byte: |c| c == b'k',
    find: anthropic_key,
    confirm: whole_unless_alnum_before,
};

fn anthropic_key(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"sk-ant-") {
        return None;
    }
    let kind_end = run(b, at + 7, |c| c.is_ascii_lowercase());
    if kind_end == at + 7 || !all(b, kind_end, 2, digit) || b.get(kind_end + 2) != Some(&b'-') {
        return None;
    }
    let body = kind_end + 3;
    let end = run_memo(b, body, base64url, &mut memo.base64url);
    (end - body >= 32).then_some(end)
}
