"""The shared redaction corpus (tests/redact/corpus.json) through the Python API: every JSON
record as a native value (``redact``) and as JSON text (``redact_json``), NDJSON and free
text, with outputs and reports identical to the corpus (and so to Rust and Node). Zero
planted secrets survive; every look-alike does."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from edgeward import Redactor

CORPUS = json.loads(
    (Path(__file__).resolve().parent / ".." / ".." / "tests" / "redact" / "corpus.json").read_text(
        encoding="utf-8"
    )
)
RECORDS = CORPUS["records"]


def py_options(options: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"report": True}
    for name, value in (options or {}).items():
        if name == "hash_key_hex":
            out["hash_key"] = bytes.fromhex(value)
        else:
            out[name] = value
    return out


def findings(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [f["rule"], f["path"], f["detector"], f["confidence"], f["line"]]
        for f in report["findings"]
    ]


def check(record: dict[str, Any], output: Any) -> None:
    text = (
        output
        if isinstance(output, str)
        else json.dumps(output, ensure_ascii=False, separators=(",", ":"))
    )
    for secret in record.get("planted", []):
        assert secret not in text, f"{record['name']}: planted secret survived"
    for lookalike in record.get("lookalikes", []):
        assert lookalike in text, f"{record['name']}: look-alike {lookalike!r} was redacted"


def test_corpus_is_not_empty() -> None:
    assert len(RECORDS) >= 20


@pytest.mark.parametrize("record", RECORDS, ids=[r["name"] for r in RECORDS])
def test_corpus_record(record: dict[str, Any]) -> None:
    r = Redactor(**py_options(record.get("options")))
    kind = record["kind"]
    if kind == "json":
        given = copy.deepcopy(record["input"])
        value, report = r.redact(given)
        assert given == record["input"], "the caller's object is untouched"
        assert value == record["expected"]
        assert findings(report) == record["findings"]
        text, text_report = r.redact_json(json.dumps(record["input"], separators=(",", ":")))
        assert json.loads(text) == record["expected"]
        assert findings(text_report) == record["findings"]
        check(record, value)
        check(record, text)
    else:
        method = {"json_text": r.redact_json, "ndjson": r.redact_ndjson, "text": r.redact_text}[
            kind
        ]
        value, report = method(record["input"])
        assert value == record["expected"]
        assert findings(report) == record["findings"]
        check(record, value)
