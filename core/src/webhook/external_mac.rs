//! Verification with the MAC computed by the host: on Workers, WebCrypto's HMAC-SHA256 runs
//! on the CPU's SHA instructions, which WebAssembly cannot reach, so above some payload size it
//! is several times faster than hashing in WASM.
//!
//! The core keeps every decision. [`Webhook::prepare_mac`] reads and checks the headers
//! exactly as [`Webhook::verify_with`] does (same checks, same order, same errors) and returns
//! a [`PendingMac`]: the signed content's fixed parts around the payload, and which secret's
//! MAC it needs next. The host computes only that MAC, over `prefix ‖ payload ‖ suffix`, with
//! the key bytes [`Webhook::hmac_key_bytes`] gives; [`Webhook::finish_mac`] compares it with
//! the header's signatures in constant time, then checks the timestamp and builds the
//! [`Verified`] delivery (or the error) as the inline path does.
//!
//! ## Threat model
//! The host is the caller's own code (the JS facade), trusted to hash what it is told; it is
//! never told whether a signature matched except through the final verdict. A tag given for
//! another key than the one asked for, a second answer after the verdict, or a pending
//! delivery finished on another endpoint is refused (`WEBHOOK_INVALID_OPTIONS`), never accepted.
//! Endpoints with an Ed25519 key are not prepared (`None`): they verify inline.

use super::{Key, ReplaySource, SignedRequest, Verified, Webhook, occurrence_lookup};
use crate::error::Error;
use crate::mac::SHA256_TAG_LEN;
use subtle::{Choice, ConstantTimeEq};

use super::MAX_SIGNATURES;
use super::scheme::Part;

/// A delivery whose headers passed every check, waiting for the MAC(s) of its signed
/// content. Built by [`Webhook::prepare_mac`], finished by [`Webhook::finish_mac`].
#[derive(Clone)]
pub struct PendingMac {
    signatures: [[u8; SHA256_TAG_LEN]; MAX_SIGNATURES],
    signature_count: usize,
    /// Every signature of the header, of every kind (for the mismatch error).
    all_signatures: usize,
    id: Option<String>,
    timestamp: Option<i64>,
    prefix: Vec<u8>,
    suffix: Vec<u8>,
    now: i64,
    /// The secret whose MAC is needed next; `None` once the verdict was given.
    next: Option<usize>,
    first_tag: Option<[u8; SHA256_TAG_LEN]>,
    /// Which endpoint prepared it (see `endpoint_binding`).
    endpoint: [u8; 32],
}

impl core::fmt::Debug for PendingMac {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PendingMac")
            .field("next_key", &self.next)
            .finish_non_exhaustive()
    }
}

impl PendingMac {
    /// The signed content's bytes before the payload.
    pub fn prefix(&self) -> &[u8] {
        &self.prefix
    }

    /// The signed content's bytes after the payload.
    pub fn suffix(&self) -> &[u8] {
        &self.suffix
    }

    /// The index of the secret whose MAC [`Webhook::finish_mac`] needs next, or `None` once
    /// the verdict was given.
    pub fn next_key(&self) -> Option<usize> {
        self.next
    }

    /// The time the delivery is judged at (Unix seconds, as given to
    /// [`Webhook::prepare_mac`]).
    pub fn now(&self) -> i64 {
        self.now
    }
}

fn misuse(reason: &str) -> Error {
    Error::InvalidOptions {
        reason: reason.to_owned(),
    }
}

impl Webhook {
    /// Reads and checks a delivery's headers, given as the occurrences of each of
    /// [`super::Scheme::header_names`] in order (as [`Webhook::verify_occurrences`] takes them),
    /// and prepares the MAC comparison; `now` is the current Unix time in seconds. `None`
    /// when the endpoint has an Ed25519 key: verify inline then. The errors are those
    /// [`Webhook::verify_occurrences`] gives before it computes a MAC (including the
    /// `WEBHOOK_SIGNATURE_MISMATCH` of a header carrying no HMAC signature).
    pub fn prepare_mac(
        &self,
        occurrences: &[&[&str]],
        now: i64,
    ) -> Result<Option<PendingMac>, Error> {
        let names = self.header_names_for(occurrences.len())?;
        if !self.keys.iter().all(|key| matches!(key, Key::Hmac(_))) {
            return Ok(None);
        }
        let mut lookup = occurrence_lookup(names, occurrences);
        let request = self.read_headers(&mut lookup)?;
        let SignedRequest {
            id,
            timestamp,
            signatures,
        } = self.parse_request(&request)?;
        if signatures.hmac().is_empty() {
            // Every key is an HMAC key: none can match (as `verify_with` finds).
            return Err(Error::SignatureMismatch {
                secrets: self.keys.len(),
                signatures: signatures.count(),
            });
        }
        let mut prefix = Vec::new();
        let mut suffix = Vec::new();
        let mut after_payload = false;
        for part in self.options.scheme.descriptor().content {
            let bytes: &[u8] = match part {
                Part::Literal(bytes) => bytes,
                Part::Id => id.ok_or_else(super::scheme_incomplete)?.as_bytes(),
                Part::Timestamp => {
                    let (text, _) = timestamp.ok_or_else(super::scheme_incomplete)?;
                    text.as_bytes()
                }
                Part::Payload => {
                    after_payload = true;
                    continue;
                }
            };
            if after_payload {
                suffix.extend_from_slice(bytes);
            } else {
                prefix.extend_from_slice(bytes);
            }
        }
        if !after_payload {
            return Err(super::scheme_incomplete());
        }
        let mut kept = [[0u8; SHA256_TAG_LEN]; MAX_SIGNATURES];
        for (slot, signature) in kept.iter_mut().zip(signatures.hmac()) {
            *slot = *signature;
        }
        Ok(Some(PendingMac {
            signatures: kept,
            signature_count: signatures.hmac().len(),
            all_signatures: signatures.count(),
            id: id.map(str::to_owned),
            timestamp: timestamp.map(|(_, value)| value),
            prefix,
            suffix,
            now,
            next: Some(0),
            first_tag: None,
            endpoint: self.replay_binding,
        }))
    }

    /// The HMAC key of the secret at `index`, as the host's HMAC-SHA256 takes it (`None` for
    /// an Ed25519 key or an index out of range). Hand it only to the host's MAC and drop it.
    pub fn hmac_key_bytes(&self, index: usize) -> Option<&[u8]> {
        match self.keys.get(index)? {
            Key::Hmac(key) => Some(key.key_bytes()),
            _ => None,
        }
    }

    /// Takes `tag`, the HMAC-SHA256 of `prefix ‖ payload ‖ suffix` under the secret at
    /// `index` (which must be [`PendingMac::next_key`]). `Ok(None)`: no signature matched
    /// yet, give the MAC under [`PendingMac::next_key`]. Otherwise the verdict, as
    /// [`Webhook::verify_values`] gives it: the delivery, `WEBHOOK_SIGNATURE_MISMATCH` once no
    /// secret is left, or the timestamp error of a matching delivery.
    pub fn finish_mac(
        &self,
        pending: &mut PendingMac,
        index: usize,
        tag: &[u8],
    ) -> Result<Option<Verified>, Error> {
        if !bool::from(pending.endpoint.ct_eq(&self.replay_binding)) {
            return Err(misuse("this delivery was prepared by another Webhook"));
        }
        if pending.next != Some(index) {
            return Err(misuse(
                "a MAC was given for another secret than the one asked for, or after the verdict",
            ));
        }
        let Ok(tag) = <[u8; SHA256_TAG_LEN]>::try_from(tag) else {
            pending.next = None;
            return Err(misuse("an HMAC-SHA256 tag is 32 bytes"));
        };
        if index == 0 {
            pending.first_tag = Some(tag);
        }
        let mut any = Choice::from(0);
        for signature in pending.signatures.iter().take(pending.signature_count) {
            any |= tag.ct_eq(signature);
        }
        if !bool::from(any) {
            let next = index + 1;
            if next < self.keys.len() {
                pending.next = Some(next);
                return Ok(None);
            }
            pending.next = None;
            return Err(Error::SignatureMismatch {
                secrets: self.keys.len(),
                signatures: pending.all_signatures,
            });
        }
        pending.next = None;
        let id = pending.id.as_deref();
        let first_tag = pending.first_tag;
        self.accept(id, pending.timestamp, index, pending.now, || match id {
            Some(_) => ReplaySource::Id(self.replay_binding),
            // Key 0 is an HMAC key (every key is) and is always asked first.
            None => ReplaySource::Mac(first_tag.unwrap_or_default()),
        })
        .map(Some)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::mac::HmacSha256Key;
    use crate::{ErrorCode, Scheme, WebhookOptions};

    fn finish_with_host_mac(
        wh: &Webhook,
        payload: &[u8],
        values: &[Option<&str>],
        now: i64,
    ) -> Result<Option<Verified>, Error> {
        let lists: Vec<Vec<&str>> = values.iter().map(|v| v.iter().copied().collect()).collect();
        let occurrences: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
        let Some(mut pending) = wh.prepare_mac(&occurrences, now)? else {
            return Ok(None);
        };
        let content = [pending.prefix(), payload, pending.suffix()].concat();
        while let Some(index) = pending.next_key() {
            let key = HmacSha256Key::new(wh.hmac_key_bytes(index).unwrap()).unwrap();
            if let Some(verified) = wh.finish_mac(&mut pending, index, &key.tag(&[&content]))? {
                return Ok(Some(verified));
            }
        }
        unreachable!("finish_mac gives a verdict after the last key")
    }

    #[test]
    fn same_verdicts_as_inline_verification() {
        let sender = Webhook::new(
            &["whsec_new_secret_0123456789abcdef"],
            WebhookOptions::default(),
        )
        .unwrap();
        let receiver = Webhook::new(
            &[
                "whsec_other_secret_0123456789abcd",
                "whsec_new_secret_0123456789abcdef",
            ],
            WebhookOptions::default(),
        )
        .unwrap();
        let header = sender.sign(b"{}", 1000).unwrap();
        for (payload, now) in [(&b"{}"[..], 1000), (b"{}", 5000), (b"{ }", 1000)] {
            let inline = receiver.verify_values(payload, &[Some(&header)], now);
            let external = finish_with_host_mac(&receiver, payload, &[Some(&header)], now);
            match (inline, external) {
                (Ok(a), Ok(Some(b))) => {
                    assert_eq!(a, b);
                    assert_eq!(a.replay_key(), b.replay_key());
                    assert_eq!(a.secret_index, 1);
                }
                (Err(a), Err(b)) => assert_eq!(a, b),
                other => panic!("verdicts differ: {other:?}"),
            }
        }
    }

    #[test]
    fn misuse_is_refused() {
        let wh = Webhook::new(
            &["whsec_new_secret_0123456789abcdef"],
            WebhookOptions::default(),
        )
        .unwrap();
        let other = Webhook::new(
            &["whsec_old_secret_0123456789abcdef"],
            WebhookOptions::default(),
        )
        .unwrap();
        let header = wh.sign(b"x", 10).unwrap();
        let mut pending = wh.prepare_mac(&[&[header.as_str()]], 10).unwrap().unwrap();
        assert_eq!(pending.prefix(), b"10.");
        assert_eq!(pending.suffix(), b"");
        let code = |r: Result<Option<Verified>, Error>| r.unwrap_err().code();
        assert_eq!(
            code(wh.finish_mac(&mut pending, 1, &[0; 32])),
            ErrorCode::InvalidOptions
        );
        assert_eq!(
            code(other.finish_mac(&mut pending, 0, &[0; 32])),
            ErrorCode::InvalidOptions
        );
        assert_eq!(
            code(wh.finish_mac(&mut pending, 0, &[0; 32])),
            ErrorCode::SignatureMismatch
        );
        // After the verdict, nothing more is taken, not even the right tag.
        let key = HmacSha256Key::new(wh.hmac_key_bytes(0).unwrap()).unwrap();
        let tag = key.tag(&[b"10.x"]);
        assert_eq!(
            code(wh.finish_mac(&mut pending, 0, &tag)),
            ErrorCode::InvalidOptions
        );
        let mut pending = wh.prepare_mac(&[&[header.as_str()]], 10).unwrap().unwrap();
        assert_eq!(
            code(wh.finish_mac(&mut pending, 0, &tag[..31])),
            ErrorCode::InvalidOptions
        );
        let mut pending = wh.prepare_mac(&[&[header.as_str()]], 10).unwrap().unwrap();
        assert!(wh.finish_mac(&mut pending, 0, &tag).unwrap().is_some());
        assert!(!format!("{pending:?}").contains("10."));
    }

    #[test]
    fn ed25519_endpoints_verify_inline() {
        use base64ct::{Base64, Encoding};
        let signing = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let public = format!(
            "whpk_{}",
            Base64::encode_string(signing.verifying_key().as_bytes())
        );
        let options = WebhookOptions {
            scheme: Scheme::Standard,
            ..WebhookOptions::default()
        };
        let wh = Webhook::new(&[public.as_str()], options).unwrap();
        let none: &[&str] = &[];
        let occurrences = vec![none; Scheme::Standard.header_names().len()];
        assert!(wh.prepare_mac(&occurrences, 10).unwrap().is_none());
        assert!(wh.hmac_key_bytes(0).is_none());
    }
}
