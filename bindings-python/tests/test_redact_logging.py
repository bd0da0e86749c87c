"""RedactingFilter with the real `logging` machinery, tried as a new user would: every common
call shape goes through real handlers into a StringIO, and the output (and stderr, where
`logging` reports its own errors with the record's arguments) must hold the useful text and no
secret. Regression tests for issue #11, item 1: the filter used to redact the format string
and the arguments separately, so a secret split between them (`"Bearer %s"`) came out in
clear, and a redacted format string (`"password=%s"`) broke formatting, which made `logging`
print the raw arguments to stderr."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import decimal
import io
import itertools
import logging
import logging.handlers
import queue
from collections.abc import Iterator

import pytest

from edgeward import RedactingFilter, Redactor

STRIPE = "sk_live_FAKE0000000000000000000000"
# Opaque tokens no value detector knows: only their context (`Bearer `, a key name) gives
# them away.
OPAQUE = "q8ZlW3nR5tYp0vXs7bKd2mJf"
PASSWORD = "hunter2-Opaque-91"
# A new logger name per use: pytest adds its capture handlers to the loggers that exist when a
# test starts, and those would see the record before a test's own handler.
LOGGER_NUMBERS = itertools.count()


def new_logger() -> logging.Logger:
    logger = logging.getLogger(f"edgeward-test-logging-{next(LOGGER_NUMBERS)}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger


@contextlib.contextmanager
def capture(
    fmt: str = "%(levelname)s %(message)s",
    *,
    style: str = "%",
    on: str = "handler",
    formatter: logging.Formatter | None = None,
    redacting: RedactingFilter | None = None,
) -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A fresh logger with one StreamHandler on a StringIO, the filter on the handler (or on
    the logger with `on="logger"`)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter or logging.Formatter(fmt, style=style))  # type: ignore[arg-type]
    redacting = redacting or RedactingFilter()
    logger = new_logger()
    logger.addHandler(handler)
    (handler if on == "handler" else logger).addFilter(redacting)
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(redacting)


def assert_clean(text: str, *secrets: str) -> None:
    for secret in (STRIPE, OPAQUE, PASSWORD, *secrets):
        assert secret not in text


@pytest.mark.parametrize("on", ["handler", "logger"])
def test_secret_split_between_format_and_argument(on: str) -> None:
    # The leak of issue #11: "Bearer %s" and the token were each harmless on their own.
    with capture(on=on) as (log, stream):
        log.warning("Authorization: Bearer %s", OPAQUE)
        log.warning("calling %s?api_key=%s", "https://api.example.com/v1", OPAQUE)
    out = stream.getvalue()
    assert_clean(out)
    assert "WARNING Authorization: Bearer [REDACTED]" in out
    assert "calling https://api.example.com/v1?api_key=[REDACTED]" in out


def test_redacted_format_string_does_not_break_formatting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "password=%s" used to become "password=[REDACTED]" with one argument left over:
    # `logging` then printed "--- Logging error ---" and the raw arguments to stderr.
    with capture() as (log, stream):
        log.warning("password=%s user=%s", PASSWORD, "ann")
        log.warning("login failed password=%s", PASSWORD)
    out = stream.getvalue()
    err = capsys.readouterr().err
    assert "--- Logging error ---" not in err
    assert_clean(out + err)
    assert "WARNING password=[REDACTED] user=ann" in out
    assert "WARNING login failed password=[REDACTED]" in out


def test_formatter_printing_args_never_sees_the_original_arguments() -> None:
    with capture("%(message)s | args=%(args)s | msg=%(msg)s") as (log, stream):
        log.info("charging %s for order %d", STRIPE, 1700000000123)
        log.info("%(user)s %(token)s", {"user": "ann", "token": OPAQUE})
    out = stream.getvalue()
    assert_clean(out)
    assert "charging [REDACTED] for order 1700000000123 | args=() | msg=charging [REDACTED]" in out
    assert "ann [REDACTED] | args=() | msg=ann [REDACTED]" in out


def test_brace_style_formatter() -> None:
    # style="{" is the style of the handler's format string; the message itself is still
    # %-formatted by LogRecord.getMessage.
    fmt = "{levelname} {message} token={token} args={args}"
    with capture(fmt, style="{") as (log, stream):
        log.warning("user %s sent %s", "ann", STRIPE, extra={"token": OPAQUE})
    out = stream.getvalue()
    assert_clean(out)
    assert out == "WARNING user ann sent [REDACTED] token=[REDACTED] args=()\n"


def test_dict_arguments() -> None:
    with capture() as (log, stream):
        log.info("%(user)s logged in with %(token)s", {"user": "ann", "token": OPAQUE})
        log.info("%(user)s paid %(amount).2f", {"user": "ann", "amount": decimal.Decimal("9.5")})
        log.info("payload %s", {"user": "ann", "password": PASSWORD})
        log.info("by id %s", {7: "ann", "token": OPAQUE})
    out = stream.getvalue()
    assert_clean(out)
    assert "INFO ann logged in with [REDACTED]" in out
    assert "INFO ann paid 9.50" in out
    assert "INFO payload {'user': 'ann', 'password': '[REDACTED]'}" in out
    assert "INFO by id {'7': 'ann', 'token': '[REDACTED]'}" in out


def test_extra_fields_named_by_the_formatter() -> None:
    fmt = "%(levelname)s %(message)s token=%(token)s user=%(user)s note=%(note)s"
    with capture(fmt) as (log, stream):
        log.info("login", extra={"token": OPAQUE, "user": "ann", "note": f"key {STRIPE}"})
    out = stream.getvalue()
    assert_clean(out)
    assert out == "INFO login token=[REDACTED] user=ann note=key [REDACTED]\n"


def test_extra_fields_keep_numbers_and_never_their_objects_repr() -> None:
    # A formatter may print an extra field with repr (or a JSON formatter's default=): an
    # object comes back as its redacted text, only numbers, dates and UUIDs as themselves.
    class Credentials:
        def __init__(self) -> None:
            self.password = PASSWORD

        def __str__(self) -> str:
            return "Credentials(ann)"

        def __repr__(self) -> str:
            return f"Credentials(ann, {self.password})"

    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    fmt = "%(message)s creds=%(creds)r amount=%(amount).2f when=%(when)s pin=%(pin)s"
    with capture(fmt, redacting=RedactingFilter(keys=["pin"])) as (log, stream):
        log.info(
            "paid",
            extra={
                "creds": Credentials(),
                "amount": decimal.Decimal("9.5"),
                "when": when,
                "pin": decimal.Decimal(4321),
            },
        )
    out = stream.getvalue()
    assert_clean(out, "4321")
    assert out == (
        "paid creds='Credentials(ann)' amount=9.50 when=2026-01-02 03:04:05+00:00 pin=[REDACTED]\n"
    )


@dataclasses.dataclass
class Account:
    user: str
    password: str


class Connection:
    """An object with its own text, as a user's class would have."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def __str__(self) -> str:
        return f"Connection({self.dsn})"


def test_arguments_that_are_not_strings() -> None:
    with capture() as (log, stream):
        log.info("raw %s", STRIPE.encode())
        log.info("headers %s", {"Authorization": f"Bearer {OPAQUE}", "Accept": "*/*"})
        log.info("list %s", ["ann", {"api_key": OPAQUE}])
        log.info("account %s", Account("ann", PASSWORD))
        log.info("via %s", Connection(f"postgres://app:{PASSWORD}@db.example.com/main"))
        log.info("failed: %s", ConnectionError(f"GET /v1?token={OPAQUE}"))
        log.info("n=%d f=%.1f none=%s", 3, 2.5, None)
    out = stream.getvalue()
    assert_clean(out)
    assert "raw b'[REDACTED]'" in out
    assert "headers {'Authorization': '[REDACTED]', 'Accept': '*/*'}" in out
    assert "list ['ann', {'api_key': '[REDACTED]'}]" in out
    assert "account {'user': 'ann', 'password': '[REDACTED]'}" in out
    assert "via Connection(postgres://app:[REDACTED]@db.example.com/main)" in out
    assert "failed: GET /v1?token=[REDACTED]" in out
    assert "n=3 f=2.5 none=None" in out


def test_message_that_is_not_a_string() -> None:
    class BraceMessage:
        """The logging cookbook's {}-style message."""

        def __init__(self, fmt: str, *args: object) -> None:
            self.fmt, self.args = fmt, args

        def __str__(self) -> str:
            return self.fmt.format(*self.args)

    with capture() as (log, stream):
        log.info({"event": "login", "api_key": OPAQUE})
        log.info(BraceMessage("user {} with {}", "ann", STRIPE))
    out = stream.getvalue()
    assert_clean(out)
    assert "INFO {'event': 'login', 'api_key': '[REDACTED]'}" in out
    assert "INFO user ann with [REDACTED]" in out


def test_exception_text() -> None:
    with capture() as (log, stream):
        try:
            raise ConnectionError(f"GET https://ann:{PASSWORD}@api.example.com?token={OPAQUE}")
        except ConnectionError:
            log.error("upstream failed with %s", STRIPE, exc_info=True)
            log.exception("upstream failed")
    out = stream.getvalue()
    assert_clean(out)
    assert out.count("Traceback (most recent call last)") == 2
    assert "ConnectionError: GET https://ann:[REDACTED]@api.example.com?token=[REDACTED]" in out
    assert "ERROR upstream failed with [REDACTED]\nTraceback" in out


def test_formatter_that_formats_exc_info_itself() -> None:
    # JSON formatters often call formatException(record.exc_info) without looking at
    # exc_text: the filter leaves them no exception object to format.
    class ExcInfoFormatter(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            text = record.getMessage()
            if record.exc_info:
                text += " " + self.formatException(record.exc_info)
            return f"{text} exc_text={record.exc_text!r}"

    with capture(formatter=ExcInfoFormatter()) as (log, stream):
        try:
            raise ValueError(f"bad key {STRIPE}")
        except ValueError:
            log.exception("failed")
    out = stream.getvalue()
    assert_clean(out)
    assert "ValueError: bad key [REDACTED]" in out


def test_stack_text() -> None:
    with capture() as (log, stream):
        log.info("here", stack_info=True)  # sk_live_FAKE0000000000000000000000 in the source
    out = stream.getvalue()
    assert_clean(out)
    assert "INFO here\nStack (most recent call last):" in out
    assert "# [REDACTED] in the source" in out


def test_handlers_in_turn() -> None:
    # A record goes through every handler in turn, after an unfiltered handler whose formatter
    # cached the traceback text (exc_text) and the message; redacting twice changes nothing.
    unfiltered, first, second = io.StringIO(), io.StringIO(), io.StringIO()
    logger = new_logger()
    handlers = [logging.StreamHandler(s) for s in (unfiltered, first, second)]
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    handlers[1].addFilter(RedactingFilter())
    handlers[2].addFilter(RedactingFilter())
    try:
        try:
            raise KeyError(STRIPE)
        except KeyError:
            logger.exception("lookup Bearer %s", OPAQUE)
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
    assert STRIPE in unfiltered.getvalue()
    assert first.getvalue() == second.getvalue()
    out = first.getvalue()
    assert_clean(out)
    assert out.startswith("lookup Bearer [REDACTED]\nTraceback")
    assert "KeyError: '[REDACTED]'" in out


def test_queue_handler() -> None:
    # QueueHandler.prepare formats the record: the filter on it redacts before that.
    records: queue.Queue[logging.LogRecord] = queue.Queue()
    handler = logging.handlers.QueueHandler(records)
    handler.addFilter(RedactingFilter())
    logger = new_logger()
    logger.addHandler(handler)
    try:
        logger.warning("Bearer %s", OPAQUE, extra={"password": PASSWORD})
    finally:
        logger.removeHandler(handler)
    record = records.get_nowait()
    assert record.getMessage() == "Bearer [REDACTED]"
    assert record.password == "[REDACTED]"  # type: ignore[attr-defined]


def test_formatting_error_becomes_a_notice(capsys: pytest.CaptureFixture[str]) -> None:
    # A call that `logging` itself could not format (too few arguments) would print its
    # arguments to stderr; it becomes the notice instead.
    with capture() as (log, stream):
        log.warning("token %s and %s", OPAQUE)
        log.warning("still logging")
    out = stream.getvalue()
    err = capsys.readouterr().err
    assert_clean(out + err)
    assert "--- Logging error ---" not in err
    assert "[edgeward: record not logged: redaction failed (TypeError)]" in out
    assert "still logging" in out


def test_remove_mode_keeps_the_message_formattable() -> None:
    with capture(redacting=RedactingFilter(mode="remove")) as (log, stream):
        log.info("%(user)s %(token)s", {"user": "ann", "token": OPAQUE})
        log.info("payload %s", {"user": "ann", "token": OPAQUE})
    out = stream.getvalue()
    assert_clean(out)
    assert out == "INFO ann [REDACTED]\nINFO payload {'user': 'ann'}\n"


def test_options_and_an_explicit_redactor() -> None:
    with capture(redacting=RedactingFilter(replacement="***")) as (log, stream):
        log.warning("Bearer %s", OPAQUE)
    assert stream.getvalue() == "WARNING Bearer ***\n"
    redactor = Redactor(keys=["pin"])
    with capture(redacting=RedactingFilter(redactor=redactor)) as (log, stream):
        log.warning("%(pin)s", {"pin": "4321"})
    assert stream.getvalue() == "WARNING [REDACTED]\n"
