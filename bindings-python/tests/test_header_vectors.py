"""The shared header-shape vectors (tests/vectors/webhook_headers.json): repeated headers,
case-variant names, list-valued headers, empty values, oversized joined values and both
Standard Webhooks name sets, in every shape Python frameworks hand headers over. The binding
passes every occurrence to the core, which owns the rule: every shape must give the verdict
the vectors state, the same in Rust, Node, WASM and workerd."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import starlette.datastructures
import werkzeug.datastructures

from edgeward import BY_CODE, EdgewardError, Verified, Webhook, WebhookVerificationError

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "vectors" / "webhook_headers.json").read_text(
        encoding="utf-8"
    )
)
CASES: list[dict[str, Any]] = VECTORS["cases"]


def text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return value["prefix"] + value["repeat"] * value["times"] + value["suffix"]


def groups(case: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The case's headers as (exact name, occurrences), in order; pairs of one exact name are
    contiguous in the vectors, so grouping keeps the order of occurrences."""
    pairs = list(case["headers"])
    if "repeat_pair" in case:
        index, times = case["repeat_pair"]["index"], case["repeat_pair"]["times"]
        pairs[index : index + 1] = [pairs[index]] * times
    out: list[tuple[str, list[str]]] = []
    for name, value in pairs:
        values = [text(v) for v in value] if isinstance(value, list) else [text(value)]
        if out and out[-1][0] == name:
            out[-1][1].extend(values)
        else:
            out.append((name, values))
    return out


def latin1(value: str) -> bytes | None:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return None


def forms(case: dict[str, Any]) -> list[tuple[str, object]]:
    """The case's headers in every shape the binding accepts."""
    grouped = groups(case)
    pairs = [(name, value) for name, values in grouped for value in values]
    out: list[tuple[str, object]] = [
        ("list of pairs", pairs),
        ("tuple of pairs", tuple(pairs)),
        # A dict keyed by the exact name: case variants are distinct keys; a name given
        # several times (or as a list) holds a list.
        ("dict", {n: v[0] if len(v) == 1 else list(v) for n, v in grouped}),
        ("dict of lists", {n: list(v) for n, v in grouped}),
        ("dict of tuples", {n: tuple(v) for n, v in grouped}),
        ("werkzeug", werkzeug.datastructures.Headers(pairs)),
    ]
    raw = [(latin1(n), latin1(v)) for n, v in pairs]
    if all(n is not None and v is not None for n, v in raw):
        # What ASGI servers hand over, and Starlette's multi-dict over it (names lowercase).
        out.append(("asgi bytes", raw))
        out.append(("bytes values", [(n, latin1(v)) for n, v in pairs]))
        out.append(("dict of bytes lists", {n: [latin1(x) for x in v] for n, v in grouped}))
        lowered = [(n.lower(), v) for n, v in raw]  # type: ignore[union-attr]
        out.append(("starlette", starlette.datastructures.Headers(raw=lowered)))  # type: ignore[arg-type]
    return out


def test_vectors_cover_the_shapes() -> None:
    assert len(CASES) >= 60
    assert {case["scheme"] for case in CASES} == {
        "stripe",
        "standard",
        "github",
        "slack",
        "shopify",
    }
    codes = Counter(case["expect"].get("code", "ok") for case in CASES)
    assert codes["ok"] >= 15
    assert codes["WEBHOOK_MALFORMED_HEADER"] >= 15
    assert codes["WEBHOOK_MISSING_HEADER"] >= 5
    assert VECTORS["max_header_bytes"] == 8192  # the default the cases are built for


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_header_vector(case: dict[str, Any]) -> None:
    webhook = Webhook(case["secrets"], scheme=case["scheme"])
    expect = case["expect"]
    payload = case["payload_text"].encode("utf-8")
    for form, headers in forms(case):
        if expect["ok"]:
            verified = webhook.verify(payload, headers, now=case["now"])  # type: ignore[arg-type]
            assert verified == Verified(
                expect["timestamp"], expect["secret_index"], expect.get("id"), case["scheme"]
            ), form
        else:
            with pytest.raises(EdgewardError) as caught:
                webhook.verify(payload, headers, now=case["now"])  # type: ignore[arg-type]
            error = caught.value
            assert isinstance(error, WebhookVerificationError), form
            assert type(error) is BY_CODE[expect["code"]], f"{form}: {error}"
            assert error.code == expect["code"], form


def test_every_form_applies_to_most_cases() -> None:
    """The byte forms apply wherever the names and values are Latin-1 (all but the cases
    with characters above U+00FF); the others apply to every case."""
    ran: Counter[str] = Counter(form for case in CASES for form, _ in forms(case))
    assert ran["list of pairs"] == ran["dict"] == ran["werkzeug"] == len(CASES)
    assert ran["starlette"] >= len(CASES) - 3, ran
