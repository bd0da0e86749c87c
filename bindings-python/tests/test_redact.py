"""Python-specific redaction behaviour: host types, cycles, depth, untouched input, errors,
and the logging and structlog integrations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import io
import json
import logging
import uuid

import pytest

import edgeward
from edgeward import (
    EdgewardError,
    RedactingFilter,
    RedactionError,
    RedactionInvalidJsonError,
    RedactionInvalidOptionsError,
    RedactionLimitExceededError,
    Redactor,
    structlog_processor,
)

STRIPE = "sk_live_FAKE0000000000000000000000"
R = Redactor()


def test_defaults_keys_any_spelling_lookalikes_kept() -> None:
    out = R.redact(
        {"apiKey": "a1", "X-API-KEY": "b2", "author": "Ann", "msg": "User authenticated"}
    )
    assert out == {
        "apiKey": "[REDACTED]",
        "X-API-KEY": "[REDACTED]",
        "author": "Ann",
        "msg": "User authenticated",
    }


def test_cycles_become_circular() -> None:
    a: dict[str, object] = {"name": "a", "password": "p"}
    a["self"] = a
    lst: list[object] = [1]
    lst.append(lst)
    shared = {"token": "t"}
    out = R.redact({"a": a, "l": lst, "s1": shared, "s2": shared})
    assert out["a"]["self"] == "[Circular]"
    assert out["a"]["password"] == "[REDACTED]"
    assert out["l"] == [1, "[Circular]"]
    assert out["s1"] == out["s2"] == {"token": "[REDACTED]"}
    assert a["password"] == "p"


def test_host_types() -> None:
    @dataclasses.dataclass
    class Login:
        user: str
        password: str

    class Plain:
        def __init__(self) -> None:
            self.secret = "s"
            self.ok = 1
            self._private = "hidden"

    class Opaque:
        __slots__ = ()

        def __str__(self) -> str:
            return "opaque!"

    big = 123456789012345678901234567890
    out = R.redact(
        {
            "when": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
            "day": dt.date(2026, 1, 2),
            "big": big,
            "neg": -(2**70),
            "raw": b"hello world!",
            "tuple": (1, STRIPE),
            "set": frozenset({"x"}),
            "dec": decimal.Decimal("1.10"),
            "id": uuid.UUID(int=1),
            "nan": float("nan"),
            "login": Login("ann", "hunter2"),
            "plain": Plain(),
            "opaque": Opaque(),
            1: "int key",
        }
    )
    assert out["when"] == "2026-01-02T03:04:05+00:00"
    assert out["day"] == "2026-01-02"
    assert out["big"] == big
    assert out["neg"] == -(2**70)
    assert out["raw"] == "[bytes 12 bytes]"
    assert out["tuple"] == [1, "[REDACTED]"]
    assert out["set"] == ["x"]
    assert out["dec"] == "1.10"
    assert out["id"] == str(uuid.UUID(int=1))
    assert out["nan"] is None
    assert out["login"] == {"user": "ann", "password": "[REDACTED]"}
    assert out["plain"] == {"secret": "[REDACTED]", "ok": 1}
    assert out["opaque"] == "opaque!"
    assert out["1"] == "int key"


def test_exceptions_with_cause() -> None:
    try:
        try:
            raise ConnectionError(f"upstream said {STRIPE}")
        except ConnectionError as inner:
            error = RuntimeError("request failed")
            error.headers = {"Authorization": "Bearer abcdef0123456789"}  # type: ignore[attr-defined]
            raise error from inner
    except RuntimeError as caught:
        out = R.redact({"err": caught})
    assert out["err"]["type"] == "RuntimeError"
    assert out["err"]["headers"]["Authorization"] == "[REDACTED]"
    assert out["err"]["cause"]["message"] == "upstream said [REDACTED]"
    assert STRIPE not in json.dumps(out)


def test_100k_deep_no_crash_marker() -> None:
    deep: object = {"leaf": STRIPE}
    for _ in range(100_000):
        deep = {"a": deep}
    out = R.redact(deep)
    depth = 0
    while isinstance(out, dict):
        out = out["a"]
        depth += 1
    assert out == "[Too deep]"
    assert depth == 64
    lists: object = [STRIPE]
    for _ in range(100_000):
        lists = [lists]
    assert "[Too deep]" in json.dumps(R.redact(lists))
    shallow = Redactor(max_depth=2, too_deep_marker="<deep>")
    assert shallow.redact({"a": {"b": {"c": 1}}}) == {"a": {"b": "<deep>"}}


def test_value_conversion_edges() -> None:
    class Node:
        def __init__(self) -> None:
            self.token = "t0ken"
            self.me = self

    out = R.redact(
        {
            "node": Node(),
            "lone": "abc\ud800def",
            True: "bool key",
            None: "none key",
            2.5: "float key",
            "inf": float("-inf"),
            "huge": 2**64,
            "row": ("a", [STRIPE]),
        }
    )
    assert out["node"] == {"token": "[REDACTED]", "me": "[Circular]"}
    # A lone surrogate has no UTF-8 form: it becomes U+FFFD, the rest of the text is kept.
    assert out["lone"].replace("\ufffd", "") == "abcdef"
    assert "\ufffd" in out["lone"]
    assert out["true"] == "bool key"
    assert out["null"] == "none key"
    assert out["2.5"] == "float key"
    assert out["inf"] is None
    assert out["huge"] == 2**64
    assert out["row"] == ["a", ["[REDACTED]"]]
    # Exceptions whose contexts form a cycle still end.
    first, second = ValueError("a"), ValueError("b")
    first.__context__, second.__context__ = second, first
    assert "[Circular]" in json.dumps(R.redact(first))


def test_cycles_found_at_any_depth() -> None:
    deep = Redactor(max_depth=1000)
    root: dict[str, object] = {}
    node = root
    for _ in range(900):
        child: dict[str, object] = {}
        node["a"] = child
        node = child
    node["root"] = root
    node["parent"] = root["a"]
    node["token"] = "t0ken"
    out = deep.redact(root)
    for _ in range(900):
        out = out["a"]
    assert out == {"root": "[Circular]", "parent": "[Circular]", "token": "[REDACTED]"}


def test_value_size_limit() -> None:
    small = Redactor(max_bytes=64)
    assert small.redact({"msg": "x" * 40}) == {"msg": "x" * 40}
    with pytest.raises(RedactionLimitExceededError):
        small.redact({"msg": "x" * 100})
    with pytest.raises(RedactionLimitExceededError):
        small.redact([[1] * 10] * 10)


def test_unchanged_strings_are_shared_not_copied() -> None:
    text = "".join(["long unchanged text ", "x" * 100])
    given = {"keep": text, "list": [text], "password": "p", "after": text}
    out = R.redact(given)
    assert out["keep"] is text
    assert out["list"][0] is text
    assert out["after"] is text
    assert out["password"] == "[REDACTED]"
    assert R.redact({"m": f"x {STRIPE}"})["m"] == "x [REDACTED]"


def test_caller_object_untouched() -> None:
    given = {"headers": {"authorization": "Bearer abcdef0123456789"}, "list": [{"password": "x"}]}
    before = json.loads(json.dumps(given))
    out = R.redact(given)
    assert given == before
    assert out is not given


def test_modes_paths_report() -> None:
    masked = Redactor(mode="mask", mask_keep_last=4)
    assert masked.redact_text(f"key {STRIPE}").startswith("key sk_live_")
    hashed = Redactor(mode="hash", hash_key=b"k" * 32)
    a = hashed.redact({"token": "same"})["token"]
    assert a == hashed.redact({"token": "same"})["token"]
    assert a.startswith("[hmac:")
    paths = Redactor(paths=["a.b", "list[*].x", "**.deepKey"], default_keys=False)
    assert paths.redact(
        {"a": {"b": 1, "c": 2}, "list": [{"x": 1}], "q": {"r": {"deepKey": 3}}}
    ) == {
        "a": {"b": "[REDACTED]", "c": 2},
        "list": [{"x": "[REDACTED]"}],
        "q": {"r": {"deepKey": "[REDACTED]"}},
    }
    assert Redactor(key_mode="remove").redact({"password": "x", "ok": 1}) == {"ok": 1}
    value, report = Redactor(report=True).redact({"password": "x"})
    assert value == {"password": "[REDACTED]"}
    assert report["redactions"] == 1
    assert report["findings"][0] == {
        "rule": "key:password",
        "path": "password",
        "detector": None,
        "confidence": "high",
        "line": None,
    }


def test_errors() -> None:
    with pytest.raises(RedactionInvalidJsonError) as caught:
        R.redact_json('{"password":"hunter2"')
    assert "hunter2" not in str(caught.value)
    assert isinstance(caught.value, RedactionError)
    assert isinstance(caught.value, EdgewardError)
    assert caught.value.code == "REDACTION_INVALID_JSON"
    with pytest.raises(RedactionInvalidOptionsError):
        Redactor(mode="explode")
    with pytest.raises(RedactionInvalidOptionsError):
        Redactor(nope=1)
    with pytest.raises(RedactionInvalidOptionsError):
        Redactor(mode="hash")
    with pytest.raises(RedactionLimitExceededError):
        Redactor(max_bytes=10).redact_text("x" * 100)


def test_ndjson_text_and_bytes() -> None:
    assert (
        R.redact_ndjson('{"password":"a"}\n{"ok":1}\n') == '{"password":"[REDACTED]"}\n{"ok":1}\n'
    )
    assert R.redact_json(b'{"token":"x"}') == '{"token":"[REDACTED]"}'
    assert (
        R.redact_text(f"user authenticated with {STRIPE}") == "user authenticated with [REDACTED]"
    )


def test_logging_filter_with_real_logger() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s %(password)s"))
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("edgeward-test-redact")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        logger.info(
            "charging with %s for %s",
            STRIPE,
            {"card_number": "4242424242424242", "order": 1700000000123},
            extra={"password": "hunter2"},
        )
        logger.info("token %(token)s", {"token": "abc", "user": "ann"}, extra={"password": "p"})
        logger.info({"event": "login", "api_key": "k-123456"}, extra={"password": "p"})
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    for secret in (STRIPE, "4242424242424242", "hunter2", "k-123456", "token abc"):
        assert secret not in out
    assert "1700000000123" in out
    assert "charging with [REDACTED]" in out
    assert out.count("[REDACTED]") >= 5


def test_logging_filter_tracebacks_and_failures() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("edgeward-test-redact-exc")
    logger.propagate = False
    logger.addHandler(handler)

    class Hostile:
        @property
        def __dict__(self) -> dict[str, object]:  # type: ignore[override]
            raise RuntimeError(STRIPE)

    try:
        try:
            raise ConnectionError(f"GET https://ann:hunter2@api.example.com?token={STRIPE}")
        except ConnectionError:
            logger.exception("upstream failed", stack_info=True)
        logger.error("payload %s", Hostile())
        logger.error("still logging")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "Traceback" in out
    assert "ConnectionError" in out
    assert "hunter2" not in out
    assert STRIPE not in out
    assert "Stack (most recent call last)" in out
    assert "[edgeward: record not logged: redaction failed (RuntimeError)]" in out
    assert "still logging" in out


def test_structlog_processor() -> None:
    structlog = pytest.importorskip("structlog")
    stream = io.StringIO()
    structlog.configure(
        processors=[
            structlog.processors.format_exc_info,
            structlog_processor(),
            structlog.processors.JSONRenderer(),
        ],
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )

    class Hostile:
        @property
        def __dict__(self) -> dict[str, object]:  # type: ignore[override]
            raise RuntimeError(STRIPE)

    try:
        log = structlog.get_logger()
        log.info("login", user="ann", password="hunter2", key=STRIPE)
        try:
            raise ConnectionError(f"token={STRIPE}")
        except ConnectionError:
            log.exception("upstream failed")
        log.info("odd", payload=Hostile())
    finally:
        structlog.reset_defaults()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0] == {
        "event": "login",
        "user": "ann",
        "password": "[REDACTED]",
        "key": "[REDACTED]",
    }
    assert "ConnectionError" in lines[1]["exception"]
    assert STRIPE not in stream.getvalue()
    assert lines[2] == {"event": "[edgeward: event not logged: redaction failed (RuntimeError)]"}


def test_exported() -> None:
    for name in ("Redactor", "RedactingFilter", "structlog_processor", "Redacted"):
        assert name in edgeward.__all__
