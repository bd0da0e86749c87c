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
import numbers
import uuid
from collections.abc import Mapping
from typing import Any, NamedTuple

from edgeward._native import _misuse_error, _Redactor

__all__ = ["Redacted", "RedactingFilter", "Redactor", "loguru_patcher", "structlog_processor"]


class Redacted(NamedTuple):
    """A result with its report (``report=True``)."""

    value: Any
    report: dict[str, Any]


def _options_json(options: dict[str, Any]) -> str:
    try:
        return json.dumps(_options_plain(options))
    except (TypeError, ValueError) as error:
        # A value without a JSON form (an object, a function): the same code as in JS.
        raise _misuse_error(
            "REDACTION_INVALID_OPTIONS", f"the options have no JSON form: {error}"
        ) from None


def _text_input(text: Any, method: str, code: str) -> str:
    """``text`` decoded when it is bytes; any other non-``str`` is refused with ``code``."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", errors="replace")
    raise _misuse_error(code, f"{method} expects a str or bytes, got {type(text).__name__}")


def _options_plain(options: dict[str, Any]) -> dict[str, Any]:
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
    return out


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
        text = _text_input(text, "redact_json", "REDACTION_INVALID_JSON")
        return self._finish(self._inner.json(text))

    def redact_ndjson(self, text: str | bytes) -> Any:
        """NDJSON in, NDJSON out, line by line."""
        text = _text_input(text, "redact_ndjson", "REDACTION_INVALID_JSON")
        return self._finish(self._inner.ndjson(text))

    def redact_text(self, text: str) -> Any:
        """Free text in, free text out: a text that is JSON or NDJSON is redacted as such;
        other text by the value detectors, ``name=value`` and ``name: value`` pairs (also
        quoted) and tokens behind JSON escapes."""
        if not isinstance(text, str):
            raise _misuse_error(
                "REDACTION_INVALID_OPTIONS", f"redact_text expects a str, got {type(text).__name__}"
            )
        return self._finish(self._inner.text(text))

    # Without a report, for the integrations.
    def _value(self, value: Any) -> Any:
        out = self.redact(value)
        return out.value if self._report else out

    def _fields(self, fields: dict[str, Any]) -> Any:
        """A log record's fields (``extra=``, a structlog event): string fields that no rule
        selects are redacted as the free text a formatter prints."""
        return self._inner.fields(fields, _expand)

    def _text(self, text: str) -> str:
        out = self.redact_text(text)
        return out.value if self._report else out


# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)

_OWN_TEXT = (*_SCALARS, BaseException)
_JSON_SCALARS = (str, int, float, bool)
# Values whose every text form (str, repr, a JSON formatter's default) shows only the value.
_INERT = (numbers.Number, *_DATES, uuid.UUID)
# The usual argument types, found with one set lookup (every logging call checks each).
_COMMON_TEXT_TYPES = frozenset({str, int, float, bool, type(None)})


def _has_own_text(value: Any) -> bool:
    """Whether a value is logged as its own text: scalars, exceptions (their message) and
    objects whose class defines ``__str__`` (``Decimal``, ``UUID``, enums, a user's class).
    That text is redacted with the formatted message. Containers, dataclasses and plain
    objects print their ``repr``, fields and all, so they are redacted as structures first,
    where sensitive key names count."""
    if type(value) in _COMMON_TEXT_TYPES or isinstance(value, _OWN_TEXT):
        return True
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        return False
    return type(value).__str__ is not object.__str__


class _ArgumentsWithRemovedKeys(dict):  # type: ignore[type-arg]
    """Mapping arguments after ``mode="remove"``: ``%s`` prints what is left, and a format
    string that names a removed key (``%(token)s``) still formats."""

    def __missing__(self, key: Any) -> str:
        return "[REDACTED]"


class RedactingFilter(logging.Filter):
    """A ``logging.Filter`` that redacts everything a handler can print: the formatted
    message, ``extra`` fields, the exception traceback and the stack text.

    Add it to a handler (``handler.addFilter(RedactingFilter())``) to cover every logger
    that reaches that handler (a filter on a logger sees only that logger's own records, not
    its children's). Keyword arguments are ``Redactor`` options; or pass ``redactor=``.

    The message is formatted first (``msg % args``, as ``LogRecord.getMessage`` does), then
    redacted as one text, so a secret split between the format string and an argument
    (``"Bearer %s"``) is found; containers and plain objects among the arguments are redacted
    as structures before formatting, so their key names count. The record then carries the
    redacted text as ``msg`` and no ``args``: no formatter sees the original arguments
    (``%(args)s`` prints ``()``). The traceback is formatted and redacted into ``exc_text``
    and ``exc_info`` is dropped, so a formatter that formats ``exc_info`` itself finds
    nothing to leak. Never drops a record and never raises into the logging call: a record
    that cannot be redacted or formatted (an object whose attributes raise, too few
    arguments) is logged as a notice that names the error type, without its contents.
    """

    _FORMATTER = logging.Formatter()

    def __init__(self, name: str = "", *, redactor: Redactor | None = None, **options: Any):
        super().__init__(name)
        self.redactor = redactor if redactor is not None else Redactor(**options)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            self._redact(record)
        except Exception as error:  # logging must go on, without the record's contents
            record.msg = f"[edgeward: record not logged: redaction failed ({type(error).__name__})]"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            if "message" in vars(record):
                record.message = record.msg
            for key in [k for k in vars(record) if k not in _RECORD_ATTRS]:
                delattr(record, key)
        return True

    def _redact(self, record: logging.LogRecord) -> None:
        r = self.redactor
        message = r._text(self._format(record.msg, record.args))
        fields = vars(record)
        extra = {k: fields[k] for k in fields.keys() - _RECORD_ATTRS}
        redacted_extra = self._mapping(extra) if extra else {}
        if redacted_extra is None:  # attribute names are text; the notice if one is not
            raise TypeError("extra field name")
        # Tracebacks quote exception messages, which often hold a token or a URL with a
        # password. Formatters print `exc_text` when it is set; without `exc_info` none can
        # format the exception again from the original.
        exc_text = record.exc_text
        if record.exc_info and not exc_text:
            exc_text = self._FORMATTER.formatException(record.exc_info)
        if exc_text:
            exc_text = r._text(exc_text)
        stack = record.stack_info
        if stack:
            stack = r._text(stack)
        # Nothing is changed before everything is redacted: a failure leaves only the notice.
        record.msg = message
        record.args = ()
        if "message" in fields:  # cached by an earlier handler's formatter
            record.message = message
        for key in extra:
            if key in redacted_extra:
                setattr(record, key, redacted_extra[key])
            else:
                delattr(record, key)
        record.exc_info = None
        record.exc_text = exc_text
        record.stack_info = stack

    def _format(self, msg: Any, args: Any) -> str:
        """``msg % args`` as ``LogRecord.getMessage`` computes it, from redacted structures."""
        if not _has_own_text(msg):
            msg = self.redactor._value(msg)
        text = str(msg)
        if not args:
            return text
        if isinstance(args, tuple):  # what `logging` makes of positional arguments
            structures = [
                i
                for i, arg in enumerate(args)
                if type(arg) not in _COMMON_TEXT_TYPES and not _has_own_text(arg)
            ]
            if not structures:
                return text % args
            # One call for all of them: the core converts and walks them in one pass.
            redacted = self.redactor._value([args[i] for i in structures])
            values = list(args)
            for i, value in zip(structures, redacted, strict=True):
                values[i] = value
            return text % tuple(values)
        if isinstance(args, Mapping):  # one mapping argument: `%(name)s`, or `%s` for all of it
            redacted = self._mapping(args)
            if redacted is None:  # keys that are not text: only `%s` prints it, as the core's
                return text % self.redactor._value(dict(args))
            if len(redacted) < len(args):
                redacted = _ArgumentsWithRemovedKeys(redacted)
            return text % redacted
        return text % (args if _has_own_text(args) else self.redactor._value(args))

    def _mapping(self, mapping: Mapping[Any, Any]) -> dict[str, Any] | None:
        """The mapping redacted as one structure (its keys name its values), or ``None`` when
        a key is not a ``str``. A value with its own text that is not a JSON scalar
        (``Decimal``, ``datetime``, bytes, a user's class) goes in as that text and comes back
        as that text, redacted: a formatter may print an ``extra`` field with ``repr`` or
        ``json.dumps(default=...)``, not only ``str``. Only numbers, dates and UUIDs come back
        as the original object when their text was kept, so ``%(amount).2f`` still formats a
        ``Decimal``. Keys removed by the redactor (``mode="remove"``) are left out."""
        prepared: dict[str, Any] = {}
        as_text = []
        for key, value in mapping.items():
            if not isinstance(key, str):
                return None
            if type(value) in _COMMON_TEXT_TYPES or not _has_own_text(value):
                prepared[key] = value
            else:
                prepared[key] = str(value)
                as_text.append(key)
        redacted: dict[str, Any] = self.redactor._fields(prepared)
        for key in as_text:
            value = mapping[key]
            if isinstance(value, _INERT) and redacted.get(key) == prepared[key]:
                redacted[key] = value
        return redacted


def structlog_processor(redactor: Redactor | None = None, **options: Any) -> Any:
    """A structlog processor: ``structlog.configure(processors=[...,
    structlog.processors.format_exc_info, structlog_processor(), JSONRenderer()])``. Put it
    after ``format_exc_info`` (so tracebacks are text it redacts) and before the renderer. An
    event that cannot be redacted becomes a notice naming the error type, never raises."""
    r = redactor if redactor is not None else Redactor(**options)

    def redact_event(_logger: Any, _method: str, event_dict: Any) -> Any:
        try:
            return r._fields(dict(event_dict))
        except Exception as error:  # logging must go on, without the event's contents
            failed = type(error).__name__
            return {"event": f"[edgeward: event not logged: redaction failed ({failed})]"}

    return redact_event


def loguru_patcher(redactor: Redactor | None = None, **options: Any) -> Any:
    """A loguru patcher: ``logger.configure(patcher=loguru_patcher())`` (every record), or
    ``log = logger.patch(loguru_patcher())``. It redacts the record's formatted ``message`` as
    free text and its ``extra`` fields (``bind()``, ``contextualize()``, captured keyword
    arguments) as structures, before any sink (and ``serialize=True``) sees them. Exceptions
    are not rewritten: log them with ``diagnose=False`` on every sink, or their variables'
    values are printed. A record that cannot be redacted becomes a notice naming the error
    type, never raises."""
    r = redactor if redactor is not None else Redactor(**options)

    def redact_record(record: Any) -> None:
        try:
            message = r._text(record["message"])
            extra = r._fields(dict(record["extra"]))
        except Exception as error:  # logging must go on, without the record's contents
            failed = type(error).__name__
            record["message"] = f"[edgeward: record not logged: redaction failed ({failed})]"
            record["extra"] = {}
            return
        record["message"] = message
        record["extra"] = extra

    return redact_record
