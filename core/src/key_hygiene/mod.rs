//! Key hygiene: what a key is (`classify`), whether it may be used in an environment, key rings
//! for rotation, and safe names for keys in logs (`fingerprint`, `mask`).
//!
//! ## Threat model
//! - **Production keys in development** (and test keys in production): a live Stripe key on a
//!   laptop, or a test key that silently accepts fake payments in production.
//!   [`assert_key_for_environment`] refuses both (`KEY_WRONG_ENVIRONMENT`); its message names
//!   the kind of key, never the key.
//! - **Keys in logs.** [`fingerprint`] is keyed with a pepper (HMAC-SHA256), so a log reader
//!   cannot confirm a guessed key against it; [`mask`] is the redactor's mask mode.
//! - **Hostile input.** Classification reads any string without panicking, in linear time;
//!   an unknown key classifies as unknown, never as an error.

mod classify;

pub use classify::{KeyClass, KeyMode, classify_key};

use crate::Error;
use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Shortest pepper accepted by [`fingerprint`], in bytes.
pub const MIN_PEPPER_BYTES: usize = 16;

/// Where code runs, as far as keys are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    /// Production: live keys only.
    Production,
    /// Anything else (development, test, staging, preview, CI): test keys only.
    NonProduction,
}

impl Environment {
    /// Reads the usual names: `production`/`prod`/`live` and `development`/`dev`/`test`/
    /// `testing`/`staging`/`stage`/`preview`/`local`/`ci` (any case).
    pub fn parse(name: &str) -> Result<Environment, Error> {
        let lower = name.trim().to_ascii_lowercase();
        match lower.as_str() {
            "production" | "prod" | "live" => Ok(Environment::Production),
            "development" | "dev" | "test" | "testing" | "staging" | "stage" | "preview"
            | "local" | "ci" => Ok(Environment::NonProduction),
            _ => Err(Error::KeyInvalidOptions {
                reason: "unknown environment: use production, development, test, staging, \
                         preview, local or ci"
                    .to_owned(),
            }),
        }
    }
}

/// Refuses a live key outside production and a test key in production. Keys whose mode is
/// unknown pass: nothing says they are wrong.
pub fn assert_key_for_environment(key: &str, environment: &str) -> Result<KeyClass, Error> {
    let env = Environment::parse(environment)?;
    let class = classify_key(key);
    let wrong = matches!(
        (class.mode, env),
        (KeyMode::Live, Environment::NonProduction) | (KeyMode::Test, Environment::Production)
    );
    if wrong {
        return Err(Error::KeyWrongEnvironment {
            kind: format!("{} {}", class.provider, class.kind),
            mode: class.mode.as_str(),
            environment: environment.trim().to_ascii_lowercase(),
        });
    }
    Ok(class)
}

/// A short, stable, non-reversible id of `key` for logs and dashboards: `fp_` and 16
/// base64url characters of HMAC-SHA256(pepper, key). Keyed, so a log reader without the pepper
/// cannot test guesses against it.
pub fn fingerprint(key: &str, pepper: &[u8]) -> Result<String, Error> {
    if pepper.len() < MIN_PEPPER_BYTES {
        return Err(Error::KeyInvalidOptions {
            reason: format!("the pepper must have at least {MIN_PEPPER_BYTES} bytes"),
        });
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(pepper).map_err(|_| {
        Error::KeyInvalidOptions {
            reason: "unusable pepper".to_owned(),
        }
    })?;
    mac.update(key.as_bytes());
    let digest = mac.finalize().into_bytes();
    let short = digest.get(..12).unwrap_or(&[]);
    Ok(format!("fp_{}", Base64UrlUnpadded::encode_string(short)))
}

/// `key` as the redactor's mask mode writes it (default options): a recognised prefix, `…`,
/// and the last 4 characters of a long enough key.
pub fn mask(key: &str) -> String {
    use std::sync::OnceLock;
    static MASKER: OnceLock<Option<crate::redact::Redactor>> = OnceLock::new();
    let masker = MASKER.get_or_init(|| {
        crate::redact::Redactor::new(crate::redact::RedactorOptions {
            mode: crate::redact::Mode::Mask,
            ..crate::redact::RedactorOptions::default()
        })
        .ok()
    });
    match masker {
        Some(r) => r.mask_secret(key),
        // Unreachable with default options; fail closed.
        None => crate::redact::DEFAULT_REPLACEMENT.to_owned(),
    }
}

/// The keys of a ring from `(name, value)` lookups in order (new first, old after): unset and
/// empty values are skipped; an empty ring is refused (`KEY_RING_EMPTY`).
pub fn key_ring<'a>(
    lookups: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<Vec<&'a str>, Error> {
    let mut names = 0;
    let mut out = Vec::new();
    for (_, value) in lookups {
        names += 1;
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.push(v);
        }
    }
    if out.is_empty() {
        return Err(Error::KeyRingEmpty { names });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments() {
        let live = "sk_live_51H8abcdefghijklmnopqrstuv";
        let test = "sk_test_51H8abcdefghijklmnopqrstuv";
        assert!(assert_key_for_environment(live, "production").is_ok());
        assert!(assert_key_for_environment(test, "development").is_ok());
        let e = assert_key_for_environment(live, "development").err();
        assert!(matches!(&e, Some(Error::KeyWrongEnvironment { .. })));
        assert!(
            !e.map(|e| e.to_string())
                .unwrap_or_default()
                .contains("abcdef")
        );
        assert!(assert_key_for_environment(test, "Production").is_err());
        assert!(assert_key_for_environment("whatever", "production").is_ok());
        assert!(assert_key_for_environment(live, "moon").is_err());
    }

    #[test]
    fn fingerprints_and_masks() {
        let a = fingerprint("sk_live_x", b"0123456789abcdef").unwrap_or_default();
        assert_eq!(a.len(), 19);
        assert_eq!(
            Some(a.clone()),
            fingerprint("sk_live_x", b"0123456789abcdef").ok()
        );
        assert_ne!(Some(a), fingerprint("sk_live_x", b"0123456789abcdeX").ok());
        assert!(fingerprint("k", b"short").is_err());
        assert_eq!(
            mask("sk_live_51H8abcdefghijklmnopqrstuv"),
            "sk_live_\u{2026}stuv"
        );
        assert!(key_ring([("A", None), ("B", Some(""))]).is_err());
        assert_eq!(
            key_ring([("A", None), ("B", Some("b")), ("C", Some("c"))]).ok(),
            Some(vec!["b", "c"])
        );
    }
}
