"""The core's table from error code to HTTP status (tests/vectors/http_status.json, shared with
the core and Node): what every middleware answers with."""

from __future__ import annotations

import json

import pytest

import edgeward
from _vectors import VECTORS_PATH

VECTORS = json.loads((VECTORS_PATH / "http_status.json").read_text(encoding="utf-8"))


def test_every_code_has_the_table_status() -> None:
    assert sorted(VECTORS["codes"]) == sorted(edgeward.error_codes())
    for code, status in VECTORS["codes"].items():
        assert edgeward.http_status(code) == status, code


@pytest.mark.parametrize("text", VECTORS["unknown"])
def test_unknown_codes_answer_500(text: str) -> None:
    assert edgeward.http_status(text) == 500


def test_a_raised_error_maps_through_its_code() -> None:
    webhook = edgeward.Webhook("whsec_" + "A" * 43 + "=")
    with pytest.raises(edgeward.WebhookVerificationError) as caught:
        webhook.verify(b"{}", "t=1,v1=" + "0" * 64, now=1)
    assert edgeward.http_status(caught.value.code) == 401
