"""The Python surface: installed package, stubs, types, reprs, argument conversion."""

from __future__ import annotations

import array
import ast
import hashlib
import hmac
import pickle
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

import edgeward
from edgeward import (
    Verified,
    Webhook,
    WebhookInvalidOptionsError,
    WebhookInvalidPayloadError,
    WebhookInvalidSecretError,
    WebhookMalformedHeaderError,
    WebhookSignatureMismatchError,
    WebhookTimestampTooOldError,
    _errors,
    _keys,
    _native,
    _policy,
    _problem,
    _ratelimit,
    _redaction,
    _replay,
    _router,
)

SECRET = "whsec_api_test_8d1e0b7c"
OLD_SECRET = "whsec_api_old_2a4c6e8f"
T = 1_700_000_000
PAYLOAD = b'{"id":"evt_1","object":"event"}'


def reference_header(secret: str, timestamp: int, payload: bytes) -> str:
    """An independent signer: Python's own hmac module."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


HEADER = reference_header(SECRET, T, PAYLOAD)


# --- the installed package -------------------------------------------------------------------


def test_package_is_the_installed_wheel_not_the_source_tree() -> None:
    source_tree = Path(__file__).resolve().parent.parent / "python"
    package_dir = Path(edgeward.__file__).resolve().parent
    assert source_tree not in package_dir.parents
    assert package_dir != source_tree / "edgeward"
    assert "site-packages" in package_dir.parts
    native = Path(_native.__file__).name
    assert native.startswith("_native.")
    assert native.endswith((".so", ".pyd"))
    assert ".abi3." in native or native.endswith(".pyd")
    assert (package_dir / "py.typed").is_file()
    assert (package_dir / "_native.pyi").is_file()


def test_version_matches_distribution() -> None:
    from importlib.metadata import version

    assert edgeward.__version__ == version("edgeward")


# --- stubs -----------------------------------------------------------------------------------


def native_stub_names() -> set[str]:
    """Names defined at the top level of the extension's stub, _native.pyi."""
    stub = ast.parse((Path(_native.__file__).parent / "_native.pyi").read_text(encoding="utf-8"))
    names = set()
    for node in stub.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    # `_Name` (one underscore): type aliases and protocols for the type checker only, unless
    # the extension defines it (a private class a Python facade wraps, like `_Redactor`).
    return {n for n in names if not n.startswith("_") or n.startswith("__") or hasattr(_native, n)}


def test_native_stub_names_equal_runtime() -> None:
    assert native_stub_names() == set(_native.__all__)


def test_stub_public_names_equal_all() -> None:
    # Public names with types: the extension's stub plus the typed pure-Python modules.
    typed = (
        {n for n in native_stub_names() if not n.startswith("_")}
        | set(_errors.__all__)
        | set(_replay.__all__)
        | set(_router.__all__)
        | set(_redaction.__all__)
        | set(_ratelimit.__all__)
        | set(_keys.__all__)
        | set(_policy.__all__)
        | set(_problem.__all__)
        | set(_router.__all__)
    )
    assert typed == set(edgeward.__all__)
    assert len(edgeward.__all__) == len(set(edgeward.__all__))
    # Submodules (edgeward.fastapi, .flask, .django, .asgi) become attributes once imported.
    public = {
        n
        for n in dir(edgeward)
        if not n.startswith("_") and not isinstance(getattr(edgeward, n), types.ModuleType)
    }
    assert public == set(edgeward.__all__)


def test_stubtest_finds_no_difference(tmp_path: Path) -> None:
    """mypy's stubtest compares the stubs with the runtime: names, signatures, properties."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "edgeward", "--concise"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,  # nothing beside it to shadow the installed package
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Webhook ---------------------------------------------------------------------------------


def test_repr_never_shows_a_secret() -> None:
    webhook = Webhook([SECRET, OLD_SECRET], tolerance=60)
    for shown in (repr(webhook), str(webhook), f"{webhook!r}"):
        assert SECRET not in shown
        assert OLD_SECRET not in shown
        assert "redacted" in shown
    assert repr(webhook) == "Webhook(<2 secret(s) redacted>, tolerance=60)"


def test_webhook_cannot_be_pickled_or_mutated() -> None:
    webhook = Webhook(SECRET)
    with pytest.raises(TypeError) as caught:
        pickle.dumps(webhook)
    assert SECRET not in str(caught.value)
    with pytest.raises(AttributeError):
        webhook.secret = "x"  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        webhook.tolerance = 5  # type: ignore[misc]


def test_secret_forms() -> None:
    for secrets in (SECRET, [SECRET], (SECRET,), [OLD_SECRET, SECRET]):
        assert Webhook(secrets).verify(PAYLOAD, HEADER, now=T).timestamp == T
    assert Webhook([OLD_SECRET, SECRET]).verify(PAYLOAD, HEADER, now=T).secret_index == 1
    assert Webhook((SECRET, OLD_SECRET)).verify(PAYLOAD, HEADER, now=T).secret_index == 0


@pytest.mark.parametrize(
    ("secret", "named"),
    [
        (SECRET.encode(), "bytes"),
        (bytearray(SECRET.encode()), "bytearray"),
        (42, "int"),
        (None, "NoneType"),
        ([SECRET, 7], "int"),
        ([SECRET.encode()], "bytes"),
        ({SECRET}, "set"),
        (iter([SECRET]), "list_iterator"),
    ],
)
def test_non_str_secrets_are_refused_by_the_core(secret: object, named: str) -> None:
    with pytest.raises(WebhookInvalidSecretError) as caught:
        Webhook(secret)  # type: ignore[arg-type]
    assert caught.value.code == "WEBHOOK_INVALID_SECRET"
    assert f"type {named}" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_secret_limits_come_from_the_core() -> None:
    with pytest.raises(WebhookInvalidSecretError, match="no secret"):
        Webhook([])
    with pytest.raises(WebhookInvalidSecretError, match="index 1 is empty"):
        Webhook([SECRET, ""])
    with pytest.raises(WebhookInvalidSecretError, match="at most"):
        Webhook([SECRET] * 100)


def test_tolerance_conversion() -> None:
    assert Webhook(SECRET).tolerance == 300
    assert Webhook(SECRET, tolerance=10).tolerance == 10
    assert Webhook(SECRET, tolerance=10.0).tolerance == 10
    for bad in (0, -1, 10.5, float("nan"), float("inf"), 2**64, -(2**64), 10**400):
        with pytest.raises(WebhookInvalidOptionsError):
            Webhook(SECRET, tolerance=bad)
    with pytest.raises(WebhookInvalidOptionsError, match="tolerance"):
        Webhook(SECRET, tolerance="300")  # type: ignore[arg-type]


def test_tolerance_applies() -> None:
    webhook = Webhook(SECRET, tolerance=10)
    assert webhook.verify(PAYLOAD, HEADER, now=T + 10)
    with pytest.raises(WebhookTimestampTooOldError):
        webhook.verify(PAYLOAD, HEADER, now=T + 11)


@pytest.mark.parametrize(
    "payload",
    [
        PAYLOAD,
        bytearray(PAYLOAD),
        memoryview(PAYLOAD),
        memoryview(bytearray(PAYLOAD)),
        PAYLOAD.decode(),
        type("BytesSub", (bytes,), {})(PAYLOAD),
        type("StrSub", (str,), {})(PAYLOAD.decode()),
    ],
    ids=[
        "bytes",
        "bytearray",
        "memoryview",
        "memoryview-of-bytearray",
        "str",
        "bytes-sub",
        "str-sub",
    ],
)
def test_payload_forms(payload: object) -> None:
    webhook = Webhook(SECRET)
    assert webhook.verify(payload, HEADER, now=T) == Verified(T, 0)  # type: ignore[arg-type]
    assert webhook.sign(payload, timestamp=T) == HEADER  # type: ignore[arg-type]


def test_memoryview_is_hashed_as_its_bytes() -> None:
    webhook = Webhook(SECRET)
    strided = memoryview(b"a-b-c-d-e")[::2]  # not contiguous: b"abcde"
    assert webhook.verify(strided, reference_header(SECRET, T, b"abcde"), now=T)
    words = array.array("I", [1, 2, 3])
    assert webhook.verify(memoryview(words), reference_header(SECRET, T, words.tobytes()), now=T)


def test_str_payload_is_hashed_as_utf8() -> None:
    text = '{"note":"café 😀 ☃"}'
    header = reference_header(SECRET, T, text.encode("utf-8"))
    assert Webhook(SECRET).verify(text, header, now=T)
    with pytest.raises(WebhookSignatureMismatchError):
        Webhook(SECRET).verify(text.encode("latin-1", "replace"), header, now=T)


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"id": "evt_1"}, "dict"),
        ([1, 2], "list"),
        (42, "int"),
        (None, "NoneType"),
        (array.array("B", b"{}"), "array"),
    ],
)
def test_non_raw_payloads_are_refused_by_the_core(payload: object, named: str) -> None:
    webhook = Webhook(SECRET)
    for call in (
        lambda: webhook.verify(payload, HEADER, now=T),  # type: ignore[arg-type]
        lambda: webhook.sign(payload, timestamp=T),  # type: ignore[arg-type]
    ):
        with pytest.raises(WebhookInvalidPayloadError) as caught:
            call()
        assert caught.value.code == "WEBHOOK_INVALID_PAYLOAD"
        assert f"type {named}" in str(caught.value)
        assert "raw request body" in str(caught.value)


def test_str_payload_without_utf8_form_is_refused() -> None:
    # What a framework produces when it decodes non-UTF-8 bytes with "surrogateescape".
    payload = b"\xff{}".decode("utf-8", "surrogateescape")
    with pytest.raises(WebhookInvalidPayloadError, match="unpaired UTF-16 surrogate"):
        Webhook(SECRET).verify(payload, HEADER, now=T)
    # A lone surrogate written in the source, as a JS string can hold one: refused the same
    # way in every runtime (JS would otherwise hash U+FFFD in its place).
    for text in ('{"a":"\ud800"}', "\udc00", "x\ud83d"):
        with pytest.raises(WebhookInvalidPayloadError, match="unpaired UTF-16 surrogate"):
            Webhook(SECRET).verify(text, HEADER, now=T)
        with pytest.raises(WebhookInvalidPayloadError):
            Webhook(SECRET).sign(text, timestamp=T)
    github = Webhook("gh", scheme="github")
    with pytest.raises(WebhookInvalidPayloadError):
        github.verify("\ud800", github.sign("\ufffd"))


@pytest.mark.parametrize("scheme", ["stripe", "github", "slack", "shopify"])
@pytest.mark.parametrize(
    "key",
    [
        "whpk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=",
        "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=",
    ],
)
def test_ed25519_keys_are_refused_as_hmac_secrets(scheme: str, key: str) -> None:
    with pytest.raises(WebhookInvalidSecretError, match="Ed25519 key") as raised:
        Webhook(key, scheme=scheme)  # type: ignore[arg-type]
    assert key[5:20] not in str(raised.value)
    with pytest.raises(WebhookInvalidSecretError):
        Webhook(key, scheme="standard", secret_format="raw")


@pytest.mark.parametrize(
    ("scheme", "secret"),
    [
        ("stripe", "whsec_0123456789abcde"),
        ("slack", "0123456789abcde"),
        ("shopify", "shpss_012345678"),
    ],
)
def test_short_issued_secrets_are_refused(scheme: str, secret: str) -> None:
    with pytest.raises(WebhookInvalidSecretError, match="shorter than the 16 bytes") as raised:
        Webhook(secret, scheme=scheme)  # type: ignore[arg-type]
    assert secret not in str(raised.value)


def test_github_secrets_are_the_users_choice() -> None:
    assert Webhook("x", scheme="github").scheme == "github"


def test_header_types() -> None:
    webhook = Webhook(SECRET)
    with pytest.raises(WebhookInvalidOptionsError):
        webhook.verify(PAYLOAD, HEADER.encode(), now=T)  # type: ignore[arg-type]
    # Characters with no UTF-8 form never belong to a `t=` or `v1=` entry: ignored elsewhere,
    # refused there.
    assert webhook.verify(PAYLOAD, HEADER + ",x=\udcff", now=T)
    with pytest.raises(WebhookMalformedHeaderError):
        webhook.verify(PAYLOAD, HEADER.replace("t=", "t=\udcff"), now=T)


def test_now_conversion() -> None:
    webhook = Webhook(SECRET)
    assert webhook.verify(PAYLOAD, HEADER, now=T + 300.99)  # floored to whole seconds
    with pytest.raises(WebhookTimestampTooOldError):
        webhook.verify(PAYLOAD, HEADER, now=T + 301.0)
    for bad in (float("nan"), float("inf"), -float("inf"), 1e300, 2**63, 10**400):
        with pytest.raises(WebhookInvalidOptionsError):
            webhook.verify(PAYLOAD, HEADER, now=bad)
    with pytest.raises(WebhookInvalidOptionsError, match="now"):
        webhook.verify(PAYLOAD, HEADER, now="1700000000")  # type: ignore[arg-type]


def test_now_defaults_to_time_time(monkeypatch: pytest.MonkeyPatch) -> None:
    webhook = Webhook(SECRET)
    monkeypatch.setattr(time, "time", lambda: T + 0.5)
    assert webhook.verify(PAYLOAD, HEADER) == Verified(T, 0)
    assert webhook.sign(PAYLOAD) == HEADER
    monkeypatch.setattr(time, "time", lambda: T + 301.0)
    with pytest.raises(WebhookTimestampTooOldError):
        webhook.verify(PAYLOAD, HEADER)


def test_now_defaults_to_the_real_clock() -> None:
    webhook = Webhook(SECRET)
    header = webhook.sign(PAYLOAD)
    verified = webhook.verify(PAYLOAD, header)
    assert header == reference_header(SECRET, verified.timestamp, PAYLOAD)


def test_sign_timestamp_conversion() -> None:
    webhook = Webhook(SECRET)
    assert webhook.sign(PAYLOAD, timestamp=T + 0.9) == HEADER
    assert webhook.sign(b"", timestamp=0) == reference_header(SECRET, 0, b"")
    assert webhook.sign(b"", timestamp=2**63 - 1) == reference_header(SECRET, 2**63 - 1, b"")
    for bad in (-1, -0.5, float("nan"), 2**64):
        with pytest.raises(WebhookInvalidOptionsError):
            webhook.sign(PAYLOAD, timestamp=bad)
    with pytest.raises(WebhookInvalidOptionsError, match="timestamp"):
        webhook.sign(PAYLOAD, timestamp="0")  # type: ignore[arg-type]


def test_sign_uses_the_first_secret() -> None:
    header = Webhook([SECRET, OLD_SECRET]).sign(PAYLOAD, timestamp=T)
    assert header == HEADER


def test_keyword_only_arguments() -> None:
    webhook = Webhook(SECRET)
    with pytest.raises(TypeError):
        Webhook(SECRET, 300)  # type: ignore[misc]
    with pytest.raises(TypeError):
        webhook.verify(PAYLOAD, HEADER, T)  # type: ignore[misc]
    with pytest.raises(TypeError):
        webhook.sign(PAYLOAD, T)  # type: ignore[misc]


# --- Verified --------------------------------------------------------------------------------


def test_verified_value_semantics() -> None:
    verified = Webhook(SECRET).verify(PAYLOAD, HEADER, now=T)
    assert verified == Verified(T, 0)
    assert verified == Verified(timestamp=T, secret_index=0)
    assert verified != Verified(T, 1)
    assert verified != Verified(T + 1, 0)
    assert verified != (T, 0)
    assert hash(verified) == hash(Verified(T, 0))
    assert len({verified, Verified(T, 0), Verified(T, 1)}) == 2
    assert repr(verified) == f"Verified(timestamp={T}, secret_index=0)"
    assert pickle.loads(pickle.dumps(verified)) == verified  # noqa: S301 - our own object
    with pytest.raises(AttributeError):
        verified.timestamp = 0  # type: ignore[misc]
