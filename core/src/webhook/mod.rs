//! Webhook signature verification and signing.
//!
//! A [`Webhook`] is built once from the receiver's secret(s) — several while rotating — and
//! then verifies any number of deliveries. Each secret's HMAC state is keyed once, at
//! construction. Verification is bounded: the header is capped in length
//! ([`WebhookOptions::max_header_bytes`]), at most [`MAX_SIGNATURES`] signatures are
//! examined, and nothing is allocated in proportion to attacker input.
//!
//! The payload is always the raw body, as bytes: it is hashed exactly as received and never
//! decoded as text first.

mod stripe;

use crate::error::Error;
use crate::mac::HmacSha256Key;
use subtle::{Choice, ConstantTimeEq};

/// The most secrets one [`Webhook`] holds (rotation needs two or three).
pub const MAX_SECRETS: usize = 16;
/// The most `v1` signatures one header may carry; a sender rotating secrets sends a few.
pub const MAX_SIGNATURES: usize = 8;
/// Default tolerance between the delivery's timestamp and now, in seconds.
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;
/// Default cap on the signature header's length, in bytes.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 8 * 1024;

/// Options of a [`Webhook`], with safe defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookOptions {
    /// Accepted distance between the signed timestamp and now, in both directions, in
    /// seconds. Must be positive: there is no way to switch the check off.
    pub tolerance_seconds: i64,
    /// Headers longer than this are refused before any parsing.
    pub max_header_bytes: usize,
}

impl Default for WebhookOptions {
    fn default() -> Self {
        WebhookOptions {
            tolerance_seconds: DEFAULT_TOLERANCE_SECONDS,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
        }
    }
}

/// A delivery that verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The signed timestamp, in Unix seconds.
    pub timestamp: i64,
    /// Index (into the secrets given at construction) of the secret that matched. When it is
    /// never the old secret's index any more, the old secret can be revoked.
    pub secret_index: usize,
}

/// A webhook receiver (and sender) for one endpoint.
#[derive(Clone)]
pub struct Webhook {
    keys: Vec<HmacSha256Key>,
    options: WebhookOptions,
}

impl core::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Webhook")
            .field("secrets", &format_args!("<{} redacted>", self.keys.len()))
            .field("options", &self.options)
            .finish()
    }
}

impl Webhook {
    /// Builds a verifier from one or more secrets, newest first. Each secret is used as the
    /// exact bytes given (for the Stripe scheme: the UTF-8 bytes of the string as the provider
    /// shows it, `whsec_` prefix included).
    pub fn new<S: AsRef<[u8]>>(secrets: &[S], options: WebhookOptions) -> Result<Self, Error> {
        if secrets.is_empty() {
            return Err(Error::InvalidSecret {
                reason: "no secret given: pass the endpoint's signing secret".to_owned(),
            });
        }
        if secrets.len() > MAX_SECRETS {
            return Err(Error::InvalidSecret {
                reason: format!(
                    "{} secrets given, at most {MAX_SECRETS} are accepted: keep only the \
                     current and the previous secret",
                    secrets.len()
                ),
            });
        }
        if let Some(index) = secrets.iter().position(|s| s.as_ref().is_empty()) {
            return Err(Error::InvalidSecret {
                reason: format!("secret at index {index} is empty"),
            });
        }
        if options.tolerance_seconds <= 0 {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "tolerance must be a positive number of seconds, got {}; the timestamp \
                     check cannot be switched off",
                    options.tolerance_seconds
                ),
            });
        }
        if options.max_header_bytes == 0 {
            return Err(Error::InvalidOptions {
                reason: "max_header_bytes must be positive".to_owned(),
            });
        }
        let keys = secrets
            .iter()
            .map(|s| HmacSha256Key::new(s.as_ref()))
            .collect();
        Ok(Webhook { keys, options })
    }

    /// The options this verifier was built with.
    pub fn options(&self) -> &WebhookOptions {
        &self.options
    }

    /// Verifies a delivery: `payload` is the raw request body, `header` the signature
    /// header's value (`None` when the request had none), `now` the current Unix time in
    /// seconds.
    ///
    /// The signature is checked before the timestamp, so an unauthenticated request learns
    /// nothing about the tolerance.
    pub fn verify(
        &self,
        payload: &[u8],
        header: Option<&str>,
        now: i64,
    ) -> Result<Verified, Error> {
        let header = stripe::parse(header, self.options.max_header_bytes)?;
        let timestamp_text = header.timestamp_text.as_bytes();
        let signatures = header.signatures();

        let mut matched: Option<usize> = None;
        for (index, key) in self.keys.iter().enumerate() {
            let expected = key.tag(&[timestamp_text, b".", payload]);
            let mut any = Choice::from(0);
            for signature in signatures {
                any |= expected.ct_eq(signature);
            }
            if bool::from(any) {
                matched = Some(index);
                break;
            }
        }
        let Some(secret_index) = matched else {
            return Err(Error::SignatureMismatch {
                secrets: self.keys.len(),
                signatures: signatures.len(),
            });
        };
        check_timestamp(header.timestamp, now, self.options.tolerance_seconds)?;
        Ok(Verified {
            timestamp: header.timestamp,
            secret_index,
        })
    }

    /// Signs `payload` with the first (newest) secret at `timestamp` (Unix seconds) and
    /// returns the header value, `t=<timestamp>,v1=<hex>`.
    pub fn sign(&self, payload: &[u8], timestamp: i64) -> Result<String, Error> {
        if timestamp < 0 {
            return Err(Error::InvalidOptions {
                reason: format!("timestamp must be non-negative Unix seconds, got {timestamp}"),
            });
        }
        let Some(key) = self.keys.first() else {
            return Err(Error::InvalidSecret {
                reason: "no secret to sign with".to_owned(),
            });
        };
        let timestamp_text = timestamp.to_string();
        let tag = key.tag(&[timestamp_text.as_bytes(), b".", payload]);
        Ok(stripe::format(&timestamp_text, &tag))
    }
}

/// Checks `timestamp` against `now` in both directions. Arithmetic is widened so that no
/// pair of `i64` values can overflow.
fn check_timestamp(timestamp: i64, now: i64, tolerance: i64) -> Result<(), Error> {
    let age = i128::from(now) - i128::from(timestamp);
    let tolerance_wide = i128::from(tolerance);
    let saturate = |v: i128| u64::try_from(v).unwrap_or(u64::MAX);
    let tolerance_seconds = saturate(tolerance_wide);
    if age > tolerance_wide {
        return Err(Error::TimestampTooOld {
            age_seconds: saturate(age),
            tolerance_seconds,
        });
    }
    if -age > tolerance_wide {
        return Err(Error::TimestampTooNew {
            ahead_seconds: saturate(-age),
            tolerance_seconds,
        });
    }
    Ok(())
}

/// Converts a caller's clock reading (seconds, possibly fractional) to whole Unix seconds.
/// Bindings whose languages have only floating-point numbers use this.
pub fn unix_seconds_from_f64(seconds: f64) -> Result<i64, Error> {
    // i64::MAX as f64 rounds up to 2^63, so the upper comparison must be strict.
    if !seconds.is_finite()
        || seconds < -9.223_372_036_854_776e18
        || seconds >= 9.223_372_036_854_776e18
    {
        return Err(Error::invalid_now());
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(seconds.floor() as i64)
}

/// Converts a tolerance given as a floating-point number of seconds (languages with only
/// floating-point numbers) into whole seconds; fractions and non-finite values are refused.
pub fn tolerance_from_f64(seconds: f64) -> Result<i64, Error> {
    if seconds.fract() != 0.0 {
        return Err(Error::InvalidOptions {
            reason: format!("the tolerance must be a whole number of seconds, got {seconds}"),
        });
    }
    unix_seconds_from_f64(seconds).map_err(|_| Error::InvalidOptions {
        reason: "the tolerance must be a finite number of seconds".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    fn webhook() -> Webhook {
        Webhook::new(&[SECRET], WebhookOptions::default()).unwrap()
    }

    #[test]
    fn sign_then_verify() {
        let wh = webhook();
        let header = wh.sign(b"{\"id\":1}", 1_700_000_000).unwrap();
        assert_eq!(
            wh.verify(b"{\"id\":1}", Some(&header), 1_700_000_000),
            Ok(Verified {
                timestamp: 1_700_000_000,
                secret_index: 0
            })
        );
    }

    #[test]
    fn tolerance_edges() {
        let wh = webhook();
        let header = wh.sign(b"x", 1000).unwrap();
        assert!(wh.verify(b"x", Some(&header), 1300).is_ok());
        assert!(wh.verify(b"x", Some(&header), 700).is_ok());
        assert_eq!(
            wh.verify(b"x", Some(&header), 1301).unwrap_err().code(),
            crate::ErrorCode::TimestampTooOld
        );
        assert_eq!(
            wh.verify(b"x", Some(&header), 699).unwrap_err().code(),
            crate::ErrorCode::TimestampTooNew
        );
        assert_eq!(
            wh.verify(b"x", Some(&header), i64::MIN).unwrap_err().code(),
            crate::ErrorCode::TimestampTooNew
        );
        assert_eq!(
            wh.verify(b"x", Some(&header), i64::MAX).unwrap_err().code(),
            crate::ErrorCode::TimestampTooOld
        );
    }

    #[test]
    fn construction_errors() {
        let none: [&str; 0] = [];
        assert!(Webhook::new(&none, WebhookOptions::default()).is_err());
        assert!(Webhook::new(&[""], WebhookOptions::default()).is_err());
        for tolerance in [0, -1, i64::MIN] {
            let err = Webhook::new(
                &[SECRET],
                WebhookOptions {
                    tolerance_seconds: tolerance,
                    ..WebhookOptions::default()
                },
            )
            .unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InvalidOptions);
        }
        let many = vec!["s"; MAX_SECRETS + 1];
        assert!(Webhook::new(&many, WebhookOptions::default()).is_err());
    }

    #[test]
    fn debug_never_shows_secret() {
        let shown = format!("{:?}", webhook());
        assert!(!shown.contains("test_secret"), "{shown}");
    }

    #[test]
    fn now_conversion() {
        assert_eq!(unix_seconds_from_f64(1.9), Ok(1));
        assert_eq!(unix_seconds_from_f64(-0.5), Ok(-1));
        assert!(unix_seconds_from_f64(f64::NAN).is_err());
        assert!(unix_seconds_from_f64(f64::INFINITY).is_err());
        assert!(unix_seconds_from_f64(1e300).is_err());
        assert!(unix_seconds_from_f64(9.223_372_036_854_776e18).is_err());
        assert!(unix_seconds_from_f64(-9.3e18).is_err());
    }
}
