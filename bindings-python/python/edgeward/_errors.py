"""Exception classes of edgeward.

The Rust extension raises these directly: one class per stable error code of the core, under
one base class per error family (``WebhookVerificationError``, ``ValidationError``,
``SchemaError``, ``PathError``, ``RedactionError``, ``NetworkError``), all under
``EdgewardError`` (a ``ValueError``). Messages never contain a secret, a computed MAC or an
expected signature.
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
    "InvalidCidrError",
    "InvalidIpError",
    "InvalidJsonError",
    "InvalidOptionsError",
    "InvalidPathError",
    "InvalidPayloadError",
    "InvalidSecretError",
    "LimitExceededError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "NetworkError",
    "NetworkInvalidOptionsError",
    "NoSignaturesError",
    "PathError",
    "RedactionError",
    "RedactionInvalidJsonError",
    "RedactionInvalidOptionsError",
    "RedactionLimitExceededError",
    "ReplayGuardFullError",
    "ReplayedError",
    "SchemaError",
    "SignatureMismatchError",
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


class NetworkError(EdgewardError):
    """An address or range that does not parse strictly, or invalid network-guard options."""


class InvalidIpError(NetworkError):
    """Text that must be one IP address is not (strict parsing)."""

    code = "INVALID_IP"


class InvalidCidrError(NetworkError):
    """An allowlist entry is not a range, an address or a preset, or has host bits set."""

    code = "INVALID_CIDR"


class NetworkInvalidOptionsError(NetworkError):
    """Options of ``IpAllowlist`` or ``client_ip`` are invalid (a header name, a zero limit)."""

    code = "NETWORK_INVALID_OPTIONS"


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
        InvalidIpError,
        InvalidCidrError,
        NetworkInvalidOptionsError,
    )
}
"""Stable error code -> the exception class raised for it."""

BY_FAMILY: dict[str, type[EdgewardError]] = {
    "webhook": WebhookVerificationError,
    "validation": ValidationError,
    "schema": SchemaError,
    "path": PathError,
    "redaction": RedactionError,
    "network": NetworkError,
}
"""Error family (see ``edgeward.error_family``) -> the base class of its errors."""
