//! Constant-time check of the signature comparison, dudect style (Reparaz, Balasch and
//! Verbauwhede, "Dude, is my code constant time?", 2017). A benchmark, not a test: its verdict
//! is statistical and depends on the machine.
//!
//! Two classes of forged signatures, both wrong: one differs from the expected MAC in its first
//! byte (an early-exit comparison would stop at once), the other in its last byte (it would
//! read everything). Each measurement picks its class at random, so drift and other tenants'
//! load hit both classes alike. Welch's t-test compares the two timing distributions, on all
//! measurements and on the measurements under several percentiles (cropping removes
//! interrupts and scheduling outliers, which hide small leaks). |t| < 4.5 is the usual "no
//! evidence of leakage" threshold; the largest |t| over the crops is reported. Both classes are
//! copied into one buffer before each measurement: read from two separate allocations, the
//! public header alone gave `Webhook::verify` |t| ≈ 30 from memory layout, not from the MAC.
//!
//! Measured:
//! - `Webhook::verify` (GitHub scheme: a header, hex decoding, HMAC, comparison): the real path;
//! - `HmacSha256Key::verify_prefix`: the MAC comparison alone, with its HMAC;
//! - a deliberately leaky comparison (byte by byte, stopping at the first difference) after
//!   the same HMAC: the harness must flag it, or its "no leak" verdicts mean nothing;
//! - the same leaky comparison alone, without the HMAC's noise.
//!
//! Run: `cargo run --release -p edgeward-core --example ct_timing [-- SAMPLES]`
//! (default 1,000,000 measurements per check).
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

use std::hint::black_box;
use std::time::Instant;

use edgeward_core::mac::HmacSha256Key;
use edgeward_core::{Scheme, Webhook, WebhookOptions};

/// splitmix64: a small deterministic generator for the class order (no dependency).
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Early-exit comparison: what `==` on byte strings amounts to when it is not vectorised.
#[inline(never)]
fn leaky_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (x, y) in a.iter().zip(b) {
        if black_box(*x) != black_box(*y) {
            return false;
        }
    }
    true
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Welch's t statistic of two samples.
fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let stats = |xs: &[f64]| {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (n, mean, var)
    };
    let (na, ma, va) = stats(a);
    let (nb, mb, vb) = stats(b);
    (ma - mb) / (va / na + vb / nb).sqrt()
}

struct Outcome {
    /// (crop label, t) for each crop.
    crops: Vec<(String, f64)>,
    /// Median time per class, in nanoseconds.
    medians: [f64; 2],
}

impl Outcome {
    fn max_abs_t(&self) -> f64 {
        self.crops.iter().map(|(_, t)| t.abs()).fold(0.0, f64::max)
    }
}

/// Measures `run` `samples` times, `prepare` having put an input of a random class into the
/// one buffer `run` reads (so both classes are read from the same address), and tests the
/// difference between the classes.
fn measure<S>(
    samples: usize,
    seed: u64,
    state: &mut S,
    prepare: impl Fn(&mut S, usize),
    run: impl Fn(&S) -> bool,
) -> Outcome {
    let mut rng = SplitMix(seed);
    // Warm-up: caches, branch predictors, CPU frequency.
    for i in 0..samples / 20 {
        prepare(state, i & 1);
        black_box(run(state));
    }
    let mut timings: Vec<(usize, f64)> = Vec::with_capacity(samples);
    for _ in 0..samples {
        let class = (rng.next() & 1) as usize;
        prepare(state, class);
        let start = Instant::now();
        let result = run(black_box(&*state));
        let elapsed = start.elapsed();
        black_box(result);
        timings.push((class, elapsed.as_nanos() as f64));
    }
    let mut sorted: Vec<f64> = timings.iter().map(|(_, t)| *t).collect();
    sorted.sort_by(f64::total_cmp);
    let percentile = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
    let mut crops = Vec::new();
    for p in [1.0, 0.99, 0.95, 0.9, 0.75, 0.5] {
        let cut = percentile(p);
        let class = |c: usize| -> Vec<f64> {
            timings
                .iter()
                .filter(|(k, t)| *k == c && *t <= cut)
                .map(|(_, t)| *t)
                .collect()
        };
        let (a, b) = (class(0), class(1));
        if a.len() > 100 && b.len() > 100 {
            let label = if p == 1.0 {
                "all".to_owned()
            } else {
                format!("≤p{}", (p * 100.0) as u32)
            };
            crops.push((label, welch_t(&a, &b)));
        }
    }
    let median = |c: usize| {
        let mut xs: Vec<f64> = timings
            .iter()
            .filter(|(k, _)| *k == c)
            .map(|(_, t)| *t)
            .collect();
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    Outcome {
        crops,
        medians: [median(0), median(1)],
    }
}

fn report(name: &str, outcome: &Outcome) {
    let t = outcome.max_abs_t();
    let verdict = if t < 4.5 {
        "no evidence of leakage"
    } else {
        "LEAKS"
    };
    let crops: Vec<String> = outcome
        .crops
        .iter()
        .map(|(label, t)| format!("{label} {t:+.2}"))
        .collect();
    println!(
        "| {name} | {t:.2} | {verdict} | {:.0} / {:.0} | {} |",
        outcome.medians[0],
        outcome.medians[1],
        crops.join(", ")
    );
}

fn main() {
    let samples: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().expect("SAMPLES must be a whole number"))
        .unwrap_or(1_000_000);

    let secret = "ct-timing-secret-0123456789abcdef";
    let payload = br#"{"action":"opened","number":1,"repository":{"full_name":"o/r"}}"#;
    let key = HmacSha256Key::new(secret.as_bytes()).expect("any non-empty secret is an HMAC key");
    let expected = key.tag(&[payload]);
    // Class 0: wrong in the first byte; class 1: wrong in the last byte.
    let mut forged = [expected, expected];
    forged[0][0] ^= 0x01;
    forged[1][31] ^= 0x01;
    let headers = forged.map(|tag| format!("sha256={}", hex(&tag)));

    let webhook = Webhook::new(
        &[secret],
        WebhookOptions {
            scheme: Scheme::Github,
            ..WebhookOptions::default()
        },
    )
    .unwrap();
    for header in &headers {
        assert!(webhook.verify(payload, Some(header), 0).is_err());
    }

    println!("{samples} measurements per check, classes: first byte wrong / last byte wrong");
    println!();
    println!("| check | max \\|t\\| | verdict | median ns (first / last) | t per crop |");
    println!("|---|---|---|---|---|");
    // One header buffer for both classes (same length, same address).
    let mut header = headers[0].clone();
    let verify = measure(
        samples,
        1,
        &mut header,
        |h, class| {
            h.clear();
            h.push_str(&headers[class]);
        },
        |h| webhook.verify(black_box(payload), Some(h), 0).is_ok(),
    );
    report("`Webhook::verify` (github)", &verify);
    let mut tag = forged[0];
    let set_tag = |t: &mut [u8; 32], class: usize| *t = forged[class];
    let prefix = measure(samples, 2, &mut tag, set_tag, |t| {
        key.verify_prefix(&[black_box(payload)], t)
    });
    report("`HmacSha256Key::verify_prefix`", &prefix);
    let leaky_with_hmac = measure(samples, 3, &mut tag, set_tag, |t| {
        let expected = key.tag(&[black_box(payload)]);
        leaky_eq(&expected, t)
    });
    report("control: HMAC + early-exit compare", &leaky_with_hmac);
    let leaky = measure(samples, 4, &mut tag, set_tag, |t| {
        leaky_eq(black_box(&expected), t)
    });
    report("control: early-exit compare alone", &leaky);
}
