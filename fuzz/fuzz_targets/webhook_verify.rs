//! Header parsing and verification, every scheme. Input layout (see `seeds.py`):
//! byte 0 selects the scheme (bit 7 the raw secret format, bit 6 `svix-*` headers), bytes 1..9 are `now` (i64 LE),
//! then four lines: secret, signature header, id header, timestamp header (empty = absent),
//! then the payload. Invariants: no panic; a verified delivery is within the tolerance of
//! `now`; a planted canary secret never appears in an error or in `Debug` output.
#![no_main]

use edgeward_core::webhook::{DEFAULT_TOLERANCE_SECONDS, SecretFormat};
use edgeward_core::{Webhook, WebhookOptions};
use edgeward_fuzz::{contains, lines, present, scheme};
use libfuzzer_sys::fuzz_target;

/// Used instead of the input's secret when the secret line is `CANARY`.
const CANARY: &str = "whsec_Q2FuYXJ5U2VjcmV0Rm9yRnV6emluZzE=";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Some((now, rest)) = rest.split_first_chunk::<8>() else {
        return;
    };
    let now = i64::from_le_bytes(*now);
    let Some((fields, payload)) = lines(rest, 4) else {
        return;
    };
    let [secret, signature, id, timestamp] = fields.as_slice() else {
        return;
    };
    let canary = *secret == "CANARY";
    let secret = if canary { CANARY } else { secret };
    let scheme = scheme(selector);
    let options = WebhookOptions {
        scheme,
        secret_format: if selector & 0x80 != 0 {
            SecretFormat::Raw
        } else {
            SecretFormat::Provider
        },
        ..WebhookOptions::default()
    };
    let webhook = match Webhook::new(&[secret], options) {
        Ok(webhook) => webhook,
        Err(error) => {
            assert!(!canary || !error.to_string().contains(CANARY));
            return;
        }
    };
    if canary {
        assert!(!format!("{webhook:?}").contains(CANARY));
    }

    // Bit 6 picks Standard Webhooks' `svix-*` header set instead of `webhook-*`.
    let svix = selector & 0x40 != 0;
    let names = scheme.header_names();
    let values: Vec<Option<&str>> = names
        .iter()
        .map(|name| {
            if name.starts_with("svix-") != svix
                && (name.starts_with("svix-") || name.starts_with("webhook-"))
            {
                None
            } else if name.ends_with("-id") {
                present(id)
            } else if name.contains("timestamp") {
                present(timestamp)
            } else {
                present(signature)
            }
        })
        .collect();
    let result = webhook.verify_values(payload, &values, now);
    match &result {
        Ok(verified) => {
            if let Some(signed) = verified.signed_timestamp() {
                let age = i128::from(now) - i128::from(signed);
                assert!(age.abs() <= i128::from(DEFAULT_TOLERANCE_SECONDS));
            }
            let _ = verified.replay_key();
        }
        Err(error) => {
            let quoted = [signature, id, timestamp]
                .iter()
                .any(|h| h.contains(CANARY))
                || contains(payload, CANARY.as_bytes());
            if canary && !quoted {
                assert!(!error.to_string().contains(CANARY));
                assert!(!format!("{error:?}").contains(CANARY));
            }
        }
    }
    // The single-header entry point agrees with the all-headers one for single-header schemes.
    if names.len() == 1 {
        let single = webhook.verify(payload, present(signature), now);
        assert_eq!(
            single
                .as_ref()
                .map_err(|e| e.code())
                .map(|v| v.secret_index),
            result
                .as_ref()
                .map_err(|e| e.code())
                .map(|v| v.secret_index)
        );
    }
});
