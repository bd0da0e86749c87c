//! `edgeward redact`: redacts NDJSON or plain text from stdin to stdout, one line at a time.
//!
//! Streaming: memory is bounded by the longest line accepted (`--max-line-bytes`); a longer
//! line is replaced by a notice, never passed through. A line that should be JSON and is not
//! is reported on stderr with its number and redacted as text (nothing unredacted is
//! written), and the stream continues. Invalid UTF-8 is replaced (U+FFFD) and reported.

use super::RedactArgs;
use crate::Io;
use crate::output::{Exit, closed, json_string, usage};
use edgeward_core::redact::{Redactor, RedactorOptions, options_from_json};
use std::collections::BTreeMap;
use std::io::BufRead;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Auto,
    Ndjson,
    Text,
}

pub(super) fn run(args: &RedactArgs, io: &mut Io<'_>) -> Exit {
    match redact(args, io) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn redactor(args: &RedactArgs, io: &mut Io<'_>) -> Result<Redactor, Exit> {
    let mut options = match &args.rules {
        None => RedactorOptions::default(),
        Some(path) => {
            let path = io.cwd.join(path);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| usage(io.stderr, &format!("cannot read {}: {e}", path.display())))?;
            options_from_json(&text)
                .map_err(|e| usage(io.stderr, &format!("{}: {e}", path.display())))?
        }
    };
    options.report = args.report;
    options.max_bytes = options.max_bytes.max(args.max_line_bytes);
    Redactor::new(options).map_err(|e| usage(io.stderr, &e.to_string()))
}

fn redact(args: &RedactArgs, io: &mut Io<'_>) -> Result<Exit, Exit> {
    let format = match args.format.as_str() {
        "auto" => Format::Auto,
        "ndjson" => Format::Ndjson,
        "text" => Format::Text,
        other => {
            return Err(usage(
                io.stderr,
                &format!(
                    "unknown --format {:?}: use auto, ndjson or text",
                    other.chars().take(32).collect::<String>()
                ),
            ));
        }
    };
    let redactor = redactor(args, io)?;
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines = 0usize;
    let mut redactions = 0usize;
    let mut problems = 0usize;
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut number = 0usize;
    loop {
        buf.clear();
        let (read, too_long) = read_line(io.stdin, &mut buf, args.max_line_bytes)
            .map_err(|e| usage(io.stderr, &format!("cannot read stdin: {e}")))?;
        if read == 0 {
            break;
        }
        number += 1;
        lines += 1;
        let newline = buf.last() == Some(&b'\n');
        if newline {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        if too_long {
            problems += 1;
            let _ = writeln!(
                io.stderr,
                "edgeward: line {number}: longer than {} bytes, replaced by a notice",
                args.max_line_bytes
            );
            write_line(
                io,
                &format!(
                    "[edgeward: line {number} removed: over {} bytes]",
                    args.max_line_bytes
                ),
                newline,
            )?;
            continue;
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => {
                problems += 1;
                let _ = writeln!(
                    io.stderr,
                    "edgeward: line {number}: invalid UTF-8, replaced by U+FFFD"
                );
                String::from_utf8_lossy(&buf)
            }
        };
        let json_like = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
        let as_json = match format {
            Format::Text => false,
            Format::Ndjson => true,
            Format::Auto => json_like,
        };
        let result = if as_json {
            match redactor.redact_json(&text) {
                Ok(done) => Ok(done),
                Err(_) => {
                    if format == Format::Ndjson || json_like {
                        problems += 1;
                        let _ = writeln!(
                            io.stderr,
                            "edgeward: line {number}: not valid JSON, redacted as text"
                        );
                    }
                    redactor.redact_text(&text)
                }
            }
        } else {
            redactor.redact_text(&text)
        };
        match result {
            Ok((out, report)) => {
                redactions += report.redactions;
                for finding in &report.findings {
                    *by_rule.entry(finding.rule.clone()).or_default() += 1;
                }
                write_line(io, &out, newline)?;
            }
            Err(error) => {
                // Fail closed: a line the redactor cannot handle is not written.
                problems += 1;
                let _ = writeln!(
                    io.stderr,
                    "edgeward: line {number}: {error}; replaced by a notice"
                );
                write_line(
                    io,
                    &format!(
                        "[edgeward: line {number} removed: {}]",
                        error.code().as_str()
                    ),
                    newline,
                )?;
            }
        }
    }
    if args.report {
        if args.json {
            let rules: Vec<String> = by_rule
                .iter()
                .map(|(rule, n)| format!("{}:{n}", json_string(rule)))
                .collect();
            let _ = writeln!(
                io.stderr,
                "{{\"lines\":{lines},\"redactions\":{redactions},\"problems\":{problems},\"byRule\":{{{}}}}}",
                rules.join(",")
            );
        } else {
            let _ = writeln!(
                io.stderr,
                "edgeward: {lines} lines, {redactions} redactions, {problems} problem lines"
            );
            for (rule, n) in &by_rule {
                let _ = writeln!(io.stderr, "  {n:>8}  {rule}");
            }
        }
    }
    Ok(Exit::Ok)
}

fn write_line(io: &mut Io<'_>, text: &str, newline: bool) -> Result<(), Exit> {
    io.stdout
        .write_all(text.as_bytes())
        .and_then(|()| {
            if newline {
                io.stdout.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .map_err(|e| closed(&e))
}

/// Reads one line (with its `\n`) into `buf`, keeping at most `max` bytes: the rest of a
/// longer line is read and dropped. Returns the bytes consumed and whether the line was cut.
fn read_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, too_long));
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (available.get(..=i).unwrap_or(available), true),
            None => (available, false),
        };
        let take = chunk.len();
        if !too_long {
            if buf.len() + take > max + 1 {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        if too_long && done {
            buf.clear();
            buf.push(b'\n');
        }
        input.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, too_long));
        }
    }
}
