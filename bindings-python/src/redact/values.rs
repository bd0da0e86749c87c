//! Python values to the core's value tree and back, for `Redactor.redact`.
//!
//! ## Threat model
//! A log record may hold anything: deep nesting, reference cycles, objects of any class, text
//! without a UTF-8 form (lone surrogates), huge strings. Conversion recurses once per nesting
//! level and stops at `max_depth` (at most 1000, the core's ceiling): a container that deep
//! becomes an empty one of its kind, which the core replaces by the too-deep marker, so
//! recursion is bounded whatever the value. A container met again inside itself becomes
//! `"[Circular]"`. The running size of the value's JSON form is checked against `max_bytes`
//! while converting, so an oversized record is refused as its JSON text would be.
//!
//! Types map as `json.dumps` maps them: dict (and subclasses), list and tuple, str, int (exact,
//! any size), float (NaN and the infinities become `None`), bool (never an int), `None`;
//! dict keys that are int, float, bool or `None` are spelled as JSON spells them, other keys
//! by `str()`. Any other object goes through the facade's `_expand`, which gives its one-level
//! plain form (mappings, sets, exceptions, dataclasses, objects' public attributes, a marker
//! for bytes, ISO 8601 for dates, else `str()`); the result is converted here, under the same
//! depth, cycle and size rules.

use std::collections::HashSet;

use edgeward_core::redact::{Number, NumberText, Redactor, Value};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::errors::to_py;

/// What a reference cycle becomes.
const CIRCULAR: &str = "[Circular]";

/// The open containers (the path from the root), asked "is this one open?" once per
/// container. The first levels are searched linearly (most records are a few levels deep);
/// deeper levels go to a hash set, so a deep path with many containers below it costs
/// constant time per container rather than time proportional to the depth.
#[derive(Default)]
struct OpenPath {
    path: Vec<usize>,
    deep: HashSet<usize>,
}

/// Levels searched linearly.
const SHALLOW_LEVELS: usize = 16;

impl OpenPath {
    fn contains(&self, address: usize) -> bool {
        self.path.iter().take(SHALLOW_LEVELS).any(|&a| a == address)
            || (self.path.len() > SHALLOW_LEVELS && self.deep.contains(&address))
    }

    fn push(&mut self, address: usize) {
        if self.path.len() >= SHALLOW_LEVELS {
            self.deep.insert(address);
        }
        self.path.push(address);
    }

    fn pop(&mut self) {
        if let Some(address) = self.path.pop()
            && self.path.len() >= SHALLOW_LEVELS
        {
            self.deep.remove(&address);
        }
    }
}

/// Converts one value for `redactor`.
pub(super) struct ToValue<'a, 'py> {
    redactor: &'a Redactor,
    /// The facade's `_expand(value)`, for objects that are not JSON types.
    expand: &'a Bound<'py, PyAny>,
    /// Addresses of the containers being converted: the path from the root.
    open: OpenPath,
    /// The size of the JSON form so far, in bytes.
    size: usize,
}

impl<'a, 'py> ToValue<'a, 'py> {
    pub(super) fn new(redactor: &'a Redactor, expand: &'a Bound<'py, PyAny>) -> Self {
        ToValue {
            redactor,
            expand,
            open: OpenPath::default(),
            size: 0,
        }
    }

    /// `value` as a core value tree.
    pub(super) fn convert(&mut self, value: &Bound<'py, PyAny>) -> PyResult<Value> {
        self.value(value, 0, true)
    }

    fn grow(&mut self, py: Python<'_>, bytes: usize) -> PyResult<()> {
        self.size = self.size.saturating_add(bytes);
        self.redactor
            .check_size(self.size)
            .map_err(|e| to_py(py, &e))
    }

    /// `depth` counts the containers enclosing `value`; `may_expand` is false for the
    /// result of `_expand`, which is converted without calling it again.
    fn value(
        &mut self,
        value: &Bound<'py, PyAny>,
        depth: usize,
        may_expand: bool,
    ) -> PyResult<Value> {
        let py = value.py();
        // Exact types first, one pointer comparison each: what most records are made of.
        if let Ok(text) = value.cast_exact::<PyString>() {
            return self.string(text).map(Value::String);
        }
        if let Ok(dict) = value.cast_exact::<PyDict>() {
            return self.dict(value, dict, depth);
        }
        if let Ok(list) = value.cast_exact::<PyList>() {
            return self.array(value, list.len(), list.iter(), depth);
        }
        if let Ok(int) = value.cast_exact::<PyInt>() {
            return self.int(int);
        }
        if value.is_none() {
            self.grow(py, 4)?;
            return Ok(Value::Null);
        }
        // bool before int: it is a subclass of int, and True is never the number 1.
        if let Ok(flag) = value.cast::<PyBool>() {
            self.grow(py, 5)?;
            return Ok(Value::Bool(flag.is_true()));
        }
        if let Ok(float) = value.cast::<PyFloat>() {
            self.grow(py, 24)?;
            return Ok(float_value(float.value()));
        }
        if let Ok(tuple) = value.cast::<PyTuple>() {
            return self.array(value, tuple.len(), tuple.iter(), depth);
        }
        if let Ok(text) = value.cast::<PyString>() {
            return self.string(text).map(Value::String);
        }
        if let Ok(int) = value.cast::<PyInt>() {
            return self.int(int);
        }
        if let Ok(dict) = value.cast::<PyDict>() {
            return self.dict(value, dict, depth);
        }
        if let Ok(list) = value.cast::<PyList>() {
            return self.array(value, list.len(), list.iter(), depth);
        }
        if !may_expand {
            let text = value.str()?;
            return self.string(&text).map(Value::String);
        }
        self.inside(py, address(value), |this| {
            let plain = this.expand.call1((value,))?;
            this.value(&plain, depth, false)
        })
    }

    fn string(&mut self, text: &Bound<'py, PyString>) -> PyResult<String> {
        let owned = match text.to_str() {
            Ok(text) => text.to_owned(),
            // Lone surrogates have no UTF-8 form; U+FFFD keeps the rest of the text readable.
            Err(_) => text.to_string_lossy().into_owned(),
        };
        self.grow(text.py(), owned.len().saturating_add(2))?;
        Ok(owned)
    }

    fn int(&mut self, int: &Bound<'py, PyInt>) -> PyResult<Value> {
        let py = int.py();
        let number = if let Ok(small) = int.extract::<i64>() {
            Number::Int(small)
        } else if let Ok(large) = int.extract::<u64>() {
            Number::UInt(large)
        } else {
            let digits = int.str()?.to_cow()?.into_owned();
            match NumberText::new(digits) {
                Some(text) => Number::Text(text),
                None => return Ok(Value::Null),
            }
        };
        let digits = match &number {
            Number::Text(text) => text.as_str().len(),
            _ => 20,
        };
        self.grow(py, digits)?;
        Ok(Value::Number(number))
    }

    /// Converts with the object at `address` open, or gives `"[Circular]"` if it is
    /// already open (a reference cycle).
    fn inside(
        &mut self,
        py: Python<'_>,
        address: usize,
        convert: impl FnOnce(&mut Self) -> PyResult<Value>,
    ) -> PyResult<Value> {
        if self.open.contains(address) {
            self.grow(py, CIRCULAR.len() + 2)?;
            return Ok(Value::String(CIRCULAR.to_owned()));
        }
        self.open.push(address);
        let converted = convert(self);
        self.open.pop();
        converted
    }

    /// Converts a container: an empty one of its kind at `max_depth` (the core puts the
    /// too-deep marker there), `"[Circular]"` if it is already open, else what `convert`
    /// makes of it.
    fn container(
        &mut self,
        container: &Bound<'py, PyAny>,
        depth: usize,
        empty: Value,
        convert: impl FnOnce(&mut Self) -> PyResult<Value>,
    ) -> PyResult<Value> {
        let py = container.py();
        if depth >= self.redactor.max_depth() {
            self.grow(py, 2)?;
            return Ok(empty);
        }
        self.inside(py, address(container), |this| {
            this.grow(py, 2)?;
            convert(this)
        })
    }

    fn dict(
        &mut self,
        container: &Bound<'py, PyAny>,
        dict: &Bound<'py, PyDict>,
        depth: usize,
    ) -> PyResult<Value> {
        self.container(container, depth, Value::Object(Vec::new()), |this| {
            this.members(dict, depth).map(Value::Object)
        })
    }

    fn members(
        &mut self,
        dict: &Bound<'py, PyDict>,
        depth: usize,
    ) -> PyResult<Vec<(String, Value)>> {
        let mut members = Vec::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let key = self.key(&key)?;
            self.grow(dict.py(), 2)?;
            let item = self.value(&item, depth + 1, true)?;
            members.push((key, item));
        }
        Ok(members)
    }

    fn key(&mut self, key: &Bound<'py, PyAny>) -> PyResult<String> {
        if let Ok(text) = key.cast::<PyString>() {
            return self.string(text);
        }
        let spelled = if key.is_none() {
            "null".to_owned()
        } else if let Ok(flag) = key.cast::<PyBool>() {
            if flag.is_true() { "true" } else { "false" }.to_owned()
        } else {
            key.str()?.to_string_lossy().into_owned()
        };
        self.grow(key.py(), spelled.len().saturating_add(2))?;
        Ok(spelled)
    }

    fn array(
        &mut self,
        container: &Bound<'py, PyAny>,
        len: usize,
        items: impl Iterator<Item = Bound<'py, PyAny>>,
        depth: usize,
    ) -> PyResult<Value> {
        self.container(container, depth, Value::Array(Vec::new()), |this| {
            let mut out = Vec::with_capacity(len);
            for item in items {
                this.grow(container.py(), 1)?;
                out.push(this.value(&item, depth + 1, true)?);
            }
            Ok(Value::Array(out))
        })
    }
}

fn address(value: &Bound<'_, PyAny>) -> usize {
    value.as_ptr() as usize
}

fn float_value(value: f64) -> Value {
    if value.is_finite() {
        Value::Number(Number::Float(value))
    } else {
        Value::Null
    }
}

/// A redacted tree as Python values, reusing the objects of `original` (the value that was
/// converted) where the output equals them: unchanged strings and keys are returned as the
/// same (immutable) `str` objects instead of copies. Recursion is bounded: the core cut the
/// tree at `max_depth`.
pub(super) fn to_python<'py>(
    py: Python<'py>,
    value: Value,
    original: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null | Value::Opaque(_) => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, flag).to_owned().into_any(),
        Value::Number(Number::Int(n)) => n.into_pyobject(py)?.into_any(),
        Value::Number(Number::UInt(n)) => n.into_pyobject(py)?.into_any(),
        Value::Number(Number::Float(n)) => PyFloat::new(py, n).into_any(),
        Value::Number(Number::Text(text)) => {
            let text = text.as_str();
            if text.contains(['.', 'e', 'E']) {
                py.get_type::<PyFloat>().call1((text,))?
            } else {
                py.get_type::<PyInt>().call1((text,))?
            }
        }
        Value::String(text) => match original.and_then(|o| same_str(o, &text)) {
            Some(same) => same,
            None => PyString::new(py, &text).into_any(),
        },
        Value::Array(items) => {
            let list = PyList::empty(py);
            let originals = original.and_then(|o| sequence_items(o, items.len()));
            match originals {
                Some(originals) => {
                    for (item, was) in items.into_iter().zip(originals.iter()) {
                        list.append(to_python(py, item, Some(was))?)?;
                    }
                }
                None => {
                    for item in items {
                        list.append(to_python(py, item, None)?)?;
                    }
                }
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            // Output members come in input order, some removed: walk both in step.
            let mut input = original
                .and_then(|o| o.cast::<PyDict>().ok())
                .map(|d| d.iter());
            for (key, item) in members {
                let mut matched = None;
                if let Some(pairs) = input.as_mut() {
                    for (was_key, was_item) in pairs.by_ref() {
                        if let Some(same) = same_str(&was_key, &key) {
                            matched = Some((same, was_item));
                            break;
                        }
                    }
                }
                match matched {
                    Some((key, was_item)) => {
                        dict.set_item(key, to_python(py, item, Some(&was_item))?)?;
                    }
                    None => {
                        // Input exhausted (a key spelled differently): no more reuse.
                        input = None;
                        dict.set_item(PyString::new(py, &key), to_python(py, item, None)?)?;
                    }
                }
            }
            dict.into_any()
        }
    })
}

/// `original` itself if it is exactly a `str` equal to `text`.
fn same_str<'py>(original: &Bound<'py, PyAny>, text: &str) -> Option<Bound<'py, PyAny>> {
    let candidate = original.cast_exact::<PyString>().ok()?;
    (candidate.to_str().ok()? == text).then(|| original.clone())
}

/// The items of a list or tuple of length `len`.
fn sequence_items<'py>(original: &Bound<'py, PyAny>, len: usize) -> Option<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = original.cast::<PyList>() {
        return (list.len() == len).then(|| list.iter().collect());
    }
    if let Ok(tuple) = original.cast::<PyTuple>() {
        return (tuple.len() == len).then(|| tuple.iter().collect());
    }
    None
}
