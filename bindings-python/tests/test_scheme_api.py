"""The Python surface of the schemes: construction options, `sign` and `sign_headers`,
`Verified`'s new fields, reprs and pickling."""

from __future__ import annotations

import base64
import hashlib
import hmac
import pickle
import time

import pytest

import edgeward
from edgeward import (
    ReplayGuard,
    Verified,
    Webhook,
    WebhookInvalidOptionsError,
    WebhookInvalidSecretError,
    WebhookMissingHeaderError,
    WebhookSignatureMismatchError,
)

T = 1_700_000_000
PAYLOAD = b'{"id":"evt_1","type":"invoice.paid"}'
STD_KEY = bytes(range(1, 33))
STD_SECRET = "whsec_" + base64.b64encode(STD_KEY).decode()
SCHEMES = ("stripe", "standard", "github", "slack", "shopify")
SECRETS = {
    "stripe": "whsec_api_test_8d1e0b7c",
    "standard": STD_SECRET,
    "github": "It's a Secret to Everybody",
    "slack": "8f742231b10e8888abcd99yyyzzz85a5",
    "shopify": "shpss_0123456789abcdef",
}


def mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def test_scheme_option() -> None:
    for scheme in SCHEMES:
        webhook = Webhook(SECRETS[scheme], scheme=scheme)
        assert webhook.scheme == scheme
    assert Webhook(SECRETS["stripe"]).scheme == "stripe"
    assert Webhook(SECRETS["stripe"], scheme=None).scheme == "stripe"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name", ["Stripe", "STANDARD", "svix", "paddle", "", " github", "x" * 5000]
)
def test_unknown_scheme_is_refused_by_the_core(name: str) -> None:
    with pytest.raises(WebhookInvalidOptionsError) as caught:
        Webhook("secret", scheme=name)  # type: ignore[arg-type]
    assert caught.value.code == "WEBHOOK_INVALID_OPTIONS"
    assert "stripe, standard, github, slack, shopify" in str(caught.value)
    assert len(str(caught.value)) < 300  # a long name is not echoed whole


def test_scheme_must_be_a_str() -> None:
    with pytest.raises(WebhookInvalidOptionsError, match="scheme"):
        Webhook("secret", scheme=b"github")  # type: ignore[arg-type]


def test_secret_format_option() -> None:
    raw = "raw-secret-bytes-used-as-they-are"
    webhook = Webhook(raw, scheme="standard", secret_format="raw")
    signed = webhook.sign_headers(PAYLOAD, timestamp=T, id="msg_1")
    expected = mac(raw.encode(), b"msg_1." + str(T).encode() + b"." + PAYLOAD)
    assert signed["webhook-signature"] == "v1," + base64.b64encode(expected).decode()
    # Read as a provider secret, the same text is not base64: refused, without echoing it.
    with pytest.raises(WebhookInvalidSecretError) as caught:
        Webhook(raw, scheme="standard")
    assert raw not in str(caught.value)
    with pytest.raises(WebhookInvalidOptionsError, match="secret format"):
        Webhook(raw, scheme="standard", secret_format="base64")  # type: ignore[arg-type]
    # For schemes that use secrets as given, "raw" changes nothing.
    github = Webhook("s3cret", scheme="github", secret_format="raw")
    assert github.sign(PAYLOAD) == Webhook("s3cret", scheme="github").sign(PAYLOAD)


def test_header_names() -> None:
    assert Webhook(SECRETS["stripe"]).header_names == ["stripe-signature"]
    assert Webhook(STD_SECRET, scheme="standard").header_names == [
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "svix-id",
        "svix-timestamp",
        "svix-signature",
    ]
    assert Webhook("slack-signing-secret-0a1b2c", scheme="slack").header_names == [
        "x-slack-request-timestamp",
        "x-slack-signature",
    ]


def test_reprs_name_the_scheme_and_never_a_secret() -> None:
    for scheme in SCHEMES:
        webhook = Webhook([SECRETS[scheme], SECRETS[scheme]], scheme=scheme, tolerance=60)
        shown = repr(webhook)
        assert SECRETS[scheme] not in shown
        assert "redacted" in shown
        if scheme == "stripe":
            assert shown == "Webhook(<2 secret(s) redacted>, tolerance=60)"
        else:
            assert shown == f"Webhook(<2 secret(s) redacted>, scheme='{scheme}', tolerance=60)"


# --- sign ------------------------------------------------------------------------------------


def test_sign_returns_a_str_for_stripe_and_a_dict_otherwise() -> None:
    stripe_header = Webhook(SECRETS["stripe"]).sign(PAYLOAD, timestamp=T)
    assert isinstance(stripe_header, str)
    assert stripe_header.startswith(f"t={T},v1=")
    assert Webhook(SECRETS["stripe"]).sign_headers(PAYLOAD, timestamp=T) == {
        "stripe-signature": stripe_header
    }
    for scheme in ("standard", "github", "slack", "shopify"):
        webhook = Webhook(SECRETS[scheme], scheme=scheme)
        signed = webhook.sign(PAYLOAD, timestamp=T, id="msg_1")
        assert isinstance(signed, dict)
        assert signed == webhook.sign_headers(PAYLOAD, timestamp=T, id="msg_1")
        assert all(name == name.lower() for name in signed)


def test_sign_follows_each_documented_formula() -> None:
    body = PAYLOAD
    std = Webhook(STD_SECRET, scheme="standard").sign(body, timestamp=T, id="msg_abc")
    assert std == {
        "webhook-id": "msg_abc",
        "webhook-timestamp": str(T),
        "webhook-signature": "v1,"
        + base64.b64encode(mac(STD_KEY, f"msg_abc.{T}.".encode() + body)).decode(),
    }
    github = Webhook(SECRETS["github"], scheme="github").sign(body, timestamp=T)
    assert github == {
        "x-hub-signature-256": "sha256=" + mac(SECRETS["github"].encode(), body).hex()
    }
    slack = Webhook(SECRETS["slack"], scheme="slack").sign(body, timestamp=T)
    assert slack == {
        "x-slack-request-timestamp": str(T),
        "x-slack-signature": "v0="
        + mac(SECRETS["slack"].encode(), f"v0:{T}:".encode() + body).hex(),
    }
    shopify = Webhook(SECRETS["shopify"], scheme="shopify").sign(body, timestamp=T)
    assert shopify == {
        "x-shopify-hmac-sha256": base64.b64encode(mac(SECRETS["shopify"].encode(), body)).decode()
    }


def test_sign_id_rules() -> None:
    webhook = Webhook(STD_SECRET, scheme="standard")
    with pytest.raises(WebhookInvalidOptionsError, match="delivery id"):
        webhook.sign(PAYLOAD, timestamp=T)
    for bad in ("", "msg.1", "msg 1", "msg_é", "msg_\udcff", "x" * 9000):
        with pytest.raises(WebhookInvalidOptionsError):
            webhook.sign(PAYLOAD, timestamp=T, id=bad)
    with pytest.raises(WebhookInvalidOptionsError, match="`id`"):
        webhook.sign(PAYLOAD, timestamp=T, id=b"msg_1")  # type: ignore[arg-type]
    # Schemes without an id ignore it.
    github = Webhook("s", scheme="github")
    assert github.sign(PAYLOAD, id="msg.1") == github.sign(PAYLOAD)


def test_sign_timestamp_defaults_to_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: T + 0.7)
    signed = Webhook(SECRETS["slack"], scheme="slack").sign(PAYLOAD)
    assert isinstance(signed, dict)
    assert signed["x-slack-request-timestamp"] == str(T)


def test_public_key_cannot_sign() -> None:
    # Verify-only key of the published Standard Webhooks (Go library) vector.
    public = "whpk_MrU+iC49qsGA16X2Ik1htkAbQ/kB2wnw5NhM5OSicYs="
    with pytest.raises(WebhookInvalidSecretError, match="public key"):
        Webhook(public, scheme="standard").sign(PAYLOAD, timestamp=T, id="msg_1")


def test_ed25519_secret_key_signs_v1a_and_verifies() -> None:
    secret = "whsk_" + base64.b64encode(bytes(range(32))).decode()
    webhook = Webhook(secret, scheme="standard")
    signed = webhook.sign(PAYLOAD, timestamp=T, id="msg_1")
    assert isinstance(signed, dict)
    version, signature = signed["webhook-signature"].split(",")
    assert version == "v1a"
    assert len(base64.b64decode(signature)) == 64
    assert webhook.verify(PAYLOAD, signed, now=T) == Verified(T, 0, "msg_1", "standard")
    # Rotation from HMAC to Ed25519: both kinds of secret in one verifier.
    both = Webhook([STD_SECRET, secret], scheme="standard")
    assert both.verify(PAYLOAD, signed, now=T).secret_index == 1


# --- verify ----------------------------------------------------------------------------------


def test_bare_string_header_for_single_header_schemes() -> None:
    for scheme in ("stripe", "github", "shopify"):
        webhook = Webhook(SECRETS[scheme], scheme=scheme)
        signed = webhook.sign_headers(PAYLOAD, timestamp=T)
        (value,) = signed.values()
        assert webhook.verify(PAYLOAD, value, now=T).scheme == scheme
    # Multi-header schemes name the header the bare string lacks.
    slack = Webhook(SECRETS["slack"], scheme="slack")
    value = slack.sign_headers(PAYLOAD, timestamp=T)["x-slack-signature"]
    with pytest.raises(WebhookMissingHeaderError, match="x-slack-request-timestamp"):
        slack.verify(PAYLOAD, value, now=T)
    std = Webhook(STD_SECRET, scheme="standard")
    value = std.sign_headers(PAYLOAD, timestamp=T, id="msg_1")["webhook-signature"]
    with pytest.raises(WebhookMissingHeaderError, match="webhook-id"):
        std.verify(PAYLOAD, value, now=T)


def test_none_and_empty_headers() -> None:
    for scheme in SCHEMES:
        webhook = Webhook(SECRETS[scheme], scheme=scheme)
        for headers in (None, {}, [], ()):
            with pytest.raises(WebhookMissingHeaderError):
                webhook.verify(PAYLOAD, headers, now=T)


def test_schemes_without_timestamp_ignore_the_clock() -> None:
    for scheme in ("github", "shopify"):
        webhook = Webhook(SECRETS[scheme], scheme=scheme)
        signed = webhook.sign_headers(PAYLOAD, timestamp=T)
        for now in (0, T, 2**62, -(2**62)):
            verified = webhook.verify(PAYLOAD, signed, now=now)
            assert verified == Verified(None, 0, None, scheme)
            assert verified.timestamp is None


def test_rotation_reports_the_matching_secret_for_every_scheme() -> None:
    for scheme in SCHEMES:
        old = SECRETS[scheme]
        new = (
            "whsec_" + base64.b64encode(b"n" * 24).decode()
            if scheme == "standard"
            else old + "-new"
        )
        signed = Webhook(old, scheme=scheme).sign_headers(PAYLOAD, timestamp=T, id="msg_r")
        assert Webhook([new, old], scheme=scheme).verify(PAYLOAD, signed, now=T).secret_index == 1
        assert Webhook([old, new], scheme=scheme).verify(PAYLOAD, signed, now=T).secret_index == 0
        with pytest.raises(WebhookSignatureMismatchError):
            Webhook(new, scheme=scheme).verify(PAYLOAD, signed, now=T)


def test_svix_header_names_and_preference() -> None:
    webhook = Webhook(STD_SECRET, scheme="standard")
    signed = webhook.sign_headers(PAYLOAD, timestamp=T, id="msg_a")
    svix = {k.replace("webhook-", "svix-"): v for k, v in signed.items()}
    assert webhook.verify(PAYLOAD, svix, now=T).id == "msg_a"
    other = webhook.sign_headers(PAYLOAD, timestamp=T, id="msg_b")
    mixed = {**signed, **{k.replace("webhook-", "Svix-"): v for k, v in other.items()}}
    assert webhook.verify(PAYLOAD, mixed, now=T).id == "msg_a"  # webhook-* wins


# --- Verified --------------------------------------------------------------------------------


def test_verified_new_fields_and_defaults() -> None:
    plain = Verified(T, 0)
    assert (plain.timestamp, plain.secret_index, plain.id, plain.scheme) == (T, 0, None, "stripe")
    full = Verified(T, 1, "msg_1", "standard")
    assert full == Verified(timestamp=T, secret_index=1, id="msg_1", scheme="standard")
    assert full != Verified(T, 1, "msg_2", "standard")
    assert full != Verified(T, 1, "msg_1", "stripe")
    assert Verified(None, 0, scheme="github") != Verified(None, 0, scheme="shopify")
    assert len({full, Verified(T, 1, "msg_1", "standard"), plain}) == 2
    with pytest.raises(WebhookInvalidOptionsError):
        Verified(T, 0, scheme="paddle")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        full.id = "x"  # type: ignore[misc]


def test_verified_repr_and_pickle() -> None:
    cases = {
        Verified(T, 0): f"Verified(timestamp={T}, secret_index=0)",
        Verified(T, 1, "msg_'1\"", "standard"): (
            f"Verified(timestamp={T}, secret_index=1, id='msg_\\'1\"', scheme='standard')"
        ),
        Verified(
            None, 0, None, "github"
        ): "Verified(timestamp=None, secret_index=0, scheme='github')",
    }
    for verified, shown in cases.items():
        assert repr(verified) == shown
        assert eval(repr(verified), {"Verified": Verified}) == verified  # noqa: S307 - our repr
        assert pickle.loads(pickle.dumps(verified)) == verified  # noqa: S301 - our own object


def test_webhook_with_replay_guard_cannot_be_pickled() -> None:
    webhook = Webhook(STD_SECRET, scheme="standard", replay_guard=ReplayGuard())
    with pytest.raises(TypeError):
        pickle.dumps(webhook)
    with pytest.raises(TypeError):
        pickle.dumps(ReplayGuard())


def test_exports() -> None:
    assert edgeward.ReplayGuard is ReplayGuard
    assert "ReplayGuard" in edgeward.__all__
    assert "ReplayStore" in edgeward.__all__
    assert "WebhookReplayedError" in edgeward.__all__
    assert "WebhookReplayGuardFullError" in edgeward.__all__
    assert edgeward.WebhookReplayGuardFullError.code in edgeward.error_codes()


def test_clock_replacements_are_always_called(monkeypatch: pytest.MonkeyPatch) -> None:
    # The built-in time.time is read directly; anything put in its place is called, even
    # another built-in.
    slack = Webhook("slack-signing-secret-0a1b2c", scheme="slack")
    headers = slack.sign_headers(PAYLOAD, timestamp=T)
    monkeypatch.setattr(time, "time", time.monotonic)  # seconds since boot: long before T
    with pytest.raises(edgeward.WebhookTimestampTooNewError):
        slack.verify(PAYLOAD, headers)
    calls: list[int] = []

    def fake() -> float:
        calls.append(1)
        return T + 0.5

    monkeypatch.setattr(time, "time", fake)
    assert slack.verify(PAYLOAD, headers).timestamp == T
    assert calls == [1]
    monkeypatch.undo()
    real = slack.sign_headers(PAYLOAD)  # the real clock again, read directly
    assert abs(int(real["x-slack-request-timestamp"]) - time.time()) < 5
    assert slack.verify(PAYLOAD, real).timestamp == int(real["x-slack-request-timestamp"])
