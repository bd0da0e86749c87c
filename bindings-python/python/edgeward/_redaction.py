"""Redaction: secrets never reach a log.

``Redactor(**options)`` compiles its rules once; ``redact(value)`` returns a redacted copy of
any Python value (the argument is never modified), ``redact_json(text)`` redacts JSON text
without a round trip through Python objects, ``redact_ndjson`` does so line by line and
``redact_text`` redacts free text. With ``report=True`` each method returns
``Redacted(value, report)``.

Logging integrations, a few lines each::

    handler.addFilter(RedactingFilter())                       # stdlib logging
    structlog.configure(processors=[..., structlog_processor(), JSONRenderer()])

Every decision is the Rust core's. Native values are converted by the extension, with
bounded recursion: cycles become ``"[Circular]"``, nesting deeper than ``max_depth`` the
too-deep marker, ``bytes`` a short marker, ``datetime`` its ISO 8601 form, ``Decimal``/``UUID``
and other objects their ``str`` (mappings, sets, objects with ``__dict__``, dataclasses and
exceptions their items or fields), so no input can exhaust the interpreter's stack.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import logging
from collections.abc import Mapping
from typing import Any, NamedTuple

from edgeward._native import _Redactor

__all__ = ["Redacted", "RedactingFilter", "Redactor", "structlog_processor"]


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


_BYTES = (bytes, bytearray, memoryview)
_DATES = (_dt.datetime, _dt.date, _dt.time)
_SCALARS = (bool, int, float, str, *_BYTES, *_DATES)


def _is_scalar(value: Any) -> bool:
    """Whether a logging argument is passed through as it is (not a container or object)."""
    return value is None or isinstance(value, _SCALARS)


def _expand(value: Any) -> Any:
    """The one-level plain form of a value that is not a JSON type, for the core's converter
    (which handles dict, list, tuple, str, int, float, bool and None itself, and keeps cycles,
    depth and size in check)."""
    if isinstance(value, _BYTES):
        return _bytes_marker(value)
    if isinstance(value, _DATES):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value.items())
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, BaseException):
        return _exception_fields(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name, None) for f in dataclasses.fields(value)}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


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

    __slots__ = ("_inner", "_max_depth", "_report")

    def __init__(self, **options: Any) -> None:
        self._inner = _Redactor(_options_json(options))
        self._report = options.get("report") is True
        self._max_depth: int = self._inner.max_depth

    @property
    def max_depth(self) -> int:
        """Containers nested deeper than this become the too-deep marker."""
        return self._max_depth

    def _finish(self, pair: tuple[Any, str | None]) -> Any:
        value, report = pair
        if self._report:
            return Redacted(value, json.loads(report) if report else {})
        return value

    def redact(self, value: Any) -> Any:
        """A redacted copy of any Python value; the argument is never modified."""
        return self._finish(self._inner.value(value, _expand))

    def redact_json(self, text: str | bytes) -> Any:
        """JSON text in, JSON text out (untouched bytes verbatim)."""
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8", errors="replace")
        return self._finish(self._inner.json(text))

    def redact_ndjson(self, text: str | bytes) -> Any:
        """NDJSON in, NDJSON out, line by line."""
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8", errors="replace")
        return self._finish(self._inner.ndjson(text))

    def redact_text(self, text: str) -> Any:
        """Free text in, free text out (value detectors only)."""
        return self._finish(self._inner.text(text))

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
    """A ``logging.Filter`` that redacts ``record.msg``, ``record.args``, ``extra`` fields,
    the exception traceback and the stack text.

    Add it to a handler (``handler.addFilter(RedactingFilter())``) to cover every logger
    that reaches that handler. Keyword arguments are ``Redactor`` options; or pass
    ``redactor=``. Never drops a record and never raises into the logging call: a record that
    cannot be redacted (an object whose attributes raise, say) is logged as a notice that
    names the error type, without its contents.
    """

    _FORMATTER = logging.Formatter()

    def __init__(self, name: str = "", *, redactor: Redactor | None = None, **options: Any):
        super().__init__(name)
        self.redactor = redactor if redactor is not None else Redactor(**options)

    def _arg(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redactor._text(value)
        if _is_scalar(value):
            return value
        return self.redactor._value(value)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            self._redact(record)
        except Exception as error:  # logging must go on, without the record's contents
            record.msg = f"[edgeward: record not logged: redaction failed ({type(error).__name__})]"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            for key in [k for k in vars(record) if k not in _RECORD_ATTRS]:
                delattr(record, key)
        return True

    def _redact(self, record: logging.LogRecord) -> None:
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
        # Tracebacks quote exception messages, which often hold a token or a URL with a
        # password. Formatters use `exc_text` when it is set, so the redacted text is what
        # they print.
        if record.exc_info and not record.exc_text:
            record.exc_text = self._FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = r._text(record.exc_text)
        if record.stack_info:
            record.stack_info = r._text(record.stack_info)


def structlog_processor(redactor: Redactor | None = None, **options: Any) -> Any:
    """A structlog processor: ``structlog.configure(processors=[...,
    structlog.processors.format_exc_info, structlog_processor(), JSONRenderer()])``. Put it
    after ``format_exc_info`` (so tracebacks are text it redacts) and before the renderer. An
    event that cannot be redacted becomes a notice naming the error type, never raises."""
    r = redactor if redactor is not None else Redactor(**options)

    def redact_event(_logger: Any, _method: str, event_dict: Any) -> Any:
        try:
            return r._value(dict(event_dict))
        except Exception as error:  # logging must go on, without the event's contents
            failed = type(error).__name__
            return {"event": f"[edgeward: event not logged: redaction failed ({failed})]"}

    return redact_event
