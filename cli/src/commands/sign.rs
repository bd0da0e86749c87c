//! `edgeward sign`: the headers a sender sets for the body on stdin.

use super::{MAX_BODY_BYTES, SignArgs, fresh_id, read_body, webhook_from};
use crate::Io;
use crate::output::{Exit, json_string, line, usage};

pub(super) fn run(args: &SignArgs, io: &mut Io<'_>) -> Exit {
    match sign(args, io) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn sign(args: &SignArgs, io: &mut Io<'_>) -> Result<Exit, Exit> {
    let (webhook, _secrets) = webhook_from(&args.scheme, None, io)?;
    let body = read_body(io, MAX_BODY_BYTES)?;
    let headers = signed_headers(&webhook, &body, args.timestamp, args.id.as_deref(), io)?;
    print_headers(&headers, args.scheme.json, io)?;
    Ok(Exit::Ok)
}

/// The signed headers of `body`, at `timestamp` (default now) with `id` (default fresh).
pub(super) fn signed_headers(
    webhook: &edgeward_core::Webhook,
    body: &[u8],
    timestamp: Option<i64>,
    id: Option<&str>,
    io: &mut Io<'_>,
) -> Result<Vec<(&'static str, String)>, Exit> {
    let timestamp = timestamp.unwrap_or(io.now);
    let fresh;
    let id = match id {
        Some(id) => id,
        None => {
            fresh = fresh_id();
            &fresh
        }
    };
    webhook
        .sign_headers(body, timestamp, Some(id))
        .map_err(|e| usage(io.stderr, &e.to_string()))
}

fn print_headers(
    headers: &[(&'static str, String)],
    json: bool,
    io: &mut Io<'_>,
) -> Result<(), Exit> {
    if json {
        let members: Vec<String> = headers
            .iter()
            .map(|(name, value)| format!("{}:{}", json_string(name), json_string(value)))
            .collect();
        line(
            io.stdout,
            &format!("{{\"headers\":{{{}}}}}", members.join(",")),
        )
    } else {
        for (name, value) in headers {
            line(io.stdout, &format!("{name}: {value}"))?;
        }
        Ok(())
    }
}
