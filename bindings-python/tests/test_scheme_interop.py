"""Interoperability, both directions, randomised (pinned in requirements-dev.txt):

- Standard Webhooks: the official `standardwebhooks` package and `svix` (whose `Webhook`
  reads `svix-*` headers), signing for edgeward and verifying what edgeward signs;
- GitHub, Slack and Shopify: each provider's documented formula, computed here with Python's
  hmac, hashlib and base64 as the independent implementation.

`standardwebhooks` 1.1 and `svix` 2.9 sign and verify *text*: they decode a `bytes` body as
UTF-8 first, so a body that is not UTF-8 cannot be verified by them at all
(`UnicodeDecodeError`). For those bodies the test asserts exactly that and checks edgeward
against Python's hmac instead; edgeward hashes the raw bytes as received. They also check the
timestamp against the real clock, so the deliveries they verify are dated near now.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
import time
from datetime import datetime, timezone
from typing import Any

import pytest
import standardwebhooks
import svix

from edgeward import (
    Verified,
    Webhook,
    WebhookSignatureMismatchError,
)

ROUNDS = 300
SEED = 0x5C4E_3E5

ALPHABET = (
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}[]":,.=_-\\/\t\n'
    "éèçñøß€£¥ÅÆ漢字かな한국어😀🎉🚀👩‍💻☃\u0301\ufeff\u0000\u007f"
)
ID_ALPHABET = string.ascii_letters + string.digits + "_-"


def random_text(rng: random.Random, max_len: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, max_len)))


def random_payload(rng: random.Random) -> bytes:
    kind = rng.randrange(4)
    if kind == 0:  # arbitrary bytes: mostly not UTF-8
        return rng.randbytes(rng.randint(0, 2048))
    if kind == 1:  # arbitrary code points (no surrogates), as UTF-8
        points = [
            rng.choice((rng.randint(0, 0xD7FF), rng.randint(0xE000, 0x10FFFF)))
            for _ in range(rng.randint(0, 512))
        ]
        return "".join(map(chr, points)).encode("utf-8")
    if kind == 2:
        return random_text(rng, 1024).encode("utf-8")
    event = {
        "type": "invoice.paid",
        "data": {"amount": rng.randrange(10**6), "note": random_text(rng, 64)},
    }
    return json.dumps(event, ensure_ascii=rng.random() < 0.5).encode("utf-8")


def utf8_or_none(payload: bytes) -> str | None:
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def mac(key: bytes, *parts: bytes) -> bytes:
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()


def random_case(rng: random.Random) -> str:
    return rng.choice((str.lower, str.upper, str.title, lambda s: s))  # type: ignore[return-value]


# --- Standard Webhooks and Svix --------------------------------------------------------------


def random_std_secret(rng: random.Random) -> tuple[str, bytes]:
    """A secret as providers hand them out, and its key. Variants the reference libraries
    accept too: without the `whsec_` prefix (svix's own form), unpadded base64."""
    key = rng.randbytes(rng.randint(16, 64))
    text = b64(key)
    if rng.random() < 0.3:
        text = text.rstrip("=")
    prefix = "whsec_" if rng.random() < 0.8 else ""
    return prefix + text, key


def random_id(rng: random.Random) -> str:
    return "msg_" + "".join(rng.choice(ID_ALPHABET) for _ in range(rng.randint(1, 40)))


def std_trials() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    trials = []
    for index in range(ROUNDS):
        secret, key = random_std_secret(rng)
        other, _ = random_std_secret(rng)
        trials.append(
            {
                "index": index,
                "payload": random_payload(rng),
                "secret": secret,
                "key": key,
                "other": other,
                "id": random_id(rng),
                "skew": rng.randint(-250, 250),  # within the 300 s tolerance, both ways
                "svix_names": rng.random() < 0.5,
                "case": random_case(rng),
                "decoys": rng.randint(0, 6),
                "rng": random.Random(rng.random()),
            }
        )
    utf8 = sum(utf8_or_none(t["payload"]) is not None for t in trials)
    assert ROUNDS // 3 < utf8 < ROUNDS, utf8
    return trials


STD_TRIALS = std_trials()


def report(capsys: pytest.CaptureFixture[str], direction: str, count: object) -> None:
    with capsys.disabled():
        print(f"\n  interop {direction}: {count}", end="")


def reference_libraries() -> list[tuple[str, Any]]:
    return [("standardwebhooks", standardwebhooks.Webhook), ("svix", svix.Webhook)]


@pytest.mark.parametrize(("library", "cls"), reference_libraries())
def test_their_signature_verifies_with_edgeward(
    library: str, cls: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    verified = by_them = 0
    for trial in STD_TRIALS:
        payload, msg_id = trial["payload"], trial["id"]
        timestamp = 1_600_000_000 + trial["index"] * 7919
        text = utf8_or_none(payload)
        if text is None:
            # They cannot sign bytes that are not text; Python's hmac signs the raw bytes.
            expected = mac(trial["key"], f"{msg_id}.{timestamp}.".encode(), payload)
            signature = "v1," + b64(expected)
        else:
            when = datetime.fromtimestamp(timestamp, tz=timezone.utc)
            signature = cls(trial["secret"]).sign(msg_id, when, text)
            by_them += 1
            assert signature == "v1," + b64(
                mac(trial["key"], f"{msg_id}.{timestamp}.".encode(), payload)
            )
        # A rotating sender's header: decoys (other versions and keys) around the real one.
        rng = trial["rng"]
        entries = [signature]
        for _ in range(trial["decoys"]):
            version, size = rng.choice((("v1", 32), ("v1a", 64), ("v2", rng.randint(1, 48))))
            entries.append(f"{version},{b64(rng.randbytes(size))}")
        rng.shuffle(entries)
        prefix = "svix-" if trial["svix_names"] else "webhook-"
        headers = {
            trial["case"](prefix + "id"): msg_id,
            trial["case"](prefix + "timestamp"): str(timestamp),
            trial["case"](prefix + "signature"): " ".join(entries),
        }
        webhook = Webhook([trial["other"], trial["secret"]], scheme="standard")
        body: object = text if text is not None and trial["index"] % 2 else payload
        result = webhook.verify(body, headers, now=timestamp)  # type: ignore[arg-type]
        assert result == Verified(timestamp, 1, msg_id, "standard"), trial["index"]
        with pytest.raises(WebhookSignatureMismatchError):
            Webhook(trial["other"], scheme="standard").verify(payload, headers, now=timestamp)
        with pytest.raises(WebhookSignatureMismatchError):
            webhook.verify(payload + b"x", headers, now=timestamp)
        verified += 1
    assert verified == ROUNDS
    report(
        capsys,
        f"{library} sign -> edgeward verify",
        f"{by_them} verified (+ {verified - by_them} non-UTF-8 bodies, signed with hmac)",
    )


@pytest.mark.parametrize(("library", "cls"), reference_libraries())
def test_edgeward_signature_verifies_with_them(
    library: str, cls: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    now = int(time.time())
    by_them = 0
    for trial in STD_TRIALS:
        payload, msg_id = trial["payload"], trial["id"]
        timestamp = now + trial["skew"]
        signed = Webhook(trial["secret"], scheme="standard").sign_headers(
            payload, timestamp=timestamp, id=msg_id
        )
        assert list(signed) == ["webhook-id", "webhook-timestamp", "webhook-signature"]
        expected = mac(trial["key"], f"{msg_id}.{timestamp}.".encode(), payload)
        assert signed["webhook-signature"] == "v1," + b64(expected)
        headers = dict(signed)
        if library == "svix" and trial["svix_names"]:
            headers = {k.replace("webhook-", "svix-"): v for k, v in signed.items()}
        text = utf8_or_none(payload)
        verifier = cls(trial["secret"])
        if text is None:
            with pytest.raises(UnicodeDecodeError):
                verifier.verify(payload, headers)
            continue
        if library == "svix":
            assert verifier.verify(payload, headers) is None
        else:
            assert verifier.verify(payload, headers, json_parse=False) is None
        # And they refuse what does not match.
        with pytest.raises(standardwebhooks.exceptions.WebhookVerificationError):
            cls(trial["other"]).verify(payload, headers)
        with pytest.raises(standardwebhooks.exceptions.WebhookVerificationError):
            verifier.verify(text + " ", headers)
        by_them += 1
    assert by_them >= ROUNDS // 3
    report(capsys, f"edgeward sign -> {library} verify", f"{by_them} verified")


def test_svix_reads_what_svix_headers_carry() -> None:
    """svix prefers `svix-*` headers, edgeward `webhook-*`: with a single set sent, both agree."""
    rng = random.Random(SEED + 1)
    now = int(time.time())
    for _ in range(50):
        secret, _ = random_std_secret(rng)
        msg_id = random_id(rng)
        body = random_text(rng, 200)
        signature = svix.Webhook(secret).sign(
            msg_id, datetime.fromtimestamp(now, tz=timezone.utc), body
        )
        headers = {"svix-id": msg_id, "svix-timestamp": str(now), "svix-signature": signature}
        assert Webhook(secret, scheme="standard").verify(body, headers, now=now).id == msg_id
        svix.Webhook(secret).verify(body, headers)


# --- GitHub, Slack, Shopify: the documented formulas -----------------------------------------


def random_utf8_secret(rng: random.Random) -> str:
    # At least 16 characters: providers issue secrets of 16 bytes and more.
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(16, 48))).replace("\x00", "0")


def github_formula(secret: str, payload: bytes) -> dict[str, str]:
    """docs.github.com, "Validating webhook deliveries": `sha256=` + hex HMAC-SHA256 of the
    body, keyed with the secret's UTF-8 bytes."""
    return {"X-Hub-Signature-256": "sha256=" + mac(secret.encode(), payload).hex()}


def slack_formula(secret: str, payload: bytes, timestamp: int) -> dict[str, str]:
    """api.slack.com, "Verifying requests from Slack": `v0=` + hex HMAC-SHA256 of
    `v0:{timestamp}:{body}`, keyed with the signing secret."""
    base = f"v0:{timestamp}:".encode() + payload
    return {
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": "v0=" + mac(secret.encode(), base).hex(),
    }


def shopify_formula(secret: str, payload: bytes) -> dict[str, str]:
    """shopify.dev, "Verify webhooks": base64 HMAC-SHA256 of the raw body, keyed with the
    app's client secret."""
    return {"X-Shopify-Hmac-Sha256": b64(mac(secret.encode(), payload))}


FORMULAS = {
    "github": lambda secret, payload, _ts: github_formula(secret, payload),
    "slack": slack_formula,
    "shopify": lambda secret, payload, _ts: shopify_formula(secret, payload),
}


@pytest.mark.parametrize("scheme", list(FORMULAS))
def test_documented_formula_both_directions(
    scheme: str, capsys: pytest.CaptureFixture[str]
) -> None:
    formula = FORMULAS[scheme]
    rng = random.Random(f"{SEED}-{scheme}")
    for round_ in range(ROUNDS):
        secret, other = random_utf8_secret(rng), random_utf8_secret(rng)
        payload = random_payload(rng)
        timestamp = 1_600_000_000 + rng.randrange(10**8)
        theirs = formula(secret, payload, timestamp)
        # Their headers, names in the case a proxy may deliver them in.
        case = random_case(rng)
        delivered = {case(k): v for k, v in theirs.items()}
        webhook = Webhook([other, secret], scheme=scheme)
        verified = webhook.verify(payload, delivered, now=timestamp)
        assert verified.secret_index == 1, round_
        assert verified.timestamp == (timestamp if scheme == "slack" else None)
        with pytest.raises(WebhookSignatureMismatchError):
            Webhook(other, scheme=scheme).verify(payload, delivered, now=timestamp)
        # Our signature is exactly the formula's.
        ours = Webhook(secret, scheme=scheme).sign(payload, timestamp=timestamp)
        assert ours == {k.lower(): v for k, v in theirs.items()}, round_
    report(capsys, f"{scheme} documented formula <-> edgeward", f"{ROUNDS} each way")
