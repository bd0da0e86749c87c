//! Fernet tokens (the spec of `cryptography.fernet`), so tokens stored by Python code today can
//! be opened and re-sealed with [`crate::seal::Sealer`].
//!
//! ## Threat model
//! As for sealed tokens: an attacker may read and rewrite tokens but not the key. The HMAC is
//! checked (in constant time) before anything is decrypted, so there is no padding oracle; every
//! failure is `SEAL_INVALID`, an authentic token older than `ttl` is `SEAL_EXPIRED`. The key is
//! zeroized on drop and never printed.
//!
//! Token: `base64url( 0x80 | timestamp (8, big-endian) | IV (16) | AES-128-CBC/PKCS7
//! ciphertext | HMAC-SHA256 (32) )` with the key's first 16 bytes signing and its last 16
//! encrypting.

use crate::Error;
use crate::secret::SecretBytes;
use aes::Aes128;
use base64ct::{Base64Url, Encoding};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Largest plaintext encrypted or decrypted (16 MiB).
pub const MAX_FERNET_BYTES: usize = 16 * 1024 * 1024;
const VERSION: u8 = 0x80;
/// `cryptography.fernet`'s allowed clock skew for tokens from the future.
const MAX_CLOCK_SKEW: i64 = 60;

/// A Fernet key: 32 bytes, base64url (as `Fernet.generate_key()` prints it).
pub struct Fernet {
    signing: SecretBytes,
    encryption: SecretBytes,
}

impl core::fmt::Debug for Fernet {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Fernet(<key redacted>)")
    }
}

impl Fernet {
    /// A Fernet from its base64url key (padded as `Fernet.generate_key()` writes it, or not).
    pub fn new(key: &str) -> Result<Fernet, Error> {
        let bytes = crate::seal::decode_key(key, "the Fernet key")?;
        let (signing, encryption) = match (bytes.get(..16), bytes.get(16..)) {
            (Some(s), Some(e)) if bytes.len() == 32 => (s, e),
            _ => {
                return Err(Error::SealInvalidKey {
                    reason: format!(
                        "the Fernet key has {} bytes; it takes 32 (base64url, 44 characters)",
                        bytes.len()
                    ),
                });
            }
        };
        Ok(Fernet {
            signing: SecretBytes::new(signing.to_vec()),
            encryption: SecretBytes::new(encryption.to_vec()),
        })
    }

    /// A new random key, base64url with padding.
    pub fn generate_key() -> Result<String, Error> {
        let key = zeroize::Zeroizing::new(crate::random::bytes::<32>()?);
        Ok(Base64Url::encode_string(key.as_slice()))
    }

    fn mac(&self) -> Result<Hmac<Sha256>, Error> {
        <Hmac<Sha256> as KeyInit>::new_from_slice(self.signing.expose())
            .map_err(|_| Error::SealInvalid)
    }

    /// Encrypts `plaintext` at `now` with a random IV.
    pub fn encrypt(&self, plaintext: &[u8], now: i64) -> Result<String, Error> {
        self.encrypt_with_iv(plaintext, now, crate::random::bytes::<16>()?)
    }

    /// [`Fernet::encrypt`] with a given IV: for the specification's vectors only.
    #[doc(hidden)]
    pub fn encrypt_with_iv(
        &self,
        plaintext: &[u8],
        now: i64,
        iv: [u8; 16],
    ) -> Result<String, Error> {
        if plaintext.len() > MAX_FERNET_BYTES {
            return Err(Error::SealInvalidOptions {
                reason: format!("the plaintext is over {MAX_FERNET_BYTES} bytes"),
            });
        }
        let encryptor = cbc::Encryptor::<Aes128>::new_from_slices(self.encryption.expose(), &iv)
            .map_err(|_| Error::SealInvalid)?;
        let ciphertext = encryptor.encrypt_padded_vec::<Pkcs7>(plaintext);
        let mut token = Vec::with_capacity(1 + 8 + 16 + ciphertext.len() + 32);
        token.push(VERSION);
        token.extend_from_slice(&now.to_be_bytes());
        token.extend_from_slice(&iv);
        token.extend_from_slice(&ciphertext);
        let mut mac = self.mac()?;
        mac.update(&token);
        token.extend_from_slice(&mac.finalize().into_bytes());
        Ok(Base64Url::encode_string(&token))
    }

    /// Decrypts `token`; with `ttl_seconds`, refuses a token older than that at `now`
    /// (`SEAL_EXPIRED`) or from more than 60 s in the future (`SEAL_INVALID`), as
    /// `cryptography.fernet` does.
    pub fn decrypt(
        &self,
        token: &str,
        ttl_seconds: Option<u64>,
        now: i64,
    ) -> Result<Vec<u8>, Error> {
        if token.len() > (MAX_FERNET_BYTES + 96) / 3 * 4 + 8 {
            return Err(Error::SealInvalid);
        }
        // Padded or not, as Python's decoder of the spec's tokens.
        let trimmed = token.trim_end_matches('=');
        let bytes =
            base64ct::Base64UrlUnpadded::decode_vec(trimmed).map_err(|_| Error::SealInvalid)?;
        if bytes.len() < 1 + 8 + 16 + 16 + 32 || bytes.first() != Some(&VERSION) {
            return Err(Error::SealInvalid);
        }
        let split = bytes.len() - 32;
        let (signed, tag) = (
            bytes.get(..split).ok_or(Error::SealInvalid)?,
            bytes.get(split..).ok_or(Error::SealInvalid)?,
        );
        let mut mac = self.mac()?;
        mac.update(signed);
        mac.verify_slice(tag).map_err(|_| Error::SealInvalid)?;
        let mut ts = [0u8; 8];
        ts.copy_from_slice(signed.get(1..9).ok_or(Error::SealInvalid)?);
        // The spec's timestamps are unsigned; one past i64 is far in the future.
        let timestamp = i64::try_from(u64::from_be_bytes(ts)).unwrap_or(i64::MAX);
        if let Some(ttl) = ttl_seconds {
            if timestamp > now.saturating_add(MAX_CLOCK_SKEW) {
                return Err(Error::SealInvalid);
            }
            let age = u64::try_from(now.saturating_sub(timestamp)).unwrap_or(0);
            if age > ttl {
                return Err(Error::SealExpired {
                    age_seconds: age,
                    max_age_seconds: ttl,
                });
            }
        }
        let iv = signed.get(9..25).ok_or(Error::SealInvalid)?;
        let ciphertext = signed.get(25..).ok_or(Error::SealInvalid)?;
        if ciphertext.is_empty() || ciphertext.len() % 16 != 0 {
            return Err(Error::SealInvalid);
        }
        let decryptor = cbc::Decryptor::<Aes128>::new_from_slices(self.encryption.expose(), iv)
            .map_err(|_| Error::SealInvalid)?;
        decryptor
            .decrypt_padded_vec::<Pkcs7>(ciphertext)
            .map_err(|_| Error::SealInvalid)
    }
}
