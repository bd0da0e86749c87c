"""OAuth state and PKCE, sealed tokens and Fernet against the shared vectors
(tests/vectors/credentials.json), the Fernet specification's vectors, and interoperability with
``cryptography`` (AESGCM and ``cryptography.fernet``) in both directions."""

from __future__ import annotations

import base64
import json
import os
import random
import struct
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet as CryptographyFernet
from cryptography.fernet import InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import edgeward
from edgeward import (
    EdgewardError,
    Fernet,
    OAuthError,
    OAuthState,
    Sealer,
    SealError,
    SealExpiredError,
    SealInvalidError,
    StateReplayedError,
    StateSessionMismatchError,
    code_challenge,
    code_challenge_s256,
    generate_code_verifier,
    needs_refresh,
)

ROOT = Path(__file__).resolve().parent / ".." / ".."
V: dict[str, Any] = json.loads((ROOT / "tests" / "vectors" / "credentials.json").read_text("utf-8"))
FERNET_SPEC = ROOT / ".." / "shared" / "conformance" / "fernet"


def code_of(work: Any) -> str:
    try:
        work()
    except EdgewardError as error:
        return error.code
    return "ok"


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_error_classes_per_code() -> None:
    for code in (
        "STATE_INVALID",
        "STATE_EXPIRED",
        "STATE_SESSION_MISMATCH",
        "STATE_REPLAYED",
        "SEAL_INVALID",
    ):
        assert code in edgeward.error_codes()
        assert edgeward.BY_CODE[code].code == code
    assert issubclass(StateReplayedError, OAuthError)
    assert issubclass(SealExpiredError, SealError)


@pytest.mark.parametrize("case", V["pkce"], ids=lambda c: c["name"])
def test_pkce_vectors(case: dict[str, Any]) -> None:
    def run() -> str:
        if "method" in case:
            return code_challenge(case["verifier"], method=case["method"])
        return code_challenge_s256(case["verifier"])

    if "error" in case:
        assert code_of(run) == case["error"]
    else:
        assert run() == case["challenge"]


def test_generated_verifiers() -> None:
    verifier = generate_code_verifier()
    assert len(verifier) == 43
    assert verifier != generate_code_verifier()
    assert len(generate_code_verifier(length=128)) == 128
    assert code_of(lambda: generate_code_verifier(length=42)) == "PKCE_INVALID"
    code_challenge_s256(verifier)


@pytest.mark.parametrize("case", V["state"]["verify"], ids=lambda c: c["name"])
def test_state_vectors(case: dict[str, Any]) -> None:
    issuer = OAuthState(V["state"]["secrets"], ttl_seconds=V["state"]["ttl_seconds"])
    if "error" in case:
        with pytest.raises(OAuthError) as raised:
            issuer.verify(case["token"], session=case["session"], now=case["now"])
        assert raised.value.code == case["error"]
        if len(case["token"]) > 8:
            assert case["token"] not in str(raised.value)
    else:
        got = issuer.verify(case["token"], session=case["session"], now=case["now"])
        assert got.verifier == case["expect"]["verifier"]
        assert got.return_to == case["expect"]["return_to"]
        assert got.issued_at == case["expect"]["issued_at"]


def test_state_round_trip_and_single_use() -> None:
    state = OAuthState("s" * 32)
    verifier = generate_code_verifier()
    token = state.issue(session="a", verifier=verifier, return_to="/back")
    assert verifier not in token
    assert state.verify(token, session="a").verifier == verifier
    with pytest.raises(StateSessionMismatchError):
        state.verify(token, session="b")
    seen: set[str] = set()

    def replay(key: str, ttl: int) -> bool:
        assert 0 < ttl <= 600
        if key in seen:
            return True
        seen.add(key)
        return False

    assert state.verify(token, session="a", replay=replay).return_to == "/back"
    with pytest.raises(StateReplayedError):
        state.verify(token, session="a", replay=replay)

    def broken(key: str, ttl: int) -> bool:
        raise ConnectionError("store down")

    with pytest.raises(ConnectionError):
        state.verify(state.issue(session="a"), session="a", replay=broken)
    assert "ssss" not in repr(state)
    assert verifier not in repr(state.verify(token, session="a"))
    assert code_of(lambda: OAuthState("short")) == "OAUTH_INVALID_OPTIONS"
    with pytest.raises(TypeError):
        OAuthState(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", V["refresh"], ids=lambda c: c["name"])
def test_refresh_vectors(case: dict[str, Any]) -> None:
    def run() -> bool:
        return needs_refresh(
            case["expires_at"],
            now=case["now"],
            skew_seconds=case.get("skew_seconds"),
            issued_at=case.get("issued_at"),
        )

    if "error" in case:
        assert code_of(run) == case["error"]
    else:
        assert run() is case["expect"]


def sealer() -> Sealer:
    return Sealer(V["seal"]["keys"])


@pytest.mark.parametrize("case", V["seal"]["open"], ids=lambda c: c["name"])
def test_seal_vectors(case: dict[str, Any]) -> None:
    def run() -> bytes:
        return sealer().open(
            case["token"],
            aad=bytes.fromhex(case["aad_hex"]),
            max_age_seconds=case.get("max_age_seconds"),
            now=case["now"],
        )

    if "error" in case:
        assert code_of(run) == case["error"]
    else:
        assert run() == bytes.fromhex(case["expect_hex"])


@pytest.mark.parametrize("case", V["seal"]["bad_keys"], ids=lambda c: c["name"])
def test_seal_bad_keys(case: dict[str, Any]) -> None:
    assert code_of(lambda: Sealer(case["keys"])) == case["error"]


def test_seal_round_trip_and_repr() -> None:
    s = sealer()
    token = s.seal("héllo", aad=b"user:1")
    assert s.open_text(token, aad="user:1") == "héllo"
    with pytest.raises(SealInvalidError):
        s.open(token, aad=b"user:2")
    assert s.seal(b"x") != s.seal(b"x")
    assert s.key_id == "k2"
    assert V["seal"]["keys"][0]["key"] not in repr(s)
    assert Sealer([("k1", V["seal"]["keys"][1]["key"])]).key_id == "k1"


def test_seal_interoperates_with_cryptography_aesgcm() -> None:
    s = sealer()
    key = unb64u(V["seal"]["keys"][0]["key"])
    token = unb64u(s.seal(b"from edgeward", aad=b"ctx"))
    header_len = 2 + token[1] + 8
    header, nonce, sealed = (
        token[:header_len],
        token[header_len : header_len + 12],
        token[header_len + 12 :],
    )
    assert AESGCM(key).decrypt(nonce, sealed, header + b"ctx") == b"from edgeward"
    header = bytes([1, 2]) + b"k2" + struct.pack(">q", 1_700_000_000)
    nonce = os.urandom(12)
    theirs = b64u(
        header + nonce + AESGCM(key).encrypt(nonce, b"from cryptography", header + b"ctx")
    )
    assert s.open(theirs, aad=b"ctx") == b"from cryptography"


@pytest.mark.parametrize("case", V["fernet"]["decrypt"], ids=lambda c: c["name"])
def test_fernet_vectors(case: dict[str, Any]) -> None:
    f = Fernet(V["fernet"]["key"])

    def run() -> bytes:
        return f.decrypt(case["token"], ttl_seconds=case.get("ttl_seconds"), now=case["now"])

    if "error" in case:
        assert code_of(run) == case["error"]
    else:
        assert run() == bytes.fromhex(case["expect_hex"])


def test_fernet_interoperates_with_cryptography() -> None:
    key = CryptographyFernet.generate_key()
    theirs = CryptographyFernet(key)
    ours = Fernet(key)
    assert ours.decrypt(theirs.encrypt(b"stored today"), ttl_seconds=60) == b"stored today"
    assert theirs.decrypt(ours.encrypt(b"re-sealed").encode(), ttl=60) == b"re-sealed"
    with pytest.raises(InvalidToken):
        CryptographyFernet(CryptographyFernet.generate_key()).decrypt(ours.encrypt(b"x").encode())
    assert CryptographyFernet(Fernet.generate_key().encode()).encrypt(b"ok")
    assert key.decode() not in repr(ours)


def _spec(name: str) -> list[dict[str, Any]]:
    assert FERNET_SPEC.is_dir(), f"the Fernet spec vectors are at {FERNET_SPEC}"
    return json.loads((FERNET_SPEC / name).read_text("utf-8"))


def _at(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


def test_fernet_spec_vectors() -> None:
    for case in _spec("verify.json"):
        f = Fernet(case["secret"])
        assert (
            f.decrypt(case["token"], ttl_seconds=case["ttl_sec"], now=_at(case["now"]))
            == case["src"].encode()
        )
    invalid = _spec("invalid.json")
    assert len(invalid) >= 8
    for case in invalid:
        f = Fernet(case["secret"])
        with pytest.raises(SealError):
            f.decrypt(case["token"], ttl_seconds=case["ttl_sec"], now=_at(case["now"]))
    for case in _spec("generate.json"):
        f = Fernet(case["secret"])
        token = f.encrypt(case["src"], now=_at(case["now"]))
        assert unb64u(token)[:9] == unb64u(case["token"])[:9]
        assert f.decrypt(token) == case["src"].encode()


def test_hostile_tokens() -> None:
    rng = random.Random(7)
    alphabet = "AZaz09-_=+/.%~ \n\x00é😀"
    state = OAuthState(V["state"]["secrets"])
    s = sealer()
    f = Fernet(V["fernet"]["key"])
    good = V["state"]["verify"][0]["token"]
    inputs = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(300))) for _ in range(400)]
    inputs += [
        good[:i] + ("B" if good[i] == "A" else "A") + good[i + 1 :] for i in range(0, len(good), 3)
    ]
    for text in inputs:

        def verify(text: str = text) -> object:
            return state.verify(text, session="session-1", now=1_700_000_000)

        assert code_of(verify) in {
            "STATE_INVALID",
            "STATE_SESSION_MISMATCH",
            "STATE_EXPIRED",
        }
        assert code_of(lambda text=text: s.open(text)) == "SEAL_INVALID"
        assert code_of(lambda text=text: f.decrypt(text)) == "SEAL_INVALID"


def test_key_hygiene_vectors() -> None:
    from edgeward import (
        KeyHygieneError,
        KeyRing,
        assert_key_for_environment,
        classify_key,
        fingerprint,
        mask,
    )

    keys = V["keys"]
    for case in keys["classify"]:
        got = classify_key(case["key"])
        assert (got.provider, got.kind, got.mode) == (case["provider"], case["kind"], case["mode"])
    for case in keys["environment"]:
        if "error" in case:
            with pytest.raises(KeyHygieneError) as raised:
                assert_key_for_environment(case["key"], case["environment"])
            assert raised.value.code == case["error"]
            assert case["key"] not in str(raised.value)
        else:
            assert_key_for_environment(case["key"], case["environment"])
    for case in keys["fingerprint"]:
        if "error" in case:
            key, pepper = case["key"], case["pepper"]
            assert code_of(lambda k=key, p=pepper: fingerprint(k, p)) == case["error"]
        else:
            assert fingerprint(case["key"], case["pepper"]) == case["fingerprint"]
    for case in keys["mask"]:
        assert mask(case["key"]) == case["mask"]
    ring = KeyRing.from_env(
        ["X_NEW", "X_OLD", "X_GONE"], {"X_NEW": "new-key", "X_OLD": "old-key", "X_GONE": ""}
    )
    assert tuple(ring) == ("new-key", "old-key")
    assert ring.current == "new-key"
    assert "new-key" not in repr(ring)
    assert code_of(lambda: KeyRing.from_env(["NOPE"], {})) == "KEY_RING_EMPTY"
    state = OAuthState(KeyRing.from_env(["S"], {"S": "s" * 32}))
    assert state.verify(state.issue(session="a"), session="a").verifier is None


def test_policy_vectors() -> None:
    from edgeward import AccessPolicy, PolicyError

    p = V["policy"]
    policy = AccessPolicy(roles=p["roles"])
    for case in p["cases"]:
        decision = policy.explain(case["subject"], case["permission"])
        assert decision.allowed is case["allowed"], case
        assert policy.can(case["subject"], case["permission"]) is case["allowed"]
        if "rule" in case:
            assert decision.rule == case["rule"]
    for bad in p["bad_policies"]:
        with pytest.raises(PolicyError) as raised:
            AccessPolicy(roles=bad["roles"])
        assert raised.value.code == "POLICY_INVALID"
    for bad in p["bad_subjects"]:
        assert code_of(lambda bad=bad: policy.can(bad, "a:read")) == "POLICY_INVALID"
    subject = {
        "roles": ["admin"],
        "key": {"permissions": ["*:read"], "ip_restrictions": ["10.0.0.0/8"]},
        "ip": "10.1.1.1",
    }
    assert policy.can(subject, "x:read")
    assert AccessPolicy().can({"roles": ["viewer"]}, "x:read")
    with pytest.raises(TypeError):
        policy.can("admin", "a:read")  # type: ignore[arg-type]


def test_safe_error_response_and_request_id() -> None:
    from edgeward import request_id, safe_error_response

    try:
        try:
            raise ConnectionError("db at 10.0.0.5 refused password=hunter2hunter2")
        except ConnectionError as inner:
            raise RuntimeError("token sk_live_51H8abcdefghijklmnopqrstuvwxyz leaked") from inner
    except RuntimeError as error:
        r = safe_error_response(error, request_id="req-42")
    assert r.status == 500
    body = json.loads(r.body)
    assert body == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "requestId": "req-42",
    }
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["x-request-id"] == "req-42"
    assert "sk_live_51H8abcdefghijklmnopqrstuvwxyz" not in json.dumps(r.log)
    assert "Traceback" in r.log["stack"]
    assert r.log["causes"]
    assert "ConnectionError" in r.log["causes"][0]
    r = safe_error_response(
        ValueError("email is required"), status=422, expose=True, request_id="a\nb"
    )
    assert json.loads(r.body)["detail"] == "email is required"
    assert r.request_id != "a\nb"
    assert len(r.request_id) == 22
    assert "detail" not in json.loads(
        safe_error_response(ValueError("x"), status=503, expose=True).body
    )
    assert request_id("abc-123") == "abc-123"
    assert request_id("bad id\r\n") != "bad id\r\n"
