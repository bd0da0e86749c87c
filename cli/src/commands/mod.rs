//! The command line's grammar (clap) and the dispatch to one module per command.

mod diagnose;
mod redact;
mod scan;
mod send;
mod sign;
mod validate;
mod verify;

use crate::Io;
use crate::output::{Exit, usage};
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use zeroize::Zeroizing;

/// Webhook signing and verification, redaction, validation and secret scanning, on the same
/// Rust core as the edgeward packages.
///
/// Exit codes: 0 success; 1 findings, a verification failure or invalid documents; 2 a usage
/// or input error.
#[derive(Parser, Debug)]
#[command(name = "edgeward", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Signs a body read from stdin and prints the headers a sender sets.
    Sign(SignArgs),
    /// Posts a signed delivery of the body read from stdin to URL (http:// only: a local
    /// endpoint under test), and prints the status and response body.
    Send(SendArgs),
    /// Verifies a delivery (body on stdin, headers with --header); on failure, says why:
    /// wrong secret, body altered (re-serialised JSON is recognised), clock skew, wrong scheme,
    /// or a header mangled by a proxy. Never prints a secret or an expected signature.
    Verify(VerifyArgs),
    /// Redacts secrets from NDJSON or plain text, stdin to stdout, line by line.
    Redact(RedactArgs),
    /// Validates JSON or NDJSON documents against a JSON Schema, with the library's limits.
    Validate(ValidateArgs),
    /// Finds secrets in files (honouring .gitignore), staged changes or git history.
    Scan(ScanArgs),
}

/// The secret and scheme options of `sign`, `send` and `verify`.
#[derive(Args, Debug, Clone)]
struct SchemeArgs {
    /// The signing scheme: stripe, standard, github, slack or shopify.
    #[arg(long)]
    scheme: String,
    /// The environment variable holding the secret; repeat for rotated secrets (newest
    /// first). Secrets are never taken as arguments: other users can read those.
    #[arg(long = "secret-env", value_name = "VAR", required = true)]
    secret_env: Vec<String>,
    /// The secret's format: "provider" (as the provider shows it) or "raw" (bytes as given).
    #[arg(long = "secret-format", value_name = "FORMAT")]
    secret_format: Option<String>,
    /// Machine-readable output: one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct SignArgs {
    #[command(flatten)]
    scheme: SchemeArgs,
    /// The Unix time to sign at (default: now).
    #[arg(long)]
    timestamp: Option<i64>,
    /// The delivery id (schemes that sign one; default: a fresh id).
    #[arg(long)]
    id: Option<String>,
}

#[derive(Args, Debug)]
struct SendArgs {
    /// The endpoint, `http://host[:port]/path`.
    url: String,
    #[command(flatten)]
    scheme: SchemeArgs,
    /// The Unix time to sign at (default: now).
    #[arg(long)]
    timestamp: Option<i64>,
    /// The delivery id (default: a fresh id).
    #[arg(long)]
    id: Option<String>,
    /// Extra request headers, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H', value_name = "HEADER")]
    headers: Vec<String>,
    /// Seconds to wait for the endpoint (connect and response).
    #[arg(long, default_value_t = 10)]
    timeout: u64,
}

#[derive(Args, Debug)]
struct VerifyArgs {
    #[command(flatten)]
    scheme: SchemeArgs,
    /// A request header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H', value_name = "HEADER")]
    headers: Vec<String>,
    /// Accepted clock distance in seconds (default: the scheme's).
    #[arg(long)]
    tolerance: Option<i64>,
    /// The time to verify at (default: now).
    #[arg(long)]
    now: Option<i64>,
}

#[derive(Args, Debug)]
struct RedactArgs {
    /// Redaction options as JSON (the packages' option names: keys, paths, customPatterns, …).
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// How to read each line: "auto" (a line starting with `{` or `[` is JSON), "ndjson"
    /// (every line must be JSON; others are reported and redacted as text) or "text".
    #[arg(long, default_value = "auto")]
    format: String,
    /// Print a summary by rule on stderr.
    #[arg(long)]
    report: bool,
    /// The longest line read, in bytes; a longer line is replaced by a notice.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_line_bytes: usize,
    /// Machine-readable summary (with --report): one JSON object on stderr.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ValidateArgs {
    /// The JSON Schema.
    #[arg(long, value_name = "FILE")]
    schema: PathBuf,
    /// Documents to validate (`-` for stdin; default stdin). Files ending in .ndjson or
    /// .jsonl, and stdin with --ndjson, hold one document per line.
    documents: Vec<String>,
    /// Read stdin as NDJSON.
    #[arg(long)]
    ndjson: bool,
    /// Show offending values in messages (masked by default: documents may hold secrets).
    #[arg(long)]
    show_values: bool,
    /// Machine-readable output: one JSON object per issue per line.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// Files or directories to scan (default: the current directory).
    paths: Vec<PathBuf>,
    /// Scan the changes staged for the next commit (what a pre-commit hook sees).
    #[arg(long, conflicts_with_all = ["since", "paths"])]
    staged: bool,
    /// Scan the lines added by every commit since REV (e.g. `origin/main`).
    #[arg(long, value_name = "REV", conflicts_with = "paths")]
    since: Option<String>,
    /// The allowlist of reviewed findings (fingerprints; default: `.edgewardignore`).
    #[arg(long, value_name = "FILE")]
    ignore_file: Option<PathBuf>,
    /// Files larger than this are skipped (and reported).
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    max_file_bytes: u64,
    /// Machine-readable output: one JSON object per finding per line.
    #[arg(long)]
    json: bool,
}

/// Parses `args` and runs the command.
pub(crate) fn run<I, T>(args: I, io: &mut Io<'_>) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let text = error.render().to_string();
            return match error.kind() {
                clap::error::ErrorKind::DisplayHelp
                | clap::error::ErrorKind::DisplayVersion
                | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    match io.stdout.write_all(text.as_bytes()) {
                        Ok(()) => Exit::Ok,
                        Err(e) => crate::output::closed(&e),
                    }
                }
                _ => {
                    let _ = io.stderr.write_all(text.as_bytes());
                    Exit::Usage
                }
            };
        }
    };
    match cli.command {
        Command::Sign(args) => sign::run(&args, io),
        Command::Send(args) => send::run(&args, io),
        Command::Verify(args) => verify::run(&args, io),
        Command::Redact(args) => redact::run(&args, io),
        Command::Validate(args) => validate::run(&args, io),
        Command::Scan(args) => scan::run(&args, io),
    }
}

/// The webhook built from the scheme options, with secrets read from the environment.
fn webhook_from(
    args: &SchemeArgs,
    tolerance: Option<i64>,
    io: &mut Io<'_>,
) -> Result<(edgeward_core::Webhook, Vec<Zeroizing<String>>), Exit> {
    use edgeward_core::{Scheme, SecretFormat, Webhook, WebhookOptions};
    let scheme: Scheme = args
        .scheme
        .parse()
        .map_err(|e: edgeward_core::Error| usage(io.stderr, &e.to_string()))?;
    let mut options = WebhookOptions {
        scheme,
        ..WebhookOptions::default()
    };
    if let Some(format) = &args.secret_format {
        options.secret_format = format
            .parse::<SecretFormat>()
            .map_err(|e: edgeward_core::Error| usage(io.stderr, &e.to_string()))?;
    }
    if let Some(t) = tolerance {
        options.tolerance_seconds = t;
    }
    let mut secrets = Vec::new();
    for name in &args.secret_env {
        match (io.env)(name) {
            Some(value) if !value.is_empty() => secrets.push(Zeroizing::new(value)),
            _ => {
                return Err(usage(
                    io.stderr,
                    &format!(
                        "the environment variable {name} is not set (it must hold the secret)"
                    ),
                ));
            }
        }
    }
    let refs: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
    let webhook = Webhook::new(&refs, options).map_err(|e| usage(io.stderr, &e.to_string()))?;
    Ok((webhook, secrets))
}

/// Reads all of stdin (a body), refusing more than `max` bytes.
fn read_body(io: &mut Io<'_>, max: usize) -> Result<Vec<u8>, Exit> {
    use std::io::Read;
    let mut body = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    match io.stdin.take(limit).read_to_end(&mut body) {
        Ok(_) if body.len() > max => Err(usage(
            io.stderr,
            &format!("the body on stdin is larger than {max} bytes"),
        )),
        Ok(_) => Ok(body),
        Err(e) => Err(usage(io.stderr, &format!("cannot read stdin: {e}"))),
    }
}

/// The longest webhook body read from stdin (the packages have no limit; 64 MiB is beyond
/// any provider's delivery size).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Splits `Name: value`.
fn header_pair(text: &str) -> Option<(String, String)> {
    let (name, value) = text.split_once(':')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.trim_start().to_owned()))
}

/// A fresh delivery id: unique, not secret (the time and the process id).
fn fresh_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("msg_{nanos:x}{:x}", std::process::id())
}
