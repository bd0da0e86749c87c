//! Every parser of the credential helpers on hostile input: OAuth state tokens, sealed
//! tokens, Fernet tokens, permissions, policy subjects (with a scoped key's CIDR ranges, read by
//! the `net` parser) and key classification.
//! Invariants: no panic; nothing verifies or opens that was not made with the key; what is
//! sealed opens to the same bytes.
#![no_main]

use edgeward_core::fernet::Fernet;
use edgeward_core::key_hygiene::classify_key;
use edgeward_core::oauth::OAuthState;
use edgeward_core::policy::{AccessPolicy, Permission, Subject};
use edgeward_core::seal::Sealer;
use libfuzzer_sys::fuzz_target;

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(state) = OAuthState::new(&["fuzz-secret-0123456789-abcdefghijkl"], 600) else {
        return;
    };
    assert!(state.verify(&text, "session", 1_700_000_000).is_err());
    let Ok(sealer) = Sealer::new(&[("k1", KEY)]) else {
        return;
    };
    assert!(sealer.open(&text, b"", None, 0).is_err());
    if let Ok(token) = sealer.seal(data, b"aad", 0) {
        assert_eq!(
            sealer.open(&token, b"aad", None, 0).ok().as_deref(),
            Some(data)
        );
    }
    if let Ok(fernet) = Fernet::new("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=") {
        let _ = fernet.decrypt(&text, Some(60), 0);
    }
    let _ = Permission::parse(&text);
    // The text as a scoped key's range and as the caller's address.
    let scoped = format!(
        r#"{{"roles":["admin"],"key":{{"permissions":["*:*"],"ipRestrictions":[{0}]}},"ip":{0}}}"#,
        serde_json::Value::String(text.to_string())
    );
    if let Ok(subject) = Subject::from_json(&scoped) {
        let _ = AccessPolicy::default().explain(&subject, "invoices:read");
    }
    let _ = classify_key(&text);
    if let Ok(subject) = Subject::from_json(&text) {
        let _ = AccessPolicy::default().explain(&subject, "invoices:read");
    }
    let _ = AccessPolicy::from_json(&text);
});
