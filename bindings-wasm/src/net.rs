//! Network guards: the `IpAllowlist` class and `clientIp` of the JS API (`lib/net.js`).
//! Types in, core errors out; the logic is `edgeward_js::net`.

use crate::to_js;
use edgeward_core::net::IpAllowlist;
use edgeward_js::net::{ClientIpArgs, client_ip_flat, ip_allowlist};
use wasm_bindgen::prelude::*;

/// The compiled ranges behind the JS `IpAllowlist` class.
#[wasm_bindgen(js_name = IpAllowlist)]
pub struct WasmIpAllowlist {
    inner: IpAllowlist,
}

#[wasm_bindgen(js_class = IpAllowlist)]
impl WasmIpAllowlist {
    /// Parses and merges `entries` (ranges, addresses, preset names).
    #[wasm_bindgen(constructor)]
    pub fn new(
        entries: Vec<String>,
        allow_host_bits: bool,
        max_entries: Option<f64>,
    ) -> Result<WasmIpAllowlist, JsValue> {
        let inner = ip_allowlist(&entries, allow_host_bits, max_entries).map_err(to_js)?;
        Ok(WasmIpAllowlist { inner })
    }

    /// Whether `ip` is in the ranges; `NETWORK_INVALID_IP` when it is not an address.
    pub fn allows(&self, ip: &str) -> Result<bool, JsValue> {
        self.inner.allows(ip).map_err(to_js)
    }

    /// The number of ranges as listed.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// `clientIp` with these ranges as the trusted proxies: `[reason, ip, explanation, ...chain]`.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = clientIp)]
    pub fn client_ip(
        &self,
        peer: &str,
        x_forwarded_for: Vec<String>,
        forwarded: Vec<String>,
        cf_connecting_ip: Vec<String>,
        header: Option<String>,
        max_hops: Option<f64>,
        max_header_bytes: Option<f64>,
        explain: bool,
    ) -> Result<Vec<String>, JsValue> {
        let args = ClientIpArgs {
            peer,
            x_forwarded_for: &x_forwarded_for,
            forwarded: &forwarded,
            cf_connecting_ip: &cf_connecting_ip,
            header: header.as_deref(),
            max_hops,
            max_header_bytes,
            explain,
        };
        client_ip_flat(&self.inner, &args).map_err(to_js)
    }
}

/// Throws the core's error for a ranges argument of the wrong type.
#[wasm_bindgen(js_name = netEntriesError)]
pub fn net_entries_error(given: &str) -> Result<(), JsValue> {
    Err(to_js(edgeward_js::net::entries_type_error(given)))
}

/// Throws the core's error for an argument of the wrong type or shape.
#[wasm_bindgen(js_name = netOptionsError)]
pub fn net_options_error(reason: &str) -> Result<(), JsValue> {
    Err(to_js(edgeward_js::net::options_error(reason)))
}

/// Throws the core's error for an address argument that is not a string.
#[wasm_bindgen(js_name = netIpError)]
pub fn net_ip_error(what: &str, given: &str) -> Result<(), JsValue> {
    Err(to_js(edgeward_js::net::ip_type_error(what, given)))
}
