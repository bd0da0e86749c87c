//! The `edgeward` binary run as a process, as users and hooks run it: every command, its exit
//! codes, `--json`, hostile input, and the promise that no output holds a secret.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const GITHUB_SECRET: &str = "a-github-webhook-secret";
const BODY: &str = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{\"amount\":1200}}";
const NOW: i64 = 1_700_000_000;

fn edgeward(args: &[&str], stdin: &[u8], cwd: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_edgeward"));
    command
        .args(args)
        .env("WH_SECRET", SECRET)
        .env("GH_SECRET", GITHUB_SECRET)
        .env(
            "WRONG_SECRET",
            "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edgeward-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The headers `sign` prints, as `--header` arguments.
fn signed(scheme: &str, secret_env: &str, timestamp: i64, body: &str) -> Vec<String> {
    let out = edgeward(
        &[
            "sign",
            "--scheme",
            scheme,
            "--secret-env",
            secret_env,
            "--timestamp",
            &timestamp.to_string(),
            "--id",
            "msg_1",
        ],
        body.as_bytes(),
        None,
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    text(&out.stdout).lines().map(str::to_owned).collect()
}

fn verify(
    scheme: &str,
    secret_env: &str,
    headers: &[String],
    body: &str,
    extra: &[&str],
) -> Output {
    let now = NOW.to_string();
    let mut args = vec![
        "verify",
        "--scheme",
        scheme,
        "--secret-env",
        secret_env,
        "--now",
        &now,
        "--json",
    ];
    for h in headers {
        args.push("--header");
        args.push(h);
    }
    args.extend_from_slice(extra);
    edgeward(&args, body.as_bytes(), None)
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&output.stdout)))
}

#[test]
fn help_on_every_command() {
    for command in [
        &[][..],
        &["sign"],
        &["send"],
        &["verify"],
        &["redact"],
        &["validate"],
        &["scan"],
    ] {
        let mut args: Vec<&str> = command.to_vec();
        args.push("--help");
        let out = edgeward(&args, b"", None);
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(text(&out.stdout).contains("Usage"), "{args:?}");
    }
    let out = edgeward(&["frobnicate"], b"", None);
    assert_eq!(code(&out), 2);
}

#[test]
fn sign_then_verify_every_scheme() {
    for (scheme, env) in [
        ("stripe", "WH_SECRET"),
        ("standard", "WH_SECRET"),
        ("github", "GH_SECRET"),
        ("slack", "WH_SECRET"),
        ("shopify", "WH_SECRET"),
    ] {
        let headers = signed(scheme, env, NOW - 10, BODY);
        assert!(!headers.is_empty());
        let out = verify(scheme, env, &headers, BODY, &[]);
        assert_eq!(code(&out), 0, "{scheme}: {}", text(&out.stdout));
        let result = json(&out);
        assert_eq!(result["verified"], true);
        assert_eq!(result["secretIndex"], 0);
    }
    // JSON output of sign.
    let out = edgeward(
        &[
            "sign",
            "--scheme",
            "standard",
            "--secret-env",
            "WH_SECRET",
            "--json",
            "--id",
            "msg_9",
        ],
        BODY.as_bytes(),
        None,
    );
    let parsed = json(&out);
    assert_eq!(parsed["headers"]["webhook-id"], "msg_9");
}

#[test]
fn verify_diagnoses_without_revealing_secrets() {
    let headers = signed("stripe", "WH_SECRET", NOW - 10, BODY);
    let signature = headers[0].split("v1=").nth(1).unwrap().to_owned();
    let check = |out: &Output, cause: &str| {
        assert_eq!(code(out), 1, "{}", text(&out.stdout));
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            !all.contains(SECRET) && !all.contains(&SECRET[6..]),
            "secret in output: {all}"
        );
        let result = json(out);
        assert_eq!(result["verified"], false);
        let causes: Vec<&str> = result["diagnosis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["cause"].as_str().unwrap())
            .collect();
        assert_eq!(causes.first().copied(), Some(cause), "{all}");
        all
    };

    // Re-serialised JSON: pretty-printed by a framework before verification.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(BODY).unwrap())
            .unwrap();
    let headers_of_compact = signed(
        "stripe",
        "WH_SECRET",
        NOW - 10,
        &serde_json::to_string(&serde_json::from_str::<serde_json::Value>(BODY).unwrap()).unwrap(),
    );
    check(
        &verify("stripe", "WH_SECRET", &headers_of_compact, &pretty, &[]),
        "body_reserialised",
    );

    // Clock skew, with the measured offset.
    let old = signed("stripe", "WH_SECRET", NOW - 1000, BODY);
    let all = check(
        &verify("stripe", "WH_SECRET", &old, BODY, &[]),
        "clock_skew",
    );
    assert!(all.contains("1000 s behind"), "{all}");

    // Wrong scheme: a Standard Webhooks delivery checked as stripe.
    let standard = signed("standard", "WH_SECRET", NOW - 10, BODY);
    check(
        &verify("stripe", "WH_SECRET", &standard, BODY, &[]),
        "wrong_scheme",
    );

    // A header wrapped in quotes by a proxy.
    let (name, value) = headers[0].split_once(": ").unwrap();
    let quoted = vec![format!("{name}: \"{value}\"")];
    check(
        &verify("stripe", "WH_SECRET", &quoted, BODY, &[]),
        "header_mangled",
    );

    // A wrong secret: unexplained, and the expected signature is never printed.
    let all = check(
        &verify("stripe", "WRONG_SECRET", &headers, BODY, &[]),
        "wrong_secret_or_body",
    );
    assert!(!all.contains(&signature));
}

#[test]
fn usage_errors_exit_2() {
    let out = edgeward(
        &[
            "sign",
            "--scheme",
            "stripe",
            "--secret-env",
            "UNSET_VARIABLE_XYZ",
        ],
        b"{}",
        None,
    );
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("UNSET_VARIABLE_XYZ"));
    let out = edgeward(
        &["sign", "--scheme", "nope", "--secret-env", "WH_SECRET"],
        b"{}",
        None,
    );
    assert_eq!(code(&out), 2);
    let out = edgeward(
        &["validate", "--schema", "/nonexistent/schema.json"],
        b"{}",
        None,
    );
    assert_eq!(code(&out), 2);
    let out = edgeward(&["scan", "/nonexistent/dir"], b"", None);
    assert_eq!(code(&out), 2);
}

#[test]
fn redact_streams_and_reports() {
    let key = concat!("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc");
    let mut input = Vec::new();
    input.extend_from_slice(format!("{{\"msg\":\"charge\",\"authorization\":\"Bearer abcdefghijklmnop\",\"key\":\"{key}\"}}\n").as_bytes());
    input.extend_from_slice(b"{\"broken\": \n");
    input.extend_from_slice(format!("plain text with {key} inside\n").as_bytes());
    input.extend_from_slice(b"invalid \xff utf8 line\n");
    input.extend_from_slice(&vec![b'a'; 2000]);
    input.extend_from_slice(b"\nlast line\n");
    let out = edgeward(
        &["redact", "--report", "--max-line-bytes", "1000"],
        &input,
        None,
    );
    assert_eq!(code(&out), 0);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(
        !stdout.contains(key) && !stdout.contains("abcdefghijklmnop"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 6, "{stdout}");
    assert!(stdout.lines().last().unwrap() == "last line");
    assert!(stderr.contains("line 2: not valid JSON"), "{stderr}");
    assert!(stderr.contains("line 4: invalid UTF-8"), "{stderr}");
    assert!(
        stderr.contains("line 5: longer than 1000 bytes"),
        "{stderr}"
    );
    assert!(stderr.contains("detector:stripe_key"), "{stderr}");
    // Rules from a file, JSON summary.
    let dir = temp_dir("redact");
    std::fs::write(dir.join("rules.json"), r#"{"keys": ["customer_note"]}"#).unwrap();
    let out = edgeward(
        &["redact", "--rules", "rules.json", "--report", "--json"],
        b"{\"customer_note\":\"hello\"}\n",
        Some(&dir),
    );
    assert!(!text(&out.stdout).contains("hello"));
    let summary: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(summary["redactions"], 1);
}

#[test]
fn redact_stops_quietly_on_a_closed_stdout() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edgeward"))
        .arg("redact")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader went away (`| head -0`)
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let line = b"{\"a\":\"some benign log line with enough text to fill pipes\"}\n";
        for _ in 0..100_000 {
            if input.write_all(line).is_err() {
                break;
            }
        }
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(!text(&output.stderr).contains("panicked"));
}

#[test]
fn validate_documents() {
    let dir = temp_dir("validate");
    std::fs::write(
        dir.join("schema.json"),
        r#"{"type":"object","properties":{"amount":{"type":"number"}},"required":["amount"]}"#,
    )
    .unwrap();
    std::fs::write(dir.join("good.json"), r#"{"amount": 5}"#).unwrap();
    std::fs::write(
        dir.join("bad.json"),
        r#"{"amount": "sk_live_notreallyasecret"}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("docs.ndjson"),
        "{\"amount\":1}\n{\"amount\":\"x\"}\n{broken\n",
    )
    .unwrap();
    let out = edgeward(
        &["validate", "--schema", "schema.json", "good.json"],
        b"",
        Some(&dir),
    );
    assert_eq!(code(&out), 0);
    let out = edgeward(
        &[
            "validate",
            "--schema",
            "schema.json",
            "bad.json",
            "docs.ndjson",
        ],
        b"",
        Some(&dir),
    );
    assert_eq!(code(&out), 1);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("bad.json: /amount:"), "{stdout}");
    assert!(stdout.contains("docs.ndjson:2: /amount"), "{stdout}");
    assert!(stdout.contains("docs.ndjson:3: /:"), "{stdout}");
    assert!(
        !stdout.contains("sk_live_notreallyasecret"),
        "values are masked: {stdout}"
    );
    let out = edgeward(
        &[
            "validate",
            "--schema",
            "schema.json",
            "--show-values",
            "bad.json",
        ],
        b"",
        Some(&dir),
    );
    assert!(text(&out.stdout).contains("sk_live_notreallyasecret"));
    let out = edgeward(
        &["validate", "--schema", "schema.json", "--json", "-"],
        b"{}",
        Some(&dir),
    );
    let issue: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(issue["keyword"], "required");
    let out = edgeward(
        &["validate", "--schema", "schema.json", "missing.json"],
        b"",
        Some(&dir),
    );
    assert_eq!(code(&out), 2);
    // An unreadable document (a directory where a file is expected): reported, exit 2, and the
    // other documents are still checked.
    std::fs::create_dir_all(dir.join("not-a-file.json")).unwrap();
    let out = edgeward(
        &[
            "validate",
            "--schema",
            "schema.json",
            "not-a-file.json",
            "bad.json",
        ],
        b"",
        Some(&dir),
    );
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("cannot read not-a-file.json"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("bad.json: /amount"));
    // Invalid UTF-8 in a document is a JSON error with the library's code, not a crash.
    std::fs::write(dir.join("latin1.json"), b"{\"amount\": \"caf\xe9\"}").unwrap();
    let out = edgeward(
        &[
            "validate",
            "--schema",
            "schema.json",
            "--json",
            "latin1.json",
        ],
        b"",
        Some(&dir),
    );
    assert_eq!(code(&out), 1, "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("VALIDATION_INVALID_JSON"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn scan_files_gitignore_allowlist_and_staged() {
    let dir = temp_dir("scan");
    let key = concat!("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc");
    let token = concat!("ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx");
    std::fs::write(
        dir.join("app.py"),
        format!("import stripe\nstripe.api_key = \"{key}\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join(".env"),
        "DATABASE_PASSWORD=Xk29qLm7TzR4wBn8\nDEBUG=1\n",
    )
    .unwrap();
    std::fs::write(dir.join(".gitignore"), "ignored.txt\n").unwrap();
    std::fs::write(dir.join("ignored.txt"), format!("token={token}\n")).unwrap();
    let mut binary = b"\0\0\0binary".to_vec();
    binary.extend_from_slice(key.as_bytes());
    std::fs::write(dir.join("blob.bin"), binary).unwrap();
    std::fs::write(dir.join("clean.md"), "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, uuid 123e4567-e89b-12d3-a456-426614174000\n").unwrap();

    let out = edgeward(&["scan", "--json"], b"", Some(&dir));
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains(key) && !stdout.contains(token) && !stdout.contains("Xk29qLm7TzR4wBn8"),
        "{stdout}"
    );
    let findings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut seen: Vec<(String, u64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            (".env".to_owned(), 1, "env_file".to_owned()),
            ("app.py".to_owned(), 2, "stripe_key".to_owned())
        ]
    );

    // A reviewed finding stays silent once its fingerprint is in .edgewardignore.
    let fingerprint = findings.iter().find(|f| f["file"] == ".env").unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    std::fs::write(
        dir.join(".edgewardignore"),
        format!("# reviewed: test database\n{fingerprint}\n"),
    )
    .unwrap();
    let out = edgeward(&["scan"], b"", Some(&dir));
    assert_eq!(code(&out), 1);
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("app.py:2:19: stripe_key: sk_*** (32 chars)"),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("1 silenced"));

    // Staged changes in a git repository.
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&[
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "root",
    ]);
    std::fs::write(
        dir.join("config.js"),
        format!("const ok = 1;\nexport const githubToken = '{token}';\n"),
    )
    .unwrap();
    git(&["add", "config.js"]);
    let out = edgeward(&["scan", "--staged", "--json"], b"", Some(&dir));
    assert_eq!(code(&out), 1);
    let finding: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            finding["file"].as_str(),
            finding["line"].as_u64(),
            finding["rule"].as_str()
        ),
        (Some("config.js"), Some(2), Some("github_token"))
    );
    git(&[
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=t",
        "commit",
        "-q",
        "-m",
        "add config",
    ]);
    let out = edgeward(&["scan", "--since", "HEAD~1", "--json"], b"", Some(&dir));
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"commit\""));
    let out = edgeward(&["scan", "--staged"], b"", Some(&dir));
    assert_eq!(code(&out), 0, "nothing staged: {}", text(&out.stdout));
}

#[test]
fn send_posts_a_signed_delivery() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = stream.read(&mut buf).unwrap();
            request.extend_from_slice(&buf[..n]);
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .unwrap()
                    .parse()
                    .unwrap();
                if request.len() >= end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        stream
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{\"ok\":true}",
            )
            .unwrap();
        String::from_utf8(request).unwrap()
    });
    let url = format!("http://127.0.0.1:{port}/webhook");
    let out = edgeward(
        &[
            "send",
            &url,
            "--scheme",
            "stripe",
            "--secret-env",
            "WH_SECRET",
        ],
        BODY.as_bytes(),
        None,
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("HTTP 200"));
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /webhook HTTP/1.1\r\n"));
    assert!(request.ends_with(BODY));
    let signature = request
        .lines()
        .find(|l| l.starts_with("stripe-signature: "))
        .unwrap()
        .trim_start_matches("stripe-signature: ")
        .to_owned();
    let out = edgeward(
        &[
            "verify",
            "--scheme",
            "stripe",
            "--secret-env",
            "WH_SECRET",
            "--header",
            &format!("stripe-signature: {signature}"),
        ],
        BODY.as_bytes(),
        None,
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    let out = edgeward(
        &[
            "send",
            "https://example.com/",
            "--scheme",
            "stripe",
            "--secret-env",
            "WH_SECRET",
        ],
        BODY.as_bytes(),
        None,
    );
    assert_eq!(code(&out), 2);
}
