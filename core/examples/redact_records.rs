//! `redact_json` per record on the records of `bench/cli/redact_throughput.py` (~630-byte API
//! log records: headers with a bearer token on every tenth, a card number in every fiftieth
//! description, mostly benign strings), one core, in process: what the CLI spends in the core.
//!
//! Also the floor no redactor can beat: the same call with every rule off (no keys, no
//! detectors), which still lexes every record and copies it to a new string.
//!
//! Run: `cargo run --release -p edgeward-core --example redact_records [-- RECORDS]`
// Generated test data and timings: casts of small counters and durations, where a lost bit
// changes a sample, never a verdict under test.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::time::Instant;

use edgeward_core::redact::{Detector, Redactor, RedactorOptions};

/// The record of `bench/cli/redact_throughput.py` (same fields, same order, same spacing).
fn record(i: u64) -> String {
    let note = if i % 50 == 0 {
        "note says card 4242 4242 4242 4242"
    } else {
        "without further notes from support"
    };
    let auth = if i % 10 == 0 {
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    } else {
        "none"
    };
    let m = i % 60;
    format!(
        concat!(
            r#"{{"ts":"2026-12-06T11:{m:02}:{m:02}.{ms:03}Z","level":"info","msg":"request completed","#,
            r#""req":{{"id":"req_{i:08x}","method":"POST","url":"/v1/charges?expand[]=customer&limit={lim}","#,
            r#""headers":{{"host":"api.example.com","user-agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36","#,
            r#""accept":"application/json","authorization":"{auth}","x-request-id":"{rid:032x}"}}}},"#,
            r#""res":{{"statusCode":200,"responseTime":{rt:.1}}},"#,
            r#""user":{{"id":{i},"email":"user{i}@example.com","plan":"pro"}},"#,
            r#""description":"Customer updated billing details and the order was shipped to the warehouse in Rotterdam; {note}"}}"#
        ),
        m = m,
        ms = i % 1000,
        i = i,
        lim = i % 100,
        auth = auth,
        rid = i * 7919,
        rt = 12.5 + (i % 50) as f64,
        note = note,
    )
}

/// Nanoseconds this thread has spent on a CPU (Linux), so that a busy shared machine does
/// not count other processes' time against us. `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// The best on-CPU (else wall) seconds of `runs` runs of `f`.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_ns());
        f();
        let wall = t.elapsed().as_secs_f64();
        let secs = match (c, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => wall,
        };
        best = best.min(secs);
    }
    best
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(100_000, |a| a.parse().expect("RECORDS is a number"));
    // `full` or `floor`: only that measurement (for a profiler).
    let only = std::env::args().nth(2);
    let lines: Vec<String> = (0..n).map(record).collect();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "input: {n} records, {mb:.1} MB, avg {} bytes/record",
        bytes / lines.len().max(1)
    );

    let full = Redactor::new(RedactorOptions::default()).unwrap();
    let mut off = RedactorOptions::default();
    off.default_keys = false;
    off.disabled_detectors = Detector::ALL.to_vec();
    let floor = Redactor::new(off).unwrap();

    let changed = lines
        .iter()
        .filter(|l| full.redact_json(l).unwrap().0 != **l)
        .count();
    println!("records changed by the default redactor: {changed}");

    for (label, r) in [
        ("full: default rules, redact_json per record", &full),
        ("floor: every rule off (lex + copy)", &floor),
    ] {
        if only.as_deref().is_some_and(|o| !label.starts_with(o)) {
            continue;
        }
        let secs = best_of(5, || {
            for l in &lines {
                std::hint::black_box(r.redact_json(l).unwrap());
            }
        });
        println!("{label}: {:.0} MB/s on-CPU, best of 5", mb / secs);
    }
    let secs = best_of(5, || {
        for l in &lines {
            std::hint::black_box(l.clone());
        }
    });
    println!("copy only (String clone per record): {:.0} MB/s", mb / secs);
}
