//! The receiver's secrets, read once at construction into ready-to-use keys.
//!
//! Secret text is never echoed: errors name the secret by its index only. Decoded key bytes
//! live in zeroizing buffers and the keys themselves zeroize on drop (`hmac` and
//! `ed25519-dalek` are built with their `zeroize` features).

use super::ed25519::Ed25519PublicKey;
use super::scheme::SecretKind;
use crate::error::Error;
use crate::mac::HmacSha256Key;
use base64ct::{Base64, Base64Unpadded, Encoding as _};
use ed25519_dalek::SigningKey;
use zeroize::Zeroizing;

/// How the secrets passed to [`Webhook::new`](super::Webhook::new) are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecretFormat {
    /// As the provider shows them. For `stripe`, `github`, `slack` and `shopify` the
    /// secret's bytes are the HMAC key, exactly as given. For `standard`: `whsec_<base64>`
    /// is an HMAC key (padding optional), `whpk_<base64>` an Ed25519 public key (verify
    /// only), `whsk_<base64>` an Ed25519 secret key (32-byte seed, or 64-byte seed and
    /// public key), and unprefixed text is read as base64 of an HMAC key, as the `svix`
    /// libraries do.
    #[default]
    Provider,
    /// Every secret is raw HMAC key bytes (the Standard Webhooks libraries' `raw` format).
    /// For schemes whose secrets are already used as given, this changes nothing.
    Raw,
}

impl core::str::FromStr for SecretFormat {
    type Err = Error;

    /// `"provider"` or `"raw"`, as every binding spells the option.
    fn from_str(name: &str) -> Result<Self, Error> {
        match name {
            "provider" => Ok(SecretFormat::Provider),
            "raw" => Ok(SecretFormat::Raw),
            _ => {
                let shown: String = name.chars().take(32).collect();
                Err(Error::InvalidOptions {
                    reason: format!(
                        "unknown secret format {shown:?}: use \"provider\" (secrets as the \
                         provider shows them) or \"raw\" (raw HMAC key bytes)"
                    ),
                })
            }
        }
    }
}

/// One usable key.
#[derive(Clone)]
pub(super) enum Key {
    Hmac(HmacSha256Key),
    Ed25519Public(Ed25519PublicKey),
    Ed25519Secret {
        // Boxed: the expanded key is large, and HMAC keys are the common case.
        signing: Box<SigningKey>,
        public: Ed25519PublicKey,
    },
}

impl core::fmt::Debug for Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Key::Hmac(_) => "Hmac(<redacted>)",
            Key::Ed25519Public(_) => "Ed25519Public(<redacted>)",
            Key::Ed25519Secret { .. } => "Ed25519Secret(<redacted>)",
        })
    }
}

const HMAC_PREFIX: &str = "whsec_";
const PUBLIC_PREFIX: &str = "whpk_";
const SECRET_PREFIX: &str = "whsk_";

fn invalid(index: usize, what: &str) -> Error {
    Error::InvalidSecret {
        reason: format!("secret at index {index} {what}"),
    }
}

/// Decodes base64 into a zeroizing buffer; padding is optional (a padded input must be
/// padded correctly). Non-canonical encodings are refused.
fn decode_base64(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut buffer = Zeroizing::new(vec![0u8; text.len() / 4 * 3 + 3]);
    let length = if text.len() % 4 == 0 {
        Base64::decode(text, &mut buffer).ok()?.len()
    } else {
        Base64Unpadded::decode(text, &mut buffer).ok()?.len()
    };
    buffer.truncate(length);
    Some(buffer)
}

fn base64_key(index: usize, text: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    let bytes = decode_base64(text).ok_or_else(|| {
        invalid(
            index,
            &format!(
                "is not valid base64 after its prefix: {what}; to use the secret's text as the \
                 key itself, choose the raw secret format"
            ),
        )
    })?;
    if bytes.is_empty() {
        return Err(invalid(index, "is empty after its prefix"));
    }
    Ok(bytes)
}

fn public_key(index: usize, text: &str) -> Result<Key, Error> {
    let bytes = base64_key(
        index,
        text,
        "`whpk_` must be followed by a base64 Ed25519 key",
    )?;
    let Ok(array) = <[u8; 32]>::try_from(bytes.as_slice()) else {
        return Err(invalid(
            index,
            "is not an Ed25519 public key: `whpk_` must be followed by 32 bytes in base64",
        ));
    };
    match Ed25519PublicKey::from_bytes(&array) {
        Some(key) => Ok(Key::Ed25519Public(key)),
        None => Err(invalid(
            index,
            "is not a usable Ed25519 public key (not a curve point, or of small order)",
        )),
    }
}

fn secret_key(index: usize, text: &str) -> Result<Key, Error> {
    let bytes = base64_key(
        index,
        text,
        "`whsk_` must be followed by a base64 Ed25519 key",
    )?;
    let signing = if let Ok(seed) = <&[u8; 32]>::try_from(bytes.as_slice()) {
        SigningKey::from_bytes(seed)
    } else if let Ok(pair) = <&[u8; 64]>::try_from(bytes.as_slice()) {
        SigningKey::from_keypair_bytes(pair).map_err(|_| {
            invalid(
                index,
                "is a 64-byte Ed25519 key whose public half does not match its secret half",
            )
        })?
    } else {
        return Err(invalid(
            index,
            "is not an Ed25519 secret key: `whsk_` must be followed by 32 (or 64) bytes in \
             base64",
        ));
    };
    let Some(public) = Ed25519PublicKey::from_verifying_key(signing.verifying_key()) else {
        return Err(invalid(index, "is an Ed25519 key of small order"));
    };
    Ok(Key::Ed25519Secret {
        signing: Box::new(signing),
        public,
    })
}

/// Reads one secret. `secret` is known to be non-empty.
pub(super) fn decode(
    secret: &[u8],
    kind: SecretKind,
    format: SecretFormat,
    index: usize,
) -> Result<Key, Error> {
    if kind == SecretKind::Utf8 || format == SecretFormat::Raw {
        return Ok(Key::Hmac(HmacSha256Key::new(secret)));
    }
    let Ok(text) = core::str::from_utf8(secret) else {
        return Err(invalid(
            index,
            "is not text: pass `whsec_…`, `whpk_…` or `whsk_…` as shown by the sender, or \
             choose the raw secret format for raw key bytes",
        ));
    };
    if let Some(rest) = text.strip_prefix(HMAC_PREFIX) {
        let bytes = base64_key(index, rest, "`whsec_` must be followed by base64")?;
        return Ok(Key::Hmac(HmacSha256Key::new(&bytes)));
    }
    if let Some(rest) = text.strip_prefix(PUBLIC_PREFIX) {
        return public_key(index, rest);
    }
    if let Some(rest) = text.strip_prefix(SECRET_PREFIX) {
        return secret_key(index, rest);
    }
    let bytes = base64_key(
        index,
        text,
        "a Standard Webhooks secret is `whsec_<base64>`, `whpk_<base64>` or `whsk_<base64>`",
    )?;
    Ok(Key::Hmac(HmacSha256Key::new(&bytes)))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn secret_format_names() {
        assert_eq!(
            "provider".parse::<SecretFormat>(),
            Ok(SecretFormat::Provider)
        );
        assert_eq!("raw".parse::<SecretFormat>(), Ok(SecretFormat::Raw));
        for bad in ["", "Raw", "base64", &"x".repeat(10_000)] {
            let error = bad.parse::<SecretFormat>().unwrap_err();
            assert_eq!(error.code(), ErrorCode::InvalidOptions);
            assert!(error.to_string().len() < 300);
        }
    }

    fn standard(secret: &str) -> Result<Key, Error> {
        decode(
            secret.as_bytes(),
            SecretKind::StandardWebhooks,
            SecretFormat::Provider,
            0,
        )
    }

    #[test]
    fn standard_secrets() {
        assert!(matches!(
            standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            Ok(Key::Hmac(_))
        ));
        // Padding optional.
        assert!(matches!(standard("whsec_AAAA"), Ok(Key::Hmac(_))));
        assert!(matches!(standard("whsec_AAA"), Ok(Key::Hmac(_))));
        assert!(matches!(standard("whsec_AAA="), Ok(Key::Hmac(_))));
        assert!(matches!(
            standard("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            Ok(Key::Hmac(_))
        ));
        let seed = Base64::encode_string(&[9u8; 32]);
        assert!(matches!(
            standard(&format!("whsk_{seed}")),
            Ok(Key::Ed25519Secret { .. })
        ));
        let signing = SigningKey::from_bytes(&[9u8; 32]);
        let pair = Base64::encode_string(&signing.to_keypair_bytes());
        assert!(matches!(
            standard(&format!("whsk_{pair}")),
            Ok(Key::Ed25519Secret { .. })
        ));
        let public = Base64::encode_string(signing.verifying_key().as_bytes());
        assert!(matches!(
            standard(&format!("whpk_{public}")),
            Ok(Key::Ed25519Public(_))
        ));
    }

    #[test]
    fn bad_standard_secrets() {
        let mut mismatched = SigningKey::from_bytes(&[9u8; 32]).to_keypair_bytes();
        mismatched[40] ^= 1;
        let identity = {
            let mut b = [0u8; 32];
            b[0] = 1;
            b
        };
        for bad in [
            "whsec_".to_owned(),
            "whsec_!!!!".to_owned(),
            "whsec_A".to_owned(),
            "whsec_AA=A".to_owned(),
            "not base64 at all".to_owned(),
            "whpk_AAAA".to_owned(),
            format!("whpk_{}", Base64::encode_string(&identity)),
            format!("whsk_{}", Base64::encode_string(&[1u8; 31])),
            format!("whsk_{}", Base64::encode_string(&mismatched)),
        ] {
            let err = match standard(&bad) {
                Ok(_) => panic!("accepted {bad:?}"),
                Err(e) => e,
            };
            assert_eq!(err.code(), ErrorCode::InvalidSecret, "{bad}");
            let shown = err.to_string();
            let body = bad.split('_').nth(1).unwrap_or(&bad);
            assert!(body.len() < 4 || !shown.contains(body), "{shown}");
        }
        assert_eq!(
            decode(
                &[0xff, 0xfe],
                SecretKind::StandardWebhooks,
                SecretFormat::Provider,
                3
            )
            .err()
            .map(|e| e.code()),
            Some(ErrorCode::InvalidSecret)
        );
        assert!(matches!(
            decode(
                b"anything",
                SecretKind::StandardWebhooks,
                SecretFormat::Raw,
                0
            ),
            Ok(Key::Hmac(_))
        ));
    }

    #[test]
    fn debug_is_redacted() {
        let key = standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(format!("{key:?}"), "Hmac(<redacted>)");
    }
}
