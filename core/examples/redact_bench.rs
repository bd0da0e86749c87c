//! NDJSON redaction throughput on a realistic record mix, one core.
//!
//! Run: `cargo run --release -p edgeward-core --example redact_bench`
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

use std::time::Instant;

use edgeward_core::redact::{Redactor, RedactorOptions, Value};

#[path = "common/lcg.rs"]
mod lcg;
use lcg::Lcg;

fn record(g: &mut Lcg, i: u64) -> String {
    let ts = 1_700_000_000_000u64 + i * 37;
    let id = format!(
        "{}-{}-4{}-a{}-{}",
        g.hex(8),
        g.hex(4),
        g.hex(3),
        g.hex(3),
        g.hex(12)
    );
    let path = g.pick(&[
        "/api/v1/orders",
        "/api/v1/users/42",
        "/health",
        "/api/v1/checkout",
        "/static/app.js",
    ]);
    let status = g.pick(&["200", "201", "204", "301", "404", "500"]);
    let ua = g.pick(&[
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "curl/8.4.0",
        "python-requests/2.31.0",
    ]);
    match g.next() % 10 {
        // HTTP request logs, pino-http style.
        0..=4 => {
            let auth = if g.next() % 5 == 0 {
                format!(r#","authorization":"Bearer {}""#, g.hex(40))
            } else {
                String::new()
            };
            format!(
                r#"{{"level":30,"time":{ts},"pid":4242,"hostname":"web-7f9c","reqId":"{id}","req":{{"method":"GET","url":"{path}?page=2&sort=desc","headers":{{"host":"api.example.com","user-agent":"{ua}","accept":"application/json","accept-encoding":"gzip, deflate, br","x-request-id":"{id}"{auth}}},"remoteAddress":"10.0.3.17","remotePort":53412}},"res":{{"statusCode":{status},"headers":{{"content-type":"application/json; charset=utf-8","content-length":"512"}}}},"responseTime":12.5,"msg":"request completed"}}"#
            )
        }
        // Application logs.
        5..=7 => {
            let msg = g.pick(&[
                "User authenticated",
                "order created for customer cus_9f8e7d6c5b",
                "cache miss for key products:list:page=2",
                "payment intent pi_3Nq2 processed in 182 ms",
                "author updated the article draft",
            ]);
            format!(
                r#"{{"level":30,"time":{ts},"service":"checkout","traceId":"{}","spanId":"{}","userId":"{id}","orderId":"ORD-2024-{}","amount":4999,"currency":"usd","msg":"{msg}","tags":["web","eu-west-1","canary"],"durationMs":182}}"#,
                g.hex(32),
                g.hex(16),
                g.next() % 1_000_000
            )
        }
        // Errors with an axios-style config.
        8 => format!(
            r#"{{"level":50,"time":{ts},"err":{{"type":"AxiosError","message":"Request failed with status code 401","stack":"AxiosError: Request failed with status code 401\n    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)\n    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/lib/adapters/http.js:589:11)","config":{{"url":"https://api.partner.example/v2/items","method":"post","headers":{{"Accept":"application/json","Content-Type":"application/json","Authorization":"Bearer {}"}},"timeout":5000}},"code":"ERR_BAD_REQUEST"}},"msg":"upstream call failed"}}"#,
            g.hex(48)
        ),
        // Webhook payloads.
        _ => format!(
            r#"{{"level":30,"time":{ts},"event":{{"id":"evt_{}","type":"checkout.session.completed","created":1700000000,"data":{{"object":{{"id":"cs_test_{}","amount_total":4999,"currency":"usd","customer_email":"jane@example.com","payment_status":"paid","metadata":{{"orderId":"ORD-{}"}}}}}}}},"msg":"webhook received"}}"#,
            g.hex(24),
            g.hex(24),
            g.next() % 1_000_000
        ),
    }
}

/// Nanoseconds this thread has spent on a CPU (Linux), so that a busy shared machine does
/// not count other processes' time against us. `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Runs `f` and returns (wall seconds, on-CPU seconds if known).
fn timed(mut f: impl FnMut()) -> (f64, Option<f64>) {
    let (t, c) = (Instant::now(), cpu_ns());
    f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = match (c, cpu_ns()) {
        (Some(a), Some(b)) => Some((b - a) as f64 / 1e9),
        _ => None,
    };
    (wall, cpu)
}

fn rate(label: &str, mb: f64, (wall, cpu): (f64, Option<f64>)) {
    match cpu {
        Some(cpu) => println!(
            "{label}: {:.0} MB/s on-CPU ({:.0} MB/s wall)",
            mb / cpu,
            mb / wall
        ),
        None => println!("{label}: {:.0} MB/s wall", mb / wall),
    }
}

fn main() {
    let mut g = Lcg(42);
    let mut input = String::new();
    let mut i = 0;
    while input.len() < 64 * 1024 * 1024 {
        input.push_str(&record(&mut g, i));
        input.push('\n');
        i += 1;
    }
    let mb = input.len() as f64 / (1024.0 * 1024.0);
    let mut o = RedactorOptions::default();
    o.max_bytes = input.len() + 1;
    let r = Redactor::new(o).unwrap();
    println!(
        "input: {i} records, {mb:.1} MiB, avg {} bytes/record",
        input.len() / i as usize
    );

    // Warm up, then take the best of several runs.
    let (out, rep) = r.redact_ndjson(&input).unwrap();
    println!(
        "redactions: {} (output {} bytes)",
        rep.redactions,
        out.len()
    );
    let mut best = (f64::MAX, None::<f64>);
    for _ in 0..5 {
        let run = timed(|| {
            std::hint::black_box(r.redact_ndjson(&input).unwrap());
        });
        if run.1.unwrap_or(run.0) < best.1.unwrap_or(best.0) {
            best = run;
        }
    }
    rate("NDJSON (redact_ndjson, one call), best of 5", mb, best);

    if std::env::var_os("VARIANTS").is_some() {
        variants(&input, mb);
    }
    let lines: Vec<&str> = input.lines().collect();
    let run = timed(|| {
        for l in &lines {
            std::hint::black_box(r.redact_json(l).unwrap());
        }
    });
    rate("JSON text, one redact_json call per record", mb, run);

    let quarter = lines.len() / 4;
    let qmb: f64 = lines
        .iter()
        .take(quarter)
        .map(|l| l.len() + 1)
        .sum::<usize>() as f64
        / (1024.0 * 1024.0);
    let run = timed(|| {
        for l in lines.iter().take(quarter) {
            let v = Value::from_json(l, 64).unwrap();
            let (v, _) = r.redact_value(v);
            std::hint::black_box(v.to_json());
        }
    });
    rate(
        "value path incl. Value::from_json + to_json, per record",
        qmb,
        run,
    );
}

#[allow(dead_code)]
fn variants(input: &str, mb: f64) {
    use edgeward_core::redact::Detector;
    let mut o = RedactorOptions::default();
    o.max_bytes = input.len() + 1;
    o.disabled_detectors = Detector::ALL.to_vec();
    let r = Redactor::new(o).unwrap();
    let run = timed(|| {
        std::hint::black_box(r.redact_ndjson(input).unwrap());
    });
    rate("  keys only (every detector off)", mb, run);
}
