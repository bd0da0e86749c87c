//! Discord webhook URLs; the token after the webhook id is redacted.

use super::{Candidate, Confirm, Memo, Spec, base64url, digit, lit, run};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::DiscordWebhook,
    pattern: r"https?://(?:(?:canary|ptb)\.)?discord(?:app)?\.com/api/(?:v[0-9]+/)?webhooks/[0-9]+/[0-9A-Za-z_\-]+",
    anchors: &["discord"],
    first_byte: |c| c == b'h',
    second_byte: |c| c == b't',
    find: discord_webhook,
    confirm,
};

fn discord_webhook(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"http") {
        return None;
    }
    let mut i = at + 4;
    if b.get(i) == Some(&b's') {
        i += 1;
    }
    if !lit(b, i, b"://") {
        return None;
    }
    i += 3;
    if let Some(sub) = [&b"canary."[..], b"ptb."]
        .into_iter()
        .find(|k| lit(b, i, k))
    {
        i += sub.len();
    }
    if !lit(b, i, b"discord") {
        return None;
    }
    i += 7;
    if lit(b, i, b"app") {
        i += 3;
    }
    if !lit(b, i, b".com/api/") {
        return None;
    }
    i += 9;
    if b.get(i) == Some(&b'v') {
        let digits_end = run(b, i + 1, digit);
        if digits_end == i + 1 || b.get(digits_end) != Some(&b'/') {
            return None;
        }
        i = digits_end + 1;
    }
    if !lit(b, i, b"webhooks/") {
        return None;
    }
    i += 9;
    let id_end = run(b, i, digit);
    if id_end == i || b.get(id_end) != Some(&b'/') {
        return None;
    }
    let end = run(b, id_end + 1, base64url);
    (end > id_end + 1).then_some(end)
}

/// The token after the last `/`; the webhook id stays.
fn confirm(c: &mut Candidate<'_>) -> Confirm {
    match c.matched().rfind('/') {
        Some(slash) => Confirm::Part(c.start + slash + 1, c.end),
        None => Confirm::Reject,
    }
}
