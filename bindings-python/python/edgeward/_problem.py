"""``safe_error_response``: a generic RFC 9457 reply for the client, the redacted details for
the log, and a request id safe to log (the decisions are the Rust core's)."""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass
from typing import Any

from edgeward._native import _safe_error_response

__all__ = ["SafeErrorResponse", "safe_error_response"]

_MAX_CAUSES = 8


@dataclass(frozen=True)
class SafeErrorResponse:
    """The reply (``status``, ``headers``, ``body``: problem JSON text) and ``log`` (a dict,
    already redacted: message, stack, causes, request id)."""

    status: int
    headers: dict[str, str]
    body: str
    log: dict[str, Any]
    request_id: str


def _causes(error: BaseException) -> list[str]:
    out: list[str] = []
    seen = {id(error)}
    current = error.__cause__ or error.__context__
    while current is not None and len(out) < _MAX_CAUSES and id(current) not in seen:
        seen.add(id(current))
        out.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__
    return out


def safe_error_response(
    error: BaseException,
    *,
    request_id: str | None = None,
    status: int | None = None,
    expose: bool = False,
) -> SafeErrorResponse:
    """The client reply and the log record for ``error``. A 5xx body never holds the message or
    a stack; a 4xx body holds the (redacted) message only with ``expose=True``."""
    if not isinstance(error, BaseException):
        raise TypeError(f"error must be an exception, got {type(error).__name__}")
    stack = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    code = status if isinstance(status, int) and 0 <= status < 65536 else None
    got_status, headers, body, log, rid = _safe_error_response(
        type(error).__name__, str(error), stack, _causes(error), code, request_id, bool(expose)
    )
    return SafeErrorResponse(got_status, dict(headers), body, json.loads(log), rid)
