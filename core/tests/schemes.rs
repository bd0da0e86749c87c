//! Every webhook scheme against the shared vectors (tests/vectors/webhook_schemes.json,
//! computed independently in Python), the Wycheproof Ed25519 vectors, hostile input per
//! scheme, randomised sign/verify round trips, and the replay guard's memory bound.
// Generated test data and timings: casts of small counters, random draws and durations,
// where a lost bit changes a sample, never a verdict under test.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use edgeward_core::mac::HmacSha256Key;
use edgeward_core::webhook::ed25519::Ed25519PublicKey;
use edgeward_core::webhook::{
    MAX_SIGNATURE_ENTRIES, REPLAY_DIGEST_LEN, ReplayGuard, ReplayKey, ReplayStore, Scheme,
    SecretFormat, Verified, Webhook, WebhookOptions,
};
use edgeward_core::{Error, ErrorCode};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn load(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn vectors() -> Value {
    load(repo_root().join("tests/vectors/webhook_schemes.json"))
}

fn from_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn payload(case: &Value) -> Vec<u8> {
    if let Some(text) = case["payload_text"].as_str() {
        text.as_bytes().to_vec()
    } else {
        from_hex(case["payload_hex"].as_str().unwrap())
    }
}

fn secrets(case: &Value) -> Vec<String> {
    case["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn webhook(case: &Value) -> Result<Webhook, Error> {
    let mut options = WebhookOptions {
        scheme: case["scheme"].as_str().unwrap().parse()?,
        ..WebhookOptions::default()
    };
    if case["secret_format"].as_str() == Some("raw") {
        options.secret_format = SecretFormat::Raw;
    }
    if let Some(t) = case["tolerance"].as_i64() {
        options.tolerance_seconds = t;
    }
    if let Some(r) = case["retention"].as_i64() {
        options.replay_retention_seconds = r;
    }
    Webhook::new(&secrets(case), options)
}

/// The request's headers as name/value pairs, or `None` when the case passes a bare string.
fn headers(case: &Value) -> Option<Vec<(String, String)>> {
    let object = case["headers"].as_object()?;
    let mut pairs: Vec<(String, String)> = object
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    if let Some(fill) = case.get("header_fill") {
        let times = usize::try_from(fill["times"].as_u64().unwrap()).unwrap();
        pairs.push((
            fill["name"].as_str().unwrap().to_owned(),
            format!(
                "{}{}",
                fill["prefix"].as_str().unwrap(),
                fill["repeat"].as_str().unwrap().repeat(times)
            ),
        ));
    }
    Some(pairs)
}

/// What a binding does: look up each of `header_names()` case-insensitively, in order.
fn values_for(scheme: Scheme, pairs: &[(String, String)]) -> Vec<Option<&str>> {
    scheme
        .header_names()
        .iter()
        .map(|name| {
            pairs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        })
        .collect()
}

fn check_expect(name: &str, case: &Value, result: &Result<Verified, Error>) {
    let expect = &case["expect"];
    match result {
        Ok(v) => {
            assert!(
                expect["ok"].as_bool().unwrap(),
                "{name}: verified, expected {expect}"
            );
            assert_eq!(v.signed_timestamp(), expect["timestamp"].as_i64(), "{name}");
            assert_eq!(
                v.secret_index as u64,
                expect["secret_index"].as_u64().unwrap(),
                "{name}"
            );
            assert_eq!(v.id.as_deref(), expect["id"].as_str(), "{name}");
            assert_eq!(
                v.replay_key().to_string(),
                expect["replay_key"].as_str().unwrap(),
                "{name}"
            );
            assert_eq!(
                v.replay_expires_at,
                expect["replay_expires_at"].as_i64().unwrap(),
                "{name}"
            );
        }
        Err(e) => {
            assert_eq!(
                Some(e.code().as_str()),
                expect["code"].as_str(),
                "{name}: {e}"
            );
            let message = format!("{e} {e:?}");
            for secret in secrets(case) {
                assert!(!message.contains(&secret), "{name}: leaks a secret");
            }
        }
    }
}

/// What `verifyAsync` does on Workers for large payloads: the core reads the headers
/// (`prepare_mac`), the host computes each MAC it asks for, the core compares and decides
/// (`finish_mac`). `None` for endpoints with an Ed25519 key (verified inline).
fn verify_with_host_mac(
    wh: &Webhook,
    body: &[u8],
    values: &[Option<&str>],
    now: i64,
) -> Option<Result<Verified, Error>> {
    let lists: Vec<Vec<&str>> = values.iter().map(|v| v.iter().copied().collect()).collect();
    let occurrences: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
    let mut pending = match wh.prepare_mac(&occurrences, now) {
        Ok(Some(pending)) => pending,
        Ok(None) => return None,
        Err(error) => return Some(Err(error)),
    };
    let content = [pending.prefix(), body, pending.suffix()].concat();
    while let Some(index) = pending.next_key() {
        let key = HmacSha256Key::new(wh.hmac_key_bytes(index).unwrap()).unwrap();
        match wh.finish_mac(&mut pending, index, &key.tag(&[&content])) {
            Ok(Some(verified)) => return Some(Ok(verified)),
            Ok(None) => {}
            Err(error) => return Some(Err(error)),
        }
    }
    panic!("finish_mac gave no verdict after the last key")
}

#[test]
fn verify_vectors() {
    let vectors = vectors();
    let mut ran = HashMap::<String, usize>::new();
    let mut host_mac = 0;
    for case in vectors["verify"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let body = payload(case);
        let now = case["now"].as_i64().unwrap();
        let wh = webhook(case);
        let result = match (&wh, headers(case)) {
            (Err(e), _) => Err(e.clone()),
            (Ok(wh), None) => wh.verify(&body, case["header"].as_str(), now),
            (Ok(wh), Some(pairs)) => {
                let by_trait = wh.verify_headers(&body, &pairs, now);
                let values = values_for(wh.scheme(), &pairs);
                let by_values = wh.verify_values(&body, &values, now);
                assert_eq!(by_trait, by_values, "{name}: header paths disagree");
                if let Some(by_host) = verify_with_host_mac(wh, &body, &values, now) {
                    assert_eq!(by_host, by_values, "{name}: the host-MAC path disagrees");
                    host_mac += 1;
                }
                let map: HashMap<String, String> = pairs.iter().cloned().collect();
                assert_eq!(by_trait, wh.verify_headers(&body, &map, now), "{name}: map");
                by_trait
            }
        };
        check_expect(name, case, &result);
        *ran.entry(case["scheme"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    println!("verify vectors per scheme: {ran:?}");
    assert!(
        host_mac >= 50,
        "{host_mac} vectors through the host-MAC path"
    );
    for scheme in Scheme::ALL {
        assert!(
            ran.get(scheme.as_str()).copied().unwrap_or(0) >= 3,
            "{scheme}"
        );
    }
}

#[test]
fn sign_vectors() {
    let vectors = vectors();
    for case in vectors["sign"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let wh = webhook(case).unwrap();
        let body = payload(case);
        let timestamp = case["timestamp"].as_i64().unwrap();
        let signed = wh
            .sign_headers(&body, timestamp, case["id"].as_str())
            .unwrap();
        let expected: Vec<(String, String)> = case["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        let mut got: Vec<(String, String)> = signed
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        // The vectors' header objects are read as sorted maps.
        got.sort();
        assert_eq!(got, expected, "{name}");
        if !wh.scheme().has_id() {
            let header = wh.sign(&body, timestamp).unwrap();
            let signature = case["headers"][wh.scheme().signature_header()]
                .as_str()
                .unwrap();
            assert_eq!(header, signature, "{name}: sign()");
        }
        // What was signed verifies.
        let now = if wh.scheme().has_timestamp() {
            timestamp
        } else {
            0
        };
        let secret_index = wh.verify_headers(&body, &signed, now).unwrap().secret_index;
        assert_eq!(secret_index, 0, "{name}");
    }
}

#[test]
fn sign_error_vectors() {
    let vectors = vectors();
    for case in vectors["sign_errors"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let wh = webhook(case).unwrap();
        let err = wh
            .sign_headers(
                &payload(case),
                case["timestamp"].as_i64().unwrap(),
                case["id"].as_str(),
            )
            .unwrap_err();
        assert_eq!(
            Some(err.code().as_str()),
            case["expect"]["code"].as_str(),
            "{name}: {err}"
        );
    }
}

#[test]
fn replay_vectors() {
    let vectors = vectors();
    for case in vectors["replay"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let wh = webhook(case).unwrap();
        let max = usize::try_from(case["max_entries"].as_u64().unwrap()).unwrap();
        let mut guard = ReplayGuard::new(max).unwrap();
        for (index, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let now = step["now"].as_i64().unwrap();
            let pairs = headers(step).unwrap();
            // A step with its own secrets is another endpoint sharing the guard.
            let other = step.get("secrets").map(|secrets| {
                let mut endpoint = case.clone();
                endpoint["secrets"] = secrets.clone();
                webhook(&endpoint).unwrap()
            });
            let result = other
                .as_ref()
                .unwrap_or(&wh)
                .verify_headers(&payload(step), &pairs, now)
                .and_then(|v| guard.check(&v, now));
            let expect = &step["expect"];
            match result {
                Ok(()) => assert!(expect["ok"].as_bool().unwrap(), "{name} step {index}"),
                Err(e) => assert_eq!(
                    Some(e.code().as_str()),
                    expect["code"].as_str(),
                    "{name} step {index}: {e}"
                ),
            }
            assert!(guard.len() <= max);
        }
    }
}

#[test]
fn replay_error_code() {
    let code = ErrorCode::from_code("WEBHOOK_REPLAYED").unwrap();
    assert_eq!(code.family().as_str(), "webhook");
    let wh = Webhook::new(
        &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        WebhookOptions {
            scheme: Scheme::Standard,
            ..WebhookOptions::default()
        },
    )
    .unwrap();
    let headers = wh.sign_headers(b"{}", 1000, Some("msg_1")).unwrap();
    let verified = wh.verify_headers(b"{}", &headers, 1000).unwrap();
    assert_eq!(verified.replay_ttl_seconds(1000), 301);
    assert_eq!(verified.replay_ttl_seconds(1300), 1);
    assert_eq!(verified.replay_ttl_seconds(i64::MAX), 1);
    assert_eq!(verified.replay_ttl_seconds(i64::MIN), 1301 + (1u64 << 63));
    // An external store given as a closure (Redis `SET NX EX` would sit here).
    let mut store: HashMap<String, u64> = HashMap::new();
    let mut seen = |key: &str, ttl: u64| store.insert(key.to_owned(), ttl).is_some();
    assert!(verified.check_replay(&mut seen, 1000).is_ok());
    let err = verified.check_replay(&mut seen, 1001).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Replayed);
    assert!(err.to_string().contains("same id"), "{err}");
    assert_eq!(store.len(), 1);
    let key = store.keys().next().unwrap();
    assert!(
        key.starts_with("edgeward:standard:") && key.len() == 18 + 32,
        "{key}"
    );
}

/// A deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn bytes(&mut self, max_len: usize) -> Vec<u8> {
        let len = (self.next() % (max_len as u64 + 1)) as usize;
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn b64(bytes: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    Base64::encode_string(bytes)
}

fn secret_for(scheme: Scheme, rng: &mut Rng, asymmetric: bool) -> (String, String) {
    match scheme {
        Scheme::Standard if asymmetric => {
            let seed: [u8; 32] = core::array::from_fn(|_| rng.next() as u8);
            let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
            (
                format!("whsk_{}", b64(&seed)),
                format!("whpk_{}", b64(public.as_bytes())),
            )
        }
        Scheme::Standard => {
            let key: Vec<u8> = (0..24 + rng.next() % 40)
                .map(|_| rng.next() as u8)
                .collect();
            let secret = format!("whsec_{}", b64(&key));
            (secret.clone(), secret)
        }
        _ => {
            // Issued secrets are at least 16 bytes (GitHub's may be shorter, tested apart).
            let secret: String = (0..16 + rng.next() % 40)
                .map(|_| char::from(b'!' + (rng.next() % 94) as u8))
                .collect();
            (secret.clone(), secret)
        }
    }
}

fn options(scheme: Scheme) -> WebhookOptions {
    WebhookOptions {
        scheme,
        ..WebhookOptions::default()
    }
}

#[test]
fn randomised_round_trips() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut count = 0;
    // Ed25519 is slow in debug builds: one round in five uses it.
    for round in 0..200 {
        for scheme in Scheme::ALL {
            let asymmetric = round % 5 == 0;
            let (signing, verifying) = secret_for(*scheme, &mut rng, asymmetric);
            let (_, other) = secret_for(*scheme, &mut rng, asymmetric);
            let sender = Webhook::new(&[&signing], options(*scheme)).unwrap();
            let receiver = Webhook::new(&[&other, &verifying], options(*scheme)).unwrap();
            let body = rng.bytes(300);
            let timestamp = 1_600_000_000 + (rng.next() % 100_000_000) as i64;
            let id = format!("msg_{:x}", rng.next());
            let headers = sender.sign_headers(&body, timestamp, Some(&id)).unwrap();
            // Header names in random case, as proxies deliver them.
            let cased: Vec<(String, String)> = headers
                .iter()
                .map(|(k, v)| {
                    let k: String = k
                        .chars()
                        .map(|c| {
                            if rng.next() % 2 == 0 {
                                c.to_ascii_uppercase()
                            } else {
                                c
                            }
                        })
                        .collect();
                    (k, v.clone())
                })
                .collect();
            let v = receiver.verify_headers(&body, &cased, timestamp).unwrap();
            assert_eq!(v.secret_index, 1, "{scheme}");
            assert_eq!(v.id.is_some(), scheme.has_id());
            // Any change to the body is caught.
            let mut tampered = body.clone();
            if tampered.is_empty() {
                tampered.push(0);
            } else {
                let at = (rng.next() % tampered.len() as u64) as usize;
                tampered[at] ^= 1 << (rng.next() % 8);
            }
            assert_eq!(
                receiver
                    .verify_headers(&tampered, &cased, timestamp)
                    .unwrap_err()
                    .code(),
                ErrorCode::SignatureMismatch,
                "{scheme}"
            );
            count += 1;
        }
    }
    assert_eq!(count, 200 * Scheme::ALL.len());
}

/// Random and adversarial header values: every scheme answers with an error code, never a
/// panic, and never verifies.
#[test]
fn hostile_headers_per_scheme() {
    let mut rng = Rng(0xbad_c0de);
    let pieces: &[&str] = &[
        "v1,",
        "v1a,",
        "v0=",
        "sha256=",
        "t=",
        ",",
        " ",
        "=",
        "==",
        "\t",
        "é",
        "\u{0}",
        "+",
        "/",
        "AAAA",
        "////",
        "zz",
        "00",
        "9999999999999999999",
        "-1",
        "v1,AAAA",
        ";",
        "\u{FEFF}",
        "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    ];
    let mut codes = HashMap::<ErrorCode, usize>::new();
    for scheme in Scheme::ALL {
        let (secret, _) = secret_for(*scheme, &mut rng, false);
        let wh = Webhook::new(&[secret], options(*scheme)).unwrap();
        for _ in 0..2000 {
            let mut values = Vec::new();
            for _ in scheme.header_names() {
                let value: String = (0..rng.next() % 12).map(|_| rng.pick(pieces)).collect();
                values.push(value);
            }
            let refs: Vec<Option<&str>> = values
                .iter()
                .map(|v| if v.is_empty() { None } else { Some(v.as_str()) })
                .collect();
            let err = wh
                .verify_values(b"payload", &refs, 1_700_000_000)
                .unwrap_err();
            *codes.entry(err.code()).or_default() += 1;
        }
    }
    println!("hostile header outcomes: {codes:?}");
    assert!(codes.contains_key(&ErrorCode::MalformedHeader));
    assert!(codes.contains_key(&ErrorCode::MissingHeader));
}

/// Thousands of signature entries, with the header limit raised so that only the entry cap
/// stands in the way: bounded work, a clean error.
#[test]
fn thousands_of_signature_entries_are_bounded() {
    let big = WebhookOptions {
        scheme: Scheme::Standard,
        max_header_bytes: 4 << 20,
        ..WebhookOptions::default()
    };
    let wh = Webhook::new(&["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], big).unwrap();
    let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    let v1a = format!("v1a,{}", b64(&[0x55; 64]));
    for (label, entry) in [("v1", sig), ("v1a", v1a.as_str()), ("unknown", "v9,x")] {
        let header = vec![entry; 50_000].join(" ");
        let started = std::time::Instant::now();
        let err = wh
            .verify_headers(
                br#"{"test": 2432232314}"#,
                &[
                    ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
                    ("webhook-timestamp", "1614265330"),
                    ("webhook-signature", header.as_str()),
                ],
                1614265330,
            )
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::MalformedHeader, "{label}: {err}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{label}: {:?}",
            started.elapsed()
        );
    }
    // Exactly the cap of unknown entries plus a valid one past it: refused, not searched.
    let mut entries = vec!["v9,x"; MAX_SIGNATURE_ENTRIES];
    entries.push(sig);
    let header = entries.join(" ");
    let err = wh
        .verify_headers(
            br#"{"test": 2432232314}"#,
            &[
                ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
                ("webhook-timestamp", "1614265330"),
                ("webhook-signature", header.as_str()),
            ],
            1614265330,
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::MalformedHeader);
}

#[test]
fn bare_header_and_values_misuse() {
    let standard = Webhook::new(
        &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        options(Scheme::Standard),
    )
    .unwrap();
    let err = standard
        .verify(
            b"x",
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
            0,
        )
        .unwrap_err();
    assert_eq!(
        err,
        Error::MissingHeader {
            header: "webhook-id"
        }
    );
    let err = standard.verify_values(b"x", &[None], 0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidOptions);
    let err = standard.sign(b"x", 0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidOptions);
    assert_eq!(
        Scheme::Standard.header_names(),
        &[
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
            "svix-id",
            "svix-timestamp",
            "svix-signature"
        ]
    );
    // `webhook-*` wins over `svix-*` when both are present.
    let headers = standard.sign_headers(b"x", 1000, Some("msg_a")).unwrap();
    let mut both: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    both.extend([
        ("svix-id", "msg_b"),
        ("svix-timestamp", "1"),
        ("svix-signature", "v1,AAAA"),
    ]);
    assert_eq!(
        standard
            .verify_headers(b"x", &both, 1000)
            .unwrap()
            .id
            .as_deref(),
        Some("msg_a")
    );
    assert!("paddle".parse::<Scheme>().is_err());
}

#[test]
fn secrets_never_in_debug() {
    for (scheme, secret) in [
        (Scheme::Standard, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        (
            Scheme::Standard,
            "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=",
        ),
        (Scheme::Github, "It's a Secret to Everybody"),
    ] {
        let wh = Webhook::new(&[secret], options(scheme)).unwrap();
        let shown = format!("{wh:?}");
        assert!(!shown.contains(&secret[6..]), "{shown}");
    }
}

/// The replay guard under one million distinct deliveries stays within its cap, refuses
/// (never evicts) while full of live entries, takes deliveries again as entries expire, and
/// frees expired entries.
#[test]
fn replay_guard_memory_cap_under_one_million_ids() {
    let max = 10_000;
    let mut guard = ReplayGuard::new(max).unwrap();
    let mut digest = [0u8; REPLAY_DIGEST_LEN];
    let mut peak = 0;
    let (mut accepted, mut refused) = (0u64, 0u64);
    let mut last_accepted = 0u64;
    for n in 0u64..1_000_000 {
        digest[..8].copy_from_slice(&n.to_le_bytes());
        let key = ReplayKey::new(Scheme::Standard, digest);
        // One delivery per millisecond-ish of a 300 s window: the guard is always full.
        match guard.seen(&key, 300, 1_700_000_000 + (n / 1000) as i64) {
            Ok(seen) => {
                assert!(!seen, "a new key reported as seen");
                accepted += 1;
                last_accepted = n;
            }
            Err(error) => {
                assert_eq!(error.code(), ErrorCode::ReplayGuardFull);
                refused += 1;
            }
        }
        peak = peak.max(guard.len());
    }
    assert_eq!(peak, max);
    assert!(refused > 0 && accepted >= max as u64);
    assert_eq!(guard.refused_full(), refused);
    // The last accepted delivery is still remembered.
    digest[..8].copy_from_slice(&last_accepted.to_le_bytes());
    assert_eq!(
        guard.seen(
            &ReplayKey::new(Scheme::Standard, digest),
            300,
            1_700_001_000
        ),
        Ok(true)
    );
    // Everything expires: the next call frees it all.
    digest[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert_eq!(
        guard.seen(
            &ReplayKey::new(Scheme::Standard, digest),
            300,
            1_800_000_000
        ),
        Ok(false)
    );
    assert_eq!(guard.len(), 1);
}

/// The same bound through the full pipeline: verified deliveries with distinct ids.
#[test]
fn replay_guard_through_verification() {
    let wh = Webhook::new(
        &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        options(Scheme::Standard),
    )
    .unwrap();
    let mut guard = ReplayGuard::new(500).unwrap();
    let now = 1_700_000_000;
    for n in 0..5_000 {
        let id = format!("msg_{n}");
        let headers = wh.sign_headers(b"{}", now, Some(&id)).unwrap();
        let verified = wh.verify_headers(b"{}", &headers, now).unwrap();
        match guard.check(&verified, now) {
            Ok(()) => assert!(n < 500, "delivery {n} accepted by a full guard"),
            Err(e) => {
                assert!(n >= 500, "delivery {n}: {e}");
                assert_eq!(e.code(), ErrorCode::ReplayGuardFull);
            }
        }
        assert!(guard.len() <= 500);
    }
    assert_eq!(guard.purge_expired(now + 301), 500);
    assert!(guard.is_empty());
}

#[test]
fn wycheproof_ed25519() {
    let path = repo_root().join("../shared/conformance/wycheproof/ed25519_test.json");
    if !path.exists() {
        println!(
            "SKIPPED: Wycheproof Ed25519 vectors not found at {} (they live outside the repo)",
            path.display()
        );
        return;
    }
    let data = load(path);
    let (mut valid, mut invalid) = (0, 0);
    for group in data["testGroups"].as_array().unwrap() {
        let public = from_hex(group["publicKey"]["pk"].as_str().unwrap());
        let key = Ed25519PublicKey::from_bytes(&public);
        for test in group["tests"].as_array().unwrap() {
            let msg = from_hex(test["msg"].as_str().unwrap());
            let sig = from_hex(test["sig"].as_str().unwrap());
            let verified = key.is_some_and(|k| k.verify(&msg, &sig));
            let expect_valid = test["result"].as_str() == Some("valid");
            assert_eq!(
                verified, expect_valid,
                "tcId {} {}",
                test["tcId"], test["comment"]
            );
            if expect_valid {
                valid += 1
            } else {
                invalid += 1
            }
        }
    }
    println!("Wycheproof Ed25519: {valid} valid and {invalid} invalid vectors agree");
    assert!(valid + invalid >= 150);
}
