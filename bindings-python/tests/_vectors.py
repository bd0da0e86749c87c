"""Loads the shared known-answer vectors (tests/vectors/webhook_stripe.json at the repo root)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

VECTORS_PATH = Path(__file__).resolve().parent / ".." / ".." / "tests" / "vectors"
VECTORS: dict[str, Any] = json.loads(
    (VECTORS_PATH / "webhook_stripe.json").read_text(encoding="utf-8")
)

# Codes raised by `Webhook(...)` itself rather than by `verify`.
CONSTRUCTION_CODES = frozenset({"WEBHOOK_INVALID_SECRET", "WEBHOOK_INVALID_OPTIONS"})


def raw_payload(case: dict[str, Any]) -> bytes:
    """The case's payload as the bytes that were signed."""
    if "payload_hex" in case:
        return bytes.fromhex(case["payload_hex"])
    return case["payload_text"].encode("utf-8")


def payload_forms(case: dict[str, Any]) -> list[tuple[str, object]]:
    """Every Python form the payload may be passed in: the binding must agree across them."""
    if "payload_json" in case:
        return [("parsed-object", case["payload_json"])]
    raw = raw_payload(case)
    forms: list[tuple[str, object]] = [
        ("bytes", raw),
        ("bytearray", bytearray(raw)),
        ("memoryview", memoryview(raw)),
    ]
    if "payload_text" in case:
        forms.append(("str", case["payload_text"]))
    return forms


def header_of(case: dict[str, Any]) -> str | None:
    """The header value, built from `header_fill` when given; `None` means absent."""
    fill = case.get("header_fill")
    if fill is not None:
        return fill["prefix"] + fill["repeat"] * fill["times"]
    return case["header"]


def cases(section: str) -> list[Any]:
    """A `pytest.param(case, payload)` for every case of `section` and every payload form."""
    return [
        pytest.param(case, payload, id=f"{case['name']} [{form}]")
        for case in VECTORS[section]
        for form, payload in payload_forms(case)
    ]


# --- every scheme: tests/vectors/webhook_schemes.json --------------------------------------

SCHEME_VECTORS: dict[str, Any] = json.loads(
    (VECTORS_PATH / "webhook_schemes.json").read_text(encoding="utf-8")
)


def scheme_headers(case: dict[str, Any]) -> dict[str, str] | None:
    """The case's request headers, `header_fill` included; `None` when the case passes a bare
    signature-header string (`case["header"]`) instead."""
    headers = case.get("headers")
    if headers is None:
        return None
    out = dict(headers)
    fill = case.get("header_fill")
    if fill is not None:
        out[fill["name"]] = fill["prefix"] + fill["repeat"] * fill["times"]
    return out
