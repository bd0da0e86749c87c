//! `Webhook` and `ReplayGuard` of the JS API: attribute shims over `edgeward_js::webhook`.

use crate::to_js;
use edgeward_js::webhook::{self, Delivery, HeaderValue, JsReplayGuard, JsWebhook};
use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A delivery as the facade reads it: the packed number, or the array `[timestamp | null,
/// secretIndex, id | null, replayKey | null, replayTtl | null]`.
fn delivery(d: Delivery) -> JsValue {
    match d {
        Delivery::Packed(n) => JsValue::from_f64(n),
        Delivery::Full(f) => {
            // Unix seconds and TTLs within any tolerance of a real clock are below 2^53.
            #[allow(clippy::cast_precision_loss)]
            let number = |n: i64| JsValue::from_f64(n as f64);
            let string = |s: Option<String>| s.map_or(JsValue::NULL, |s| JsValue::from_str(&s));
            Array::of5(
                &f.timestamp.map_or(JsValue::NULL, number),
                &JsValue::from_f64(f64::from(f.secret_index)),
                &string(f.id),
                &string(f.replay_key),
                &f.replay_ttl.map_or(JsValue::NULL, number),
            )
            .into()
        }
    }
}

/// One header's values as the facade gives them: `undefined`, a string, or an array of
/// strings (anything else counts as absent; the facade refuses it before).
fn header_value(value: JsValue) -> HeaderValue<String> {
    if let Some(one) = value.as_string() {
        HeaderValue::One(one)
    } else if let Some(many) = value.dyn_ref::<Array>() {
        HeaderValue::Many(many.iter().filter_map(|v| v.as_string()).collect())
    } else {
        HeaderValue::Absent
    }
}

/// The replay guard behind the JS `ReplayGuard` class.
#[wasm_bindgen(js_name = ReplayGuard)]
pub struct WasmReplayGuard {
    inner: JsReplayGuard,
}

#[wasm_bindgen(js_class = ReplayGuard)]
impl WasmReplayGuard {
    /// A guard remembering at most `max_entries` deliveries (default 10 000).
    #[wasm_bindgen(constructor)]
    pub fn new(max_entries: Option<f64>) -> Result<WasmReplayGuard, JsValue> {
        let inner = JsReplayGuard::new(max_entries).map_err(to_js)?;
        Ok(WasmReplayGuard { inner })
    }

    /// How many deliveries are remembered.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.size()).unwrap_or(u32::MAX)
    }

    /// The capacity given at construction.
    #[wasm_bindgen(getter, js_name = maxEntries)]
    pub fn max_entries(&self) -> u32 {
        u32::try_from(self.inner.max_entries()).unwrap_or(u32::MAX)
    }

    /// How many deliveries were refused with `WEBHOOK_REPLAY_GUARD_FULL`.
    #[wasm_bindgen(getter, js_name = refusedFull)]
    pub fn refused_full(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // beyond 2^53 would take centuries
        let n = self.inner.refused_full() as f64;
        n
    }
}

/// The webhook verifier behind the JS `Webhook` class.
#[wasm_bindgen(js_name = Webhook)]
pub struct WasmWebhook {
    inner: JsWebhook,
}

impl WasmWebhook {
    fn verify_payload(
        &self,
        payload: &[u8],
        values: JsValue,
        now: f64,
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        let verified = if let Some(one) = values.as_string() {
            self.inner.verify_one(payload, &one, now, with_key)
        } else {
            // Not an array: no values, which the core refuses (one per header is needed).
            let all: Vec<HeaderValue<String>> = values
                .dyn_into::<Array>()
                .map(|all| all.iter().map(header_value).collect())
                .unwrap_or_default();
            self.inner.verify(payload, &all, now, with_key)
        };
        verified.map(delivery).map_err(to_js)
    }
}

#[wasm_bindgen(js_class = Webhook)]
impl WasmWebhook {
    /// See `edgeward_js::webhook::JsWebhook::new`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        secrets: Vec<String>,
        scheme: Option<String>,
        tolerance_seconds: Option<f64>,
        secret_format: Option<String>,
        retention_seconds: Option<f64>,
    ) -> Result<WasmWebhook, JsValue> {
        let inner = JsWebhook::new(
            secrets,
            scheme.as_deref(),
            tolerance_seconds,
            secret_format.as_deref(),
            retention_seconds,
        )
        .map_err(to_js)?;
        Ok(WasmWebhook { inner })
    }

    /// The scheme's name.
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().to_owned()
    }

    /// Every header the scheme reads (lowercase), in the order `verify*` takes their values.
    #[wasm_bindgen(getter, js_name = headerNames)]
    pub fn header_names(&self) -> Vec<String> {
        self.inner
            .header_names()
            .iter()
            .map(|name| (*name).to_owned())
            .collect()
    }

    /// The header a bare header string stands for.
    #[wasm_bindgen(getter, js_name = signatureHeader)]
    pub fn signature_header(&self) -> String {
        self.inner.signature_header().to_owned()
    }

    /// Whether `sign` answers the signature header's value alone (the core's rule).
    #[wasm_bindgen(getter, js_name = signsOneValue)]
    pub fn signs_one_value(&self) -> bool {
        self.inner.signs_one_value()
    }

    /// Records every verified delivery in `guard` from now on (refusing replays).
    #[wasm_bindgen(js_name = setReplayGuard)]
    pub fn set_replay_guard(&mut self, guard: &WasmReplayGuard) {
        self.inner.set_replay_guard(&guard.inner);
    }

    /// Verifies a payload given as bytes; `values` as the facade hands them over.
    #[wasm_bindgen(js_name = verifyBytes)]
    pub fn verify_bytes(
        &self,
        payload: &[u8],
        values: JsValue,
        now: f64,
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        self.verify_payload(payload, values, now, with_key)
    }

    /// The headers that name the event or carry its id (lowercase), in the order
    /// `readEvent*` takes their values.
    #[wasm_bindgen(getter, js_name = eventHeaderNames)]
    pub fn event_header_names(&self) -> Vec<String> {
        self.inner
            .event_header_names()
            .iter()
            .map(|name| (*name).to_owned())
            .collect()
    }

    /// The event of a payload `verify*` just accepted, as bytes: `[type, id, innerType,
    /// bigints]`, see `edgeward_js::webhook::JsWebhook::read_event`.
    #[wasm_bindgen(js_name = readEventBytes)]
    pub fn read_event_bytes(
        &self,
        payload: &[u8],
        values: JsValue,
        verified_id: Option<String>,
        max_bytes: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let all: Vec<HeaderValue<String>> = values
            .dyn_into::<Array>()
            .map(|all| all.iter().map(header_value).collect())
            .unwrap_or_default();
        let facts = self
            .inner
            .read_event(payload, &all, verified_id.as_deref(), max_bytes)
            .map_err(to_js)?;
        let string = |s: Option<String>| s.map_or(JsValue::NULL, |s| JsValue::from_str(&s));
        let [kind, id, inner, bigints] = facts.into_array();
        Ok(Array::of4(&string(kind), &string(id), &string(inner), &string(bigints)).into())
    }

    /// `readEventBytes` of a payload given as a string.
    #[wasm_bindgen(js_name = readEventString)]
    pub fn read_event_string(
        &self,
        payload: &str,
        values: JsValue,
        verified_id: Option<String>,
        max_bytes: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        self.read_event_bytes(payload.as_bytes(), values, verified_id, max_bytes)
    }

    /// Verifies a payload given as a string (hashed as its UTF-8 bytes).
    #[wasm_bindgen(js_name = verifyString)]
    pub fn verify_string(
        &self,
        payload: &str,
        values: JsValue,
        now: f64,
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        self.verify_payload(payload.as_bytes(), values, now, with_key)
    }

    /// Signs a payload given as bytes, returning the signature header's value.
    #[wasm_bindgen(js_name = signBytes)]
    pub fn sign_bytes(&self, payload: &[u8], timestamp: f64) -> Result<String, JsValue> {
        self.inner.sign(payload, timestamp).map_err(to_js)
    }

    /// Signs a payload given as a string.
    #[wasm_bindgen(js_name = signString)]
    pub fn sign_string(&self, payload: &str, timestamp: f64) -> Result<String, JsValue> {
        self.sign_bytes(payload.as_bytes(), timestamp)
    }

    /// Every header a sender sets, flattened as `[name, value, …]`.
    #[wasm_bindgen(js_name = signHeadersBytes)]
    pub fn sign_headers_bytes(
        &self,
        payload: &[u8],
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>, JsValue> {
        let headers = self.inner.sign_headers(payload, timestamp, id.as_deref());
        headers.map_err(to_js)
    }

    /// See `signHeadersBytes`.
    #[wasm_bindgen(js_name = signHeadersString)]
    pub fn sign_headers_string(
        &self,
        payload: &str,
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>, JsValue> {
        self.sign_headers_bytes(payload.as_bytes(), timestamp, id)
    }
}

/// Throws `WEBHOOK_REPLAYED`; `by_id` tells whether the scheme identifies deliveries by a signed id.
#[wasm_bindgen(js_name = replayedError)]
pub fn replayed_error(by_id: bool) -> Result<(), JsValue> {
    Err(to_js(webhook::replayed_error(by_id)))
}

/// Throws `WEBHOOK_INVALID_OPTIONS` with `reason` (a misused argument the facade detected).
#[wasm_bindgen(js_name = webhookOptionsError)]
pub fn webhook_options_error(reason: String) -> Result<(), JsValue> {
    Err(to_js(webhook::options_error(reason)))
}

/// A delivery whose headers the core read and checked, waiting for the MAC that
/// `verifyAsync` computes with WebCrypto (see `edgeward_core::webhook::PendingMac`): the
/// core asks for one secret's MAC at a time and gives every verdict itself.
#[wasm_bindgen]
pub struct WasmPendingMac {
    inner: webhook::PendingMac,
}

#[wasm_bindgen]
impl WasmPendingMac {
    /// The signed content's bytes before the payload.
    #[wasm_bindgen(getter)]
    pub fn prefix(&self) -> Vec<u8> {
        self.inner.prefix().to_vec()
    }

    /// The signed content's bytes after the payload.
    #[wasm_bindgen(getter)]
    pub fn suffix(&self) -> Vec<u8> {
        self.inner.suffix().to_vec()
    }

    /// The index of the secret whose MAC is needed next; `undefined` once decided.
    #[wasm_bindgen(getter, js_name = nextKey)]
    pub fn next_key(&self) -> Option<u32> {
        self.inner
            .next_key()
            .and_then(|index| u32::try_from(index).ok())
    }
}

#[wasm_bindgen(js_class = Webhook)]
impl WasmWebhook {
    /// Reads and checks the header `values` (as `verifyBytes` takes them) at `now`, for a
    /// verification whose MAC WebCrypto computes; `undefined` when the endpoint must verify
    /// inline (an Ed25519 key). Throws what `verifyBytes` throws before hashing.
    #[wasm_bindgen(js_name = prepareMac)]
    pub fn prepare_mac(
        &self,
        values: JsValue,
        now: f64,
    ) -> Result<Option<WasmPendingMac>, JsValue> {
        let values: Vec<HeaderValue<String>> = if let Some(one) = values.as_string() {
            vec![HeaderValue::One(one)]
        } else {
            values
                .dyn_into::<Array>()
                .map(|all| all.iter().map(header_value).collect())
                .unwrap_or_default()
        };
        let pending = self.inner.prepare_mac(&values, now).map_err(to_js)?;
        Ok(pending.map(|inner| WasmPendingMac { inner }))
    }

    /// The HMAC key of the secret at `index`, for WebCrypto's `importKey` (a copy: the
    /// caller zeroes it once imported); `undefined` for an Ed25519 key.
    #[wasm_bindgen(js_name = hmacKey)]
    pub fn hmac_key(&self, index: u32) -> Option<Vec<u8>> {
        self.inner.hmac_key(index)
    }

    /// Gives the core `tag`, the MAC under the secret at `index` (`pending.nextKey`) of
    /// `prefix ‖ payload ‖ suffix`. Returns the delivery (as `verifyBytes` does, recorded in
    /// the replay guard if any), throws the verdict's error, or returns `undefined` when the
    /// MAC under `pending.nextKey` is needed too.
    #[wasm_bindgen(js_name = finishMac)]
    pub fn finish_mac(
        &self,
        pending: &mut WasmPendingMac,
        index: u32,
        tag: &[u8],
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        let delivered = self
            .inner
            .finish_mac(&mut pending.inner, index, tag, with_key)
            .map_err(to_js)?;
        Ok(delivered.map_or(JsValue::UNDEFINED, delivery))
    }
}
