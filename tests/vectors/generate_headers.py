"""Generates webhook_headers.json: header-shape vectors (repeated headers, case variants,
list-valued headers, empty values, oversized joined values, both Standard Webhooks name sets)
for several schemes, with signatures computed independently of edgeward with Python's
hmac/hashlib/base64 (standard library only).

Run (from the repository root):
    python3 tests/vectors/generate_headers.py

Every runtime reads these cases and expresses `headers` in each of the shapes its users pass
(pairs, objects or dicts with list values, case-variant keys, Map, fetch Headers, bytes, ...);
all shapes must give `expect`. The rule the verdicts follow is core's (core/src/webhook/
headers.rs): every occurrence of a needed header, names compared ASCII-case-insensitively, is
trimmed of HTTP whitespace and joined in order with ", "; the joined value is capped at
max_header_bytes (8192 by default: WEBHOOK_MALFORMED_HEADER, never truncated); blank is absent.
"""

import base64
import hashlib
import hmac
import json
import pathlib

NOW = 1_700_000_000
PAYLOAD = b'{"id":"evt_1","type":"invoice.paid","amount":4200}'
MAX_HEADER_BYTES = 8192

STRIPE_SECRET = "whsec_headers_stripe_0123456789abcdef"
STANDARD_SECRET = "whsec_" + base64.b64encode(bytes(range(1, 33))).decode()
GITHUB_SECRET = "gh-webhook-secret-headers"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SHOPIFY_SECRET = "shpss_headers_0123456789abcdef"
MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"


def mac(key: bytes, *parts: bytes) -> bytes:
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


TS = str(NOW).encode()
STRIPE_V1 = mac(STRIPE_SECRET.encode(), TS, b".", PAYLOAD).hex()
STRIPE_FORGED = mac(b"not the secret", TS, b".", PAYLOAD).hex()
STRIPE = f"t={NOW},v1={STRIPE_V1}"
STANDARD_KEY = base64.b64decode(STANDARD_SECRET[len("whsec_"):])
STANDARD_SIG = "v1," + b64(mac(STANDARD_KEY, MSG_ID.encode(), b".", TS, b".", PAYLOAD))
STANDARD_FORGED = "v1," + b64(mac(b"not the secret", MSG_ID.encode(), b".", TS, b".", PAYLOAD))
GITHUB = "sha256=" + mac(GITHUB_SECRET.encode(), PAYLOAD).hex()
SLACK = "v0=" + mac(SLACK_SECRET.encode(), b"v0:", TS, b":", PAYLOAD).hex()
SHOPIFY = b64(mac(SHOPIFY_SECRET.encode(), PAYLOAD))

SECRETS = {
    "stripe": STRIPE_SECRET,
    "standard": STANDARD_SECRET,
    "github": GITHUB_SECRET,
    "slack": SLACK_SECRET,
    "shopify": SHOPIFY_SECRET,
}
TIMESTAMPED = {"stripe", "standard", "slack"}


def fill(prefix: str, repeat: str, times: int, suffix: str = "") -> dict:
    """A long value, spelled out by each runner as prefix + repeat * times + suffix."""
    return {"prefix": prefix, "repeat": repeat, "times": times, "suffix": suffix}


def ok(scheme: str) -> dict:
    expect = {"ok": True, "timestamp": NOW if scheme in TIMESTAMPED else None, "secret_index": 0}
    if scheme == "standard":
        expect["id"] = MSG_ID
    return expect


def fail(code: str) -> dict:
    return {"ok": False, "code": code}


STD = [["webhook-id", MSG_ID], ["webhook-timestamp", str(NOW)], ["webhook-signature", STANDARD_SIG]]
SVIX = [["svix-id", MSG_ID], ["svix-timestamp", str(NOW)], ["svix-signature", STANDARD_SIG]]
SLACK_HEADERS = [["x-slack-request-timestamp", str(NOW)], ["x-slack-signature", SLACK]]

# (name, scheme, headers, expect, extra fields). A header value is a string, a list of strings
# (a list-valued header: one occurrence each, [] for none) or a fill.
CASES = [
    # ------------------------------------------------------------------ stripe
    ("stripe: one header", "stripe", [["stripe-signature", STRIPE]], ok("stripe")),
    ("stripe: name in another case", "stripe", [["Stripe-Signature", STRIPE]], ok("stripe")),
    ("stripe: list of one", "stripe", [["stripe-signature", [STRIPE]]], ok("stripe")),
    ("stripe: repeated header, same value", "stripe",
     [["stripe-signature", STRIPE], ["stripe-signature", STRIPE]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("stripe: list of two, same value", "stripe",
     [["stripe-signature", [STRIPE, STRIPE]]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("stripe: case-variant names, same value", "stripe",
     [["Stripe-Signature", STRIPE], ["stripe-signature", STRIPE]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("stripe: a forged copy after the genuine one", "stripe",
     [["stripe-signature", STRIPE], ["stripe-signature", f"t={NOW},v1={STRIPE_FORGED}"]],
     fail("WEBHOOK_MALFORMED_HEADER")),
    ("stripe: split into t= and v1= (joins into the sender's header)", "stripe",
     [["stripe-signature", f"t={NOW}"], ["stripe-signature", f"v1={STRIPE_V1}"]], ok("stripe")),
    ("stripe: split, with whitespace around each occurrence", "stripe",
     [["stripe-signature", [f"  t={NOW} ", f"\tv1={STRIPE_V1}  "]]], ok("stripe")),
    ("stripe: a second v1 in its own occurrence (one matches)", "stripe",
     [["stripe-signature", STRIPE], ["stripe-signature", f"v1={STRIPE_FORGED}"]], ok("stripe")),
    ("stripe: split only forged v1 (none matches)", "stripe",
     [["stripe-signature", f"t={NOW}"], ["stripe-signature", f"v1={STRIPE_FORGED}"]],
     fail("WEBHOOK_SIGNATURE_MISMATCH")),
    ("stripe: empty occurrence first (Stripe skips empty entries)", "stripe",
     [["stripe-signature", ["", STRIPE]]], ok("stripe")),
    ("stripe: empty occurrence last", "stripe", [["stripe-signature", [STRIPE, ""]]], ok("stripe")),
    ("stripe: empty case variant and the genuine header", "stripe",
     [["STRIPE-SIGNATURE", ""], ["stripe-signature", STRIPE]], ok("stripe")),
    ("stripe: one empty value", "stripe", [["stripe-signature", ""]], fail("WEBHOOK_MISSING_HEADER")),
    ("stripe: one blank value", "stripe", [["stripe-signature", "  \t "]], fail("WEBHOOK_MISSING_HEADER")),
    ("stripe: empty list", "stripe", [["stripe-signature", []]], fail("WEBHOOK_MISSING_HEADER")),
    ("stripe: list of one empty value", "stripe", [["stripe-signature", [""]]], fail("WEBHOOK_MISSING_HEADER")),
    ("stripe: two empty values (joined: `,`)", "stripe",
     [["stripe-signature", ["", ""]]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("stripe: no header, unrelated headers repeated", "stripe",
     [["content-type", "application/json"], ["Content-Type", "text/plain"]], fail("WEBHOOK_MISSING_HEADER")),
    ("stripe: unrelated headers repeated around the genuine one", "stripe",
     [["x-forwarded-for", ["10.0.0.1", "10.0.0.2"]], ["stripe-signature", STRIPE], ["X-Forwarded-For", "10.0.0.3"]],
     ok("stripe")),
    ("stripe: each occurrence under the cap, joined over it", "stripe",
     [["stripe-signature", STRIPE], ["stripe-signature", fill("x=", "a", MAX_HEADER_BYTES - len(STRIPE) - 3)]],
     fail("WEBHOOK_MALFORMED_HEADER")),
    ("stripe: joined exactly at the cap", "stripe",
     [["stripe-signature", STRIPE], ["stripe-signature", fill("x=", "a", MAX_HEADER_BYTES - len(STRIPE) - 4)]],
     ok("stripe")),
    ("stripe: whitespace around a value does not count towards the cap", "stripe",
     [["stripe-signature", fill("", " ", MAX_HEADER_BYTES, STRIPE + " " * 16)]], ok("stripe")),
    ("stripe: one value over the cap", "stripe",
     [["stripe-signature", fill(STRIPE + ",x=", "a", MAX_HEADER_BYTES)]], fail("WEBHOOK_MALFORMED_HEADER")),
    # ---------------------------------------------------------------- standard
    ("standard: lowercase names", "standard", STD, ok("standard")),
    ("standard: names in other cases", "standard",
     [["Webhook-Id", MSG_ID], ["WEBHOOK-TIMESTAMP", str(NOW)], ["Webhook-Signature", STANDARD_SIG]],
     ok("standard")),
    ("standard: every value a list of one", "standard", [[n, [v]] for n, v in STD], ok("standard")),
    ("standard: repeated signature header", "standard",
     STD + [["webhook-signature", STANDARD_SIG]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("standard: signature split over two occurrences", "standard",
     STD[:2] + [["webhook-signature", [STANDARD_SIG, STANDARD_FORGED]]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("standard: case-variant signature names", "standard",
     STD + [["Webhook-Signature", STANDARD_SIG]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("standard: repeated webhook-id (the signed id differs)", "standard",
     [["webhook-id", [MSG_ID, MSG_ID]]] + STD[1:], fail("WEBHOOK_SIGNATURE_MISMATCH")),
    ("standard: case-variant webhook-id names", "standard",
     [["Webhook-Id", MSG_ID], ["webhook-id", MSG_ID]] + STD[1:], fail("WEBHOOK_SIGNATURE_MISMATCH")),
    ("standard: repeated webhook-timestamp", "standard",
     STD[:1] + [["webhook-timestamp", [str(NOW), str(NOW)]]] + STD[2:], fail("WEBHOOK_MALFORMED_HEADER")),
    ("standard: empty webhook-id", "standard", [["webhook-id", ""]] + STD[1:], fail("WEBHOOK_MISSING_HEADER")),
    ("standard: empty list for webhook-timestamp", "standard",
     STD[:1] + [["webhook-timestamp", []]] + STD[2:], fail("WEBHOOK_MISSING_HEADER")),
    ("standard: empty occurrence before the signature (an unknown `,` entry)", "standard",
     STD[:2] + [["webhook-signature", ["", STANDARD_SIG]]], ok("standard")),
    ("standard: empty occurrence after the signature (`v1,…,`)", "standard",
     STD[:2] + [["webhook-signature", [STANDARD_SIG, ""]]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("standard: svix-* names only", "standard", SVIX, ok("standard")),
    ("standard: both sets, webhook-* wins, svix-* not read", "standard",
     STD + [["svix-id", "other"], ["svix-timestamp", "garbage"], ["svix-signature", "v1,garbage"]],
     ok("standard")),
    ("standard: both sets, svix-* over the cap is not read", "standard",
     STD + [["svix-signature", fill("v1,", "a", MAX_HEADER_BYTES)]], ok("standard")),
    ("standard: empty webhook-signature falls back to svix-*", "standard",
     [["webhook-signature", ""]] + SVIX, ok("standard")),
    ("standard: webhook-signature without webhook-id, svix-* complete (sets never mix)", "standard",
     STD[1:] + SVIX, fail("WEBHOOK_MISSING_HEADER")),
    ("standard: repeated svix-signature", "standard",
     SVIX + [["SVIX-SIGNATURE", STANDARD_SIG]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("standard: Kelvin sign in a name is not `k`", "standard",
     STD[:2] + [["webhoo\u212a-signature", STANDARD_SIG]], fail("WEBHOOK_MISSING_HEADER"), {"fetch_refuses": True}),
    ("standard: non-ASCII letter in a name matches nothing", "standard",
     STD[:1] + [["wébhook-timestamp", str(NOW)]] + STD[2:], fail("WEBHOOK_MISSING_HEADER"), {"fetch_refuses": True}),
    ("standard: non-Latin-1 text in the signature", "standard",
     STD[:2] + [["webhook-signature", "v1,\u2603"]], fail("WEBHOOK_MALFORMED_HEADER"), {"fetch_refuses": True}),
    # ------------------------------------------------------------------ github
    ("github: one header", "github", [["X-Hub-Signature-256", GITHUB]], ok("github")),
    ("github: repeated header", "github",
     [["x-hub-signature-256", GITHUB], ["x-hub-signature-256", GITHUB]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("github: case-variant names", "github",
     [["X-Hub-Signature-256", GITHUB], ["x-hub-signature-256", GITHUB]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("github: empty occurrence first", "github", [["x-hub-signature-256", ["", GITHUB]]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("github: empty occurrence last", "github", [["x-hub-signature-256", [GITHUB, ""]]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("github: unsigned headers repeated (ignored)", "github",
     [["X-GitHub-Delivery", "1"], ["x-github-delivery", "2"], ["x-github-event", ["push", "ping"]],
      ["x-hub-signature-256", GITHUB]], ok("github")),
    ("github: the legacy sha1 header is not read", "github",
     [["x-hub-signature", "sha1=0000"], ["x-hub-signature-256", GITHUB]], ok("github")),
    ("github: many occurrences, joined over the cap", "github",
     [["x-hub-signature-256", GITHUB]], fail("WEBHOOK_MALFORMED_HEADER"), {"repeat_pair": {"index": 0, "times": 200}}),
    ("github: 100000 empty occurrences (joining stops at the cap)", "github",
     [["x-hub-signature-256", ""]], fail("WEBHOOK_MALFORMED_HEADER"), {"repeat_pair": {"index": 0, "times": 100000}}),
    # ------------------------------------------------------------------- slack
    ("slack: both headers", "slack", SLACK_HEADERS, ok("slack")),
    ("slack: repeated timestamp", "slack",
     [["x-slack-request-timestamp", str(NOW)], ["X-Slack-Request-Timestamp", str(NOW)], SLACK_HEADERS[1]],
     fail("WEBHOOK_MALFORMED_HEADER")),
    ("slack: repeated signature", "slack",
     SLACK_HEADERS + [["x-slack-signature", SLACK]], fail("WEBHOOK_MALFORMED_HEADER")),
    ("slack: empty timestamp", "slack", [["x-slack-request-timestamp", ""], SLACK_HEADERS[1]],
     fail("WEBHOOK_MISSING_HEADER")),
    # ----------------------------------------------------------------- shopify
    ("shopify: one header", "shopify", [["X-Shopify-Hmac-Sha256", SHOPIFY]], ok("shopify")),
    ("shopify: list value of two", "shopify", [["x-shopify-hmac-sha256", [SHOPIFY, SHOPIFY]]],
     fail("WEBHOOK_MALFORMED_HEADER")),
    ("shopify: case-variant names", "shopify",
     [["X-SHOPIFY-HMAC-SHA256", SHOPIFY], ["x-shopify-hmac-sha256", SHOPIFY]], fail("WEBHOOK_MALFORMED_HEADER")),
]


def check_shape(name: str, headers: list) -> None:
    """Pairs of one exact name are contiguous, so grouping them into one object key (a JS
    object, a dict, a Map) keeps the order of occurrences."""
    seen, last = set(), None
    for header, _ in headers:
        if header != last:
            assert header not in seen, f"{name}: {header} interleaved with another name"
            seen.add(header)
            last = header


def main() -> None:
    cases = []
    for entry in CASES:
        name, scheme, headers, expect = entry[:4]
        extra = entry[4] if len(entry) > 4 else {}
        check_shape(name, headers)
        case = {
            "name": name,
            "scheme": scheme,
            "secrets": [SECRETS[scheme]],
            "payload_text": PAYLOAD.decode(),
            "now": NOW,
            "headers": headers,
            **extra,
            "expect": expect,
        }
        cases.append(case)
    assert len({c["name"] for c in cases}) == len(cases), "case names are unique"
    out = {
        "description": (
            "Header-shape vectors, generated by generate_headers.py (signatures computed with "
            "Python's hmac, independent of edgeward). headers: ordered [name, value] pairs; a value "
            "is a string (one occurrence), a list of strings (a list-valued header: one occurrence "
            "each, [] for none) or a fill {prefix, repeat, times, suffix} spelled out as prefix + "
            "repeat*times + suffix. Pairs of one exact name are contiguous, so objects, dicts and "
            "Maps keyed by the exact name keep the order of occurrences. repeat_pair {index, times} "
            "repeats pair `index` that many times in place. fetch_refuses: a fetch Headers "
            "implementation may refuse the name or value (undici refuses non-ASCII names and values "
            "above U+00FF; workerd takes some of them): where one takes them, `expect` holds. max_header_bytes is 8192 (the default). The rule: every occurrence of a needed "
            "header (names ASCII-case-insensitive) is trimmed of HTTP whitespace and joined in order "
            "with ', '; the joined value over max_header_bytes is WEBHOOK_MALFORMED_HEADER; blank is absent. "
            "expect: the verdict (timestamp null for schemes without one, id for standard) or the "
            "error code."
        ),
        "max_header_bytes": MAX_HEADER_BYTES,
        "cases": cases,
    }
    path = pathlib.Path(__file__).with_name("webhook_headers.json")
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
