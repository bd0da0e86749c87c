"""Exception classes of edgeward.

The Rust extension raises these directly: one class per stable error code of the core, under
one base class per error family (``WebhookVerificationError``, ``ValidationError``,
``SchemaError``, ``PathError``, ``RedactionError``, ``OAuthError``, ``SealError``,
``KeyHygieneError``, ``PolicyError``), all under ``EdgewardError`` (a
``ValueError``). Messages never contain a secret, a computed MAC or an expected signature.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edgeward._native import ValidationIssue

__all__ = [
    "BY_CODE",
    "BY_FAMILY",
    "EdgewardError",
    "InvalidJsonError",
    "InvalidOptionsError",
    "InvalidPathError",
    "InvalidPayloadError",
    "InvalidSecretError",
    "KeyHygieneError",
    "KeyInvalidOptionsError",
    "KeyRingEmptyError",
    "KeyWrongEnvironmentError",
    "LimitExceededError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "NoSignaturesError",
    "OAuthError",
    "OAuthInvalidOptionsError",
    "PathError",
    "PkceInvalidError",
    "PolicyError",
    "PolicyInvalidError",
    "RandomUnavailableError",
    "RedactionError",
    "RedactionInvalidJsonError",
    "RedactionInvalidOptionsError",
    "RedactionLimitExceededError",
    "ReplayGuardFullError",
    "ReplayedError",
    "SchemaError",
    "SealError",
    "SealExpiredError",
    "SealInvalidError",
    "SealInvalidKeyError",
    "SealInvalidOptionsError",
    "SignatureMismatchError",
    "StateExpiredError",
    "StateInvalidError",
    "StateReplayedError",
    "StateSessionMismatchError",
    "TimestampTooNewError",
    "TimestampTooOldError",
    "ValidationError",
    "ValidationFailedError",
    "ValidationInvalidOptionsError",
    "WebhookVerificationError",
]


class EdgewardError(ValueError):
    """Base class of every edgeward error; ``.code`` is the stable machine-readable code."""

    code: str = ""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class WebhookVerificationError(EdgewardError):
    """A webhook could not be verified, or a ``Webhook`` could not be built."""


class MissingHeaderError(WebhookVerificationError):
    """The signature header is absent or empty."""

    code = "MISSING_HEADER"


class MalformedHeaderError(WebhookVerificationError):
    """The signature header cannot be parsed, or exceeds a limit."""

    code = "MALFORMED_HEADER"


class NoSignaturesError(WebhookVerificationError):
    """The signature header carries no signature of the verified scheme (``v1``)."""

    code = "NO_SIGNATURES"


class TimestampTooOldError(WebhookVerificationError):
    """The signed timestamp is older than the tolerance allows."""

    code = "TIMESTAMP_TOO_OLD"


class TimestampTooNewError(WebhookVerificationError):
    """The signed timestamp lies further in the future than the tolerance allows."""

    code = "TIMESTAMP_TOO_NEW"


class SignatureMismatchError(WebhookVerificationError):
    """No signature in the header matches any configured secret."""

    code = "SIGNATURE_MISMATCH"


class InvalidSecretError(WebhookVerificationError):
    """A secret is unusable (none given, empty, too many, not a ``str``)."""

    code = "INVALID_SECRET"


class InvalidPayloadError(WebhookVerificationError):
    """The payload is not the raw body (``bytes``, ``bytearray``, ``memoryview`` or ``str``)."""

    code = "INVALID_PAYLOAD"


class InvalidOptionsError(WebhookVerificationError):
    """An option is out of range (for example a tolerance of zero)."""

    code = "INVALID_OPTIONS"


class ReplayedError(WebhookVerificationError):
    """The delivery verified, but was already accepted before: a replay or a duplicate."""

    code = "REPLAYED"


class ReplayGuardFullError(WebhookVerificationError):
    """The in-memory ``ReplayGuard`` is full of deliveries it must still remember: the
    delivery is refused rather than forgetting one (which would let that one be replayed).
    Raise ``max_entries``, or use an external store."""

    code = "REPLAY_GUARD_FULL"


class ValidationError(EdgewardError):
    """Input limits, JSON parsing and schema validation.

    ``errors`` lists every issue (``ValidationIssue``) of a document that does not match its
    schema (``ValidationFailedError``); it is empty for the other codes.
    """

    errors: list[ValidationIssue]

    def __init__(
        self, message: str, code: str | None = None, errors: Iterable[ValidationIssue] = ()
    ) -> None:
        super().__init__(message, code)
        self.errors = list(errors)


class ValidationFailedError(ValidationError):
    """A document does not match the schema."""

    code = "VALIDATION_FAILED"


class LimitExceededError(ValidationError):
    """An input exceeds a configured limit, detected before any validation."""

    code = "LIMIT_EXCEEDED"


class InvalidJsonError(ValidationError):
    """The input is not well-formed JSON, or repeats an object key."""

    code = "INVALID_JSON"


class ValidationInvalidOptionsError(ValidationError):
    """Validator options are invalid (an unknown option, a limit out of range, an unknown draft)."""

    code = "VALIDATION_INVALID_OPTIONS"


class SchemaError(EdgewardError):
    """A JSON Schema is itself invalid, or one of its ``$ref`` entries cannot be resolved."""

    code = "SCHEMA_ERROR"


class PathError(EdgewardError):
    """Unsafe request path segments and templates."""


class InvalidPathError(PathError):
    """A path segment or path template parameter is unsafe, missing or unexpected."""

    code = "INVALID_PATH"


class RedactionError(EdgewardError):
    """Redaction: invalid JSON input, limits, options."""


class RedactionInvalidJsonError(RedactionError):
    """The input to the redactor is not well-formed JSON."""

    code = "REDACTION_INVALID_JSON"


class RedactionLimitExceededError(RedactionError):
    """The input to the redactor exceeds a limit (``max_bytes``, or ``max_depth``)."""

    code = "REDACTION_LIMIT_EXCEEDED"


class RedactionInvalidOptionsError(RedactionError):
    """The redactor's options are invalid (a bad path, pattern or limit, a missing hash key)."""

    code = "REDACTION_INVALID_OPTIONS"


class OAuthError(EdgewardError):
    """OAuth state tokens and PKCE: a state or verifier that cannot be accepted."""


class StateInvalidError(OAuthError):
    """The state token is malformed or signed with none of the secrets."""

    code = "STATE_INVALID"


class StateExpiredError(OAuthError):
    """The state token is authentic but older than its time to live."""

    code = "STATE_EXPIRED"


class StateSessionMismatchError(OAuthError):
    """The state token was issued for another session."""

    code = "STATE_SESSION_MISMATCH"


class StateReplayedError(OAuthError):
    """The state token was already used (single use with a replay store)."""

    code = "STATE_REPLAYED"


class PkceInvalidError(OAuthError):
    """A PKCE verifier of the wrong length or charset, or a method other than S256."""

    code = "PKCE_INVALID"


class OAuthInvalidOptionsError(OAuthError):
    """Options of the OAuth helpers are invalid (a short secret, a ttl or skew out of range)."""

    code = "OAUTH_INVALID_OPTIONS"


class SealError(EdgewardError):
    """Sealed tokens and Fernet."""


class SealInvalidError(SealError):
    """The token cannot be opened: malformed, altered, another key or other additional data."""

    code = "SEAL_INVALID"


class SealExpiredError(SealError):
    """The token is authentic but older than the allowed age."""

    code = "SEAL_EXPIRED"


class SealInvalidKeyError(SealError):
    """A sealing or Fernet key is unusable."""

    code = "SEAL_INVALID_KEY"


class SealInvalidOptionsError(SealError):
    """Options of sealing are invalid."""

    code = "SEAL_INVALID_OPTIONS"


class KeyHygieneError(EdgewardError):
    """Key hygiene: environments and key rings."""


class KeyWrongEnvironmentError(KeyHygieneError):
    """A live key outside production, or a test key in production."""

    code = "KEY_WRONG_ENVIRONMENT"


class KeyRingEmptyError(KeyHygieneError):
    """None of the key ring's environment variables is set."""

    code = "KEY_RING_EMPTY"


class KeyInvalidOptionsError(KeyHygieneError):
    """An argument of the key helpers is invalid."""

    code = "KEY_INVALID_OPTIONS"


class PolicyError(EdgewardError):
    """Access policies."""


class PolicyInvalidError(PolicyError):
    """An access policy is invalid (refused when built)."""

    code = "POLICY_INVALID"


class RandomUnavailableError(EdgewardError):
    """The operating system's random number generator failed."""

    code = "RANDOM_UNAVAILABLE"


BY_CODE: dict[str, type[EdgewardError]] = {
    cls.code: cls
    for cls in (
        MissingHeaderError,
        MalformedHeaderError,
        NoSignaturesError,
        TimestampTooOldError,
        TimestampTooNewError,
        SignatureMismatchError,
        InvalidSecretError,
        InvalidPayloadError,
        InvalidOptionsError,
        ReplayedError,
        ReplayGuardFullError,
        ValidationFailedError,
        LimitExceededError,
        InvalidJsonError,
        ValidationInvalidOptionsError,
        SchemaError,
        InvalidPathError,
        RedactionInvalidJsonError,
        RedactionLimitExceededError,
        RedactionInvalidOptionsError,
        StateInvalidError,
        StateExpiredError,
        StateSessionMismatchError,
        StateReplayedError,
        PkceInvalidError,
        OAuthInvalidOptionsError,
        SealInvalidError,
        SealExpiredError,
        SealInvalidKeyError,
        SealInvalidOptionsError,
        KeyWrongEnvironmentError,
        KeyRingEmptyError,
        KeyInvalidOptionsError,
        PolicyInvalidError,
        RandomUnavailableError,
    )
}
"""Stable error code -> the exception class raised for it."""

BY_FAMILY: dict[str, type[EdgewardError]] = {
    "webhook": WebhookVerificationError,
    "validation": ValidationError,
    "schema": SchemaError,
    "path": PathError,
    "redaction": RedactionError,
    "oauth": OAuthError,
    "seal": SealError,
    "key": KeyHygieneError,
    "policy": PolicyError,
    "system": EdgewardError,
}
"""Error family (see ``edgeward.error_family``) -> the base class of its errors."""
