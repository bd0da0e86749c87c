"""``KeyRing``: the guide's new/old key fallback, read from environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from edgeward._native import key_ring

__all__ = ["KeyRing"]


class KeyRing(tuple[str, ...]):
    """The set values of environment variables, new first; a tuple, so it goes wherever
    edgeward takes several secrets (``Webhook(ring)``, ``OAuthState(ring)``)."""

    __slots__ = ()

    @classmethod
    def from_env(cls, names: Sequence[str], env: Mapping[str, str] | None = None) -> KeyRing:
        """Looks ``names`` up in ``env`` (default ``os.environ``), skipping unset and empty
        ones; raises ``KeyRingEmptyError`` when none is set."""
        if isinstance(names, str) or not all(isinstance(n, str) for n in names):
            raise TypeError("names must be a list of str")
        source = os.environ if env is None else env
        values = [source.get(name) for name in names]
        return cls(key_ring(list(names), [v if isinstance(v, str) else None for v in values]))

    @property
    def current(self) -> str:
        """The first key: the one that signs or seals."""
        return self[0]

    def __repr__(self) -> str:
        return f"KeyRing(<{len(self)} key(s) redacted>)"
