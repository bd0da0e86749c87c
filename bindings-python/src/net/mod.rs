//! Network guards for Python: `IpAllowlist` and `client_ip`, over `edgeward_core::net`.
//!
//! Python values in, core errors out as `edgeward` exceptions; every decision (parsing,
//! membership, the header rules, which hop is the client) is the core's.
//!
//! Headers are read as the webhook API reads them: a `dict` or any object with `.items()`
//! (Starlette's, Werkzeug's, Django's headers, `email.message.Message`), or a list or tuple
//! of `(name, value)` pairs (ASGI's `scope["headers"]`); names and values `str` or `bytes`
//! (Latin-1), a value possibly a list or tuple of them. Only `X-Forwarded-For`, `Forwarded`
//! and `CF-Connecting-IP` are kept, every occurrence in order; the core joins and limits them.

use edgeward_core::Error as CoreError;
use edgeward_core::net::{
    ClientIpOptions, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HOPS,
    ForwardingHeader, HostBits, IpAllowlist as CoreAllowlist, IpAllowlistOptions,
    PROXY_HEADER_NAMES, ProxyHeaders,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::errors::{to_py, type_name};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<IpAllowlist>()?;
    m.add_class::<ClientIp>()?;
    m.add_function(wrap_pyfunction!(client_ip, m)?)?;
    Ok(())
}

fn options_error(py: Python<'_>, reason: String) -> PyErr {
    to_py(py, &CoreError::NetworkInvalidOptions { reason })
}

/// The entries of a list of ranges: any iterable of `str` except a bare `str` (which would be
/// read character by character).
fn entries(value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let py = value.py();
    let refuse = || {
        options_error(
            py,
            format!(
                "ranges must be a list of str (CIDR ranges, addresses or preset names) or an \
                 IpAllowlist, got {}",
                type_name(value)
            ),
        )
    };
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return Err(refuse());
    }
    let Ok(items) = value.try_iter() else {
        return Err(refuse());
    };
    let mut out = Vec::new();
    for item in items {
        let item = item?;
        let Ok(text) = item.cast::<PyString>() else {
            return Err(refuse());
        };
        out.push(text.to_str().map_err(|_| refuse())?.to_owned());
    }
    Ok(out)
}

fn compile(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    allow_host_bits: bool,
    max_entries: Option<usize>,
) -> PyResult<CoreAllowlist> {
    let options = IpAllowlistOptions {
        host_bits: if allow_host_bits {
            HostBits::Clear
        } else {
            HostBits::Refuse
        },
        max_entries: match max_entries {
            Some(0) => {
                return Err(options_error(
                    py,
                    "max_entries must be at least 1".to_owned(),
                ));
            }
            Some(n) => n,
            None => DEFAULT_MAX_ENTRIES,
        },
    };
    CoreAllowlist::with_options(entries(value)?, &options).map_err(|e| to_py(py, &e))
}

/// IPv4 and IPv6 ranges (CIDR ranges, addresses, presets ``loopback``, ``linklocal``,
/// ``private``, ``cloudflare``), parsed strictly and merged once; ``allows(ip)`` is a binary
/// search. Per process: build it once at startup.
#[pyclass(frozen, module = "edgeward", name = "IpAllowlist")]
struct IpAllowlist {
    inner: CoreAllowlist,
}

#[pymethods]
impl IpAllowlist {
    #[new]
    #[pyo3(signature = (entries, *, allow_host_bits = false, max_entries = None))]
    fn new(
        py: Python<'_>,
        entries: &Bound<'_, PyAny>,
        allow_host_bits: bool,
        max_entries: Option<usize>,
    ) -> PyResult<Self> {
        Ok(IpAllowlist {
            inner: compile(py, entries, allow_host_bits, max_entries)?,
        })
    }

    /// Whether ``ip`` lies in one of the ranges; ``NetworkInvalidIpError`` when it is not an address.
    fn allows(&self, py: Python<'_>, ip: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(text) = ip.cast::<PyString>() else {
            return Err(to_py(
                py,
                &CoreError::InvalidIp {
                    reason: format!("the address must be a str, got {}", type_name(ip)),
                },
            ));
        };
        let text = text.to_str().map_err(|_| {
            to_py(
                py,
                &CoreError::InvalidIp {
                    reason: "the address is not valid text".to_owned(),
                },
            )
        })?;
        self.inner.allows(text).map_err(|e| to_py(py, &e))
    }

    /// ``ip in allowlist``: the same as ``allows(ip)``.
    fn __contains__(&self, py: Python<'_>, ip: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.allows(py, ip)
    }

    /// The number of ranges as listed (presets count their ranges).
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("IpAllowlist(<{} ranges>)", self.inner.len())
    }
}

/// What ``client_ip`` found.
#[pyclass(frozen, module = "edgeward", name = "ClientIp")]
struct ClientIp {
    /// The client's address (IPv4-mapped reported as IPv4), or ``None`` when it cannot be known.
    #[pyo3(get)]
    ip: Option<String>,
    /// The addresses read, nearest first: the peer, then each hop walked.
    #[pyo3(get)]
    chain: Vec<String>,
    /// Why (``untrusted-hop``, ``cf-connecting-ip``, …).
    #[pyo3(get)]
    reason: &'static str,
    /// One line per step, when ``explain=True``.
    #[pyo3(get)]
    explanation: Option<String>,
}

#[pymethods]
impl ClientIp {
    fn __repr__(&self) -> String {
        format!(
            "ClientIp(ip={:?}, chain={:?}, reason={:?})",
            self.ip, self.chain, self.reason
        )
    }
}

/// Text of a header name or value: `str`, or `bytes` read as Latin-1.
fn text_of(value: &Bound<'_, PyAny>) -> Option<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Some(text.to_string_lossy().into_owned());
    }
    value
        .cast::<PyBytes>()
        .ok()
        .map(|bytes| bytes.as_bytes().iter().map(|&b| char::from(b)).collect())
}

struct Collected {
    values: [Vec<String>; 3],
}

impl Collected {
    fn pair(&mut self, name: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(name) = text_of(name) else {
            return Ok(());
        };
        // ASCII case-insensitive: no Unicode folding (`K`, Kelvin, is not `k`).
        let Some(index) = PROXY_HEADER_NAMES
            .iter()
            .position(|wanted| wanted.eq_ignore_ascii_case(&name))
        else {
            return Ok(());
        };
        let py = value.py();
        let refuse = |got: &Bound<'_, PyAny>| {
            options_error(
                py,
                format!(
                    "the value of the `{}` header must be a str or bytes, or a list of them, got {}",
                    PROXY_HEADER_NAMES.get(index).copied().unwrap_or_default(),
                    type_name(got)
                ),
            )
        };
        let Some(slot) = self.values.get_mut(index) else {
            return Ok(());
        };
        if value.is_none() {
            return Ok(());
        }
        if let Some(text) = text_of(value) {
            slot.push(text);
        } else if value.is_exact_instance_of::<PyList>() || value.is_exact_instance_of::<PyTuple>()
        {
            for element in value.try_iter()? {
                let element = element?;
                slot.push(text_of(&element).ok_or_else(|| refuse(&element))?);
            }
        } else {
            return Err(refuse(value));
        }
        Ok(())
    }

    fn item(&mut self, item: &Bound<'_, PyAny>) -> PyResult<()> {
        let Ok((name, value)) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>() else {
            return Err(options_error(
                item.py(),
                format!(
                    "each header must be a (name, value) pair, got {}",
                    type_name(item)
                ),
            ));
        };
        self.pair(&name, &value)
    }
}

fn read_headers(headers: Option<&Bound<'_, PyAny>>) -> PyResult<[Vec<String>; 3]> {
    let mut collected = Collected {
        values: Default::default(),
    };
    let Some(headers) = headers.filter(|h| !h.is_none()) else {
        return Ok(collected.values);
    };
    if let Ok(dict) = headers.cast_exact::<PyDict>() {
        for (name, value) in dict.iter() {
            collected.pair(&name, &value)?;
        }
    } else if headers.is_instance_of::<PyList>() || headers.is_instance_of::<PyTuple>() {
        for item in headers.try_iter()? {
            collected.item(&item?)?;
        }
    } else if let Ok(items) = headers.getattr(pyo3::intern!(headers.py(), "items")) {
        for item in items.call0()?.try_iter()? {
            collected.item(&item?)?;
        }
    } else {
        return Err(options_error(
            headers.py(),
            format!(
                "headers must be the request's headers (a dict, another mapping such as \
                 Starlette's headers, or a list of (name, value) pairs), got {}",
                type_name(headers)
            ),
        ));
    }
    Ok(collected.values)
}

// The signature spells the core's defaults as literals (stubs and `help()` show them).
const _: () = assert!(DEFAULT_MAX_HOPS == 32 && DEFAULT_MAX_HEADER_BYTES == 16384);

/// The client's address behind ``trusted_proxies`` (an ``IpAllowlist`` or a list of ranges):
/// walks the forwarding header from the right, skipping trusted proxies.
#[pyfunction]
#[pyo3(signature = (*, peer, headers = None, trusted_proxies = None, header = "x-forwarded-for", max_hops = 32, max_header_bytes = 16384, explain = false))]
#[allow(clippy::too_many_arguments)]
fn client_ip(
    py: Python<'_>,
    peer: &Bound<'_, PyAny>,
    headers: Option<&Bound<'_, PyAny>>,
    trusted_proxies: Option<&Bound<'_, PyAny>>,
    header: &str,
    max_hops: usize,
    max_header_bytes: usize,
    explain: bool,
) -> PyResult<ClientIp> {
    let Ok(peer) = peer.cast::<PyString>() else {
        return Err(to_py(
            py,
            &CoreError::InvalidIp {
                reason: format!("peer must be a str, got {}", type_name(peer)),
            },
        ));
    };
    let peer = peer.to_string_lossy();
    let options = ClientIpOptions {
        header: ForwardingHeader::from_name(header).map_err(|e| to_py(py, &e))?,
        max_hops,
        max_header_bytes,
        explain,
    };
    // Borrowed from the IpAllowlist when one is given (no copy per call).
    let owned: CoreAllowlist;
    let given: Bound<'_, IpAllowlist>;
    let trusted: &CoreAllowlist = match trusted_proxies {
        Some(value) if value.is_instance_of::<IpAllowlist>() => {
            given = value.cast::<IpAllowlist>()?.clone();
            &given.get().inner
        }
        Some(value) if !value.is_none() => {
            owned = compile(py, value, false, None)?;
            &owned
        }
        _ => {
            owned = CoreAllowlist::new::<_, &str>([]).map_err(|e| to_py(py, &e))?;
            &owned
        }
    };
    let [xff, forwarded, cf] = read_headers(headers)?;
    let proxy_headers = ProxyHeaders {
        x_forwarded_for: &xff,
        forwarded: &forwarded,
        cf_connecting_ip: &cf,
    };
    let found = edgeward_core::net::client_ip(&peer, &proxy_headers, trusted, &options)
        .map_err(|e| to_py(py, &e))?;
    Ok(ClientIp {
        ip: found.ip.map(|ip| ip.to_string()),
        chain: found.chain.iter().map(ToString::to_string).collect(),
        reason: found.reason.as_str(),
        explanation: found.explanation,
    })
}
