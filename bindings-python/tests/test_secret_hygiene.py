"""Secret hygiene (issue 11, hardening): the whole shared corpus (both webhook vector files,
the redaction corpus and the validation vectors) runs through the Python package, and nothing
printed may show a secret, an expected signature or a planted token.

Printed things: ``str``/``repr``/``args``/``vars`` and the formatted traceback of every error;
``repr``/``str`` (and a pickle, where an object allows one) of every object built with a secret
(``Webhook``, ``ReplayGuard``, ``Redactor``, ``Validator``) and of every result, issue and
report; every line logged through ``RedactingFilter`` (the corpus records' inputs logged with
their options, in the common call shapes, ``extra=`` fields printed; errors logged with
``logger.exception``) and through ``structlog_processor``; and whatever reached stdout/stderr.

Needles, as in the Rust, Node and workerd tests: every secret of the webhook vectors (as
text, as hex and base64 of its bytes; for ``whsec_``/``whsk_``/``whpk_`` secrets the base64
part and the decoded key in hex and base64), every signature the vectors carry for genuine
deliveries and every signature the package computes for each case with each of its secrets
(the expected signatures), in hex and base64 forms, the redaction key (``hash_key_hex``), the
corpus' planted tokens and the validation vectors' ``message_excludes``.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import logging
import pickle
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import structlog

from edgeward import (
    RedactingFilter,
    Redactor,
    ReplayGuard,
    Validator,
    Webhook,
    build_path,
    encode_path_segment,
    structlog_processor,
)

TESTS = Path(__file__).resolve().parent / ".." / ".." / "tests"

# Needles shorter than this are not searched for: short values (a 4-digit PIN, "fakeA")
# occur by chance in ordinary text such as error messages and would only produce noise.
MIN_NEEDLE_CHARS = 8
# A base64/hex run of a signature header shorter than this is not a signature ("v1=", a
# timestamp).
MIN_SIGNATURE_RUN = 16
KEY_PREFIXES = ("whsec_", "whsk_", "whpk_")
SIGNATURE_RUN = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")


def load(path: str) -> Any:
    return json.loads((TESTS / path).read_text(encoding="utf-8"))


def unpadded(text: str) -> str:
    return text.rstrip("=")


def from_hex(text: str) -> bytes | None:
    try:
        return bytes.fromhex(text) if re.fullmatch(r"(?:[0-9a-fA-F]{2})*", text) else None
    except ValueError:
        return None


def from_base64(text: str) -> bytes | None:
    if not re.fullmatch(r"[A-Za-z0-9+/_-]+={0,2}", text):
        return None
    standard = unpadded(text).replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def signature_runs(header: str) -> list[str]:
    return [r for r in SIGNATURE_RUN.findall(header) if len(r) >= MIN_SIGNATURE_RUN]


def is_signature_header(name: str) -> bool:
    return re.search("signature|hmac", name, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Needle:
    label: str
    text: str
    ignore_case: bool = False
    # A planted token the corpus keeps on purpose in another record's output (a look-alike
    # there) is searched for only in its own record's output and in errors and reprs.
    scope: str | None = None


@dataclass
class Needles:
    items: list[Needle] = field(default_factory=list)
    seen: set[tuple[str, bool, str | None]] = field(default_factory=set)

    def add(self, label: str, text: str, *, ignore_case: bool = False, scope: str | None = None):
        if not isinstance(text, str) or len(text) < MIN_NEEDLE_CHARS:
            return
        needle = text.lower() if ignore_case else text
        if (needle, ignore_case, scope) not in self.seen:
            self.seen.add((needle, ignore_case, scope))
            self.items.append(Needle(label, needle, ignore_case, scope))

    def add_bytes(self, label: str, data: bytes) -> None:
        """Key or signature bytes in every encoding a message could show them in."""
        self.add(f"{label} (hex)", data.hex(), ignore_case=True)
        self.add(f"{label} (base64)", unpadded(base64.b64encode(data).decode()))
        self.add(f"{label} (base64url)", unpadded(base64.urlsafe_b64encode(data).decode()))
        # Python shows bytes as b'...': a printable key would be caught as text already.

    def secret(self, label: str, secret: object) -> None:
        if not isinstance(secret, str):
            return
        self.add(label, secret)
        self.add_bytes(f"{label} bytes", secret.encode("utf-8", "surrogatepass"))
        for prefix in KEY_PREFIXES:
            if secret.startswith(prefix):
                encoded = secret[len(prefix) :]
                self.add(f"{label} base64 part", encoded)
                self.add(f"{label} base64 part", unpadded(encoded))
                key = from_base64(encoded)
                if key is not None:
                    self.add_bytes(f"{label} decoded key", key)

    def signatures(self, label: str, header: object) -> None:
        if not isinstance(header, str):
            return
        for run in signature_runs(header):
            self.add(label, run)
            self.add(label, unpadded(run))
            data = from_hex(run)
            if data is None:
                data = from_base64(run)
            if data is not None:
                self.add_bytes(label, data)


@dataclass(frozen=True)
class Hay:
    origin: str
    text: str
    scope: str | None = None


def find_leaks(needles: Needles, hay: list[Hay]) -> list[str]:
    out = []
    for h in hay:
        lower = h.text.lower()
        for n in needles.items:
            if n.scope is not None and h.scope is not None and n.scope != h.scope:
                continue
            if n.text in (lower if n.ignore_case else h.text):
                out.append(f"{h.origin} shows {n.label} `{n.text}`:\n    {h.text[:400]}")
    return out


# --- logging: every record formatted as a handler would print it ------------------------------

_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
}


class ExtrasFormatter(logging.Formatter):
    """Prints the message, the raw args and every ``extra=`` field, as JSON log formatters do."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS}
        return f"{line} args={record.args!r} extra={extras!r}"


class LogCapture:
    """A logger whose handler redacts with ``RedactingFilter`` and writes to memory."""

    def __init__(self, name: str) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(ExtrasFormatter("%(levelname)s %(name)s %(message)s"))
        self.logger = logging.getLogger(f"edgeward.hygiene.{name}")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)
        self.filter: RedactingFilter | None = None

    def use(self, redactor: Redactor) -> logging.Logger:
        if self.filter is not None:
            self.handler.removeFilter(self.filter)
        self.filter = RedactingFilter(redactor=redactor)
        self.handler.addFilter(self.filter)
        return self.logger

    def take(self) -> str:
        text = self.stream.getvalue()
        self.stream.seek(0)
        self.stream.truncate()
        return text

    def close(self) -> None:
        self.logger.removeHandler(self.handler)


# --- the corpus run ---------------------------------------------------------------------------


def payload_of(case: dict[str, Any]) -> Any:
    if "payload_json" in case:
        return case["payload_json"]
    if "payload_text" in case:
        return case["payload_text"]
    return bytes.fromhex(case["payload_hex"])


def fill(case: dict[str, Any]) -> str | None:
    f = case.get("header_fill")
    return None if f is None else f["prefix"] + f["repeat"] * f["times"]


def headers_of(case: dict[str, Any]) -> Any:
    if case.get("headers") is not None:
        headers = dict(case["headers"])
        if case.get("header_fill") is not None:
            headers[case["header_fill"]["name"]] = fill(case)
        return headers
    built = fill(case)
    return built if built is not None else case.get("header")


def webhook_options(case: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if "scheme" in case:
        options["scheme"] = case["scheme"]
    if case.get("secret_format") == "raw":
        options["secret_format"] = "raw"
    if "tolerance" in case:
        options["tolerance"] = case["tolerance"]
    return options


def signature_headers(case: dict[str, Any]) -> list[str]:
    out = [case["header"]] if isinstance(case.get("header"), str) else []
    out += [v for k, v in (case.get("headers") or {}).items() if is_signature_header(k)]
    return out


def timestamps_of(case: dict[str, Any]) -> set[int]:
    out = {t for t in (case.get("now"), case.get("timestamp")) if isinstance(t, int)}
    texts: list[str] = []

    def stripe(value: str) -> list[str]:
        return [p[2:] for p in value.split(",") if p.startswith("t=")]

    if isinstance(case.get("header"), str):
        texts += stripe(case["header"])
    for name, value in (case.get("headers") or {}).items():
        if not isinstance(value, str):
            continue
        if name.lower().endswith("timestamp"):
            texts.append(value)
        if name.lower() == "stripe-signature":
            texts += stripe(value)
    out |= {int(t) for t in texts if re.fullmatch(r"[0-9]{1,12}", t)}
    return out


def message_id(case: dict[str, Any]) -> str:
    for name, value in (case.get("headers") or {}).items():
        if re.fullmatch(r"(webhook|svix)-id", name, re.IGNORECASE):
            return value
    return case.get("id") or "msg_hygiene"


def fill_parts(parts: list[dict[str, Any]]) -> str:
    return "".join(p["text"] if "text" in p else p["repeat"] * p["times"] for p in parts)


def redactor_options(record: dict[str, Any], *, report: bool) -> dict[str, Any]:
    options = dict(record.get("options") or {})
    key = options.pop("hash_key_hex", None)
    if key is not None:
        options["hash_key"] = bytes.fromhex(key)
    options["report"] = report
    return options


class Run:
    """Runs the corpus, collecting needles and everything printed."""

    def __init__(self) -> None:
        self.needles = Needles()
        self.hay: list[Hay] = []
        self.counts = dict.fromkeys(
            ("webhook_cases", "redaction_records", "validation_cases", "errors", "objects"), 0
        )
        self.counts["log_lines"] = 0
        self.errors_log = LogCapture("errors")
        self.errors_logger = self.errors_log.use(Redactor())

    def printed(self, origin: str, text: object, scope: str | None = None) -> None:
        if isinstance(text, str) and text:
            self.hay.append(Hay(origin, text, scope))

    def show(self, origin: str, value: object, scope: str | None = None) -> None:
        """Every way Python shows an object; a pickle is printed to disk or a cache."""
        self.counts["objects"] += 1
        self.printed(f"{origin}: repr", repr(value), scope)
        self.printed(f"{origin}: str", str(value), scope)
        try:
            pickled = pickle.dumps(value)
        except Exception as error:  # an object holding a secret refuses to be pickled
            self.printed(f"{origin}: pickle error", f"{type(error).__name__}: {error}")
        else:
            self.printed(f"{origin}: pickle", pickled.decode("latin-1"), scope)

    def show_error(self, origin: str, error: BaseException) -> None:
        self.counts["errors"] += 1
        self.printed(f"{origin}: str", str(error))
        self.printed(f"{origin}: repr", repr(error))
        self.printed(f"{origin}: args", repr(error.args))
        self.printed(f"{origin}: code", getattr(error, "code", None))
        self.printed(f"{origin}: vars", repr(vars(error)))
        self.printed(f"{origin}: traceback", "".join(traceback.format_exception(error)))
        if getattr(error, "errors", None):
            self.printed(f"{origin}: issues", repr(error.errors))  # type: ignore[attr-defined]
        # What an application logs (tracebacks included), through the default filter.
        # (The case name is not logged: vectors name their cases freely.)
        self.errors_logger.error("edgeward call failed: %s", error)
        try:
            raise error
        except BaseException:
            self.errors_logger.exception("edgeward call failed")

    def attempt(self, origin: str, work: Callable[..., Any], *args: Any, **kwargs: Any):
        """Calls ``work(*args, **kwargs)``; shows the error it raises."""
        try:
            return True, work(*args, **kwargs)
        except Exception as error:
            self.show_error(origin, error)
            return False, error

    def expected_signatures(self, name: str, case: dict[str, Any]) -> None:
        if "payload_json" in case or "steps" in case:  # parsed objects cannot be signed
            return
        payload = payload_of(case)
        for index, secret in enumerate(case.get("secrets") or []):
            try:
                signer = Webhook([secret], **webhook_options(case))
            except Exception as error:  # shown again when the case's own Webhook is built
                self.show_error(f"{name}: signer #{index}", error)
                continue
            for t in sorted(timestamps_of(case)):
                ok, signed = self.attempt(
                    f"{name}: sign with secret #{index}",
                    signer.sign,
                    payload,
                    timestamp=t,
                    id=message_id(case),
                )
                if not ok:
                    continue
                values = (
                    [signed]
                    if isinstance(signed, str)
                    else [v for k, v in signed.items() if is_signature_header(k)]
                )
                for v in values:
                    self.needles.signatures(f"{name}: expected signature #{index}", v)

    def webhooks(self, file: str) -> None:
        vectors = load(f"vectors/{file}")
        for section in ("verify", "sign", "sign_errors", "replay"):
            for case in vectors.get(section, []):
                name = f"{file} {section} {case['name']}"
                self.counts["webhook_cases"] += 1
                for i, s in enumerate(case.get("secrets") or []):
                    self.needles.secret(f"{name}: secret #{i}", s)
                if section == "sign" or (case.get("expect") or {}).get("ok") is True:
                    for h in signature_headers(case):
                        self.needles.signatures(f"{name}: signature in the vector", h)
                self.expected_signatures(name, case)
                guard = (
                    ReplayGuard(max_entries=case["max_entries"]) if section == "replay" else None
                )
                ok, wh = self.attempt(
                    f"{name}: Webhook()",
                    Webhook,
                    case["secrets"],
                    **webhook_options(case),
                    replay_guard=guard,
                )
                if not ok:
                    continue
                self.show(f"{name}: Webhook", wh)
                if section == "verify":
                    ok, verified = self.attempt(
                        f"{name}: verify",
                        wh.verify,
                        payload_of(case),
                        headers_of(case),
                        now=case["now"],
                    )
                    if ok:
                        self.show(f"{name}: Verified", verified)
                elif section in ("sign", "sign_errors"):
                    self.attempt(
                        f"{name}: sign",
                        wh.sign,
                        payload_of(case),
                        timestamp=case["timestamp"],
                        id=case.get("id"),
                    )
                else:
                    for i, step in enumerate(case["steps"]):
                        step_name = f"{name} step {i}"
                        if step["expect"].get("ok") is True:
                            for h in signature_headers(step):
                                self.needles.signatures(f"{step_name}: signature", h)
                        self.expected_signatures(
                            step_name,
                            {**step, "secrets": case["secrets"], "scheme": case["scheme"]},
                        )
                        ok, verified = self.attempt(
                            step_name,
                            wh.verify,
                            payload_of(step),
                            headers_of(step),
                            now=step["now"],
                        )
                        if ok:
                            self.show(f"{step_name}: Verified", verified)
                    self.show(f"{name}: ReplayGuard", guard)

    def redaction(self) -> None:
        records = load("redact/corpus.json")["records"]

        def shown(r: dict[str, Any]) -> str:
            e = r["expected"]
            return e if isinstance(e, str) else json.dumps(e, ensure_ascii=False)

        # Tokens planted in one record but kept in another's output (PII redacted only by an
        # explicit path, say) are needles for their own record's output only.
        for record in records:
            for token in record.get("planted", []):
                kept = any(r["name"] != record["name"] and token in shown(r) for r in records)
                scope = record["name"] if kept else None
                self.needles.add(f"{record['name']}: planted token", token, scope=scope)
            key = (record.get("options") or {}).get("hash_key_hex")
            if key is not None:
                self.needles.add(f"{record['name']}: hash key", key, ignore_case=True)
                self.needles.add_bytes(f"{record['name']}: hash key", bytes.fromhex(key))
        capture = LogCapture("records")
        for record in records:
            name = f"redact {record['name']}"
            self.counts["redaction_records"] += 1
            ok, r = self.attempt(
                f"{name}: Redactor()", Redactor, **redactor_options(record, report=True)
            )
            if not ok:
                continue
            self.show(f"{name}: Redactor", r)
            kind = record["kind"]
            source = record["input"]
            if kind == "json":
                runs = [(r.redact, source), (r.redact_json, json.dumps(source))]
            else:
                method = {
                    "json_text": r.redact_json,
                    "ndjson": r.redact_ndjson,
                    "text": r.redact_text,
                }
                runs = [(method[kind], source)]
            for work, argument in runs:
                ok, out = self.attempt(f"{name}: redact", work, argument)
                if ok:
                    self.show(f"{name}: result", out, scope=record["name"])
            broken = '{"token": ' + json.dumps(source)
            self.attempt(f"{name}: invalid JSON", r.redact_json, broken)
            # The record's input logged through RedactingFilter and structlog with the
            # record's options. JSON text and NDJSON logged as strings leak today: their own
            # test below (test_secret_hygiene_json_text_logged_as_a_string) says so.
            if kind in ("json", "text"):
                for origin, line in log_through_filters(capture, record):
                    self.counts["log_lines"] += 1
                    self.printed(f"{name}: {origin}", line, scope=record["name"])
        capture.close()

    def validation(self) -> None:
        vectors = load("validate/vectors.json")
        for case in vectors["validate"]:
            name = f"validate {case['name']}"
            self.counts["validation_cases"] += 1
            given = dict(case.get("options") or {})
            excluded = case["expect"].get("message_excludes")
            if excluded is not None and not given.get("include_values"):
                self.needles.add(f"{name}: message_excludes", excluded)
            options = {**given, **given.pop("limits", {})}
            options.pop("limits", None)
            schema = case["schema"]
            schema = vectors["schemas"][schema] if isinstance(schema, str) else schema
            ok, v = self.attempt(f"{name}: Validator()", Validator, schema, **options)
            if not ok:
                continue
            self.show(f"{name}: Validator", v)
            texts: list[Any] = []
            if "document" in case:
                ok, issues = self.attempt(f"{name}: errors", v.errors, case["document"])
                if ok:
                    for issue in issues:
                        self.show(f"{name}: issue", issue)
                        self.printed(f"{name}: issue dict", repr(issue.to_dict()))
                self.attempt(f"{name}: validate", v.validate, case["document"])
                texts.append(json.dumps(case["document"]))
            if "document_fill" in case:
                self.attempt(f"{name}: validate", v.validate, fill_parts(case["document_fill"]))
            if "text" in case:
                texts.append(case["text"])
            if "text_hex" in case:
                texts.append(bytes.fromhex(case["text_hex"]))
            if "text_fill" in case:
                texts.append(fill_parts(case["text_fill"]))
            for text in texts:
                self.attempt(f"{name}: validate_json", v.validate_json, text)
        for segment in vectors["paths"]["segments"]:
            self.attempt("encode_path_segment", encode_path_segment, segment["input"])
        for template in vectors["paths"]["templates"]:
            self.attempt("build_path", build_path, template["template"], template["params"])

    def finish(self) -> None:
        for line in self.errors_log.take().splitlines():
            self.counts["log_lines"] += 1
            self.printed("error log line", line)
        self.errors_log.close()


def log_through_filters(capture: LogCapture, record: dict[str, Any]) -> list[tuple[str, str]]:
    """Logs a corpus record's input through ``RedactingFilter`` (with the record's options) in
    the common call shapes, and through ``structlog_processor``; returns the printed lines."""
    source = record["input"]
    options = redactor_options(record, report=False)
    log = capture.use(Redactor(**options))
    # Path rules are relative to the logged object: a record with paths is logged as the root
    # (wrapped in `extra=` or a mapping argument, its paths would name other places).
    wrapped = "paths" not in options
    log.warning("%s", source)
    log.warning("event: %r", source)
    log.warning(source)
    if wrapped:
        log.info("event", extra={"payload": source})
        log.warning("event %(payload)s", {"payload": source})
    lines = [("log line", line) for line in capture.take().splitlines()]
    events: list[str] = []
    logger = structlog.wrap_logger(
        _ListLogger(events),
        processors=[structlog_processor(Redactor(**options)), structlog.processors.JSONRenderer()],
    )
    if wrapped or not isinstance(source, dict):
        logger.warning("event", payload=source)
    else:
        logger.warning("event", **source)
    return lines + [("structlog line", line) for line in events]


class _ListLogger:
    """A structlog logger that keeps the rendered lines."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def msg(self, line: str) -> None:
        self.lines.append(line)

    warning = info = error = msg


def test_secret_hygiene_nothing_printed_shows_a_secret(capfd: pytest.CaptureFixture[str]) -> None:
    run = Run()
    run.webhooks("webhook_stripe.json")
    run.webhooks("webhook_schemes.json")
    run.redaction()
    run.validation()
    run.finish()
    counts = run.counts
    # The corpus really ran: every file, errors of every family, objects, log lines.
    assert counts["webhook_cases"] >= 150, counts
    assert counts["redaction_records"] >= 20, counts
    assert counts["validation_cases"] >= 70, counts
    assert counts["errors"] >= 150, counts
    assert counts["objects"] >= 300, counts
    assert counts["log_lines"] >= 150, counts
    assert len(run.needles.items) >= 400, len(run.needles.items)
    assert any("expected signature" in n.label for n in run.needles.items)
    assert any("planted token" in n.label for n in run.needles.items)
    # Whatever reached the process's stdout and stderr (below sys.stdout too) is searched as
    # well, and there should be nothing: the package prints nothing.
    out, err = capfd.readouterr()
    run.printed("stdout", out)
    run.printed("stderr", err)
    leaks = find_leaks(run.needles, run.hay)
    assert not leaks, f"{len(leaks)} leak(s):\n" + "\n".join(leaks)
    assert (out, err) == ("", "")


def test_secret_hygiene_objects_built_with_secrets() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    hash_key = bytes([0xAB]) * 32
    objects = [
        Webhook(
            [secret, "whsec_ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8"],
            scheme="standard",
            replay_guard=ReplayGuard(),
        ),
        Webhook("gh-secret-chosen-by-the-user", scheme="github"),
        Redactor(mode="hash", hash_key=hash_key),
        RedactingFilter(mode="hash", hash_key=hash_key),
        Validator({"type": "object"}),
    ]
    needles = Needles()
    needles.secret("secret", secret)
    needles.secret("second secret", "whsec_ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8")
    needles.secret("github secret", "gh-secret-chosen-by-the-user")
    needles.add_bytes("hash key", hash_key)
    hay = []
    for o in objects:
        hay += [Hay("repr", repr(o)), Hay("str", str(o)), Hay("dir", repr(dir(o)))]
        hay += [Hay("vars", repr(getattr(o, "__dict__", {})))]
        try:
            hay.append(Hay("pickle", pickle.dumps(o).decode("latin-1")))
        except Exception as error:
            hay.append(Hay("pickle error", str(error)))
    assert find_leaks(needles, hay) == []
    assert "redacted" in repr(objects[0])


def test_secret_hygiene_the_search_finds_every_encoding() -> None:
    needles = Needles()
    needles.secret("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    needles.signatures(
        "signature",
        "t=1700000000,v1=90a5fc38cf37530cf10494e5e9eef44a3117dcf9abb0d899160a9a12b0c3f705",
    )
    needles.add("short", "x" * (MIN_NEEDLE_CHARS - 1))
    key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    sig = bytes.fromhex("90a5fc38cf37530cf10494e5e9eef44a3117dcf9abb0d899160a9a12b0c3f705")
    for text in [
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "key MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw!",
        key.hex().upper(),
        unpadded(base64.urlsafe_b64encode(key).decode()),
        b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".hex(),
        f"expected {sig.hex().upper()}",
        base64.b64encode(sig).decode(),
    ]:
        assert find_leaks(needles, [Hay("probe", text)]), text
    assert find_leaks(needles, [Hay("probe", "t=1234567 v1=00 " + "x" * 7)]) == []
    assert signature_runs("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,AAAA") == [
        "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    ]


def test_secret_hygiene_json_text_logged_as_a_string() -> None:
    """JSON text and NDJSON logged as a string (``log.info("%s", body)``) go through the
    free-text detectors, which miss ``"password": "..."`` pairs and JSON-escaped tokens
    (``\\u0073k_live_...``, ``\\/`` in a Slack webhook URL): the corpus records of those kinds
    must come out of ``RedactingFilter`` and ``structlog_processor`` without their planted
    tokens, as they do from ``redact_json``/``redact_ndjson``."""
    records = [
        r for r in load("redact/corpus.json")["records"] if r["kind"] in ("json_text", "ndjson")
    ]
    assert len(records) >= 2
    capture = LogCapture("json-text")
    leaks = []
    try:
        for record in records:
            for origin, line in log_through_filters(capture, record):
                leaks += [
                    f"{record['name']}: {origin} shows `{token}`: {line[:200]}"
                    for token in record["planted"]
                    if len(token) >= MIN_NEEDLE_CHARS and token in line
                ]
    finally:
        capture.close()
    assert not leaks, f"{len(leaks)} leak(s):\n" + "\n".join(leaks)
