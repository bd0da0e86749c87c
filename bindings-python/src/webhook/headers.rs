//! Reading a request's headers from whatever Python object the caller has them in.
//!
//! The core names the headers a scheme reads ([`Scheme::header_names`], and
//! [`Scheme::event_header_names`] for `verify_event`); only those are looked up,
//! ASCII-case-insensitively, and only their values cross into Rust. Accepted:
//! - a bare `str`: the signature header's value (enough for single-header schemes);
//! - `None`: no headers at all;
//! - a `dict` (any key case);
//! - any object with `.items()` yielding `(name, value)` pairs: Starlette's and Werkzeug's
//!   `Headers`, Django's `HttpHeaders`, `http.client.HTTPMessage`, `email.message.Message`,
//!   multidicts, `requests`' `CaseInsensitiveDict`;
//! - a list or tuple of `(name, value)` pairs (ASGI's raw `scope["headers"]`).
//!
//! Names and values may be `str` or `bytes` (read as Latin-1, HTTP's historical charset).
//! A value may also be a list or tuple of them.
//!
//! Every occurrence of a wanted header (repeated pairs, the elements of a list value, dict
//! keys that differ only in case) is handed to the core in the order found, through
//! [`Webhook::verify_occurrences`](edgeward_core::webhook::Webhook::verify_occurrences):
//! joining, the length cap and blank values are the core's header rule, decided nowhere here.

#[cfg(doc)]
use edgeward_core::Scheme;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::errors::{type_name, webhook_misuse};

/// A header value's text: read in place from the `str` (CPython caches its UTF-8 form), or
/// owned when it had to be built (Latin-1 `bytes`, lone surrogates).
pub(super) enum Text<'py> {
    /// A `str` whose UTF-8 form was checked to exist.
    Str(Bound<'py, PyString>),
    /// Text built here.
    Owned(String),
}

impl<'py> Text<'py> {
    fn from_str(text: &Bound<'py, PyString>) -> Self {
        match text.to_str() {
            Ok(_) => Text::Str(text.clone()),
            // Lossy: characters without a UTF-8 form (lone surrogates) never belong to a
            // valid header value, so the core refuses or ignores them either way.
            Err(_) => Text::Owned(text.to_string_lossy().into_owned()),
        }
    }

    fn from_latin1(bytes: &[u8]) -> Self {
        Text::Owned(bytes.iter().map(|&b| char::from(b)).collect())
    }

    /// The text. Cannot fail for `Str`: checked in `from_str`, and the UTF-8 form is cached.
    pub(super) fn as_str(&self) -> &str {
        match self {
            Text::Str(text) => text.to_str().unwrap_or_default(),
            Text::Owned(text) => text,
        }
    }
}

/// The most header names a scheme reads (`standard`: six, with the `svix-*` names). Values
/// live in a fixed array, so reading a request that sends each header once allocates nothing
/// of its own.
pub(super) const MAX_HEADER_NAMES: usize = 8;

/// Every value found for one header name, in the order found.
#[derive(Default)]
pub(super) enum Occurrences<'py> {
    /// Not found.
    #[default]
    None,
    /// Found once (the usual case: no list to allocate).
    One(Text<'py>),
    /// Found several times.
    Many(Vec<Text<'py>>),
}

impl<'py> Occurrences<'py> {
    fn push(&mut self, value: Text<'py>) {
        *self = match std::mem::take(self) {
            Occurrences::None => Occurrences::One(value),
            Occurrences::One(first) => Occurrences::Many(vec![first, value]),
            Occurrences::Many(mut all) => {
                all.push(value);
                Occurrences::Many(all)
            }
        };
    }
}

/// A request's headers as the core takes them.
// One lives on the stack per `verify` call; boxing the large variant would allocate on
// every call instead.
#[allow(clippy::large_enum_variant)]
pub(super) enum Headers<'py> {
    /// `None`: the request had none.
    Absent,
    /// A bare signature-header value.
    Signature(Text<'py>),
    /// Every value of each of the scheme's header names, in that order (`count` names).
    Values {
        values: [Occurrences<'py>; MAX_HEADER_NAMES],
        count: usize,
    },
}

/// Calls `verify` with `values` as the core's `&[&[&str]]` (one list per header name),
/// borrowing every text in place.
pub(super) fn with_occurrences<R>(
    values: &[Occurrences<'_>],
    verify: impl FnOnce(&[&[&str]]) -> R,
) -> R {
    let singles: [&str; MAX_HEADER_NAMES] = std::array::from_fn(|i| match values.get(i) {
        Some(Occurrences::One(text)) => text.as_str(),
        _ => "",
    });
    let many: [Vec<&str>; MAX_HEADER_NAMES] = std::array::from_fn(|i| match values.get(i) {
        Some(Occurrences::Many(all)) => all.iter().map(Text::as_str).collect(),
        _ => Vec::new(),
    });
    let lists: [&[&str]; MAX_HEADER_NAMES] = std::array::from_fn(|i| match values.get(i) {
        Some(Occurrences::One(_)) => singles.get(i..=i).unwrap_or_default(),
        Some(Occurrences::Many(_)) => many.get(i).map(Vec::as_slice).unwrap_or_default(),
        _ => &[],
    });
    verify(lists.get(..values.len()).unwrap_or_default())
}

impl<'py> Headers<'py> {
    /// Reads the values of `names` (a scheme's header names, or its event header names) from
    /// `headers`; the names are also given as `interned` Python strings (in the same order). Every value of a wanted name is kept, whole: the core
    /// joins and caps them (and stops at the cap, so thousands of repeats cost it no more
    /// than one long header).
    pub(super) fn read(
        headers: &Bound<'py, PyAny>,
        names: &'static [&'static str],
        interned: &[Py<PyString>],
    ) -> PyResult<Self> {
        if headers.is_none() {
            return Ok(Headers::Absent);
        }
        if let Ok(text) = headers.cast::<PyString>() {
            return Ok(Headers::Signature(Text::from_str(text)));
        }
        if names.len() > MAX_HEADER_NAMES || interned.len() != names.len() {
            return Err(PyRuntimeError::new_err(
                "a scheme reads more headers than the binding holds (a bug in edgeward: please \
                 report it)",
            ));
        }
        let mut reader = Reader {
            names,
            interned,
            values: Default::default(),
        };
        if let Ok(dict) = headers.cast_exact::<PyDict>() {
            // No Python code runs while iterating (keys and values are only read: exact `str`
            // keys compared, values of exact types), so the dict cannot change under the
            // iterator.
            for (name, value) in dict.iter() {
                reader.pair(&name, &value)?;
            }
        } else if headers.is_instance_of::<PyList>() || headers.is_instance_of::<PyTuple>() {
            for pair in headers.try_iter()? {
                reader.item(&pair?)?;
            }
        } else if let Ok(items) = headers.getattr(pyo3::intern!(headers.py(), "items")) {
            for pair in items.call0()?.try_iter()? {
                reader.item(&pair?)?;
            }
        } else {
            return Err(webhook_misuse(
                headers.py(),
                format!(
                    "`headers` must be the request's headers (a dict or another mapping of header \
                 names to values, such as Starlette's, Werkzeug's or Django's headers, or an \
                 email.message.Message), or the signature header's value as a str; got {}",
                    type_name(headers)
                ),
            ));
        }
        Ok(Headers::Values {
            values: reader.values,
            count: names.len(),
        })
    }
}

/// Collects the values of the wanted names from `(name, value)` pairs.
struct Reader<'a, 'py> {
    /// The wanted names, lowercase ASCII.
    names: &'static [&'static str],
    /// The same names as Python strings, for comparing without converting each key.
    interned: &'a [Py<PyString>],
    values: [Occurrences<'py>; MAX_HEADER_NAMES],
}

impl<'py> Reader<'_, 'py> {
    /// One element of `.items()` or of a list of pairs: a `(name, value)` pair.
    fn item(&mut self, item: &Bound<'py, PyAny>) -> PyResult<()> {
        let Ok((name, value)) = item.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>() else {
            return Err(webhook_misuse(
                item.py(),
                format!(
                    "each header must be a (name, value) pair, got {}",
                    type_name(item)
                ),
            ));
        };
        self.pair(&name, &value)
    }

    fn pair(&mut self, name: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>) -> PyResult<()> {
        let Some(index) = self.wanted(name)? else {
            return Ok(());
        };
        if let Ok(text) = value.cast::<PyString>() {
            self.append(index, Text::from_str(text));
        } else if let Ok(bytes) = value.cast::<PyBytes>() {
            self.append(index, Text::from_latin1(bytes.as_bytes()));
        } else if value.is_exact_instance_of::<PyList>() || value.is_exact_instance_of::<PyTuple>()
        {
            // Exact types only: a subclass's `__iter__` would be code run mid-iteration.
            for element in value.try_iter()? {
                let element = element?;
                if let Ok(text) = element.cast::<PyString>() {
                    self.append(index, Text::from_str(text));
                } else if let Ok(bytes) = element.cast::<PyBytes>() {
                    self.append(index, Text::from_latin1(bytes.as_bytes()));
                } else {
                    return Err(self.value_type_error(index, &element));
                }
            }
        } else if !value.is_none() {
            return Err(self.value_type_error(index, value));
        }
        Ok(())
    }

    /// The index of `name` among the wanted names, compared ASCII-case-insensitively (HTTP
    /// field names are ASCII tokens: no Unicode case folding, so `K` (Kelvin) is not `k`).
    fn wanted(&self, name: &Bound<'py, PyAny>) -> PyResult<Option<usize>> {
        if let Ok(text) = name.cast::<PyString>() {
            // Most headers are not wanted: compare lengths before anything else, then try
            // the lowercase spelling (most frameworks lowercase names) without converting.
            // Only exact `str` keys are compared by Python: a subclass's `__eq__` is code.
            let exact = name.is_exact_instance_of::<PyString>();
            let length = text.len()?;
            let mut same_length = false;
            for (index, (wanted, interned)) in self.names.iter().zip(self.interned).enumerate() {
                if wanted.len() == length {
                    if exact && PyAnyMethods::eq(name, interned.bind(name.py()))? {
                        return Ok(Some(index));
                    }
                    same_length = true;
                }
            }
            if !same_length {
                return Ok(None);
            }
            return Ok(match text.to_cow() {
                Ok(text) => self.position(text.as_bytes()),
                Err(_) => None, // lone surrogates: no header name
            });
        }
        if let Ok(bytes) = name.cast::<PyBytes>() {
            return Ok(self.position(bytes.as_bytes()));
        }
        Ok(None)
    }

    fn position(&self, name: &[u8]) -> Option<usize> {
        self.names
            .iter()
            .position(|wanted| wanted.as_bytes().eq_ignore_ascii_case(name))
    }

    fn append(&mut self, index: usize, value: Text<'py>) {
        if let Some(slot) = self.values.get_mut(index) {
            slot.push(value);
        }
    }

    fn value_type_error(&self, index: usize, value: &Bound<'_, PyAny>) -> PyErr {
        let header = self.names.get(index).copied().unwrap_or_default();
        webhook_misuse(
            value.py(),
            format!(
                "the value of the `{header}` header must be a str or bytes (or a list of them), got \
             {}",
                type_name(value)
            ),
        )
    }
}
