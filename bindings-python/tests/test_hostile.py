"""Hostile input: huge headers, bad timestamps, many signatures, odd buffers, and the
GIL-released path under concurrency."""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from edgeward import (
    ValidationInvalidJsonError,
    Validator,
    Verified,
    Webhook,
    WebhookInvalidPayloadError,
    WebhookMalformedHeaderError,
    WebhookNoSignaturesError,
    WebhookSignatureMismatchError,
    WebhookTimestampTooNewError,
    WebhookTimestampTooOldError,
)

SECRET = "whsec_hostile_test_71c2"
T = 1_700_000_000
MIB = 1024 * 1024
BIG = 1 * MIB  # above the 64 KiB threshold: hashed with the GIL released


def signature(timestamp: str, payload: bytes, secret: str = SECRET) -> str:
    return hmac.new(
        secret.encode(), timestamp.encode() + b"." + payload, hashlib.sha256
    ).hexdigest()


def header(timestamp: int, payload: bytes, secret: str = SECRET) -> str:
    return f"t={timestamp},v1={signature(str(timestamp), payload, secret)}"


PAYLOAD = b'{"id":"evt_hostile"}'
SIG = signature(str(T), PAYLOAD)


@pytest.mark.parametrize(
    "value",
    [
        f"t={T},v1={SIG},v0=" + "a" * MIB,
        "t=" + "9" * MIB,
        f"t={T}," + "v1=" * (MIB // 3),
        "," * MIB,
        "é" * (MIB // 2),
        "😀" * (MIB // 4),
    ],
    ids=[
        "1MiB-v0",
        "1MiB-t",
        "1MiB-v1s",
        "1MiB-commas",
        "1MiB-accents",
        "1MiB-emoji",
    ],
)
def test_one_mebibyte_headers_are_refused(value: str) -> None:
    with pytest.raises(WebhookMalformedHeaderError, match="over the limit"):
        Webhook(SECRET).verify(PAYLOAD, value, now=T)


def test_whitespace_around_a_header_is_not_part_of_it() -> None:
    """HTTP whitespace around a value is trimmed before the length cap (as HTTP parsers and
    fetch's Headers strip it): 1 MiB of spaces before `x` leaves `x`, refused as malformed by
    the parser, and 1 MiB of spaces around a genuine header leaves the genuine header."""
    webhook = Webhook(SECRET)
    with pytest.raises(WebhookMalformedHeaderError, match="key=value"):
        webhook.verify(PAYLOAD, " " * MIB + "x", now=T)
    genuine = webhook.sign(PAYLOAD, timestamp=T)
    assert webhook.verify(PAYLOAD, " " * MIB + genuine + "\t" * MIB, now=T).timestamp == T


@pytest.mark.parametrize(
    "t",
    [
        "abc",
        "",
        " ",
        "-1",
        "-0",
        "+5",
        "1e9",
        "0x10",
        "1_700_000_000",
        "1700000000.0",
        "9223372036854775808",
        "99999999999999999999",
        "9" * 100,
        "0017",
        "\uff11\uff17",  # fullwidth digits
        "\u0661\u0667" + "\u0660" * 8,  # Arabic-Indic digits
        "1700000000\x00",
        "NaN",
        "inf",
    ],
)
def test_bad_timestamps(t: str) -> None:
    with pytest.raises(WebhookMalformedHeaderError):
        Webhook(SECRET).verify(PAYLOAD, f"t={t},v1={SIG}", now=T)


def test_extreme_but_valid_timestamps_are_judged_by_the_clock() -> None:
    webhook = Webhook(SECRET)
    for t, now, error in [
        (0, T, WebhookTimestampTooOldError),
        (2**63 - 1, T, WebhookTimestampTooNewError),
        (T, -(2**63), WebhookTimestampTooNewError),
        (T, 2**63 - 1, WebhookTimestampTooOldError),
    ]:
        with pytest.raises(error):
            webhook.verify(PAYLOAD, header(t, PAYLOAD), now=now)
    assert webhook.verify(PAYLOAD, header(2**63 - 1, PAYLOAD), now=2**63 - 1) == Verified(
        2**63 - 1, 0
    )


def test_signature_is_checked_before_the_clock() -> None:
    # An unauthenticated request learns nothing about the tolerance.
    with pytest.raises(WebhookSignatureMismatchError):
        Webhook(SECRET).verify(PAYLOAD, f"t=0,v1={'0' * 64}", now=T)


@pytest.mark.parametrize("count", [9, 100, 300])
def test_hundreds_of_signatures_are_refused(count: int) -> None:
    many = f"t={T}" + f",v1={'0' * 64}" * (count - 1) + f",v1={SIG}"
    with pytest.raises(WebhookMalformedHeaderError):
        Webhook(SECRET).verify(PAYLOAD, many, now=T)


def test_a_few_signatures_with_the_last_matching_verify() -> None:
    few = f"t={T}" + f",v1={'0' * 64}" * 3 + f",v1={SIG}"
    assert Webhook(SECRET).verify(PAYLOAD, few, now=T) == Verified(T, 0)


def test_many_ignored_entries_within_the_limit() -> None:
    value = f"t={T},v1={SIG}," + ",".join(f"v0=x{i}" for i in range(900))
    assert 6000 < len(value) < 8192
    assert Webhook(SECRET).verify(PAYLOAD, value, now=T) == Verified(T, 0)


@pytest.mark.parametrize(
    "value",
    [f"t={T}", f"t={T},v0={SIG}", f"t={T},V1={SIG}", f"t={T},v2={SIG}", f"t={T},,,"],
)
def test_headers_without_v1(value: str) -> None:
    with pytest.raises(WebhookNoSignaturesError):
        Webhook(SECRET).verify(PAYLOAD, value, now=T)


@pytest.mark.parametrize(
    "value",
    [
        f"t={T},v1={SIG[:-1]}",
        f"t={T},v1={SIG}0",
        f"t={T},v1={SIG.upper()}",
        f"t={T},v1= {SIG[1:]}é",
        f"t={T};v1={SIG}",
        f"T={T},v1={SIG}",
        "=,=,=",
        "\x00",
    ],
)
def test_malformed_signatures_and_separators(value: str) -> None:
    with pytest.raises((WebhookMalformedHeaderError, WebhookNoSignaturesError)):
        Webhook(SECRET).verify(PAYLOAD, value, now=T)


def test_bytearray_and_memoryview_payloads_large_and_small() -> None:
    webhook = Webhook(SECRET)
    for size in (0, 1, 64 * 1024, 64 * 1024 + 1, BIG):
        raw = os.urandom(size)
        value = header(T, raw)
        for payload in (raw, bytearray(raw), memoryview(raw), memoryview(bytearray(raw))):
            assert webhook.verify(payload, value, now=T) == Verified(T, 0)
        assert webhook.sign(bytearray(raw), timestamp=T) == value
        assert webhook.sign(memoryview(raw), timestamp=T) == value
        if size:
            with pytest.raises(WebhookSignatureMismatchError):
                webhook.verify(raw[:-1], value, now=T)


def test_released_memoryview_is_a_payload_error() -> None:
    webhook = Webhook(SECRET)
    view = memoryview(bytearray(PAYLOAD))
    view.release()
    with pytest.raises(WebhookInvalidPayloadError, match="released memoryview"):
        webhook.verify(view, header(T, PAYLOAD), now=T)
    with pytest.raises(WebhookInvalidPayloadError, match="released memoryview"):
        webhook.sign(view, timestamp=T)
    with pytest.raises(ValidationInvalidJsonError, match="released memoryview"):
        Validator({}).validate_json(view)
    assert webhook.verify(PAYLOAD, header(T, PAYLOAD), now=T) == Verified(T, 0)


def test_large_str_payload() -> None:
    text = ("café 😀 ☃ " * (BIG // 12))[: BIG // 2]
    value = header(T, text.encode("utf-8"))
    assert Webhook(SECRET).verify(text, value, now=T) == Verified(T, 0)


def test_concurrent_large_payloads_give_correct_answers() -> None:
    """1 MiB payloads, hashed with the GIL released, from several threads at once."""
    threads = 6
    rounds = 12
    secrets = [f"{SECRET}_{i}" for i in range(threads)]
    payloads = [os.urandom(BIG) for _ in range(threads)]
    headers = [header(T + i, payloads[i], secrets[i]) for i in range(threads)]
    shared = Webhook(secrets)  # one object used by every thread
    start = threading.Barrier(threads)

    def worker(i: int) -> list[str]:
        start.wait()
        outcomes = []
        own = payloads[i]
        forms = (own, bytearray(own), memoryview(own))
        for r in range(rounds):
            got = shared.verify(forms[r % 3], headers[i], now=T + i)
            outcomes.append("ok" if got == Verified(T + i, i) else f"wrong {got!r}")
            try:
                shared.verify(payloads[(i + 1) % threads], headers[i], now=T + i)
                outcomes.append("accepted another thread's payload")
            except WebhookSignatureMismatchError:
                outcomes.append("ok")
            signed = Webhook(secrets[i]).sign(own, timestamp=T + i)
            outcomes.append("ok" if signed == headers[i] else "wrong signature")
        return outcomes

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(worker, range(threads)))
    assert results == [["ok"] * (3 * rounds)] * threads


def test_bytearray_mutated_by_another_thread_is_hashed_as_a_snapshot() -> None:
    """A bytearray is copied before the GIL is released, so each call hashes one whole state
    of the buffer. The header signs both states: only a torn mix of the two could fail."""
    state_a = os.urandom(BIG)
    state_b = os.urandom(BIG)
    value = f"t={T},v1={signature(str(T), state_a)},v1={signature(str(T), state_b)}"
    buffer = bytearray(state_a)
    stop = threading.Event()

    def mutate() -> None:
        while not stop.is_set():
            buffer[:] = state_b
            buffer[:] = state_a

    mutator = threading.Thread(target=mutate)
    mutator.start()
    try:
        webhook = Webhook(SECRET)
        verdicts = [webhook.verify(buffer, value, now=T) for _ in range(40)]
    finally:
        stop.set()
        mutator.join()
    assert verdicts == [Verified(T, 0)] * 40
