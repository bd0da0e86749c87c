//! Refresh before expiry, with a skew that cannot make a token refresh forever.

use crate::Error;

/// Refresh this many seconds before the access token expires.
pub const DEFAULT_REFRESH_SKEW_SECONDS: i64 = 60;

/// Whether a token expiring at `expires_at` (Unix seconds) should be refreshed at `now`: from
/// `skew_seconds` before its expiry on. With `issued_at` (when the token was obtained), a skew
/// not smaller than the token's lifetime is refused: it would refresh on every request.
pub fn needs_refresh(
    expires_at: i64,
    now: i64,
    skew_seconds: i64,
    issued_at: Option<i64>,
) -> Result<bool, Error> {
    if skew_seconds < 0 {
        return Err(Error::OAuthInvalidOptions {
            reason: format!("skewSeconds must not be negative, got {skew_seconds}"),
        });
    }
    if let Some(issued_at) = issued_at {
        let lifetime = expires_at.saturating_sub(issued_at);
        if skew_seconds >= lifetime {
            return Err(Error::OAuthInvalidOptions {
                reason: format!(
                    "skewSeconds ({skew_seconds}) must be smaller than the token's lifetime \
                     ({lifetime} s), or every request would refresh it"
                ),
            });
        }
    }
    Ok(now >= expires_at.saturating_sub(skew_seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_window() {
        assert_eq!(needs_refresh(1000, 900, 60, None).ok(), Some(false));
        assert_eq!(needs_refresh(1000, 940, 60, None).ok(), Some(true));
        assert_eq!(needs_refresh(1000, 2000, 60, None).ok(), Some(true));
        assert!(needs_refresh(1000, 0, 60, Some(950)).is_err());
        assert!(needs_refresh(1000, 0, 49, Some(950)).is_ok());
        assert!(needs_refresh(1000, 0, -1, None).is_err());
    }
}
