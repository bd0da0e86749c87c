//! The receiver's secrets, read once at construction into ready-to-use keys.
//!
//! ## Threat model
//! Secrets come from configuration, so mistakes rather than attacks are the risk, but two
//! mistakes hand forging power to anyone:
//! - an Ed25519 *public* key (`whpk_…`, published by the sender) used as an HMAC secret is
//!   an HMAC key anyone can read; `whpk_`/`whsk_` are therefore refused everywhere but the
//!   `standard` scheme's provider format, which reads them as Ed25519 keys;
//! - a short secret (a placeholder, a truncation) can be guessed offline from one captured
//!   delivery; schemes whose provider issues the secret refuse HMAC keys under
//!   [`MIN_ISSUED_SECRET_BYTES`](super::scheme::MIN_ISSUED_SECRET_BYTES) (not counting Stripe's `whsec_` prefix). GitHub, where
//!   users choose their own secret, takes any non-empty one.
//!
//! Secret text is never echoed: errors name the secret by its index only. Decoded key bytes
//! live in zeroizing buffers and the keys themselves zeroize on drop (`hmac` and
//! `ed25519-dalek` are built with their `zeroize` features).

use super::ed25519::Ed25519PublicKey;
use super::scheme::{Scheme, SecretKind};
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

/// Refuses an Ed25519 key given where an HMAC secret is read.
fn refuse_ed25519_text(secret: &[u8], index: usize) -> Result<(), Error> {
    let prefix = [PUBLIC_PREFIX, SECRET_PREFIX]
        .into_iter()
        .find(|p| secret.starts_with(p.as_bytes()));
    match prefix {
        Some(prefix) => Err(invalid(
            index,
            &format!(
                "is a Standard Webhooks Ed25519 key (`{prefix}…`), not an HMAC secret: used as \
                 an HMAC key, a public key would let anyone who can read it sign deliveries; \
                 Ed25519 keys are read only by the `standard` scheme with the provider secret \
                 format"
            ),
        )),
        None => Ok(()),
    }
}

/// The HMAC key `bytes`, refused when shorter than the scheme's minimum. `uncounted` names
/// a prefix that was not counted.
fn hmac_key(
    bytes: &[u8],
    counted: usize,
    scheme: Scheme,
    index: usize,
    uncounted: &str,
) -> Result<Key, Error> {
    let min = scheme.descriptor().min_secret_bytes;
    if counted < min {
        return Err(invalid(
            index,
            &format!(
                "is {counted} bytes long{uncounted}, shorter than the {min} bytes of any \
                 secret {scheme} issues: pass the endpoint's whole signing secret exactly as \
                 the provider shows it (a short secret can be guessed from one delivery)"
            ),
        ));
    }
    Ok(Key::Hmac(HmacSha256Key::new(bytes)?))
}

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

/// Reads one secret for `scheme`. `secret` is known to be non-empty.
pub(super) fn decode(
    secret: &[u8],
    scheme: Scheme,
    format: SecretFormat,
    index: usize,
) -> Result<Key, Error> {
    let kind = scheme.descriptor().secrets;
    if kind == SecretKind::Utf8 {
        refuse_ed25519_text(secret, index)?;
        // Stripe shows its secrets as `whsec_` and 32 characters: the prefix is no key
        // material, so it does not count towards the minimum.
        return match secret.strip_prefix(HMAC_PREFIX.as_bytes()) {
            Some(rest) => hmac_key(secret, rest.len(), scheme, index, " after `whsec_`"),
            None => hmac_key(secret, secret.len(), scheme, index, ""),
        };
    }
    if format == SecretFormat::Raw {
        refuse_ed25519_text(secret, index)?;
        return hmac_key(secret, secret.len(), scheme, index, "");
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
        return hmac_key(&bytes, bytes.len(), scheme, index, " once decoded");
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
    hmac_key(&bytes, bytes.len(), scheme, index, " once decoded")
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
            Scheme::Standard,
            SecretFormat::Provider,
            0,
        )
    }

    fn refused(result: Result<Key, Error>, secret: &str, why: &str) {
        let error = match result {
            Ok(_) => panic!("accepted {secret:?}"),
            Err(e) => e,
        };
        assert_eq!(error.code(), ErrorCode::InvalidSecret, "{secret}");
        let shown = error.to_string();
        assert!(shown.contains(why), "{shown}");
        let body = secret.split_once('_').map_or(secret, |(_, b)| b);
        assert!(body.len() < 4 || !shown.contains(body), "{shown}");
    }

    /// A `whpk_`/`whsk_` key read as an HMAC secret would be a key anyone can read.
    #[test]
    fn ed25519_keys_are_never_hmac_secrets() {
        let signing = SigningKey::from_bytes(&[9u8; 32]);
        let public = format!(
            "whpk_{}",
            Base64::encode_string(signing.verifying_key().as_bytes())
        );
        let secret = format!("whsk_{}", Base64::encode_string(&[9u8; 32]));
        for text in [&public, &secret] {
            for scheme in [
                Scheme::Stripe,
                Scheme::Github,
                Scheme::Slack,
                Scheme::Shopify,
            ] {
                for format in [SecretFormat::Provider, SecretFormat::Raw] {
                    refused(
                        decode(text.as_bytes(), scheme, format, 0),
                        text,
                        "Ed25519 key",
                    );
                }
            }
            refused(
                decode(text.as_bytes(), Scheme::Standard, SecretFormat::Raw, 0),
                text,
                "not an HMAC secret",
            );
        }
        assert!(matches!(standard(&public), Ok(Key::Ed25519Public(_))));
    }

    /// Provider-issued secrets are at least 16 bytes; GitHub secrets are the user's choice.
    #[test]
    fn short_issued_secrets_are_refused() {
        let sixteen = "0123456789abcdef";
        let fifteen = &sixteen[..15];
        for scheme in [Scheme::Stripe, Scheme::Slack, Scheme::Shopify] {
            assert!(decode(sixteen.as_bytes(), scheme, SecretFormat::Provider, 0).is_ok());
            refused(
                decode(fifteen.as_bytes(), scheme, SecretFormat::Provider, 0),
                fifteen,
                "15 bytes",
            );
        }
        // Stripe's `whsec_` prefix is not key material.
        refused(
            decode(
                b"whsec_0123456789",
                Scheme::Stripe,
                SecretFormat::Provider,
                0,
            ),
            "whsec_0123456789",
            "10 bytes long after `whsec_`",
        );
        let stripe = format!("whsec_{sixteen}");
        assert!(decode(stripe.as_bytes(), Scheme::Stripe, SecretFormat::Provider, 0).is_ok());
        // Standard: the decoded key counts, in both formats.
        let b64_15 = Base64::encode_string(&[5u8; 15]);
        let b64_16 = Base64::encode_string(&[5u8; 16]);
        refused(
            standard(&format!("whsec_{b64_15}")),
            &b64_15,
            "15 bytes long once decoded",
        );
        refused(standard(&b64_15), &b64_15, "15 bytes long once decoded");
        assert!(matches!(
            standard(&format!("whsec_{b64_16}")),
            Ok(Key::Hmac(_))
        ));
        refused(
            decode(fifteen.as_bytes(), Scheme::Standard, SecretFormat::Raw, 0),
            fifteen,
            "15 bytes",
        );
        assert!(matches!(
            decode(sixteen.as_bytes(), Scheme::Standard, SecretFormat::Raw, 0),
            Ok(Key::Hmac(_))
        ));
        // GitHub: any non-empty secret the user chose.
        assert!(matches!(
            decode(b"mysecret", Scheme::Github, SecretFormat::Provider, 0),
            Ok(Key::Hmac(_))
        ));
    }

    #[test]
    fn standard_secrets() {
        assert!(matches!(
            standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            Ok(Key::Hmac(_))
        ));
        // Padding optional (18 bytes: two padding characters when padded).
        let padded = Base64::encode_string(&[3u8; 17]);
        assert!(padded.ends_with('='));
        assert!(matches!(
            standard(&format!("whsec_{padded}")),
            Ok(Key::Hmac(_))
        ));
        let unpadded = padded.trim_end_matches('=');
        assert!(matches!(
            standard(&format!("whsec_{unpadded}")),
            Ok(Key::Hmac(_))
        ));
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
            decode(&[0xff, 0xfe], Scheme::Standard, SecretFormat::Provider, 3)
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidSecret)
        );
        assert!(matches!(
            decode(
                b"anything-at-least-16",
                Scheme::Standard,
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
