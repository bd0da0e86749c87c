//! JSON Schema validation of untrusted input.
//!
//! A [`Validator`] is compiled once from a JSON Schema (draft 2020-12 by default, draft 7 by
//! `$schema` or [`ValidatorOptions::draft`]) and then checks any number of documents, either
//! as `serde_json::Value`s ([`Validator::is_valid`], [`Validator::errors`],
//! [`Validator::validate`]) or as raw JSON text ([`Validator::validate_json`]), which is parsed
//! under [`JsonLimits`] first.
//!
//! ## Threat model
//! - **The document is hostile.** JSON text is parsed by a bounded, non-recursive parser
//!   (see [`JsonLimits`]): size, depth, string length, key and item counts are
//!   checked while parsing, so `[[[[…` 100,000 levels deep is a clean `VALIDATION_LIMIT_EXCEEDED`, not a
//!   stack overflow. Duplicate keys are refused. `pattern` uses the `regex` crate, whose
//!   matching time is linear in the input, so no pattern backtracks catastrophically.
//! - **A schema never makes us fetch anything.** The `jsonschema` crate is built without
//!   its HTTP and file resolvers, and our retriever refuses every URI: a `$ref` resolves only
//!   within the schema or against [`ValidatorOptions::resources`], given explicitly.
//! - **Messages do not leak the document.** An issue message describes the failed rule from
//!   the schema alone; the offending value (or object key) appears only with
//!   [`ValidatorOptions::include_values`].
//! - **The schema is the developer's** but is still depth-checked before compilation, since
//!   compiling recurses over it.
//! - **A `format` never checks nothing in silence.** Formats are asserted by default, and a
//!   format name the draft does not define (a typo such as `emial`) is refused when the schema
//!   is compiled, unless registered ([`ValidatorOptions::formats`]) or explicitly allowed
//!   ([`ValidatorOptions::unknown_formats`]); see the `formats` module.
//!
//! Values built by a binding from native objects must respect the same limits; bindings
//! convert them without recursion beyond [`JsonLimits::max_depth`], or call
//! [`JsonLimits::check_value`]. A binding that checked its values against the limits may
//! validate them in place instead, with a [`SchemaValidator`] compiled for its representation.

#[cfg(feature = "validate")]
mod document;
#[cfg(feature = "validate")]
mod formats;
mod interop;
mod json;
/// The parser's sink interface, for readers elsewhere in the crate that build their own
/// result (verified events read their names without building the body).
pub(crate) mod json_sink {
    pub(crate) use super::json::{Refused, Scalar, Sink, Str, parse_into};
}
mod message;

#[cfg(feature = "validate")]
pub use document::{Document, DocumentNode};

pub use interop::{
    MAX_SAFE_INTEGER, developer_limits, may_hold_unsafe_integers, unsafe_integers, value_limits,
};
pub use json::{
    DEFAULT_MAX_ARRAY_ITEMS, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_OBJECT_KEYS,
    DEFAULT_MAX_STRING_BYTES, JsonLimits, MAX_DEPTH_CEILING,
};
// Path building moved to [`crate::request_path`]; still reachable here so that code written
// against the old path keeps compiling.
#[doc(hidden)]
pub use crate::request_path::{
    MAX_SEGMENT_BYTES, MAX_TEMPLATE_BYTES, build_path, encode_path_segment,
};

pub use crate::validation_issue::ValidationIssue;

use crate::error::Error;
#[cfg(feature = "validate")]
use core::fmt;
use serde_json::Value;

/// A JSON Schema draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Draft {
    /// Draft 4.
    Draft4,
    /// Draft 6.
    Draft6,
    /// Draft 7.
    Draft7,
    /// Draft 2019-09.
    Draft201909,
    /// Draft 2020-12, the default.
    Draft202012,
}

impl Draft {
    /// Every draft, oldest first.
    pub const ALL: &'static [Draft] = &[
        Draft::Draft4,
        Draft::Draft6,
        Draft::Draft7,
        Draft::Draft201909,
        Draft::Draft202012,
    ];

    /// The draft's option name: `draft4`, `draft6`, `draft7`, `draft2019-09`, `draft2020-12`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Draft::Draft4 => "draft4",
            Draft::Draft6 => "draft6",
            Draft::Draft7 => "draft7",
            Draft::Draft201909 => "draft2019-09",
            Draft::Draft202012 => "draft2020-12",
        }
    }

    /// Looks a draft up by its option name (see [`Draft::as_str`]).
    pub fn from_name(name: &str) -> Option<Draft> {
        Draft::ALL.iter().copied().find(|d| d.as_str() == name)
    }

    #[cfg(feature = "validate")]
    fn to_upstream(self) -> jsonschema::Draft {
        match self {
            Draft::Draft4 => jsonschema::Draft::Draft4,
            Draft::Draft6 => jsonschema::Draft::Draft6,
            Draft::Draft7 => jsonschema::Draft::Draft7,
            Draft::Draft201909 => jsonschema::Draft::Draft201909,
            Draft::Draft202012 => jsonschema::Draft::Draft202012,
        }
    }

    #[cfg(feature = "validate")]
    fn from_upstream(draft: jsonschema::Draft) -> Option<Draft> {
        match draft {
            jsonschema::Draft::Draft4 => Some(Draft::Draft4),
            jsonschema::Draft::Draft6 => Some(Draft::Draft6),
            jsonschema::Draft::Draft7 => Some(Draft::Draft7),
            jsonschema::Draft::Draft201909 => Some(Draft::Draft201909),
            jsonschema::Draft::Draft202012 => Some(Draft::Draft202012),
            _ => None,
        }
    }
}

/// What a `format` name that is neither a format of the draft nor registered in
/// [`ValidatorOptions::formats`] does, when formats are
/// asserted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnknownFormats {
    /// The schema is refused with `SCHEMA_INVALID`, naming the format and where (the default).
    #[default]
    Error,
    /// The format is an annotation: it checks nothing, as the JSON Schema drafts specify.
    Ignore,
}

impl UnknownFormats {
    /// The option value: `"error"` or `"ignore"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            UnknownFormats::Error => "error",
            UnknownFormats::Ignore => "ignore",
        }
    }

    /// Reads the option value `value` of the option the caller spells `option`
    /// (`unknownFormats` in JavaScript, `unknown_formats` in Python).
    pub fn from_option(option: &str, value: &str) -> Result<UnknownFormats, Error> {
        match value {
            "error" => Ok(UnknownFormats::Error),
            "ignore" => Ok(UnknownFormats::Ignore),
            _ => Err(Error::ValidationInvalidOptions {
                reason: format!(
                    "{option} must be \"error\" or \"ignore\", not {:?}",
                    value.chars().take(64).collect::<String>()
                ),
            }),
        }
    }
}

/// Options of a [`Validator`], with safe defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidatorOptions {
    /// The draft. `None` (the default): the schema's `$schema`, else draft 2020-12. When set,
    /// it overrides `$schema`.
    pub draft: Option<Draft>,
    /// Whether `format` is asserted (on by default, in every draft): `email`, `idn-email`,
    /// `uuid`, `date-time`, `date`, `time`, `ipv4`, `ipv6`, `hostname`, `idn-hostname`, `uri`,
    /// `uri-reference`, `json-pointer`, `regex` and the other formats the drafts define, and
    /// the [`formats`](ValidatorOptions::formats) registered. Off: `format` is an annotation
    /// only, and names are not checked.
    pub assert_formats: bool,
    /// What a `format` name that is neither a format of the draft nor registered does when
    /// formats are asserted: refused at compile time with `SCHEMA_INVALID` (the default), or
    /// ignored (an annotation, as the drafts specify).
    pub unknown_formats: UnknownFormats,
    /// Custom formats as `(name, pattern)` pairs: a value is valid when the whole of it
    /// matches the pattern (the `regex` crate's syntax: linear time, no look-around). A
    /// built-in format of the draft cannot be replaced; a bad pattern or name fails with
    /// `VALIDATION_INVALID_OPTIONS`.
    pub formats: Vec<(String, String)>,
    /// Include the offending value (or object key), truncated, in issue messages and
    /// duplicate-key errors. Off by default: values may be secrets.
    pub include_values: bool,
    /// Extra schemas that `$ref` may name, as `(uri, schema)` pairs. Nothing else outside the
    /// schema itself is ever resolved.
    pub resources: Vec<(String, Value)>,
    /// Limits for [`Validator::validate_json`]; `max_depth` also bounds the schema.
    pub limits: JsonLimits,
}

impl Default for ValidatorOptions {
    fn default() -> Self {
        ValidatorOptions {
            draft: None,
            assert_formats: true,
            unknown_formats: UnknownFormats::Error,
            formats: Vec::new(),
            include_values: false,
            resources: Vec::new(),
            limits: JsonLimits::default(),
        }
    }
}

#[cfg(feature = "validate")]
/// Refuses to fetch anything: only the schema and the registered resources resolve.
struct NoFetch;

#[cfg(feature = "validate")]
impl jsonschema::Retrieve for NoFetch {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!(
            "`{uri}` is not part of the schema and was not registered: edgeward never fetches \
             schemas; pass it in the `resources` option"
        )
        .into())
    }
}

#[cfg(feature = "validate")]
/// A compiled JSON Schema that validates `serde_json::Value`s, or raw JSON text
/// ([`Validator::validate_json`]). Compile once, validate many; shareable across threads.
pub type Validator = SchemaValidator<jsonschema::json::SerdeJson>;

#[cfg(feature = "validate")]
/// A compiled JSON Schema that validates [`Document`]s, where they lie: raw JSON text parsed
/// under the limits without building a value ([`DocumentValidator::validate_json_into`]).
/// Same verdicts, same issues in the same order, as [`Validator`] on the value of the same text.
pub type DocumentValidator = SchemaValidator<Document>;

#[cfg(feature = "validate")]
/// A compiled JSON Schema, reading instances in the representation `F`: [`Validator`] for
/// `serde_json::Value`s, [`DocumentValidator`] for [`Document`]s. Every representation is
/// compiled, checked and reported the same way.
pub struct SchemaValidator<F: jsonschema::json::Json> {
    inner: jsonschema::Validator<F>,
    draft: Draft,
    include_values: bool,
    limits: JsonLimits,
    /// The root schema's `$id` without fragment: keywords outside this resource are reported
    /// with an absolute schema path.
    root_id: Option<String>,
}

#[cfg(feature = "validate")]
impl<F: jsonschema::json::Json> fmt::Debug for SchemaValidator<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("draft", &self.draft)
            .field("include_values", &self.include_values)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "validate")]
impl<F: jsonschema::json::Json> SchemaValidator<F> {
    /// Compiles `schema`. An invalid schema, an unresolvable `$ref`, an unknown `$schema`, a
    /// `pattern` the linear-time engine does not support (look-around, back-references) or,
    /// when formats are asserted, an unknown `format` name fails with `SCHEMA_INVALID`, naming
    /// where; unusable limits or custom formats fail with `VALIDATION_INVALID_OPTIONS`.
    pub fn new(schema: &Value, options: &ValidatorOptions) -> Result<SchemaValidator<F>, Error> {
        let (inner, draft) = compile(schema, options)?;
        let id_keyword = if draft == Draft::Draft4 { "id" } else { "$id" };
        let root_id = schema
            .get(id_keyword)
            .and_then(Value::as_str)
            .map(|id| id.trim_end_matches('#').to_owned());
        Ok(SchemaValidator {
            inner,
            draft,
            include_values: options.include_values,
            limits: options.limits.clone(),
            root_id,
        })
    }

    /// The draft the schema is interpreted under.
    pub fn draft(&self) -> Draft {
        self.draft
    }

    /// The limits [`Validator::validate_json`] applies.
    pub fn limits(&self) -> &JsonLimits {
        &self.limits
    }

    /// Whether `instance` matches the schema. The fastest check: it stops at the first issue.
    ///
    /// `instance` must respect the validator's depth limit (true of anything
    /// [`Validator::validate_json`] or a binding's conversion produced).
    pub fn is_valid(&self, instance: F::Node<'_>) -> bool {
        self.inner.is_valid(instance)
    }

    /// Every issue of `instance` against the schema; empty when it matches.
    ///
    /// `instance` must respect the validator's depth limit, as for [`Validator::is_valid`].
    pub fn errors<'i>(&'i self, instance: F::Node<'i>) -> Vec<ValidationIssue> {
        self.inner
            .iter_errors(instance)
            .map(|error| ValidationIssue {
                instance_path: error.instance_path().as_str().to_owned(),
                schema_path: self.schema_path(&error),
                keyword: error.kind().keyword().to_owned(),
                message: message::describe(&error, self.include_values),
            })
            .collect()
    }

    /// A JSON Pointer within the root schema; an absolute URI with a pointer fragment for a
    /// keyword in another resource (a registered schema, or an embedded `$id`), where a bare
    /// pointer would be ambiguous.
    fn schema_path(&self, error: &jsonschema::ValidationError<'_>) -> String {
        if let Some(uri) = error.absolute_keyword_location() {
            let uri = uri.as_str();
            let base = uri.split('#').next().unwrap_or_default();
            if self.root_id.as_deref() != Some(base) {
                return uri.to_owned();
            }
        }
        error.schema_path().as_str().to_owned()
    }

    /// `Ok` when `instance` matches, else `VALIDATION_FAILED` carrying every issue.
    pub fn validate<'i>(&'i self, instance: F::Node<'i>) -> Result<(), Error> {
        if self.is_valid(instance.clone()) {
            return Ok(());
        }
        Err(Error::ValidationFailed {
            issues: self.errors(instance),
        })
    }
}

#[cfg(feature = "validate")]
impl Validator {
    /// Parses raw JSON text (the request body, as received) under the validator's limits,
    /// validates it, and returns the parsed value.
    ///
    /// Fails with `VALIDATION_LIMIT_EXCEEDED` or `VALIDATION_INVALID_JSON` before any validation, else with
    /// `VALIDATION_FAILED`. Integers that fit in 64 bits come back exact.
    pub fn validate_json(&self, text: &[u8]) -> Result<Value, Error> {
        let value = json::parse(text, &self.limits, self.include_values)?;
        self.validate(&value)?;
        Ok(value)
    }
}

#[cfg(feature = "validate")]
impl DocumentValidator {
    /// [`Validator::validate_json`] without the value: parses raw JSON text into `document`
    /// (whose buffers are reused) under the validator's limits, with the same errors, and
    /// validates it there. The parsed document stays in `document`.
    pub fn validate_json_into(&self, text: &[u8], document: &mut Document) -> Result<(), Error> {
        document.parse_unchecked(text, &self.limits, self.include_values)?;
        self.validate(document.root())
    }
}

/// Parses JSON text under `limits`, without validating it: the parser behind
/// [`Validator::validate_json`], for callers that only need the hardening.
pub fn parse_json(text: &[u8], limits: &JsonLimits) -> Result<Value, Error> {
    limits.check()?;
    json::parse(text, limits, false)
}

#[cfg(feature = "validate")]
/// Checks the limits and the schema's depth, settles the draft, and compiles `schema` for the
/// representation `F`: the one place where the retriever, the pattern engine and the format
/// option are chosen, so every representation validates under the same rules.
fn compile<F: jsonschema::json::Json>(
    schema: &Value,
    options: &ValidatorOptions,
) -> Result<(jsonschema::Validator<F>, Draft), Error> {
    options.limits.check()?;
    check_schema_depth(schema, "the schema", options.limits.max_depth)?;
    for (uri, resource) in &options.resources {
        check_schema_depth(
            resource,
            &format!("resource `{uri}`"),
            options.limits.max_depth,
        )?;
    }

    let draft = match options.draft {
        Some(draft) => draft,
        None => detect_draft(schema, &options.resources)?,
    };

    let custom = options
        .formats
        .iter()
        .map(|(name, pattern)| {
            formats::compile_custom(name, pattern, draft).map(|check| (name.clone(), check))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let refuse_unknown = options.assert_formats && options.unknown_formats == UnknownFormats::Error;
    if refuse_unknown {
        formats::check_names(schema, "the schema", draft, &custom)?;
        for (uri, resource) in &options.resources {
            formats::check_names(resource, &format!("resource `{uri}`"), draft, &custom)?;
        }
    }

    let mut builder = jsonschema::options_for::<F>()
        .with_retriever(NoFetch)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .should_validate_formats(options.assert_formats)
        // Also for subschemas the walk above does not visit (reached by `$ref` only).
        .should_ignore_unknown_formats(!refuse_unknown);
    for (name, check) in custom {
        builder = builder.with_format(name, move |value: &str| check.is_match(value));
    }
    if options.draft.is_some() {
        builder = builder.with_draft(draft.to_upstream());
    }

    let inner = if options.resources.is_empty() {
        builder.build(schema)
    } else {
        let mut registry = jsonschema::Registry::new()
            .retriever(NoFetch)
            .draft(draft.to_upstream());
        for (uri, resource) in &options.resources {
            registry = registry
                .add(uri, resource)
                .map_err(|e| Error::SchemaError {
                    reason: format!("resource `{uri}`: {e}"),
                })?;
        }
        let registry = registry.prepare().map_err(|e| Error::SchemaError {
            reason: format!("cannot register the resources: {e}"),
        })?;
        builder.with_registry(&registry).build(schema)
    }
    .map_err(|e| schema_error(&e))?;
    Ok((inner, draft))
}

#[cfg(feature = "validate")]
/// The draft named by `$schema`: a known draft, or a custom meta-schema registered in
/// `resources` whose own `$schema` chain ends at one (followed for a few hops only).
fn detect_draft(schema: &Value, resources: &[(String, Value)]) -> Result<Draft, Error> {
    const MAX_HOPS: usize = 8;
    let mut current = schema;
    for _ in 0..MAX_HOPS {
        let detected = jsonschema::Draft::default().detect(current);
        if let Some(draft) = Draft::from_upstream(detected) {
            return Ok(draft);
        }
        let meta = current
            .get("$schema")
            .and_then(Value::as_str)
            .map(|uri| uri.trim_end_matches('#'))
            .unwrap_or_default();
        match resources
            .iter()
            .find(|(uri, _)| uri.trim_end_matches('#') == meta)
        {
            Some((_, registered)) => current = registered,
            None => break,
        }
    }
    Err(Error::SchemaError {
        reason: format!(
            "unknown `$schema` {}: use draft 2020-12 (https://json-schema.org/draft/2020-12/schema) \
             or draft 7 (http://json-schema.org/draft-07/schema#), set the draft option, or \
             register the custom meta-schema in resources",
            schema
                .get("$schema")
                .map(message::truncated)
                .unwrap_or_default()
        ),
    })
}

#[cfg(feature = "validate")]
fn check_schema_depth(schema: &Value, what: &str, max_depth: usize) -> Result<(), Error> {
    let mut pending: Vec<(&Value, usize)> = vec![(schema, 1)];
    while let Some((value, depth)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth > max_depth {
            return Err(Error::SchemaError {
                reason: format!(
                    "{what} nests deeper than max_depth ({max_depth}): raise max_depth \
                     (maxDepth in JavaScript) if this is expected"
                ),
            });
        }
        pending.extend(children.map(|child| (child, depth + 1)));
    }
    Ok(())
}

#[cfg(feature = "validate")]
/// Schema errors name the place in the schema; quoting the schema is fine (it is the
/// developer's), but is truncated to keep messages short.
fn schema_error(error: &jsonschema::ValidationError<'_>) -> Error {
    let at = error.instance_path().as_str();
    let at = if at.is_empty() { "the root" } else { at };
    let mut detail = error.to_string();
    if detail.len() > 300 {
        let mut cut = 300;
        while !detail.is_char_boundary(cut) {
            cut -= 1;
        }
        detail.truncate(cut);
        detail.push('…');
    }
    let reason = match error.kind() {
        jsonschema::error::ValidationErrorKind::Referencing(_) => {
            format!("cannot resolve a reference: {detail}")
        }
        _ => format!("at {at}: {detail}"),
    };
    Error::SchemaError { reason }
}

#[cfg(all(test, feature = "validate"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn validator_is_send_and_sync() {
        assert_send_sync::<Validator>();
    }

    #[test]
    fn draft_names_round_trip() {
        for d in Draft::ALL {
            assert_eq!(Draft::from_name(d.as_str()), Some(*d));
        }
    }

    #[test]
    fn draft_comes_from_schema_or_option() {
        let v = Validator::new(&json!({}), &ValidatorOptions::default()).unwrap();
        assert_eq!(v.draft(), Draft::Draft202012);
        let s7 = json!({"$schema": "http://json-schema.org/draft-07/schema#"});
        let v = Validator::new(&s7, &ValidatorOptions::default()).unwrap();
        assert_eq!(v.draft(), Draft::Draft7);
        let opts = ValidatorOptions {
            draft: Some(Draft::Draft7),
            ..ValidatorOptions::default()
        };
        // `items` as an array means tuple validation in draft 7 only.
        let v = Validator::new(&json!({"items": [{"type": "integer"}]}), &opts).unwrap();
        assert!(v.is_valid(&json!([1, "x"])));
        assert!(!v.is_valid(&json!(["x"])));
        let unknown = json!({"$schema": "https://example.com/mine"});
        let err = Validator::new(&unknown, &ValidatorOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError);
    }

    #[test]
    fn never_fetches_and_resources_resolve() {
        let schema = json!({"$ref": "https://example.com/amount.json"});
        let err = Validator::new(&schema, &ValidatorOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError);
        assert!(err.to_string().contains("never fetches"), "{err}");
        let opts = ValidatorOptions {
            resources: vec![(
                "https://example.com/amount.json".to_owned(),
                json!({"type": "number", "exclusiveMinimum": 0}),
            )],
            ..ValidatorOptions::default()
        };
        let v = Validator::new(&schema, &opts).unwrap();
        assert!(v.is_valid(&json!(5)));
        assert!(!v.is_valid(&json!(0)));
    }

    #[test]
    fn invalid_schema_names_where() {
        let err = Validator::new(
            &json!({"properties": {"a": {"minimum": "zero"}}}),
            &ValidatorOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError);
        assert!(err.to_string().contains("/properties/a/minimum"), "{err}");
        let err =
            Validator::new(&json!({"pattern": "(?=a)"}), &ValidatorOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError);
    }

    #[test]
    fn messages_do_not_echo_values_by_default() {
        let schema = json!({
            "type": "object",
            "properties": {"email": {"type": "string", "format": "email"}},
            "additionalProperties": false,
            "propertyNames": {"maxLength": 20}
        });
        let doc = json!({"email": "sk_live_SECRET", "tok_SECRET_KEY_NAME_LONG": 1});
        let v = Validator::new(&schema, &ValidatorOptions::default()).unwrap();
        let issues = v.errors(&doc);
        assert!(!issues.is_empty());
        let text = format!("{issues:?} {}", v.validate(&doc).unwrap_err());
        assert!(!text.contains("SECRET"), "{text}");

        let opts = ValidatorOptions {
            include_values: true,
            ..ValidatorOptions::default()
        };
        let v = Validator::new(&schema, &opts).unwrap();
        let text = format!("{:?}", v.errors(&doc));
        assert!(text.contains("sk_live_SECRET"), "{text}");
        assert!(text.contains("tok_SECRET_KEY_NAME_LONG"), "{text}");
    }

    #[test]
    fn formats_asserted_unless_turned_off() {
        let schema = json!({"format": "email"});
        let on = Validator::new(&schema, &ValidatorOptions::default()).unwrap();
        assert!(!on.is_valid(&json!("not-an-email")));
        let off = ValidatorOptions {
            assert_formats: false,
            ..ValidatorOptions::default()
        };
        let off = Validator::new(&schema, &off).unwrap();
        assert!(off.is_valid(&json!("not-an-email")));
    }

    #[test]
    fn huge_repetition_pattern_does_not_panic() {
        // rust-lang/regex#1344: with a raised size limit this shape panicked at match time.
        // Default limits refuse it at compile time, or match it cleanly.
        let schema = json!({"pattern": "^.{0,404600}$"});
        if let Ok(v) = Validator::new(&schema, &ValidatorOptions::default()) {
            assert!(v.is_valid(&json!("")));
            assert!(v.is_valid(&json!("abc")));
        }
    }

    #[test]
    fn schema_depth_is_bounded() {
        let mut schema = json!({"type": "string"});
        for _ in 0..200 {
            schema = json!({"items": schema});
        }
        let err = Validator::new(&schema, &ValidatorOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError);
        assert!(
            Validator::new(
                &json!({}),
                &ValidatorOptions {
                    limits: JsonLimits {
                        max_depth: MAX_DEPTH_CEILING + 1,
                        ..JsonLimits::default()
                    },
                    ..ValidatorOptions::default()
                }
            )
            .is_err()
        );
    }
}
