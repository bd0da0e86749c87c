"""Generates webhook_schemes.json: vectors for every webhook scheme, computed independently of
edgeward with Python's hmac/hashlib/base64 and, for Ed25519, the `cryptography` package.

Run (from the repository root):
    python3 -m venv .venv-vectors && .venv-vectors/bin/pip install cryptography
    .venv-vectors/bin/python tests/vectors/generate_schemes.py

Published vectors are reproduced exactly and asserted here before anything is written:
Standard Webhooks (symmetric: the spec libraries' test; asymmetric: the Go library's
TestAsymmetricWebhookSign), GitHub's documentation, Octokit's webhooks-methods tests, and Slack's
documentation. Shopify publishes no vector; its cases follow the documented formula
(base64 HMAC-SHA256 of the raw body, keyed with the app secret).
"""

import base64
import hashlib
import hmac
import json
import pathlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

NOW = 1_700_000_000
TOLERANCE = 300
RETENTION = 7 * 24 * 3600  # how long schemes without a timestamp are remembered (default)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def mac(key: bytes, *parts: bytes) -> bytes:
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()


def payload_fields(payload: bytes) -> dict:
    try:
        return {"payload_text": payload.decode("utf-8")}
    except UnicodeDecodeError:
        return {"payload_hex": payload.hex()}


# ---------------------------------------------------------------- replay keys (edgeward's format)
# The text form external stores see: edgeward:<scheme>:<hex of 16 bytes of a domain-separated SHA-256>.
# Schemes with a signed id hash the id bound to the endpoint (the HMAC of a fixed label under the first
# secret, or the first Ed25519 public key: two endpoints sharing a store do not collide on one message
# id); others hash the HMAC of the signed content under the first secret (so the key does not depend on
# which signature or secret matched).

def replay_key(scheme: str, kind: bytes, data: bytes) -> str:
    digest = hashlib.sha256(b"edgeward replay v1\0" + scheme.encode() + b"\0" + kind + b"\0" + data).digest()
    return f"edgeward:{scheme}:{digest[:16].hex()}"


# ---------------------------------------------------------------------------------- schemes
# Each scheme: how to turn (secret, payload, timestamp, id) into headers, and the replay key.

def std_key(secret: str) -> bytes:
    """An HMAC key from a Standard Webhooks secret (whsec_ prefix optional, padding optional)."""
    text = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def stripe_headers(secret: str, payload: bytes, ts: int, _id=None) -> dict:
    sig = mac(secret.encode(), str(ts).encode(), b".", payload).hex()
    return {"stripe-signature": f"t={ts},v1={sig}"}


def standard_headers(secret: str, payload: bytes, ts: int, msg_id: str) -> dict:
    sig = mac(std_key(secret), msg_id.encode(), b".", str(ts).encode(), b".", payload)
    return {"webhook-id": msg_id, "webhook-timestamp": str(ts), "webhook-signature": f"v1,{b64(sig)}"}


def ed_private(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def ed_public(seed: bytes) -> bytes:
    return ed_private(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def standard_asym_headers(seed: bytes, payload: bytes, ts: int, msg_id: str) -> dict:
    sig = ed_private(seed).sign(msg_id.encode() + b"." + str(ts).encode() + b"." + payload)
    return {"webhook-id": msg_id, "webhook-timestamp": str(ts), "webhook-signature": f"v1a,{b64(sig)}"}


def github_headers(secret: str, payload: bytes, _ts=None, _id=None) -> dict:
    return {"x-hub-signature-256": "sha256=" + mac(secret.encode(), payload).hex()}


def slack_headers(secret: str, payload: bytes, ts: int, _id=None) -> dict:
    sig = mac(secret.encode(), b"v0:", str(ts).encode(), b":", payload).hex()
    return {"x-slack-request-timestamp": str(ts), "x-slack-signature": f"v0={sig}"}


def shopify_headers(secret: str, payload: bytes, _ts=None, _id=None) -> dict:
    return {"x-shopify-hmac-sha256": b64(mac(secret.encode(), payload))}


# ------------------------------------------------------------------------- published vectors
SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SW_TS = 1614265330
SW_PAYLOAD = b'{"test": 2432232314}'
SW_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
assert standard_headers(SW_SECRET, SW_PAYLOAD, SW_TS, SW_ID)["webhook-signature"] == SW_SIG

SW_ASYM_SEED = base64.b64decode("VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=")
SW_ASYM_SK = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk="
SW_ASYM_PK = "whpk_" + b64(ed_public(SW_ASYM_SEED))
SW_ASYM_SIG = "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="
assert standard_asym_headers(SW_ASYM_SEED, SW_PAYLOAD, SW_TS, SW_ID)["webhook-signature"] == SW_ASYM_SIG

GH_DOCS_SECRET = "It's a Secret to Everybody"
GH_DOCS_PAYLOAD = b"Hello, World!"
GH_DOCS_SIG = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
assert github_headers(GH_DOCS_SECRET, GH_DOCS_PAYLOAD)["x-hub-signature-256"] == GH_DOCS_SIG

OCTOKIT_SECRET = "mysecret"
OCTOKIT_PAYLOAD = b'{"foo":"bar"}'
OCTOKIT_SIG = "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3"
assert github_headers(OCTOKIT_SECRET, OCTOKIT_PAYLOAD)["x-hub-signature-256"] == OCTOKIT_SIG

SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_TS = 1531420618
SLACK_PAYLOAD = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
SLACK_SIG = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
assert slack_headers(SLACK_SECRET, SLACK_PAYLOAD, SLACK_TS)["x-slack-signature"] == SLACK_SIG

# ------------------------------------------------------------------------------- fixtures
BODY = b'{"id":"evt_1","type":"invoice.paid","amount":4200}'
EMOJI = "{\"note\":\"caf\u00e9 \U0001F600 \u2603\"}".encode()
BINARY = bytes([0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x28, 0xED, 0xA0, 0x80])

STD_SECRET = "whsec_" + b64(bytes(range(1, 33)))          # 32 bytes, padded (one '=')
STD_OLD = "whsec_" + b64(bytes(range(101, 125)))          # 24 bytes, no padding needed
STD_UNPADDED = STD_SECRET.rstrip("=")
STD_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
ED_SEED = bytes(range(200, 232))
ED_SK = "whsk_" + b64(ED_SEED)
ED_PK = "whpk_" + b64(ed_public(ED_SEED))
ED_OTHER_PK = "whpk_" + b64(ed_public(bytes(32 * [7])))

GH_SECRET = "gh-webhook-secret-3c5e"
GH_OLD = "gh-old"  # GitHub secrets are chosen by users: short ones are accepted
SLACK_S = "slack-signing-secret-0a1b2c"
SLACK_OLD = "slack-old-secret"  # exactly 16 bytes: the shortest issued secret accepted
SHOP_SECRET = "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"
SHOP_OLD = "shpss_old_secret"
STRIPE_SECRET = "whsec_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b"

L = 2**252 + 27742317777372353535851937790883648493  # the Ed25519 group order


def endpoint_binding(first: str, raw: bool = False) -> bytes:
    """What binds a Standard Webhooks replay key to the endpoint whose first secret is `first`."""
    if first.startswith("whpk_"):
        return base64.b64decode(first[5:])
    if first.startswith("whsk_"):
        return ed_public(base64.b64decode(first[5:])[:32])
    key = first.encode() if raw else std_key(first)
    return mac(key, b"edgeward replay endpoint v1")


def verified(scheme, *, timestamp, index=0, msg_id=None, key_data=None, now=NOW, first=None, raw=False,
             retention=RETENTION):
    """The expected success result, with edgeward's replay key and expiry."""
    if msg_id is not None:
        key = replay_key(scheme, b"id", endpoint_binding(first, raw) + msg_id.encode())
    else:
        key = replay_key(scheme, b"mac", key_data)
    expires = timestamp + TOLERANCE + 1 if timestamp is not None else now + retention
    return {
        "ok": True,
        "timestamp": timestamp,
        "secret_index": index,
        "id": msg_id,
        "replay_key": key,
        "replay_expires_at": expires,
    }


def case(name, scheme, secrets, payload, headers, expect, *, now=NOW, **extra):
    c = {"name": name, "scheme": scheme, "secrets": list(secrets), **payload_fields(payload)}
    c["headers"] = headers
    c.update(extra)
    c["now"] = now
    c["expect"] = expect
    return c


def err(code):
    return {"ok": False, "code": code}


def with_header(headers: dict, name: str, value) -> dict:
    out = dict(headers)
    if value is None:
        out.pop(name, None)
    else:
        out[name] = value
    return out


def std_mac_key_data(secret, payload, ts, msg_id):
    return mac(std_key(secret), msg_id.encode(), b".", str(ts).encode(), b".", payload)


verify = []

# ---- standard (symmetric)
sw = standard_headers(SW_SECRET, SW_PAYLOAD, SW_TS, SW_ID)
verify += [
    case("standard: published vector", "standard", [SW_SECRET], SW_PAYLOAD, sw,
         verified("standard", timestamp=SW_TS, msg_id=SW_ID, first=SW_SECRET), now=SW_TS),
    case("standard: published vector, svix-* headers", "standard", [SW_SECRET], SW_PAYLOAD,
         {"svix-id": SW_ID, "svix-timestamp": str(SW_TS), "svix-signature": SW_SIG},
         verified("standard", timestamp=SW_TS, msg_id=SW_ID, first=SW_SECRET), now=SW_TS),
    case("standard: published vector, mixed-case header names", "standard", [SW_SECRET], SW_PAYLOAD,
         {"Webhook-Id": SW_ID, "WEBHOOK-TIMESTAMP": str(SW_TS), "Webhook-Signature": SW_SIG},
         verified("standard", timestamp=SW_TS, msg_id=SW_ID, first=SW_SECRET), now=SW_TS),
    case("standard: published vector, secret without whsec_ prefix", "standard", [SW_SECRET[6:]], SW_PAYLOAD, sw,
         verified("standard", timestamp=SW_TS, msg_id=SW_ID, first=SW_SECRET), now=SW_TS),
    case("standard: published vector, 301 s later", "standard", [SW_SECRET], SW_PAYLOAD, sw,
         err("WEBHOOK_TIMESTAMP_TOO_OLD"), now=SW_TS + 301),
]
std = standard_headers(STD_SECRET, BODY, NOW, STD_ID)
std_ok = verified("standard", timestamp=NOW, msg_id=STD_ID, first=STD_SECRET)
ed_ok = verified("standard", timestamp=NOW, msg_id=STD_ID, first=ED_PK)
other_sig = standard_headers("whsec_" + b64(b"x" * 32), BODY, NOW, STD_ID)["webhook-signature"]
good_sig = std["webhook-signature"]
raw_key = b"raw-secret-bytes-used-as-they-are"
raw_sig = b64(mac(raw_key, STD_ID.encode(), b".", str(NOW).encode(), b".", BODY))
verify += [
    case("standard: genuine", "standard", [STD_SECRET], BODY, std, std_ok),
    case("standard: unpadded whsec_ secret", "standard", [STD_UNPADDED], BODY, std, std_ok),
    case("standard: raw secret format", "standard", [raw_key.decode()], BODY,
         with_header(std, "webhook-signature", f"v1,{raw_sig}"), verified("standard", timestamp=NOW, msg_id=STD_ID, first=raw_key.decode(), raw=True), secret_format="raw"),
    case("standard: empty payload", "standard", [STD_SECRET], b"", standard_headers(STD_SECRET, b"", NOW, STD_ID), std_ok),
    case("standard: emoji payload", "standard", [STD_SECRET], EMOJI, standard_headers(STD_SECRET, EMOJI, NOW, STD_ID), std_ok),
    case("standard: non-UTF-8 payload", "standard", [STD_SECRET], BINARY, standard_headers(STD_SECRET, BINARY, NOW, STD_ID), std_ok),
    case("standard: several signatures, unknown versions skipped", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", f"v2,abc {other_sig} v1b,zz {good_sig}"), std_ok),
    case("standard: extra spaces between entries", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", f"  {other_sig}    {good_sig}  "), std_ok),
    case("standard: rotation, old secret matches", "standard", [STD_SECRET, STD_OLD], BODY,
         standard_headers(STD_OLD, BODY, NOW, STD_ID), verified("standard", timestamp=NOW, index=1, msg_id=STD_ID, first=STD_SECRET)),
    case("standard: 300 s old passes", "standard", [STD_SECRET], BODY, standard_headers(STD_SECRET, BODY, NOW - 300, STD_ID),
         verified("standard", timestamp=NOW - 300, msg_id=STD_ID, first=STD_SECRET)),
    case("standard: 301 s old fails", "standard", [STD_SECRET], BODY, standard_headers(STD_SECRET, BODY, NOW - 301, STD_ID),
         err("WEBHOOK_TIMESTAMP_TOO_OLD")),
    case("standard: 301 s ahead fails", "standard", [STD_SECRET], BODY, standard_headers(STD_SECRET, BODY, NOW + 301, STD_ID),
         err("WEBHOOK_TIMESTAMP_TOO_NEW")),
    case("standard: tampered payload", "standard", [STD_SECRET], BODY.replace(b"4200", b"9999"), std, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard: id changed", "standard", [STD_SECRET], BODY, with_header(std, "webhook-id", "msg_other"), err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard: timestamp changed", "standard", [STD_SECRET], BODY, with_header(std, "webhook-timestamp", str(NOW + 1)),
         err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard: wrong secret", "standard", ["whsec_" + b64(b"y" * 32)], BODY, std, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard: v1 signature checked against a public key only", "standard", [ED_PK], BODY, std, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard: missing webhook-id", "standard", [STD_SECRET], BODY, with_header(std, "webhook-id", None), err("WEBHOOK_MISSING_HEADER")),
    case("standard: missing webhook-timestamp", "standard", [STD_SECRET], BODY, with_header(std, "webhook-timestamp", None),
         err("WEBHOOK_MISSING_HEADER")),
    case("standard: missing webhook-signature", "standard", [STD_SECRET], BODY, with_header(std, "webhook-signature", None),
         err("WEBHOOK_MISSING_HEADER")),
    case("standard: no headers", "standard", [STD_SECRET], BODY, {}, err("WEBHOOK_MISSING_HEADER")),
    case("standard: blank webhook-id", "standard", [STD_SECRET], BODY, with_header(std, "webhook-id", "  "), err("WEBHOOK_MISSING_HEADER")),
    case("standard: timestamp not numeric", "standard", [STD_SECRET], BODY, with_header(std, "webhook-timestamp", "soon"),
         err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: timestamp with sign", "standard", [STD_SECRET], BODY, with_header(std, "webhook-timestamp", f"+{NOW}"),
         err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: timestamp in milliseconds is too new", "standard", [STD_SECRET], BODY,
         standard_headers(STD_SECRET, BODY, NOW * 1000, STD_ID), err("WEBHOOK_TIMESTAMP_TOO_NEW")),
    case("standard: unpadded v1 signature", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", good_sig.rstrip("=")), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: malformed base64", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", "v1,****" + good_sig[7:]), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: url-safe base64 alphabet", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", "v1," + b64(b"\xfb\xff" * 16).replace("+", "-").replace("/", "_")),
         err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: v1 signature of 31 bytes", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", "v1," + b64(b"\x01" * 31)), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: entry without comma", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", f"{good_sig} v1"), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: only unknown versions", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", "v2,abc v3,def"), err("WEBHOOK_NO_SIGNATURES")),
    case("standard: nine signatures", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", " ".join([other_sig] * 9)), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: 1000 unknown entries within 8 KiB", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-signature", None), err("WEBHOOK_MALFORMED_HEADER"),
         header_fill={"name": "webhook-signature", "prefix": good_sig + " ", "repeat": "v9,a ", "times": 1000}),
    case("standard: header over 8 KiB", "standard", [STD_SECRET], BODY,
         with_header(std, "webhook-id", "msg_" + "a" * 8192), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard: invalid whsec_ secret", "standard", ["whsec_!!!notbase64"], BODY, std, err("WEBHOOK_INVALID_SECRET")),
    case("standard: empty whsec_ secret", "standard", ["whsec_"], BODY, std, err("WEBHOOK_INVALID_SECRET")),
    case("standard: whpk_ of wrong length", "standard", ["whpk_" + b64(b"\x01" * 31)], BODY, std, err("WEBHOOK_INVALID_SECRET")),
    case("standard: whsk_ of wrong length", "standard", ["whsk_" + b64(b"\x01" * 33)], BODY, std, err("WEBHOOK_INVALID_SECRET")),
]

# ---- standard (asymmetric, v1a)
asym_pub = standard_asym_headers(SW_ASYM_SEED, SW_PAYLOAD, SW_TS, SW_ID)
asym = standard_asym_headers(ED_SEED, BODY, NOW, STD_ID)
asym_sig = base64.b64decode(asym["webhook-signature"][4:])
s_value = int.from_bytes(asym_sig[32:], "little")
malleable = asym_sig[:32] + (s_value + L).to_bytes(32, "little")
flipped = bytes([asym_sig[0] ^ 1]) + asym_sig[1:]
verify += [
    case("standard v1a: published Go vector, public key", "standard", [SW_ASYM_PK], SW_PAYLOAD, asym_pub,
         verified("standard", timestamp=SW_TS, msg_id=SW_ID, first=SW_ASYM_PK), now=SW_TS),
    case("standard v1a: published Go vector, secret key verifies too", "standard", [SW_ASYM_SK], SW_PAYLOAD, asym_pub,
         verified("standard", timestamp=SW_TS, msg_id=SW_ID, first=SW_ASYM_SK), now=SW_TS),
    case("standard v1a: genuine", "standard", [ED_PK], BODY, asym, ed_ok),
    case("standard v1a: 64-byte whsk_ (seed and public key)", "standard",
         ["whsk_" + b64(ED_SEED + ed_public(ED_SEED))], BODY, asym, ed_ok),
    case("standard v1a: rotation from HMAC to Ed25519", "standard", [STD_SECRET, ED_PK], BODY, asym,
         verified("standard", timestamp=NOW, index=1, msg_id=STD_ID, first=STD_SECRET)),
    case("standard v1a: both kinds sent, HMAC secret first", "standard", [STD_SECRET, ED_PK], BODY,
         with_header(asym, "webhook-signature", f"{asym['webhook-signature']} {good_sig}"), std_ok),
    case("standard v1a: other public key", "standard", [ED_OTHER_PK], BODY, asym, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard v1a: flipped bit", "standard", [ED_PK], BODY,
         with_header(asym, "webhook-signature", "v1a," + b64(flipped)), err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard v1a: malleable S (S + L)", "standard", [ED_PK], BODY,
         with_header(asym, "webhook-signature", "v1a," + b64(malleable)), err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard v1a: tampered payload", "standard", [ED_PK], BODY + b" ", asym, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("standard v1a: signature of 63 bytes", "standard", [ED_PK], BODY,
         with_header(asym, "webhook-signature", "v1a," + b64(asym_sig[:63])), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard v1a: signature of 65 bytes", "standard", [ED_PK], BODY,
         with_header(asym, "webhook-signature", "v1a," + b64(asym_sig + b"\0")), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard v1a: HMAC-sized signature", "standard", [ED_PK], BODY,
         with_header(asym, "webhook-signature", good_sig.replace("v1,", "v1a,")), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard v1a: empty signature", "standard", [ED_PK], BODY,
         with_header(asym, "webhook-signature", "v1a,"), err("WEBHOOK_MALFORMED_HEADER")),
    case("standard v1a: all-zero signature", "standard", [ED_PK], BODY,
         with_header(asym, "webhook-signature", "v1a," + b64(bytes(64))), err("WEBHOOK_SIGNATURE_MISMATCH")),
]

# ---- github
gh = github_headers(GH_SECRET, BODY)
gh_key = lambda payload, secret=GH_SECRET: mac(secret.encode(), payload)  # noqa: E731
verify += [
    case("github: docs vector", "github", [GH_DOCS_SECRET], GH_DOCS_PAYLOAD, {"X-Hub-Signature-256": GH_DOCS_SIG},
         verified("github", timestamp=None, key_data=gh_key(GH_DOCS_PAYLOAD, GH_DOCS_SECRET))),
    case("github: Octokit vector", "github", [OCTOKIT_SECRET], OCTOKIT_PAYLOAD, {"x-hub-signature-256": OCTOKIT_SIG},
         verified("github", timestamp=None, key_data=gh_key(OCTOKIT_PAYLOAD, OCTOKIT_SECRET))),
    case("github: docs vector as a bare header string", "github", [GH_DOCS_SECRET], GH_DOCS_PAYLOAD, None,
         verified("github", timestamp=None, key_data=gh_key(GH_DOCS_PAYLOAD, GH_DOCS_SECRET)), header=GH_DOCS_SIG),
    case("github: genuine, no timestamp so any clock", "github", [GH_SECRET], BODY, gh,
         verified("github", timestamp=None, key_data=gh_key(BODY), now=0), now=0),
    case("github: non-UTF-8 payload", "github", [GH_SECRET], BINARY, github_headers(GH_SECRET, BINARY),
         verified("github", timestamp=None, key_data=gh_key(BINARY))),
    case("github: rotation, old secret; replay key still from the first secret", "github", [GH_SECRET, GH_OLD], BODY,
         github_headers(GH_OLD, BODY), verified("github", timestamp=None, index=1, key_data=gh_key(BODY))),
    case("github: tampered payload", "github", [GH_SECRET], BODY + b"\n", gh, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("github: wrong secret", "github", ["nope"], BODY, gh, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("github: missing header", "github", [GH_SECRET], BODY, {"x-hub-signature": "sha1=00"}, err("WEBHOOK_MISSING_HEADER")),
    case("github: sha1 prefix in the sha256 header", "github", [GH_SECRET], BODY,
         {"x-hub-signature-256": gh["x-hub-signature-256"].replace("sha256=", "sha1=")}, err("WEBHOOK_MALFORMED_HEADER")),
    case("github: no prefix", "github", [GH_SECRET], BODY,
         {"x-hub-signature-256": gh["x-hub-signature-256"][7:]}, err("WEBHOOK_MALFORMED_HEADER")),
    case("github: uppercase hex", "github", [GH_SECRET], BODY,
         {"x-hub-signature-256": "sha256=" + gh["x-hub-signature-256"][7:].upper()}, err("WEBHOOK_MALFORMED_HEADER")),
    case("github: short hex", "github", [GH_SECRET], BODY,
         {"x-hub-signature-256": gh["x-hub-signature-256"][:-2]}, err("WEBHOOK_MALFORMED_HEADER")),
    case("github: two signatures joined", "github", [GH_SECRET], BODY,
         {"x-hub-signature-256": gh["x-hub-signature-256"] + ", " + gh["x-hub-signature-256"]}, err("WEBHOOK_MALFORMED_HEADER")),
    case("github: 1 MiB header", "github", [GH_SECRET], BODY, {}, err("WEBHOOK_MALFORMED_HEADER"),
         header_fill={"name": "x-hub-signature-256", "prefix": "sha256=", "repeat": "a", "times": 1 << 20}),
]

# ---- slack
sl = slack_headers(SLACK_S, BODY, NOW)
slack_key = lambda payload, ts, secret=SLACK_S: mac(secret.encode(), b"v0:", str(ts).encode(), b":", payload)  # noqa: E731
verify += [
    case("slack: docs vector", "slack", [SLACK_SECRET], SLACK_PAYLOAD,
         {"X-Slack-Request-Timestamp": str(SLACK_TS), "X-Slack-Signature": SLACK_SIG},
         verified("slack", timestamp=SLACK_TS, key_data=slack_key(SLACK_PAYLOAD, SLACK_TS, SLACK_SECRET)), now=SLACK_TS + 30),
    case("slack: docs vector, stale", "slack", [SLACK_SECRET], SLACK_PAYLOAD,
         {"x-slack-request-timestamp": str(SLACK_TS), "x-slack-signature": SLACK_SIG}, err("WEBHOOK_TIMESTAMP_TOO_OLD")),
    case("slack: genuine", "slack", [SLACK_S], BODY, sl, verified("slack", timestamp=NOW, key_data=slack_key(BODY, NOW))),
    case("slack: rotation", "slack", [SLACK_OLD, SLACK_S], BODY, sl,
         verified("slack", timestamp=NOW, index=1, key_data=slack_key(BODY, NOW, SLACK_OLD))),
    case("slack: timestamp changed", "slack", [SLACK_S], BODY, with_header(sl, "x-slack-request-timestamp", str(NOW + 1)),
         err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("slack: missing timestamp header", "slack", [SLACK_S], BODY, with_header(sl, "x-slack-request-timestamp", None),
         err("WEBHOOK_MISSING_HEADER")),
    case("slack: signature header only, as a bare string", "slack", [SLACK_S], BODY, None, err("WEBHOOK_MISSING_HEADER"),
         header=sl["x-slack-signature"]),
    case("slack: missing signature header", "slack", [SLACK_S], BODY, with_header(sl, "x-slack-signature", None),
         err("WEBHOOK_MISSING_HEADER")),
    case("slack: timestamp not numeric", "slack", [SLACK_S], BODY, with_header(sl, "x-slack-request-timestamp", "12a"),
         err("WEBHOOK_MALFORMED_HEADER")),
    case("slack: v1 prefix", "slack", [SLACK_S], BODY,
         with_header(sl, "x-slack-signature", sl["x-slack-signature"].replace("v0=", "v1=")), err("WEBHOOK_MALFORMED_HEADER")),
    case("slack: 301 s ahead", "slack", [SLACK_S], BODY, slack_headers(SLACK_S, BODY, NOW + 301), err("WEBHOOK_TIMESTAMP_TOO_NEW")),
]

# ---- shopify
sh = shopify_headers(SHOP_SECRET, BODY)
shop_key = lambda payload, secret=SHOP_SECRET: mac(secret.encode(), payload)  # noqa: E731
verify += [
    case("shopify: genuine", "shopify", [SHOP_SECRET], BODY, {"X-Shopify-Hmac-Sha256": sh["x-shopify-hmac-sha256"]},
         verified("shopify", timestamp=None, key_data=shop_key(BODY))),
    case("shopify: bare header string", "shopify", [SHOP_SECRET], BODY, None,
         verified("shopify", timestamp=None, key_data=shop_key(BODY)), header=sh["x-shopify-hmac-sha256"]),
    case("shopify: emoji payload", "shopify", [SHOP_SECRET], EMOJI, shopify_headers(SHOP_SECRET, EMOJI),
         verified("shopify", timestamp=None, key_data=shop_key(EMOJI))),
    case("shopify: rotation", "shopify", [SHOP_SECRET, SHOP_OLD], BODY, shopify_headers(SHOP_OLD, BODY),
         verified("shopify", timestamp=None, index=1, key_data=shop_key(BODY))),
    case("shopify: tampered", "shopify", [SHOP_SECRET], BODY[:-1], sh, err("WEBHOOK_SIGNATURE_MISMATCH")),
    case("shopify: unpadded base64", "shopify", [SHOP_SECRET], BODY,
         {"x-shopify-hmac-sha256": sh["x-shopify-hmac-sha256"].rstrip("=")}, err("WEBHOOK_MALFORMED_HEADER")),
    case("shopify: hex instead of base64", "shopify", [SHOP_SECRET], BODY,
         {"x-shopify-hmac-sha256": mac(SHOP_SECRET.encode(), BODY).hex()}, err("WEBHOOK_MALFORMED_HEADER")),
    case("shopify: missing", "shopify", [SHOP_SECRET], BODY, {}, err("WEBHOOK_MISSING_HEADER")),
]

# ---- stripe through the headers object
st = stripe_headers(STRIPE_SECRET, BODY, NOW)
verify += [
    case("stripe: headers object", "stripe", [STRIPE_SECRET], BODY, {"Stripe-Signature": st["stripe-signature"]},
         verified("stripe", timestamp=NOW, key_data=mac(STRIPE_SECRET.encode(), str(NOW).encode(), b".", BODY))),
    case("stripe: other headers ignored", "stripe", [STRIPE_SECRET], BODY,
         {"webhook-signature": "v1,zzz", "stripe-signature": st["stripe-signature"]},
         verified("stripe", timestamp=NOW, key_data=mac(STRIPE_SECRET.encode(), str(NOW).encode(), b".", BODY))),
    case("stripe: headers object without the header", "stripe", [STRIPE_SECRET], BODY, {"x-other": "1"}, err("WEBHOOK_MISSING_HEADER")),
]

# ---- secrets that are refused: Ed25519 keys read as HMAC secrets (a public key would let anyone
# sign), and provider-issued secrets under 16 bytes (Stripe's `whsec_` prefix not counted). GitHub
# secrets are chosen by users: any non-empty one is accepted.
verify += [
    case(f"{scheme}: {label} given as an HMAC secret", scheme, [key], BODY, headers, err("WEBHOOK_INVALID_SECRET"))
    for scheme, headers in [("stripe", st), ("github", gh), ("slack", sl), ("shopify", sh)]
    for label, key in [("whpk_ public key", ED_PK), ("whsk_ secret key", ED_SK)]
]
verify += [
    case("standard: whpk_ public key with the raw secret format", "standard", [ED_PK], BODY, std,
         err("WEBHOOK_INVALID_SECRET"), secret_format="raw"),
    case("standard: whsk_ secret key with the raw secret format", "standard", [ED_SK], BODY, std,
         err("WEBHOOK_INVALID_SECRET"), secret_format="raw"),
    case("stripe: whpk_ as the second secret", "stripe", [STRIPE_SECRET, ED_PK], BODY, st, err("WEBHOOK_INVALID_SECRET")),
    case("stripe: 15 bytes after whsec_", "stripe", ["whsec_" + "q7Rv2Lm9Xc4Tn8K"], BODY, st, err("WEBHOOK_INVALID_SECRET")),
    case("stripe: 16 bytes after whsec_", "stripe", ["whsec_q7Rv2Lm9Xc4Tn8Kw"], BODY,
         stripe_headers("whsec_q7Rv2Lm9Xc4Tn8Kw", BODY, NOW),
         verified("stripe", timestamp=NOW, key_data=mac(b"whsec_q7Rv2Lm9Xc4Tn8Kw", str(NOW).encode(), b".", BODY))),
    case("stripe: short second secret", "stripe", [STRIPE_SECRET, "whsec_old"], BODY, st, err("WEBHOOK_INVALID_SECRET")),
    case("slack: 15-byte secret", "slack", ["q7Rv2Lm9Xc4Tn8K"], BODY, sl, err("WEBHOOK_INVALID_SECRET")),
    case("slack: 16-byte secret", "slack", [SLACK_OLD], BODY, slack_headers(SLACK_OLD, BODY, NOW),
         verified("slack", timestamp=NOW, key_data=slack_key(BODY, NOW, SLACK_OLD))),
    case("shopify: 15-byte secret", "shopify", ["shpss_012345678"], BODY, sh, err("WEBHOOK_INVALID_SECRET")),
    case("standard: whsec_ key of 15 bytes", "standard", ["whsec_" + b64(bytes(range(15)))], BODY, std,
         err("WEBHOOK_INVALID_SECRET")),
    case("standard: unprefixed key of 15 bytes", "standard", [b64(bytes(range(15)))], BODY, std, err("WEBHOOK_INVALID_SECRET")),
    case("standard: raw key of 15 bytes", "standard", ["q7Rv2Lm9Xc4Tn8K"], BODY, std, err("WEBHOOK_INVALID_SECRET"),
         secret_format="raw"),
    case("github: one-character secret chosen by the user", "github", ["x"], BODY, github_headers("x", BODY),
         verified("github", timestamp=None, key_data=mac(b"x", BODY))),
]

# ------------------------------------------------------------------------------------ sign
sign = []


def sign_case(name, scheme, secrets, payload, ts, headers, msg_id=None, **extra):
    c = {"name": name, "scheme": scheme, "secrets": list(secrets), **payload_fields(payload), "timestamp": ts}
    if msg_id is not None:
        c["id"] = msg_id
    c.update(extra)
    c["headers"] = headers
    return c


sign += [
    sign_case("standard: published vector", "standard", [SW_SECRET], SW_PAYLOAD, SW_TS, sw, SW_ID),
    sign_case("standard v1a: published Go vector", "standard", [SW_ASYM_SK], SW_PAYLOAD, SW_TS, asym_pub, SW_ID),
    sign_case("standard: first secret signs", "standard", [STD_SECRET, STD_OLD], BINARY, NOW,
              standard_headers(STD_SECRET, BINARY, NOW, STD_ID), STD_ID),
    sign_case("github: docs vector", "github", [GH_DOCS_SECRET], GH_DOCS_PAYLOAD, 0, {"x-hub-signature-256": GH_DOCS_SIG}),
    sign_case("github: Octokit vector", "github", [OCTOKIT_SECRET], OCTOKIT_PAYLOAD, NOW, {"x-hub-signature-256": OCTOKIT_SIG}),
    sign_case("slack: docs vector", "slack", [SLACK_SECRET], SLACK_PAYLOAD, SLACK_TS,
              {"x-slack-request-timestamp": str(SLACK_TS), "x-slack-signature": SLACK_SIG}),
    sign_case("shopify: formula", "shopify", [SHOP_SECRET], EMOJI, NOW, shopify_headers(SHOP_SECRET, EMOJI)),
    sign_case("stripe: headers", "stripe", [STRIPE_SECRET], BODY, NOW, st),
]

sign_errors = [
    {"name": "standard: no id", "scheme": "standard", "secrets": [STD_SECRET], "payload_text": "x", "timestamp": NOW,
     "expect": err("WEBHOOK_INVALID_OPTIONS")},
    {"name": "standard: id with a dot", "scheme": "standard", "secrets": [STD_SECRET], "payload_text": "x", "timestamp": NOW,
     "id": "msg.1", "expect": err("WEBHOOK_INVALID_OPTIONS")},
    {"name": "standard: id with a space", "scheme": "standard", "secrets": [STD_SECRET], "payload_text": "x", "timestamp": NOW,
     "id": "msg 1", "expect": err("WEBHOOK_INVALID_OPTIONS")},
    {"name": "standard: public key cannot sign", "scheme": "standard", "secrets": [ED_PK], "payload_text": "x",
     "timestamp": NOW, "id": STD_ID, "expect": err("WEBHOOK_INVALID_SECRET")},
    {"name": "github: negative timestamp", "scheme": "github", "secrets": [GH_SECRET], "payload_text": "x",
     "timestamp": -1, "expect": err("WEBHOOK_INVALID_OPTIONS")},
]

# ------------------------------------------------------------------------------------ replay
# Each sequence runs against one verifier and one in-memory replay guard of max_entries.


def step(payload, headers, now, expect):
    return {**payload_fields(payload), "headers": headers, "now": now, "expect": expect}


std2 = standard_headers(STD_SECRET, BODY, NOW, "msg_second")
std_retry = standard_headers(STD_SECRET, BODY, NOW + 60, STD_ID)
std_late = standard_headers(STD_SECRET, BODY, NOW + 400, STD_ID)
forged = with_header(std, "webhook-signature", other_sig)
STRIPE_OLDER = "whsec_older_Zq4Vt8Rk2Nw6Hy1B"
stripe_two = {"stripe-signature": st["stripe-signature"] + ",v1=" + mac(STRIPE_OLDER.encode(), str(NOW).encode(), b".", BODY).hex()}
stripe_old_only = stripe_headers(STRIPE_OLDER, BODY, NOW)
gh_other = github_headers(GH_SECRET, BODY + b" ")
replay = [
    {"name": "standard: same delivery twice", "scheme": "standard", "secrets": [STD_SECRET], "max_entries": 100, "steps": [
        step(BODY, std, NOW, {"ok": True}),
        step(BODY, std, NOW + 1, err("WEBHOOK_REPLAYED")),
        step(BODY, std2, NOW + 2, {"ok": True}),
        step(BODY, std_retry, NOW + 60, err("WEBHOOK_REPLAYED")),
        step(BODY, std_late, NOW + 400, {"ok": True}),
    ]},
    {"name": "standard: forged deliveries are never recorded", "scheme": "standard", "secrets": [STD_SECRET],
     "max_entries": 1, "steps": [
        step(BODY, forged, NOW, err("WEBHOOK_SIGNATURE_MISMATCH")),
        step(BODY, std, NOW, {"ok": True}),
        step(BODY, forged, NOW, err("WEBHOOK_SIGNATURE_MISMATCH")),
        step(BODY, std, NOW, err("WEBHOOK_REPLAYED")),
    ]},
    {"name": "stripe: stripping one of two signatures is still a replay", "scheme": "stripe",
     "secrets": [STRIPE_SECRET, STRIPE_OLDER], "max_entries": 10, "steps": [
        step(BODY, stripe_two, NOW, {"ok": True}),
        step(BODY, stripe_old_only, NOW, err("WEBHOOK_REPLAYED")),
    ]},
    {"name": "github: no timestamp, remembered for the retention (7 days), not the tolerance", "scheme": "github",
     "secrets": [GH_SECRET], "max_entries": 10, "steps": [
        step(BODY, gh, NOW, {"ok": True}),
        step(BODY, gh, NOW + 299, err("WEBHOOK_REPLAYED")),
        step(BODY + b" ", gh_other, NOW + 299, {"ok": True}),
        step(BODY, gh, NOW + 300, err("WEBHOOK_REPLAYED")),
        step(BODY, gh, NOW + RETENTION - 1, err("WEBHOOK_REPLAYED")),
        step(BODY, gh, NOW + RETENTION, {"ok": True}),
    ]},
    {"name": "shopify: retention set to one day", "scheme": "shopify", "secrets": [SHOP_SECRET], "retention": 86400,
     "max_entries": 10, "steps": [
        step(BODY, sh, NOW, {"ok": True}),
        step(BODY, sh, NOW + 86399, err("WEBHOOK_REPLAYED")),
        step(BODY, sh, NOW + 86400, {"ok": True}),
    ]},
    {"name": "full guard refuses new deliveries and never evicts a live one", "scheme": "github", "secrets": [GH_SECRET],
     "max_entries": 1, "steps": [
        step(BODY, gh, NOW, {"ok": True}),
        step(BODY + b" ", gh_other, NOW, err("WEBHOOK_REPLAY_GUARD_FULL")),
        step(BODY + b" ", gh_other, NOW + 1, err("WEBHOOK_REPLAY_GUARD_FULL")),
        step(BODY, gh, NOW + 2, err("WEBHOOK_REPLAYED")),
        step(BODY + b" ", gh_other, NOW + RETENTION, {"ok": True}),
    ]},
    {"name": "standard: two endpoints sharing one guard each accept the same message id", "scheme": "standard",
     "secrets": [STD_SECRET], "max_entries": 10, "steps": [
        step(BODY, std, NOW, {"ok": True}),
        {**step(BODY, standard_headers(STD_OLD, BODY, NOW, STD_ID), NOW, {"ok": True}), "secrets": [STD_OLD]},
        {**step(BODY, asym, NOW, {"ok": True}), "secrets": [ED_PK]},
        step(BODY, std, NOW + 1, err("WEBHOOK_REPLAYED")),
        {**step(BODY, standard_headers(STD_OLD, BODY, NOW, STD_ID), NOW + 1, err("WEBHOOK_REPLAYED")), "secrets": [STD_OLD]},
        {**step(BODY, asym, NOW + 1, err("WEBHOOK_REPLAYED")), "secrets": [ED_PK]},
    ]},
]

out = {
    "description": (
        "Vectors for every webhook scheme; known answers computed with Python's hmac/hashlib/base64 and the "
        "`cryptography` package (Ed25519), independent of edgeward. verify: headers is an object of header name "
        "to value (names in any case; null means the binding passes `header` instead, a bare signature-header "
        "string); header_fill adds header `name` = prefix + repeat*times; payload is payload_text (UTF-8) or "
        "payload_hex; secret_format 'raw' takes secrets as raw HMAC key bytes; tolerance is 300 s unless given; "
        "header_fill's header is added to headers; expect.timestamp is null for schemes without one; expect.replay_key is the text key external stores "
        "see. sign: the headers sign_headers returns (lowercase names). sign_errors: sign must fail with the "
        "code. replay: steps run in order against one verifier and one in-memory ReplayGuard(max_entries); "
        "an ok step is recorded in the guard; retention (when given) is the replay retention in seconds of "
        "schemes without a timestamp (default 604800); a step with its own secrets runs through another "
        "verifier of the same scheme and options (another endpoint) sharing the same guard."
    ),
    "tolerance": TOLERANCE,
    "verify": verify,
    "sign": sign,
    "sign_errors": sign_errors,
    "replay": replay,
}
path = pathlib.Path(__file__).with_name("webhook_schemes.json")
path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {path} ({len(verify)} verify, {len(sign)} sign, {len(sign_errors)} sign_errors, {len(replay)} replay)")
