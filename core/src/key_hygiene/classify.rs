//! What a key is, from its prefix and shape: provider, kind and mode (live or test).

/// A key's mode, where its format says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMode {
    /// A production key.
    Live,
    /// A test or sandbox key.
    Test,
    /// The format does not say.
    Unknown,
}

impl KeyMode {
    /// `live`, `test` or `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyMode::Live => "live",
            KeyMode::Test => "test",
            KeyMode::Unknown => "unknown",
        }
    }
}

/// What a key is. `provider` and `kind` are `"unknown"` for an unrecognised key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyClass {
    /// For example `stripe`, `github`, `slack`, `openai`, `aws`, `standard-webhooks`.
    pub provider: &'static str,
    /// For example `secret key`, `restricted key`, `webhook secret`.
    pub kind: &'static str,
    /// Live, test or unknown.
    pub mode: KeyMode,
}

const UNKNOWN: KeyClass = KeyClass {
    provider: "unknown",
    kind: "unknown",
    mode: KeyMode::Unknown,
};

fn class(provider: &'static str, kind: &'static str, mode: KeyMode) -> KeyClass {
    KeyClass {
        provider,
        kind,
        mode,
    }
}

fn all(s: &str, ok: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(ok)
}

const fn base62(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// CRC-32 (IEEE, as zlib), bitwise: keys are short.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// `n` in base 62 (`0-9A-Za-z`), left-padded with `0` to 6 characters, as GitHub writes it.
fn base62_6(mut n: u32) -> [u8; 6] {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS.get((n % 62) as usize).copied().unwrap_or(b'0');
        n /= 62;
    }
    out
}

/// A GitHub token `<prefix>_<30 base62><6 base62 CRC-32 of the 30>`: its checksum is checked.
fn github(rest: &str) -> bool {
    rest.len() == 36
        && all(rest, base62)
        && rest
            .get(..30)
            .zip(rest.get(30..))
            .is_some_and(|(body, check)| base62_6(crc32(body.as_bytes())) == check.as_bytes())
}

/// Classifies `key` by its format. Never fails: an unrecognised key is `unknown`.
pub fn classify_key(key: &str) -> KeyClass {
    let key = key.trim();
    for (prefix, kind) in [
        ("sk_", "secret key"),
        ("rk_", "restricted key"),
        ("pk_", "publishable key"),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            let (mode, body) = if let Some(b) = rest.strip_prefix("live_") {
                (KeyMode::Live, b)
            } else if let Some(b) = rest.strip_prefix("test_") {
                (KeyMode::Test, b)
            } else {
                continue;
            };
            if body.len() >= 8 && all(body, base62) {
                return class("stripe", kind, mode);
            }
        }
    }
    if let Some(rest) = key.strip_prefix("whsec_") {
        if rest.len() >= 16 && all(rest, |b| base62(b) || matches!(b, b'+' | b'/' | b'=')) {
            return class("stripe", "webhook secret", KeyMode::Unknown);
        }
    }
    for (prefix, kind) in [
        ("whsk_", "webhook signing key"),
        ("whpk_", "webhook public key"),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if rest.len() >= 16 && all(rest, |b| base62(b) || matches!(b, b'+' | b'/' | b'=')) {
                return class("standard-webhooks", kind, KeyMode::Unknown);
            }
        }
    }
    for (prefix, kind) in [
        ("ghp_", "personal access token"),
        ("gho_", "OAuth access token"),
        ("ghu_", "user-to-server token"),
        ("ghs_", "server-to-server token"),
        ("ghr_", "refresh token"),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if github(rest) {
                return class("github", kind, KeyMode::Live);
            }
        }
    }
    if let Some(rest) = key.strip_prefix("github_pat_") {
        if rest.len() >= 60 && all(rest, |b| base62(b) || b == b'_') {
            return class(
                "github",
                "fine-grained personal access token",
                KeyMode::Live,
            );
        }
    }
    for (prefix, kind) in [
        ("xoxb-", "bot token"),
        ("xoxp-", "user token"),
        ("xoxe-", "refresh token"),
        ("xapp-", "app-level token"),
        ("xoxa-", "app token"),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if rest.len() >= 10 && all(rest, |b| base62(b) || b == b'-') {
                return class("slack", kind, KeyMode::Live);
            }
        }
    }
    for (prefix, kind) in [
        ("sk-proj-", "project API key"),
        ("sk-svcacct-", "service account key"),
        ("sk-admin-", "admin key"),
        ("sk-", "API key"),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if rest.len() >= 20 && all(rest, |b| base62(b) || matches!(b, b'-' | b'_')) {
                return class("openai", kind, KeyMode::Live);
            }
        }
    }
    for (prefix, kind) in [
        ("AKIA", "access key id"),
        ("ASIA", "temporary access key id"),
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if rest.len() == 16
                && all(rest, |b| {
                    b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)
                })
            {
                return class("aws", kind, KeyMode::Live);
            }
        }
    }
    UNKNOWN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_formats() {
        assert_eq!(classify_key("sk_live_51H8abcdefghij").mode, KeyMode::Live);
        assert_eq!(
            classify_key("rk_test_51H8abcdefghij").kind,
            "restricted key"
        );
        assert_eq!(classify_key("pk_test_51H8abcdefghij").provider, "stripe");
        assert_eq!(
            classify_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").kind,
            "webhook secret"
        );
        assert_eq!(classify_key("AKIAIOSFODNN7EXAMPLE").provider, "aws");
        assert_eq!(classify_key("xoxb-1234567890-abcdefghij").provider, "slack");
        assert_eq!(classify_key("hello"), UNKNOWN);
        assert_eq!(classify_key(""), UNKNOWN);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        // A GitHub token with a correct checksum, and the same with one character changed.
        let body = "abcdefghijklmnopqrstuvwxyz0123";
        let check =
            String::from_utf8(base62_6(crc32(body.as_bytes())).to_vec()).unwrap_or_default();
        assert_eq!(
            classify_key(&format!("ghp_{body}{check}")).provider,
            "github"
        );
        assert_eq!(
            classify_key(&format!("ghp_{}X{check}", &body[..29])).provider,
            "unknown"
        );
    }
}
