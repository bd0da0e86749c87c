//! A bounded JSON parser: JSON text in, every limit enforced while parsing; out, a
//! `serde_json::Value`, or whatever a [`Sink`] builds (the validator's flat `Document`). The
//! parser alone checks and words errors, so every sink accepts and refuses the same texts.
//!
//! ## Threat model
//! The text is an attacker's request body. A recursive-descent parser turns nesting depth into
//! stack depth, so `[[[[…` a hundred thousand levels deep overflows the stack (fatal in WASM,
//! where a trap kills the instance). This parser keeps its own explicit stack of open
//! containers, so Rust stack use is constant whatever the input, and the nesting depth is
//! checked as each container opens. Size limits are checked before the work they bound:
//! the byte length before anything else, string, key and item counts as they grow.
//!
//! Duplicate object keys are refused by default: parsers disagree on which duplicate wins, so a
//! filter that reads the first copy and a handler that reads the last can be played against
//! each other.
//!
//! Numbers: integers that fit in `u64`/`i64` stay exact (JavaScript loses them beyond 2^53;
//! this parser does not). Integers beyond 64 bits are refused unless
//! [`JsonLimits::allow_lossy_integers`] is set, rather than silently rounded. Other numbers
//! are `f64`; a number that overflows `f64` is refused.
//!
//! Error messages give the byte offset, line and column, never the input itself (object keys
//! are named only when the caller opted in to values in messages).

use crate::error::Error;
use crate::json_lexer::{self, NumberError};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// Default [`JsonLimits::max_bytes`]: 1 MiB.
pub const DEFAULT_MAX_BYTES: usize = 1024 * 1024;
/// Default [`JsonLimits::max_depth`].
pub const DEFAULT_MAX_DEPTH: usize = 128;
/// The highest [`JsonLimits::max_depth`] accepted. Validation (and dropping a `Value`) recurse
/// once per level: a recursive schema took about 0.45 KiB of native stack per level in a
/// release build, so 512 levels stay well inside the 1 MiB stack of a WASM instance, with room
/// for schemas that do more work per level.
pub const MAX_DEPTH_CEILING: usize = 512;
/// Default [`JsonLimits::max_string_bytes`]: 1 MiB.
pub const DEFAULT_MAX_STRING_BYTES: usize = 1024 * 1024;
/// Default [`JsonLimits::max_object_keys`].
pub const DEFAULT_MAX_OBJECT_KEYS: usize = 10_000;
/// Default [`JsonLimits::max_array_items`].
pub const DEFAULT_MAX_ARRAY_ITEMS: usize = 100_000;

/// Limits applied to JSON text while parsing it, and to values handed over by a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonLimits {
    /// Longest accepted JSON text, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects (a top-level `[]` is depth 1).
    /// At most [`MAX_DEPTH_CEILING`].
    pub max_depth: usize,
    /// Longest accepted string or object key, in bytes of UTF-8 after unescaping.
    pub max_string_bytes: usize,
    /// Most keys accepted in one object.
    pub max_object_keys: usize,
    /// Most items accepted in one array.
    pub max_array_items: usize,
    /// Accept objects that repeat a key (the last one wins, as in `JSON.parse`). Off by default.
    pub allow_duplicate_keys: bool,
    /// Accept integers beyond the 64-bit range as (rounded) `f64`. Off by default: they are
    /// refused, so a value is never silently changed.
    pub allow_lossy_integers: bool,
}

impl Default for JsonLimits {
    fn default() -> Self {
        JsonLimits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_string_bytes: DEFAULT_MAX_STRING_BYTES,
            max_object_keys: DEFAULT_MAX_OBJECT_KEYS,
            max_array_items: DEFAULT_MAX_ARRAY_ITEMS,
            allow_duplicate_keys: false,
            allow_lossy_integers: false,
        }
    }
}

impl JsonLimits {
    /// Checks that the limits themselves are usable.
    pub fn check(&self) -> Result<(), Error> {
        let invalid = |reason: &str| {
            Err(Error::ValidationInvalidOptions {
                reason: reason.to_owned(),
            })
        };
        if self.max_depth == 0 || self.max_depth > MAX_DEPTH_CEILING {
            return invalid(&format!(
                "max_depth must be between 1 and {MAX_DEPTH_CEILING} (validation recurses once \
                 per level)"
            ));
        }
        if self.max_bytes == 0 {
            return invalid("max_bytes must be at least 1");
        }
        Ok(())
    }

    /// Checks a value built outside this parser (by a binding, from native objects) against
    /// the depth, string, key and item limits, without recursion. The byte limit does not
    /// apply: there is no text.
    pub fn check_value(&self, value: &Value) -> Result<(), Error> {
        let mut pending: Vec<(&Value, usize)> = vec![(value, 1)];
        while let Some((value, depth)) = pending.pop() {
            match value {
                Value::String(s) => self.check_string(s.len(), depth)?,
                Value::Array(items) => {
                    self.check_depth(depth)?;
                    if items.len() > self.max_array_items {
                        return Err(limit(format!(
                            "an array at depth {depth} has {} items, over max_array_items ({}): \
                             raise max_array_items (maxArrayItems in JavaScript) if this is \
                             expected",
                            items.len(),
                            self.max_array_items
                        )));
                    }
                    pending.extend(items.iter().map(|item| (item, depth + 1)));
                }
                Value::Object(map) => {
                    self.check_depth(depth)?;
                    if map.len() > self.max_object_keys {
                        return Err(too_many_keys(map.len(), self.max_object_keys, depth));
                    }
                    for (key, item) in map {
                        self.check_string(key.len(), depth)?;
                        pending.push((item, depth + 1));
                    }
                }
                Value::Null | Value::Bool(_) | Value::Number(_) => {}
            }
        }
        Ok(())
    }

    fn check_depth(&self, depth: usize) -> Result<(), Error> {
        if depth > self.max_depth {
            return Err(limit(format!(
                "nesting deeper than max_depth ({}): flatten the document, or raise max_depth \
                 (maxDepth in JavaScript) if this is expected",
                self.max_depth
            )));
        }
        Ok(())
    }

    fn check_string(&self, len: usize, depth: usize) -> Result<(), Error> {
        if len > self.max_string_bytes {
            return Err(limit(format!(
                "a string at depth {depth} is {len} bytes, over max_string_bytes ({}): raise \
                 max_string_bytes (maxStringBytes in JavaScript) if this is expected",
                self.max_string_bytes
            )));
        }
        Ok(())
    }
}

fn limit(reason: String) -> Error {
    Error::LimitExceeded { reason }
}

fn too_many_keys(keys: usize, max: usize, depth: usize) -> Error {
    limit(format!(
        "an object at depth {depth} has {keys} keys, over max_object_keys ({max}): raise \
         max_object_keys (maxObjectKeys in JavaScript) if this is expected"
    ))
}

/// Parses JSON text under `limits` into a `serde_json::Value`. `name_keys` lets duplicate-key
/// errors name the key.
pub(crate) fn parse(text: &[u8], limits: &JsonLimits, name_keys: bool) -> Result<Value, Error> {
    parse_into(text, limits, name_keys, &mut Values, &mut Vec::new())
}

/// Parses JSON text under `limits` into `sink`. Every check and every error message is the
/// parser's, so all sinks accept and refuse exactly the same texts, with the same errors.
/// `stack` (emptied first) holds the open containers: a caller parsing text after text passes
/// the same one, so that it is allocated once.
pub(crate) fn parse_into<S: Sink>(
    text: &[u8],
    limits: &JsonLimits,
    name_keys: bool,
    sink: &mut S,
    stack: &mut Vec<Open<S>>,
) -> Result<S::Value, Error> {
    stack.clear();
    if text.len() > limits.max_bytes {
        return Err(limit(format!(
            "the JSON text is {} bytes, over max_bytes ({}): refuse the request, or raise \
             max_bytes (maxBytes in JavaScript) if bodies this large are expected",
            text.len(),
            limits.max_bytes
        )));
    }
    if text.starts_with(b"\xEF\xBB\xBF") {
        return Err(Error::InvalidJson {
            reason: "the text starts with a UTF-8 byte order mark, which JSON does not allow: \
                     strip it before validating"
                .to_owned(),
        });
    }
    let source = match core::str::from_utf8(text) {
        Ok(source) => source,
        Err(e) => {
            let at = e.valid_up_to();
            return Err(Error::InvalidJson {
                reason: format!(
                    "invalid UTF-8 at {}: JSON text must be UTF-8; pass the raw body bytes \
                     unchanged",
                    Position::of(text, at)
                ),
            });
        }
    };
    sink.begin(source);
    Parser {
        text,
        source,
        pos: 0,
        limits,
        name_keys,
        unescaped: String::new(),
    }
    .run(sink, stack)
}

/// What the parser builds. The parser checks the syntax and the limits and words every error;
/// a sink only stores what it is given, and tells whether an object already holds a key.
pub(crate) trait Sink {
    /// A finished value, attached to its parent by the parser.
    type Value;
    /// An object key whose value is being parsed.
    type Key;
    /// An array being filled.
    type Array;
    /// An object being filled.
    type Object;

    /// Called once, before anything else, with the whole text (known to be UTF-8).
    fn begin(&mut self, _source: &str) {}
    fn scalar(&mut self, scalar: Scalar<'_>) -> Self::Value;
    fn key(&mut self, key: Str<'_>) -> Self::Key;
    fn open_array(&mut self) -> Self::Array;
    fn open_object(&mut self) -> Self::Object;
    /// How many items `array` holds so far.
    fn items(array: &Self::Array) -> usize;
    fn push(&mut self, array: &mut Self::Array, item: Self::Value);
    /// Adds a member, unless the key is new and the object already has `max_object_keys`
    /// keys, or the key is a duplicate and `allow_duplicate_keys` is off.
    fn insert(
        &mut self,
        object: &mut Self::Object,
        key: Self::Key,
        value: Self::Value,
        limits: &JsonLimits,
    ) -> Result<(), Refused>;
    fn close_array(&mut self, array: Self::Array) -> Self::Value;
    fn close_object(&mut self, object: Self::Object) -> Self::Value;
}

/// A value without children, as the parser read it.
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Str<'a>),
}

/// The content of a string or key.
#[derive(Clone, Copy)]
pub(crate) struct Str<'a> {
    pub(crate) content: &'a str,
    /// Where the content starts in the text given to [`Sink::begin`], when it lies there as
    /// it is (no escapes).
    // Read by the document sink only, which exists with the validator.
    #[cfg_attr(not(feature = "validate"), allow(dead_code))]
    pub(crate) in_source: Option<usize>,
}

/// Why a sink refused a member.
pub(crate) enum Refused {
    /// A new key in an object that already has `max_object_keys` keys.
    TooManyKeys,
    /// The key (given, for messages that may name it) is already in the object.
    Duplicate(String),
}

/// Builds `serde_json::Value`s.
struct Values;

impl Sink for Values {
    type Value = Value;
    type Key = String;
    type Array = Vec<Value>;
    type Object = Map<String, Value>;

    fn scalar(&mut self, scalar: Scalar<'_>) -> Value {
        match scalar {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Number(n) => Value::Number(n),
            Scalar::String(s) => Value::String(s.content.to_owned()),
        }
    }

    fn key(&mut self, key: Str<'_>) -> String {
        key.content.to_owned()
    }

    fn open_array(&mut self) -> Vec<Value> {
        Vec::new()
    }

    fn open_object(&mut self) -> Map<String, Value> {
        Map::new()
    }

    fn items(array: &Vec<Value>) -> usize {
        array.len()
    }

    fn push(&mut self, array: &mut Vec<Value>, item: Value) {
        array.push(item);
    }

    fn insert(
        &mut self,
        object: &mut Map<String, Value>,
        key: String,
        value: Value,
        limits: &JsonLimits,
    ) -> Result<(), Refused> {
        if object.len() >= limits.max_object_keys && !object.contains_key(&key) {
            return Err(Refused::TooManyKeys);
        }
        match object.entry(key) {
            Entry::Vacant(entry) => {
                entry.insert(value);
            }
            Entry::Occupied(mut entry) => {
                if !limits.allow_duplicate_keys {
                    return Err(Refused::Duplicate(entry.key().clone()));
                }
                // The last copy wins, as in `JSON.parse`.
                entry.insert(value);
            }
        }
        Ok(())
    }

    fn close_array(&mut self, array: Vec<Value>) -> Value {
        Value::Array(array)
    }

    fn close_object(&mut self, object: Map<String, Value>) -> Value {
        Value::Object(object)
    }
}

/// An integer token of at most 19 digits (which always fits in 64 bits, so nothing wraps),
/// read without the general-purpose parser; `None` for longer ones.
#[inline]
fn short_integer(token: &str) -> Option<Number> {
    let (negative, digits) = match token.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, token),
    };
    if digits.len() > 19 {
        return None;
    }
    let magnitude = digits.bytes().fold(0u64, |n, digit| {
        n.wrapping_mul(10)
            .wrapping_add(u64::from(digit.wrapping_sub(b'0')))
    });
    if negative {
        0i64.checked_sub_unsigned(magnitude).map(Number::from)
    } else {
        Some(Number::from(magnitude))
    }
}

/// A location in the text, rendered as line, column and byte offset.
struct Position {
    line: usize,
    column: usize,
    byte: usize,
}

impl Position {
    fn of(text: &[u8], byte: usize) -> Position {
        let before = text.get(..byte).unwrap_or(text);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        let column = before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count()
            + 1;
        Position { line, column, byte }
    }
}

impl core::fmt::Display for Position {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "line {}, column {} (byte {})",
            self.line, self.column, self.byte
        )
    }
}

/// An open container on the explicit stack.
pub(crate) enum Open<S: Sink> {
    Array(S::Array),
    /// The object so far, and the key whose value is being parsed.
    Object(S::Object, Option<S::Key>),
}

/// Where the content of a string just read lies.
enum Content {
    /// In the text, between these byte offsets: the string has no escapes.
    Text(usize, usize),
    /// In `Parser::unescaped`.
    Unescaped,
}

struct Parser<'a> {
    text: &'a [u8],
    /// The same text, known to be UTF-8: strings without escapes are slices of it.
    source: &'a str,
    pos: usize,
    limits: &'a JsonLimits,
    name_keys: bool,
    /// The content of the last string read that held escapes, reused from string to string.
    unescaped: String,
}

impl Parser<'_> {
    fn run<S: Sink>(mut self, sink: &mut S, stack: &mut Vec<Open<S>>) -> Result<S::Value, Error> {
        loop {
            // Parse one value, or open a container and go round again for its first member.
            self.skip_whitespace();
            let mut value = match self.peek() {
                Some(b'[') => {
                    self.open(stack.len())?;
                    let array = sink.open_array();
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        sink.close_array(array)
                    } else {
                        stack.push(Open::Array(array));
                        continue;
                    }
                }
                Some(b'{') => {
                    self.open(stack.len())?;
                    let object = sink.open_object();
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        sink.close_object(object)
                    } else {
                        let key = self.key(sink)?;
                        stack.push(Open::Object(object, Some(key)));
                        continue;
                    }
                }
                Some(b'"') => {
                    let content = self.string()?;
                    sink.scalar(Scalar::String(self.content(&content)))
                }
                Some(b't') => sink.scalar(self.literal(b"true", Scalar::Bool(true))?),
                Some(b'f') => sink.scalar(self.literal(b"false", Scalar::Bool(false))?),
                Some(b'n') => sink.scalar(self.literal(b"null", Scalar::Null)?),
                Some(b'-' | b'0'..=b'9') => sink.scalar(Scalar::Number(self.number()?)),
                Some(_) => return Err(self.syntax("expected a value")),
                None => return Err(self.syntax("unexpected end of input, expected a value")),
            };
            // Attach the finished value to its parent; close every container it completes.
            loop {
                match stack.last_mut() {
                    None => {
                        self.skip_whitespace();
                        if self.pos < self.text.len() {
                            return Err(self.syntax("unexpected data after the JSON value"));
                        }
                        return Ok(value);
                    }
                    Some(Open::Array(items)) => {
                        if S::items(items) >= self.limits.max_array_items {
                            return Err(limit(format!(
                                "an array at {} has more than max_array_items ({}) items: raise \
                                 max_array_items (maxArrayItems in JavaScript) if this is \
                                 expected",
                                self.here(),
                                self.limits.max_array_items
                            )));
                        }
                        sink.push(items, value);
                        self.skip_whitespace();
                        match self.bump() {
                            Some(b',') => break,
                            Some(b']') => {}
                            _ => return Err(self.syntax_before("expected `,` or `]` in an array")),
                        }
                    }
                    Some(Open::Object(object, pending)) => {
                        let Some(key) = pending.take() else {
                            return Err(self.syntax("expected a string key in an object"));
                        };
                        if let Err(refused) = sink.insert(object, key, value, self.limits) {
                            return Err(self.refusal(refused));
                        }
                        self.skip_whitespace();
                        match self.bump() {
                            Some(b',') => {
                                self.skip_whitespace();
                                *pending = Some(self.key(sink)?);
                                break;
                            }
                            Some(b'}') => {}
                            _ => {
                                return Err(self.syntax_before("expected `,` or `}` in an object"));
                            }
                        }
                    }
                }
                // The container just closed: it becomes the value attached to its parent.
                value = match stack.pop() {
                    Some(Open::Array(items)) => sink.close_array(items),
                    Some(Open::Object(object, _)) => sink.close_object(object),
                    None => return Err(self.syntax("unbalanced brackets")),
                };
            }
        }
    }

    /// Opens a container at `depth_before + 1`, refusing it beyond the depth limit.
    fn open(&mut self, depth_before: usize) -> Result<(), Error> {
        if depth_before >= self.limits.max_depth {
            return Err(limit(format!(
                "nesting deeper than max_depth ({}) at {}: flatten the document, or raise \
                 max_depth (maxDepth in JavaScript) if this is expected",
                self.limits.max_depth,
                self.here()
            )));
        }
        self.pos += 1;
        Ok(())
    }

    /// The error for a member the sink refused, placed after its value.
    fn refusal(&self, refused: Refused) -> Error {
        match refused {
            Refused::TooManyKeys => limit(format!(
                "an object at {} has more than max_object_keys ({}) keys: raise \
                 max_object_keys (maxObjectKeys in JavaScript) if this is expected",
                self.here(),
                self.limits.max_object_keys
            )),
            Refused::Duplicate(key) => {
                let named = if self.name_keys {
                    format!(" {}", super::message::quoted(&key))
                } else {
                    String::new()
                };
                Error::InvalidJson {
                    reason: format!(
                        "duplicate object key{named} ending at {}: parsers disagree on which \
                         copy wins, so duplicates are refused (set allow_duplicate_keys to \
                         accept them, last one winning)",
                        self.here()
                    ),
                }
            }
        }
    }

    /// Parses `"key" :` and leaves the position at the value.
    fn key<S: Sink>(&mut self, sink: &mut S) -> Result<S::Key, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax("expected a string key in an object"));
        }
        let content = self.string()?;
        let key = sink.key(self.content(&content));
        self.skip_whitespace();
        if self.bump() != Some(b':') {
            return Err(self.syntax_before("expected `:` after an object key"));
        }
        Ok(key)
    }

    #[inline]
    fn content(&self, content: &Content) -> Str<'_> {
        match *content {
            // Both ends sit next to ASCII bytes (quotes), so the slice is whole characters.
            Content::Text(from, to) => Str {
                content: self.source.get(from..to).unwrap_or_default(),
                in_source: Some(from),
            },
            Content::Unescaped => Str {
                content: &self.unescaped,
                in_source: None,
            },
        }
    }

    /// Reads a string. Its content stays in the text unless it holds escapes; then it is
    /// decoded into `self.unescaped`.
    fn string(&mut self) -> Result<Content, Error> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let first = self.pos;
        self.skip_plain();
        if self.peek() == Some(b'"') {
            self.check_string_length(self.pos - first, start)?;
            self.pos += 1;
            return Ok(Content::Text(first, self.pos - 1));
        }
        self.unescaped.clear();
        let mut run_start = first;
        loop {
            // The run of plain bytes up to the next quote, backslash or control byte.
            let run = self.source.get(run_start..self.pos).unwrap_or_default();
            self.check_string_length(self.unescaped.len().saturating_add(run.len()), start)?;
            self.unescaped.push_str(run);
            match self.bump() {
                Some(b'"') => return Ok(Content::Unescaped),
                Some(b'\\') => {
                    let escaped = self.escape()?;
                    let grown = self.unescaped.len().saturating_add(escaped.len_utf8());
                    self.check_string_length(grown, start)?;
                    self.unescaped.push(escaped);
                }
                Some(_) => {
                    return Err(self.syntax_before(
                        "control character in a string (escape it, for example as \\n)",
                    ));
                }
                None => {
                    return Err(Error::InvalidJson {
                        reason: format!(
                            "unterminated string starting at {}",
                            Position::of(self.text, start)
                        ),
                    });
                }
            }
            run_start = self.pos;
            self.skip_plain();
        }
    }

    /// Moves past plain string bytes: up to the next quote, backslash or control byte.
    #[inline]
    fn skip_plain(&mut self) {
        self.pos = json_lexer::plain_run_end(self.text, self.pos);
    }

    #[inline]
    fn check_string_length(&self, len: usize, start: usize) -> Result<(), Error> {
        if len > self.limits.max_string_bytes {
            return Err(limit(format!(
                "the string starting at {} is longer than max_string_bytes ({}): raise \
                 max_string_bytes (maxStringBytes in JavaScript) if this is expected",
                Position::of(self.text, start),
                self.limits.max_string_bytes
            )));
        }
        Ok(())
    }

    /// Decodes the escape after a backslash, pairing UTF-16 surrogates.
    fn escape(&mut self) -> Result<char, Error> {
        let c = match self.bump() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if self.bump() != Some(b'\\') || self.bump() != Some(b'u') {
                            return Err(self.lone_surrogate());
                        }
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.lone_surrogate());
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.lone_surrogate()),
                    other => other,
                };
                return char::from_u32(code).ok_or_else(|| self.lone_surrogate());
            }
            _ => return Err(self.syntax_before("invalid escape in a string")),
        };
        Ok(c)
    }

    fn lone_surrogate(&self) -> Error {
        Error::InvalidJson {
            reason: format!(
                "unpaired UTF-16 surrogate escape before {}: such strings cannot be represented \
                 as Unicode text",
                self.here()
            ),
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut code = 0u32;
        for _ in 0..4 {
            let digit = match self.bump() {
                Some(b) => (b as char).to_digit(16),
                None => None,
            };
            match digit {
                Some(d) => code = (code << 4) | d,
                None => return Err(self.syntax_before("expected four hex digits after \\u")),
            }
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<Number, Error> {
        let start = self.pos;
        let integer = match json_lexer::scan_number(self.text, start) {
            Ok(token) => {
                self.pos = token.end;
                token.integer
            }
            Err(error) => {
                let (at, what) = match error {
                    NumberError::Digit(at) => (at, "expected a digit in a number"),
                    NumberError::FractionDigit(at) => {
                        (at, "expected a digit after the decimal point")
                    }
                    NumberError::ExponentDigit(at) => (at, "expected a digit in the exponent"),
                };
                self.pos = at;
                return Err(self.syntax(what));
            }
        };
        let token = self.source.get(start..self.pos).unwrap_or_default();
        if integer {
            if let Some(n) = short_integer(token) {
                return Ok(n);
            }
            let exact = if token.starts_with('-') {
                token.parse::<i64>().ok().map(Number::from)
            } else {
                token.parse::<u64>().ok().map(Number::from)
            };
            if let Some(n) = exact {
                return Ok(n);
            }
            if !self.limits.allow_lossy_integers {
                return Err(limit(format!(
                    "the integer at {} does not fit in 64 bits and would lose precision: send \
                     it as a string, or set allow_lossy_integers to accept it as a float",
                    Position::of(self.text, start)
                )));
            }
        }
        token
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .ok_or_else(|| {
                limit(format!(
                    "the number at {} is too large for a 64-bit float",
                    Position::of(self.text, start)
                ))
            })
    }

    fn literal<'s>(&mut self, word: &[u8], scalar: Scalar<'s>) -> Result<Scalar<'s>, Error> {
        let end = self.pos.saturating_add(word.len());
        if self.text.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(scalar)
        } else {
            Err(self.syntax("invalid literal (expected true, false or null)"))
        }
    }

    // The helpers below run once per byte of the text; `inline` because the size-optimised
    // WASM build otherwise leaves them as calls.
    #[inline]
    fn skip_whitespace(&mut self) {
        self.pos = json_lexer::skip_whitespace(self.text, self.pos);
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    #[inline]
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn here(&self) -> Position {
        Position::of(self.text, self.pos)
    }

    fn syntax(&self, what: &str) -> Error {
        Error::InvalidJson {
            reason: format!("{what} at {}", self.here()),
        }
    }

    /// A syntax error about the byte just consumed.
    fn syntax_before(&self, what: &str) -> Error {
        Error::InvalidJson {
            reason: format!(
                "{what} at {}",
                Position::of(self.text, self.pos.saturating_sub(1))
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    fn ok(text: &str) -> Value {
        parse(text.as_bytes(), &JsonLimits::default(), false).unwrap()
    }

    fn code(text: &[u8]) -> ErrorCode {
        parse(text, &JsonLimits::default(), false)
            .unwrap_err()
            .code()
    }

    #[test]
    fn parses_like_serde_json() {
        let cases = [
            r#"{"a":[1,2,{"b":null}],"c":"x\u00e9\ud83d\ude00\n","d":-0.5e3,"e":true}"#,
            "[]",
            "{}",
            " [ [ ] , { } ] ",
            "0",
            "1.5",
            "1E+2",
            "\"\\/\\b\\f\\r\\t\\\\\\\"\"",
            "18446744073709551615",
            "-9223372036854775808",
            "[1e308, 5e-324, 0.1]",
        ];
        for case in cases {
            let expected: Value = serde_json::from_str(case).unwrap();
            assert_eq!(ok(case), expected, "{case}");
        }
    }

    #[test]
    fn strings_end_where_serde_json_says_at_every_offset() {
        // Runs are scanned eight bytes at a time: put every kind of run end at every offset
        // of a chunk, after plain ASCII and after multi-byte characters.
        for prefix in ["", "é", "\u{1F600}"] {
            for len in 0..20 {
                for end in [
                    "\\n",
                    "\\\"",
                    "\\u00e9",
                    "\\ud83d\\ude00",
                    "\u{7f}",
                    "\u{80}",
                ] {
                    let body = format!("{prefix}{}{end}tail{}", "a".repeat(len), "b".repeat(len));
                    let text = format!("[\"{body}\",\"{}\"]", "c".repeat(len));
                    let expected: Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(ok(&text), expected, "{text}");
                }
                let control = format!("[\"{prefix}{}\u{1f}\"]", "a".repeat(len));
                assert_eq!(
                    code(control.as_bytes()),
                    ErrorCode::InvalidJson,
                    "{control:?}"
                );
                let unterminated = format!("\"{prefix}{}", "a".repeat(len));
                assert_eq!(code(unterminated.as_bytes()), ErrorCode::InvalidJson);
            }
        }
    }

    #[test]
    fn short_integers_read_as_the_general_parser_reads_them() {
        for token in [
            "0",
            "-0",
            "7",
            "-7",
            "9223372036854775807",
            "-9223372036854775808",
            "9999999999999999999",
            "-9999999999999999999",
            "1000000000000000000",
        ] {
            let general = if token.starts_with('-') {
                token.parse::<i64>().ok().map(Number::from)
            } else {
                token.parse::<u64>().ok().map(Number::from)
            };
            assert_eq!(short_integer(token), general, "{token}");
        }
        assert_eq!(
            short_integer("18446744073709551615"),
            None,
            "20 digits: the general parser"
        );
    }

    #[test]
    fn keeps_exact_integers() {
        let v = ok(r#"{"z":1,"a":9007199254740993}"#);
        assert_eq!(v["z"].as_u64(), Some(1));
        assert_eq!(v["a"].as_u64(), Some(9_007_199_254_740_993));
        // `-0` is the integer 0 (as in Python), where serde_json would make it the float -0.0.
        assert_eq!(ok("-0"), json!(0));
    }

    #[test]
    fn refuses_malformed_text() {
        for bad in [
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "[1 2]",
            "{\"a\" 1}",
            "{a:1}",
            "01",
            "1.",
            "-",
            "+1",
            ".5",
            "1e",
            "tru",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "[1]x",
            "\"a\u{1}b\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "NaN",
            "[",
            "{",
            "{\"a\":",
        ] {
            assert_eq!(code(bad.as_bytes()), ErrorCode::InvalidJson, "{bad:?}");
        }
        assert_eq!(code(b"\xEF\xBB\xBF{}"), ErrorCode::InvalidJson);
        assert_eq!(code(b"[\"\xff\"]"), ErrorCode::InvalidJson);
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
        let deep = "[".repeat(100_000);
        assert_eq!(code(deep.as_bytes()), ErrorCode::LimitExceeded);
        let deep = "{\"a\":".repeat(100_000);
        assert_eq!(code(deep.as_bytes()), ErrorCode::LimitExceeded);
        let ok128 = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse(ok128.as_bytes(), &JsonLimits::default(), false).is_ok());
        let bad129 = format!("{}{}", "[".repeat(129), "]".repeat(129));
        assert_eq!(code(bad129.as_bytes()), ErrorCode::LimitExceeded);
    }

    #[test]
    fn limits_apply() {
        let limits = JsonLimits {
            max_bytes: 64,
            max_string_bytes: 4,
            max_object_keys: 2,
            max_array_items: 3,
            ..JsonLimits::default()
        };
        let run = |t: &str| parse(t.as_bytes(), &limits, false).map_err(|e| e.code());
        assert_eq!(run(&" ".repeat(65)), Err(ErrorCode::LimitExceeded));
        assert_eq!(run("\"abcde\""), Err(ErrorCode::LimitExceeded));
        assert_eq!(run("\"ab\\u0041d\""), Ok(json!("abAd")));
        assert_eq!(run("{\"abcde\":1}"), Err(ErrorCode::LimitExceeded));
        assert_eq!(
            run("{\"a\":1,\"b\":2,\"c\":3}"),
            Err(ErrorCode::LimitExceeded)
        );
        assert_eq!(run("[1,2,3,4]"), Err(ErrorCode::LimitExceeded));
        assert!(run("[1,2,3]").is_ok());
    }

    #[test]
    fn duplicate_keys_refused_unless_allowed() {
        assert_eq!(code(br#"{"a":1,"a":2}"#), ErrorCode::InvalidJson);
        let err = parse(br#"{"secret":1,"secret":2}"#, &JsonLimits::default(), false)
            .unwrap_err()
            .to_string();
        assert!(!err.contains("secret"), "{err}");
        let allow = JsonLimits {
            allow_duplicate_keys: true,
            ..JsonLimits::default()
        };
        let v = parse(br#"{"a":1,"b":0,"a":2}"#, &allow, false).unwrap();
        assert_eq!(v, json!({"a": 2, "b": 0}));
    }

    #[test]
    fn big_numbers() {
        assert_eq!(code(b"18446744073709551616"), ErrorCode::LimitExceeded);
        assert_eq!(code(b"-9223372036854775809"), ErrorCode::LimitExceeded);
        assert_eq!(code(b"1e400"), ErrorCode::LimitExceeded);
        assert_eq!(
            code("9".repeat(100_000).as_bytes()),
            ErrorCode::LimitExceeded
        );
        let lossy = JsonLimits {
            allow_lossy_integers: true,
            ..JsonLimits::default()
        };
        let v = parse(b"18446744073709551616", &lossy, false).unwrap();
        assert_eq!(v.as_f64(), Some(18_446_744_073_709_551_616.0));
    }

    #[test]
    fn positions_are_reported() {
        let err = parse(b"{\n  \"a\": tru\n}", &JsonLimits::default(), false).unwrap_err();
        assert!(err.to_string().contains("line 2, column 8"), "{err}");
    }

    #[test]
    fn check_value_is_iterative() {
        let mut v = json!(1);
        for _ in 0..200 {
            v = Value::Array(vec![v]);
        }
        let limits = JsonLimits::default();
        assert_eq!(
            limits.check_value(&v).unwrap_err().code(),
            ErrorCode::LimitExceeded
        );
        assert!(limits.check_value(&json!({"a": [1, "x"]})).is_ok());
        assert!(
            JsonLimits {
                max_depth: 0,
                ..JsonLimits::default()
            }
            .check()
            .is_err()
        );
    }
}
