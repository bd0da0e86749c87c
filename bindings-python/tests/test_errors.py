"""The exception classes of edgeward._errors against the core's error codes."""

from __future__ import annotations

import pickle

import pytest

import edgeward
from edgeward import BY_CODE, BY_FAMILY, EdgewardError, Webhook, WebhookVerificationError

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
    error = edgeward.SignatureMismatchError("no match")
    assert error.code == "SIGNATURE_MISMATCH"
    assert str(error) == "no match"
    assert edgeward.EdgewardError("x", "CUSTOM").code == "CUSTOM"


def test_raised_error_sets_code_and_pickles() -> None:
    with pytest.raises(edgeward.MissingHeaderError) as caught:
        Webhook(SECRET).verify(b"{}", None, now=0)
    error = caught.value
    assert error.code == "MISSING_HEADER"
    assert error.__dict__["code"] == "MISSING_HEADER"  # set on the instance by the extension
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert type(clone) is edgeward.MissingHeaderError
    assert clone.code == "MISSING_HEADER"
    assert str(clone) == str(error)


def test_errors_catchable_as_value_error() -> None:
    with pytest.raises(ValueError, match="no `v1` signature"):
        Webhook(SECRET).verify(b"{}", "t=1,v0=aa", now=1)
