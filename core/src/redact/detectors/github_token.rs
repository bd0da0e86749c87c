//! GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`). A bad checksum lowers
//! the reported confidence but never stops the redaction.

use super::{Candidate, Confirm, Memo, Spec, alnum, lit, run, run_memo, word};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::GithubToken,
    pattern: r"gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{30,}",
    anchors: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    first_byte: |c| c == b'g',
    second_byte: |c| c == b'h' || c == b'i',
    find: github_token,
    confirm,
};

fn github_token(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if lit(b, at, b"gh") && matches!(b.get(at + 2), Some(b'p' | b'o' | b'u' | b's' | b'r')) {
        if b.get(at + 3) != Some(&b'_') {
            return None;
        }
        let end = run(b, at + 4, alnum);
        return (end - (at + 4) >= 30).then_some(end);
    }
    if lit(b, at, b"github_pat_") {
        // `github_pat_` is itself made of word bytes: remember the run.
        let end = run_memo(b, at + 11, word, &mut memo.word);
        return (end - (at + 11) >= 30).then_some(end);
    }
    None
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    if c.alnum_before() {
        return Confirm::Reject;
    }
    Confirm::whole(github_confidence(c.matched()))
}

/// CRC-32 (IEEE), bit by bit: tokens are 30 bytes, a table would buy nothing.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                0xedb8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The six base62 characters GitHub appends to a classic token: CRC32 of the random part
/// (npm tokens carry the same checksum).
pub(super) fn github_checksum(random: &[u8]) -> [u8; 6] {
    let mut v = crc32(random);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62.get((v % 62) as usize).copied().unwrap_or(b'0');
        v /= 62;
    }
    out
}

/// High when a classic token's checksum verifies or a fine-grained token has the documented
/// shape; Low otherwise (still redacted).
fn github_confidence(token: &str) -> Confidence {
    let b = token.as_bytes();
    if let Some(rest) = token.strip_prefix("github_pat_") {
        let shaped = rest.len() == 82
            && rest.as_bytes().get(22) == Some(&b'_')
            && rest
                .bytes()
                .enumerate()
                .all(|(i, c)| i == 22 || c.is_ascii_alphanumeric());
        return if shaped {
            Confidence::High
        } else {
            Confidence::Low
        };
    }
    // `ghX_` + 30 random + 6 checksum.
    match (b.get(4..34), b.get(34..)) {
        (Some(random), Some(check)) if b.len() == 40 && check == github_checksum(random) => {
            Confidence::High
        }
        _ => Confidence::Low,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksum_matches_known_vector() {
        // A public test vector (credsweeper): 31 zeros check to `4WZ4EQ`.
        assert_eq!(&github_checksum(&[b'0'; 31]), b"4WZ4EQ");
        assert_eq!(&github_checksum(&[b'0'; 30]), b"2C8GjS");
        assert_eq!(
            github_confidence("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"),
            Confidence::High
        );
        assert_eq!(
            github_confidence("ghp_0000000000000000000000000000002C8GjT"),
            Confidence::Low
        );
    }
}
