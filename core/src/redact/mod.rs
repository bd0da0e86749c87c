//! Redaction: secrets never reach a log.
//!
//! A [`Redactor`] is built once from [`RedactorOptions`] (every rule compiled once) and then
//! redacts, without I/O and without mutating its input:
//! - a value tree ([`Redactor::redact_value`]): bindings convert native objects into
//!   [`Value`], get a new tree back and convert it back;
//! - JSON text ([`Redactor::redact_json`]): the fast path, a single streaming pass that copies
//!   every untouched byte verbatim (formatting, number spelling and escapes are kept) and
//!   rewrites only redacted values;
//! - NDJSON ([`Redactor::redact_ndjson`]): the same, line by line;
//! - free text ([`Redactor::redact_text`]): JSON or NDJSON text as such, anything else with
//!   the value detectors and the free-text pair and escape scans (`freetext`).
//!
//! What is redacted: values under sensitive keys (normalised, whole-word matching, see
//! `sensitive_keys`) and in name/value pairs naming one (see `is_pair_name`), values at explicit paths (pino syntax plus `**`), and secrets recognised inside
//! any string by the value detectors ([`Detector`]). Each rule has a [`Mode`]: replace, remove,
//! mask or keyed hash.
//!
//! ## Threat model
//! Log records carry attacker-controlled data (headers, bodies, URLs) next to secrets.
//! - Secrets must not survive: detectors err towards redacting (a GitHub token with a bad
//!   checksum is still redacted, with low confidence), and a value under a sensitive key is
//!   replaced whole, whatever its type (only `null` and booleans, which hold no secret, stay).
//! - Hostile input must not crash or stall the process: built-in detectors are hand-written
//!   scanners and custom patterns finite-automata regexes (both linear time), every candidate that is refused resumes scanning so that the total work stays
//!   linear, nothing recurses on input depth (the JSON path keeps an explicit stack; the value
//!   path recurses at most `max_depth` ≤ 1000 levels and drops deeper subtrees iteratively),
//!   input size is capped by `max_bytes`.
//! - Errors quote no input: invalid JSON reports a byte offset and what was expected.
//! - The hash key is zeroized on drop and never appears in `Debug`; reports carry rule ids and
//!   paths, never values.
//!
//! ## What bindings convert
//! Bindings build a [`Value`] from native data and convert the result back; the core never
//! sees cycles or host types. They must:
//! - bound the conversion: convert at most [`Redactor::max_depth`] nested containers and put
//!   `Value::String(redactor.too_deep_marker())` below (the core would do the same, but the
//!   binding's own recursion must stop first);
//! - replace a reference to an object already on the current path (a cycle) with
//!   `Value::String("[Circular]")`; shared, non-cyclic references may be converted twice;
//! - objects, `Map`s, dicts → `Value::Object` with string keys (Map/dict keys that are not
//!   strings: their string form); arrays, `Set`s, lists, tuples, sets → `Value::Array`;
//! - JS numbers and Python floats → `Number::Float`; Python ints → `Number::Int` /
//!   `Number::UInt`, or `Number::Text` beyond 64 bits; `BigInt` → `Number::Text`;
//! - `Date`/`datetime` → `Value::String` (ISO 8601), as `JSON.stringify` does;
//! - `Buffer`/`Uint8Array`/`bytes`: a `Value::String` when valid UTF-8 (so secrets in it are
//!   found), else `Value::Opaque(handle)` and the original object put back on the way out;
//! - errors → an object with `name`, `message`, `stack`, `cause` (converted the same way) and
//!   their own enumerable properties (so axios' `config.headers.Authorization` and
//!   `response.headers` are reached); class instances → their own enumerable properties (or
//!   `toJSON()` when defined); functions, symbols, `undefined` members → omitted;
//! - anything to hand back untouched → `Value::Opaque(handle)`; it is replaced only when a
//!   key or path rule selects it.

mod builtin;
#[cfg(feature = "custom-patterns")]
mod custom_patterns;
mod detectors;
mod freetext;
mod interop;
mod json;
mod options;
mod paths;
mod prefilter;
mod report;
mod rewrite;
mod scan;
mod sensitive_keys;
mod value;
mod walk;

use std::borrow::Cow;
use std::sync::Mutex;

pub use interop::{options_from_json, report_json};
pub use options::{
    CIRCULAR_MARKER, CustomPattern, DEFAULT_KEYS, DEFAULT_REPLACEMENT, DEFAULT_TOO_DEEP, Detector,
    INVALID_LINE_MARKER, InvalidLinePolicy, KeyRule, MAX_DEPTH_LIMIT, Mode, PathRule,
    RedactorOptions,
};
pub use report::{Confidence, Finding, Report};
pub use value::{Number, NumberText, Value};

use crate::Error;
use crate::mac::HmacSha256Key;
use json::SyntaxError;
use paths::PathSet;
use scan::{Alt, Detectors, Hit, ScanState};
use sensitive_keys::{KeyCache, KeyMatcher, KeyPattern, KeyScratch};

/// Shortest accepted hash key, in bytes.
pub const MIN_HASH_KEY_BYTES: usize = 16;

/// Which rule made a redaction.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Rule {
    Key(usize),
    Path(u32),
    Detector(Alt),
    Depth,
}

/// What to do with a member or element.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Action {
    Descend,
    Redact {
        mode: Mode,
        rule: Rule,
        /// Key rules leave `null` and booleans alone: they hold no secret.
        keep_scalars: bool,
    },
}

/// What a whole-value redaction acts on.
#[derive(Clone, Copy)]
pub(crate) enum Subject<'a> {
    Str(&'a str),
    Num(&'a str),
    Other,
}

/// A redactor: rules compiled once, then used for any number of calls, from any thread.
pub struct Redactor {
    keys: KeyMatcher,
    key_modes: Vec<Mode>,
    paths: PathSet,
    path_texts: Vec<String>,
    path_modes: Vec<Mode>,
    detectors: Detectors,
    detector_modes: [Mode; Detector::ALL.len()],
    custom_ids: Vec<String>,
    custom_modes: Vec<Mode>,
    replacement: String,
    replacement_json: String,
    marker: String,
    marker_json: String,
    mask_keep_last: usize,
    hasher: Option<HmacSha256Key>,
    hash_hex_len: usize,
    max_depth: usize,
    max_bytes: usize,
    report: bool,
    max_findings: usize,
    invalid_line: InvalidLinePolicy,
    /// Key decisions, lent to one call at a time (a busy cache is simply not used).
    key_cache: Mutex<KeyCache>,
}

/// The key cache, borrowed from the redactor for one call and returned on drop.
pub(crate) struct Lease<'r> {
    home: &'r Mutex<KeyCache>,
    pub(crate) cache: KeyCache,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Ok(mut home) = self.home.try_lock() {
            *home = std::mem::take(&mut self.cache);
        }
    }
}

impl core::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Redactor")
            .field("keys", &self.keys.len())
            .field("paths", &self.path_texts)
            .field("detectors_active", &self.detectors.active())
            .field("hash_key", &self.hasher.as_ref().map(|_| "<redacted>"))
            .field("max_depth", &self.max_depth)
            .field("max_bytes", &self.max_bytes)
            .finish_non_exhaustive()
    }
}

fn options_error(reason: impl Into<String>) -> Error {
    Error::RedactionInvalidOptions {
        reason: reason.into(),
    }
}

pub(crate) fn invalid_json(e: SyntaxError, line: Option<usize>) -> Error {
    let at = match line {
        Some(line) => format!("line {line}, byte {}", e.offset),
        None => format!("byte {}", e.offset),
    };
    Error::RedactionInvalidJson {
        reason: format!(
            "{} (at {at}); pass well-formed JSON, or use redact_text",
            e.what
        ),
    }
}

pub(crate) fn too_deep_error(max_depth: usize) -> Error {
    Error::RedactionLimitExceeded {
        reason: format!(
            "containers are nested more than {max_depth} deep; raise `max_depth` (at most \
             {MAX_DEPTH_LIMIT})"
        ),
    }
}

fn too_large(len: usize, max: usize) -> Error {
    Error::RedactionLimitExceeded {
        reason: format!(
            "the input is {len} bytes, over `max_bytes` ({max}); split it or raise `max_bytes`"
        ),
    }
}

/// The level of the notice line of [`Redactor::redact_log_line`] (pino's `error`).
const LOG_LINE_NOTICE_LEVEL: u32 = 50;

/// The JSON line written instead of a log line that could not be redacted. It names the error
/// code only: nothing of the original line, which may hold the very secret.
fn log_line_notice(code: &str, ending: &str) -> String {
    let mut out = format!("{{\"level\":{LOG_LINE_NOTICE_LEVEL},\"msg\":");
    json::encode_string(
        &format!("[log line not written: redaction failed ({code})]"),
        &mut out,
    );
    out.push('}');
    out.push_str(ending);
    out
}

/// The line ending of `line`: `"\r\n"`, `"\n"` or `""`.
fn line_ending(line: &str) -> &'static str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else if line.ends_with('\n') {
        "\n"
    } else {
        ""
    }
}

/// Token prefixes that `Mask` keeps: they say what leaked without revealing it.
const MASK_PREFIXES: &[&str] = &[
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "whsec_",
    "github_pat_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "xoxe-",
    "xoxo-",
    "xapp-",
    "AKIA",
    "ASIA",
    "AIza",
    "whsk_",
    "sk-ant-",
    "sk-proj-",
    "sk-svcacct-",
    "sk-admin-",
    "sk-",
    "glpat-",
    "gldt-",
    "glrt-",
    "glptt-",
    "npm_",
    "SG.",
    "shpat_",
    "shpca_",
    "shppa_",
    "shpss_",
    "hvs.",
    "hvb.",
    "hvr.",
];

fn mask_prefix(s: &str) -> &str {
    if let Some(p) = MASK_PREFIXES.iter().find(|p| s.starts_with(**p)) {
        return p;
    }
    for word in ["bearer ", "basic "] {
        if s.get(..word.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(word))
        {
            return s.get(..word.len()).unwrap_or("");
        }
    }
    if s.starts_with("-----BEGIN")
        && let Some(end) = s.get(10..).and_then(|r| r.find("-----"))
    {
        return s.get(..10 + end + 5).unwrap_or("");
    }
    ""
}

impl Redactor {
    /// Compiles the rules. Fails with `REDACTION_INVALID_OPTIONS` on a bad path, pattern or
    /// limit, or when `Mode::Hash` is used without a `hash_key` of at least 16 bytes.
    pub fn new(options: RedactorOptions) -> Result<Redactor, Error> {
        let o = options;
        let key_mode = o.key_mode.unwrap_or(o.mode);
        let detector_mode = o.detector_mode.unwrap_or(o.mode);

        // Keys: defaults, minus removals, plus additions (an addition overrides a default).
        let removed: Vec<String> = o
            .remove_keys
            .iter()
            .map(|k| sensitive_keys::squash(k))
            .collect();
        let mut patterns: Vec<KeyPattern> = Vec::new();
        let add = |norm: String, mode: Option<Mode>, patterns: &mut Vec<KeyPattern>| {
            if norm.is_empty() || removed.contains(&norm) {
                return;
            }
            if let Some(p) = patterns.iter_mut().find(|p| p.norm == norm) {
                if mode.is_some() {
                    p.mode = mode;
                }
            } else {
                patterns.push(KeyPattern { norm, mode });
            }
        };
        if o.default_keys {
            for k in DEFAULT_KEYS {
                add((*k).to_owned(), None, &mut patterns);
            }
        }
        if o.keys.len() > 10_000 {
            return Err(options_error("at most 10000 keys are allowed"));
        }
        for k in &o.keys {
            let norm = sensitive_keys::squash(&k.key);
            if norm.is_empty() {
                return Err(options_error(format!(
                    "key `{}` has no letters or digits",
                    k.key
                )));
            }
            add(norm, k.mode, &mut patterns);
        }
        let key_modes = patterns
            .iter()
            .map(|p| p.mode.unwrap_or(key_mode))
            .collect::<Vec<_>>();
        let keys = KeyMatcher::new(patterns, o.allow_keys.clone()).map_err(options_error)?;

        let path_texts: Vec<String> = o.paths.iter().map(|p| p.path.clone()).collect();
        let paths = PathSet::new(&path_texts.iter().map(String::as_str).collect::<Vec<_>>())
            .map_err(options_error)?;
        let path_modes = o
            .paths
            .iter()
            .map(|p| p.mode.unwrap_or(o.mode))
            .collect::<Vec<_>>();

        if o.custom_patterns.len() > 100 {
            return Err(options_error("at most 100 custom patterns are allowed"));
        }
        let enabled: Vec<Detector> = Detector::ALL
            .iter()
            .copied()
            .filter(|d| !o.disabled_detectors.contains(d))
            .collect();
        let detectors = Detectors::new(&enabled, &o.custom_patterns).map_err(options_error)?;
        let mut detector_modes = [detector_mode; Detector::ALL.len()];
        for (d, m) in &o.detector_modes {
            if let Some(slot) = detector_modes.get_mut(d.index()) {
                *slot = *m;
            }
        }
        let custom_ids = o.custom_patterns.iter().map(|c| c.id.clone()).collect();
        let custom_modes: Vec<Mode> = o
            .custom_patterns
            .iter()
            .map(|c| c.mode.unwrap_or(detector_mode))
            .collect();

        if !(1..=MAX_DEPTH_LIMIT).contains(&o.max_depth) {
            return Err(options_error(format!(
                "`max_depth` must be between 1 and {MAX_DEPTH_LIMIT}"
            )));
        }
        if o.max_bytes == 0 {
            return Err(options_error("`max_bytes` must be at least 1"));
        }
        if o.mask_keep_last > 16 {
            return Err(options_error("`mask_keep_last` must be at most 16"));
        }
        if !(8..=64).contains(&o.hash_hex_len) {
            return Err(options_error("`hash_hex_len` must be between 8 and 64"));
        }
        for (name, text) in [
            ("replacement", &o.replacement),
            ("too_deep_marker", &o.too_deep_marker),
        ] {
            if text.len() > 256 {
                return Err(options_error(format!("`{name}` must be at most 256 bytes")));
            }
        }
        let uses_hash = key_modes
            .iter()
            .chain(&path_modes)
            .chain(&detector_modes)
            .chain(&custom_modes)
            .any(|m| *m == Mode::Hash)
            || o.mode == Mode::Hash;
        let hasher = match &o.hash_key {
            Some(k) if k.len() < MIN_HASH_KEY_BYTES => {
                return Err(options_error(format!(
                    "`hash_key` is {} bytes; use at least {MIN_HASH_KEY_BYTES} random bytes",
                    k.len()
                )));
            }
            Some(k) => Some(
                HmacSha256Key::new(k.expose())
                    .map_err(|_| options_error("`hash_key` cannot be used as an HMAC key"))?,
            ),
            None if uses_hash => {
                return Err(options_error(
                    "`hash` mode needs a `hash_key` (at least 16 random bytes, kept secret)",
                ));
            }
            None => None,
        };

        let mut replacement_json = String::new();
        json::encode_string(&o.replacement, &mut replacement_json);
        let mut marker_json = String::new();
        json::encode_string(&o.too_deep_marker, &mut marker_json);
        Ok(Redactor {
            keys,
            key_modes,
            paths,
            path_texts,
            path_modes,
            detectors,
            detector_modes,
            custom_ids,
            custom_modes,
            replacement: o.replacement.clone(),
            replacement_json,
            marker: o.too_deep_marker.clone(),
            marker_json,
            mask_keep_last: o.mask_keep_last,
            hasher,
            hash_hex_len: o.hash_hex_len,
            max_depth: o.max_depth,
            max_bytes: o.max_bytes,
            report: o.report,
            max_findings: o.max_findings,
            invalid_line: o.invalid_ndjson_line,
            key_cache: Mutex::new(KeyCache::default()),
        })
    }

    pub(crate) fn lease(&self) -> Lease<'_> {
        let cache = self
            .key_cache
            .try_lock()
            .map(|mut c| std::mem::take(&mut *c))
            .unwrap_or_default();
        Lease {
            home: &self.key_cache,
            cache,
        }
    }

    pub(crate) fn scan_state(&self) -> ScanState<'_> {
        ScanState::new(&self.detectors, self.lease())
    }

    /// The nesting limit: bindings stop converting below it (see the module docs).
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The text that replaces containers nested deeper than `max_depth`.
    pub fn too_deep_marker(&self) -> &str {
        &self.marker
    }

    /// Refuses an input of `len` bytes over `max_bytes` (`REDACTION_LIMIT_EXCEEDED`). Bindings
    /// that convert native values call it with the running size of the value's JSON form.
    pub fn check_size(&self, len: usize) -> Result<(), Error> {
        if len > self.max_bytes {
            return Err(too_large(len, self.max_bytes));
        }
        Ok(())
    }

    /// The replacement text.
    pub fn replacement(&self) -> &str {
        &self.replacement
    }

    /// Whether `key` is a sensitive key under this redactor's key list.
    pub fn is_sensitive_key(&self, key: &str) -> bool {
        self.keys.check(key, &mut KeyScratch::default()).is_some()
    }

    /// Redacts a value tree and returns a new one. Never fails: containers nested deeper than
    /// `max_depth` become the too-deep marker.
    pub fn redact_value(&self, value: Value) -> (Value, Report) {
        let mut w = walk::Walker::new(self);
        let out = w.run(value);
        (out, w.into_report())
    }

    /// Redacts the fields of a log record (Python's `extra=`, a structlog event dict): a
    /// formatter prints each field, and a string field as text, so a string field that no
    /// key, path or name/value rule selects is redacted as free text
    /// ([`Redactor::redact_text`]: a JSON body logged as a field is redacted as JSON, colon
    /// pairs and escaped tokens are found); everything else as [`Redactor::redact_value`].
    /// A string over `max_bytes` becomes the replacement. No report: loggers have no use for
    /// one. Anything but an object is [`Redactor::redact_value`].
    pub fn redact_log_fields(&self, value: Value) -> Value {
        // Per member, in order: its key, and its text when it is a free-text field.
        let fields: Vec<(String, Option<String>)> = match &value {
            Value::Object(members) => members
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) if self.is_text_field(k) => (k.clone(), Some(s.clone())),
                    _ => (k.clone(), None),
                })
                .collect(),
            _ => Vec::new(),
        };
        let (mut out, _) = self.redact_value(value);
        if let Value::Object(members) = &mut out {
            // The output keeps the members in order (`remove` mode only leaves some out).
            let mut input = fields.into_iter();
            for (k, v) in members.iter_mut() {
                let Some((_, text)) = input.by_ref().find(|(name, _)| name == k) else {
                    break;
                };
                if let Some(original) = text {
                    *v = Value::String(match self.redact_text(&original) {
                        Ok((redacted, _)) => redacted,
                        Err(_) => self.replacement.clone(),
                    });
                }
            }
        }
        out
    }

    /// Whether a top-level field is left to the free-text scan: no key or path rule selects
    /// it, and it is not part of a name/value pair.
    fn is_text_field(&self, key: &str) -> bool {
        if is_pair_name(key) || is_pair_value(key) || self.is_sensitive_key(key) {
            return false;
        }
        let mut root = Vec::new();
        if self.paths.start(&mut root).is_some() {
            return false;
        }
        let mut states = Vec::new();
        self.paths
            .step(&root, paths::Step::Key(key), &mut states)
            .is_none()
    }

    /// Redacts JSON text. Untouched bytes are copied verbatim; only redacted values (and
    /// strings holding a secret) are rewritten. Invalid JSON is `REDACTION_INVALID_JSON`
    /// (quoting no input), input over `max_bytes` is `REDACTION_LIMIT_EXCEEDED`.
    pub fn redact_json(&self, text: &str) -> Result<(String, Report), Error> {
        if text.len() > self.max_bytes {
            return Err(too_large(text.len(), self.max_bytes));
        }
        let mut rw = rewrite::Rewriter::new(self, None);
        let mut out = String::with_capacity(text.len() + 16);
        rw.document(text, 0, text.len(), &mut out)
            .map_err(|e| invalid_json(e, None))?;
        Ok((out, rw.into_report()))
    }

    /// Redacts one finished JSON log line, as a logger hands it to its destination (pino's
    /// `hooks.streamWrite`): the message, the bindings and the merged object in one pass.
    /// Never fails, because it runs inside a logging call: a line that cannot be redacted
    /// (not JSON, over `max_bytes`) is never passed on: a notice line takes its place,
    /// `{"level":50,"msg":"[log line not written: redaction failed (CODE)]"}`, naming the error
    /// code and nothing of the line, at pino's `error` level because multi-target transports
    /// route lines by their numeric `level` and drop a line without one. The line ending
    /// (`\n`, `\r\n`, none) is kept either way.
    pub fn redact_log_line(&self, line: &str) -> String {
        match self.redact_json(line) {
            Ok((out, _)) => out,
            Err(e) => log_line_notice(e.code().as_str(), line_ending(line)),
        }
    }

    /// [`Redactor::redact_json`] for raw bytes; input that is not UTF-8 is invalid JSON.
    pub fn redact_json_bytes(&self, bytes: &[u8]) -> Result<(String, Report), Error> {
        if bytes.len() > self.max_bytes {
            return Err(too_large(bytes.len(), self.max_bytes));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            invalid_json(
                SyntaxError {
                    offset: e.valid_up_to(),
                    what: "invalid UTF-8",
                },
                None,
            )
        })?;
        self.redact_json(text)
    }

    /// Redacts newline-delimited JSON, line by line; line endings (`\n`, `\r\n`) and blank
    /// lines are kept. A line that is not JSON is handled by the `invalid_ndjson_line` option.
    /// Pass complete lines; a streaming caller keeps the unfinished tail for the next call.
    pub fn redact_ndjson(&self, text: &str) -> Result<(String, Report), Error> {
        self.ndjson_with(text, self.invalid_line)
    }

    /// [`Redactor::redact_ndjson`] with the given policy for lines that are not JSON.
    fn ndjson_with(
        &self,
        text: &str,
        invalid_line: InvalidLinePolicy,
    ) -> Result<(String, Report), Error> {
        if text.len() > self.max_bytes {
            return Err(too_large(text.len(), self.max_bytes));
        }
        let mut rw = rewrite::Rewriter::new(self, None);
        let mut out = String::with_capacity(text.len() + 16);
        let b = text.as_bytes();
        let mut start = 0usize;
        let mut line_no = 0usize;
        while start < b.len() {
            let end = b
                .get(start..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
                .map_or(b.len(), |i| start + i);
            line_no += 1;
            let line = text.get(start..end).unwrap_or("");
            if json::ws(line.as_bytes(), 0) == line.len() {
                out.push_str(line);
            } else {
                let mark = out.len();
                rw.set_line(Some(line_no));
                if let Err(e) = rw.document(text, start, end, &mut out) {
                    out.truncate(mark);
                    match invalid_line {
                        InvalidLinePolicy::Error => return Err(invalid_json(e, Some(line_no))),
                        InvalidLinePolicy::Text => rw.text_line(line, &mut out),
                        InvalidLinePolicy::Replace => {
                            json::encode_string(INVALID_LINE_MARKER, &mut out);
                        }
                    }
                }
            }
            if end < b.len() {
                out.push('\n');
            }
            start = end + 1;
        }
        Ok((out, rw.into_report()))
    }

    /// Redacts free text, as a log message holds it:
    /// - a text that is JSON (it starts, after whitespace, with `{` or `[`, and parses) is
    ///   redacted as [`Redactor::redact_json`] does, keys included; a text whose every line
    ///   is JSON, as [`Redactor::redact_ndjson`] does (findings carry paths, and lines);
    /// - any other text (and JSON that does not parse: a parse error is no error here) with
    ///   the value detectors, `name=value` pairs, the colon and quote pair forms
    ///   (`"password": "x"`, `'password': 'x'`, `password: x`, `Authorization: Bearer x`,
    ///   `password='x'`) and tokens hidden by JSON escapes (`\u0073k_live_…`, `\/`, also
    ///   escaped twice), see `freetext`. A pair whose name is sensitive loses its value even
    ///   in prose (`password: too short` loses `too`): a miss would leak a secret.
    pub fn redact_text(&self, text: &str) -> Result<(String, Report), Error> {
        if text.len() > self.max_bytes {
            return Err(too_large(text.len(), self.max_bytes));
        }
        if let Some(done) = self.json_in_text(text) {
            return Ok(done);
        }
        let mut rec = Recorder::new(self, None);
        let mut out = String::with_capacity(text.len());
        self.text_into(text, &mut out, &mut rec, &mut self.scan_state());
        Ok((out, rec.report))
    }

    /// [`Redactor::redact_text`] for raw bytes: invalid UTF-8 sequences become U+FFFD (a log
    /// line is kept rather than dropped).
    pub fn redact_text_bytes(&self, bytes: &[u8]) -> Result<(String, Report), Error> {
        if bytes.len() > self.max_bytes {
            return Err(too_large(bytes.len(), self.max_bytes));
        }
        self.redact_text(&String::from_utf8_lossy(bytes))
    }

    /// A free text that is a JSON document, or NDJSON, redacted as such; `None` when it is
    /// neither (or does not look like JSON at all).
    fn json_in_text(&self, text: &str) -> Option<(String, Report)> {
        let first = text.as_bytes().get(json::ws(text.as_bytes(), 0)).copied();
        if !matches!(first, Some(b'{' | b'[')) {
            return None;
        }
        if let Ok(done) = self.redact_json(text) {
            return Some(done);
        }
        // NDJSON only when every line is JSON: a text line would lose what spans lines (a
        // PEM block) if it were scanned line by line.
        memchr::memchr(b'\n', text.as_bytes())?;
        self.ndjson_with(text, InvalidLinePolicy::Error).ok()
    }

    /// Free text (see [`Redactor::redact_text`]) without the JSON check: also each NDJSON
    /// line that is not JSON, under [`InvalidLinePolicy::Text`].
    pub(crate) fn text_into(
        &self,
        text: &str,
        out: &mut String,
        rec: &mut Recorder,
        st: &mut ScanState<'_>,
    ) {
        self.detectors.scan_text(text, &self.keys, st);
        if let Some(view) = freetext::EscapeView::new(text) {
            let mut hits = std::mem::take(&mut st.hits);
            self.detectors.scan_text(&view.text, &self.keys, st);
            view.merge_back(&st.hits, &mut hits);
            st.hits = hits;
        }
        if st.hits.is_empty() {
            out.push_str(text);
        } else {
            self.apply_hits(text, &st.hits, out, rec, &mut String::new);
        }
    }

    // ----- shared by the value and JSON paths -----

    /// The action for a member: paths first, then keys.
    pub(crate) fn member_action(
        &self,
        key: &str,
        path_hit: Option<u32>,
        st: &mut ScanState<'_>,
    ) -> Action {
        if let Some(rule) = path_hit {
            return self.path_action(rule);
        }
        match st.key_rule(&self.keys, key) {
            Some(i) => self.key_action(i),
            None => Action::Descend,
        }
    }

    /// The action of the key rule `i`.
    pub(crate) fn key_action(&self, i: usize) -> Action {
        Action::Redact {
            mode: self.key_modes.get(i).copied().unwrap_or_default(),
            rule: Rule::Key(i),
            keep_scalars: true,
        }
    }

    pub(crate) fn path_action(&self, rule: u32) -> Action {
        Action::Redact {
            mode: self
                .path_modes
                .get(rule as usize)
                .copied()
                .unwrap_or_default(),
            rule: Rule::Path(rule),
            keep_scalars: false,
        }
    }

    pub(crate) fn alt_mode(&self, alt: Alt) -> Mode {
        match alt {
            Alt::Builtin(d) => self.detector_modes.get(d.index()).copied(),
            Alt::Custom(i) => self.custom_modes.get(i).copied(),
        }
        .unwrap_or_default()
    }

    /// The text a selected value or secret becomes.
    pub(crate) fn render(&self, mode: Mode, subject: Subject<'_>, keep_tail: bool) -> Cow<'_, str> {
        let text = match subject {
            Subject::Str(s) | Subject::Num(s) => s,
            Subject::Other => return Cow::Borrowed(&self.replacement),
        };
        match mode {
            Mode::Replace | Mode::Remove => Cow::Borrowed(&self.replacement),
            Mode::Mask => self.mask(text, keep_tail),
            Mode::Hash => match &self.hasher {
                Some(h) => {
                    let tag = crate::hex::encode(&h.tag(&[text.as_bytes()]));
                    let short = tag.get(..self.hash_hex_len).unwrap_or(&tag);
                    Cow::Owned(format!("[hmac:{short}]"))
                }
                None => Cow::Borrowed(&self.replacement),
            },
        }
    }

    /// What mask mode writes for the whole secret `s` (a recognised prefix, `…`, the last
    /// `mask_keep_last` characters of a long enough secret): `key_hygiene::mask` uses it.
    pub fn mask_secret(&self, s: &str) -> String {
        self.mask(s, true).into_owned()
    }

    fn mask(&self, s: &str, keep_tail: bool) -> Cow<'_, str> {
        let prefix = mask_prefix(s);
        let rest = s.get(prefix.len()..).unwrap_or("");
        let n = self.mask_keep_last;
        let count = rest.chars().count();
        let tail = if keep_tail && n > 0 && count >= (3 * n).max(12) {
            let skip = count - n;
            rest.char_indices()
                .nth(skip)
                .and_then(|(i, _)| rest.get(i..))
                .unwrap_or("")
        } else {
            ""
        };
        if prefix.is_empty() && tail.is_empty() {
            Cow::Borrowed(&self.replacement)
        } else {
            Cow::Owned(format!("{prefix}\u{2026}{tail}"))
        }
    }

    /// Writes `s` with every hit replaced, recording each.
    pub(crate) fn apply_hits(
        &self,
        s: &str,
        hits: &[Hit],
        out: &mut String,
        rec: &mut Recorder,
        path: &mut dyn FnMut() -> String,
    ) {
        let mut last = 0usize;
        for h in hits {
            out.push_str(s.get(last..h.start).unwrap_or(""));
            let secret = s.get(h.start..h.end).unwrap_or("");
            let mode = self.alt_mode(h.alt);
            out.push_str(&self.render(mode, Subject::Str(secret), h.keep_tail));
            rec.record(self, Rule::Detector(h.alt), h.confidence, &mut *path);
            last = h.end;
        }
        out.push_str(s.get(last..).unwrap_or(""));
    }

    fn rule_id(&self, rule: Rule) -> (String, Option<String>) {
        match rule {
            Rule::Key(i) => (
                format!(
                    "key:{}",
                    self.keys.pattern(i).map_or("", |p| p.norm.as_str())
                ),
                None,
            ),
            Rule::Path(i) => (
                format!(
                    "path:{}",
                    self.path_texts.get(i as usize).map_or("", String::as_str)
                ),
                None,
            ),
            Rule::Detector(Alt::Builtin(d)) => {
                (format!("detector:{}", d.id()), Some(d.id().to_owned()))
            }
            Rule::Detector(Alt::Custom(i)) => {
                let id = self.custom_ids.get(i).map_or("", String::as_str);
                (format!("custom:{id}"), Some(format!("custom:{id}")))
            }
            Rule::Depth => ("limit:max_depth".to_owned(), None),
        }
    }
}

/// Collects the report of one call.
pub(crate) struct Recorder {
    pub(crate) report: Report,
    enabled: bool,
    max: usize,
    line: Option<usize>,
}

impl Recorder {
    pub(crate) fn new(r: &Redactor, line: Option<usize>) -> Self {
        Recorder {
            report: Report::default(),
            enabled: r.report,
            max: r.max_findings,
            line,
        }
    }

    pub(crate) fn set_line(&mut self, line: Option<usize>) {
        self.line = line;
    }

    pub(crate) fn record(
        &mut self,
        r: &Redactor,
        rule: Rule,
        confidence: Confidence,
        path: &mut dyn FnMut() -> String,
    ) {
        self.report.redactions += 1;
        if !self.enabled {
            return;
        }
        if self.report.findings.len() >= self.max {
            self.report.truncated = true;
            return;
        }
        let (rule, detector) = r.rule_id(rule);
        self.report.findings.push(Finding {
            rule,
            path: path(),
            detector,
            confidence,
            line: self.line,
        });
    }
}

/// Name/value pairs carry a key name as data: `{"name": "DB_PASSWORD", "value": "…"}`
/// (Kubernetes env, HAR headers), `{"Key": "password", "Value": "…"}` (AWS tags) and
/// `["authorization", "Bearer …"]` (header entries). The value is redacted as if it sat under
/// that name, by the same key rule. Both paths apply one definition, in one pass:
/// - in an object, a `value` member (any case) takes the rule of the string of the nearest
///   `name` or `key` member (any case) before it; when there is none before it and its value
///   is not a container, of the first such member after it, if only members whose values are
///   not containers lie between (so no container is read twice);
/// - an array of exactly two elements whose first is a string naming a sensitive key and
///   whose second is not a container: the second.
///
/// Paths and the member's own key rules come first.
#[inline]
pub(crate) fn is_pair_name(key: &str) -> bool {
    match key.len() {
        3 => key.eq_ignore_ascii_case("key"),
        4 => key.eq_ignore_ascii_case("name"),
        _ => false,
    }
}

/// See [`is_pair_name`].
#[inline]
pub(crate) fn is_pair_value(key: &str) -> bool {
    key.len() == 5 && key.eq_ignore_ascii_case("value")
}

/// Appends one path segment in pino syntax.
pub(crate) fn push_key_segment(out: &mut String, key: &str) {
    let mut chars = key.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        out.push('[');
        json::encode_string(key, out);
        out.push(']');
    }
}

/// Appends an array index segment.
pub(crate) fn push_index_segment(out: &mut String, index: usize) {
    out.push('[');
    out.push_str(&index.to_string());
    out.push(']');
}
