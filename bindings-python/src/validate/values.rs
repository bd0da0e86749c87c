//! Python values to JSON values and back, for validation.
//!
//! ## Threat model
//! A document handed to `Validator.is_valid` may be anything a request produced: deeply
//! nested, self-referencing, huge. Conversion recurses once per nesting level, and refuses a
//! container deeper than `max_depth` (at most 512, the core's ceiling) before descending into
//! it, so recursion is bounded whatever the value, and a reference cycle is refused as nesting
//! without end. String, key and item counts are checked before each is copied. The result
//! therefore respects the same limits as JSON text parsed by the core.
//!
//! A document made only of exact `dict`, `list`, `tuple`, `str`, `int`, `float`, `bool` and
//! `None` within every limit is validated where it lies ([`ToJson::admits_in_place`] decides,
//! with the same limit tests as the conversion): it holds exactly the JSON value the conversion
//! would build, which is what the `jsonschema` crate's reader of Python objects sees. Anything
//! else is converted, and the conversion raises the error, so errors do not depend on the path.
//!
//! JSON's types, as Python's `json` module maps them, with two refusals instead of silent
//! changes: `bool` is never a number (it is checked before `int`), and integers beyond 64 bits
//! are refused unless `allow_lossy_integers` makes them doubles. `tuple` is an array; dict keys
//! must be `str`; `NaN` and the infinities have no JSON form.

use std::borrow::Cow;

use edgeward_core::Error as CoreError;
use edgeward_core::validate::JsonLimits;
use jsonschema::json::{Array, Node, Object};
use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors::{to_py, type_name};

/// A Python value as the `jsonschema` crate's reader of Python objects holds it.
pub(crate) type PyNode<'py> = Borrowed<'py, 'py, PyAny>;

/// What is being converted: errors in a document are the caller's input problems
/// (`VALIDATION_LIMIT_EXCEEDED`, `VALIDATION_INVALID_JSON`); in a schema they are `SCHEMA_INVALID`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Document,
    Schema,
}

/// Converts Python values under `limits`.
pub(crate) struct ToJson<'a> {
    pub(crate) limits: &'a JsonLimits,
    pub(crate) role: Role,
}

enum Problem {
    Limit(String),
    Form(String),
}

impl ToJson<'_> {
    /// `value` as a JSON value, or the error its role calls for.
    pub(crate) fn convert(&self, value: &Bound<'_, PyAny>) -> PyResult<Value> {
        self.value(value, 0)
    }

    /// Whether `node` may be validated in place: only exact JSON types (no subclass, whose
    /// hashing or comparison could run Python code), dict keys exact non-empty `str`, no string
    /// with surrogates, integers within `i64`, finite floats, and every limit respected. The
    /// conversion accepts all of these unchanged; `false` sends the value there, which converts
    /// or refuses it (so also the rare empty keys and integers from 2^63 to 2^64).
    ///
    /// Containers are read with the `jsonschema` crate's reader of Python objects, which
    /// borrows members where pyo3's iterators count references (the walk costs a third less).
    /// Call it inside `jsonschema::json::inspect`, where the reader records what it cannot
    /// read.
    ///
    /// Borrowed members stay valid only while no Python code runs. Creating an exception can
    /// start a garbage collection on Python 3.10 and 3.11, whose finalizers could change the
    /// document, so the walk stops at the first one (a failed read), before touching another
    /// member; validation only starts on a document the walk accepted, where nothing raises.
    pub(crate) fn admits_in_place(&self, node: PyNode<'_>) -> bool {
        self.plain(node, 0)
    }

    fn plain(&self, node: PyNode<'_>, depth: usize) -> bool {
        // In the order of what `json.loads` produces most.
        if let Ok(text) = node.cast_exact::<PyString>() {
            return self.plain_str(&text);
        }
        if node.cast_exact::<PyDict>().is_ok() {
            return node.as_object().is_some_and(|dict| {
                self.may_open(depth)
                    && self.keys_allowed(Object::len(&dict))
                    && dict.members().all(|(name, item)| {
                        // An exact `str` key comes back borrowed, any other owned. An empty
                        // name may be a key the reader failed to read (surrogates): stop.
                        matches!(name, Cow::Borrowed(name)
                            if !name.is_empty() && self.string_allowed(name.len()))
                            && self.plain(item, depth + 1)
                    })
            });
        }
        if node.cast_exact::<PyList>().is_ok() || node.cast_exact::<PyTuple>().is_ok() {
            return node.as_array().is_some_and(|array| {
                self.may_open(depth)
                    && self.items_allowed(array.len())
                    && array.elements().all(|item| self.plain(item, depth + 1))
            });
        }
        if let Ok(int) = node.cast_exact::<PyInt>() {
            // Beyond `i64` the read raises; the conversion reads those exactly.
            return int.extract::<i64>().is_ok();
        }
        if let Ok(float) = node.cast_exact::<PyFloat>() {
            return float.value().is_finite();
        }
        node.is_none() || node.cast_exact::<PyBool>().is_ok()
    }

    fn plain_str(&self, text: &Bound<'_, PyString>) -> bool {
        // UTF-8 is read in place (and cached by CPython for non-ASCII text), never copied.
        text.to_str()
            .is_ok_and(|text| self.string_allowed(text.len()))
    }

    // The limit tests, shared by both paths so that they cannot drift apart.

    /// A container with `depth` containers around it may open.
    fn may_open(&self, depth: usize) -> bool {
        depth < self.limits.max_depth
    }

    fn keys_allowed(&self, keys: usize) -> bool {
        keys <= self.limits.max_object_keys
    }

    fn items_allowed(&self, items: usize) -> bool {
        items <= self.limits.max_array_items
    }

    fn string_allowed(&self, bytes: usize) -> bool {
        bytes <= self.limits.max_string_bytes
    }

    fn fail(&self, py: Python<'_>, problem: Problem) -> PyErr {
        let error = match (self.role, problem) {
            (Role::Document, Problem::Limit(reason)) => CoreError::LimitExceeded { reason },
            (Role::Document, Problem::Form(reason)) => CoreError::InvalidJson { reason },
            (Role::Schema, Problem::Limit(reason) | Problem::Form(reason)) => {
                CoreError::SchemaError {
                    reason: format!("the schema cannot be read as JSON: {reason}"),
                }
            }
        };
        to_py(py, &error)
    }

    /// `depth` counts the containers enclosing `value`.
    fn value(&self, value: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
        // Exact types first, one pointer comparison each: what `json.loads` and most code
        // produce. `bool` is not exactly `int`, so it never passes as one here.
        if let Ok(text) = value.cast_exact::<PyString>() {
            return Ok(Value::String(self.string(text, depth)?));
        }
        if let Ok(dict) = value.cast_exact::<PyDict>() {
            return self.object(dict, depth);
        }
        if let Ok(list) = value.cast_exact::<PyList>() {
            return self.array(list.py(), list.len(), list.iter(), depth);
        }
        if let Ok(int) = value.cast_exact::<PyInt>() {
            return self.integer(int);
        }
        if let Ok(float) = value.cast_exact::<PyFloat>() {
            return self.float(float, depth);
        }
        self.other(value, depth)
    }

    /// `None`, `bool`, `tuple`, subclasses of the JSON types, and the refusal of the rest.
    fn other(&self, value: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
        if value.is_none() {
            return Ok(Value::Null);
        }
        // bool before int: it is a subclass of int, and True must never pass as the integer 1.
        if let Ok(flag) = value.cast::<PyBool>() {
            return Ok(Value::Bool(flag.is_true()));
        }
        if let Ok(text) = value.cast::<PyString>() {
            return Ok(Value::String(self.string(text, depth)?));
        }
        if let Ok(int) = value.cast::<PyInt>() {
            return self.integer(int);
        }
        if let Ok(float) = value.cast::<PyFloat>() {
            return self.float(float, depth);
        }
        if let Ok(dict) = value.cast::<PyDict>() {
            return self.object(dict, depth);
        }
        if let Ok(list) = value.cast::<PyList>() {
            return self.array(list.py(), list.len(), list.iter(), depth);
        }
        if let Ok(tuple) = value.cast::<PyTuple>() {
            return self.array(tuple.py(), tuple.len(), tuple.iter(), depth);
        }
        Err(self.fail(
            value.py(),
            Problem::Form(format!(
                "a value of type {} (at depth {depth}) has no JSON form: use dict, list, tuple, \
                 str, int, float, bool or None",
                type_name(value)
            )),
        ))
    }

    fn float(&self, float: &Bound<'_, PyFloat>, depth: usize) -> PyResult<Value> {
        Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| {
                self.fail(
                    float.py(),
                    Problem::Form(format!(
                        "a float at depth {depth} is NaN or infinite, which JSON cannot represent"
                    )),
                )
            })
    }

    fn object(&self, dict: &Bound<'_, PyDict>, depth: usize) -> PyResult<Value> {
        let py = dict.py();
        self.open(py, depth)?;
        if !self.keys_allowed(dict.len()) {
            return Err(self.fail(
                py,
                Problem::Limit(format!(
                    "a dict at depth {} has {} keys, over max_object_keys ({}): raise \
                     max_object_keys if this is expected",
                    depth + 1,
                    dict.len(),
                    self.limits.max_object_keys
                )),
            ));
        }
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(self.fail(
                    py,
                    Problem::Form(format!(
                        "a dict at depth {} has a key of type {}: JSON object keys are str",
                        depth + 1,
                        type_name(&key)
                    )),
                ));
            };
            let key = self.string(key, depth + 1)?;
            let item = self.value(&item, depth + 1)?;
            map.insert(key, item);
        }
        Ok(Value::Object(map))
    }

    fn array<'py>(
        &self,
        py: Python<'py>,
        len: usize,
        items: impl Iterator<Item = Bound<'py, PyAny>>,
        depth: usize,
    ) -> PyResult<Value> {
        self.open(py, depth)?;
        if !self.items_allowed(len) {
            return Err(self.fail(
                py,
                Problem::Limit(format!(
                    "a list at depth {} has {len} items, over max_array_items ({}): raise \
                     max_array_items if this is expected",
                    depth + 1,
                    self.limits.max_array_items
                )),
            ));
        }
        let mut out = Vec::with_capacity(len);
        for item in items {
            out.push(self.value(&item, depth + 1)?);
        }
        Ok(Value::Array(out))
    }

    /// Refuses to open a container beyond `max_depth`: this bounds the recursion, and turns a
    /// reference cycle into a clean error.
    fn open(&self, py: Python<'_>, depth: usize) -> PyResult<()> {
        if !self.may_open(depth) {
            return Err(self.fail(
                py,
                Problem::Limit(format!(
                    "nesting deeper than max_depth ({}), or a reference cycle: flatten the \
                     value, or raise max_depth if this is expected",
                    self.limits.max_depth
                )),
            ));
        }
        Ok(())
    }

    fn string(&self, text: &Bound<'_, PyString>, depth: usize) -> PyResult<String> {
        let py = text.py();
        let owned = match text.to_cow() {
            Ok(cow) => cow.into_owned(),
            Err(error) if error.is_instance_of::<PyUnicodeEncodeError>(py) => {
                return Err(self.fail(
                    py,
                    Problem::Form(format!(
                        "a str at depth {depth} holds unpaired surrogates, which have no UTF-8 \
                         (or JSON) form"
                    )),
                ));
            }
            Err(error) => return Err(error),
        };
        if !self.string_allowed(owned.len()) {
            return Err(self.fail(
                py,
                Problem::Limit(format!(
                    "a str at depth {depth} is {} bytes (UTF-8), over max_string_bytes ({}): \
                     raise max_string_bytes if this is expected",
                    owned.len(),
                    self.limits.max_string_bytes
                )),
            ));
        }
        Ok(owned)
    }

    fn integer(&self, int: &Bound<'_, PyInt>) -> PyResult<Value> {
        if let Ok(n) = int.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = int.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        let py = int.py();
        if self.limits.allow_lossy_integers {
            // Beyond the f64 range, extraction fails: refused below like any other.
            if let Some(n) = int.extract::<f64>().ok().and_then(Number::from_f64) {
                return Ok(Value::Number(n));
            }
        }
        Err(self.fail(
            py,
            Problem::Limit(
                "an int is beyond the 64-bit range: it is refused rather than rounded (set \
                 allow_lossy_integers=True to accept it as a float)"
                    .to_owned(),
            ),
        ))
    }
}
