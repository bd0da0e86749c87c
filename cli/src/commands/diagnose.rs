//! Why a delivery failed to verify, found by re-verifying altered copies of it.
//!
//! Every cause is established by a real verification with the same core and the same
//! secrets: a body variant, a header variant, another scheme or a wider clock tolerance that
//! verifies. Nothing here prints a secret, a computed MAC or an expected signature: a cause
//! names what differs (the body's JSON was re-serialised; the clock is 423 s behind), never the
//! value that would have matched.

use edgeward_core::{Error, Scheme, Webhook, WebhookOptions};

/// A reason a delivery did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cause {
    /// The signature is good, but the timestamp is outside the tolerance.
    ClockSkew {
        /// Signed time minus now, in seconds (negative: the delivery is older).
        offset_seconds: i64,
        /// The tolerance in use.
        tolerance_seconds: i64,
    },
    /// The body verifies once re-serialised: something parsed and re-encoded the JSON.
    BodyReserialised {
        /// The form that verifies.
        form: &'static str,
    },
    /// The body verifies with its line endings or final newline changed.
    BodyWhitespace {
        /// The change that verifies.
        change: &'static str,
    },
    /// A header verifies once undone: a proxy or framework altered it.
    HeaderMangled {
        /// The header.
        header: &'static str,
        /// What was done to it.
        how: &'static str,
    },
    /// The delivery verifies under another scheme.
    WrongScheme {
        /// The scheme that verifies.
        scheme: Scheme,
    },
    /// The headers belong to another scheme (its signature header is present).
    OtherSchemeHeaders {
        /// The scheme whose headers are present.
        scheme: Scheme,
    },
    /// Nothing explains it: the secret is wrong, or the body changed in some other way.
    Unexplained,
}

impl Cause {
    /// A stable identifier for `--json` output.
    pub(super) fn id(&self) -> &'static str {
        match self {
            Cause::ClockSkew { .. } => "clock_skew",
            Cause::BodyReserialised { .. } => "body_reserialised",
            Cause::BodyWhitespace { .. } => "body_whitespace",
            Cause::HeaderMangled { .. } => "header_mangled",
            Cause::WrongScheme { .. } => "wrong_scheme",
            Cause::OtherSchemeHeaders { .. } => "other_scheme_headers",
            Cause::Unexplained => "wrong_secret_or_body",
        }
    }

    /// One sentence for people.
    pub(super) fn detail(&self) -> String {
        match self {
            Cause::ClockSkew {
                offset_seconds,
                tolerance_seconds,
            } => {
                let (dir, by) = if *offset_seconds < 0 {
                    ("behind", offset_seconds.unsigned_abs())
                } else {
                    ("ahead of", offset_seconds.unsigned_abs())
                };
                format!(
                    "the signature is valid, but the signed timestamp is {by} s {dir} this \
                     clock (tolerance {tolerance_seconds} s): check the clock of this machine \
                     (NTP), or whether the delivery is an old one being replayed"
                )
            }
            Cause::BodyReserialised { form } => format!(
                "the body was altered: its {form} re-serialisation verifies, so something \
                 parsed the JSON and encoded it again before verification; verify the raw \
                 bytes as received (e.g. express.raw(), request.body() in Starlette)"
            ),
            Cause::BodyWhitespace { change } => format!(
                "the body was altered: it verifies with {change}; pass the raw bytes as \
                 received"
            ),
            Cause::HeaderMangled { header, how } => format!(
                "the {header} header was altered on the way ({how}); it verifies once \
                 undone: check proxies and the framework's header handling"
            ),
            Cause::WrongScheme { scheme } => {
                format!("the delivery verifies as the {scheme} scheme: use --scheme {scheme}")
            }
            Cause::OtherSchemeHeaders { scheme } => format!(
                "the request carries the headers of the {scheme} scheme: is --scheme right?"
            ),
            Cause::Unexplained => "no secret verifies this body, and no common alteration \
                (re-serialised JSON, line endings, a mangled header, another scheme, clock \
                skew) explains it: most likely the secret is not this endpoint's (check which \
                endpoint and environment it belongs to), or the body was changed in transit"
                .to_owned(),
        }
    }
}

/// The causes of `error` for this delivery, most specific first.
pub(super) fn diagnose(
    webhook: &Webhook,
    secrets: &[&[u8]],
    body: &[u8],
    headers: &[(String, String)],
    now: i64,
    error: &Error,
) -> Vec<Cause> {
    let options = webhook.options().clone();
    let mut causes = Vec::new();
    let verifies = |w: &Webhook, body: &[u8], headers: &[(String, String)]| {
        w.verify_headers(body, headers, now).is_ok()
    };

    if let Error::TimestampTooOld {
        age_seconds,
        tolerance_seconds,
    }
    | Error::TimestampTooNew {
        ahead_seconds: age_seconds,
        tolerance_seconds,
    } = error
    {
        let offset = i64::try_from(*age_seconds).unwrap_or(i64::MAX);
        let signed = if matches!(error, Error::TimestampTooOld { .. }) {
            -offset
        } else {
            offset
        };
        // Confirm that the signature itself is good under a tolerance that admits the offset.
        let wide = WebhookOptions {
            tolerance_seconds: offset.saturating_add(1),
            ..options.clone()
        };
        if Webhook::new(secrets, wide).is_ok_and(|w| verifies(&w, body, headers)) {
            causes.push(Cause::ClockSkew {
                offset_seconds: signed,
                tolerance_seconds: i64::try_from(*tolerance_seconds).unwrap_or(i64::MAX),
            });
            return causes;
        }
    }

    // Another scheme's headers, and another scheme that verifies.
    let present = |name: &str| headers.iter().any(|(n, _)| n == name);
    for scheme in Scheme::ALL.iter().copied().filter(|s| *s != options.scheme) {
        let other = WebhookOptions {
            scheme,
            ..options.clone()
        };
        if Webhook::new(secrets, other).is_ok_and(|w| verifies(&w, body, headers)) {
            causes.push(Cause::WrongScheme { scheme });
            return causes;
        }
    }
    if !present(options.scheme.signature_header()) {
        for scheme in Scheme::ALL.iter().copied().filter(|s| *s != options.scheme) {
            if present(scheme.signature_header()) {
                causes.push(Cause::OtherSchemeHeaders { scheme });
            }
        }
        return causes;
    }

    // The body: re-serialised JSON, then whitespace changes.
    for (form, variant) in body_variants(body) {
        if verifies(webhook, &variant, headers) {
            causes.push(form);
            return causes;
        }
    }

    // The signature header: undo what proxies and frameworks do to header values.
    let name = options.scheme.signature_header();
    for (how, value) in header_variants(headers, name) {
        let mut altered: Vec<(String, String)> =
            headers.iter().filter(|(n, _)| n != name).cloned().collect();
        altered.push((name.to_owned(), value));
        if verifies(webhook, body, &altered) {
            causes.push(Cause::HeaderMangled { header: name, how });
            return causes;
        }
    }
    causes
}

/// Altered copies of `body` that an intermediary commonly produces, with the cause each
/// would establish. Bodies that are not JSON only get the whitespace variants.
fn body_variants(body: &[u8]) -> Vec<(Cause, Vec<u8>)> {
    let mut out = Vec::new();
    // Bounded: a body beyond a few MiB is not re-parsed (the parse is the cost).
    if body.len() <= 4 * 1024 * 1024
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
    {
        // Compact and pretty forms; serde_json keeps key order only as parsed into its map
        // (sorted here: `preserve_order` is off), which is what many re-serialisers do too.
        if let Ok(compact) = serde_json::to_vec(&value) {
            out.push((
                Cause::BodyReserialised {
                    form: "compact JSON",
                },
                compact,
            ));
        }
        if let Ok(pretty) = serde_json::to_vec_pretty(&value) {
            out.push((
                Cause::BodyReserialised {
                    form: "pretty-printed JSON (2 spaces)",
                },
                pretty,
            ));
        }
        let spaced = python_style(&value);
        out.push((
            Cause::BodyReserialised {
                form: "Python json.dumps (\", \" and \": \")",
            },
            spaced,
        ));
    }
    if let Some(stripped) = body.strip_suffix(b"\n") {
        let stripped = stripped.strip_suffix(b"\r").unwrap_or(stripped);
        out.push((
            Cause::BodyWhitespace {
                change: "its final newline removed",
            },
            stripped.to_vec(),
        ));
    } else {
        let mut added = body.to_vec();
        added.push(b'\n');
        out.push((
            Cause::BodyWhitespace {
                change: "a final newline added",
            },
            added,
        ));
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        let lf: Vec<u8> = body.iter().copied().filter(|b| *b != b'\r').collect();
        out.push((
            Cause::BodyWhitespace {
                change: "CRLF line endings restored as LF",
            },
            lf,
        ));
    } else if body.contains(&b'\n') {
        let mut crlf = Vec::with_capacity(body.len() + 16);
        for &b in body {
            if b == b'\n' {
                crlf.push(b'\r');
            }
            crlf.push(b);
        }
        out.push((
            Cause::BodyWhitespace {
                change: "LF line endings as CRLF",
            },
            crlf,
        ));
    }
    out
}

/// JSON as Python's `json.dumps` writes it by default: `", "` and `": "` separators, ASCII
/// escapes for non-ASCII characters.
fn python_style(value: &serde_json::Value) -> Vec<u8> {
    fn write(value: &serde_json::Value, out: &mut String, depth: usize) {
        use serde_json::Value;
        if depth > 128 {
            return;
        }
        match value {
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(item, out, depth + 1);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (key, item)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    ascii_string(key, out);
                    out.push_str(": ");
                    write(item, out, depth + 1);
                }
                out.push('}');
            }
            Value::String(text) => ascii_string(text, out),
            other => out.push_str(&other.to_string()),
        }
    }
    fn ascii_string(text: &str, out: &mut String) {
        let quoted = serde_json::Value::String(text.to_owned()).to_string();
        for c in quoted.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    let mut out = String::new();
    write(value, &mut out, 0);
    out.into_bytes()
}

/// Undone forms of the signature header `name`: what proxies and frameworks do to values.
fn header_variants(headers: &[(String, String)], name: &str) -> Vec<(&'static str, String)> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect();
    let mut out = Vec::new();
    if values.len() > 1 {
        for value in &values {
            out.push((
                "the header was sent more than once; one copy verifies",
                (*value).to_owned(),
            ));
        }
    }
    let Some(value) = values.first() else {
        return out;
    };
    let trimmed = value.trim();
    if trimmed != *value {
        out.push(("whitespace was added around the value", trimmed.to_owned()));
    }
    if let Some(inner) = trimmed.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        out.push(("the value was wrapped in quotes", inner.to_owned()));
    }
    if trimmed.contains(' ') {
        out.push((
            "'+' characters became spaces (form or URL decoding)",
            trimmed.replace(' ', "+"),
        ));
    }
    if trimmed.contains('%')
        && let Some(decoded) = percent_decode(trimmed)
    {
        out.push(("the value was percent-encoded", decoded));
    }
    if trimmed.contains(", ") {
        out.push((
            "a space was inserted after each comma",
            trimmed.replace(", ", ","),
        ));
    }
    out
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
