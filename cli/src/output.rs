//! Exit codes and the small output helpers every command shares.

use std::io::{self, Write};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Success: verified, nothing found, everything valid.
    Ok,
    /// Findings, a verification failure, invalid documents.
    Findings,
    /// A usage or input error (bad arguments, unreadable files, a missing variable).
    Usage,
    /// Standard output was closed by the reader (`| head`): stop quietly.
    Closed,
}

impl Exit {
    /// The process exit code: 0, 1 or 2 (a closed stdout ends with 0: the reader chose to
    /// stop reading, which is not a failure of this run).
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok | Exit::Closed => 0,
            Exit::Findings => 1,
            Exit::Usage => 2,
        }
    }
}

/// The outcome of writing to stdout: a broken pipe stops the run quietly.
pub type Written = Result<(), Exit>;

/// Maps a write error: a closed pipe ends the run quietly, anything else is an input/output
/// error reported on stderr by the caller.
pub fn closed(error: &io::Error) -> Exit {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Exit::Closed
    } else {
        Exit::Usage
    }
}

/// Writes one line to `out`.
pub fn line(out: &mut dyn Write, text: &str) -> Written {
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| closed(&e))
}

/// Reports an error on stderr as `edgeward: <message>` and returns [`Exit::Usage`].
pub fn usage(err: &mut dyn Write, message: &str) -> Exit {
    let _ = writeln!(err, "edgeward: {message}");
    Exit::Usage
}

/// A JSON string literal of `text`.
pub fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// A masked preview of a secret: its first three characters (a prefix such as `sk_` or
/// `ghp`, never enough to guess the rest) and its length. Short values show nothing.
pub fn masked(secret: &str) -> String {
    let count = secret.chars().count();
    if count < 12 {
        return format!("*** ({count} chars)");
    }
    let head: String = secret.chars().take(3).collect();
    format!("{head}*** ({count} chars)")
}
