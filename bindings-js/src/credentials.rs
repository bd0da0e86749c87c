//! JS-style arguments of the credential helpers: Unix seconds and durations arrive as `f64`.

use crate::{Error, Result};

/// `value` as whole Unix seconds (fractions dropped, as `Date.now() / 1000` has them), or the
/// `invalid` error when it is not a finite number.
pub(crate) fn unix_seconds(value: f64, invalid: impl Fn(String) -> Error) -> Result<i64> {
    if !value.is_finite() || value.abs() > 1e15 {
        return Err(invalid(
            "`now` must be a finite number of Unix seconds (or a Date)".to_owned(),
        ));
    }
    #[allow(clippy::cast_possible_truncation)] // bounded above
    Ok(value.floor() as i64)
}

/// `value` as a whole number of seconds in `1..=max`, named `name` in the error.
pub(crate) fn duration(
    value: f64,
    name: &str,
    min: u64,
    max: u64,
    invalid: impl Fn(String) -> Error,
) -> Result<u64> {
    #[allow(clippy::cast_precision_loss)] // limits are small
    let in_range =
        value.is_finite() && value.fract() == 0.0 && value >= min as f64 && value <= max as f64;
    if !in_range {
        return Err(invalid(format!(
            "`{name}` must be a whole number of seconds between {min} and {max}"
        )));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked above
    Ok(value as u64)
}
