//! The OAuth `state` parameter: an encrypted, session-bound, expiring token that carries the
//! PKCE verifier and the return address, so the callback needs no server-side store.
//!
//! Token (base64url without padding) of the bytes
//! `version (1) | issued_at (8, big-endian i64) | session tag (16) | nonce (12) | ciphertext | tag (16)`:
//! AES-256-GCM under a key derived from the secret, with the first 25 bytes as additional
//! data; the plaintext is `verifier length (1) | verifier | return_to`. The session tag is
//! HMAC-SHA256 of the session id under a second derived key, cut to 16 bytes.

use crate::Error;
use crate::secret::SecretBytes;
use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Default time to live of a state token: ten minutes.
pub const DEFAULT_STATE_TTL_SECONDS: u64 = 600;
/// Longest time to live accepted: one day.
pub const MAX_STATE_TTL_SECONDS: u64 = 86_400;
/// Shortest secret accepted, in bytes.
pub const MIN_STATE_SECRET_BYTES: usize = 32;
/// Longest return address carried, in bytes.
pub const MAX_RETURN_TO_BYTES: usize = 2048;
/// Longest session id accepted, in bytes.
pub const MAX_SESSION_BYTES: usize = 1024;
/// Most secrets (the current one and older ones kept while rotating).
const MAX_SECRETS: usize = 16;
/// Clock difference tolerated for a token issued "in the future" by another server.
const FUTURE_SKEW_SECONDS: i64 = 60;

const VERSION: u8 = 1;
const HEADER_LEN: usize = 1 + 8 + 16;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// The longest token: header, nonce, verifier length, verifier, return address, tag.
const MAX_TOKEN_BYTES: usize = HEADER_LEN + NONCE_LEN + 1 + 128 + MAX_RETURN_TO_BYTES + TAG_LEN;

type HmacSha256 = Hmac<Sha256>;

/// The keys derived from one secret.
struct StateKey {
    cipher: Aes256Gcm,
    session: SecretBytes,
}

impl StateKey {
    fn derive(secret: &[u8]) -> Result<StateKey, Error> {
        let derive = |label: &[u8]| -> Result<SecretBytes, Error> {
            let mut mac = <HmacSha256 as hmac::KeyInit>::new_from_slice(secret).map_err(|_| {
                Error::OAuthInvalidOptions {
                    reason: "unusable secret".to_owned(),
                }
            })?;
            mac.update(label);
            Ok(SecretBytes::new(mac.finalize().into_bytes().to_vec()))
        };
        let encryption = derive(b"edgeward oauth-state v1 encryption")?;
        let cipher = Aes256Gcm::new_from_slice(encryption.expose()).map_err(|_| {
            Error::OAuthInvalidOptions {
                reason: "unusable secret".to_owned(),
            }
        })?;
        Ok(StateKey {
            cipher,
            session: derive(b"edgeward oauth-state v1 session")?,
        })
    }

    fn session_tag(&self, session: &str) -> Result<[u8; 16], Error> {
        let mut mac = <HmacSha256 as hmac::KeyInit>::new_from_slice(self.session.expose())
            .map_err(|_| Error::OAuthInvalidOptions {
                reason: "unusable secret".to_owned(),
            })?;
        mac.update(session.as_bytes());
        let full = mac.finalize().into_bytes();
        let mut tag = [0u8; 16];
        tag.copy_from_slice(full.get(..16).unwrap_or(&[0u8; 16]));
        Ok(tag)
    }
}

/// Issues and verifies OAuth state tokens. Secrets are zeroized on drop and never printed.
pub struct OAuthState {
    /// The first key issues; every key verifies (rotation: put the new secret first).
    keys: Vec<StateKey>,
    ttl_seconds: u64,
}

impl core::fmt::Debug for OAuthState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "OAuthState(<{} secret(s) redacted>, ttl_seconds: {})",
            self.keys.len(),
            self.ttl_seconds
        )
    }
}

/// What [`OAuthState::issue`] puts into a token.
#[derive(Clone, Debug, Default)]
pub struct IssueOptions<'a> {
    /// The caller's session id (for example the session cookie's id). Required.
    pub session: &'a str,
    /// The PKCE code verifier to carry (checked like [`super::code_challenge_s256`] does).
    pub verifier: Option<&'a str>,
    /// Where to send the user after the callback.
    pub return_to: Option<&'a str>,
}

/// A verified state token's content.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedState {
    /// The PKCE verifier the token carried.
    pub verifier: Option<String>,
    /// The return address the token carried.
    pub return_to: Option<String>,
    /// When the token was issued (Unix seconds).
    pub issued_at: i64,
    /// Identifies the token for a replay store (`edgeward:oauth-state:<32 hex digits>`).
    pub replay_key: String,
    /// How long a replay store must remember the token (until it expires anyway).
    pub replay_ttl_seconds: u64,
}

impl core::fmt::Debug for VerifiedState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedState")
            .field("verifier", &self.verifier.as_ref().map(|_| "<redacted>"))
            .field("return_to", &self.return_to)
            .field("issued_at", &self.issued_at)
            .finish_non_exhaustive()
    }
}

fn invalid_options(reason: impl Into<String>) -> Error {
    Error::OAuthInvalidOptions {
        reason: reason.into(),
    }
}

fn check_session(session: &str) -> Result<(), Error> {
    if session.is_empty() {
        return Err(invalid_options(
            "`session` must be the caller's session id, not empty",
        ));
    }
    if session.len() > MAX_SESSION_BYTES {
        return Err(invalid_options(format!(
            "`session` is longer than {MAX_SESSION_BYTES} bytes"
        )));
    }
    Ok(())
}

impl OAuthState {
    /// A state issuer over `secrets` (the first issues, all verify; each at least 32 bytes)
    /// with tokens living `ttl_seconds` (1 to one day).
    pub fn new<S: AsRef<[u8]>>(secrets: &[S], ttl_seconds: u64) -> Result<OAuthState, Error> {
        if secrets.is_empty() || secrets.len() > MAX_SECRETS {
            return Err(invalid_options(format!(
                "pass 1 to {MAX_SECRETS} secrets, got {}",
                secrets.len()
            )));
        }
        if ttl_seconds == 0 || ttl_seconds > MAX_STATE_TTL_SECONDS {
            return Err(invalid_options(format!(
                "ttlSeconds must be between 1 and {MAX_STATE_TTL_SECONDS}, got {ttl_seconds}"
            )));
        }
        let mut keys = Vec::with_capacity(secrets.len());
        for (index, secret) in secrets.iter().enumerate() {
            let secret = secret.as_ref();
            if secret.len() < MIN_STATE_SECRET_BYTES {
                return Err(invalid_options(format!(
                    "secret {index} has {} bytes; use at least {MIN_STATE_SECRET_BYTES} random bytes",
                    secret.len()
                )));
            }
            keys.push(StateKey::derive(secret)?);
        }
        Ok(OAuthState { keys, ttl_seconds })
    }

    /// The configured time to live in seconds.
    pub fn ttl_seconds(&self) -> u64 {
        self.ttl_seconds
    }

    /// A new state token issued at `now` (Unix seconds), with a fresh random nonce.
    pub fn issue(&self, options: &IssueOptions<'_>, now: i64) -> Result<String, Error> {
        let nonce = crate::random::bytes::<NONCE_LEN>()?;
        self.issue_with_nonce(options, now, nonce)
    }

    /// [`OAuthState::issue`] with a given nonce: for test vectors only. A nonce must never
    /// repeat under one secret.
    #[doc(hidden)]
    pub fn issue_with_nonce(
        &self,
        options: &IssueOptions<'_>,
        now: i64,
        nonce: [u8; NONCE_LEN],
    ) -> Result<String, Error> {
        check_session(options.session)?;
        let verifier = options.verifier.unwrap_or("");
        if options.verifier.is_some() {
            // The same rule as the challenge: a verifier the provider would refuse is caught now.
            super::code_challenge_s256(verifier)?;
        }
        let return_to = options.return_to.unwrap_or("");
        if return_to.len() > MAX_RETURN_TO_BYTES {
            return Err(invalid_options(format!(
                "`returnTo` is longer than {MAX_RETURN_TO_BYTES} bytes"
            )));
        }
        let key = self
            .keys
            .first()
            .ok_or_else(|| invalid_options("no secret"))?;
        let mut header = [0u8; HEADER_LEN];
        header[0] = VERSION;
        header[1..9].copy_from_slice(&now.to_be_bytes());
        header[9..25].copy_from_slice(&key.session_tag(options.session)?);
        // `has return_to` is the low bit of the length byte's high bit: 0x80 marks "present".
        let mut plaintext =
            zeroize::Zeroizing::new(Vec::with_capacity(2 + verifier.len() + return_to.len()));
        let verifier_len =
            u8::try_from(verifier.len()).map_err(|_| invalid_options("verifier too long"))?;
        let flags =
            u8::from(options.verifier.is_some()) | (u8::from(options.return_to.is_some()) << 1);
        plaintext.push(flags);
        plaintext.push(verifier_len);
        plaintext.extend_from_slice(verifier.as_bytes());
        plaintext.extend_from_slice(return_to.as_bytes());
        let sealed = key
            .cipher
            .encrypt(
                &gcm_nonce(&nonce)?,
                Payload {
                    msg: &plaintext,
                    aad: &header,
                },
            )
            .map_err(|_| Error::StateInvalid)?;
        let mut token = Vec::with_capacity(HEADER_LEN + NONCE_LEN + sealed.len());
        token.extend_from_slice(&header);
        token.extend_from_slice(&nonce);
        token.extend_from_slice(&sealed);
        Ok(Base64UrlUnpadded::encode_string(&token))
    }

    /// Verifies `token` for `session` at `now`: authentic (else `STATE_INVALID`), issued for
    /// this session (`STATE_SESSION_MISMATCH`), not expired (`STATE_EXPIRED`). Single use is
    /// the caller's replay store's job, with [`VerifiedState::replay_key`], or
    /// [`OAuthState::verify_once`].
    pub fn verify(&self, token: &str, session: &str, now: i64) -> Result<VerifiedState, Error> {
        check_session(session)?;
        // Base64url of the longest token, plus slack; a longer input is not ours.
        if token.len() > MAX_TOKEN_BYTES * 4 / 3 + 4 {
            return Err(Error::StateInvalid);
        }
        let bytes = Base64UrlUnpadded::decode_vec(token).map_err(|_| Error::StateInvalid)?;
        let header = bytes.get(..HEADER_LEN).ok_or(Error::StateInvalid)?;
        let nonce = bytes
            .get(HEADER_LEN..HEADER_LEN + NONCE_LEN)
            .ok_or(Error::StateInvalid)?;
        let sealed = bytes
            .get(HEADER_LEN + NONCE_LEN..)
            .ok_or(Error::StateInvalid)?;
        if header.first() != Some(&VERSION) || sealed.len() < TAG_LEN + 2 {
            return Err(Error::StateInvalid);
        }
        let nonce_array = gcm_nonce(nonce)?;
        let (key, plaintext) = self
            .keys
            .iter()
            .find_map(|key| {
                key.cipher
                    .decrypt(
                        &nonce_array,
                        Payload {
                            msg: sealed,
                            aad: header,
                        },
                    )
                    .ok()
                    .map(|p| (key, zeroize::Zeroizing::new(p)))
            })
            .ok_or(Error::StateInvalid)?;
        let expected_tag = key.session_tag(session)?;
        let tag = header.get(9..25).ok_or(Error::StateInvalid)?;
        if !bool::from(tag.ct_eq(&expected_tag)) {
            return Err(Error::StateSessionMismatch);
        }
        let mut issued = [0u8; 8];
        issued.copy_from_slice(header.get(1..9).ok_or(Error::StateInvalid)?);
        let issued_at = i64::from_be_bytes(issued);
        if issued_at > now.saturating_add(FUTURE_SKEW_SECONDS) {
            return Err(Error::StateInvalid);
        }
        let age = u64::try_from(now.saturating_sub(issued_at)).unwrap_or(0);
        if age > self.ttl_seconds {
            return Err(Error::StateExpired {
                age_seconds: age,
                ttl_seconds: self.ttl_seconds,
            });
        }
        let flags = *plaintext.first().ok_or(Error::StateInvalid)?;
        let verifier_len = usize::from(*plaintext.get(1).ok_or(Error::StateInvalid)?);
        let verifier = plaintext
            .get(2..2 + verifier_len)
            .ok_or(Error::StateInvalid)?;
        let return_to = plaintext
            .get(2 + verifier_len..)
            .ok_or(Error::StateInvalid)?;
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| Error::StateInvalid);
        let mut replay_digest = [0u8; 16];
        {
            use sha2::Digest;
            let digest = Sha256::new()
                .chain_update(b"edgeward oauth-state replay")
                .chain_update(nonce)
                .chain_update(tag)
                .finalize();
            replay_digest.copy_from_slice(digest.get(..16).unwrap_or(&[0u8; 16]));
        }
        Ok(VerifiedState {
            verifier: if flags & 1 == 1 {
                Some(text(verifier)?)
            } else {
                None
            },
            return_to: if flags & 2 == 2 {
                Some(text(return_to)?)
            } else {
                None
            },
            issued_at,
            replay_key: format!(
                "edgeward:oauth-state:{}",
                crate::hex::encode(&replay_digest)
            ),
            replay_ttl_seconds: self.ttl_seconds.saturating_sub(age).max(1),
        })
    }

    /// [`OAuthState::verify`], then single use: `seen(replay_key, ttl_seconds)` must return
    /// `Ok(false)` the first time it sees a key (and remember it) and `Ok(true)` afterwards,
    /// which is refused with `STATE_REPLAYED`. An error of the store refuses the token.
    pub fn verify_once<F>(
        &self,
        token: &str,
        session: &str,
        now: i64,
        mut seen: F,
    ) -> Result<VerifiedState, Error>
    where
        F: FnMut(&str, u64) -> Result<bool, Error>,
    {
        let verified = self.verify(token, session, now)?;
        if seen(&verified.replay_key, verified.replay_ttl_seconds)? {
            return Err(Error::StateReplayed);
        }
        Ok(verified)
    }
}

/// The 96-bit GCM nonce in `bytes` (always 12 bytes here).
fn gcm_nonce(bytes: &[u8]) -> Result<aes_gcm::aead::Nonce<Aes256Gcm>, Error> {
    aes_gcm::aead::Nonce::<Aes256Gcm>::try_from(bytes).map_err(|_| Error::StateInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn issuer() -> OAuthState {
        OAuthState::new(&[SECRET], 600).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn round_trip_and_errors() {
        let s = issuer();
        let opts = IssueOptions {
            session: "sess-1",
            verifier: Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            return_to: Some("/dashboard"),
        };
        let token = s.issue(&opts, 1000).unwrap_or_default();
        let v = s.verify(&token, "sess-1", 1100);
        assert!(
            matches!(&v, Ok(v) if v.verifier.as_deref() == Some(opts.verifier.unwrap_or("")) && v.return_to.as_deref() == Some("/dashboard") && v.issued_at == 1000)
        );
        assert_eq!(
            s.verify(&token, "sess-2", 1100).err(),
            Some(Error::StateSessionMismatch)
        );
        assert!(matches!(
            s.verify(&token, "sess-1", 1601),
            Err(Error::StateExpired { .. })
        ));
        assert_eq!(
            s.verify("x", "sess-1", 1100).err(),
            Some(Error::StateInvalid)
        );
        let other = OAuthState::new(&[b"another secret of enough bytes!!!".as_slice()], 600)
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(
            other.verify(&token, "sess-1", 1100).err(),
            Some(Error::StateInvalid)
        );
        // Rotation: the old secret second still verifies.
        let rotated = OAuthState::new(
            &[b"another secret of enough bytes!!!".as_slice(), SECRET],
            600,
        )
        .unwrap_or_else(|_| unreachable!());
        assert!(rotated.verify(&token, "sess-1", 1100).is_ok());
        let mut seen = std::collections::BTreeSet::new();
        let mut store = |k: &str, _ttl: u64| Ok(!seen.insert(k.to_owned()));
        assert!(s.verify_once(&token, "sess-1", 1100, &mut store).is_ok());
        assert_eq!(
            s.verify_once(&token, "sess-1", 1100, &mut store).err(),
            Some(Error::StateReplayed)
        );
    }

    #[test]
    fn token_hides_verifier_and_return_to() {
        let s = issuer();
        let token = s
            .issue(
                &IssueOptions {
                    session: "s",
                    verifier: Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                    return_to: Some("/secret-place"),
                },
                0,
            )
            .unwrap_or_default();
        let raw = Base64UrlUnpadded::decode_vec(&token).unwrap_or_default();
        let hay = String::from_utf8_lossy(&raw);
        assert!(!hay.contains("dBjftJeZ4CVP"));
        assert!(!hay.contains("secret-place"));
        assert!(!format!("{s:?}").contains("0123456789"));
    }
}
