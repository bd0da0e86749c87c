"""Generates credentials.json: known answers for PKCE, OAuth state, refresh, sealed tokens and
Fernet, computed with Python's hashlib/hmac and `cryptography` (AESGCM, Fernet), independent of
edgeward. Run: python3 tests/vectors/generate_credentials.py"""

import base64
import hashlib
import hmac
import json
import pathlib
import struct

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

HERE = pathlib.Path(__file__).parent


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- PKCE (RFC 7636) ---------------------------------------------------------------------------
def challenge(verifier: str) -> str:
    return b64u(hashlib.sha256(verifier.encode()).digest())


pkce = [
    {"name": "RFC 7636 appendix B", "verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
     "challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"},
    {"name": "128 characters, every unreserved kind", "verifier": ("aZ09-._~" * 16),
     "challenge": challenge("aZ09-._~" * 16)},
    {"name": "43 characters", "verifier": "A" * 43, "challenge": challenge("A" * 43)},
    {"name": "42 characters", "verifier": "A" * 42, "error": "PKCE_INVALID"},
    {"name": "129 characters", "verifier": "A" * 129, "error": "PKCE_INVALID"},
    {"name": "plus sign", "verifier": "A" * 42 + "+", "error": "PKCE_INVALID"},
    {"name": "space", "verifier": "A" * 42 + " ", "error": "PKCE_INVALID"},
    {"name": "non-ASCII", "verifier": "A" * 41 + "é", "error": "PKCE_INVALID"},
    {"name": "plain method", "verifier": "A" * 43, "method": "plain", "error": "PKCE_INVALID"},
]


# --- OAuth state ---------------------------------------------------------------------------------
STATE_SECRET = "state-secret-0123456789-abcdefghijklmnop"
STATE_OLD = "old-state-secret-zyxwvutsrqponmlkjihgfedcba"


def derive(secret: str, label: bytes) -> bytes:
    return hmac.new(secret.encode(), label, hashlib.sha256).digest()


def state_token(secret, session, issued_at, nonce, verifier=None, return_to=None):
    enc = derive(secret, b"edgeward oauth-state v1 encryption")
    tag_key = derive(secret, b"edgeward oauth-state v1 session")
    tag = hmac.new(tag_key, session.encode(), hashlib.sha256).digest()[:16]
    header = bytes([1]) + struct.pack(">q", issued_at) + tag
    flags = (1 if verifier is not None else 0) | (2 if return_to is not None else 0)
    v = (verifier or "").encode()
    plaintext = bytes([flags, len(v)]) + v + (return_to or "").encode()
    return b64u(header + nonce + AESGCM(enc).encrypt(nonce, plaintext, header))


VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
NONCE = bytes(range(12))
T0 = 1_700_000_000
good = state_token(STATE_SECRET, "session-1", T0, NONCE, VERIFIER, "/settings?tab=keys")
bare = state_token(STATE_SECRET, "session-1", T0, NONCE)
old = state_token(STATE_OLD, "session-1", T0, NONCE, VERIFIER)
raw = bytearray(base64.urlsafe_b64decode(good + "=" * (-len(good) % 4)))
raw[-1] ^= 1
tampered = b64u(bytes(raw))
state = {
    "secrets": [STATE_SECRET, STATE_OLD],
    "ttl_seconds": 600,
    "issue": [
        {"name": "verifier and return address", "session": "session-1", "now": T0, "nonce_hex": NONCE.hex(),
         "verifier": VERIFIER, "return_to": "/settings?tab=keys", "token": good},
        {"name": "nothing carried", "session": "session-1", "now": T0, "nonce_hex": NONCE.hex(), "token": bare},
    ],
    "verify": [
        {"name": "valid", "token": good, "session": "session-1", "now": T0 + 10,
         "expect": {"verifier": VERIFIER, "return_to": "/settings?tab=keys", "issued_at": T0}},
        {"name": "valid, nothing carried", "token": bare, "session": "session-1", "now": T0,
         "expect": {"verifier": None, "return_to": None, "issued_at": T0}},
        {"name": "made with the older secret", "token": old, "session": "session-1", "now": T0 + 10,
         "expect": {"verifier": VERIFIER, "return_to": None, "issued_at": T0}},
        {"name": "at the end of its ttl", "token": good, "session": "session-1", "now": T0 + 600,
         "expect": {"verifier": VERIFIER, "return_to": "/settings?tab=keys", "issued_at": T0}},
        {"name": "expired", "token": good, "session": "session-1", "now": T0 + 601, "error": "STATE_EXPIRED"},
        {"name": "another session", "token": good, "session": "session-2", "now": T0 + 10,
         "error": "STATE_SESSION_MISMATCH"},
        {"name": "tampered", "token": tampered, "session": "session-1", "now": T0 + 10, "error": "STATE_INVALID"},
        {"name": "truncated", "token": good[:40], "session": "session-1", "now": T0 + 10, "error": "STATE_INVALID"},
        {"name": "not base64url", "token": "%%%" + good[3:], "session": "session-1", "now": T0 + 10,
         "error": "STATE_INVALID"},
        {"name": "empty", "token": "", "session": "session-1", "now": T0 + 10, "error": "STATE_INVALID"},
        {"name": "issued far in the future", "token": good, "session": "session-1", "now": T0 - 3600,
         "error": "STATE_INVALID"},
        {"name": "unknown secret", "token": state_token("x" * 40, "session-1", T0, NONCE), "session": "session-1",
         "now": T0, "error": "STATE_INVALID"},
    ],
}

refresh = [
    {"name": "well before expiry", "expires_at": 1000, "now": 900, "expect": False},
    {"name": "inside the default skew", "expires_at": 1000, "now": 940, "expect": True},
    {"name": "expired", "expires_at": 1000, "now": 5000, "expect": True},
    {"name": "custom skew", "expires_at": 1000, "now": 700, "skew_seconds": 300, "expect": True},
    {"name": "skew equal to the lifetime", "expires_at": 1000, "now": 0, "skew_seconds": 60, "issued_at": 940,
     "error": "OAUTH_INVALID_OPTIONS"},
    {"name": "skew over the lifetime", "expires_at": 1000, "now": 0, "skew_seconds": 60, "issued_at": 970,
     "error": "OAUTH_INVALID_OPTIONS"},
    {"name": "negative skew", "expires_at": 1000, "now": 0, "skew_seconds": -1, "error": "OAUTH_INVALID_OPTIONS"},
]


# --- Sealed tokens -----------------------------------------------------------------------------
K2 = bytes(range(32, 64))
K1 = bytes(range(32))
KEYS = [{"id": "k2", "key": b64u(K2)}, {"id": "k1", "key": b64u(K1)}]


def seal(key_id, key, plaintext, aad, at, nonce):
    header = bytes([1, len(key_id)]) + key_id.encode() + struct.pack(">q", at)
    return b64u(header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + aad))


S_NONCE = bytes.fromhex("000102030405060708090a0b")
s_good = seal("k2", K2, b"refresh-token-123", b"", T0, S_NONCE)
s_aad = seal("k2", K2, b"refresh-token-123", b"user:42", T0, S_NONCE)
s_old = seal("k1", K1, b"\x00\xffbinary", b"", T0, S_NONCE)
s_unknown = seal("k9", K1, b"x", b"", T0, S_NONCE)
raw = bytearray(base64.urlsafe_b64decode(s_good + "=" * (-len(s_good) % 4)))
raw[5] ^= 1  # inside the timestamp: authenticated
s_tampered_time = b64u(bytes(raw))
raw = bytearray(base64.urlsafe_b64decode(s_good + "=" * (-len(s_good) % 4)))
raw[0] = 2
s_version = b64u(bytes(raw))
sealv = {
    "keys": KEYS,
    "seal": [
        {"name": "text", "plaintext_hex": b"refresh-token-123".hex(), "aad_hex": "", "now": T0,
         "nonce_hex": S_NONCE.hex(), "token": s_good},
        {"name": "with additional data", "plaintext_hex": b"refresh-token-123".hex(), "aad_hex": b"user:42".hex(),
         "now": T0, "nonce_hex": S_NONCE.hex(), "token": s_aad},
        {"name": "empty plaintext", "plaintext_hex": "", "aad_hex": "", "now": T0, "nonce_hex": S_NONCE.hex(),
         "token": seal("k2", K2, b"", b"", T0, S_NONCE)},
    ],
    "open": [
        {"name": "text", "token": s_good, "aad_hex": "", "now": T0, "expect_hex": b"refresh-token-123".hex()},
        {"name": "additional data", "token": s_aad, "aad_hex": b"user:42".hex(), "now": T0,
         "expect_hex": b"refresh-token-123".hex()},
        {"name": "older key", "token": s_old, "aad_hex": "", "now": T0, "expect_hex": b"\x00\xffbinary".hex()},
        {"name": "within max age", "token": s_good, "aad_hex": "", "now": T0 + 60, "max_age_seconds": 60,
         "expect_hex": b"refresh-token-123".hex()},
        {"name": "over max age", "token": s_good, "aad_hex": "", "now": T0 + 61, "max_age_seconds": 60,
         "error": "SEAL_EXPIRED"},
        {"name": "wrong additional data", "token": s_aad, "aad_hex": b"user:43".hex(), "now": T0,
         "error": "SEAL_INVALID"},
        {"name": "missing additional data", "token": s_aad, "aad_hex": "", "now": T0, "error": "SEAL_INVALID"},
        {"name": "unknown key id", "token": s_unknown, "aad_hex": "", "now": T0, "error": "SEAL_INVALID"},
        {"name": "altered time", "token": s_tampered_time, "aad_hex": "", "now": T0, "error": "SEAL_INVALID"},
        {"name": "other version", "token": s_version, "aad_hex": "", "now": T0, "error": "SEAL_INVALID"},
        {"name": "truncated", "token": s_good[:30], "aad_hex": "", "now": T0, "error": "SEAL_INVALID"},
        {"name": "padding characters", "token": s_good + "==", "aad_hex": "", "now": T0, "error": "SEAL_INVALID"},
        {"name": "empty", "token": "", "aad_hex": "", "now": T0, "error": "SEAL_INVALID"},
    ],
    "bad_keys": [
        {"name": "short key", "keys": [{"id": "k1", "key": b64u(bytes(16))}], "error": "SEAL_INVALID_KEY"},
        {"name": "not base64url", "keys": [{"id": "k1", "key": "!" * 43}], "error": "SEAL_INVALID_KEY"},
        {"name": "no keys", "keys": [], "error": "SEAL_INVALID_KEY"},
        {"name": "repeated id", "keys": [KEYS[0], {"id": "k2", "key": b64u(K1)}], "error": "SEAL_INVALID_KEY"},
        {"name": "id with a space", "keys": [{"id": "k 1", "key": b64u(K1)}], "error": "SEAL_INVALID_KEY"},
        {"name": "empty id", "keys": [{"id": "", "key": b64u(K1)}], "error": "SEAL_INVALID_KEY"},
    ],
}


# --- Fernet: tokens by cryptography.fernet --------------------------------------------------------
FKEY = base64.urlsafe_b64encode(bytes(range(100, 132))).decode()
f = Fernet(FKEY.encode())
fernet = {
    "key": FKEY,
    "decrypt": [
        {"name": "cryptography token", "token": f.encrypt_at_time(b"stored secret", T0).decode(), "now": T0 + 5,
         "ttl_seconds": 60, "expect_hex": b"stored secret".hex()},
        {"name": "no ttl, old token", "token": f.encrypt_at_time(b"", 10).decode(), "now": T0, "expect_hex": ""},
        {"name": "32-byte plaintext", "token": f.encrypt_at_time(bytes(32), T0).decode(), "now": T0,
         "expect_hex": bytes(32).hex()},
        {"name": "expired", "token": f.encrypt_at_time(b"x", T0).decode(), "now": T0 + 61, "ttl_seconds": 60,
         "error": "SEAL_EXPIRED"},
        {"name": "another key", "token": Fernet(Fernet.generate_key()).encrypt_at_time(b"x", T0).decode(),
         "now": T0, "error": "SEAL_INVALID"},
    ],
    "bad_keys": [
        {"name": "short", "key": base64.urlsafe_b64encode(bytes(16)).decode(), "error": "SEAL_INVALID_KEY"},
        {"name": "not base64", "key": "*" * 44, "error": "SEAL_INVALID_KEY"},
    ],
}

# --- Key hygiene ---------------------------------------------------------------------------------
import zlib  # noqa: E402

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62_6(n: int) -> str:
    out = ""
    for _ in range(6):
        out = B62[n % 62] + out
        n //= 62
    return out


GH_BODY = "R4nd0mB0dyOfThirtyCharacters12"
GH = "ghp_" + GH_BODY + base62_6(zlib.crc32(GH_BODY.encode()))
GH_BAD = "ghp_" + GH_BODY[:-1] + "3" + base62_6(zlib.crc32(GH_BODY.encode()))
keys = {
    "classify": [
        {"key": "sk_live_51H8xYzAbCdEfGhIjKlMnOp", "provider": "stripe", "kind": "secret key", "mode": "live"},
        {"key": "sk_test_51H8xYzAbCdEfGhIjKlMnOp", "provider": "stripe", "kind": "secret key", "mode": "test"},
        {"key": "rk_live_51H8xYzAbCdEfGhIjKlMnOp", "provider": "stripe", "kind": "restricted key", "mode": "live"},
        {"key": "pk_test_51H8xYzAbCdEfGhIjKlMnOp", "provider": "stripe", "kind": "publishable key", "mode": "test"},
        {"key": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "provider": "stripe", "kind": "webhook secret",
         "mode": "unknown"},
        {"key": "whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "provider": "standard-webhooks",
         "kind": "webhook signing key", "mode": "unknown"},
        {"key": GH, "provider": "github", "kind": "personal access token", "mode": "live"},
        {"key": GH_BAD, "provider": "unknown", "kind": "unknown", "mode": "unknown"},
        {"key": "xoxb-123456789012-abcdefABCDEF", "provider": "slack", "kind": "bot token", "mode": "live"},
        {"key": "sk-proj-abcdefghijklmnopqrstuvwxyz012345", "provider": "openai", "kind": "project API key",
         "mode": "live"},
        {"key": "AKIAIOSFODNN7EXAMPLE", "provider": "aws", "kind": "access key id", "mode": "live"},
        {"key": "hunter2", "provider": "unknown", "kind": "unknown", "mode": "unknown"},
        {"key": "", "provider": "unknown", "kind": "unknown", "mode": "unknown"},
    ],
    "environment": [
        {"key": "sk_live_51H8xYzAbCdEfGhIjKlMnOp", "environment": "production", "ok": True},
        {"key": "sk_live_51H8xYzAbCdEfGhIjKlMnOp", "environment": "development", "error": "KEY_WRONG_ENVIRONMENT"},
        {"key": "sk_test_51H8xYzAbCdEfGhIjKlMnOp", "environment": "production", "error": "KEY_WRONG_ENVIRONMENT"},
        {"key": "sk_test_51H8xYzAbCdEfGhIjKlMnOp", "environment": "staging", "ok": True},
        {"key": "hunter2", "environment": "production", "ok": True},
        {"key": "sk_test_51H8xYzAbCdEfGhIjKlMnOp", "environment": "moon", "error": "KEY_INVALID_OPTIONS"},
    ],
    "fingerprint": [
        {"key": "sk_live_51H8xYzAbCdEfGhIjKlMnOp", "pepper": "pepper-0123456789",
         "fingerprint": "fp_" + b64u(hmac.new(b"pepper-0123456789", b"sk_live_51H8xYzAbCdEfGhIjKlMnOp",
                                              hashlib.sha256).digest()[:12])},
        {"key": "x", "pepper": "short", "error": "KEY_INVALID_OPTIONS"},
    ],
    "mask": [
        {"key": "sk_live_51H8xYzAbCdEfGhIjKlMnOp", "mask": "sk_live_\u2026MnOp"},
    ],
}

# --- Access policy ---------------------------------------------------------------------------------
policy = {
    "roles": {
        "editor": {"allow": ["*:read", "*:create", "*:update"], "deny": ["billing:update"]},
        "support": ["tickets:*", "users:read"],
    },
    "cases": [
        {"subject": {"roles": ["viewer"]}, "permission": "invoices:read", "allowed": True,
         "rule": "allow *:read (role viewer)"},
        {"subject": {"roles": ["viewer"]}, "permission": "invoices:delete", "allowed": False,
         "rule": "no rule allows it"},
        {"subject": {"roles": ["editor"]}, "permission": "invoices:update", "allowed": True},
        {"subject": {"roles": ["editor"]}, "permission": "billing:update", "allowed": False,
         "rule": "deny billing:update (role editor)"},
        {"subject": {"roles": ["admin"]}, "permission": "anything:delete", "allowed": True},
        {"subject": {"roles": ["admin"], "deny": ["users:delete"]}, "permission": "users:delete", "allowed": False,
         "rule": "deny users:delete (subject)"},
        {"subject": {"roles": ["support"]}, "permission": "tickets:close", "allowed": True},
        {"subject": {"roles": ["support"]}, "permission": "users:update", "allowed": False},
        {"subject": {"permissions": ["reports:read"]}, "permission": "reports:read", "allowed": True,
         "rule": "allow reports:read (subject)"},
        {"subject": {}, "permission": "reports:read", "allowed": False},
        {"subject": {"roles": ["Admin"]}, "permission": "a:read", "allowed": False},
        {"subject": {"roles": ["admin"]}, "permission": "a:*", "allowed": False,
         "rule": "the requested permission is malformed"},
        {"subject": {"roles": ["admin"]}, "permission": "a:b:c", "allowed": False},
        {"subject": {"roles": ["admin"]}, "permission": "a", "allowed": False},
        {"subject": {"roles": ["admin"], "key": {"permissions": ["invoices:read"]}}, "permission": "invoices:read",
         "allowed": True},
        {"subject": {"roles": ["admin"], "key": {"permissions": ["invoices:read"]}}, "permission": "invoices:delete",
         "allowed": False, "rule": "outside the key's permissions"},
        {"subject": {"roles": ["viewer"], "key": {"permissions": ["*:*"]}}, "permission": "invoices:delete",
         "allowed": False, "rule": "no rule allows it"},
        {"subject": {"roles": ["admin"], "key": {"permissions": ["*:read"], "ipRestrictions": ["10.0.0.0/8",
                                                                                              "2001:db8::/32"]},
                     "ip": "10.20.30.40"}, "permission": "x:read", "allowed": True},
        {"subject": {"roles": ["admin"], "key": {"permissions": ["*:read"], "ipRestrictions": ["10.0.0.0/8"]},
                     "ip": "::ffff:10.0.0.1"}, "permission": "x:read", "allowed": True},
        {"subject": {"roles": ["admin"], "key": {"permissions": ["*:read"], "ipRestrictions": ["10.0.0.0/8"]},
                     "ip": "11.0.0.1"}, "permission": "x:read", "allowed": False,
         "rule": "caller IP outside the key's restrictions"},
        {"subject": {"roles": ["admin"], "key": {"permissions": ["*:read"], "ipRestrictions": ["2001:db8::/32"]},
                     "ip": "2001:db8:1::1"}, "permission": "x:read", "allowed": True},
        {"subject": {"roles": ["admin"], "key": {"permissions": ["*:read"], "ipRestrictions": ["10.0.0.0/8"]}},
         "permission": "x:read", "allowed": False},
        # The network guards' parser: an IPv4-mapped range is an IPv4 range.
        {"subject": {"roles": ["admin"], "key": {"permissions": ["*:read"], "ipRestrictions": ["::ffff:10.0.0.0/104"]},
                     "ip": "10.1.2.3"}, "permission": "x:read", "allowed": True},
    ],
    "bad_policies": [
        {"roles": {"x": ["res*:read"]}},
        {"roles": {"x": ["*"]}},
        {"roles": {"x": ["a:b:c"]}},
        {"roles": {"x": ["a:"]}},
        {"roles": {"x": [":b"]}},
        {"roles": {"x": ["a b:read"]}},
        {"roles": {"x": "a:read"}},
        {"roles": {"bad role": ["a:read"]}},
        {"roles": {"x": {"deny": ["*:re*d"]}}},
    ],
    "bad_subjects": [
        {"permissions": ["a*:read"]},
        {"key": {"permissions": ["a:read"], "ipRestrictions": ["10.0.0.1/8"]}},
        {"key": {"permissions": ["a:read"], "ipRestrictions": ["10.0.0.0/33"]}},
        {"ip": "10.0.0.256"},
        # Strict parsing, as `IpAllowlist`: leading zeros, inet_aton shorthands, zone ids.
        {"key": {"permissions": ["a:read"], "ipRestrictions": ["010.0.0.0/8"]}},
        {"key": {"permissions": ["a:read"], "ipRestrictions": ["10.0.0.0/08"]}},
        {"key": {"permissions": ["a:read"], "ipRestrictions": [""]}},
        {"ip": "10.1"},
        {"ip": "fe80::1%eth0"},
        {"ip": "::10.0.0.1"},  # the deprecated IPv4-compatible form is refused, not read as 10.0.0.1
        {"roles": "admin"},
    ],
}

out = {"policy": policy, "keys": keys, "pkce": pkce, "state": state, "refresh": refresh, "seal": sealv, "fernet": fernet}
(HERE / "credentials.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print("wrote credentials.json")
