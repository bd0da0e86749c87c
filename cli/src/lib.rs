//! The `edgeward` command line, as a library: every package runs this same code (the Rust
//! binary, `npx edgeward` through the Node addon, and the Python console script through the
//! Python extension), so the three cannot drift apart.
//!
//! Commands: `sign`, `send`, `verify` (with a diagnosis of failures), `redact`, `validate`
//! and `scan` (secrets in files and git history). Exit codes, the same for every command:
//! `0` success, `1` findings or a verification failure, `2` a usage or input error.
//!
//! ## Threat model
//! Secrets come only from environment variables (`--secret-env NAME`), never from arguments,
//! which other users of the machine can read in the process list. No output, error or
//! diagnosis contains a secret, an expected signature or a scanned secret's value: previews are
//! masked, and an allowlisted finding is named by a keyed fingerprint. Input (bodies, logs,
//! documents, scanned files) is hostile: line lengths and file sizes are capped, invalid UTF-8
//! and broken JSON lines are reported and skipped, and a closed stdout ends the run quietly.
#![forbid(unsafe_code)]

mod commands;
mod output;

use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::path::PathBuf;

pub use output::Exit;

/// Everything a run touches outside its arguments: injected, so tests and the packages can
/// run the CLI in-process.
pub struct Io<'a> {
    /// Standard input (bodies, logs, documents).
    pub stdin: &'a mut dyn BufRead,
    /// Standard output (results).
    pub stdout: &'a mut dyn Write,
    /// Standard error (diagnostics, summaries).
    pub stderr: &'a mut dyn Write,
    /// Reads an environment variable (secrets come only from there).
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The current Unix time in seconds.
    pub now: i64,
    /// The directory relative paths are resolved from.
    pub cwd: PathBuf,
}

/// Runs the command line `args` (the first item is the program name) and returns the exit
/// code.
pub fn run<I, T>(args: I, io: &mut Io<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    commands::run(args, io).code()
}

/// Runs the command line with the process's own standard streams, environment, clock and
/// working directory: what `main` and the packages' entry points call.
pub fn run_process<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let stdin = std::io::stdin();
    let mut stdin = stdin.lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut stderr = std::io::stderr().lock();
    let env = |name: &str| std::env::var(name).ok();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut io = Io {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
        env: &env,
        now,
        cwd,
    };
    let code = run(args, &mut io);
    // A closed stdout is not an error worth reporting (`edgeward redact < log | head`).
    let _ = stdout.flush();
    code
}
