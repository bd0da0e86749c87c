"""Type stubs of the Rust extension ``edgeward._native`` (checked against it by stubtest)."""

from collections.abc import Sequence
from typing import final

__all__ = ["Verified", "Webhook", "__version__", "error_codes", "error_family"]
__version__: str

@final
class Webhook:
    """A webhook receiver (and sender) for one endpoint, holding its signing secret(s).

    ``secret`` is the endpoint's signing secret, or several (newest first) while rotating.
    ``tolerance`` is the accepted distance, in seconds, between a delivery's timestamp and
    now; it must be positive (a whole number, given as an ``int`` or a ``float``).
    Raises ``InvalidSecretError`` or ``InvalidOptionsError`` when unusable.
    """

    def __new__(cls, secret: str | Sequence[str], *, tolerance: int | float = 300) -> Webhook: ...
    @property
    def tolerance(self) -> int:
        """The accepted distance between a delivery's timestamp and now, in seconds."""
    def verify(
        self,
        payload: bytes | bytearray | memoryview | str,
        header: str | None,
        *,
        now: int | float | None = None,
    ) -> Verified:
        """Verifies a delivery and returns what verified, or raises a
        ``WebhookVerificationError`` subclass.

        ``payload`` is the raw request body exactly as received (a ``str`` is hashed as its
        UTF-8 bytes), ``header`` the ``Stripe-Signature`` value (``None`` when absent), ``now``
        Unix seconds (default: ``time.time()``).
        """
    def sign(
        self,
        payload: bytes | bytearray | memoryview | str,
        *,
        timestamp: int | float | None = None,
    ) -> str:
        """Signs ``payload`` with the first secret at ``timestamp`` (default: now) and returns
        the header value ``t=<timestamp>,v1=<hex>``."""

@final
class Verified:
    """A delivery that verified."""

    def __new__(cls, timestamp: int, secret_index: int) -> Verified: ...
    @property
    def timestamp(self) -> int:
        """The signed timestamp, in Unix seconds."""
    @property
    def secret_index(self) -> int:
        """Index (into the secrets given to ``Webhook``) of the secret that matched."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def error_codes() -> list[str]:
    """Every error code the core can produce, in a stable order."""

def error_family(code: str) -> str | None:
    """The family (``"webhook"``, ...) of an error code, or ``None`` for an unknown code."""
