//! Stripe secret and restricted keys and webhook secrets (`sk_live_`, `sk_test_`, `rk_live_`,
//! `rk_test_`, `whsec_`). Publishable `pk_` keys are not secret.

use super::{Memo, Spec, alnum, lit, run, whole_unless_alnum_before};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::StripeKey,
    pattern: r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z+/=]{16,}",
    anchors: &["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"],
    first_byte: |c| matches!(c, b's' | b'r' | b'w'),
    second_byte: |c| c == b'k' || c == b'h',
    find: stripe_key,
    confirm: whole_unless_alnum_before,
};

fn stripe_key(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    if (lit(b, at, b"sk_") || lit(b, at, b"rk_"))
        && (lit(b, at + 3, b"live_") || lit(b, at + 3, b"test_"))
    {
        let end = run(b, at + 8, alnum);
        return (end - (at + 8) >= 10).then_some(end);
    }
    if lit(b, at, b"whsec_") {
        let end = run(b, at + 6, |c| {
            c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')
        });
        return (end - (at + 6) >= 16).then_some(end);
    }
    None
}
