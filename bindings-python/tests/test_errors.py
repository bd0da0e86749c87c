"""The exception classes of edgeward._errors against the core's error codes."""

from __future__ import annotations

import base64
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest

import edgeward
import edgeward._errors
from _vectors import VECTORS_PATH
from edgeward import (
    BY_CODE,
    BY_FAMILY,
    EdgewardError,
    Redactor,
    ReplayGuard,
    Validator,
    Webhook,
    WebhookVerificationError,
)

SECRET = "whsec_errors_test_5f3c9a"


def test_every_core_code_has_a_class_and_vice_versa() -> None:
    codes = edgeward.error_codes()
    assert len(codes) == len(set(codes)) > 0
    assert set(codes) == set(BY_CODE)


@pytest.mark.parametrize("code", edgeward.error_codes())
def test_class_of_code(code: str) -> None:
    cls = BY_CODE[code]
    assert cls.code == code
    assert cls.__module__ == "edgeward._errors"
    assert getattr(edgeward, cls.__name__) is cls
    family = edgeward.error_family(code)
    assert family is not None
    assert issubclass(cls, BY_FAMILY[family])
    assert issubclass(cls, EdgewardError)
    assert issubclass(cls, ValueError)


def test_classes_are_distinct() -> None:
    assert len(set(BY_CODE.values())) == len(BY_CODE)


def test_every_family_has_a_base_class() -> None:
    families = {edgeward.error_family(code) for code in edgeward.error_codes()}
    assert families == set(BY_FAMILY)


def test_family_classes_are_distinct_and_share_the_root() -> None:
    assert len(set(BY_FAMILY.values())) == len(BY_FAMILY)
    assert BY_FAMILY["webhook"] is WebhookVerificationError
    for family_class in BY_FAMILY.values():
        assert issubclass(family_class, EdgewardError)
        assert getattr(edgeward, family_class.__name__) is family_class


def test_unknown_code_has_no_family() -> None:
    assert edgeward.error_family("NOPE") is None
    assert edgeward.error_family("") is None


def test_user_constructed_error_carries_its_code() -> None:
    error = edgeward.WebhookSignatureMismatchError("no match")
    assert error.code == "WEBHOOK_SIGNATURE_MISMATCH"
    assert str(error) == "no match"
    assert edgeward.EdgewardError("x", "CUSTOM").code == "CUSTOM"


def test_raised_error_sets_code_and_pickles() -> None:
    with pytest.raises(edgeward.WebhookMissingHeaderError) as caught:
        Webhook(SECRET).verify(b"{}", None, now=0)
    error = caught.value
    assert error.code == "WEBHOOK_MISSING_HEADER"
    # set on the instance by the extension
    assert error.__dict__["code"] == "WEBHOOK_MISSING_HEADER"
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert type(clone) is edgeward.WebhookMissingHeaderError
    assert clone.code == "WEBHOOK_MISSING_HEADER"
    assert str(clone) == str(error)


def test_errors_catchable_as_value_error() -> None:
    with pytest.raises(ValueError, match="no `v1` signature"):
        Webhook(SECRET).verify(b"{}", "t=1,v0=aa", now=1)


# --- The error contract (core/src/error.rs): shared misuse table, fields, naming. ---

MISUSE = json.loads((VECTORS_PATH / "error_misuse.json").read_text(encoding="utf-8"))
STRIPE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"id":"evt_1"}'
NOW = 1_700_000_000
_STRIPE = Webhook(STRIPE_SECRET)
_HEADER = _STRIPE.sign(BODY, timestamp=NOW)
_STANDARD = Webhook(STRIPE_SECRET, scheme="standard")

_OAUTH = edgeward.OAuthState("state-secret-for-the-errors-test-0123456789")
_OAUTH_TOKEN = _OAUTH.issue(session="s1", now=NOW)
_SEAL_KEY = base64.urlsafe_b64encode(bytes([7] * 32)).decode().rstrip("=")
_SEALER = edgeward.Sealer([{"id": "k1", "key": _SEAL_KEY}])
_SEALED = _SEALER.seal(b"token", now=NOW)
_FERNET = edgeward.Fernet("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=")
_FERNET_TOKEN = _FERNET.encrypt(b"token", now=NOW)

# How Python spells each call of the shared table.
CALLS: dict[str, Callable[[Any], object]] = {
    "Webhook(secret)": lambda v: Webhook(v),
    "Webhook(scheme)": lambda v: Webhook(STRIPE_SECRET, scheme=v),
    "Webhook(tolerance)": lambda v: Webhook(STRIPE_SECRET, tolerance=v),
    "Webhook(retention)": lambda v: Webhook(STRIPE_SECRET, retention=v),
    "Webhook(secretFormat)": lambda v: Webhook(STRIPE_SECRET, secret_format=v),
    "Webhook(replayGuard)": lambda v: Webhook(STRIPE_SECRET, replay_guard=v),
    "ReplayGuard(maxEntries)": lambda v: ReplayGuard(max_entries=v),
    "verify(payload)": lambda v: _STRIPE.verify(v, _HEADER, now=NOW),
    "verify(headers)": lambda v: _STRIPE.verify(BODY, v, now=NOW),
    "verify(now)": lambda v: _STRIPE.verify(BODY, _HEADER, now=v),
    "signHeaders(timestamp)": lambda v: _STANDARD.sign_headers(BODY, timestamp=v),
    "signHeaders(id)": lambda v: _STANDARD.sign_headers(BODY, timestamp=NOW, id=v),
    "Redactor(maxDepth)": lambda v: Redactor(max_depth=v),
    "Redactor(keys)": lambda v: Redactor(keys=v),
    "Redactor(mode)": lambda v: Redactor(mode=v),
    "redactJson(text)": lambda v: Redactor().redact_json(v),
    "redactNdjson(text)": lambda v: Redactor().redact_ndjson(v),
    "redactText(text)": lambda v: Redactor().redact_text(v),
    "Validator(schema)": lambda v: Validator(v).is_valid(1),
    "Validator(draft)": lambda v: Validator({}, draft=v).is_valid(1),
    "Validator(maxDepth)": lambda v: Validator({}, max_depth=v).is_valid(1),
    "Validator(allowDuplicateKeys)": lambda v: Validator({}, allow_duplicate_keys=v).is_valid(1),
    "validateJson(body)": lambda v: Validator({}).validate_json(v),
    "encodePathSegment(segment)": lambda v: edgeward.encode_path_segment(v),
    "buildPath(template)": lambda v: edgeward.build_path(v, {}),
    "buildPath(params)": lambda v: edgeward.build_path("/events/{id}", v),
    "OAuthState.verify(now)": lambda v: _OAUTH.verify(_OAUTH_TOKEN, session="s1", now=v),
    "needsRefresh(now)": lambda v: edgeward.needs_refresh(NOW + 3600, now=v),
    "Sealer.open(now)": lambda v: _SEALER.open(_SEALED, now=v),
    "Fernet.decrypt(now)": lambda v: _FERNET.decrypt(_FERNET_TOKEN, now=v),
}


def test_every_call_of_the_misuse_table_has_a_python_spelling() -> None:
    assert {case["call"] for case in MISUSE["cases"]} == set(CALLS)


@pytest.mark.parametrize(
    "case", MISUSE["cases"], ids=lambda c: f"{c['call']}={json.dumps(c['value'])}"
)
def test_misuse_gives_the_shared_family_and_code(case: dict[str, Any]) -> None:
    code = case["code"]
    family = edgeward.error_family(code)
    assert family is not None
    assert code.startswith(family.upper() + "_")
    with pytest.raises(EdgewardError) as caught:
        CALLS[case["call"]](case["value"])
    error = caught.value
    assert error.code == code, str(error)
    assert type(error) is BY_CODE[code]
    assert isinstance(error, BY_FAMILY[family])
    assert not isinstance(error, TypeError)


# A word with its own capitals (the protocol's name) keeps them, as the core's contract test does.
_WORDS = {"OAUTH": "OAuth"}


def test_class_names_follow_the_codes_and_every_coded_class_is_listed() -> None:
    for code, cls in BY_CODE.items():
        camel = "".join(_WORDS.get(w, w.capitalize()) for w in code.split("_"))
        assert cls.__name__ == camel + "Error"
    coded = {
        cls
        for cls in vars(edgeward._errors).values()
        if isinstance(cls, type) and issubclass(cls, EdgewardError) and vars(cls).get("code")
    }
    assert coded == set(BY_CODE.values())


def test_the_structured_facts_are_attributes() -> None:
    with pytest.raises(edgeward.WebhookTimestampTooOldError) as old:
        _STRIPE.verify(BODY, _HEADER, now=NOW + 4000)
    assert (old.value.age_seconds, old.value.tolerance_seconds) == (4000, 300)
    clone = pickle.loads(pickle.dumps(old.value))  # noqa: S301 - our own object
    assert (clone.age_seconds, clone.tolerance_seconds) == (4000, 300)
    with pytest.raises(edgeward.WebhookTimestampTooNewError) as new:
        _STRIPE.verify(BODY, _HEADER, now=NOW - 901)
    assert (new.value.ahead_seconds, new.value.tolerance_seconds) == (901, 300)
    with pytest.raises(edgeward.WebhookMissingHeaderError) as missing:
        _STRIPE.verify(BODY, {}, now=NOW)
    assert missing.value.header == "stripe-signature"
    two = Webhook([STRIPE_SECRET, "whsec_second_secret_for_errors_test"])
    with pytest.raises(edgeward.WebhookSignatureMismatchError) as mismatch:
        two.verify(b'{"tampered":1}', _HEADER, now=NOW)
    assert (mismatch.value.secret_count, mismatch.value.signature_count) == (2, 1)
    guarded = Webhook(STRIPE_SECRET, scheme="standard", replay_guard=ReplayGuard(max_entries=1))
    first = guarded.sign_headers(BODY, timestamp=NOW, id="msg_1")
    guarded.verify(BODY, first, now=NOW)
    with pytest.raises(edgeward.WebhookReplayedError) as replayed:
        guarded.verify(BODY, first, now=NOW)
    assert replayed.value.by == "id"
    second = guarded.sign_headers(BODY, timestamp=NOW, id="msg_2")
    with pytest.raises(edgeward.WebhookReplayGuardFullError) as full:
        guarded.verify(BODY, second, now=NOW)
    assert full.value.max_entries == 1
    with pytest.raises(edgeward.WebhookInvalidOptionsError) as options:
        Webhook(STRIPE_SECRET, tolerance=0)
    assert not hasattr(options.value, "age_seconds")
