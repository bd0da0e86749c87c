"""``AccessPolicy``: least privilege, deny by default (every decision is the Rust core's)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from edgeward._native import _AccessPolicy

__all__ = ["AccessPolicy", "Decision"]


@dataclass(frozen=True)
class Decision:
    """A decision and the rule that made it."""

    allowed: bool
    rule: str


def _subject(subject: Mapping[str, Any]) -> str:
    if not isinstance(subject, Mapping):
        raise TypeError(f"subject must be a dict, got {type(subject).__name__}")
    data = dict(subject)
    key = data.get("key")
    if isinstance(key, Mapping) and "ip_restrictions" in key:
        key = dict(key)
        key["ipRestrictions"] = key.pop("ip_restrictions")
        data["key"] = key
    return json.dumps(data)


class AccessPolicy:
    """Roles of ``resource:action`` permissions (``*`` = one whole segment), explicit denies,
    scoped keys with IP restrictions. Defaults: viewer ``*:read``; editor ``*:read``,
    ``*:create``, ``*:update``; admin ``*:*``. Malformed permissions raise
    ``PolicyInvalidError`` here, not at check time."""

    __slots__ = ("_inner",)

    def __init__(
        self, *, roles: Mapping[str, Sequence[str] | Mapping[str, Sequence[str]]] | None = None
    ) -> None:
        self._inner = _AccessPolicy(json.dumps({"roles": roles}))

    def can(self, subject: Mapping[str, Any], permission: str) -> bool:
        """Whether ``subject`` (roles, permissions, deny, key={permissions, ip_restrictions}, ip)
        may do ``permission``."""
        return self._inner.can(_subject(subject), permission)

    def explain(self, subject: Mapping[str, Any], permission: str) -> Decision:
        """The decision and the rule that made it."""
        allowed, rule = self._inner.explain(_subject(subject), permission)
        return Decision(allowed, rule)
