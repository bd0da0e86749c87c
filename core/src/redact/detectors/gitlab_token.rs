//! GitLab tokens: personal, project and group access tokens (`glpat-`), deploy tokens
//! (`gldt-`), runner tokens (`glrt-`), pipeline trigger tokens (`glptt-`).

use super::{Memo, Spec, base64url, lit, run_memo, whole_unless_alnum_before};
use crate::redact::options::Detector;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::GitlabToken,
    pattern: r"gl(?:pat|dt|rt|ptt)-[0-9A-Za-z_\-]{20,}",
    anchors: &["glpat-", "gldt-", "glrt-", "glptt-"],
    first_byte: |c| c == b'g',
    second_byte: |c| c == b'l',
    find: gitlab_token,
    confirm: whole_unless_alnum_before,
};

fn gitlab_token(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    let kind = [&b"glpat-"[..], b"gldt-", b"glrt-", b"glptt-"]
        .into_iter()
        .find(|k| lit(b, at, k))?;
    let body = at + kind.len();
    let end = run_memo(b, body, base64url, &mut memo.base64url);
    (end - body >= 20).then_some(end)
}
