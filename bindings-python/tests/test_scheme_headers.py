"""Request headers as Python frameworks hand them over: dicts in any case, Starlette's and
Werkzeug's `Headers`, `email.message.Message`, `http.client.HTTPMessage`, ASGI pairs; repeated
headers; wrong types."""

from __future__ import annotations

import base64
import email
import email.message
import http.client
import io
from collections.abc import Iterator, Mapping

import pytest
import starlette.datastructures
import werkzeug.datastructures
from werkzeug.test import EnvironBuilder

from edgeward import (
    EdgewardError,
    Verified,
    Webhook,
    WebhookInvalidOptionsError,
    WebhookMalformedHeaderError,
    WebhookMissingHeaderError,
    WebhookSignatureMismatchError,
)

T = 1_700_000_000
PAYLOAD = b'{"id":"evt_headers"}'
STD_SECRET = "whsec_" + base64.b64encode(b"header-test-key-0123456789").decode()
WEBHOOK = Webhook(STD_SECRET, scheme="standard")
SIGNED = WEBHOOK.sign_headers(PAYLOAD, timestamp=T, id="msg_headers")
EXPECTED = Verified(T, 0, "msg_headers", "standard")
# Headers a real request carries besides the signed ones.
NOISE = {
    "Host": "example.com",
    "Content-Type": "application/json",
    "User-Agent": "Svix-Webhooks/1.0",
    "Content-Length": str(len(PAYLOAD)),
}


def odd_case(name: str) -> str:
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(name))


def test_dict_in_any_case() -> None:
    for transform in (str.lower, str.upper, str.title, odd_case):
        headers = {**NOISE, **{transform(k): v for k, v in SIGNED.items()}}
        assert WEBHOOK.verify(PAYLOAD, headers, now=T) == EXPECTED


def test_dict_subclass_and_other_mappings() -> None:
    class Sub(dict):  # type: ignore[type-arg]
        pass

    class Minimal(Mapping[str, str]):
        """Only the abstract methods of Mapping: `.items()` comes from the mixin."""

        def __init__(self, data: dict[str, str]) -> None:
            self.data = data

        def __getitem__(self, key: str) -> str:
            return self.data[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self.data)

        def __len__(self) -> int:
            return len(self.data)

    upper = {k.upper(): v for k, v in SIGNED.items()}
    assert WEBHOOK.verify(PAYLOAD, Sub(upper), now=T) == EXPECTED
    assert WEBHOOK.verify(PAYLOAD, Minimal(upper), now=T) == EXPECTED


def test_starlette_headers() -> None:
    raw = [(k.encode(), v.encode()) for k, v in {**NOISE, **SIGNED}.items()]
    headers = starlette.datastructures.Headers(raw=raw)
    assert WEBHOOK.verify(PAYLOAD, headers, now=T) == EXPECTED
    # As an ASGI app receives them: the scope's raw list of byte pairs.
    scope = {"type": "http", "headers": raw}
    assert WEBHOOK.verify(PAYLOAD, starlette.datastructures.Headers(scope=scope), now=T)
    assert WEBHOOK.verify(PAYLOAD, scope["headers"], now=T) == EXPECTED
    assert WEBHOOK.verify(PAYLOAD, dict(scope["headers"]), now=T) == EXPECTED
    mutable = starlette.datastructures.MutableHeaders(raw=list(raw))
    assert WEBHOOK.verify(PAYLOAD, mutable, now=T) == EXPECTED


def test_werkzeug_headers_as_flask_has_them() -> None:
    headers = werkzeug.datastructures.Headers()
    for name, value in {**NOISE, **SIGNED}.items():
        headers.add(name.title(), value)
    assert WEBHOOK.verify(PAYLOAD, headers, now=T) == EXPECTED
    # Flask's request.headers: EnvironHeaders over a WSGI environ.
    environ = EnvironBuilder(
        method="POST", headers=list(SIGNED.items()), data=PAYLOAD
    ).get_environ()
    environ_headers = werkzeug.datastructures.EnvironHeaders(environ)
    assert WEBHOOK.verify(PAYLOAD, environ_headers, now=T) == EXPECTED


def test_email_message_and_http_client() -> None:
    message = email.message.Message()
    for name, value in {**NOISE, **SIGNED}.items():
        message[name.upper()] = value
    assert WEBHOOK.verify(PAYLOAD, message, now=T) == EXPECTED
    raw = "".join(f"{k}: {v}\r\n" for k, v in {**NOISE, **SIGNED}.items()) + "\r\n"
    parsed = http.client.parse_headers(io.BytesIO(raw.encode("latin-1")))
    assert isinstance(parsed, http.client.HTTPMessage)
    assert WEBHOOK.verify(PAYLOAD, parsed, now=T) == EXPECTED
    assert WEBHOOK.verify(PAYLOAD, email.message_from_string(raw), now=T) == EXPECTED


def test_pairs_and_values_as_lists() -> None:
    assert WEBHOOK.verify(PAYLOAD, list(SIGNED.items()), now=T) == EXPECTED
    assert WEBHOOK.verify(PAYLOAD, tuple(SIGNED.items()), now=T) == EXPECTED
    # A value given as a one-element list (as some multi-value mappings hold them).
    as_lists = {k: [v] for k, v in SIGNED.items()}
    assert WEBHOOK.verify(PAYLOAD, as_lists, now=T) == EXPECTED
    as_bytes = {k.encode(): v.encode() for k, v in SIGNED.items()}
    assert WEBHOOK.verify(PAYLOAD, as_bytes, now=T) == EXPECTED


def test_non_str_names_and_unrelated_values_are_ignored() -> None:
    headers: dict[object, object] = {**SIGNED, 42: "x", None: 1, ("a",): b"b", "X-Other": 3.5}
    assert WEBHOOK.verify(PAYLOAD, headers, now=T) == EXPECTED
    # A header with the value None counts as absent.
    with pytest.raises(WebhookMissingHeaderError, match="webhook-id"):
        WEBHOOK.verify(PAYLOAD, {**SIGNED, "webhook-id": None}, now=T)


def outcome(webhook: Webhook, headers: object) -> str:
    """The error code a verification ends with, or "verified"."""
    try:
        webhook.verify(PAYLOAD, headers, now=T)  # type: ignore[arg-type]
    except EdgewardError as error:
        return error.code
    return "verified"


def repeated(name: str, value: str, extra: str) -> list[tuple[str, object]]:
    """`name` sent twice, in each container that can hold a repeated header."""
    pairs = [*SIGNED.items(), (name, extra)]
    werkzeug_headers = werkzeug.datastructures.Headers(pairs)
    starlette_headers = starlette.datastructures.Headers(
        raw=[(k.encode(), v.encode()) for k, v in pairs]
    )
    message = email.message.Message()
    for k, v in pairs:
        message[k] = v
    case_twins = {**SIGNED, name.upper(): extra}
    return [
        ("pairs", pairs),
        ("werkzeug", werkzeug_headers),
        ("starlette", starlette_headers),
        ("email", message),
        ("dict keys differing in case", case_twins),
        ("list value", {**SIGNED, name: [value, extra]}),
    ]


def test_repeated_signature_header_is_refused_in_every_container() -> None:
    # Even when both copies are the genuine signature: a repeated signature header is not a
    # signature list, and picking one copy would let a proxy's view differ from ours.
    genuine = SIGNED["webhook-signature"]
    for extra in (genuine, "v1,AAAA"):
        forms = repeated("webhook-signature", genuine, extra)
        outcomes = {form: outcome(WEBHOOK, headers) for form, headers in forms}
        assert outcomes == dict.fromkeys(outcomes, "WEBHOOK_MALFORMED_HEADER")


def test_repeated_id_or_timestamp_never_verifies() -> None:
    for name in ("webhook-id", "webhook-timestamp"):
        forms = repeated(name, SIGNED[name], SIGNED[name])
        outcomes = {form: outcome(WEBHOOK, headers) for form, headers in forms}
        assert len(outcomes) == 6
        assert set(outcomes.values()) <= {
            "WEBHOOK_MALFORMED_HEADER",
            "WEBHOOK_SIGNATURE_MISMATCH",
        }, outcomes


def test_repeated_single_scheme_headers() -> None:
    for scheme, secret in (
        ("github", "gh"),
        ("shopify", "shpss_0123456789abcdef"),
        ("stripe", "whsec_0123456789abcdef"),
    ):
        webhook = Webhook(secret, scheme=scheme)
        ((name, value),) = webhook.sign_headers(PAYLOAD, timestamp=T).items()
        with pytest.raises(WebhookMalformedHeaderError):
            webhook.verify(PAYLOAD, [(name, value), (name.upper(), value)], now=T)


def test_thousands_of_repeats_cost_one_long_header() -> None:
    pairs = list(SIGNED.items()) + [("webhook-signature", SIGNED["webhook-signature"])] * 100_000
    with pytest.raises(WebhookMalformedHeaderError, match="over the limit"):
        WEBHOOK.verify(PAYLOAD, pairs, now=T)


def test_many_unrelated_headers() -> None:
    noise = {f"x-noise-{i}": "v" * 32 for i in range(50_000)}
    assert WEBHOOK.verify(PAYLOAD, {**noise, **SIGNED}, now=T) == EXPECTED


def test_non_ascii_case_folding_does_not_match() -> None:
    # U+212A KELVIN SIGN lowercases to "k" in Python, but is no header-name character.
    kelvin = {k.replace("k", "\u212a"): v for k, v in SIGNED.items()}
    assert str.lower("\u212a") == "k"
    with pytest.raises(WebhookMissingHeaderError):
        WEBHOOK.verify(PAYLOAD, kelvin, now=T)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (b"v1,AAAA", "`headers` must be"),
        (42, "`headers` must be"),
        (object(), "`headers` must be"),
        ({"webhook-id": 42}, "`webhook-id` header must be a str"),
        ({"webhook-signature": ["v1,A", 7]}, "`webhook-signature` header must be a str"),
        ([("webhook-id",)], "(name, value) pair"),
        (["ab"], "(name, value) pair"),
    ],
)
def test_wrong_types_raise_invalid_options(headers: object, message: str) -> None:
    with pytest.raises(
        WebhookInvalidOptionsError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        WEBHOOK.verify(PAYLOAD, headers, now=T)  # type: ignore[arg-type]


def test_errors_from_the_header_object_propagate() -> None:
    class Broken:
        def items(self) -> list[tuple[str, str]]:
            raise RuntimeError("headers unavailable")

    with pytest.raises(RuntimeError, match="headers unavailable"):
        WEBHOOK.verify(PAYLOAD, Broken(), now=T)  # type: ignore[arg-type]


def test_surrogates_in_headers_never_verify() -> None:
    for name in SIGNED:
        bad = {**SIGNED, name: SIGNED[name] + "\udcff"}
        with pytest.raises((WebhookMalformedHeaderError, WebhookSignatureMismatchError)):
            WEBHOOK.verify(PAYLOAD, bad, now=T)
    weird_name = {**SIGNED, "webhook-id\udcff": "x"}
    assert WEBHOOK.verify(PAYLOAD, weird_name, now=T) == EXPECTED
