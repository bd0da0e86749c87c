//! Differential: every scheme against a reference computed directly with the `hmac` crate
//! (and `ed25519-dalek` for Standard Webhooks `v1a`), following each provider's documented
//! format. A delivery signed by the reference must verify; the same delivery with one bit
//! flipped in the signature or the payload, or a timestamp outside the tolerance, must not;
//! edgeward's own signer must produce the reference's headers.
//!
//! Input layout (see `seeds.py`): byte 0 selects the scheme (bit 7: Standard Webhooks with
//! an Ed25519 key), byte 1 which bit to flip, bytes 2..6 the timestamp (u32 LE), then two
//! lines: the secret (raw key bytes for Standard Webhooks, base64-encoded here) and the
//! delivery id, then the payload.
#![no_main]

use base64ct::{Base64, Encoding};
use edgeward_core::webhook::{DEFAULT_MAX_HEADER_BYTES, DEFAULT_TOLERANCE_SECONDS};
use edgeward_core::{ErrorCode, Scheme, Webhook, WebhookOptions};
use edgeward_fuzz::{lines, scheme};
use hmac::{Hmac, KeyInit, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The headers a sender sets, as (name, value) pairs, and the signature's raw bytes.
struct Signed {
    headers: Vec<(&'static str, String)>,
    signature_header: &'static str,
}

fn reference(
    scheme: Scheme,
    ed25519: Option<&ed25519_dalek::SigningKey>,
    key: &[u8],
    id: &str,
    t: &str,
    payload: &[u8],
) -> Signed {
    let headers = match scheme {
        Scheme::Stripe => {
            let tag = hmac_sha256(key, &[t.as_bytes(), b".", payload]);
            vec![("stripe-signature", format!("t={t},v1={}", hex(&tag)))]
        }
        Scheme::Standard => {
            let content = [id.as_bytes(), b".", t.as_bytes(), b".", payload].concat();
            let signature = match ed25519 {
                Some(signing) => {
                    use ed25519_dalek::Signer;
                    let signature = signing.sign(&content);
                    format!("v1a,{}", Base64::encode_string(&signature.to_bytes()))
                }
                None => format!(
                    "v1,{}",
                    Base64::encode_string(&hmac_sha256(key, &[&content]))
                ),
            };
            vec![
                ("webhook-id", id.to_owned()),
                ("webhook-timestamp", t.to_owned()),
                ("webhook-signature", signature),
            ]
        }
        Scheme::Github => {
            let tag = hmac_sha256(key, &[payload]);
            vec![("x-hub-signature-256", format!("sha256={}", hex(&tag)))]
        }
        Scheme::Slack => {
            let tag = hmac_sha256(key, &[b"v0:", t.as_bytes(), b":", payload]);
            vec![
                ("x-slack-request-timestamp", t.to_owned()),
                ("x-slack-signature", format!("v0={}", hex(&tag))),
            ]
        }
        _ => {
            let tag = hmac_sha256(key, &[payload]);
            vec![("x-shopify-hmac-sha256", Base64::encode_string(&tag))]
        }
    };
    Signed {
        headers,
        signature_header: scheme.signature_header(),
    }
}

fn verify(
    webhook: &Webhook,
    payload: &[u8],
    headers: &[(&str, String)],
    now: i64,
) -> Result<(), ErrorCode> {
    webhook
        .verify_headers(payload, headers, now)
        .map(|_| ())
        .map_err(|e| e.code())
}

fuzz_target!(|data: &[u8]| {
    let [selector, flip, t0, t1, t2, t3, rest @ ..] = data else {
        return;
    };
    let Some((fields, payload)) = lines(rest, 2) else {
        return;
    };
    let [secret, id] = fields.as_slice() else {
        return;
    };
    let scheme = scheme(*selector);
    let timestamp = i64::from(u32::from_le_bytes([*t0, *t1, *t2, *t3]));
    let t = timestamp.to_string();
    // The id travels in a header, which receivers trim, and is non-empty.
    if scheme == Scheme::Standard
        && (id.is_empty() || id.trim() != *id || id.len() > DEFAULT_MAX_HEADER_BYTES)
    {
        return;
    }

    let ed25519 = (scheme == Scheme::Standard && selector & 0x80 != 0).then(|| {
        let mut seed = [0u8; 32];
        for (out, byte) in seed.iter_mut().zip(secret.bytes().cycle()) {
            *out = byte;
        }
        ed25519_dalek::SigningKey::from_bytes(&seed)
    });
    // What the receiver is configured with.
    let configured = match (scheme, &ed25519) {
        (Scheme::Standard, Some(signing)) => {
            format!(
                "whpk_{}",
                Base64::encode_string(signing.verifying_key().as_bytes())
            )
        }
        (Scheme::Standard, None) => format!("whsec_{}", Base64::encode_string(secret.as_bytes())),
        _ => (*secret).to_owned(),
    };
    let options = WebhookOptions {
        scheme,
        ..WebhookOptions::default()
    };
    let Ok(webhook) = Webhook::new(&[configured.as_str()], options.clone()) else {
        // Refused secrets (empty, too short, weak keys) are refused for every delivery.
        return;
    };

    let signed = reference(scheme, ed25519.as_ref(), secret.as_bytes(), id, &t, payload);
    assert_eq!(
        verify(&webhook, payload, &signed.headers, timestamp),
        Ok(())
    );

    // One bit flipped in the signature header's value: refused (as malformed when the flip
    // breaks the encoding).
    let mut tampered = signed.headers.clone();
    if let Some(slot) = tampered
        .iter()
        .position(|(n, _)| *n == signed.signature_header)
    {
        let mut bytes = tampered[slot].1.clone().into_bytes();
        let len = bytes.len();
        if let Some(byte) = bytes.get_mut(usize::from(*flip) % len) {
            *byte ^= 1 << (flip % 8);
        }
        if let Ok(text) = String::from_utf8(bytes) {
            tampered[slot].1 = text;
            let result = verify(&webhook, payload, &tampered, timestamp);
            assert!(
                result.is_err(),
                "flipped signature header verified: {:?}",
                tampered[slot]
            );
        }
    }
    // One bit flipped in the payload: a signature mismatch.
    if !payload.is_empty() {
        let mut altered = payload.to_vec();
        let len = altered.len();
        if let Some(byte) = altered.get_mut(usize::from(*flip) % len) {
            *byte ^= 1 << (flip % 8);
        }
        assert_eq!(
            verify(&webhook, &altered, &signed.headers, timestamp),
            Err(ErrorCode::SignatureMismatch)
        );
    }
    // Outside the tolerance, for the schemes that sign a timestamp.
    if scheme.has_timestamp() {
        let late = timestamp + DEFAULT_TOLERANCE_SECONDS + 1;
        assert_eq!(
            verify(&webhook, payload, &signed.headers, late),
            Err(ErrorCode::TimestampTooOld)
        );
        let early = timestamp - DEFAULT_TOLERANCE_SECONDS - 1;
        assert_eq!(
            verify(&webhook, payload, &signed.headers, early),
            Err(ErrorCode::TimestampTooNew)
        );
    }

    // Our signer writes the reference's headers (Ed25519 with the secret key).
    let signer_secret = match &ed25519 {
        Some(signing) => format!("whsk_{}", Base64::encode_string(&signing.to_bytes())),
        None => configured.clone(),
    };
    let signable_id = id.bytes().all(|b| b.is_ascii_graphic() && b != b'.');
    if let Ok(signer) = Webhook::new(&[signer_secret.as_str()], options) {
        if scheme != Scheme::Standard || signable_id {
            let ours = signer
                .sign_headers(payload, timestamp, Some(id))
                .expect("signing never fails with a valid id and timestamp");
            let ours: Vec<(&str, String)> = ours.into_iter().collect();
            assert_eq!(ours, signed.headers);
        }
    }
});
