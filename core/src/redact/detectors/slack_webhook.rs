//! Slack incoming-webhook URLs; the secret path after `hooks.slack.com/<kind>/` is redacted.

use super::{Candidate, Confirm, Memo, Spec, lit, run};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::SlackWebhook,
    pattern: r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[0-9A-Za-z_/\-]+",
    anchors: &["hooks.slack.com"],
    first_byte: |c| c == b'h',
    second_byte: |c| c == b't',
    find: slack_webhook,
    confirm,
};

fn slack_webhook(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"http") {
        return None;
    }
    let mut i = at + 4;
    if b.get(i) == Some(&b's') {
        i += 1;
    }
    if !lit(b, i, b"://hooks.slack.com/") {
        return None;
    }
    i += 19;
    let kind = [&b"services/"[..], b"workflows/", b"triggers/"]
        .into_iter()
        .find(|k| lit(b, i, k))?;
    i += kind.len();
    let end = run(b, i, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'/' | b'-')
    });
    (end > i).then_some(end)
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    match webhook_secret(c.matched()) {
        Some(start) => Confirm::Part(c.start + start, c.end),
        None => Confirm::Reject,
    }
}

/// The secret path of a Slack webhook URL: after `hooks.slack.com/<kind>/`.
fn webhook_secret(m: &str) -> Option<usize> {
    let host = m.find("hooks.slack.com/")? + "hooks.slack.com/".len();
    let kind_end = m.get(host..)?.find('/')? + host + 1;
    (kind_end < m.len()).then_some(kind_end)
}
