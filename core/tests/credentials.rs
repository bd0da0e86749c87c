//! The shared credentials vectors (tests/vectors/credentials.json), the Fernet specification's
//! vectors and Wycheproof's AES-256-GCM cases (../shared/conformance/), through the core.
// Generated test data: casts of small counters and vector numbers, where a lost bit changes a
// sample, never a verdict under test.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]
#![cfg(feature = "credentials")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use common::{read_json, repo_root};
use edgeward_core::fernet::Fernet;
use edgeward_core::oauth::{self, IssueOptions, OAuthState};
use edgeward_core::seal::{self, Sealer};
use serde_json::Value;

mod common;

fn vectors() -> Value {
    read_json(&repo_root().join("tests/vectors/credentials.json"))
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn code<T>(r: Result<T, edgeward_core::Error>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code().as_str(),
    }
}

#[test]
fn pkce_vectors() {
    let v = vectors();
    for case in v["pkce"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let verifier = case["verifier"].as_str().unwrap();
        let result = match case["method"].as_str() {
            Some(m) => oauth::code_challenge(verifier, m),
            None => oauth::code_challenge_s256(verifier),
        };
        match case["error"].as_str() {
            Some(err) => assert_eq!(code(result), err, "{name}"),
            None => assert_eq!(
                result.unwrap(),
                case["challenge"].as_str().unwrap(),
                "{name}"
            ),
        }
    }
}

fn state_issuer(v: &Value) -> OAuthState {
    let secrets: Vec<&str> = v["state"]["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    OAuthState::new(&secrets, v["state"]["ttl_seconds"].as_u64().unwrap()).unwrap()
}

#[test]
fn state_vectors() {
    let v = vectors();
    let issuer = state_issuer(&v);
    for case in v["state"]["issue"].as_array().unwrap() {
        let nonce: [u8; 12] = hex(case["nonce_hex"].as_str().unwrap()).try_into().unwrap();
        let token = issuer
            .issue_with_nonce(
                &IssueOptions {
                    session: case["session"].as_str().unwrap(),
                    verifier: case["verifier"].as_str(),
                    return_to: case["return_to"].as_str(),
                },
                case["now"].as_i64().unwrap(),
                nonce,
            )
            .unwrap();
        assert_eq!(token, case["token"].as_str().unwrap(), "{}", case["name"]);
    }
    for case in v["state"]["verify"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let result = issuer.verify(
            case["token"].as_str().unwrap(),
            case["session"].as_str().unwrap(),
            case["now"].as_i64().unwrap(),
        );
        match case["error"].as_str() {
            Some(err) => assert_eq!(code(result), err, "{name}"),
            None => {
                let got = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let expect = &case["expect"];
                assert_eq!(
                    got.verifier.as_deref(),
                    expect["verifier"].as_str(),
                    "{name}"
                );
                assert_eq!(
                    got.return_to.as_deref(),
                    expect["return_to"].as_str(),
                    "{name}"
                );
                assert_eq!(
                    got.issued_at,
                    expect["issued_at"].as_i64().unwrap(),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn refresh_vectors() {
    let v = vectors();
    for case in v["refresh"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let result = oauth::needs_refresh(
            case["expires_at"].as_i64().unwrap(),
            case["now"].as_i64().unwrap(),
            case["skew_seconds"]
                .as_i64()
                .unwrap_or(oauth::DEFAULT_REFRESH_SKEW_SECONDS),
            case["issued_at"].as_i64(),
        );
        match case["error"].as_str() {
            Some(err) => assert_eq!(code(result), err, "{name}"),
            None => assert_eq!(result.unwrap(), case["expect"].as_bool().unwrap(), "{name}"),
        }
    }
}

fn sealer(keys: &Value) -> Result<Sealer, edgeward_core::Error> {
    let pairs: Vec<(String, String)> = keys
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["id"].as_str().unwrap().to_owned(),
                k["key"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    Sealer::new(&pairs)
}

#[test]
fn seal_vectors() {
    let v = vectors();
    let s = sealer(&v["seal"]["keys"]).unwrap();
    for case in v["seal"]["seal"].as_array().unwrap() {
        let nonce: [u8; 12] = hex(case["nonce_hex"].as_str().unwrap()).try_into().unwrap();
        let token = s
            .seal_with_nonce(
                &hex(case["plaintext_hex"].as_str().unwrap()),
                &hex(case["aad_hex"].as_str().unwrap()),
                case["now"].as_i64().unwrap(),
                nonce,
            )
            .unwrap();
        assert_eq!(token, case["token"].as_str().unwrap(), "{}", case["name"]);
    }
    for case in v["seal"]["open"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let result = s.open(
            case["token"].as_str().unwrap(),
            &hex(case["aad_hex"].as_str().unwrap()),
            case["max_age_seconds"].as_u64(),
            case["now"].as_i64().unwrap(),
        );
        match case["error"].as_str() {
            Some(err) => assert_eq!(code(result), err, "{name}"),
            None => assert_eq!(
                result.unwrap(),
                hex(case["expect_hex"].as_str().unwrap()),
                "{name}"
            ),
        }
    }
    for case in v["seal"]["bad_keys"].as_array().unwrap() {
        assert_eq!(
            code(sealer(&case["keys"])),
            case["error"].as_str().unwrap(),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn fernet_vectors() {
    let v = vectors();
    let f = Fernet::new(v["fernet"]["key"].as_str().unwrap()).unwrap();
    for case in v["fernet"]["decrypt"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let result = f.decrypt(
            case["token"].as_str().unwrap(),
            case["ttl_seconds"].as_u64(),
            case["now"].as_i64().unwrap(),
        );
        match case["error"].as_str() {
            Some(err) => assert_eq!(code(result), err, "{name}"),
            None => assert_eq!(
                result.unwrap(),
                hex(case["expect_hex"].as_str().unwrap()),
                "{name}"
            ),
        }
    }
    for case in v["fernet"]["bad_keys"].as_array().unwrap() {
        assert_eq!(
            code(Fernet::new(case["key"].as_str().unwrap())),
            case["error"].as_str().unwrap()
        );
    }
}

/// `1985-10-26T01:20:01-07:00` as Unix seconds (the spec's only format).
fn iso_seconds(text: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| text[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let (hh, mm, ss) = (n(11..13), n(14..16), n(17..19));
    let sign = if &text[19..20] == "-" { -1 } else { 1 };
    let offset = sign * (n(20..22) * 3600 + n(23..25) * 60);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hh * 3600 + mm * 60 + ss - offset
}

fn fernet_spec(file: &str) -> Option<Value> {
    let path = repo_root().join("../shared/conformance/fernet").join(file);
    if !path.exists() {
        println!(
            "SKIPPED: {} not found (../shared/conformance)",
            path.display()
        );
        return None;
    }
    Some(read_json(&path))
}

#[test]
fn fernet_spec_vectors() {
    let Some(generate) = fernet_spec("generate.json") else {
        return;
    };
    for case in generate.as_array().unwrap() {
        let f = Fernet::new(case["secret"].as_str().unwrap()).unwrap();
        let iv: Vec<u8> = case["iv"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap() as u8)
            .collect();
        let token = f
            .encrypt_with_iv(
                case["src"].as_str().unwrap().as_bytes(),
                iso_seconds(case["now"].as_str().unwrap()),
                iv.try_into().unwrap(),
            )
            .unwrap();
        assert_eq!(token, case["token"].as_str().unwrap());
    }
    let verify = fernet_spec("verify.json").unwrap();
    for case in verify.as_array().unwrap() {
        let f = Fernet::new(case["secret"].as_str().unwrap()).unwrap();
        let plain = f
            .decrypt(
                case["token"].as_str().unwrap(),
                case["ttl_sec"].as_u64(),
                iso_seconds(case["now"].as_str().unwrap()),
            )
            .unwrap();
        assert_eq!(plain, case["src"].as_str().unwrap().as_bytes());
    }
    let invalid = fernet_spec("invalid.json").unwrap();
    let cases = invalid.as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let f = Fernet::new(case["secret"].as_str().unwrap()).unwrap();
        let result = f.decrypt(
            case["token"].as_str().unwrap(),
            case["ttl_sec"].as_u64(),
            iso_seconds(case["now"].as_str().unwrap()),
        );
        assert!(result.is_err(), "{}", case["desc"]);
    }
}

#[test]
fn wycheproof_aes_256_gcm() {
    let path = repo_root().join("../shared/conformance/wycheproof/aes_gcm_test.json");
    if !path.exists() {
        println!("SKIPPED: {} not found", path.display());
        return;
    }
    let suite = read_json(&path);
    let mut ran = 0;
    for group in suite["testGroups"].as_array().unwrap() {
        // The sealed-token format fixes AES-256 and 96-bit nonces; other sizes cannot occur.
        if group["keySize"] != 256 || group["ivSize"] != 96 || group["tagSize"] != 128 {
            continue;
        }
        for t in group["tests"].as_array().unwrap() {
            let (key, iv, aad) = (
                hex(t["key"].as_str().unwrap()),
                hex(t["iv"].as_str().unwrap()),
                hex(t["aad"].as_str().unwrap()),
            );
            let (msg, ct, tag) = (
                hex(t["msg"].as_str().unwrap()),
                hex(t["ct"].as_str().unwrap()),
                hex(t["tag"].as_str().unwrap()),
            );
            let mut sealed = ct.clone();
            sealed.extend_from_slice(&tag);
            let opened = seal::aes256gcm_decrypt(&key, &iv, &aad, &sealed);
            let id = t["tcId"].as_u64().unwrap();
            match t["result"].as_str().unwrap() {
                "valid" => {
                    assert_eq!(opened.unwrap(), msg, "tcId {id}");
                    assert_eq!(
                        seal::aes256gcm_encrypt(&key, &iv, &aad, &msg).unwrap(),
                        sealed,
                        "tcId {id}"
                    );
                }
                "invalid" => assert!(opened.is_err(), "tcId {id}"),
                _ => assert!(opened.is_err() || opened.unwrap() == msg, "tcId {id}"),
            }
            ran += 1;
        }
    }
    assert_eq!(ran, 66, "the 256-bit, 96-bit-nonce cases");
}

#[test]
fn round_trips_with_random_nonces() {
    let v = vectors();
    let s = sealer(&v["seal"]["keys"]).unwrap();
    let a = s.seal(b"same", b"", 0).unwrap();
    let b = s.seal(b"same", b"", 0).unwrap();
    assert_ne!(a, b);
    assert_eq!(s.open(&a, b"", None, 0).unwrap(), b"same");
    let f = Fernet::new(&Fernet::generate_key().unwrap()).unwrap();
    let t = f.encrypt(b"data", 1000).unwrap();
    assert_eq!(f.decrypt(&t, Some(10), 1005).unwrap(), b"data");
}

#[test]
fn key_hygiene_vectors() {
    use edgeward_core::key_hygiene;
    let v = vectors();
    let keys = &v["keys"];
    for case in keys["classify"].as_array().unwrap() {
        let c = key_hygiene::classify_key(case["key"].as_str().unwrap());
        assert_eq!(
            (c.provider, c.kind, c.mode.as_str()),
            (
                case["provider"].as_str().unwrap(),
                case["kind"].as_str().unwrap(),
                case["mode"].as_str().unwrap()
            ),
            "{}",
            case["key"]
        );
    }
    for case in keys["environment"].as_array().unwrap() {
        let r = key_hygiene::assert_key_for_environment(
            case["key"].as_str().unwrap(),
            case["environment"].as_str().unwrap(),
        );
        assert_eq!(code(r), case["error"].as_str().unwrap_or("ok"), "{case}");
    }
    for case in keys["fingerprint"].as_array().unwrap() {
        let r = key_hygiene::fingerprint(
            case["key"].as_str().unwrap(),
            case["pepper"].as_str().unwrap().as_bytes(),
        );
        match case["error"].as_str() {
            Some(e) => assert_eq!(code(r), e),
            None => assert_eq!(r.unwrap(), case["fingerprint"].as_str().unwrap()),
        }
    }
    for case in keys["mask"].as_array().unwrap() {
        assert_eq!(
            key_hygiene::mask(case["key"].as_str().unwrap()),
            case["mask"].as_str().unwrap()
        );
    }
}

#[test]
fn policy_vectors() {
    use edgeward_core::policy::{AccessPolicy, Subject};
    let v = vectors();
    let p = &v["policy"];
    let policy =
        AccessPolicy::from_json(&serde_json::json!({ "roles": p["roles"] }).to_string()).unwrap();
    for case in p["cases"].as_array().unwrap() {
        let subject = Subject::from_json(&case["subject"].to_string()).unwrap();
        let d = policy.explain(&subject, case["permission"].as_str().unwrap());
        assert_eq!(d.allowed, case["allowed"].as_bool().unwrap(), "{case}");
        if let Some(rule) = case["rule"].as_str() {
            assert_eq!(d.rule, rule, "{case}");
        }
    }
    for bad in p["bad_policies"].as_array().unwrap() {
        assert_eq!(
            code(AccessPolicy::from_json(&bad.to_string())),
            "POLICY_INVALID",
            "{bad}"
        );
    }
    for bad in p["bad_subjects"].as_array().unwrap() {
        assert_eq!(
            code(Subject::from_json(&bad.to_string())),
            "POLICY_INVALID",
            "{bad}"
        );
    }
}
