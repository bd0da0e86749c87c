"""Hostile input for every scheme: signature lists with thousands of entries, malformed and
unpadded base64, `v1a` signatures of the wrong length, random header soup. Every answer is an
edgeward error (never another exception, never a verification), and the work is bounded."""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import time

import pytest

from edgeward import (
    EdgewardError,
    Verified,
    Webhook,
    WebhookMalformedHeaderError,
    WebhookNoSignaturesError,
    WebhookSignatureMismatchError,
    WebhookVerificationError,
)

T = 1_700_000_000
PAYLOAD = b'{"id":"evt_hostile","amount":4200}'
KEY = bytes(range(100, 132))
STD_SECRET = "whsec_" + base64.b64encode(KEY).decode()
ED_SECRET = "whsk_" + base64.b64encode(bytes(range(32))).decode()
MSG_ID = "msg_hostile"
SECRETS = {
    "stripe": "whsec_hostile_0123456789abcdef",
    "standard": STD_SECRET,
    "github": "gh-hostile",
    "slack": "slack-hostile-0123456789",
    "shopify": "shopify-hostile-0123456789",
}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def std_mac() -> bytes:
    return hmac.new(KEY, f"{MSG_ID}.{T}.".encode() + PAYLOAD, hashlib.sha256).digest()


GOOD = "v1," + b64(std_mac())
STANDARD = Webhook(STD_SECRET, scheme="standard")


def std_headers(signature: str) -> dict[str, str]:
    return {"webhook-id": MSG_ID, "webhook-timestamp": str(T), "webhook-signature": signature}


def test_the_genuine_signature_verifies() -> None:
    assert STANDARD.verify(PAYLOAD, std_headers(GOOD), now=T) == Verified(T, 0, MSG_ID, "standard")


@pytest.mark.parametrize(
    ("entry", "times"),
    [
        ("v9,a", 1600),  # unknown versions, under the 8 KiB header limit
        ("v1,AAAA", 1000),  # short v1 entries
        ("x", 4000),  # entries without a comma
        (GOOD, 1000),  # the genuine signature repeated: over the length limit
        ("v1a," + b64(bytes(64)), 1000),
        ("v1," + b64(bytes(32)), 150),
    ],
    ids=["unknown", "short-v1", "no-comma", "genuine", "v1a", "zero-v1"],
)
def test_thousands_of_signature_entries_do_bounded_work(entry: str, times: int) -> None:
    for signature in (" ".join([entry] * times), " ".join([entry] * times) + " " + GOOD):
        started = time.perf_counter()
        with pytest.raises(WebhookMalformedHeaderError):
            STANDARD.verify(PAYLOAD, std_headers(signature), now=T)
        assert time.perf_counter() - started < 0.5


def test_a_few_wrong_signatures_before_the_genuine_one_verify() -> None:
    others = [f"v1,{b64(bytes([i]) * 32)}" for i in range(7)]
    assert STANDARD.verify(PAYLOAD, std_headers(" ".join([*others, GOOD])), now=T)
    unknown = " ".join(["v2,xyz"] * 40 + [GOOD])
    assert STANDARD.verify(PAYLOAD, std_headers(unknown), now=T)


MALFORMED = [
    GOOD.rstrip("="),  # unpadded
    GOOD + "=",  # over-padded
    GOOD.replace("+", "-").replace("/", "_"),  # URL-safe alphabet (when it differs)
    GOOD[:-2] + "!=",
    "v1," + " " + GOOD[3:],
    "v1,=" + GOOD[3:],
    "v1,====",
    "v1,",
    "v1,A",
    "v1," + b64(std_mac()[:31]),
    "v1," + b64(std_mac() + b"\0"),
    "v1," + b64(std_mac())[:-2] + "F=",  # non-zero padding bits (non-canonical)
    "v1," + b64(std_mac()).lower(),
    "v1,\u00e9" + GOOD[4:],
    GOOD.replace(",", ";"),
    GOOD.replace(",", ", "),
    "v1,,",
]


# (The URL-safe form equals the original when neither + nor / occurs: left out then.)
@pytest.mark.parametrize("signature", [s for s in MALFORMED if s != GOOD])
def test_malformed_base64_never_verifies(signature: str) -> None:
    with pytest.raises(
        (WebhookMalformedHeaderError, WebhookNoSignaturesError, WebhookSignatureMismatchError)
    ):
        STANDARD.verify(PAYLOAD, std_headers(signature), now=T)


def test_non_canonical_base64_is_malformed_not_mismatched() -> None:
    # The exact code matters: a malformed header is the sender's bug, a mismatch an attack.
    for signature in (GOOD.rstrip("="), "v1," + b64(std_mac()[:31]), "v1,AAAA="):
        with pytest.raises(WebhookMalformedHeaderError):
            STANDARD.verify(PAYLOAD, std_headers(signature), now=T)


@pytest.mark.parametrize("length", [0, 1, 31, 32, 33, 63, 65, 96, 128, 1024])
def test_v1a_signature_of_wrong_length(length: int) -> None:
    webhook = Webhook(ED_SECRET, scheme="standard")
    signature = "v1a," + b64(bytes(range(256))[:length] if length <= 256 else b"\x01" * length)
    with pytest.raises(WebhookMalformedHeaderError):
        webhook.verify(PAYLOAD, std_headers(signature), now=T)


def test_v1a_genuine_and_tampered() -> None:
    webhook = Webhook(ED_SECRET, scheme="standard")
    signed = webhook.sign_headers(PAYLOAD, timestamp=T, id=MSG_ID)
    assert webhook.verify(PAYLOAD, signed, now=T).secret_index == 0
    signature = bytearray(base64.b64decode(signed["webhook-signature"][4:]))
    for position in (0, 31, 32, 63):
        flipped = bytearray(signature)
        flipped[position] ^= 0x01
        tampered = {**signed, "webhook-signature": "v1a," + b64(bytes(flipped))}
        with pytest.raises(WebhookSignatureMismatchError):
            webhook.verify(PAYLOAD, tampered, now=T)
    # A v1a signature never verifies against HMAC secrets, nor v1 against Ed25519 keys.
    with pytest.raises((WebhookSignatureMismatchError, WebhookNoSignaturesError)):
        STANDARD.verify(PAYLOAD, signed, now=T)
    with pytest.raises((WebhookSignatureMismatchError, WebhookNoSignaturesError)):
        webhook.verify(PAYLOAD, std_headers(GOOD), now=T)


@pytest.mark.parametrize(
    "value",
    [
        "sAUVZ05E854sJEev2jSi089T6bmKshpDX4huu4sJucU",  # unpadded
        "sAUVZ05E854sJEev2jSi089T6bmKshpDX4huu4sJucU==",
        "sAUVZ05E854sJEev2jSi089T6bmKshpDX4huu4sJucU=,sAUVZ05E854sJEev2jSi089T6bmKshpDX4huu4sJucU=",
        "sha256=" + "0" * 64,
        "0" * 64,
        "!" * 44,
        "====",
    ],
)
def test_shopify_malformed_base64(value: str) -> None:
    with pytest.raises(WebhookMalformedHeaderError):
        Webhook(SECRETS["shopify"], scheme="shopify").verify(PAYLOAD, value, now=T)


@pytest.mark.parametrize(
    "value",
    [
        "sha256=" + "A" * 64,  # uppercase hex
        "sha256=" + "0" * 63,
        "sha256=" + "0" * 65,
        "SHA256=" + "0" * 64,
        "sha1=" + "0" * 40,
        "sha256= " + "0" * 64,
        "sha256=" + "0" * 64 + ",sha256=" + "0" * 64,
        "sha256=" + "g" * 64,
        "sha256=" + "0" * 8000,
    ],
)
def test_github_malformed(value: str) -> None:
    with pytest.raises(WebhookMalformedHeaderError):
        Webhook(SECRETS["github"], scheme="github").verify(PAYLOAD, value, now=T)


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [
        (str(T), "v1=" + "0" * 64),
        (str(T), "v0=" + "0" * 63),
        (str(T), "v0=" + "0" * 64 + ",v0=" + "0" * 64),
        ("-1", "v0=" + "0" * 64),
        ("1e9", "v0=" + "0" * 64),
        ("9" * 30, "v0=" + "0" * 64),
        (" ", "v0=" + "0" * 64),
        (str(T) + ".5", "v0=" + "0" * 64),
    ],
)
def test_slack_malformed(timestamp: str, signature: str) -> None:
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
    with pytest.raises(WebhookVerificationError) as caught:
        Webhook(SECRETS["slack"], scheme="slack").verify(PAYLOAD, headers, now=T)
    assert caught.value.code in {"WEBHOOK_MALFORMED_HEADER", "WEBHOOK_MISSING_HEADER"}


@pytest.mark.parametrize("scheme", list(SECRETS))
def test_header_soup_never_verifies(scheme: str) -> None:
    """Random values assembled from pieces of valid and invalid headers, for every header of
    the scheme: only edgeward errors come out, and nothing verifies."""
    pieces = [
        "v1,",
        "v1a,",
        "v0=",
        "sha256=",
        "t=",
        ",",
        " ",
        "=",
        "==",
        "\t",
        "é",
        "\x00",
        "+",
        "/",
        "AAAA",
        "zz",
        "00",
        "9999999999999999999",
        "-1",
        ";",
        "\ufeff",
        "\udcff",
        GOOD,
        str(T),
        MSG_ID,
        "0" * 64,
    ]
    rng = random.Random(f"soup-{scheme}")
    webhook = Webhook(SECRETS[scheme], scheme=scheme)
    names = webhook.header_names
    codes: dict[str, int] = {}
    for _ in range(1500):
        headers = {}
        for name in names:
            if rng.random() < 0.85:
                value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
                headers[rng.choice((name, name.upper(), name.title()))] = value
        with pytest.raises(EdgewardError) as caught:
            webhook.verify(PAYLOAD, headers, now=T)
        codes[caught.value.code] = codes.get(caught.value.code, 0) + 1
    assert set(codes) <= {
        "WEBHOOK_MALFORMED_HEADER",
        "WEBHOOK_MISSING_HEADER",
        "WEBHOOK_NO_SIGNATURES",
        "WEBHOOK_SIGNATURE_MISMATCH",
        "WEBHOOK_TIMESTAMP_TOO_OLD",
        "WEBHOOK_TIMESTAMP_TOO_NEW",
    }, codes
    assert "WEBHOOK_MALFORMED_HEADER" in codes
    assert "WEBHOOK_MISSING_HEADER" in codes


@pytest.mark.parametrize("scheme", list(SECRETS))
def test_one_mebibyte_header_values(scheme: str) -> None:
    webhook = Webhook(SECRETS[scheme], scheme=scheme)
    signed = webhook.sign_headers(PAYLOAD, timestamp=T, id=MSG_ID)
    for name in webhook.header_names:
        headers = {**signed, name: "A" * (1 << 20)}
        if name in signed:
            with pytest.raises(WebhookMalformedHeaderError, match="over the limit"):
                webhook.verify(PAYLOAD, headers, now=T)
        else:
            # `svix-*` headers are not read when the `webhook-*` ones are present.
            assert webhook.verify(PAYLOAD, headers, now=T).id == MSG_ID


@pytest.mark.parametrize("scheme", list(SECRETS))
def test_tampered_payloads_never_verify(scheme: str) -> None:
    rng = random.Random(f"tamper-{scheme}")
    webhook = Webhook(SECRETS[scheme], scheme=scheme)
    for _ in range(200):
        body = rng.randbytes(rng.randint(1, 512))
        signed = webhook.sign_headers(body, timestamp=T, id=MSG_ID)
        assert webhook.verify(body, signed, now=T).secret_index == 0
        tampered = bytearray(body)
        tampered[rng.randrange(len(body))] ^= 1 << rng.randrange(8)
        with pytest.raises(WebhookSignatureMismatchError):
            webhook.verify(bytes(tampered), signed, now=T)
        with pytest.raises(WebhookSignatureMismatchError):
            webhook.verify(body + b" ", signed, now=T)
