"""Generates webhook_stripe.json: known answers computed by Python's own hmac module,
independent of edgeward. Run: python3 tests/vectors/generate_stripe.py"""

import hashlib
import hmac
import json
import pathlib

SECRET = "whsec_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b"
OLD_SECRET = "whsec_old_0f1e2d3c4b5a69788796a5b4c3d2e1f0"
NOW = 1_700_000_000


def sig(secret: str, timestamp: str, payload: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + payload, hashlib.sha256).hexdigest()


def header(secret: str, timestamp: int, payload: bytes) -> str:
    return f"t={timestamp},v1={sig(secret, str(timestamp), payload)}"


def payload_fields(payload: bytes) -> dict:
    try:
        return {"payload_text": payload.decode("utf-8")}
    except UnicodeDecodeError:
        return {"payload_hex": payload.hex()}


def ok(name, payload, hdr, *, secrets=(SECRET,), now=NOW, tolerance=None, ts=NOW, index=0):
    case = {"name": name, "secrets": list(secrets), **payload_fields(payload), "header": hdr, "now": now}
    if tolerance is not None:
        case["tolerance"] = tolerance
    case["expect"] = {"ok": True, "timestamp": ts, "secret_index": index}
    return case


def err(name, payload, hdr, code, *, secrets=(SECRET,), now=NOW, tolerance=None, **extra):
    case = {"name": name, "secrets": list(secrets), **payload_fields(payload), "header": hdr, "now": now}
    if tolerance is not None:
        case["tolerance"] = tolerance
    case.update(extra)
    case["expect"] = {"ok": False, "code": code}
    return case


BODY = b'{"id":"evt_1","object":"event","type":"payment_intent.succeeded","amount":4200}'
EMOJI = "{\"note\":\"caf\u00e9 \U0001F600 \u2603\"}".encode()
BINARY = bytes([0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x28, 0xED, 0xA0, 0x80])
GOOD = sig(SECRET, str(NOW), BODY)
OTHER = sig("whsec_someone_else", str(NOW), BODY)

verify = [
    ok("genuine delivery", BODY, header(SECRET, NOW, BODY)),
    ok("empty payload", b"", header(SECRET, NOW, b"")),
    ok("emoji payload as UTF-8", EMOJI, header(SECRET, NOW, EMOJI)),
    ok("non-UTF-8 payload bytes", BINARY, header(SECRET, NOW, BINARY)),
    ok("several v1, second matches", BODY, f"t={NOW},v1={OTHER},v1={GOOD}"),
    ok("v0 entries ignored", BODY, f"t={NOW},v0={OTHER},v1={GOOD},v0=zzz"),
    ok("whitespace around entries", BODY, f"  t={NOW} ,  v1={GOOD}  "),
    ok("rotation: old secret matches", BODY, header(OLD_SECRET, NOW, BODY), secrets=(SECRET, OLD_SECRET), index=1),
    ok("rotation: new secret matches", BODY, header(SECRET, NOW, BODY), secrets=(SECRET, OLD_SECRET), index=0),
    ok("exactly 300 s old passes", BODY, header(SECRET, NOW - 300, BODY), ts=NOW - 300),
    err("301 s old fails", BODY, header(SECRET, NOW - 301, BODY), "WEBHOOK_TIMESTAMP_TOO_OLD"),
    ok("exactly 300 s ahead passes", BODY, header(SECRET, NOW + 300, BODY), ts=NOW + 300),
    err("301 s ahead fails", BODY, header(SECRET, NOW + 301, BODY), "WEBHOOK_TIMESTAMP_TOO_NEW"),
    ok("custom tolerance edge", BODY, header(SECRET, NOW - 10, BODY), tolerance=10, ts=NOW - 10),
    err("custom tolerance exceeded", BODY, header(SECRET, NOW - 11, BODY), "WEBHOOK_TIMESTAMP_TOO_OLD", tolerance=10),
    err("stale delivery (one day)", BODY, header(SECRET, NOW - 86400, BODY), "WEBHOOK_TIMESTAMP_TOO_OLD"),
    err("tampered payload", BODY.replace(b"4200", b"9999"), header(SECRET, NOW, BODY), "WEBHOOK_SIGNATURE_MISMATCH"),
    err("wrong secret", BODY, header("whsec_wrong_Jx5Pd9Ls3Gf7Cm2Q", NOW, BODY), "WEBHOOK_SIGNATURE_MISMATCH"),
    err("timestamp changed after signing", BODY, f"t={NOW + 1},v1={GOOD}", "WEBHOOK_SIGNATURE_MISMATCH"),
    err("payload re-encoded (bytes decoded as latin-1)", BINARY.decode("latin-1").encode(), header(SECRET, NOW, BINARY), "WEBHOOK_SIGNATURE_MISMATCH"),
    err("empty header", BODY, "", "WEBHOOK_MISSING_HEADER"),
    err("whitespace header", BODY, "   ", "WEBHOOK_MISSING_HEADER"),
    err("absent header", BODY, None, "WEBHOOK_MISSING_HEADER"),
    err("t not numeric", BODY, f"t=abc,v1={GOOD}", "WEBHOOK_MALFORMED_HEADER"),
    err("t negative", BODY, f"t=-{NOW},v1={GOOD}", "WEBHOOK_MALFORMED_HEADER"),
    err("t overflows i64", BODY, f"t=9223372036854775808,v1={GOOD}", "WEBHOOK_MALFORMED_HEADER"),
    err("t with leading zeros", BODY, f"t=0{NOW},v1={GOOD}", "WEBHOOK_MALFORMED_HEADER"),
    err("t float", BODY, f"t={NOW}.5,v1={GOOD}", "WEBHOOK_MALFORMED_HEADER"),
    err("t missing", BODY, f"v1={GOOD}", "WEBHOOK_MALFORMED_HEADER"),
    err("t repeated", BODY, f"t={NOW},t={NOW},v1={GOOD}", "WEBHOOK_MALFORMED_HEADER"),
    err("garbage hex", BODY, f"t={NOW},v1=zz{GOOD[2:]}", "WEBHOOK_MALFORMED_HEADER"),
    err("short hex", BODY, f"t={NOW},v1={GOOD[:-2]}", "WEBHOOK_MALFORMED_HEADER"),
    err("uppercase hex", BODY, f"t={NOW},v1={GOOD.upper()}", "WEBHOOK_MALFORMED_HEADER"),
    err("entry without =", BODY, f"t={NOW},v1", "WEBHOOK_MALFORMED_HEADER"),
    err("no v1 entries", BODY, f"t={NOW},v0={GOOD}", "WEBHOOK_NO_SIGNATURES"),
    err("hundreds of signatures", BODY, f"t={NOW}" + f",v1={OTHER}" * 100, "WEBHOOK_MALFORMED_HEADER"),
    err("header just over 8 KiB", BODY, f"t={NOW},v1={GOOD}," + "v0=" + "a" * 8192, "WEBHOOK_MALFORMED_HEADER"),
    err("1 MiB header", BODY, None, "WEBHOOK_MALFORMED_HEADER", header_fill={"prefix": f"t={NOW},v1={GOOD},v0=", "repeat": "a", "times": 1 << 20}),
    err("no secrets", BODY, header(SECRET, NOW, BODY), "WEBHOOK_INVALID_SECRET", secrets=()),
    err("empty secret", BODY, header(SECRET, NOW, BODY), "WEBHOOK_INVALID_SECRET", secrets=("",)),
    err("secret of 15 bytes after whsec_", BODY, header("whsec_q7Rv2Lm9Xc4Tn8K", NOW, BODY), "WEBHOOK_INVALID_SECRET",
        secrets=("whsec_q7Rv2Lm9Xc4Tn8K",)),
    err("secret of 15 bytes without prefix", BODY, header("q7Rv2Lm9Xc4Tn8K", NOW, BODY), "WEBHOOK_INVALID_SECRET",
        secrets=("q7Rv2Lm9Xc4Tn8K",)),
    err("Standard Webhooks public key (whpk_) as the secret", BODY, header(SECRET, NOW, BODY), "WEBHOOK_INVALID_SECRET",
        secrets=("whpk_" + "A" * 43 + "=",)),
    err("tolerance zero", BODY, header(SECRET, NOW, BODY), "WEBHOOK_INVALID_OPTIONS", tolerance=0),
    err("tolerance negative", BODY, header(SECRET, NOW, BODY), "WEBHOOK_INVALID_OPTIONS", tolerance=-300),
    err("payload is a parsed object", b"", header(SECRET, NOW, BODY), "WEBHOOK_INVALID_PAYLOAD", payload_json={"id": "evt_1"}),
]



sign = [
    {"name": "sign known answer", "secrets": [SECRET], **payload_fields(BODY), "timestamp": NOW, "header": header(SECRET, NOW, BODY)},
    {"name": "sign binary", "secrets": [SECRET, OLD_SECRET], **payload_fields(BINARY), "timestamp": 0, "header": header(SECRET, 0, BINARY)},
    {"name": "sign emoji", "secrets": [SECRET], **payload_fields(EMOJI), "timestamp": NOW, "header": header(SECRET, NOW, EMOJI)},
]

out = {
    "description": "Stripe-scheme webhook vectors; known answers computed with Python's hmac module. "
    "Payload is payload_text (UTF-8) or payload_hex; payload_json means the binding receives a parsed "
    "object (binding-only); header_fill builds a header as prefix + repeat*times; header null means absent.",
    "verify": verify,
    "sign": sign,
}
path = pathlib.Path(__file__).with_name("webhook_stripe.json")
path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {path} ({len(verify)} verify, {len(sign)} sign cases)")
