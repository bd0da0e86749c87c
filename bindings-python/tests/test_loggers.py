"""The logger adapters in the real libraries: ``loguru_patcher`` in loguru (a text sink, a
serialising sink, bound and contextual extras) and ``structlog_processor`` over the whole event
dict (the event text, bound context, nested values)."""

from __future__ import annotations

import io
import json
from typing import Any

import loguru
import pytest
import structlog

from edgeward import Redactor, loguru_patcher, structlog_processor

STRIPE = "sk_live_FAKE000000000000000000000001"
BEARER = "fakeT0kenA1b2C3d4E5f6G7h8"
PASSWORD = "hunter2-pw-XYZ"
DB_URL = "postgres://app:Pa55w0rd-db9@db.internal:5432/shop"
PLANTED = (STRIPE, BEARER, PASSWORD, "Pa55w0rd-db9")


def assert_clean(text: str, useful: list[str]) -> None:
    for secret in PLANTED:
        assert secret not in text, f"{secret} leaked: {text}"
    for piece in useful:
        assert piece in text, f"lost {piece!r}: {text}"


@pytest.fixture
def loguru_logger() -> Any:
    """A fresh loguru logger (a copy, so the global one keeps its handlers) with the patcher."""
    log = loguru.logger.patch(loguru_patcher())
    log.remove()
    yield log
    log.remove()


def test_loguru_message_and_extra(loguru_logger: Any) -> None:
    text = io.StringIO()
    serialized = io.StringIO()
    loguru_logger.add(text, format="{level} {message} | {extra}", colorize=False)
    loguru_logger.add(serialized, serialize=True)
    loguru_logger.info("calling {}", DB_URL)
    loguru_logger.bind(user="ann", password=PASSWORD).warning(f"token Bearer {BEARER}")
    loguru_logger.info("key {key} for {who}", key=STRIPE, who="ann@example.com")
    with loguru_logger.contextualize(request_id="req-42", headers={"authorization": BEARER}):
        loguru_logger.debug("in context")
    out = text.getvalue()
    assert_clean(
        out + serialized.getvalue(),
        ["calling postgres://app:[REDACTED]@db.internal", "ann@example.com", "req-42"],
    )
    records = [json.loads(line)["record"] for line in serialized.getvalue().splitlines()]
    assert records[1]["message"] == "token Bearer [REDACTED]"
    assert records[1]["extra"] == {"user": "ann", "password": "[REDACTED]"}
    assert records[2]["message"] == "key [REDACTED] for ann@example.com"
    assert records[2]["extra"]["key"] == "[REDACTED]"
    assert records[3]["extra"] == {
        "request_id": "req-42",
        "headers": {"authorization": "[REDACTED]"},
    }


def test_loguru_configure_and_failure_notice() -> None:
    class Hostile:
        def __str__(self) -> str:
            raise RuntimeError(STRIPE)

        @property
        def __dict__(self) -> dict[str, object]:  # type: ignore[override]
            raise RuntimeError(STRIPE)

    sink = io.StringIO()
    handlers = loguru.logger.configure(
        handlers=[{"sink": sink, "format": "{message} | {extra}"}],
        patcher=loguru_patcher(Redactor(report=True)),
    )
    try:
        loguru.logger.bind(secret=Hostile()).info("odd")
        loguru.logger.info("still logging with {}", f"Bearer {BEARER}")
    finally:
        loguru.logger.configure(patcher=None)
        for handler in handlers:
            loguru.logger.remove(handler)
    out = sink.getvalue()
    assert_clean(out, ["still logging with Bearer [REDACTED]"])
    assert "[edgeward: record not logged: redaction failed (RuntimeError)]" in out


def test_structlog_whole_event_dict() -> None:
    stream = io.StringIO()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.format_exc_info,
            structlog_processor(),
            structlog.processors.JSONRenderer(),
        ],
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )
    try:
        structlog.contextvars.bind_contextvars(request_id="req-42", token=BEARER)
        log = structlog.get_logger().bind(user="ann", db=DB_URL)
        log.info(f"charging with {STRIPE}", order={"card": {"password": PASSWORD}, "items": 3})
    finally:
        structlog.contextvars.clear_contextvars()
        structlog.reset_defaults()
    line = json.loads(stream.getvalue())
    assert_clean(stream.getvalue(), ["req-42", "ann"])
    assert line["event"] == "charging with [REDACTED]"
    assert line["token"] == "[REDACTED]"
    assert line["db"] == "postgres://app:[REDACTED]@db.internal:5432/shop"
