//! `edgeward verify`: verifies a delivery and, when it fails, says why.

use super::diagnose::{Cause, diagnose};
use super::{MAX_BODY_BYTES, VerifyArgs, header_pair, read_body, webhook_from};
use crate::Io;
use crate::output::{Exit, json_string, line, usage};

pub(super) fn run(args: &VerifyArgs, io: &mut Io<'_>) -> Exit {
    match verify(args, io) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn verify(args: &VerifyArgs, io: &mut Io<'_>) -> Result<Exit, Exit> {
    let mut headers = Vec::new();
    for header in &args.headers {
        let pair = header_pair(header).ok_or_else(|| {
            usage(
                io.stderr,
                &format!(
                    "bad --header: use \"Name: value\" (got {} characters without a name)",
                    header.chars().count()
                ),
            )
        })?;
        headers.push(pair);
    }
    let (webhook, secrets) = webhook_from(&args.scheme, args.tolerance, io)?;
    let body = read_body(io, MAX_BODY_BYTES)?;
    let now = args.now.unwrap_or(io.now);
    let json = args.scheme.json;
    match webhook.verify_headers(&body, headers.as_slice(), now) {
        Ok(verified) => {
            let timestamp = verified.signed_timestamp();
            if json {
                line(
                    io.stdout,
                    &format!(
                        "{{\"verified\":true,\"secretIndex\":{},\"timestamp\":{},\"id\":{}}}",
                        verified.secret_index,
                        timestamp.map_or("null".to_owned(), |t| t.to_string()),
                        verified
                            .id
                            .as_deref()
                            .map_or("null".to_owned(), json_string)
                    ),
                )?;
            } else {
                let mut text = format!("verified: secret #{}", verified.secret_index);
                if let Some(t) = timestamp {
                    text.push_str(&format!(", signed at {t} ({} s ago)", now - t));
                }
                if let Some(id) = &verified.id {
                    text.push_str(&format!(", id {id}"));
                }
                line(io.stdout, &text)?;
            }
            Ok(Exit::Ok)
        }
        Err(error) => {
            let secrets: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
            let mut causes = diagnose(&webhook, &secrets, &body, &headers, now, &error);
            if causes.is_empty() {
                causes.push(Cause::Unexplained);
            }
            if json {
                let causes: Vec<String> = causes
                    .iter()
                    .map(|c| {
                        format!(
                            "{{\"cause\":{},\"detail\":{}}}",
                            json_string(c.id()),
                            json_string(&c.detail())
                        )
                    })
                    .collect();
                line(
                    io.stdout,
                    &format!(
                        "{{\"verified\":false,\"code\":{},\"message\":{},\"diagnosis\":[{}]}}",
                        json_string(error.code().as_str()),
                        json_string(&error.to_string()),
                        causes.join(",")
                    ),
                )?;
            } else {
                line(
                    io.stdout,
                    &format!("not verified: {} ({})", error, error.code().as_str()),
                )?;
                for cause in &causes {
                    line(
                        io.stdout,
                        &format!("  likely cause: {}: {}", cause.id(), cause.detail()),
                    )?;
                }
            }
            Ok(Exit::Findings)
        }
    }
}
