//! `edgeward send URL`: posts a signed delivery to an endpoint under test.
//!
//! Plain HTTP/1.1 over a TCP connection, written here in a few lines rather than pulling in an
//! HTTP client: the command exists to test a local endpoint (`http://localhost:3000/webhook`),
//! it sends only to the URL the user typed, and it never follows redirects. `https://` is
//! refused with a clear message (put the endpoint behind a local port for the test).

use super::{MAX_BODY_BYTES, SendArgs, header_pair, read_body, webhook_from};
use crate::Io;
use crate::output::{Exit, json_string, line, usage};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The most of the response that is read and printed.
const MAX_RESPONSE_BYTES: u64 = 1024 * 1024;

pub(super) fn run(args: &SendArgs, io: &mut Io<'_>) -> Exit {
    match send(args, io) {
        Ok(exit) | Err(exit) => exit,
    }
}

struct Target {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(url: &str) -> Result<Target, String> {
    let rest = if let Some(rest) = url.strip_prefix("http://") {
        rest
    } else if url.starts_with("https://") {
        return Err(
            "https:// is not supported: `send` is for testing an endpoint on a local \
                    http:// port"
                .to_owned(),
        );
    } else {
        return Err(format!(
            "the URL must start with http://, got {:?}",
            truncate(url)
        ));
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    };
    if authority.is_empty() || authority.contains('@') {
        return Err("the URL needs a host (and no user:password@)".to_owned());
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or("unbalanced [ in the host")?;
        let port = after.strip_prefix(':').unwrap_or("80");
        (host.to_owned(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), port),
            None => (authority.to_owned(), "80"),
        }
    };
    let port = port
        .parse::<u16>()
        .map_err(|_| format!("bad port {:?}", truncate(port)))?;
    if path.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err("the path holds spaces or control characters".to_owned());
    }
    Ok(Target {
        host,
        port,
        path: path.to_owned(),
    })
}

fn truncate(text: &str) -> String {
    text.chars().take(64).collect()
}

fn send(args: &SendArgs, io: &mut Io<'_>) -> Result<Exit, Exit> {
    let target = parse_url(&args.url).map_err(|e| usage(io.stderr, &e))?;
    let mut extra = Vec::new();
    for header in &args.headers {
        let pair = header_pair(header)
            .filter(|(n, v)| !n.contains(['\r', '\n']) && !v.contains(['\r', '\n']))
            .ok_or_else(|| {
                usage(
                    io.stderr,
                    &format!("bad --header {:?}: use \"Name: value\"", truncate(header)),
                )
            })?;
        extra.push(pair);
    }
    let (webhook, _secrets) = webhook_from(&args.scheme, None, io)?;
    let body = read_body(io, MAX_BODY_BYTES)?;
    let signed =
        super::sign::signed_headers(&webhook, &body, args.timestamp, args.id.as_deref(), io)?;

    let timeout = Duration::from_secs(args.timeout.max(1));
    let address = (target.host.as_str(), target.port)
        .to_socket_addrs()
        .map_err(|e| usage(io.stderr, &format!("cannot resolve {}: {e}", target.host)))?
        .next()
        .ok_or_else(|| usage(io.stderr, &format!("{} has no address", target.host)))?;
    let mut stream = TcpStream::connect_timeout(&address, timeout)
        .map_err(|e| usage(io.stderr, &format!("cannot connect to {address}: {e}")))?;
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));

    let host_header = if target.port == 80 {
        target.host.clone()
    } else if target.host.contains(':') {
        format!("[{}]:{}", target.host, target.port)
    } else {
        format!("{}:{}", target.host, target.port)
    };
    let mut request = format!(
        "POST {} HTTP/1.1\r\nhost: {host_header}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\nuser-agent: edgeward-cli/{}\r\n",
        target.path,
        body.len(),
        env!("CARGO_PKG_VERSION")
    );
    for (name, value) in signed
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .chain(extra.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    {
        request.push_str(name);
        request.push_str(": ");
        request.push_str(value);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .and_then(|()| stream.write_all(&body))
        .map_err(|e| usage(io.stderr, &format!("sending failed: {e}")))?;

    let mut response = Vec::new();
    stream
        .take(MAX_RESPONSE_BYTES)
        .read_to_end(&mut response)
        .map_err(|e| usage(io.stderr, &format!("reading the response failed: {e}")))?;
    let (status, body) = parse_response(&response)
        .ok_or_else(|| usage(io.stderr, "the endpoint's response is not HTTP/1.x"))?;
    let text = String::from_utf8_lossy(body);
    if args.scheme.json {
        line(
            io.stdout,
            &format!("{{\"status\":{status},\"body\":{}}}", json_string(&text)),
        )?;
    } else {
        line(io.stdout, &format!("HTTP {status}"))?;
        line(io.stdout, &text)?;
    }
    Ok(if (200..300).contains(&status) {
        Exit::Ok
    } else {
        Exit::Findings
    })
}

/// The status and body of an HTTP/1.x response, the body as received (a chunked body keeps
/// its framing: this is a test tool's view of the wire).
fn parse_response(response: &[u8]) -> Option<(u16, &[u8])> {
    let end = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(response.get(..end)?).ok()?;
    let status_line = head.lines().next()?;
    let mut parts = status_line.split(' ');
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status = parts.next()?.parse::<u16>().ok()?;
    let body = response.get(end + 4..)?;
    Some((status, body))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let t = parse_url("http://127.0.0.1:8080/hook?x=1").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("127.0.0.1", 8080, "/hook?x=1")
        );
        let t = parse_url("http://[::1]:9/").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 9));
        assert!(parse_url("https://example.com/").is_err());
        assert!(parse_url("http://u:p@h/").is_err());
        assert!(parse_url("http://h/a b").is_err());
        assert!(parse_url("ftp://h/").is_err());
        assert_eq!(
            parse_response(b"HTTP/1.1 204 No Content\r\n\r\n"),
            Some((204, &b""[..]))
        );
        assert_eq!(parse_response(b"garbage"), None);
    }
}
