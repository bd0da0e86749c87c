//! Standard Webhooks Ed25519 secret keys (`whsk_` and base64). Public `whpk_` keys are not
//! secret.

use super::{Memo, Spec, lit, run, whole_unless_alnum_before};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::WebhookSigningKey,
    pattern: r"whsk_[0-9A-Za-z+/=]{32,}",
    anchors: &["whsk_"],
    first_byte: |c| c == b'w',
    second_byte: |c| c == b'h',
    find: webhook_signing_key,
    confirm: whole_unless_alnum_before,
};

fn webhook_signing_key(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"whsk_") {
        return None;
    }
    let end = run(b, at + 5, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')
    });
    (end - (at + 5) >= 32).then_some(end)
}
