//! `Webhook` and `ReplayGuard` of the JS API: attribute shims over `edgeward_js::webhook`.

use crate::{Result, to_js};
use edgeward_js::webhook::{self, Delivery, HeaderValue, JsReplayGuard, JsWebhook};
use napi::bindgen_prelude::{Either, Null};
use napi_derive::napi;

/// A delivery that is not packed: `[timestamp | null, secretIndex, id | null, replayKey |
/// null, replayTtl | null]` (an array is several times cheaper to build through Node-API than
/// an object, whose property names would be created on every call).
pub type FullDelivery = (
    Either<i64, Null>,
    u32,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// What the facade hands over for the headers: the one value of a one-header scheme, or per
/// name `undefined`, a string, or every value received as an array.
pub type Values = Either<String, Vec<Option<Either<String, Vec<String>>>>>;

fn delivery(d: Delivery) -> Either<f64, FullDelivery> {
    match d {
        Delivery::Packed(n) => Either::A(n),
        Delivery::Full(f) => Either::B((
            f.timestamp.map_or(Either::B(Null), Either::A),
            f.secret_index,
            f.id,
            f.replay_key,
            f.replay_ttl,
        )),
    }
}

/// The replay guard behind the JS `ReplayGuard` class.
#[napi(js_name = "ReplayGuard")]
pub struct NativeReplayGuard {
    inner: JsReplayGuard,
}

#[napi]
impl NativeReplayGuard {
    /// A guard remembering at most `max_entries` deliveries (default 10 000).
    #[napi(constructor)]
    pub fn new(max_entries: Option<f64>) -> Result<Self> {
        let inner = JsReplayGuard::new(max_entries).map_err(to_js)?;
        Ok(NativeReplayGuard { inner })
    }

    /// How many deliveries are remembered.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.size()).unwrap_or(u32::MAX)
    }

    /// The capacity given at construction.
    #[napi(getter)]
    pub fn max_entries(&self) -> u32 {
        u32::try_from(self.inner.max_entries()).unwrap_or(u32::MAX)
    }

    /// How many deliveries were refused with `WEBHOOK_REPLAY_GUARD_FULL`.
    #[napi(getter)]
    pub fn refused_full(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // beyond 2^53 would take centuries
        let n = self.inner.refused_full() as f64;
        n
    }
}

/// The webhook verifier behind the JS `Webhook` class.
#[napi(js_name = "Webhook")]
pub struct NativeWebhook {
    inner: JsWebhook,
}

#[napi]
impl NativeWebhook {
    /// See `edgeward_js::webhook::JsWebhook::new`.
    #[napi(constructor)]
    pub fn new(
        secrets: Vec<String>,
        scheme: Option<String>,
        tolerance_seconds: Option<f64>,
        secret_format: Option<String>,
        retention_seconds: Option<f64>,
    ) -> Result<Self> {
        let inner = JsWebhook::new(
            secrets,
            scheme.as_deref(),
            tolerance_seconds,
            secret_format.as_deref(),
            retention_seconds,
        )
        .map_err(to_js)?;
        Ok(NativeWebhook { inner })
    }

    /// The scheme's name.
    #[napi(getter)]
    pub fn scheme(&self) -> &'static str {
        self.inner.scheme()
    }

    /// Every header the scheme reads (lowercase), in the order `verify*` takes their values.
    #[napi(getter)]
    pub fn header_names(&self) -> Vec<&'static str> {
        self.inner.header_names().to_vec()
    }

    /// The header a bare header string stands for.
    #[napi(getter)]
    pub fn signature_header(&self) -> &'static str {
        self.inner.signature_header()
    }

    /// Whether `sign` answers the signature header's value alone (the core's rule).
    #[napi(getter)]
    pub fn signs_one_value(&self) -> bool {
        self.inner.signs_one_value()
    }

    /// Records every verified delivery in `guard` from now on (refusing replays).
    #[napi]
    pub fn set_replay_guard(&mut self, guard: &NativeReplayGuard) {
        self.inner.set_replay_guard(&guard.inner);
    }

    /// Verifies a payload given as bytes (any Uint8Array, not copied).
    #[napi]
    pub fn verify_bytes(
        &self,
        payload: &[u8],
        values: Values,
        now: f64,
        with_key: bool,
    ) -> Result<Either<f64, FullDelivery>> {
        let verified = match &values {
            Either::A(one) => self.inner.verify_one(payload, one, now, with_key),
            Either::B(all) => self
                .inner
                .verify(payload, &header_values(all), now, with_key),
        };
        verified.map(delivery).map_err(to_js)
    }

    /// The headers that name the event or carry its id (lowercase), in the order
    /// `readEvent*` takes their values.
    #[napi(getter)]
    pub fn event_header_names(&self) -> Vec<&'static str> {
        self.inner.event_header_names().to_vec()
    }

    /// The event of a payload `verify*` just accepted, as bytes: `[type, id, innerType,
    /// bigints]`, see `edgeward_js::webhook::JsWebhook::read_event`.
    #[napi]
    pub fn read_event_bytes(
        &self,
        payload: &[u8],
        values: Vec<Option<Either<String, Vec<String>>>>,
        verified_id: Option<String>,
        max_bytes: Option<f64>,
    ) -> Result<Vec<Option<String>>> {
        self.inner
            .read_event(
                payload,
                &header_values(&values),
                verified_id.as_deref(),
                max_bytes,
            )
            .map(|facts| facts.into_array().to_vec())
            .map_err(to_js)
    }

    /// `readEventBytes` of a payload given as a string.
    #[napi]
    pub fn read_event_string(
        &self,
        payload: String,
        values: Vec<Option<Either<String, Vec<String>>>>,
        verified_id: Option<String>,
        max_bytes: Option<f64>,
    ) -> Result<Vec<Option<String>>> {
        self.read_event_bytes(payload.as_bytes(), values, verified_id, max_bytes)
    }

    /// Verifies a payload given as a string (hashed as its UTF-8 bytes).
    #[napi]
    pub fn verify_string(
        &self,
        payload: String,
        values: Values,
        now: f64,
        with_key: bool,
    ) -> Result<Either<f64, FullDelivery>> {
        self.verify_bytes(payload.as_bytes(), values, now, with_key)
    }

    /// Signs a payload given as bytes, returning the signature header's value.
    #[napi]
    pub fn sign_bytes(&self, payload: &[u8], timestamp: f64) -> Result<String> {
        self.inner.sign(payload, timestamp).map_err(to_js)
    }

    /// Signs a payload given as a string.
    #[napi]
    pub fn sign_string(&self, payload: String, timestamp: f64) -> Result<String> {
        self.sign_bytes(payload.as_bytes(), timestamp)
    }

    /// Every header a sender sets, flattened as `[name, value, …]`.
    #[napi]
    pub fn sign_headers_bytes(
        &self,
        payload: &[u8],
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>> {
        let headers = self.inner.sign_headers(payload, timestamp, id.as_deref());
        headers.map_err(to_js)
    }

    /// See `sign_headers_bytes`.
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

/// Throws `WEBHOOK_REPLAYED`; `by_id` tells whether the scheme identifies deliveries by a signed id.
#[napi]
pub fn replayed_error(by_id: bool) -> Result<()> {
    Err(to_js(webhook::replayed_error(by_id)))
}

/// Throws `WEBHOOK_INVALID_OPTIONS` with `reason` (a misused argument the facade detected).
#[napi]
pub fn webhook_options_error(reason: String) -> Result<()> {
    Err(to_js(webhook::options_error(reason)))
}

/// What JS passed for each header name (absent, one value, or every occurrence), as the
/// shared layer takes it.
fn header_values(values: &[Option<Either<String, Vec<String>>>]) -> Vec<HeaderValue<&str>> {
    values
        .iter()
        .map(|v| match v {
            None => HeaderValue::Absent,
            Some(Either::A(one)) => HeaderValue::One(one.as_str()),
            Some(Either::B(many)) => HeaderValue::Many(many.iter().map(String::as_str).collect()),
        })
        .collect()
}
