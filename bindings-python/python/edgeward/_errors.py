"""Exception classes of edgeward.

The Rust extension raises these directly: one class per stable error code of the core (the
code in CamelCase plus ``Error``: ``WEBHOOK_SIGNATURE_MISMATCH`` is
``WebhookSignatureMismatchError``), under one base class per error family
(``WebhookVerificationError``, ``ValidationError``, ``SchemaError``, ``PathError``,
``RedactionError``, ``RateLimitError``, ``OAuthError``, ``SealError``, ``KeyHygieneError``,
``PolicyError``), all under ``EdgewardError`` (a ``ValueError``). Every code starts with its
family's prefix. Messages never contain a secret, a computed MAC or an expected signature.

A wrong argument type is reported like a wrong value, with the class of the argument's code
(``WebhookInvalidOptionsError``, ``RedactionInvalidOptionsError``, ...), never a bare
``TypeError``: the same misuse raises the same family and code in every runtime. The facts an
error carries are attributes (``age_seconds``, ``tolerance_seconds``, ``header``, ...).
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
    "KeyHygieneError",
    "KeyInvalidOptionsError",
    "KeyRingEmptyError",
    "KeyWrongEnvironmentError",
    "NetworkError",
    "NetworkInvalidCidrError",
    "NetworkInvalidIpError",
    "NetworkInvalidOptionsError",
    "OAuthError",
    "OAuthInvalidOptionsError",
    "PathError",
    "PathInvalidError",
    "PkceInvalidError",
    "PolicyError",
    "PolicyInvalidError",
    "RandomUnavailableError",
    "RateLimitError",
    "RateLimitInvalidOptionsError",
    "RedactionError",
    "RedactionInvalidJsonError",
    "RedactionInvalidOptionsError",
    "RedactionLimitExceededError",
    "SchemaError",
    "SchemaInvalidError",
    "SealError",
    "SealExpiredError",
    "SealInvalidError",
    "SealInvalidKeyError",
    "SealInvalidOptionsError",
    "StateExpiredError",
    "StateInvalidError",
    "StateReplayedError",
    "StateSessionMismatchError",
    "ValidationError",
    "ValidationFailedError",
    "ValidationInvalidJsonError",
    "ValidationInvalidOptionsError",
    "ValidationLimitExceededError",
    "WebhookInvalidOptionsError",
    "WebhookInvalidPayloadError",
    "WebhookInvalidSecretError",
    "WebhookMalformedHeaderError",
    "WebhookMissingHeaderError",
    "WebhookNoSignaturesError",
    "WebhookReplayGuardFullError",
    "WebhookReplayedError",
    "WebhookSignatureMismatchError",
    "WebhookTimestampTooNewError",
    "WebhookTimestampTooOldError",
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


class WebhookMissingHeaderError(WebhookVerificationError):
    """The signature header is absent or empty."""

    code = "WEBHOOK_MISSING_HEADER"
    header: str


class WebhookMalformedHeaderError(WebhookVerificationError):
    """The signature header cannot be parsed, or exceeds a limit."""

    code = "WEBHOOK_MALFORMED_HEADER"


class WebhookNoSignaturesError(WebhookVerificationError):
    """The signature header carries no signature of the verified scheme (``v1``)."""

    code = "WEBHOOK_NO_SIGNATURES"
    expected: str


class WebhookTimestampTooOldError(WebhookVerificationError):
    """The signed timestamp is older than the tolerance allows."""

    code = "WEBHOOK_TIMESTAMP_TOO_OLD"
    age_seconds: int
    tolerance_seconds: int


class WebhookTimestampTooNewError(WebhookVerificationError):
    """The signed timestamp lies further in the future than the tolerance allows."""

    code = "WEBHOOK_TIMESTAMP_TOO_NEW"
    ahead_seconds: int
    tolerance_seconds: int


class WebhookSignatureMismatchError(WebhookVerificationError):
    """No signature in the header matches any configured secret."""

    code = "WEBHOOK_SIGNATURE_MISMATCH"
    secret_count: int
    signature_count: int


class WebhookInvalidSecretError(WebhookVerificationError):
    """A secret is unusable (none given, empty, too many, not a ``str``)."""

    code = "WEBHOOK_INVALID_SECRET"


class WebhookInvalidPayloadError(WebhookVerificationError):
    """The payload is not the raw body (``bytes``, ``bytearray``, ``memoryview`` or ``str``)."""

    code = "WEBHOOK_INVALID_PAYLOAD"


class WebhookInvalidOptionsError(WebhookVerificationError):
    """An option is out of range (for example a tolerance of zero)."""

    code = "WEBHOOK_INVALID_OPTIONS"


class WebhookReplayedError(WebhookVerificationError):
    """The delivery verified, but was already accepted before: a replay or a duplicate."""

    code = "WEBHOOK_REPLAYED"
    by: str


class WebhookReplayGuardFullError(WebhookVerificationError):
    """The in-memory ``ReplayGuard`` is full of deliveries it must still remember: the
    delivery is refused rather than forgetting one (which would let that one be replayed).
    Raise ``max_entries``, or use an external store."""

    code = "WEBHOOK_REPLAY_GUARD_FULL"
    max_entries: int


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


class ValidationLimitExceededError(ValidationError):
    """An input exceeds a configured limit, detected before any validation."""

    code = "VALIDATION_LIMIT_EXCEEDED"


class ValidationInvalidJsonError(ValidationError):
    """The input is not well-formed JSON, or repeats an object key."""

    code = "VALIDATION_INVALID_JSON"


class ValidationInvalidOptionsError(ValidationError):
    """Validator options are invalid (an unknown option, a limit out of range, an unknown draft)."""

    code = "VALIDATION_INVALID_OPTIONS"


class SchemaError(EdgewardError):
    """An invalid JSON Schema."""


class SchemaInvalidError(SchemaError):
    """A JSON Schema is itself invalid, or one of its ``$ref`` entries cannot be resolved."""

    code = "SCHEMA_INVALID"


class PathError(EdgewardError):
    """Unsafe request path segments and templates."""


class PathInvalidError(PathError):
    """A path segment or path template parameter is unsafe, missing or unexpected."""

    code = "PATH_INVALID"


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


# Rate limiting (issue #14).
class RateLimitError(EdgewardError):
    """Rate limiting: invalid limiter options or check arguments."""


class RateLimitInvalidOptionsError(RateLimitError):
    """Rate limiter options or a check's arguments are invalid (a zero limit or period, a
    burst or cost out of range, a ``now`` that is not a time)."""

    code = "RATE_LIMIT_INVALID_OPTIONS"


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


class NetworkError(EdgewardError):
    """An address or range that does not parse strictly, or invalid network-guard options."""


class NetworkInvalidIpError(NetworkError):
    """Text that must be one IP address is not (strict parsing)."""

    code = "NETWORK_INVALID_IP"


class NetworkInvalidCidrError(NetworkError):
    """An allowlist entry is not a range, an address or a preset, or has host bits set."""

    code = "NETWORK_INVALID_CIDR"


class NetworkInvalidOptionsError(NetworkError):
    """Options of ``IpAllowlist`` or ``client_ip`` are invalid (a header name, a zero limit)."""

    code = "NETWORK_INVALID_OPTIONS"


BY_CODE: dict[str, type[EdgewardError]] = {
    cls.code: cls
    for cls in (
        WebhookMissingHeaderError,
        WebhookMalformedHeaderError,
        WebhookNoSignaturesError,
        WebhookTimestampTooOldError,
        WebhookTimestampTooNewError,
        WebhookSignatureMismatchError,
        WebhookInvalidSecretError,
        WebhookInvalidPayloadError,
        WebhookInvalidOptionsError,
        WebhookReplayedError,
        WebhookReplayGuardFullError,
        ValidationFailedError,
        ValidationLimitExceededError,
        ValidationInvalidJsonError,
        ValidationInvalidOptionsError,
        SchemaInvalidError,
        PathInvalidError,
        RedactionInvalidJsonError,
        RedactionLimitExceededError,
        RedactionInvalidOptionsError,
        KeyInvalidOptionsError,
        KeyRingEmptyError,
        KeyWrongEnvironmentError,
        NetworkInvalidCidrError,
        NetworkInvalidIpError,
        NetworkInvalidOptionsError,
        OAuthInvalidOptionsError,
        PkceInvalidError,
        PolicyInvalidError,
        RandomUnavailableError,
        RateLimitInvalidOptionsError,
        SealExpiredError,
        SealInvalidError,
        SealInvalidKeyError,
        SealInvalidOptionsError,
        StateExpiredError,
        StateInvalidError,
        StateReplayedError,
        StateSessionMismatchError,
    )
}
"""Stable error code -> the exception class raised for it."""

BY_FAMILY: dict[str, type[EdgewardError]] = {
    "webhook": WebhookVerificationError,
    "validation": ValidationError,
    "schema": SchemaError,
    "path": PathError,
    "redaction": RedactionError,
    "key": KeyHygieneError,
    "oauth": OAuthError,
    "policy": PolicyError,
    "rate_limit": RateLimitError,
    "seal": SealError,
    "system": EdgewardError,
    "network": NetworkError,
}
"""Error family (see ``edgeward.error_family``) -> the base class of its errors."""
