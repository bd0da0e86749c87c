//! The value tree that bindings convert native structures into, and back.
//!
//! It is deliberately small: JSON's six kinds, objects as ordered member lists (key order is
//! kept, duplicate keys are allowed), numbers kept exactly as given, plus [`Value::Opaque`] for
//! anything a binding wants back untouched. See the `redact` module docs for what bindings
//! convert and how.

use crate::Error;

use super::json::{self, SyntaxError, at, ws};

/// A JSON-like value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (also JavaScript `undefined` in arrays, Python `None`).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, kept as given.
    Number(Number),
    /// A string. Secrets inside are found by the value detectors.
    String(String),
    /// An array (JavaScript arrays and Sets, Python lists, tuples and sets).
    Array(Vec<Value>),
    /// An object: members in order (JavaScript objects and Maps, Python dicts).
    Object(Vec<(String, Value)>),
    /// A binding-owned value the redactor never looks into (a Buffer, a Date, a class
    /// instance…), identified by a handle the binding chooses. It is returned as is unless a
    /// key or path rule selects it, in which case it is replaced like any value.
    Opaque(u64),
}

/// A number: exact integers, floats, or verbatim JSON number text (big integers, decimals,
/// and every number parsed from JSON text, so nothing is rounded).
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// A signed integer.
    Int(i64),
    /// An unsigned integer.
    UInt(u64),
    /// A float (JavaScript numbers, Python floats). Non-finite floats serialise as `null`.
    Float(f64),
    /// The text of a JSON number, checked by [`NumberText::new`].
    Text(NumberText),
}

/// The text of a valid JSON number (`-12`, `3.25e-7`, `123456789012345678901234567890`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberText(String);

impl NumberText {
    /// Checks that `text` is one JSON number; `None` if not.
    pub fn new(text: impl Into<String>) -> Option<NumberText> {
        let text = text.into();
        match json::scan_number(text.as_bytes(), 0) {
            Ok(end) if end == text.len() => Some(NumberText(text)),
            _ => None,
        }
    }

    /// The number's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Number {
    /// The number as JSON text (floats use Rust's shortest round-trip form; `1.0` is `1`).
    pub fn to_json_text(&self) -> String {
        match self {
            Number::Int(i) => i.to_string(),
            Number::UInt(u) => u.to_string(),
            Number::Float(f) if f.is_finite() => format!("{f}"),
            Number::Float(_) => "null".to_owned(),
            Number::Text(t) => t.0.clone(),
        }
    }

    /// The digits of a non-negative integer of 13 to 19 digits (a card candidate), if it is one.
    pub(crate) fn card_digits(&self) -> Option<String> {
        let text = match self {
            Number::Int(i) if *i >= 0 => i.to_string(),
            Number::UInt(u) => u.to_string(),
            Number::Float(f) if f.is_finite() && f.fract() == 0.0 && *f >= 0.0 && *f < 1e19 => {
                format!("{f:.0}")
            }
            Number::Text(t) => t.0.clone(),
            _ => return None,
        };
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        (digits && (13..=19).contains(&text.len())).then_some(text)
    }
}

/// Moves every nested value onto a heap stack before dropping it, so that dropping a tree of
/// any depth never recurses.
pub(crate) fn drop_iteratively(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

enum Frame {
    Array(Vec<Value>),
    Object(Vec<(String, Value)>, String),
}

impl Value {
    /// Parses JSON text into a tree. Numbers keep their text ([`Number::Text`]); key order and
    /// duplicate keys are kept. Containers nested deeper than `max_depth` are an error
    /// (`REDACTION_LIMIT_EXCEEDED`); invalid JSON is `REDACTION_INVALID_JSON`, whose message
    /// quotes no input. Does not recurse.
    pub fn from_json(text: &str, max_depth: usize) -> Result<Value, Error> {
        parse(text, max_depth).map_err(|e| match e {
            ParseError::Syntax(e) => super::invalid_json(e, None),
            ParseError::Depth => super::too_deep_error(max_depth),
        })
    }

    /// Writes the tree as compact JSON text (`Opaque` handles are written as `null`).
    /// Does not recurse.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_json(self, &mut out);
        out
    }
}

enum ParseError {
    Syntax(SyntaxError),
    Depth,
}

impl From<SyntaxError> for ParseError {
    fn from(e: SyntaxError) -> Self {
        ParseError::Syntax(e)
    }
}

fn parse(text: &str, max_depth: usize) -> Result<Value, ParseError> {
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut pos = ws(b, 0);
    let mut scratch = String::new();
    if pos >= b.len() {
        return Err(syntax(pos, "empty input: expected a JSON value"));
    }
    loop {
        // Parse one value at `pos` (or open a container).
        let mut value = match at(b, pos) {
            Some(b'{') | Some(b'[') => {
                if stack.len() >= max_depth {
                    return Err(ParseError::Depth);
                }
                let is_object = at(b, pos) == Some(b'{');
                pos = ws(b, pos + 1);
                let close = if is_object { b'}' } else { b']' };
                if at(b, pos) == Some(close) {
                    pos += 1;
                    if is_object {
                        Value::Object(Vec::new())
                    } else {
                        Value::Array(Vec::new())
                    }
                } else {
                    if is_object {
                        let key = read_key(text, &mut pos, &mut scratch)?;
                        stack.push(Frame::Object(Vec::new(), key));
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                    }
                    continue;
                }
            }
            Some(b'"') => {
                let tok = json::scan_string(b, pos)?;
                let (cs, ce) = tok.content();
                let content = text.get(cs..ce).unwrap_or("");
                pos = tok.end;
                if tok.escaped {
                    json::decode(content, &mut scratch);
                    Value::String(scratch.clone())
                } else {
                    Value::String(content.to_owned())
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let end = json::scan_number(b, pos)?;
                let t = text.get(pos..end).unwrap_or("0").to_owned();
                pos = end;
                Value::Number(Number::Text(NumberText(t)))
            }
            Some(_) => {
                let end = json::scan_literal(b, pos)?;
                let v = match at(b, pos) {
                    Some(b't') => Value::Bool(true),
                    Some(b'f') => Value::Bool(false),
                    _ => Value::Null,
                };
                pos = end;
                v
            }
            None => {
                return Err(
                    json::err::<()>(pos, "unexpected end of input: expected a value")
                        .err()
                        .map_or(ParseError::Depth, ParseError::Syntax),
                );
            }
        };
        // Attach the value, closing containers as they end.
        loop {
            let Some(top) = stack.last_mut() else {
                pos = ws(b, pos);
                if pos != b.len() {
                    drop_iteratively(value);
                    return Err(syntax(pos, "unexpected data after the JSON value"));
                }
                return Ok(value);
            };
            match top {
                Frame::Array(items) => items.push(value),
                Frame::Object(members, key) => members.push((std::mem::take(key), value)),
            }
            pos = ws(b, pos);
            let is_object = matches!(top, Frame::Object(..));
            match (at(b, pos), is_object) {
                (Some(b','), true) => {
                    pos = ws(b, pos + 1);
                    let key = read_key(text, &mut pos, &mut scratch)?;
                    if let Some(Frame::Object(_, k)) = stack.last_mut() {
                        *k = key;
                    }
                    break;
                }
                (Some(b','), false) => {
                    pos = ws(b, pos + 1);
                    break;
                }
                (Some(b'}'), true) | (Some(b']'), false) => {
                    pos += 1;
                    value = match stack.pop() {
                        Some(Frame::Array(items)) => Value::Array(items),
                        Some(Frame::Object(members, _)) => Value::Object(members),
                        None => Value::Null,
                    };
                }
                (None, _) => return Err(syntax(pos, "unexpected end of input inside a container")),
                (Some(_), true) => return Err(syntax(pos, "expected ',' or '}' in an object")),
                (Some(_), false) => return Err(syntax(pos, "expected ',' or ']' in an array")),
            }
        }
        pos = ws(b, pos);
    }
}

fn syntax(offset: usize, what: &'static str) -> ParseError {
    ParseError::Syntax(SyntaxError { offset, what })
}

/// Reads `"key" :` at `pos` and leaves `pos` at the value.
fn read_key(text: &str, pos: &mut usize, scratch: &mut String) -> Result<String, ParseError> {
    let b = text.as_bytes();
    if at(b, *pos) != Some(b'"') {
        return Err(syntax(*pos, "expected a string key in an object"));
    }
    let tok = json::scan_string(b, *pos)?;
    let (cs, ce) = tok.content();
    let content = text.get(cs..ce).unwrap_or("");
    let key = if tok.escaped {
        json::decode(content, scratch);
        scratch.clone()
    } else {
        content.to_owned()
    };
    *pos = ws(b, tok.end);
    if at(b, *pos) != Some(b':') {
        return Err(syntax(*pos, "expected ':' after an object key"));
    }
    *pos = ws(b, *pos + 1);
    Ok(key)
}

enum WFrame<'a> {
    Array(std::slice::Iter<'a, Value>, bool),
    Object(std::slice::Iter<'a, (String, Value)>, bool),
}

fn write_scalar(v: &Value, out: &mut String) {
    match v {
        Value::Null | Value::Opaque(_) => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.to_json_text()),
        Value::String(s) => json::encode_string(s, out),
        Value::Array(_) | Value::Object(_) => {}
    }
}

fn write_json(root: &Value, out: &mut String) {
    let mut stack: Vec<WFrame<'_>> = Vec::new();
    let mut next: Option<&Value> = Some(root);
    loop {
        if let Some(v) = next.take() {
            match v {
                Value::Array(items) => {
                    out.push('[');
                    stack.push(WFrame::Array(items.iter(), true));
                }
                Value::Object(members) => {
                    out.push('{');
                    stack.push(WFrame::Object(members.iter(), true));
                }
                scalar => write_scalar(scalar, out),
            }
        }
        let Some(top) = stack.last_mut() else { return };
        match top {
            WFrame::Array(it, first) => match it.next() {
                Some(v) => {
                    if !*first {
                        out.push(',');
                    }
                    *first = false;
                    next = Some(v);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            WFrame::Object(it, first) => match it.next() {
                Some((k, v)) => {
                    if !*first {
                        out.push(',');
                    }
                    *first = false;
                    json::encode_string(k, out);
                    out.push(':');
                    next = Some(v);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;

    #[test]
    fn round_trip_keeps_order_numbers_and_duplicates() {
        let text = r#"{"b":1,"a":[1.0,-2e5,123456789012345678901234567890,"x\n"],"b":{"c":null,"d":true}}"#;
        let v = Value::from_json(text, 64).unwrap();
        assert_eq!(v.to_json(), text);
    }

    #[test]
    fn errors_quote_no_input() {
        let e = Value::from_json(r#"{"password":"hunter2""#, 64).unwrap_err();
        assert!(!e.to_string().contains("hunter2"));
        assert!(Value::from_json("", 64).is_err());
        assert!(Value::from_json("[1] x", 64).is_err());
        assert!(Value::from_json(&"[".repeat(100), 64).is_err());
    }

    #[test]
    fn deep_trees_drop_without_recursion() {
        let mut v = Value::Null;
        for _ in 0..200_000 {
            v = Value::Array(vec![v]);
        }
        let text = {
            let mut out = String::new();
            write_json(&v, &mut out);
            out
        };
        assert_eq!(text.len(), 200_000 * 2 + 4);
        drop_iteratively(v);
    }
}
