//! Sealed tokens: data encrypted and authenticated for storage (AES-256-GCM), with key ids for
//! rotation and an optional maximum age.
//!
//! ## Threat model
//! The sealed token is stored (a database column, a cookie) where an attacker may read or write
//! it, but the keys are not. Reading it reveals nothing but its length; any change (to the
//! ciphertext, the key id, the time, the version, or the caller's additional data) makes it
//! unopenable. Every failure to open is the same `SEAL_INVALID` (no padding, key or format
//! oracle). Nonces are 96 random bits from the OS CSPRNG: keep fewer than 2^32 seals per key
//! (NIST SP 800-38D), i.e. rotate long before that. Keys are zeroized on drop and never printed.
//!
//! ## Format (version 1)
//! `base64url_nopad( 0x01 | n (1 byte) | key id (n ASCII bytes) | sealed_at (8 bytes, big-endian
//! Unix seconds) | nonce (12 bytes) | AES-256-GCM ciphertext | tag (16 bytes) )`.
//! The GCM additional data is the bytes from the version up to and including `sealed_at`,
//! followed by the caller's additional data (empty if none).

use crate::Error;
use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use base64ct::{Base64UrlUnpadded, Encoding};

/// The format version byte.
pub const SEAL_VERSION: u8 = 1;
/// Longest key id, in bytes.
pub const MAX_KEY_ID_BYTES: usize = 32;
/// Largest plaintext sealed or opened by default (16 MiB).
pub const MAX_SEAL_BYTES: usize = 16 * 1024 * 1024;
/// Most keys in one sealer.
const MAX_KEYS: usize = 16;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// Clock difference tolerated for a token sealed "in the future" by another server.
const FUTURE_SKEW_SECONDS: i64 = 60;

/// One sealing key: an id (stored in every token it seals) and 32 bytes of key.
struct SealKey {
    id: String,
    cipher: Aes256Gcm,
}

/// Seals with its first key and opens with any of its keys.
pub struct Sealer {
    keys: Vec<SealKey>,
}

impl core::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        write!(f, "Sealer(key ids {ids:?}, keys redacted)")
    }
}

fn invalid_key(reason: impl Into<String>) -> Error {
    Error::SealInvalidKey {
        reason: reason.into(),
    }
}

/// Decodes base64url (padding optional) into key bytes; the error never names the key.
pub(crate) fn decode_key(text: &str, what: &str) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    let trimmed = text.trim_end_matches('=');
    Base64UrlUnpadded::decode_vec(trimmed)
        .map(zeroize::Zeroizing::new)
        .map_err(|_| invalid_key(format!("{what} is not base64url")))
}

fn check_key_id(id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= MAX_KEY_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(invalid_key(format!(
            "a key id has 1 to {MAX_KEY_ID_BYTES} characters of A-Z a-z 0-9 - _ ."
        )))
    }
}

impl Sealer {
    /// A sealer over `(id, key)` pairs, each key base64url of 32 bytes; the first seals.
    pub fn new<I: AsRef<str>, K: AsRef<str>>(keys: &[(I, K)]) -> Result<Sealer, Error> {
        if keys.is_empty() || keys.len() > MAX_KEYS {
            return Err(invalid_key(format!(
                "pass 1 to {MAX_KEYS} keys, got {}",
                keys.len()
            )));
        }
        let mut out: Vec<SealKey> = Vec::with_capacity(keys.len());
        for (index, (id, key)) in keys.iter().enumerate() {
            let id = id.as_ref();
            check_key_id(id)?;
            if out.iter().any(|k| k.id == id) {
                return Err(invalid_key(format!("key id {id:?} is used twice")));
            }
            let bytes = decode_key(key.as_ref(), &format!("key {index} ({id:?})"))?;
            if bytes.len() != 32 {
                return Err(invalid_key(format!(
                    "key {index} ({id:?}) has {} bytes; AES-256 takes 32 random bytes",
                    bytes.len()
                )));
            }
            let cipher = Aes256Gcm::new_from_slice(&bytes)
                .map_err(|_| invalid_key(format!("key {index} is unusable")))?;
            out.push(SealKey {
                id: id.to_owned(),
                cipher,
            });
        }
        Ok(Sealer { keys: out })
    }

    /// The id of the key that seals.
    pub fn current_key_id(&self) -> &str {
        self.keys.first().map(|k| k.id.as_str()).unwrap_or("")
    }

    /// Seals `plaintext` at `now` with a fresh random nonce.
    pub fn seal(&self, plaintext: &[u8], aad: &[u8], now: i64) -> Result<String, Error> {
        self.seal_with_nonce(plaintext, aad, now, crate::random::bytes::<NONCE_LEN>()?)
    }

    /// [`Sealer::seal`] with a given nonce: for test vectors only. A nonce must never repeat
    /// under one key.
    #[doc(hidden)]
    pub fn seal_with_nonce(
        &self,
        plaintext: &[u8],
        aad: &[u8],
        now: i64,
        nonce: [u8; NONCE_LEN],
    ) -> Result<String, Error> {
        if plaintext.len() > MAX_SEAL_BYTES {
            return Err(Error::SealInvalidOptions {
                reason: format!("the plaintext is over {MAX_SEAL_BYTES} bytes"),
            });
        }
        let key = self.keys.first().ok_or_else(|| invalid_key("no key"))?;
        let id_len = u8::try_from(key.id.len()).map_err(|_| invalid_key("key id too long"))?;
        let mut token =
            Vec::with_capacity(2 + key.id.len() + 8 + NONCE_LEN + plaintext.len() + TAG_LEN);
        token.push(SEAL_VERSION);
        token.push(id_len);
        token.extend_from_slice(key.id.as_bytes());
        token.extend_from_slice(&now.to_be_bytes());
        let header_len = token.len();
        let mut full_aad = Vec::with_capacity(header_len + aad.len());
        full_aad.extend_from_slice(&token);
        full_aad.extend_from_slice(aad);
        let sealed = key
            .cipher
            .encrypt(
                &gcm_nonce(&nonce)?,
                Payload {
                    msg: plaintext,
                    aad: &full_aad,
                },
            )
            .map_err(|_| Error::SealInvalid)?;
        token.extend_from_slice(&nonce);
        token.extend_from_slice(&sealed);
        Ok(Base64UrlUnpadded::encode_string(&token))
    }

    /// Opens `token` sealed with `aad`; with `max_age_seconds`, refuses a token sealed longer
    /// ago than that at `now` (`SEAL_EXPIRED`). Any other failure is `SEAL_INVALID`.
    pub fn open(
        &self,
        token: &str,
        aad: &[u8],
        max_age_seconds: Option<u64>,
        now: i64,
    ) -> Result<Vec<u8>, Error> {
        if token.len() > (MAX_SEAL_BYTES + 128) / 3 * 4 + 4 {
            return Err(Error::SealInvalid);
        }
        let bytes = Base64UrlUnpadded::decode_vec(token).map_err(|_| Error::SealInvalid)?;
        if bytes.first() != Some(&SEAL_VERSION) {
            return Err(Error::SealInvalid);
        }
        let id_len = usize::from(*bytes.get(1).ok_or(Error::SealInvalid)?);
        let id = bytes.get(2..2 + id_len).ok_or(Error::SealInvalid)?;
        let header_len = 2 + id_len + 8;
        let header = bytes.get(..header_len).ok_or(Error::SealInvalid)?;
        let nonce = bytes
            .get(header_len..header_len + NONCE_LEN)
            .ok_or(Error::SealInvalid)?;
        let sealed = bytes
            .get(header_len + NONCE_LEN..)
            .ok_or(Error::SealInvalid)?;
        if sealed.len() < TAG_LEN {
            return Err(Error::SealInvalid);
        }
        let key = self
            .keys
            .iter()
            .find(|k| k.id.as_bytes() == id)
            .ok_or(Error::SealInvalid)?;
        let mut full_aad = Vec::with_capacity(header_len + aad.len());
        full_aad.extend_from_slice(header);
        full_aad.extend_from_slice(aad);
        let plaintext = key
            .cipher
            .decrypt(
                &gcm_nonce(nonce)?,
                Payload {
                    msg: sealed,
                    aad: &full_aad,
                },
            )
            .map_err(|_| Error::SealInvalid)?;
        if let Some(max_age) = max_age_seconds {
            let mut at = [0u8; 8];
            at.copy_from_slice(header.get(2 + id_len..).ok_or(Error::SealInvalid)?);
            let sealed_at = i64::from_be_bytes(at);
            if sealed_at > now.saturating_add(FUTURE_SKEW_SECONDS) {
                return Err(Error::SealInvalid);
            }
            let age = u64::try_from(now.saturating_sub(sealed_at)).unwrap_or(0);
            if age > max_age {
                return Err(Error::SealExpired {
                    age_seconds: age,
                    max_age_seconds: max_age,
                });
            }
        }
        Ok(plaintext)
    }
}

/// The 96-bit GCM nonce in `bytes` (always 12 bytes here).
fn gcm_nonce(bytes: &[u8]) -> Result<aes_gcm::aead::Nonce<Aes256Gcm>, Error> {
    aes_gcm::aead::Nonce::<Aes256Gcm>::try_from(bytes).map_err(|_| Error::SealInvalid)
}

/// Raw AES-256-GCM with a 96-bit nonce, the primitive under [`Sealer`]: for the Wycheproof
/// conformance tests only. Returns `ciphertext || tag`.
#[doc(hidden)]
pub fn aes256gcm_encrypt(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, Error> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| invalid_key("not 32 bytes"))?;
    cipher
        .encrypt(
            &gcm_nonce(nonce)?,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| Error::SealInvalid)
}

/// The inverse of [`aes256gcm_encrypt`]: for the Wycheproof conformance tests only.
#[doc(hidden)]
pub fn aes256gcm_decrypt(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, Error> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| invalid_key("not 32 bytes"))?;
    cipher
        .decrypt(&gcm_nonce(nonce)?, Payload { msg: sealed, aad })
        .map_err(|_| Error::SealInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const K2: &str = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8";

    #[test]
    fn round_trip_rotation_and_failures() {
        let old = Sealer::new(&[("k1", K1)]).unwrap_or_else(|_| unreachable!());
        let new = Sealer::new(&[("k2", K2), ("k1", K1)]).unwrap_or_else(|_| unreachable!());
        let token = old.seal(b"hello", b"user:1", 100).unwrap_or_default();
        assert_eq!(
            new.open(&token, b"user:1", None, 200).ok(),
            Some(b"hello".to_vec())
        );
        assert_eq!(
            new.open(&token, b"user:2", None, 200).err(),
            Some(Error::SealInvalid)
        );
        assert!(matches!(
            new.open(&token, b"user:1", Some(50), 200),
            Err(Error::SealExpired { .. })
        ));
        let fresh = new.seal(b"x", b"", 0).unwrap_or_default();
        assert_eq!(
            old.open(&fresh, b"", None, 0).err(),
            Some(Error::SealInvalid)
        );
        assert!(!format!("{new:?}").contains(K1));
        assert!(Sealer::new(&[("k1", "c2hvcnQ")]).is_err());
        assert!(Sealer::new(&[("k 1", K1)]).is_err());
        assert!(Sealer::new(&[("k1", K1), ("k1", K2)]).is_err());
    }
}
