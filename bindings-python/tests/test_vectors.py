"""The shared known-answer vectors, run through the installed Python package."""

from __future__ import annotations

from typing import Any

import pytest

from _vectors import CONSTRUCTION_CODES, VECTORS, cases, header_of
from edgeward import BY_CODE, EdgewardError, Verified, Webhook, WebhookVerificationError

VERIFY = cases("verify")
SIGN = cases("sign")


def build(case: dict[str, Any]) -> Webhook:
    if "tolerance" in case:
        return Webhook(case["secrets"], tolerance=case["tolerance"])
    return Webhook(case["secrets"])


def assert_no_secret(case: dict[str, Any], *shown: str) -> None:
    for secret in case["secrets"]:
        if secret:
            for text in shown:
                assert secret not in text


def test_vectors_are_loaded() -> None:
    assert len(VERIFY) >= len(VECTORS["verify"]) >= 40
    assert len(SIGN) >= len(VECTORS["sign"]) >= 3
    assert any("payload_json" in case for case in VECTORS["verify"])
    assert any("header_fill" in case for case in VECTORS["verify"])


@pytest.mark.parametrize(("case", "payload"), VERIFY)
def test_verify_vector(case: dict[str, Any], payload: object) -> None:
    expect = case["expect"]
    header = header_of(case)

    if not expect["ok"] and expect["code"] in CONSTRUCTION_CODES:
        with pytest.raises(EdgewardError) as caught:
            build(case)
    else:
        webhook = build(case)
        assert_no_secret(case, repr(webhook), str(webhook))
        if expect["ok"]:
            verified = webhook.verify(payload, header, now=case["now"])
            assert verified == Verified(expect["timestamp"], expect["secret_index"])
            assert verified.timestamp == expect["timestamp"]
            assert verified.secret_index == expect["secret_index"]
            return
        with pytest.raises(EdgewardError) as caught:
            webhook.verify(payload, header, now=case["now"])

    error = caught.value
    assert type(error) is BY_CODE[expect["code"]]
    assert isinstance(error, WebhookVerificationError)
    assert isinstance(error, ValueError)
    assert error.code == expect["code"]
    assert str(error)
    assert_no_secret(case, str(error), repr(error), *map(str, error.args))


@pytest.mark.parametrize(("case", "payload"), SIGN)
def test_sign_vector(case: dict[str, Any], payload: object) -> None:
    webhook = Webhook(case["secrets"])
    header = webhook.sign(payload, timestamp=case["timestamp"])
    assert header == case["header"]
    # What we sign, we verify (with the secret at index 0, the signing one).
    assert webhook.verify(payload, header, now=case["timestamp"]) == Verified(case["timestamp"], 0)
