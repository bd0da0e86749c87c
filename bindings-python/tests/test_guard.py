"""The framework-free guard under every integration (edgeward._guard.WebhookGuard): the
declared Content-Length read alike from bytes (ASGI) and str (WSGI, Django), and the
admission without any client guard."""

import pytest

from _deliveries import SCHEME, SECRETS
from edgeward._guard import Admission, Refusal, WebhookGuard


@pytest.mark.parametrize(
    ("declared", "status"),
    [
        ("4096", None),
        ("0", None),
        ("", None),
        (" 4096 ", None),
        ("4097", 413),
        ("9" * 19, 413),
        ("1" + "0" * 19, 413),
        ("12a", 400),
        ("-1", 400),
        ("+5", 400),
        ("4\u00b2", 400),  # a superscript two: a digit to str.isdigit, not ASCII
        ("\u0664\u0660", 400),  # Arabic-Indic digits
    ],
)
def test_declared_length_is_read_alike_from_bytes_and_str(
    declared: str, status: int | None
) -> None:
    guard = WebhookGuard(SECRETS, scheme=SCHEME, max_body_bytes=4096)
    admission = guard.admit("127.0.0.1", {}, "req-1")
    assert isinstance(admission, Admission)
    values: list[object] = [declared]
    if declared.isascii():
        values.append(declared.encode("latin-1"))
    else:
        values.append(declared.encode("utf-8"))  # what a server could pass on, undecoded
    for value in values:
        got = guard.declared_length(value, admission)
        if status is None:
            assert got is None, value
        else:
            assert isinstance(got, Refusal), value
            assert got.status == status, value
    assert guard.declared_length(None, admission) is None


def test_admission_without_client_guards_keeps_the_peer() -> None:
    guard = WebhookGuard(SECRETS, scheme=SCHEME)
    admission = guard.admit(None, {}, "req-2")
    assert admission == Admission("req-2", None, None, {"x-request-id": "req-2"})
    admission = guard.admit("192.0.2.1", {}, None)
    assert isinstance(admission, Admission)
    assert admission.client_ip == "192.0.2.1"
    assert admission.rate_limit is None
    assert admission.headers == {"x-request-id": admission.request_id}
    assert len(admission.request_id) == 22
