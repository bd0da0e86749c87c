"""Interoperability with the official `stripe` package (pinned in requirements-dev.txt).

Hundreds of randomised payloads and secrets, both directions:
- a header computed by stripe-python's own signing code verifies with edgeward;
- a header from edgeward's `sign` verifies with `stripe.WebhookSignature.verify_header`.

stripe-python (16.x) signs and verifies *text*: `_compute_signature(payload: str, secret: str)`
encodes the string as UTF-8, and `verify_header` decodes `bytes`/`bytearray` payloads as UTF-8
first. A body that is not valid UTF-8 therefore cannot be handled by stripe-python at all
(`UnicodeDecodeError`); for those payloads the test asserts exactly that, and checks edgeward
against Python's hmac module instead. edgeward hashes the raw bytes as received.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time

import pytest
import stripe

from edgeward import Verified, Webhook, WebhookSignatureMismatchError

ROUNDS = 300
SEED = 0xED6E_3A4D

# Characters for text payloads and secrets: ASCII, JSON punctuation, accents, CJK, emoji
# (astral plane), combining marks, a BOM and controls.
ALPHABET = (
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}[]":,.=_-\\/\t\n'
    "éèçñøß€£¥ÅÆ漢字かな한국어😀🎉🚀👩‍💻☃\u0301\ufeff\u0000\u007f"
)


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
    if kind == 2:  # text with emoji and friends
        return random_text(rng, 1024).encode("utf-8")
    # a JSON event like Stripe's
    event = {
        "id": f"evt_{rng.randrange(10**9)}",
        "object": "event",
        "type": "payment_intent.succeeded",
        "data": {"object": {"amount": rng.randrange(10**6), "note": random_text(rng, 64)}},
    }
    return json.dumps(event, ensure_ascii=rng.random() < 0.5).encode("utf-8")


def random_secret(rng: random.Random) -> str:
    # At least 16 characters after the prefix, as Stripe issues them.
    return "whsec_" + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(16, 48)))


def utf8_or_none(payload: bytes) -> str | None:
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return None


def reference_signature(secret: str, timestamp: int, payload: bytes) -> str:
    return hmac.new(
        secret.encode("utf-8"), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()


def trials() -> list[tuple[int, bytes, str, str]]:
    rng = random.Random(SEED)
    out = [(i, random_payload(rng), random_secret(rng), random_secret(rng)) for i in range(ROUNDS)]
    # Both kinds must be well represented, or the test proves little.
    utf8 = sum(utf8_or_none(p) is not None for _, p, _, _ in out)
    assert ROUNDS // 3 < utf8 < ROUNDS, utf8
    return out


TRIALS = trials()


def test_stripe_version_is_the_pinned_one() -> None:
    assert stripe.VERSION == "16.1.0"


def test_stripe_signed_headers_verify_with_edgeward() -> None:
    rng = random.Random(SEED + 1)
    checked = refused_by_stripe = 0
    for i, payload, secret, other in TRIALS:
        if secret == other:
            continue
        timestamp = rng.randint(0, 2**40)
        text = utf8_or_none(payload)
        if text is None:
            # stripe-python cannot sign bytes that are not UTF-8 text.
            with pytest.raises(UnicodeDecodeError):
                stripe.WebhookSignature.verify_header(payload, "t=1,v1=00", secret, None)
            header = f"t={timestamp},v1={reference_signature(secret, timestamp, payload)}"
            refused_by_stripe += 1
        else:
            # Exactly what stripe's test helper `generate_signature_header` builds.
            signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{text}", secret)
            header = f"t={timestamp},v1={signature}"
            assert header == stripe.WebhookSignature.generate_signature_header(
                text, secret, timestamp
            )
            assert Webhook(secret).verify(text, header, now=timestamp) == Verified(timestamp, 0)
        assert Webhook(secret).verify(payload, header, now=timestamp) == Verified(timestamp, 0), i
        # Rotation: the matching secret's index is reported.
        assert Webhook([other, secret]).verify(payload, header, now=timestamp).secret_index == 1
        # One flipped bit anywhere in the body is a mismatch.
        if payload:
            tampered = bytearray(payload)
            tampered[rng.randrange(len(tampered))] ^= 1 << rng.randrange(8)
            with pytest.raises(WebhookSignatureMismatchError):
                Webhook(secret).verify(tampered, header, now=timestamp)
        with pytest.raises(WebhookSignatureMismatchError):
            Webhook(other).verify(payload, header, now=timestamp)
        checked += 1
    assert checked >= ROUNDS - 5
    assert refused_by_stripe > 0


def test_edgeward_signed_headers_verify_with_stripe() -> None:
    checked = 0
    for _, payload, secret, other in TRIALS:
        if secret == other:
            continue
        # stripe-python only checks the age against its own clock, so sign at "now".
        timestamp = int(time.time())
        header = Webhook(secret).sign(payload, timestamp=timestamp)
        assert header == f"t={timestamp},v1={reference_signature(secret, timestamp, payload)}"
        text = utf8_or_none(payload)
        if text is None:
            with pytest.raises(UnicodeDecodeError):
                stripe.WebhookSignature.verify_header(payload, header, secret, 300)
        else:
            assert stripe.WebhookSignature.verify_header(payload, header, secret, 300) is True
            assert stripe.WebhookSignature.verify_header(text, header, secret, 300) is True
            with pytest.raises(stripe.SignatureVerificationError):
                stripe.WebhookSignature.verify_header(text + " ", header, secret, 300)
            with pytest.raises(stripe.SignatureVerificationError):
                stripe.WebhookSignature.verify_header(text, header, other, 300)
        checked += 1
    assert checked >= ROUNDS - 5
