//! `Validator`, `ValidationIssue`, `encode_path_segment` and `build_path`: JSON Schema
//! validation and safe request paths.
//!
//! Every verdict is the core's. Documents reach it either as Python values, converted by
//! [`values`] under the validator's limits (bounded recursion, `bool` never an integer), or as
//! raw JSON text, parsed by the core's bounded parser (`validate_json`). Large bodies are
//! parsed and validated with the interpreter released.
//!
//! A Python value made only of plain JSON types within the limits (what [`values`] admits in
//! place) is not converted at all for the yes/no question: the core's schema, compiled a second
//! time for the `jsonschema` crate's reader of Python objects, validates it where it lies.
//! Converting allocates every key and string, which costs more than validating. Issues and
//! errors, and every other value, still go through the conversion.

mod values;

use edgeward_core::Error as CoreError;
use edgeward_core::request_path::{
    build_path as core_build_path, encode_path_segment as core_encode_path_segment,
};
use edgeward_core::validate::{
    DEFAULT_MAX_ARRAY_ITEMS, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_OBJECT_KEYS,
    DEFAULT_MAX_STRING_BYTES, Draft, JsonLimits, SchemaValidator, UnknownFormats,
    ValidationIssue as CoreIssue, Validator as CoreValidator, ValidatorOptions, developer_limits,
};
use jsonschema::json::Pyo3;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::Value;

use crate::convert::Payload;
use crate::errors::{to_py, type_name};
use values::{Role, ToJson};

/// Bodies longer than this are parsed and validated with the interpreter released.
const DETACH_ABOVE_BYTES: usize = 64 * 1024;

/// Registers this module's classes and functions in the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Validator>()?;
    m.add_class::<ValidationIssue>()?;
    m.add_function(wrap_pyfunction!(encode_path_segment, m)?)?;
    m.add_function(wrap_pyfunction!(build_path, m)?)?;
    Ok(())
}

/// One way a document fails its schema.
#[pyclass(frozen, eq, hash, module = "edgeward", name = "ValidationIssue")]
#[derive(PartialEq, Eq, Hash)]
struct ValidationIssue {
    /// Where in the document, as a JSON Pointer (`""` is the whole document).
    #[pyo3(get)]
    instance_path: String,
    /// Where in the schema: a JSON Pointer to the failed keyword.
    #[pyo3(get)]
    schema_path: String,
    /// The failed keyword, such as `format`, `maximum` or `required`.
    #[pyo3(get)]
    keyword: String,
    /// What the rule requires; quotes the value only with `include_values=True`.
    #[pyo3(get)]
    message: String,
}

impl From<CoreIssue> for ValidationIssue {
    fn from(issue: CoreIssue) -> Self {
        ValidationIssue {
            instance_path: issue.instance_path,
            schema_path: issue.schema_path,
            keyword: issue.keyword,
            message: issue.message,
        }
    }
}

#[pymethods]
impl ValidationIssue {
    #[new]
    fn new(instance_path: String, schema_path: String, keyword: String, message: String) -> Self {
        ValidationIssue {
            instance_path,
            schema_path,
            keyword,
            message,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let quoted = |s: &str| -> PyResult<String> {
            Ok(PyString::new(py, s).repr()?.to_string_lossy().into_owned())
        };
        Ok(format!(
            "ValidationIssue(instance_path={}, schema_path={}, keyword={}, message={})",
            quoted(&self.instance_path)?,
            quoted(&self.schema_path)?,
            quoted(&self.keyword)?,
            quoted(&self.message)?,
        ))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let this = slf.get();
        let args = PyTuple::new(
            slf.py(),
            [
                this.instance_path.as_str(),
                this.schema_path.as_str(),
                this.keyword.as_str(),
                this.message.as_str(),
            ],
        )?;
        Ok((slf.get_type(), args))
    }

    /// The issue as a dict of its four fields.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("instance_path", &self.instance_path)?;
        dict.set_item("schema_path", &self.schema_path)?;
        dict.set_item("keyword", &self.keyword)?;
        dict.set_item("message", &self.message)?;
        Ok(dict)
    }
}

/// A compiled JSON Schema: compile once, validate many; safe to share between threads.
#[pyclass(frozen, module = "edgeward", name = "Validator")]
struct Validator {
    inner: CoreValidator,
    /// The same schema, compiled for Python objects read in place. `None` only if that
    /// compilation failed where the first succeeded, which leaves every value to conversion.
    native: Option<SchemaValidator<Pyo3>>,
}

impl Validator {
    fn reader(&self) -> ToJson<'_> {
        ToJson {
            limits: self.inner.limits(),
            role: Role::Document,
        }
    }

    fn document(&self, value: &Bound<'_, PyAny>) -> PyResult<Value> {
        self.reader().convert(value)
    }

    /// The verdict on `value` read where it lies, or `None` when it must be converted: not
    /// plain JSON within the limits (the conversion then converts it or raises), or refused by
    /// the reader, whose errors are left to the conversion to report.
    fn in_place(&self, value: &Bound<'_, PyAny>) -> Option<bool> {
        let native = self.native.as_ref()?;
        let reader = self.reader();
        let node = value.as_borrowed();
        // No Python code runs while plain values are read, so nothing needs holding.
        jsonschema::json::inspect(node, false, || {
            reader.admits_in_place(node).then(|| native.is_valid(node))
        })
        .ok()
        .flatten()
    }
}

/// A `str` option entry, else `VALIDATION_INVALID_OPTIONS` naming `what` and the type given.
fn option_str(py: Python<'_>, value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(text) => Ok(text.to_str()?.to_owned()),
        Err(_) => Err(to_py(
            py,
            &CoreError::ValidationInvalidOptions {
                reason: format!("{what} must be str, not {}", type_name(value)),
            },
        )),
    }
}

/// A `bool` option (`default` when absent or `None`), else `VALIDATION_INVALID_OPTIONS`
/// naming `what` and the type given.
fn option_bool(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
    default: bool,
) -> PyResult<bool> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(default);
    };
    match value.cast::<PyBool>() {
        Ok(flag) => Ok(flag.is_true()),
        Err(_) => Err(to_py(
            py,
            &CoreError::ValidationInvalidOptions {
                reason: format!("{what} must be bool, not {}", type_name(value)),
            },
        )),
    }
}

/// A count option (an `int`, not a `bool`, from 0 up; `default` when absent or `None`), else
/// `VALIDATION_INVALID_OPTIONS` naming `what`; the core then checks its range.
fn option_count(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
    default: usize,
) -> PyResult<usize> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(default);
    };
    let count = value
        .cast::<PyInt>()
        .ok()
        .filter(|_| value.cast::<PyBool>().is_err())
        .and_then(|int| int.extract::<usize>().ok());
    count.ok_or_else(|| {
        to_py(
            py,
            &CoreError::ValidationInvalidOptions {
                reason: if value.cast::<PyInt>().is_ok() && value.cast::<PyBool>().is_err() {
                    format!("{what} must be a whole number from 0 up, got a negative or huge int")
                } else {
                    format!(
                        "{what} must be a whole number from 0 up, not {}",
                        type_name(value)
                    )
                },
            },
        )
    })
}

/// Validates a verified event's parsed body against `schema`: an `edgeward.Validator`, or a
/// JSON Schema (compiled for this call, with the default options, as `Validator(schema)`).
/// Raises as `Validator.validate` does.
pub(crate) fn validate_event(
    py: Python<'_>,
    schema: &Bound<'_, PyAny>,
    event: &Value,
) -> PyResult<()> {
    let compiled;
    let validator = match schema.cast::<Validator>() {
        Ok(validator) => validator,
        Err(_) => {
            compiled = py.get_type::<Validator>().call1((schema,))?;
            compiled.cast::<Validator>()?
        }
    };
    validator
        .get()
        .inner
        .validate(event)
        .map_err(|e| validation_failed(py, &e))
}

/// A `VALIDATION_FAILED` error as `ValidationFailedError`, its `.errors` listing the issues.
fn validation_failed(py: Python<'_>, error: &CoreError) -> PyErr {
    let raised = to_py(py, error);
    if let CoreError::ValidationFailed { issues } = error {
        let listed = issues
            .iter()
            .cloned()
            .map(|issue| Py::new(py, ValidationIssue::from(issue)))
            .collect::<PyResult<Vec<_>>>()
            .and_then(|issues| PyList::new(py, issues))
            .and_then(|list| raised.value(py).setattr("errors", list));
        if let Err(failure) = listed {
            return failure;
        }
    }
    raised
}

#[pymethods]
impl Validator {
    #[new]
    #[pyo3(
        signature = (
            schema, *, draft = None, assert_formats = None, unknown_formats = None,
            formats = None, include_values = None, resources = None, max_bytes = None,
            max_depth = None, max_string_bytes = None, max_object_keys = None,
            max_array_items = None, allow_duplicate_keys = None, allow_lossy_integers = None
        ),
        text_signature = "(schema, *, draft=None, assert_formats=True, unknown_formats='error', \
            formats=None, include_values=False, resources=None, max_bytes=1048576, max_depth=128, max_string_bytes=1048576, \
            max_object_keys=10000, max_array_items=100000, allow_duplicate_keys=False, \
            allow_lossy_integers=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        schema: &Bound<'_, PyAny>,
        draft: Option<&Bound<'_, PyAny>>,
        assert_formats: Option<&Bound<'_, PyAny>>,
        unknown_formats: Option<&Bound<'_, PyAny>>,
        formats: Option<&Bound<'_, PyAny>>,
        include_values: Option<&Bound<'_, PyAny>>,
        resources: Option<&Bound<'_, PyAny>>,
        max_bytes: Option<&Bound<'_, PyAny>>,
        max_depth: Option<&Bound<'_, PyAny>>,
        max_string_bytes: Option<&Bound<'_, PyAny>>,
        max_object_keys: Option<&Bound<'_, PyAny>>,
        max_array_items: Option<&Bound<'_, PyAny>>,
        allow_duplicate_keys: Option<&Bound<'_, PyAny>>,
        allow_lossy_integers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // Wrong types are refused like wrong values (VALIDATION_INVALID_OPTIONS), as in JS.
        let assert_formats = option_bool(py, assert_formats, "assert_formats", true)?;
        let include_values = option_bool(py, include_values, "include_values", false)?;
        let allow_duplicate_keys =
            option_bool(py, allow_duplicate_keys, "allow_duplicate_keys", false)?;
        let allow_lossy_integers =
            option_bool(py, allow_lossy_integers, "allow_lossy_integers", false)?;
        let max_bytes = option_count(py, max_bytes, "max_bytes", DEFAULT_MAX_BYTES)?;
        let max_depth = option_count(py, max_depth, "max_depth", DEFAULT_MAX_DEPTH)?;
        let max_string_bytes = option_count(
            py,
            max_string_bytes,
            "max_string_bytes",
            DEFAULT_MAX_STRING_BYTES,
        )?;
        let max_object_keys = option_count(
            py,
            max_object_keys,
            "max_object_keys",
            DEFAULT_MAX_OBJECT_KEYS,
        )?;
        let max_array_items = option_count(
            py,
            max_array_items,
            "max_array_items",
            DEFAULT_MAX_ARRAY_ITEMS,
        )?;
        let unknown_formats = match unknown_formats.filter(|u| !u.is_none()) {
            None => "error".to_owned(),
            Some(value) => option_str(py, value, "unknown_formats")?,
        };
        let draft = match draft.filter(|d| !d.is_none()) {
            None => None,
            Some(name) => Some(option_str(py, name, "draft")?),
        };
        let draft = match draft.as_deref() {
            None => None,
            Some(name) => Some(Draft::from_name(name).ok_or_else(|| {
                let shown: String = name.chars().take(32).collect();
                to_py(
                    py,
                    &CoreError::ValidationInvalidOptions {
                        reason: format!(
                            "unknown draft {shown:?}: use \"draft2020-12\", \"draft2019-09\", \
                             \"draft7\", \"draft6\" or \"draft4\""
                        ),
                    },
                )
            })?),
        };
        let developer = developer_limits();
        let schema_reader = ToJson {
            limits: &developer,
            role: Role::Schema,
        };
        let schema = schema_reader.convert(schema)?;
        let resources = match resources.filter(|r| !r.is_none()) {
            None => Vec::new(),
            Some(mapping) => mapping
                .call_method0("items")?
                .try_iter()?
                .map(|entry| {
                    let (uri, resource): (Bound<'_, PyAny>, Bound<'_, PyAny>) = entry?.extract()?;
                    let uri = uri.cast_into::<PyString>().map_err(|e| {
                        to_py(
                            py,
                            &CoreError::ValidationInvalidOptions {
                                reason: format!(
                                    "resources keys must be str URIs, not {}",
                                    type_name(&e.into_inner())
                                ),
                            },
                        )
                    })?;
                    Ok((
                        uri.to_string_lossy().into_owned(),
                        schema_reader.convert(&resource)?,
                    ))
                })
                .collect::<PyResult<Vec<_>>>()?,
        };
        let unknown_formats = UnknownFormats::from_option("unknown_formats", &unknown_formats)
            .map_err(|e| to_py(py, &e))?;
        let formats = match formats.filter(|f| !f.is_none()) {
            None => Vec::new(),
            Some(mapping) => mapping
                .call_method0("items")?
                .try_iter()?
                .map(|entry| {
                    let (name, pattern): (Bound<'_, PyAny>, Bound<'_, PyAny>) = entry?.extract()?;
                    Ok((
                        option_str(py, &name, "formats keys (format names)")?,
                        option_str(py, &pattern, "formats values (regex patterns)")?,
                    ))
                })
                .collect::<PyResult<Vec<_>>>()?,
        };
        let options = ValidatorOptions {
            draft,
            assert_formats,
            unknown_formats,
            formats,
            include_values,
            resources,
            limits: JsonLimits {
                max_bytes,
                max_depth,
                max_string_bytes,
                max_object_keys,
                max_array_items,
                allow_duplicate_keys,
                allow_lossy_integers,
            },
        };
        let inner = CoreValidator::new(&schema, &options).map_err(|e| to_py(py, &e))?;
        let native = SchemaValidator::<Pyo3>::new(&schema, &options).ok();
        Ok(Validator { inner, native })
    }

    /// The draft the schema is interpreted under (`"draft2020-12"`, `"draft7"`, ...).
    #[getter]
    fn draft(&self) -> &'static str {
        self.inner.draft().as_str()
    }

    /// Whether `instance` (a Python value) matches the schema.
    fn is_valid(&self, instance: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Some(valid) = self.in_place(instance) {
            return Ok(valid);
        }
        let value = self.document(instance)?;
        Ok(self.inner.is_valid(&value))
    }

    /// Every issue of `instance` against the schema; empty when it matches.
    fn errors(&self, instance: &Bound<'_, PyAny>) -> PyResult<Vec<ValidationIssue>> {
        if self.in_place(instance) == Some(true) {
            return Ok(Vec::new());
        }
        let value = self.document(instance)?;
        Ok(self
            .inner
            .errors(&value)
            .into_iter()
            .map(ValidationIssue::from)
            .collect())
    }

    /// Raises `ValidationFailedError` (`.errors` listing every issue) unless `instance`
    /// matches.
    fn validate(&self, py: Python<'_>, instance: &Bound<'_, PyAny>) -> PyResult<()> {
        if self.in_place(instance) == Some(true) {
            return Ok(());
        }
        let value = self.document(instance)?;
        self.inner
            .validate(&value)
            .map_err(|e| validation_failed(py, &e))
    }

    /// Parses a raw body (`str` or bytes) under the limits, validates it and returns the
    /// parsed value.
    fn validate_json<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let body = read_body(text)?;
        let bytes = body.as_bytes();
        let inner = &self.inner;
        let outcome = if bytes.len() > DETACH_ABOVE_BYTES {
            py.detach(|| inner.validate_json(bytes))
        } else {
            inner.validate_json(bytes)
        };
        match outcome {
            Ok(_) => decoded(py, &body, bytes),
            Err(error) => Err(validation_failed(py, &error)),
        }
    }

    fn __repr__(&self) -> String {
        format!("Validator(draft='{}')", self.inner.draft().as_str())
    }
}

/// The body the core accepted, as the Python value `json.loads` returns for it: in document
/// order, keeping the last of duplicate keys where those are allowed, ints exact at any size.
///
/// `json.loads` itself would detect the encoding, decode, match whitespace with a regular
/// expression on both sides and check for trailing data, which cost more than decoding a small
/// body; none of that can change the value of a text the core accepted (UTF-8 without a byte
/// order mark or trailing data), so its decoder runs directly from the first value byte.
pub(crate) fn decoded<'py>(
    py: Python<'py>,
    body: &Payload<'py>,
    bytes: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    let text = match body {
        Payload::Text(text) => text.clone(),
        Payload::Shared(_) | Payload::Copied(_) => PyString::from_bytes(py, bytes)?,
    };
    // JSON whitespace is ASCII, so this byte offset is also the character offset.
    let start = bytes
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    raw_decode(py)?
        .call1((text, start))?
        .cast_into::<PyTuple>()?
        .get_item(0)
}

/// `raw_decode` of a `json.JSONDecoder()` with the defaults `json.loads` uses, looked up once.
fn raw_decode(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static RAW_DECODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    RAW_DECODE
        .get_or_try_init(py, || {
            let decoder = py.import("json")?.getattr("JSONDecoder")?.call0()?;
            Ok::<_, PyErr>(decoder.getattr("raw_decode")?.unbind())
        })
        .map(|method| method.bind(py))
}

/// Reads the raw body given to `validate_json`.
fn read_body<'py>(value: &Bound<'py, PyAny>) -> PyResult<Payload<'py>> {
    Payload::read(
        value,
        || CoreError::InvalidJson {
            reason: "the str holds unpaired surrogates, which have no UTF-8 form: pass the body \
                     as received, as bytes"
                .to_owned(),
        },
        |type_name| CoreError::InvalidJson {
            reason: format!(
                "validate_json takes the raw body as str or bytes, not {type_name}: use \
                 validate() for parsed values"
            ),
        },
    )
}

/// A path segment or parameter value: a `str`, or an `int` (not a `bool`) in decimal.
fn segment_text(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_string_lossy().into_owned());
    }
    if value.cast::<PyInt>().is_ok() && value.cast::<PyBool>().is_err() {
        return Ok(value.str()?.to_string_lossy().into_owned());
    }
    Err(to_py(
        value.py(),
        &CoreError::InvalidPath {
            reason: format!("{what} must be a str or an int, not {}", type_name(value)),
        },
    ))
}

/// Percent-encodes `segment` as one URL path segment; refuses `""`, `.` and `..`.
#[pyfunction]
fn encode_path_segment(py: Python<'_>, segment: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = segment_text(segment, "the path segment")?;
    core_encode_path_segment(&text).map_err(|e| to_py(py, &e))
}

/// Fills the `{name}` placeholders of `template` with `params`, each percent-encoded as one
/// path segment.
#[pyfunction]
#[pyo3(signature = (template, params = None))]
fn build_path(
    py: Python<'_>,
    template: &Bound<'_, PyAny>,
    params: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let path_error = |reason: String| to_py(py, &CoreError::InvalidPath { reason });
    let Ok(template) = template.cast::<PyString>() else {
        return Err(path_error(format!(
            "the template must be a str, not {}",
            type_name(template)
        )));
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(params) = params.filter(|p| !p.is_none()) {
        let items = params.call_method0("items").map_err(|_| {
            path_error(format!(
                "params must be a mapping of names to values, not {}",
                type_name(params)
            ))
        })?;
        for entry in items.try_iter()? {
            let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = entry?.extract()?;
            let name = name.cast_into::<PyString>().map_err(|e| {
                path_error(format!(
                    "parameter names must be str, not {}",
                    type_name(&e.into_inner())
                ))
            })?;
            let name = name.to_string_lossy().into_owned();
            let shown: String = name.chars().take(64).collect();
            let value = segment_text(&value, &format!("parameter `{shown}`"))?;
            pairs.push((name, value));
        }
    }
    core_build_path(&template.to_string_lossy(), &pairs).map_err(|e| to_py(py, &e))
}
