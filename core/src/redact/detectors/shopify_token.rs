//! Shopify access tokens and shared secrets (`shpat_`, `shpca_`, `shppa_`, `shpss_` and 32
//! hex digits).

use super::{Candidate, Confirm, Memo, Spec, all, lit};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::ShopifyToken,
    pattern: r"shp(?:at|ca|pa|ss)_[0-9A-Fa-f]{32}",
    anchors: &["shp"],
    first_byte: |c| c == b's',
    second_byte: |c| c == b'h',
    find: shopify_token,
    confirm,
};

fn shopify_token(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    let prefix = [b"shpat_", b"shpca_", b"shppa_", b"shpss_"]
        .iter()
        .any(|p| lit(b, at, *p));
    (prefix && all(b, at + 6, 32, |c| c.is_ascii_hexdigit())).then_some(at + 38)
}

/// A fixed-length token: not when it runs on into letters or digits on either side.
fn confirm(c: &mut Candidate<'_>) -> Confirm {
    if c.alnum_before() || c.alnum_after() {
        Confirm::Reject
    } else {
        Confirm::whole(Confidence::High)
    }
}
