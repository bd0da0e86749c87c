//! The errors the facade raises for misuse it detects in JS values (a payload that is neither
//! bytes nor a string, a secret that is not a string), and the error codes' families: the
//! core's errors, so that `.code` and the message are the same from every backend.

use edgeward_core::{Error, ErrorCode};

/// `INVALID_PAYLOAD` for a payload that is neither bytes nor a string (`given` describes it).
pub fn payload_error(given: &str) -> Error {
    Error::payload_not_raw(given)
}

/// `INVALID_PAYLOAD` for a string payload holding an unpaired UTF-16 surrogate: it has no
/// UTF-8 form, and converting it would hash other bytes than the caller holds.
pub fn payload_surrogate_error() -> Error {
    Error::payload_unpaired_surrogate("string")
}

/// `INVALID_SECRET` for a secret that is not a string (`given` describes it).
pub fn secret_error(given: &str) -> Error {
    Error::secret_not_text(given)
}

/// The family (`"webhook"`, …) of an error code, or `None` for unknown codes.
pub fn error_family(code: &str) -> Option<&'static str> {
    ErrorCode::from_code(code).map(|c| c.family().as_str())
}

/// Every error code the core can produce.
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_families() {
        let codes = error_codes();
        assert!(codes.contains(&"INVALID_PAYLOAD"));
        assert!(codes.iter().all(|c| error_family(c).is_some()));
        assert_eq!(error_family("NOPE"), None);
        assert_eq!(payload_error("number").code().as_str(), "INVALID_PAYLOAD");
        assert_eq!(payload_surrogate_error().code().as_str(), "INVALID_PAYLOAD");
        assert_eq!(secret_error("number").code().as_str(), "INVALID_SECRET");
    }
}
