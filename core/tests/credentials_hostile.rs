//! Generated hostile input for the credential parsers (proptest): state tokens, sealed and
//! Fernet tokens, permissions, CIDR ranges, subjects, keys. Besides "returns instead of
//! panicking": nothing forged verifies or opens, single-byte edits of genuine tokens are
//! refused, and whatever is sealed or issued comes back unchanged.
#![cfg(feature = "credentials")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use base64ct::{Base64UrlUnpadded, Encoding};
use edgeward_core::fernet::Fernet;
use edgeward_core::key_hygiene::{classify_key, mask};
use edgeward_core::oauth::{IssueOptions, OAuthState, code_challenge_s256};
use edgeward_core::policy::{AccessPolicy, Permission, Subject};
use edgeward_core::seal::Sealer;
use proptest::prelude::*;

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const SECRET: &str = "hostile-secret-0123456789-abcdefghijkl";

fn state() -> OAuthState {
    OAuthState::new(&[SECRET], 600).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_verifies_or_opens(text in "\\PC{0,300}") {
        prop_assert!(state().verify(&text, "s", 1_700_000_000).is_err());
        let sealer = Sealer::new(&[("k1", KEY)]).unwrap();
        prop_assert!(sealer.open(&text, b"", None, 0).is_err());
        let fernet = Fernet::new("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=").unwrap();
        prop_assert!(fernet.decrypt(&text, None, 0).is_err());
        let _ = Permission::parse(&text);
        let scoped = serde_json::json!({
            "roles": ["admin"],
            "key": { "permissions": ["*:*"], "ipRestrictions": [&text] },
            "ip": &text,
        });
        // Hostile text as a key's range and as the caller's address: never a panic, and
        // accepted only where the network guards' strict parser accepts it too.
        if Subject::from_json(&scoped.to_string()).is_ok() {
            prop_assert!(edgeward_core::net::parse_ip(&text).is_ok());
            prop_assert!(edgeward_core::net::parse_cidr(&text, edgeward_core::net::HostBits::Refuse).is_ok());
        }
        let class = classify_key(&text);
        prop_assert!(!class.provider.is_empty());
        let _ = mask(&text);
        let _ = code_challenge_s256(&text);
        if let Ok(subject) = Subject::from_json(&text) {
            let _ = AccessPolicy::default().can(&subject, "a:read");
        }
    }

    #[test]
    fn random_bytes_as_tokens(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let token = Base64UrlUnpadded::encode_string(&bytes);
        prop_assert!(state().verify(&token, "s", 1_700_000_000).is_err());
        let sealer = Sealer::new(&[("k1", KEY)]).unwrap();
        prop_assert!(sealer.open(&token, b"", None, 0).is_err());
    }

    #[test]
    fn sealed_data_round_trips_and_edits_are_refused(
        data in proptest::collection::vec(any::<u8>(), 0..600),
        aad in proptest::collection::vec(any::<u8>(), 0..40),
        flip in any::<usize>(),
    ) {
        let sealer = Sealer::new(&[("k1", KEY)]).unwrap();
        let token = sealer.seal(&data, &aad, 1000).unwrap();
        prop_assert_eq!(sealer.open(&token, &aad, Some(10), 1005).unwrap(), data);
        let mut raw = Base64UrlUnpadded::decode_vec(&token).unwrap();
        let i = flip % raw.len();
        raw[i] ^= 1;
        let edited = Base64UrlUnpadded::encode_string(&raw);
        prop_assert!(sealer.open(&edited, &aad, None, 1005).is_err());
    }

    #[test]
    fn state_round_trips_and_edits_are_refused(
        session in "[ -~]{1,64}",
        return_to in proptest::option::of("\\PC{0,100}"),
        flip in any::<usize>(),
    ) {
        let s = state();
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let token = s.issue(&IssueOptions { session: &session, verifier: Some(verifier), return_to: return_to.as_deref() }, 1000).unwrap();
        let got = s.verify(&token, &session, 1001).unwrap();
        prop_assert_eq!(got.verifier.as_deref(), Some(verifier));
        prop_assert_eq!(got.return_to, return_to);
        let mut raw = Base64UrlUnpadded::decode_vec(&token).unwrap();
        let i = flip % raw.len();
        raw[i] ^= 0x80;
        let edited = Base64UrlUnpadded::encode_string(&raw);
        prop_assert!(s.verify(&edited, &session, 1001).is_err());
    }

    #[test]
    fn wildcards_never_span_segments(resource in "[a-z]{1,8}", action in "[a-z]{1,8}", extra in "[a-z:]{0,8}") {
        let policy = AccessPolicy::default();
        let admin = Subject { roles: vec!["admin".into()], ..Subject::default() };
        let request = format!("{resource}:{action}{extra}");
        let concrete = !extra.contains(':');
        prop_assert_eq!(policy.can(&admin, &request), concrete);
        let rule = Permission::parse(&format!("{resource}*:{action}"));
        prop_assert!(rule.is_err());
    }
}
