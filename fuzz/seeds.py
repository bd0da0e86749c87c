#!/usr/bin/env python3
"""Writes the fuzz seed corpora (fuzz/corpus/<target>/) from the shared test vectors.

Seeds are generated, never committed: run this before `cargo fuzz run`. Each seed follows
the input layout documented at the top of its target (fuzz_targets/<target>.rs). Sources:
tests/vectors/*.json (webhooks), tests/redact/corpus.json (redaction),
tests/validate/vectors.json (JSON, schemas, paths), plus, when present, the schemas of the
JSON-Schema-Test-Suite in ../shared/conformance (public test data, optional).
"""

import base64
import hashlib
import os
import json
import pathlib
import struct
import sys

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
SCHEMES = ["stripe", "standard", "github", "slack", "shopify"]  # = edgeward_fuzz::scheme
MAX_SEED_BYTES = 64 * 1024
# Where the corpora go: fuzz/corpus by default (long runs grow it), FUZZ_CORPUS for a fresh one.
CORPUS_ROOT = pathlib.Path(os.environ.get("FUZZ_CORPUS") or FUZZ / "corpus")


def load(path):
    return json.loads((ROOT / path).read_text(encoding="utf-8"))


class Corpus:
    def __init__(self, target):
        self.dir = CORPUS_ROOT / target
        self.dir.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def add(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > MAX_SEED_BYTES:
            return
        name = hashlib.sha1(data).hexdigest()
        (self.dir / name).write_bytes(data)
        self.count += 1


def payload_of(vector):
    if "payload_hex" in vector:
        return bytes.fromhex(vector["payload_hex"])
    return vector.get("payload_text", "").encode("utf-8")


def webhook_seeds():
    verify = Corpus("webhook_verify")
    differential = Corpus("webhook_differential")
    vectors = [dict(v, scheme="stripe") for v in load("tests/vectors/webhook_stripe.json")["verify"]]
    vectors += load("tests/vectors/webhook_schemes.json")["verify"]
    for v in vectors:
        scheme = SCHEMES.index(v["scheme"])
        headers = {k.lower(): val for k, val in (v.get("headers") or {}).items()}
        signature_name = {"stripe": "stripe-signature", "github": "x-hub-signature-256",
                          "slack": "x-slack-signature", "shopify": "x-shopify-hmac-sha256",
                          "standard": "webhook-signature"}[v["scheme"]]
        if v.get("header") is not None:
            headers[signature_name] = v["header"]
        fill = v.get("header_fill")
        if fill:
            name = fill.get("name", signature_name)
            headers[name] = fill["prefix"] + fill["repeat"] * min(fill["times"], 50)
        svix = any(k.startswith("svix-") for k in headers)
        signature = next((val for k, val in headers.items() if k.endswith(signature_name.split("-", 1)[1]) or k == signature_name), "")
        ident = next((val for k, val in headers.items() if k.endswith("-id")), "")
        timestamp = next((val for k, val in headers.items() if "timestamp" in k), "")
        if not v["secrets"] or not isinstance(v["secrets"][0], str):
            continue
        selector = scheme | (0x80 if v.get("secret_format") == "raw" else 0) | (0x40 if svix else 0)
        now = int(v.get("now", 0))
        fields = [v["secrets"][0], signature, ident, timestamp]
        if any("\n" in f for f in fields):
            continue
        head = bytes([selector]) + struct.pack("<q", now)
        verify.add(head + "\n".join(fields).encode() + b"\n" + payload_of(v))
        # The same delivery with the canary secret (the error paths then check for it).
        verify.add(head + "\n".join(["CANARY"] + fields[1:]).encode() + b"\n" + payload_of(v))
        t = int(timestamp) if timestamp.isdigit() else now
        ed25519 = 0x80 if v["secrets"][0].startswith(("whpk_", "whsk_")) else 0
        differential.add(
            bytes([scheme | ed25519, verify.count % 251])
            + struct.pack("<I", t % 2**32)
            + (v["secrets"][0] + "\n" + (ident or "msg_1") + "\n").encode()
            + payload_of(v)
        )
    return [verify, differential]


def redact_seeds():
    json_corpus = Corpus("redact_json")
    text_corpus = Corpus("redact_text")
    for i, record in enumerate(load("tests/redact/corpus.json")["records"]):
        selector = bytes([i % 8])
        if record["kind"] == "json":
            text = json.dumps(record["input"])
            json_corpus.add(selector + text.encode())
            text_corpus.add(selector + text.encode())
        else:
            (json_corpus if record["kind"] != "text" else text_corpus).add(
                selector + record["input"].encode()
            )
            text_corpus.add(selector + record["input"].encode())
    return [json_corpus, text_corpus]


def validate_seeds():
    vectors = load("tests/validate/vectors.json")
    parse = Corpus("json_parse")
    validate = Corpus("validate")
    compile_ = Corpus("schema_compile")
    # The validate target compiles the schemas alone, in key order, skipping those that need
    # resources: the same order here.
    names = sorted(vectors["schemas"])
    alone = [n for n in names if n != "remote_ref"]
    for case in vectors["validate"]:
        if "text_hex" in case:
            text = bytes.fromhex(case["text_hex"])
        elif "text" in case:
            text = case["text"].encode()
        elif "document" not in case:
            continue
        else:
            text = json.dumps(case["document"]).encode()
        parse.add(text)
        if case["schema"] in alone:
            validate.add(bytes([alone.index(case["schema"])]) + text)
    for i, schema in enumerate(vectors["schemas"].values()):
        compile_.add(bytes([i % 6]) + json.dumps(schema).encode())
        parse.add(json.dumps(schema))
    for text in [
        '"\\ud83d\\ude00"', '"\\ud800"', "18446744073709551616", "-9223372036854775809",
        "1e400", "-0", "0.1e-400", '{"a":1,"a":2}', "[" * 200 + "]" * 200, '"\\u0000"',
    ]:
        parse.add(text)
    suite = ROOT.parent / "shared" / "conformance" / "json-schema-test-suite" / "tests"
    for draft, selector in [("draft2020-12", 5), ("draft7", 3)]:
        for path in sorted((suite / draft).glob("*.json")):
            for group in json.loads(path.read_text(encoding="utf-8")):
                compile_.add(bytes([selector]) + json.dumps(group["schema"]).encode())

    paths = Corpus("path_template")
    for case in vectors["paths"]["segments"]:
        if "\n" not in case["input"]:
            paths.add("/x/{p}\np=" + case["input"])
    for case in vectors["paths"]["templates"]:
        params = case.get("params") or {}
        items = params.items() if isinstance(params, dict) else params
        paths.add("\n".join([case["template"]] + [f"{k}={v}" for k, v in items]))
    return [parse, validate, compile_, paths]


def regression_seeds():
    """Inputs that once crashed or leaked (fuzz/regressions/<target>/), kept as seeds."""
    corpora = []
    for folder in sorted((FUZZ / "regressions").glob("*")):
        corpus = Corpus(folder.name)
        for path in sorted(folder.iterdir()):
            corpus.add(path.read_bytes())
        corpora.append(corpus)
    return corpora


def main():
    corpora = webhook_seeds() + redact_seeds() + validate_seeds() + regression_seeds()
    for corpus in corpora:
        print(f"{corpus.dir}: {corpus.count} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
