//! `edgeward validate`: JSON or NDJSON documents against a JSON Schema, with the library's
//! parsing limits (size, depth, duplicate keys, exact integers).

use super::ValidateArgs;
use crate::Io;
use crate::output::{Exit, json_string, line, usage};
use edgeward_core::Error;
use edgeward_core::validate::{Validator, ValidatorOptions};
use std::io::Read;

pub(super) fn run(args: &ValidateArgs, io: &mut Io<'_>) -> Exit {
    match validate(args, io) {
        Ok(exit) | Err(exit) => exit,
    }
}

/// The largest document (or NDJSON stream) read: the library's own default limit applies to
/// each document; this bounds what is held in memory at once.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

struct Tally {
    invalid: usize,
    unreadable: usize,
}

fn validate(args: &ValidateArgs, io: &mut Io<'_>) -> Result<Exit, Exit> {
    let schema_path = io.cwd.join(&args.schema);
    let schema_text = std::fs::read(&schema_path).map_err(|e| {
        usage(
            io.stderr,
            &format!("cannot read {}: {e}", schema_path.display()),
        )
    })?;
    let schema: serde_json::Value = serde_json::from_slice(&schema_text).map_err(|e| {
        usage(
            io.stderr,
            &format!("{} is not JSON: {e}", schema_path.display()),
        )
    })?;
    let options = ValidatorOptions {
        include_values: args.show_values,
        ..ValidatorOptions::default()
    };
    let validator = Validator::new(&schema, &options)
        .map_err(|e| usage(io.stderr, &format!("{}: {e}", schema_path.display())))?;

    let mut tally = Tally {
        invalid: 0,
        unreadable: 0,
    };
    let documents: Vec<String> = if args.documents.is_empty() {
        vec!["-".to_owned()]
    } else {
        args.documents.clone()
    };
    for name in &documents {
        let ndjson = if name == "-" {
            args.ndjson
        } else {
            name.ends_with(".ndjson") || name.ends_with(".jsonl")
        };
        let mut bytes = Vec::new();
        let read = if name == "-" {
            io.stdin.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        } else {
            std::fs::File::open(io.cwd.join(name))
                .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        };
        let shown = if name == "-" {
            "<stdin>"
        } else {
            name.as_str()
        };
        match read {
            Err(e) => {
                tally.unreadable += 1;
                let _ = writeln!(io.stderr, "edgeward: cannot read {shown}: {e}");
                continue;
            }
            Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => {
                tally.unreadable += 1;
                let _ = writeln!(
                    io.stderr,
                    "edgeward: {shown} is larger than {MAX_FILE_BYTES} bytes"
                );
                continue;
            }
            Ok(_) => {}
        }
        if ndjson {
            for (index, text) in bytes.split(|b| *b == b'\n').enumerate() {
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                if text.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                check(
                    &validator,
                    text,
                    shown,
                    Some(index + 1),
                    args.json,
                    io,
                    &mut tally,
                )?;
            }
        } else {
            check(&validator, &bytes, shown, None, args.json, io, &mut tally)?;
        }
    }
    Ok(if tally.unreadable > 0 {
        Exit::Usage
    } else if tally.invalid > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

fn check(
    validator: &Validator,
    text: &[u8],
    file: &str,
    line_number: Option<usize>,
    json: bool,
    io: &mut Io<'_>,
    tally: &mut Tally,
) -> Result<(), Exit> {
    let issues: Vec<(String, String, String)> = match validator.validate_json(text) {
        Ok(_) => return Ok(()),
        Err(Error::ValidationFailed { issues }) => issues
            .into_iter()
            .map(|i| (i.instance_path, i.keyword, i.message))
            .collect(),
        // Not JSON, over a limit: one issue at the root, with the library's code.
        Err(other) => vec![(
            String::new(),
            other.code().as_str().to_owned(),
            other.to_string(),
        )],
    };
    tally.invalid += 1;
    let at = match line_number {
        Some(n) => format!("{file}:{n}"),
        None => file.to_owned(),
    };
    for (path, keyword, message) in issues {
        if json {
            line(
                io.stdout,
                &format!(
                    "{{\"file\":{},\"line\":{},\"path\":{},\"keyword\":{},\"message\":{}}}",
                    json_string(file),
                    line_number.map_or("null".to_owned(), |n| n.to_string()),
                    json_string(&path),
                    json_string(&keyword),
                    json_string(&message)
                ),
            )?;
        } else {
            let path = if path.is_empty() { "/" } else { path.as_str() };
            line(io.stdout, &format!("{at}: {path}: {message} ({keyword})"))?;
        }
    }
    Ok(())
}
