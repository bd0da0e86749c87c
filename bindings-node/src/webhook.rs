//! The webhook verifier and the replay guard: `Webhook` and `ReplayGuard` in the JS API.
//!
//! The JS layer (`lib/webhook.js`) reads the request's headers by the names the core's
//! scheme asks for ([`NativeWebhook::header_names`]) and passes only their values here, in
//! that order; every decision (parsing, MACs, timestamps, replay keys) is the core's.

use crate::{Result, to_js};
use edgeward_core::webhook::{retention_from_f64, tolerance_from_f64, unix_seconds_from_f64};
use edgeward_core::{
    Error as CoreError, ReplayGuard, Scheme, SecretFormat, Verified, Webhook, WebhookOptions,
};
use napi::bindgen_prelude::{Either, Null};
use napi_derive::napi;
use std::cell::RefCell;
use std::rc::Rc;
use std::str::FromStr;
use zeroize::Zeroizing;

/// A verified delivery as `[timestamp | null, secretIndex, id | null, replayKey | null,
/// replayTtl | null]`; `lib/webhook.js` makes the result object. An array is several times
/// cheaper to build through Node-API than an object, whose property names would be created
/// and internalised on every call.
pub type Delivery = (
    Either<i64, Null>,
    u32,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// Secret indexes take the low bits of a packed delivery (there are at most 16 secrets).
const INDEX_BITS: u32 = 5;

/// The delivery of `v`. The common case (a signed timestamp, no id, no replay key asked for)
/// is one number, `timestamp * 32 + secretIndex`, exact below 2^53: creating a number is the
/// cheapest thing Node-API does. Otherwise the array of [`Delivery`].
fn delivery(v: Verified, now: i64, with_key: bool) -> Either<f64, Delivery> {
    let secret_index = u32::try_from(v.secret_index).unwrap_or(u32::MAX);
    if let (Some(t), None, false) = (v.signed_timestamp(), &v.id, with_key)
        && secret_index < (1 << INDEX_BITS)
        && (0..1_i64 << (53 - INDEX_BITS)).contains(&t)
    {
        #[allow(clippy::cast_precision_loss)] // below 2^53: exact
        let packed = ((t << INDEX_BITS) | i64::from(secret_index)) as f64;
        return Either::A(packed);
    }
    let (replay_key, replay_ttl) = if with_key {
        let ttl = i64::try_from(v.replay_ttl_seconds(now)).unwrap_or(i64::MAX);
        (Some(v.replay_key().to_string()), Some(ttl))
    } else {
        (None, None)
    };
    let timestamp = match v.signed_timestamp() {
        Some(t) => Either::A(t),
        None => Either::B(Null),
    };
    Either::B((timestamp, secret_index, v.id, replay_key, replay_ttl))
}

fn invalid_options(reason: String) -> CoreError {
    CoreError::InvalidOptions { reason }
}

/// The native in-memory replay guard behind the JS `ReplayGuard` class. Shared (not
/// copied) by every `Webhook` it is given to; JS is single-threaded, so no lock is needed.
#[napi]
pub struct NativeReplayGuard {
    inner: Rc<RefCell<ReplayGuard>>,
}

#[napi]
impl NativeReplayGuard {
    /// A guard remembering at most `max_entries` deliveries (default 10 000).
    #[napi(constructor)]
    pub fn new(max_entries: Option<f64>) -> Result<Self> {
        let guard = match max_entries {
            None => ReplayGuard::default(),
            Some(n) => {
                let whole = n.is_finite() && n.fract() == 0.0 && n >= 1.0;
                // Beyond 2^53 the conversion saturates; the core refuses it as too large.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let count = if whole { n as usize } else { 0 };
                ReplayGuard::new(count).map_err(|_| {
                    to_js(invalid_options(format!(
                        "maxEntries must be a whole number between 1 and {}, got {n}",
                        edgeward_core::webhook::MAX_REPLAY_MAX_ENTRIES
                    )))
                })?
            }
        };
        Ok(NativeReplayGuard {
            inner: Rc::new(RefCell::new(guard)),
        })
    }

    /// How many deliveries are remembered.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        let len = self.inner.try_borrow().map_or(0, |g| g.len());
        u32::try_from(len).unwrap_or(u32::MAX)
    }

    /// The capacity given at construction.
    #[napi(getter)]
    pub fn max_entries(&self) -> u32 {
        let max = self.inner.try_borrow().map_or(0, |g| g.max_entries());
        u32::try_from(max).unwrap_or(u32::MAX)
    }

    /// How many deliveries were refused with `REPLAY_GUARD_FULL` (the guard never evicts).
    #[napi(getter)]
    pub fn refused_full(&self) -> f64 {
        // Counts beyond 2^53 would take centuries of deliveries.
        #[allow(clippy::cast_precision_loss)]
        self.inner
            .try_borrow()
            .map_or(0.0, |g| g.refused_full() as f64)
    }
}

/// The native webhook verifier behind the JS `Webhook` class.
#[napi]
pub struct NativeWebhook {
    inner: Webhook,
    guard: Option<Rc<RefCell<ReplayGuard>>>,
}

#[napi]
impl NativeWebhook {
    /// Builds the verifier; `secrets` newest first. `scheme` and `secret_format` are names
    /// (`"stripe"`, `"provider"`, …); `retention_seconds` is how long deliveries of schemes
    /// without a timestamp are remembered; `None` takes the defaults.
    #[napi(constructor)]
    pub fn new(
        secrets: Vec<String>,
        scheme: Option<String>,
        tolerance_seconds: Option<f64>,
        secret_format_name: Option<String>,
        retention_seconds: Option<f64>,
    ) -> Result<Self> {
        let secrets: Vec<Zeroizing<String>> = secrets.into_iter().map(Zeroizing::new).collect();
        let mut options = WebhookOptions::default();
        if let Some(name) = scheme {
            options.scheme = Scheme::from_str(&name).map_err(to_js)?;
        }
        if let Some(t) = tolerance_seconds {
            options.tolerance_seconds = tolerance_from_f64(t).map_err(to_js)?;
        }
        if let Some(name) = secret_format_name {
            options.secret_format = name.parse::<SecretFormat>().map_err(to_js)?;
        }
        if let Some(r) = retention_seconds {
            options.replay_retention_seconds = retention_from_f64(r).map_err(to_js)?;
        }
        let refs: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
        Webhook::new(&refs, options)
            .map(|inner| NativeWebhook { inner, guard: None })
            .map_err(to_js)
    }

    /// The scheme's name.
    #[napi(getter)]
    pub fn scheme(&self) -> &'static str {
        self.inner.scheme().as_str()
    }

    /// Every header the scheme reads (lowercase), in the order `verify*` takes their values.
    #[napi(getter)]
    pub fn header_names(&self) -> Vec<&'static str> {
        self.inner.scheme().header_names().to_vec()
    }

    /// The header a bare header string stands for.
    #[napi(getter)]
    pub fn signature_header(&self) -> &'static str {
        self.inner.scheme().signature_header()
    }

    /// Records every verified delivery in `guard` from now on (refusing replays).
    #[napi]
    pub fn set_replay_guard(&mut self, guard: &NativeReplayGuard) {
        self.guard = Some(Rc::clone(&guard.inner));
    }

    /// Verifies a payload given as bytes (Buffer or any Uint8Array, not copied); `values` are
    /// the values of `headerNames`, in order, or the one value as a string for schemes that
    /// read one header. With `with_key`, the result carries the replay key and its time to
    /// live, for an external store.
    #[napi]
    pub fn verify_bytes(
        &self,
        payload: &[u8],
        values: Either<String, Vec<Option<String>>>,
        now: f64,
        with_key: bool,
    ) -> Result<Either<f64, Delivery>> {
        let now = unix_seconds_from_f64(now).map_err(to_js)?;
        let values: Vec<Option<&str>> = match &values {
            Either::A(one) => vec![Some(one.as_str())],
            Either::B(all) => all.iter().map(Option::as_deref).collect(),
        };
        let verified = self
            .inner
            .verify_values(payload, &values, now)
            .map_err(to_js)?;
        // Only a delivery whose signature verified is recorded.
        if let Some(guard) = &self.guard {
            let mut guard = guard.try_borrow_mut().map_err(|_| {
                to_js(invalid_options(
                    "the replay guard is in use by another call".to_owned(),
                ))
            })?;
            guard.check(&verified, now).map_err(to_js)?;
        }
        Ok(delivery(verified, now, with_key))
    }

    /// Verifies a payload given as a string (hashed as its UTF-8 bytes).
    #[napi]
    pub fn verify_string(
        &self,
        payload: String,
        values: Either<String, Vec<Option<String>>>,
        now: f64,
        with_key: bool,
    ) -> Result<Either<f64, Delivery>> {
        self.verify_bytes(payload.as_bytes(), values, now, with_key)
    }

    /// Signs a payload given as bytes at `timestamp`, returning the signature header value.
    #[napi]
    pub fn sign_bytes(&self, payload: &[u8], timestamp: f64) -> Result<String> {
        let timestamp = unix_seconds_from_f64(timestamp).map_err(to_js)?;
        self.inner.sign(payload, timestamp).map_err(to_js)
    }

    /// Signs a payload given as a string.
    #[napi]
    pub fn sign_string(&self, payload: String, timestamp: f64) -> Result<String> {
        self.sign_bytes(payload.as_bytes(), timestamp)
    }

    /// Signs a payload given as bytes; returns every header a sender sets, flattened as
    /// `[name, value, name, value, …]` in the core's order.
    #[napi]
    pub fn sign_headers_bytes(
        &self,
        payload: &[u8],
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>> {
        let timestamp = unix_seconds_from_f64(timestamp).map_err(to_js)?;
        let headers = self
            .inner
            .sign_headers(payload, timestamp, id.as_deref())
            .map_err(to_js)?;
        Ok(headers
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect())
    }

    /// Signs a payload given as a string; see `sign_headers_bytes`.
    #[napi]
    pub fn sign_headers_string(
        &self,
        payload: String,
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>> {
        self.sign_headers_bytes(payload.as_bytes(), timestamp, id)
    }
}

/// Throws `REPLAYED` for a delivery an external store reported as seen; `by_id` tells
/// whether the scheme identifies deliveries by a signed id.
#[napi]
pub fn replayed_error(by_id: bool) -> Result<()> {
    Err(to_js(CoreError::Replayed {
        by: if by_id { "id" } else { "signature" },
    }))
}

/// Throws `INVALID_OPTIONS` with `reason` (a misused argument the JS layer detected).
#[napi]
pub fn webhook_options_error(reason: String) -> Result<()> {
    Err(to_js(invalid_options(reason)))
}
