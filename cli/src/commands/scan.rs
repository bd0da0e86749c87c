//! `edgeward scan`: secrets in files, staged changes and git history.
//!
//! Two kinds of rules, both high-confidence by design (a scanner that cries wolf gets
//! switched off):
//! - the redactor's value detectors, which recognise a secret by its own shape (prefixes,
//!   checksums, structure: `sk_live_…`, `ghp_…` with its CRC32, AWS key ids, JWTs, private
//!   key blocks, URLs with passwords, …), run through the same core as the packages;
//! - source rules: a string literal assigned to a secret-named variable (`API_KEY = "…"`,
//!   `password: '…'`), `NAME=value` lines of `.env` files, and `-----BEGIN … PRIVATE KEY-----`
//!   lines; placeholders (`${VAR}`, `<token>`, `changeme`, `xxxx`, …) and low-entropy values are
//!   not findings.
//!
//! Binary files (a NUL byte in the first 8 KiB) and files over `--max-file-bytes` are
//! skipped (the latter reported on stderr). `.gitignore` is honoured. A reviewed finding is
//! silenced by its fingerprint in `.edgewardignore` (one per line, `#` comments): a hash of the
//! rule and the secret, stable when the file moves, which does not reveal the secret.
//! Output never contains a secret: the preview is masked.

use super::ScanArgs;
use crate::Io;
use crate::output::{Exit, json_string, line, masked, usage};
use edgeward_core::redact::{Detector, Redactor, RedactorOptions};
use regex::Regex;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The redaction marker used to locate detector hits in a line (control characters that
/// cannot occur in a detector's match).
const MARK: &str = "\u{1}\u{2}\u{1}";

/// One finding.
struct Finding {
    file: String,
    line: usize,
    column: usize,
    rule: String,
    secret: String,
    commit: Option<String>,
}

impl Finding {
    fn fingerprint(&self) -> String {
        fingerprint(&self.rule, &self.secret)
    }
}

/// A short, stable id of a finding that does not reveal the secret: the first 16 hex digits
/// of SHA-256 over a domain tag, the rule and the secret.
fn fingerprint(rule: &str, secret: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(b"edgeward-scan-v1\0");
    hash.update(rule.as_bytes());
    hash.update(b"\0");
    hash.update(secret.as_bytes());
    hash.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The rules, built once per run.
struct Rules {
    redactor: Redactor,
    assignment: Regex,
    env_line: Regex,
    private_key: Regex,
}

/// Detectors that find secrets in source. Payment cards (test card numbers are everywhere in
/// fixtures) and bare `?token=` URL parameters are log rules, not source rules.
fn source_detectors() -> Vec<Detector> {
    Detector::ALL
        .iter()
        .copied()
        .filter(|d| {
            !matches!(
                d,
                Detector::PaymentCard
                    | Detector::UrlParam
                    | Detector::BearerToken
                    | Detector::BasicAuth
            )
        })
        .collect()
}

impl Rules {
    fn new() -> Result<Rules, String> {
        let keep = source_detectors();
        let mut options = RedactorOptions::default();
        options.default_keys = false;
        options.replacement = MARK.to_owned();
        options.report = true;
        options.disabled_detectors = Detector::ALL
            .iter()
            .copied()
            .filter(|d| !keep.contains(d))
            .collect();
        let redactor = Redactor::new(options).map_err(|e| e.to_string())?;
        let name = r"[A-Za-z0-9_.\-]*(?i:secret|token|passw(?:or)?d|passwd|pwd|api[_\-]?key|apikey|private[_\-]?key|access[_\-]?key|client[_\-]?secret|auth[_\-]?key|credentials?)[A-Za-z0-9_.\-]*";
        let assignment = Regex::new(&format!(
            r#"(?x) (?P<name>{name}) \\?["']? \s* (?: := | => | == | = | : ) \s* \\?["'`] (?P<value>[^"'`\s\\]{{8,200}}) \\?["'`]"#
        ))
        .map_err(|e| e.to_string())?;
        let env_line = Regex::new(&format!(
            r#"^\s*(?:export\s+)?(?P<name>{name})\s*=\s*["']?(?P<value>[^"'\s#]{{8,200}})"#
        ))
        .map_err(|e| e.to_string())?;
        let private_key = Regex::new(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
            .map_err(|e| e.to_string())?;
        Ok(Rules {
            redactor,
            assignment,
            env_line,
            private_key,
        })
    }

    /// The findings of one line: (byte column, rule, secret).
    fn line(&self, text: &str, env_file: bool) -> Vec<(usize, String, String)> {
        let mut out = Vec::new();
        if let Some(m) = self.private_key.find(text) {
            out.push((
                m.start(),
                "private_key_block".to_owned(),
                text.get(m.start()..).unwrap_or("").trim().to_owned(),
            ));
        }
        // Detectors: redact with a marker, then line the unchanged runs up with the original.
        if let Ok((redacted, report)) = self.redactor.redact_text(text)
            && report.redactions > 0
        {
            let mut rules = report
                .findings
                .iter()
                .map(|f| f.detector.clone().unwrap_or_else(|| f.rule.clone()));
            let mut pieces = redacted.split(MARK).peekable();
            if let Some(first) = pieces.next() {
                let mut at = first.len();
                let mut rest_original = text.get(at..).unwrap_or("");
                while let Some(literal) = pieces.next() {
                    // The secret runs from `at` to where the next literal text resumes.
                    let end = if pieces.peek().is_none() && literal.is_empty() {
                        rest_original.len()
                    } else if literal.is_empty() {
                        // Two hits back to back: cannot split them; take up to the next
                        // literal later. Rare; attribute the whole run to the first rule.
                        continue;
                    } else {
                        match rest_original.find(literal) {
                            Some(i) => i,
                            None => break,
                        }
                    };
                    let secret = rest_original.get(..end).unwrap_or("").to_owned();
                    let rule = rules.next().unwrap_or_else(|| "detector".to_owned());
                    let keep = if rule == "private_key" {
                        out.is_empty()
                    } else {
                        !secret.is_empty() && !is_placeholder(&secret)
                    };
                    if keep {
                        out.push((at, rule, secret));
                    }
                    at += end + literal.len();
                    rest_original = text.get(at..).unwrap_or("");
                }
            }
        }
        let mut seen: HashSet<usize> = out.iter().map(|(c, _, _)| *c).collect();
        let mut covered: Vec<(usize, usize)> =
            out.iter().map(|(c, _, s)| (*c, c + s.len())).collect();
        let inside = |covered: &[(usize, usize)], start: usize| {
            covered.iter().any(|(a, b)| (*a..*b).contains(&start))
        };
        if env_file
            && let Some(c) = self.env_line.captures(text)
            && let Some(value) = c.name("value")
            && looks_secret(value.as_str())
            && !inside(&covered, value.start())
        {
            out.push((
                value.start(),
                "env_file".to_owned(),
                value.as_str().to_owned(),
            ));
            covered.push((value.start(), value.end()));
            seen.insert(value.start());
        }
        for c in self.assignment.captures_iter(text) {
            let Some(value) = c.name("value") else {
                continue;
            };
            if seen.contains(&value.start())
                || inside(&covered, value.start())
                || !looks_secret(value.as_str())
            {
                continue;
            }
            out.push((
                value.start(),
                "secret_assignment".to_owned(),
                value.as_str().to_owned(),
            ));
            covered.push((value.start(), value.end()));
        }
        out.sort_by_key(|(c, _, _)| *c);
        out
    }
}

/// Whether a value a detector recognised is a documentation example or a placeholder rather
/// than a key: AWS's documented `…EXAMPLE` keys, runs such as `xxxxxx` or `000000`, and
/// values too uniform to be random (a real key's characters are drawn at random).
fn is_placeholder(secret: &str) -> bool {
    if secret.contains("EXAMPLE") || secret.to_ascii_lowercase().contains("example") {
        return true;
    }
    let bytes = secret.as_bytes();
    let longest_run = bytes
        .chunk_by(|a, b| a == b)
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    longest_run >= 6 || (secret.len() >= 16 && entropy(secret) < 3.0)
}

/// Whether a literal assigned to a secret-named variable looks like a real secret rather than
/// a placeholder, a reference or a word.
fn looks_secret(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    const PLACEHOLDERS: &[&str] = &[
        "${",
        "{{",
        "<",
        ">",
        "%(",
        "xxxx",
        "****",
        "....",
        "changeme",
        "change_me",
        "example",
        "placeholder",
        "dummy",
        "sample",
        "your",
        "redacted",
        "secret",
        "password",
        "token",
        "process.env",
        "os.environ",
        "getenv",
        "env[",
        "none",
        "null",
        "undefined",
        "test",
        "fake",
        "todo",
        "replace",
    ];
    if PLACEHOLDERS.iter().any(|p| lower.contains(p)) {
        return false;
    }
    // A path, a URL without credentials, a dotted identifier or a function call is code.
    if value.starts_with('/')
        || value.starts_with("./")
        || value.contains("://")
        || value.ends_with(')')
    {
        return false;
    }
    let classes = [
        value.bytes().any(|b| b.is_ascii_lowercase()),
        value.bytes().any(|b| b.is_ascii_uppercase()),
        value.bytes().any(|b| b.is_ascii_digit()),
        value.bytes().any(|b| !b.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    classes >= 2 && entropy(value) >= 3.0
}

/// Shannon entropy in bits per character.
fn entropy(text: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut total = 0u32;
    for b in text.bytes() {
        if let Some(c) = counts.get_mut(usize::from(b)) {
            *c += 1;
        }
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let total = f64::from(total);
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / total;
            -p * p.log2()
        })
        .sum()
}

/// Whether `path` names a dotenv file (`.env`, `.env.local`, `prod.env`; not examples).
fn is_env_file(path: &str) -> bool {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let lower = name.to_ascii_lowercase();
    let env = lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env");
    env && !["example", "sample", "template", "dist"]
        .iter()
        .any(|s| lower.contains(s))
}

pub(super) fn run(args: &ScanArgs, io: &mut Io<'_>) -> Exit {
    match scan(args, io) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn scan(args: &ScanArgs, io: &mut Io<'_>) -> Result<Exit, Exit> {
    let rules = Rules::new().map_err(|e| usage(io.stderr, &format!("internal rule error: {e}")))?;
    let ignored = read_ignore_file(args, io)?;
    let mut findings = Vec::new();
    if args.staged {
        let diff = git(
            io,
            &[
                "diff",
                "--cached",
                "--no-color",
                "--no-ext-diff",
                "-U0",
                "--diff-filter=ACMR",
            ],
        )?;
        scan_diff(&rules, &diff, &mut findings);
    } else if let Some(rev) = &args.since {
        if rev.starts_with('-') {
            return Err(usage(io.stderr, "--since takes a revision, not an option"));
        }
        let range = format!("{rev}..HEAD");
        let log = git(
            io,
            &[
                "log",
                "-p",
                "--no-color",
                "--no-ext-diff",
                "-U0",
                "--format=commit %H",
                &range,
            ],
        )?;
        scan_diff(&rules, &log, &mut findings);
    } else {
        let roots: Vec<PathBuf> = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        for root in &roots {
            let full = io.cwd.join(root);
            if !full.exists() {
                return Err(usage(
                    io.stderr,
                    &format!("{}: no such file or directory", root.display()),
                ));
            }
            let mut walker = ignore::WalkBuilder::new(&full);
            walker
                .hidden(false)
                .git_ignore(true)
                .git_exclude(true)
                .require_git(false)
                .filter_entry(|e| e.file_name() != ".git");
            for entry in walker.build() {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        let _ = writeln!(io.stderr, "edgeward: {e}");
                        continue;
                    }
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = entry.path();
                let shown = display_path(path, &io.cwd);
                match read_text(path, args.max_file_bytes) {
                    Ok(Some(text)) => scan_text(&rules, &shown, &text, None, &mut findings),
                    Ok(None) => {}
                    Err(message) => {
                        let _ = writeln!(io.stderr, "edgeward: {shown}: {message}");
                    }
                }
            }
        }
    }
    let mut shown = 0usize;
    for finding in findings
        .iter()
        .filter(|f| !ignored.contains(&f.fingerprint()))
    {
        shown += 1;
        let preview = masked(&finding.secret);
        if args.json {
            line(
                io.stdout,
                &format!(
                    "{{\"file\":{},\"line\":{},\"column\":{},\"rule\":{},\"preview\":{},\"fingerprint\":{}{}}}",
                    json_string(&finding.file),
                    finding.line,
                    finding.column,
                    json_string(&finding.rule),
                    json_string(&preview),
                    json_string(&finding.fingerprint()),
                    finding
                        .commit
                        .as_deref()
                        .map_or(String::new(), |c| format!(",\"commit\":{}", json_string(c)))
                ),
            )?;
        } else {
            let commit = finding.commit.as_deref().map_or(String::new(), |c| {
                format!(" (commit {})", c.get(..12).unwrap_or(c))
            });
            line(
                io.stdout,
                &format!(
                    "{}:{}:{}: {}: {}  [{}]{commit}",
                    finding.file,
                    finding.line,
                    finding.column,
                    finding.rule,
                    preview,
                    finding.fingerprint()
                ),
            )?;
        }
    }
    if !args.json {
        let silenced = findings.len() - shown;
        let _ = writeln!(
            io.stderr,
            "edgeward: {shown} finding{}{}",
            if shown == 1 { "" } else { "s" },
            if silenced > 0 {
                format!(" ({silenced} silenced by the ignore file)")
            } else {
                String::new()
            }
        );
    }
    Ok(if shown > 0 { Exit::Findings } else { Exit::Ok })
}

fn display_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .trim_start_matches("./")
        .to_owned()
}

/// The text of a file, `None` for binary files; an error for unreadable or oversized ones.
fn read_text(path: &Path, max: u64) -> Result<Option<String>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "skipped: larger than {max} bytes (see --max-file-bytes)"
        ));
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Ok(None);
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

fn scan_text(rules: &Rules, file: &str, text: &str, commit: Option<&str>, out: &mut Vec<Finding>) {
    let env_file = is_env_file(file);
    for (index, line_text) in text.lines().enumerate() {
        scan_line(rules, file, index + 1, line_text, env_file, commit, out);
    }
}

fn scan_line(
    rules: &Rules,
    file: &str,
    number: usize,
    text: &str,
    env_file: bool,
    commit: Option<&str>,
    out: &mut Vec<Finding>,
) {
    // A minified bundle's single line can be megabytes: scan it in bounded windows.
    for (column, rule, secret) in rules.line(text, env_file) {
        let column = text.get(..column).map_or(column, |t| t.chars().count()) + 1;
        out.push(Finding {
            file: file.to_owned(),
            line: number,
            column,
            rule,
            secret,
            commit: commit.map(str::to_owned),
        });
    }
}

/// Scans the added lines of a unified diff (`git diff -U0` or `git log -p -U0`).
fn scan_diff(rules: &Rules, diff: &str, out: &mut Vec<Finding>) {
    let mut commit: Option<String> = None;
    let mut file: Option<String> = None;
    let mut next_line = 0usize;
    for text in diff.lines() {
        if let Some(hash) = text.strip_prefix("commit ") {
            commit = Some(hash.trim().to_owned());
        } else if let Some(path) = text.strip_prefix("+++ ") {
            file = path
                .strip_prefix("b/")
                .map(str::to_owned)
                .or_else(|| (path != "/dev/null").then(|| path.to_owned()));
        } else if let Some(hunk) = text.strip_prefix("@@ ") {
            // @@ -a,b +c,d @@
            next_line = hunk
                .split(' ')
                .find_map(|p| p.strip_prefix('+'))
                .and_then(|p| p.split(',').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
        } else if let (Some(added), Some(path)) = (text.strip_prefix('+'), &file) {
            let env_file = is_env_file(path);
            scan_line(
                rules,
                path,
                next_line,
                added,
                env_file,
                commit.as_deref(),
                out,
            );
            next_line += 1;
        }
    }
}

/// Runs git in the working directory and returns its standard output.
fn git(io: &mut Io<'_>, args: &[&str]) -> Result<String, Exit> {
    let output = Command::new("git")
        .args(args)
        .current_dir(&io.cwd)
        .output()
        .map_err(|e| usage(io.stderr, &format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(usage(
            io.stderr,
            &format!("git {}: {}", args.first().unwrap_or(&""), message.trim()),
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The fingerprints of `.edgewardignore` (or `--ignore-file`).
fn read_ignore_file(args: &ScanArgs, io: &mut Io<'_>) -> Result<HashSet<String>, Exit> {
    let (path, required) = match &args.ignore_file {
        Some(path) => (io.cwd.join(path), true),
        None => (io.cwd.join(".edgewardignore"), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) if !required => return Ok(HashSet::new()),
        Err(e) => {
            return Err(usage(
                io.stderr,
                &format!("cannot read {}: {e}", path.display()),
            ));
        }
    };
    let mut set = HashSet::new();
    for (index, raw) in text.lines().enumerate() {
        let entry = raw.split('#').next().unwrap_or("").trim();
        if entry.is_empty() {
            continue;
        }
        if entry.len() != 16 || !entry.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(usage(
                io.stderr,
                &format!(
                    "{}:{}: not a finding fingerprint (16 hex digits, as `scan` prints them)",
                    path.display(),
                    index + 1
                ),
            ));
        }
        set.insert(entry.to_ascii_lowercase());
    }
    Ok(set)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let rules = Rules::new().unwrap();
        let key = concat!("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc");
        let found = rules.line(&format!("const stripe = new Stripe(\"{key}\");"), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "stripe_key");
        assert_eq!(found[0].2, key);
        let found = rules.line(r#"DB_PASSWORD = "n0t-S0-s3cret!x""#, false);
        assert_eq!(
            found.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(),
            ["secret_assignment"]
        );
        assert!(
            rules
                .line(r#"password = "${DB_PASSWORD}""#, false)
                .is_empty()
        );
        assert!(
            rules
                .line(r#"api_key = os.environ["API_KEY"]"#, false)
                .is_empty()
        );
        assert!(
            rules
                .line(
                    "sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'",
                    false
                )
                .is_empty()
        );
        let found = rules.line("-----BEGIN RSA PRIVATE KEY-----", false);
        assert_eq!(found[0].1, "private_key_block");
        let found = rules.line("STRIPE_SECRET=Zx81kLmq92PpaQ", true);
        assert_eq!(found[0].1, "env_file");
    }

    #[test]
    fn diffs() {
        let rules = Rules::new().unwrap();
        let key = concat!("ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx");
        let diff = format!(
            "commit abc\ndiff --git a/x.py b/x.py\n+++ b/x.py\n@@ -1,0 +7,2 @@\n+ok = 1\n+token = \"{key}\"\n"
        );
        let mut out = Vec::new();
        scan_diff(&rules, &diff, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].file.as_str(), out[0].line, out[0].commit.as_deref()),
            ("x.py", 8, Some("abc"))
        );
    }
}
