//! HashiCorp Vault tokens (`hvs.`, `hvb.`, `hvr.` and 24 or more characters).

use super::{Memo, Spec, base64url, lit, run, whole_unless_alnum_before};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::VaultToken,
    pattern: r"hv[sbr]\.[0-9A-Za-z_\-]{24,}",
    anchors: &["hvs.", "hvb.", "hvr."],
    first_byte: |c| c == b'h',
    second_byte: |c| c == b'v',
    find: vault_token,
    confirm: whole_unless_alnum_before,
};

fn vault_token(b: &[u8], at: usize, _: &mut Memo) -> Option<usize> {
    let prefix = lit(b, at, b"hv")
        && matches!(b.get(at + 2), Some(b's' | b'b' | b'r'))
        && b.get(at + 3) == Some(&b'.');
    if !prefix {
        return None;
    }
    let end = run(b, at + 4, base64url);
    (end - (at + 4) >= 24).then_some(end)
}
