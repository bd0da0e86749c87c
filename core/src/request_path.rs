//! Building request paths from untrusted values.
//!
//! ## Threat model
//! An ID taken from a webhook body or a form and pasted into `/resources/{id}` can carry `/`,
//! `?`, `#`, `%2F` or be `..`, turning a call on one resource into a call on another
//! (`../admin`), a different query, or a truncated path. Every parameter is therefore
//! percent-encoded as one path segment: every byte outside RFC 3986's unreserved set
//! (`A-Z a-z 0-9 - . _ ~`) is encoded, so the value can neither end its segment nor start an
//! escape of its own. The segments `.` and `..` — which encoding leaves intact and URL
//! resolution then collapses — and the empty segment are refused. Errors name the parameter,
//! never its value.

use crate::error::Error;

/// The longest value [`encode_path_segment`] accepts, in bytes.
pub const MAX_SEGMENT_BYTES: usize = 4096;
/// The longest template [`build_path`] accepts, in bytes.
pub const MAX_TEMPLATE_BYTES: usize = 4096;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes `segment` as one URL path segment.
///
/// Refuses the empty string, `.` and `..`, and values over [`MAX_SEGMENT_BYTES`].
pub fn encode_path_segment(segment: &str) -> Result<String, Error> {
    encode_named(segment, None)
}

fn encode_named(segment: &str, name: Option<&str>) -> Result<String, Error> {
    let what = match name {
        Some(name) => format!("parameter `{name}`"),
        None => "the path segment".to_owned(),
    };
    match segment {
        "" => {
            return Err(Error::InvalidPath {
                reason: format!("{what} is empty, which would drop a path segment"),
            });
        }
        "." | ".." => {
            return Err(Error::InvalidPath {
                reason: format!(
                    "{what} is `.` or `..`, which would move to another path once the URL is \
                     resolved"
                ),
            });
        }
        _ => {}
    }
    if segment.len() > MAX_SEGMENT_BYTES {
        return Err(Error::InvalidPath {
            reason: format!(
                "{what} is {} bytes, over the limit of {MAX_SEGMENT_BYTES}",
                segment.len()
            ),
        });
    }
    let mut out = String::with_capacity(segment.len());
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(
                HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
            ));
            out.push(char::from(
                HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0'),
            ));
        }
    }
    Ok(out)
}

/// Fills a path template such as `/resources/{id}/events/{event}`, percent-encoding every
/// parameter with [`encode_path_segment`].
///
/// Placeholder names are `[A-Za-z_][A-Za-z0-9_]*`; a placeholder may appear more than once.
/// Refuses a placeholder without a parameter, a parameter without a placeholder, a parameter
/// given twice, and unbalanced braces. The template itself is the developer's and is copied
/// as written.
pub fn build_path<K: AsRef<str>, V: AsRef<str>>(
    template: &str,
    params: &[(K, V)],
) -> Result<String, Error> {
    if template.len() > MAX_TEMPLATE_BYTES {
        return Err(Error::InvalidPath {
            reason: format!(
                "the template is {} bytes, over the limit of {MAX_TEMPLATE_BYTES}",
                template.len()
            ),
        });
    }
    for (i, (name, _)) in params.iter().enumerate() {
        let name = name.as_ref();
        if params
            .iter()
            .take(i)
            .any(|(earlier, _)| earlier.as_ref() == name)
        {
            return Err(Error::InvalidPath {
                reason: format!("parameter `{name}` is given more than once"),
            });
        }
    }
    let mut used = vec![false; params.len()];
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let (literal, tail) = rest.split_at(open);
        out.push_str(literal);
        if tail.starts_with('}') {
            return Err(unbalanced());
        }
        let tail = tail.get(1..).unwrap_or_default();
        let close = tail.find('}').ok_or_else(unbalanced)?;
        let name = tail.get(..close).unwrap_or_default();
        if !is_placeholder_name(name) {
            return Err(Error::InvalidPath {
                reason: "a placeholder name must match [A-Za-z_][A-Za-z0-9_]* (braces cannot \
                         nest)"
                    .to_owned(),
            });
        }
        let index = params
            .iter()
            .position(|(key, _)| key.as_ref() == name)
            .ok_or_else(|| Error::InvalidPath {
                reason: format!("no value given for placeholder `{{{name}}}`"),
            })?;
        if let (Some(flag), Some((_, value))) = (used.get_mut(index), params.get(index)) {
            *flag = true;
            out.push_str(&encode_named(value.as_ref(), Some(name))?);
        }
        rest = tail.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    if let Some((name, _)) = params
        .iter()
        .zip(&used)
        .find(|(_, used)| !**used)
        .map(|(param, _)| param)
    {
        return Err(Error::InvalidPath {
            reason: format!(
                "parameter `{}` has no placeholder in the template",
                name.as_ref()
            ),
        });
    }
    Ok(out)
}

fn unbalanced() -> Error {
    Error::InvalidPath {
        reason: "the template has an unbalanced `{` or `}`".to_owned(),
    }
}

fn is_placeholder_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'A'..=b'Z' | b'a'..=b'z' | b'_'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn encodes_everything_outside_unreserved() {
        assert_eq!(encode_path_segment("abc-._~XYZ09").unwrap(), "abc-._~XYZ09");
        assert_eq!(encode_path_segment("a/b").unwrap(), "a%2Fb");
        assert_eq!(encode_path_segment("../x").unwrap(), "..%2Fx");
        assert_eq!(encode_path_segment("%2e%2e").unwrap(), "%252e%252e");
        assert_eq!(encode_path_segment("a b?c#d").unwrap(), "a%20b%3Fc%23d");
        assert_eq!(encode_path_segment("é").unwrap(), "%C3%A9");
        assert_eq!(encode_path_segment("...").unwrap(), "...");
        for bad in ["", ".", ".."] {
            let err = encode_path_segment(bad).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidPath);
        }
        assert!(encode_path_segment(&"a".repeat(MAX_SEGMENT_BYTES + 1)).is_err());
    }

    #[test]
    fn builds_templates() {
        let path = build_path(
            "/resources/{id}/events/{event}",
            &[("id", "a/b"), ("event", "e 1")],
        )
        .unwrap();
        assert_eq!(path, "/resources/a%2Fb/events/e%201");
        assert_eq!(build_path("/x/{a}/{a}", &[("a", "1")]).unwrap(), "/x/1/1");
        assert_eq!(build_path::<&str, &str>("/plain", &[]).unwrap(), "/plain");
    }

    #[test]
    fn refuses_bad_templates_and_params() {
        let code = |t: &str, p: &[(&str, &str)]| build_path(t, p).unwrap_err().code();
        assert_eq!(code("/r/{id}", &[]), ErrorCode::InvalidPath);
        assert_eq!(code("/r", &[("id", "1")]), ErrorCode::InvalidPath);
        assert_eq!(
            code("/r/{id}", &[("id", "1"), ("id", "2")]),
            ErrorCode::InvalidPath
        );
        assert_eq!(code("/r/{id", &[("id", "1")]), ErrorCode::InvalidPath);
        assert_eq!(code("/r/id}", &[]), ErrorCode::InvalidPath);
        assert_eq!(code("/r/{1d}", &[("1d", "1")]), ErrorCode::InvalidPath);
        assert_eq!(code("/r/{id}", &[("id", "..")]), ErrorCode::InvalidPath);
        let err = build_path("/r/{id}", &[("id", "..")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("`id`"), "{err}");
    }
}
