"""Type stubs of the Rust extension ``edgeward._native`` (checked against it by stubtest)."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol, TypeAlias, final

from edgeward._errors import EdgewardError
from edgeward._replay import ReplayStore

__all__ = [
    "ClientIp",
    "Fernet",
    "IpAllowlist",
    "KeyClass",
    "OAuthState",
    "RateLimitResult",
    "RateLimiterCore",
    "ReplayGuard",
    "Sealer",
    "ValidationIssue",
    "Validator",
    "Verified",
    "VerifiedEvent",
    "VerifiedState",
    "Webhook",
    "_AccessPolicy",
    "_Redactor",
    "__version__",
    "_misuse_error",
    "_run_cli",
    "_safe_error_response",
    "assert_key_for_environment",
    "build_path",
    "classify_key",
    "client_ip",
    "code_challenge",
    "code_challenge_s256",
    "encode_path_segment",
    "error_codes",
    "error_family",
    "fingerprint",
    "generate_code_verifier",
    "http_status",
    "key_ring",
    "mask",
    "needs_refresh",
    "rate_limit_redis_script",
    "request_id",
]
__version__: str

_Payload: TypeAlias = bytes | bytearray | memoryview | str
_HeaderValue: TypeAlias = str | bytes | Sequence[str | bytes] | None

class _HeaderItems(Protocol):
    """Header objects that are no Mapping but have ``.items()`` (``email.message.Message``)."""

    def items(self) -> Iterable[tuple[Any, Any]]: ...

_Headers: TypeAlias = (
    str
    | Mapping[str, _HeaderValue]
    | Mapping[bytes, _HeaderValue]
    | Iterable[tuple[str | bytes, _HeaderValue]]
    | _HeaderItems
    | None
)
_Scheme: TypeAlias = Literal["stripe", "standard", "github", "slack", "shopify"]

@final
class Webhook:
    """A webhook receiver (and sender) for one endpoint, holding its signing secret(s).

    ``secrets`` is the endpoint's signing secret, or several (newest first) while rotating.
    ``scheme`` is the provider's signing scheme, chosen by you (never guessed from a
    request): ``"stripe"`` (the default), ``"standard"`` (Standard Webhooks and Svix, HMAC
    ``whsec_`` secrets and Ed25519 ``whpk_``/``whsk_`` keys), ``"github"``, ``"slack"`` or
    ``"shopify"``. ``github`` and ``shopify`` sign no timestamp: a captured delivery stays
    valid forever unless a ``replay_guard`` is set.

    ``tolerance`` is the accepted distance, in seconds, between a delivery's timestamp and
    now, both ways; it must be positive (a whole number, as an ``int`` or a ``float``).

    ``retention`` is how long, in seconds, a replay guard or store remembers a delivery of
    ``github`` or ``shopify``, which sign no timestamp (default 604800, 7 days; positive and
    whole): nothing else bounds a replay of them, and after it a captured delivery verifies
    again. Timestamped schemes ignore it.

    ``replay_guard`` is an ``edgeward.ReplayGuard`` or an external store with
    ``seen(key, ttl) -> bool`` (see ``edgeward.ReplayStore``); a delivery is recorded only
    after its signature verified, and a second one raises ``WebhookReplayedError``.

    ``secret_format`` (``standard`` only): ``"provider"`` reads ``whsec_<base64>`` and the
    other prefixes; ``"raw"`` uses each secret's UTF-8 bytes as the HMAC key.

    Raises ``WebhookInvalidSecretError`` or ``WebhookInvalidOptionsError`` when unusable (a
    wrong type as much as a wrong value). An HMAC secret
    under 16 bytes (not counting Stripe's ``whsec_``) is refused for every scheme but
    ``github`` (where users choose their own), and so is a ``whpk_``/``whsk_`` Ed25519 key
    anywhere but ``standard`` with the provider format.
    """

    def __new__(
        cls,
        secrets: str | Sequence[str],
        *,
        scheme: _Scheme = "stripe",
        tolerance: int | float = 300,
        retention: int | float = 604800,
        replay_guard: ReplayGuard | ReplayStore | None = None,
        secret_format: Literal["provider", "raw"] = "provider",  # noqa: S107 - not a secret
    ) -> Webhook: ...
    @property
    def tolerance(self) -> int:
        """The accepted distance between a delivery's timestamp and now, in seconds."""
    @property
    def retention(self) -> int:
        """How long deliveries of schemes without a timestamp are remembered, in seconds."""
    @property
    def scheme(self) -> str:
        """The scheme's name."""
    @property
    def header_names(self) -> list[str]:
        """The header names this scheme reads (lowercase)."""
    @property
    def replay_guard(self) -> ReplayGuard | ReplayStore | None:
        """The replay guard or store given at construction, or ``None``."""
    def verify(
        self,
        payload: _Payload,
        headers: _Headers,
        *,
        now: int | float | None = None,
    ) -> Verified:
        """Verifies a delivery and returns what verified, or raises a
        ``WebhookVerificationError`` subclass (``WebhookReplayedError`` for a delivery the replay
        guard has seen).

        ``payload`` is the raw request body exactly as received (a ``str`` is hashed as its
        UTF-8 bytes). ``headers`` is the request's headers as your framework has them: a
        ``dict`` (any case), Starlette's, Werkzeug's (Flask) or Django's headers,
        ``http.client.HTTPMessage``, ``email.message.Message``, or a list of ``(name,
        value)`` pairs (ASGI), names and values as ``str`` or ``bytes``; or the signature
        header's value alone as a ``str`` (enough for ``stripe``, ``github`` and
        ``shopify``); ``None`` when absent. Only the scheme's headers are read; a header
        sent twice is refused. ``now`` is Unix seconds (default: ``time.time()``).
        """
    def verify_event(
        self,
        payload: _Payload,
        headers: _Headers,
        *,
        now: int | float | None = None,
        schema: Validator | Mapping[str, Any] | bool | None = None,
        max_bytes: int | None = None,
    ) -> VerifiedEvent:
        """``verify``, then the body parsed as JSON under the validator's limits (``max_bytes``
        raises the 1 MiB size limit) and named by the scheme's rule (see ``VerifiedEvent``).

        ``schema`` (a ``Validator``, or a JSON Schema compiled for this call) validates the
        event. Raises what ``verify`` raises, then ``ValidationInvalidJsonError`` for a body
        that is not JSON, ``ValidationLimitExceededError`` for one too large or too deep,
        ``ValidationFailedError`` for a schema mismatch.
        """
    def sign(
        self,
        payload: _Payload,
        *,
        timestamp: int | float | None = None,
        id: str | None = None,
    ) -> str | dict[str, str]:
        """Signs ``payload`` with the first secret at ``timestamp`` (default: now).

        For ``stripe``, returns the header value ``t=<timestamp>,v1=<hex>``; for the other
        schemes, a dict of lowercase header name to value (as ``sign_headers``). ``id`` is the
        delivery id, required by ``standard`` (e.g. ``msg_`` and a random string, the same for
        every retry), ignored by the others.
        """
    def sign_headers(
        self,
        payload: _Payload,
        *,
        timestamp: int | float | None = None,
        id: str | None = None,
    ) -> dict[str, str]:
        """Signs ``payload`` with the first secret and returns every header a sender sets, as
        a dict of lowercase header name to value, for every scheme."""

@final
class Verified:
    """A delivery that verified."""

    def __new__(
        cls,
        timestamp: int | None,
        secret_index: int,
        id: str | None = None,
        scheme: _Scheme = "stripe",
    ) -> Verified: ...
    @property
    def timestamp(self) -> int | None:
        """The signed timestamp, in Unix seconds; ``None`` for schemes without one
        (``github``, ``shopify``)."""
    @property
    def secret_index(self) -> int:
        """Index (into the secrets given to ``Webhook``) of the secret that matched."""
    @property
    def id(self) -> str | None:
        """The signed delivery id (``standard``); ``None`` for schemes without one."""
    @property
    def scheme(self) -> str:
        """The scheme the delivery verified under."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class VerifiedEvent:
    """A verified delivery, its body parsed as JSON, and the provider's names for it.

    Names, per scheme (``type``; ``id``):

    - ``stripe``: body ``type``; body ``id`` (``evt_...``).
    - ``standard``: body ``type``; ``webhook-id`` (signed).
    - ``github``: ``x-github-event`` header; ``x-github-delivery`` header (neither signed).
    - ``slack``: body ``type`` (``inner_type``: ``event.type``); body ``event_id``.
    - ``shopify``: ``x-shopify-topic`` header; ``x-shopify-webhook-id``, else
      ``x-shopify-event-id`` (neither signed).
    """

    @property
    def event(self) -> Any:
        """The body, parsed as ``json.loads`` reads it (ints exact)."""
    @property
    def timestamp(self) -> int | None:
        """The signed timestamp, in Unix seconds; ``None`` for ``github`` and ``shopify``."""
    @property
    def secret_index(self) -> int:
        """Index (into the secrets given to ``Webhook``) of the secret that matched."""
    @property
    def id(self) -> str | None:
        """The delivery id (see the table), or ``None``."""
    @property
    def type(self) -> str | None:
        """The provider's event name (see the table), or ``None``."""
    @property
    def inner_type(self) -> str | None:
        """Slack: the inner event's name of an ``event_callback``; otherwise ``None``."""

@final
class ReplayGuard:
    """A bounded in-memory store of accepted deliveries, for one process (thread-safe).

    Pass it as ``Webhook(..., replay_guard=ReplayGuard())``. It remembers at most
    ``max_entries`` deliveries (about 100 bytes each), each until its timestamp leaves the
    tolerance window (or for the webhook's ``retention`` for schemes without a timestamp);
    expired entries are freed on every use. When full of unexpired entries it never evicts
    one (an attacker who can make the sender send could otherwise push a captured delivery
    out and replay it): the new delivery raises ``WebhookReplayGuardFullError`` (counted in
    ``refused_full``). Size it above your peak deliveries per window. Share deliveries between
    processes with an external store instead (see ``edgeward.ReplayStore``).
    """

    def __new__(cls, max_entries: int = 10000) -> ReplayGuard: ...
    @property
    def max_entries(self) -> int:
        """The most deliveries remembered at once."""
    @property
    def refused_full(self) -> int:
        """How many deliveries were refused with ``WEBHOOK_REPLAY_GUARD_FULL``. Non-zero means
        ``max_entries`` is below the peak number of deliveries per window."""
    def __len__(self) -> int: ...

@final
class RateLimitResult:
    """The outcome of one rate limit check (truthy when allowed)."""

    @property
    def allowed(self) -> bool:
        """Whether the request is allowed."""
    @property
    def limit(self) -> int:
        """The most that can be spent at once (the burst)."""
    @property
    def remaining(self) -> int:
        """What could still be spent now."""
    @property
    def retry_after_seconds(self) -> int | None:
        """0 when allowed; seconds until a retry can succeed; ``None`` when never."""
    @property
    def reset_after_seconds(self) -> int:
        """Seconds until the budget is full again."""
    @property
    def store_error(self) -> bool:
        """Whether the store failed and ``on_store_error`` decided."""
    @property
    def headers(self) -> dict[str, str]:
        """``RateLimit-Policy``, ``RateLimit``, and ``Retry-After`` when denied."""
    def __bool__(self) -> bool: ...

@final
class RateLimiterCore:
    """The limit and its in-memory state, under ``edgeward.RateLimiter``."""

    def __new__(
        cls,
        limit: int,
        period_seconds: float,
        burst: int | None = None,
        max_keys: int | None = None,
        policy: str = ...,
    ) -> RateLimiterCore: ...
    def check(
        self, key: str, now: float | None = None, cost: int | None = None
    ) -> RateLimitResult: ...
    def arguments(self, now: float | None = None, cost: int | None = None) -> tuple[int, int]: ...
    def result_from_store(self, answer: object, allow: bool) -> RateLimitResult: ...
    def store_failed(self, allow: bool) -> RateLimitResult: ...
    @property
    def limit(self) -> int: ...
    @property
    def burst(self) -> int: ...
    @property
    def period_seconds(self) -> float: ...
    @property
    def emission_micros(self) -> int: ...
    @property
    def tolerance_micros(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def max_keys(self) -> int: ...
    @property
    def refused_full(self) -> int: ...

def rate_limit_redis_script() -> str:
    """The core's Redis Lua script: the GCRA decision, atomic, with the server's clock."""

def error_codes() -> list[str]:
    """Every error code the core can produce, in a stable order."""

def error_family(code: str) -> str | None:
    """The family (``"webhook"``, ...) of an error code, or ``None`` for an unknown code."""

def http_status(code: str) -> int:
    """The HTTP status a middleware answers with for an error code (401 bad signature, 409
    replay, 400 malformed, 413 too large, 422 invalid, 5xx the server's fault); 500 for an
    unknown code. The same table in every runtime (``tests/vectors/http_status.json``)."""

def _run_cli(args: list[str]) -> int:
    """Runs the ``edgeward`` command line with ``args``; returns its exit code."""

def _misuse_error(code: str, reason: str) -> EdgewardError:
    """The exception of ``code`` with ``reason``, for a misuse the Python layer detects."""

_Draft: TypeAlias = Literal["draft2020-12", "draft2019-09", "draft7", "draft6", "draft4"]
_UnknownFormats: TypeAlias = Literal["error", "ignore"]

@final
class ValidationIssue:
    """One way a document fails its schema. Messages never quote the offending value unless
    the validator was built with ``include_values=True``."""

    def __new__(
        cls, instance_path: str, schema_path: str, keyword: str, message: str
    ) -> ValidationIssue: ...
    @property
    def instance_path(self) -> str:
        """Where in the document, as a JSON Pointer (``""`` is the whole document)."""
    @property
    def schema_path(self) -> str:
        """Where in the schema: a JSON Pointer to the failed keyword (after following
        ``$ref``), or, for a keyword in a registered resource, its URI with the pointer as
        fragment."""
    @property
    def keyword(self) -> str:
        """The failed keyword, such as ``format``, ``maximum`` or ``required``."""
    @property
    def message(self) -> str:
        """What the rule requires."""
    def to_dict(self) -> dict[str, str]:
        """The issue as a dict of its four fields."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Validator:
    """A compiled JSON Schema (draft 2020-12 by default; draft 7 by ``$schema`` or
    ``draft="draft7"``): compile once, validate many, from any thread.

    ``format`` is asserted unless ``assert_formats=False``, including ``idn-email`` and
    ``idn-hostname``. A ``format`` name the draft does not define, anywhere in the schema, is
    refused with ``SchemaError`` (a misspelt name must not silently check nothing), unless it
    is registered in ``formats`` (name to a ``regex``-crate pattern the whole string must
    match, linear time) or ``unknown_formats="ignore"``. ``resources`` maps URIs to the
    extra schemas ``$ref`` may name; nothing else is resolved, and nothing is ever fetched.
    The limits bound every document, Python value or JSON text: ``max_bytes`` (JSON text
    only), ``max_depth`` (at most 512), ``max_string_bytes`` (UTF-8), ``max_object_keys``,
    ``max_array_items``; duplicate keys in JSON text are refused unless
    ``allow_duplicate_keys``; integers beyond 64 bits are refused unless
    ``allow_lossy_integers`` (then they are floats).

    Raises ``SchemaError`` for an invalid schema (naming where) and
    ``ValidationInvalidOptionsError`` for unusable options (an invalid ``formats`` pattern, a
    built-in format name in ``formats``).
    """

    def __new__(
        cls,
        schema: Mapping[str, Any] | bool,
        *,
        draft: _Draft | None = None,
        assert_formats: bool = True,
        unknown_formats: _UnknownFormats = "error",
        formats: Mapping[str, str] | None = None,
        include_values: bool = False,
        resources: Mapping[str, Any] | None = None,
        max_bytes: int = 1048576,
        max_depth: int = 128,
        max_string_bytes: int = 1048576,
        max_object_keys: int = 10000,
        max_array_items: int = 100000,
        allow_duplicate_keys: bool = False,
        allow_lossy_integers: bool = False,
    ) -> Validator: ...
    @property
    def draft(self) -> _Draft:
        """The draft the schema is interpreted under."""
    def is_valid(self, instance: object) -> bool:
        """Whether ``instance`` matches the schema.

        Python values map to JSON as in the ``json`` module, with ``tuple`` as an array;
        ``bool`` is never a number. A value over the limits, nesting beyond ``max_depth``
        (or referencing itself), or without a JSON form (a non-``str`` dict key, ``NaN``,
        another type) raises ``ValidationLimitExceededError`` or
        ``ValidationInvalidJsonError``, as in every method.
        """
    def errors(self, instance: object) -> list[ValidationIssue]:
        """Every issue of ``instance`` against the schema; empty when it matches."""
    def validate(self, instance: object) -> None:
        """Raises ``ValidationFailedError`` (``.errors`` listing every issue) unless
        ``instance`` matches."""
    def validate_json(self, text: str | bytes | bytearray | memoryview) -> Any:
        """Parses a raw body under the limits, validates it, and returns the parsed value
        (integers exact, objects in document order).

        Raises ``ValidationLimitExceededError`` or ``ValidationInvalidJsonError`` before any
        validation (duplicate keys, bad UTF-8, a byte order mark), else ``ValidationFailedError``.
        """

def encode_path_segment(segment: str | int) -> str:
    """Percent-encodes one URL path segment (every byte outside ``A-Z a-z 0-9 - . _ ~``).
    Raises ``PathInvalidError`` for ``""``, ``"."``, ``".."`` and segments over 4096 bytes."""

def build_path(template: str, params: Mapping[str, str | int] | None = None) -> str:
    """Fills the ``{name}`` placeholders of ``template`` with ``params``, each encoded with
    ``encode_path_segment``: ``build_path("/resources/{id}/events/{event}", {...})``.
    Raises ``PathInvalidError`` for a missing or unused parameter, unbalanced braces or an
    unsafe value; errors name the parameter, never its value."""

@final
class _Redactor:
    """The compiled redactor behind ``edgeward.Redactor``; options as JSON text."""

    def __new__(cls, options: str) -> _Redactor: ...
    @property
    def max_depth(self) -> int:
        """Containers nested deeper than this are replaced by the marker."""
    @property
    def too_deep_marker(self) -> str:
        """The marker for containers nested too deep."""
    def value(self, value: Any, expand: Callable[[Any], Any]) -> tuple[Any, str | None]:
        """A Python value in, ``(redacted copy, report JSON or None)`` out; ``expand`` gives
        the plain form of objects that are not JSON types."""
    def fields(self, value: Any, expand: Callable[[Any], Any]) -> Any:
        """The fields of a log record (a dict) in, a redacted copy out (no report): string
        fields no rule selects are redacted as free text."""
    def json(self, text: str) -> tuple[str, str | None]:
        """JSON text in, ``(JSON text, report JSON or None)`` out."""
    def ndjson(self, text: str) -> tuple[str, str | None]:
        """NDJSON in, ``(NDJSON, report JSON or None)`` out."""
    def text(self, text: str) -> tuple[str, str | None]:
        """Free text in, ``(text, report JSON or None)`` out."""

# --- Credentials: OAuth state and PKCE, sealed tokens, Fernet ---

def generate_code_verifier(*, length: int | None = None) -> str:
    """A new PKCE code verifier (43 to 128 characters, default 43) from the OS CSPRNG."""

def code_challenge_s256(verifier: str) -> str:
    """BASE64URL(SHA-256(verifier)); refuses a verifier of the wrong length or charset."""

def code_challenge(verifier: str, *, method: str = "S256") -> str:
    """The code challenge for ``method``: only ``"S256"`` (``plain`` is refused)."""

def needs_refresh(
    expires_at: float,
    *,
    now: float | None = None,
    skew_seconds: int | None = None,
    issued_at: float | None = None,
) -> bool:
    """Whether a token expiring at ``expires_at`` should be refreshed now."""

@final
class VerifiedState:
    """What a verified state token carried."""

    @property
    def verifier(self) -> str | None: ...
    @property
    def return_to(self) -> str | None: ...
    @property
    def issued_at(self) -> int: ...

@final
class OAuthState:
    """Session-bound, encrypted, expiring OAuth ``state`` tokens carrying the PKCE verifier."""

    def __new__(
        cls, secrets: str | Sequence[str], *, ttl_seconds: int | None = None
    ) -> OAuthState: ...
    def issue(
        self,
        *,
        session: str,
        verifier: str | None = None,
        return_to: str | None = None,
        now: float | None = None,
    ) -> str: ...
    def verify(
        self,
        token: str,
        *,
        session: str,
        now: float | None = None,
        replay: Callable[[str, int], bool] | Any | None = None,
    ) -> VerifiedState: ...

@final
class Sealer:
    """AES-256-GCM sealed tokens: the first key seals, every key opens."""

    def __new__(cls, keys: Sequence[Mapping[str, str] | tuple[str, str]]) -> Sealer: ...
    @property
    def key_id(self) -> str: ...
    def seal(
        self,
        plaintext: bytes | bytearray | memoryview | str,
        *,
        aad: bytes | bytearray | memoryview | str | None = None,
        now: float | None = None,
    ) -> str: ...
    def open(
        self,
        token: str | bytes,
        *,
        aad: bytes | bytearray | memoryview | str | None = None,
        max_age_seconds: int | None = None,
        now: float | None = None,
    ) -> bytes: ...
    def open_text(
        self,
        token: str | bytes,
        *,
        aad: bytes | bytearray | memoryview | str | None = None,
        max_age_seconds: int | None = None,
        now: float | None = None,
    ) -> str: ...

@final
class Fernet:
    """Fernet tokens, compatible with ``cryptography.fernet`` in both directions."""

    def __new__(cls, key: str | bytes) -> Fernet: ...
    @staticmethod
    def generate_key() -> str: ...
    def encrypt(
        self, data: bytes | bytearray | memoryview | str, *, now: float | None = None
    ) -> str: ...
    def decrypt(
        self, token: str | bytes, *, ttl_seconds: int | None = None, now: float | None = None
    ) -> bytes: ...

# --- Key hygiene ---

@final
class KeyClass:
    """What a key is; ``"unknown"`` for an unrecognised key."""

    @property
    def provider(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def mode(self) -> Literal["live", "test", "unknown"]: ...

def classify_key(key: str) -> KeyClass:
    """What ``key`` is (never raises for an unknown key)."""

def assert_key_for_environment(key: str, environment: str) -> KeyClass:
    """Raises ``KeyWrongEnvironmentError`` for a live key outside production, a test key in
    production."""

def fingerprint(key: str, pepper: str | bytes) -> str:
    """``fp_`` and 16 base64url characters of HMAC-SHA256(pepper, key)."""

def mask(key: str) -> str:
    """``key`` as the redactor's mask mode writes it."""

def key_ring(names: list[str], values: list[str | None]) -> list[str]:
    """The ring's keys from looked-up values, new first; ``KeyRingEmptyError`` when none is
    set."""

# --- Access policy (edgeward.AccessPolicy wraps this) ---

@final
class _AccessPolicy:
    def __new__(cls, policy_json: str) -> _AccessPolicy: ...
    def can(self, subject_json: str, permission: str) -> bool: ...
    def explain(self, subject_json: str, permission: str) -> tuple[bool, str]: ...

# --- Safe error replies (edgeward.safe_error_response wraps this) ---

def request_id(incoming: str | None = None) -> str:
    """``incoming`` when it is a safe request id, else a new random one."""

def _safe_error_response(
    name: str,
    message: str,
    stack: str | None,
    causes: list[str],
    status: int | None,
    request_id: str | None,
    expose: bool,
) -> tuple[int, list[tuple[str, str]], str, str, str]: ...

_IpPreset: TypeAlias = Literal["loopback", "linklocal", "private", "cloudflare"]
_ClientIpReason: TypeAlias = Literal[
    "untrusted-peer",
    "cf-connecting-ip",
    "untrusted-hop",
    "outermost-hop",
    "unknown-hop",
    "obfuscated-hop",
    "malformed-hop",
    "malformed-header",
    "too-many-hops",
    "header-too-long",
]

@final
class IpAllowlist:
    """IPv4 and IPv6 ranges (CIDR, addresses, presets), parsed strictly and merged once.

    Raises ``NetworkInvalidCidrError`` for a bad entry. IPv4-mapped IPv6 addresses match IPv4
    ranges. Per process: build it once at startup.
    """

    def __new__(
        cls,
        entries: Iterable[_IpPreset | str],
        *,
        allow_host_bits: bool = False,
        max_entries: int | None = None,
    ) -> IpAllowlist: ...
    def allows(self, ip: str) -> bool:
        """Whether ``ip`` lies in a range; ``NetworkInvalidIpError`` when it is not one address."""
    def __contains__(self, ip: object, /) -> bool: ...
    def __len__(self) -> int: ...

@final
class ClientIp:
    """What ``client_ip`` found; ``ip`` is ``None`` when the client cannot be known."""

    @property
    def ip(self) -> str | None: ...
    @property
    def chain(self) -> list[str]: ...
    @property
    def reason(self) -> _ClientIpReason: ...
    @property
    def explanation(self) -> str | None: ...

def client_ip(
    *,
    peer: str,
    headers: _Headers = None,
    trusted_proxies: IpAllowlist | Iterable[_IpPreset | str] | None = None,
    header: Literal["x-forwarded-for", "forwarded"] = "x-forwarded-for",
    max_hops: int = 32,
    max_header_bytes: int = 16384,
    explain: bool = False,
) -> ClientIp:
    """The client's address behind ``trusted_proxies``, walking the forwarding header from the
    right and skipping trusted proxies; never the client-written leftmost entry on its own."""
