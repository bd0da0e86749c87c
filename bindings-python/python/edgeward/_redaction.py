"""Redaction: secrets never reach a log.

``Redactor(**options)`` compiles its rules once; ``redact(value)`` returns a redacted copy of
any Python value (the argument is never modified), ``redact_json(text)`` redacts JSON text
without a round trip through Python objects, ``redact_ndjson`` does so line by line and
``redact_text`` redacts free text. With ``report=True`` each method returns
``Redacted(value, report)``.

Logging integrations, a few lines each::

    handler.addFilter(RedactingFilter())                       # stdlib logging
    structlog.configure(processors=[..., structlog_processor(), JSONRenderer()])

Every decision is the Rust core's. Native values reach it as JSON text built by a bounded,
iterative walker: cycles become ``"[Circular]"``, nesting deeper than ``max_depth`` the
too-deep marker, ``bytes`` a short marker, ``datetime`` its ISO 8601 form, ``Decimal``/``UUID``
and other objects their ``str`` (objects with ``__dict__``, dataclasses and exceptions their
fields), so no input can exhaust the interpreter's stack.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import logging
import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from edgeward._native import _Redactor

__all__ = ["Redacted", "RedactingFilter", "Redactor", "structlog_processor"]

CIRCULAR = "[Circular]"
_EXIT = object()


class Redacted(NamedTuple):
    """A result with its report (``report=True``)."""

    value: Any
    report: dict[str, Any]


def _options_json(options: dict[str, Any]) -> str:
    out: dict[str, Any] = {}
    for name, value in options.items():
        if value is None:
            continue
        if name == "hash_key" and isinstance(value, (bytes, bytearray, memoryview)):
            out["hash_key_hex"] = bytes(value).hex()
        elif name == "custom_patterns":
            out[name] = [
                {**p, "pattern": getattr(p["pattern"], "pattern", p["pattern"])}
                if isinstance(p, Mapping)
                else p
                for p in value
            ]
        elif isinstance(value, (tuple, set, frozenset)):
            out[name] = list(value)
        else:
            out[name] = value
    return json.dumps(out)


def _bytes_marker(value: bytes | bytearray | memoryview) -> str:
    return f"[{type(value).__name__} {len(value)} bytes]"


def _exception_fields(error: BaseException) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "type": type(error).__name__,
        "message": str(error),
    }
    if error.__cause__ is not None:
        fields["cause"] = error.__cause__
    elif error.__context__ is not None and not error.__suppress_context__:
        fields["context"] = error.__context__
    fields.update({k: v for k, v in vars(error).items() if not k.startswith("_")})
    return fields


def _container_items(value: Any) -> tuple[str, Any] | None:
    """How a non-scalar is walked: ("dict", mapping) or ("list", iterable), or None."""
    if isinstance(value, Mapping):
        return ("dict", value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return ("list", value)
    if isinstance(value, BaseException):
        return ("dict", _exception_fields(value).items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            "dict",
            [(f.name, getattr(value, f.name, None)) for f in dataclasses.fields(value)],
        )
    return None


def _scalar(value: Any) -> tuple[bool, Any]:
    """(True, JSON-safe scalar) for scalars, (False, None) for containers."""
    if value is None or value is True or value is False:
        return True, value
    if isinstance(value, str):
        return True, str(value)
    if isinstance(value, int):
        return True, int(value)
    if isinstance(value, float):
        return True, float(value) if math.isfinite(value) else None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return True, _bytes_marker(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return True, value.isoformat()
    return False, None


def to_plain(root: Any, max_depth: int, marker: str) -> Any:
    """Any Python value as a JSON-safe tree, iteratively, at most ``max_depth + 1`` deep."""
    limit = max_depth + 1
    holder: list[Any] = [None]
    ancestors: set[int] = set()
    # (value, parent container, slot, depth); _EXIT frames leave a container.
    stack: list[tuple[Any, Any, Any, int]] = [(root, holder, 0, 0)]
    while stack:
        value, parent, slot, depth = stack.pop()
        if value is _EXIT:
            ancestors.discard(slot)
            continue
        done, plain = _scalar(value)
        if not done:
            walk = _container_items(value)
            if walk is None and hasattr(value, "__dict__") and not isinstance(value, type):
                walk = ("dict", [(k, v) for k, v in vars(value).items() if not k.startswith("_")])
            if walk is None:
                plain = str(value)
            elif id(value) in ancestors:
                plain = CIRCULAR
            elif depth >= limit:
                plain = marker
            else:
                kind, items = walk
                ancestors.add(id(value))
                stack.append((_EXIT, None, id(value), depth))
                children: list[tuple[Any, Any, Any, int]] = []
                if kind == "dict":
                    plain = {}
                    for k, v in items:
                        key = k if isinstance(k, str) else str(k)
                        plain[key] = None
                        children.append((v, plain, key, depth + 1))
                else:
                    plain = []
                    for i, v in enumerate(items):
                        plain.append(None)
                        children.append((v, plain, i, depth + 1))
                stack.extend(reversed(children))
        parent[slot] = plain
    return holder[0]


def _default(value: Any) -> Any:
    """What the C encoder cannot serialise, converted as ``to_plain`` does (one level)."""
    done, plain = _scalar(value)
    if done:
        return plain
    walk = _container_items(value)
    if walk is None and hasattr(value, "__dict__") and not isinstance(value, type):
        walk = ("dict", [(k, v) for k, v in vars(value).items() if not k.startswith("_")])
    if walk is None:
        return str(value)
    kind, items = walk
    if kind == "dict":
        out = {}
        for k, v in items:
            if not isinstance(k, str):
                raise TypeError("non-str key")
            out[k] = v
        return out
    return list(items)


_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_default
)


class Redactor:
    """Redacts secrets from log records: native values, JSON text, NDJSON and free text.

    Options (all optional, safe defaults): ``keys``, ``remove_keys``, ``allow_keys``,
    ``default_keys``, ``paths`` (pino syntax plus ``**``), ``mode`` (``replace``, ``remove``,
    ``mask``, ``hash``), ``key_mode``, ``detector_mode``, ``detector_modes``,
    ``disabled_detectors``, ``custom_patterns``, ``replacement``, ``mask_keep_last``,
    ``hash_key`` (``str`` or ``bytes``, ≥ 16 bytes), ``hash_hex_len``, ``max_depth``,
    ``too_deep_marker``, ``max_bytes``, ``report``, ``max_findings``,
    ``invalid_ndjson_line``.
    """

    __slots__ = ("_inner", "_marker", "_max_depth", "_report")

    def __init__(self, **options: Any) -> None:
        self._inner = _Redactor(_options_json(options))
        self._report = options.get("report") is True
        self._max_depth: int = self._inner.max_depth
        self._marker: str = self._inner.too_deep_marker

    @property
    def max_depth(self) -> int:
        """Containers nested deeper than this become the too-deep marker."""
        return self._max_depth

    def _finish(self, pair: tuple[str, str | None], parse: bool) -> Any:
        out, report = pair
        value = json.loads(out) if parse else out
        if self._report:
            return Redacted(value, json.loads(report) if report else {})
        return value

    def redact(self, value: Any) -> Any:
        """A redacted copy of any Python value; the argument is never modified."""
        try:
            # Fast path: the C encoder. A cycle, nesting beyond the interpreter's limit, NaN
            # or a key without a JSON form raises, and the bounded walker takes over (the core
            # cuts the text at max_depth either way, so both give the same result).
            text = _ENCODER.encode(value)
        except (ValueError, TypeError, RecursionError):
            text = json.dumps(
                to_plain(value, self._max_depth, self._marker),
                ensure_ascii=False,
                separators=(",", ":"),
            )
        return self._finish(self._inner.json(text), True)

    def redact_json(self, text: str | bytes) -> Any:
        """JSON text in, JSON text out (untouched bytes verbatim)."""
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8", errors="replace")
        return self._finish(self._inner.json(text), False)

    def redact_ndjson(self, text: str | bytes) -> Any:
        """NDJSON in, NDJSON out, line by line."""
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8", errors="replace")
        return self._finish(self._inner.ndjson(text), False)

    def redact_text(self, text: str) -> Any:
        """Free text in, free text out (value detectors only)."""
        return self._finish(self._inner.text(text), False)

    # Without a report, for the integrations.
    def _value(self, value: Any) -> Any:
        out = self.redact(value)
        return out.value if self._report else out

    def _text(self, text: str) -> str:
        out = self.redact_text(text)
        return out.value if self._report else out


# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)


class RedactingFilter(logging.Filter):
    """A ``logging.Filter`` that redacts ``record.msg``, ``record.args`` and ``extra`` fields.

    Add it to a handler (``handler.addFilter(RedactingFilter())``) to cover every logger
    that reaches that handler. Keyword arguments are ``Redactor`` options; or pass
    ``redactor=``. Never drops a record.
    """

    def __init__(self, name: str = "", *, redactor: Redactor | None = None, **options: Any):
        super().__init__(name)
        self.redactor = redactor if redactor is not None else Redactor(**options)

    def _arg(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redactor._text(value)
        done, _ = _scalar(value)
        if done:
            return value
        return self.redactor._value(value)

    def filter(self, record: logging.LogRecord) -> bool:
        r = self.redactor
        if isinstance(record.msg, str):
            record.msg = r._text(record.msg)
        else:
            record.msg = r._value(record.msg)
        if isinstance(record.args, Mapping):
            record.args = r._value(dict(record.args))
        elif isinstance(record.args, tuple):
            record.args = tuple(self._arg(a) for a in record.args)
        extra = {k: v for k, v in vars(record).items() if k not in _RECORD_ATTRS}
        if extra:
            redacted = r._value(extra)
            for key in extra:
                if key in redacted:
                    setattr(record, key, redacted[key])
                else:
                    delattr(record, key)
        return True


def structlog_processor(redactor: Redactor | None = None, **options: Any) -> Any:
    """A structlog processor: ``structlog.configure(processors=[..., structlog_processor(),
    structlog.processors.JSONRenderer()])``. Put it before the renderer."""
    r = redactor if redactor is not None else Redactor(**options)

    def redact_event(_logger: Any, _method: str, event_dict: Any) -> Any:
        return r._value(dict(event_dict))

    return redact_event
