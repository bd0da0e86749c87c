//! Helpers shared by the fuzz targets: the input layouts, so that `seeds.py` and the targets
//! agree on them.

use edgeward_core::Scheme;

/// The scheme a target's first byte selects.
pub fn scheme(selector: u8) -> Scheme {
    match selector % 5 {
        0 => Scheme::Stripe,
        1 => Scheme::Standard,
        2 => Scheme::Github,
        3 => Scheme::Slack,
        _ => Scheme::Shopify,
    }
}

/// Splits `data` at the first `count` newlines: `count` lines (as lossy UTF-8 would lose
/// bytes, lines must be UTF-8 or the input is skipped) and the rest as raw bytes.
pub fn lines(data: &[u8], count: usize) -> Option<(Vec<&str>, &[u8])> {
    let mut rest = data;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let end = rest.iter().position(|&b| b == b'\n')?;
        let (line, tail) = rest.split_at(end);
        out.push(std::str::from_utf8(line).ok()?);
        rest = tail.get(1..).unwrap_or_default();
    }
    Some((out, rest))
}

/// `Some(line)` unless the line is empty (an absent header).
pub fn present(line: &str) -> Option<&str> {
    (!line.is_empty()).then_some(line)
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The redactor a redaction target's first byte picks (from [`redactors`], built once), and
/// the rest of the input.
pub fn pick_redactor(data: &[u8]) -> Option<(&'static edgeward_core::redact::Redactor, &[u8])> {
    static REDACTORS: std::sync::LazyLock<Vec<edgeward_core::redact::Redactor>> =
        std::sync::LazyLock::new(redactors);
    let (&selector, rest) = data.split_first()?;
    let redactor = REDACTORS.get(usize::from(selector) % REDACTORS.len())?;
    Some((redactor, rest))
}

/// The redactors the redaction targets pick from with their first byte: every mode, with and
/// without a report.
pub fn redactors() -> Vec<edgeward_core::redact::Redactor> {
    use edgeward_core::redact::{Mode, Redactor, RedactorOptions};
    use edgeward_core::secret::SecretBytes;
    let modes = [Mode::Replace, Mode::Mask, Mode::Hash, Mode::Remove];
    let mut out = Vec::new();
    for mode in modes {
        for report in [false, true] {
            let mut options = RedactorOptions::default();
            options.mode = mode;
            options.report = report;
            options.hash_key = Some(SecretBytes::new(b"fuzzing hash key 0123456789".to_vec()));
            // Redactor::new only fails on invalid options, and these are valid.
            if let Ok(redactor) = Redactor::new(options) {
                out.push(redactor);
            }
        }
    }
    assert_eq!(out.len(), 8, "every fuzzing redactor builds");
    out
}

/// Secrets the built-in detectors find wherever they stand on their own; the redaction
/// targets plant them next to the input and check that none survives.
pub const PLANTED_TOKENS: &[&str] = &[
    "sk_live_FAKE0000000000000000000000004f2a",
    "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",
    "AKIAIOSFODNN7EXAMPLE",
    "xoxb-000000000000-0000000000000-FAKEfakeFAKEfakeFAKEfake",
];

/// A secret planted under a sensitive key.
pub const PLANTED_PASSWORD: &str = "CanaryPassw0rdForFuzzing";

/// Structural equality of two JSON values, numbers compared by value (floats within a few
/// ulps: serde_json's default float parsing is not always correctly rounded; ours is).
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if x.is_f64() || y.is_f64() {
                match (x.as_f64(), y.as_f64()) {
                    (Some(x), Some(y)) => {
                        x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs())
                    }
                    _ => false,
                }
            } else {
                x == y
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same_json(vx, vy))
        }
        _ => a == b,
    }
}
