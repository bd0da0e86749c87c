"""`edgeward scan` against detect-secrets on a generated corpus, in one run.

The corpus: real-looking source files, configs, notebooks, logs, lockfiles and .env files
with planted secrets of every kind edgeward recognises (each on a known line), plus
look-alikes that are not secrets (hashes, git SHAs, UUIDs, base64 images, lockfile integrity
hashes, documentation examples and placeholders). Each tool's findings are scored by line:
a planted line found is a hit, a finding on any other line is a false positive.

Run:  python bench/cli/scan_compare.py [--edgeward PATH] [--files N] [--check]
--check exits non-zero unless edgeward's recall is at least detect-secrets' and its false
positives at most half of them (the goal of issue #16); timing is printed, never asserted.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def rand(rng: random.Random, n: int, alphabet: str = ALPHANUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[r] + out
    return out.rjust(width, "0")


def github_token(rng: random.Random, prefix: str = "ghp_") -> str:
    body = rand(rng, 30)
    return prefix + body + base62(binascii.crc32(body.encode()), 6)


def jwt(rng: random.Random) -> str:
    def seg(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return ".".join(
        [
            seg({"alg": "HS256", "typ": "JWT"}),
            seg({"sub": rand(rng, 10), "iat": 1700000000}),
            rand(rng, 43, ALPHANUM + "-_"),
        ]
    )


def secrets(rng: random.Random) -> list[tuple[str, str, object]]:
    """(kind, line template, generator) for every planted kind; {s} takes a fresh secret."""
    return [
        ("stripe", 'stripe.api_key = "{s}"', lambda: "sk_live_" + rand(rng, 24)),
        ("stripe_restricted", "STRIPE_KEY: {s}", lambda: "rk_live_" + rand(rng, 24)),
        ("github", "const token = '{s}';", lambda: github_token(rng)),
        (
            "github_pat",
            "GITHUB_TOKEN={s}",
            lambda: "github_pat_" + rand(rng, 22) + "_" + rand(rng, 59),
        ),
        (
            "aws",
            "aws_access_key_id = {s}",
            lambda: "AKIA" + rand(rng, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        ),
        (
            "slack",
            'SLACK_BOT = "{s}"',
            lambda: (
                "xoxb-"
                + rand(rng, 12, "0123456789")
                + "-"
                + rand(rng, 12, "0123456789")
                + "-"
                + rand(rng, 24)
            ),
        ),
        (
            "slack_webhook",
            "url: {s}",
            lambda: (
                "https://hooks.slack.com/services/T"
                + rand(rng, 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                + "/B"
                + rand(rng, 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                + "/"
                + rand(rng, 24)
            ),
        ),
        ("google", 'maps_key = "{s}"', lambda: "AIza" + rand(rng, 35, ALPHANUM + "-_")),
        ("jwt", "Authorization: Bearer {s}", lambda: jwt(rng)),
        ("private_key", "{s}", lambda: "-----BEGIN RSA PRIVATE KEY-----"),
        (
            "url_password",
            'DATABASE_URL = "postgres://app:{s}@db.internal:5432/app"',
            lambda: rand(rng, 16),
        ),
        (
            "openai",
            "OPENAI_API_KEY={s}",
            lambda: "sk-proj-" + rand(rng, 48, ALPHANUM + "-_"),
        ),
        (
            "anthropic",
            'client = Anthropic(api_key="{s}")',
            lambda: "sk-ant-api03-" + rand(rng, 93, ALPHANUM + "-_") + "AA",
        ),
        ("gitlab", "token: {s}", lambda: "glpat-" + rand(rng, 20, ALPHANUM + "-_")),
        ("npm", "//registry.npmjs.org/:_authToken={s}", lambda: "npm_" + rand(rng, 36)),
        (
            "sendgrid",
            'SENDGRID = "{s}"',
            lambda: (
                "SG."
                + rand(rng, 22, ALPHANUM + "-_")
                + "."
                + rand(rng, 43, ALPHANUM + "-_")
            ),
        ),
        (
            "webhook_secret",
            "STRIPE_WEBHOOK_SECRET={s}",
            lambda: "whsec_" + base64.b64encode(rng.randbytes(24)).decode(),
        ),
        (
            "assignment",
            'db_password = "{s}"',
            lambda: rand(rng, 6) + "-" + rand(rng, 8) + "!" + rand(rng, 3),
        ),
    ]


BENIGN = [
    "def handler(event, context):",
    "    return {'statusCode': 200, 'body': json.dumps(result)}",
    "import os, sys, json",
    "// TODO: retry with exponential backoff",
    "const client = new Client({ timeout: 30_000 });",
    "for (const item of items) total += item.amount;",
    "logger.info('processed %d records in %.2fs', n, elapsed)",
    "password = os.environ['DB_PASSWORD']",
    'api_key = "<YOUR_API_KEY>"',
    "STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "token = settings.GITHUB_TOKEN",
    "secret: ${{ secrets.DEPLOY_KEY }}",
    'password = "changeme"',
    "# see https://docs.example.com/api/v2/authentication",
    "if response.status_code == 429: time.sleep(retry_after)",
]


def lookalikes(rng: random.Random) -> list[str]:
    return [
        f"commit {hashlib.sha1(rng.randbytes(8)).hexdigest()}",
        f"sha256: {hashlib.sha256(rng.randbytes(8)).hexdigest()}",
        f'"id": "{uuid.UUID(bytes=rng.randbytes(16))}"',
        f'"integrity": "sha512-{base64.b64encode(rng.randbytes(64)).decode()}"',
        f'<img src="data:image/png;base64,{base64.b64encode(rng.randbytes(90)).decode()}">',
        f'etag = "{hashlib.md5(rng.randbytes(8)).hexdigest()}"',
        f"checksum = '{base64.b64encode(rng.randbytes(32)).decode()}'",
        f"fixture_id = '{rand(rng, 24)}'",
    ]


def build(root: Path, files: int, seed: int) -> dict[tuple[str, int], str]:
    """Writes the corpus; returns {(relative file, line): kind} of planted secrets."""
    rng = random.Random(seed)
    kinds = secrets(rng)
    planted: dict[tuple[str, int], str] = {}
    shapes = [
        "app_{}.py",
        "server_{}.js",
        "config_{}.yaml",
        "settings_{}.json",
        "notebook_{}.ipynb",
        "service_{}.log",
        "deploy_{}.env",
        "lock_{}/package-lock.json",
    ]
    for i in range(files):
        name = shapes[i % len(shapes)].format(i)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for j in range(120):
            roll = rng.random()
            if roll < 0.04:
                kind, template, make = kinds[rng.randrange(len(kinds))]
                text = template.format(s=make())
                if name.endswith(".ipynb"):
                    text = json.dumps(text + "\n")[1:-1]
                    text = f'    "{text}",'
                planted[(name, len(lines) + 1)] = kind
                lines.append(text)
            elif roll < 0.20:
                lines.append(rng.choice(lookalikes(rng)))
            else:
                lines.append(rng.choice(BENIGN))
        path.write_text("\n".join(lines) + "\n")
    return planted


def run_edgeward(binary: str, root: Path) -> tuple[set[tuple[str, int]], float]:
    start = time.perf_counter()
    out = subprocess.run(
        [binary, "scan", "--json", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise SystemExit(f"edgeward scan failed: {out.stderr}")
    found = set()
    for line in out.stdout.splitlines():
        finding = json.loads(line)
        found.add((finding["file"], finding["line"]))
    return found, elapsed


def run_detect_secrets(root: Path) -> tuple[set[tuple[str, int]], float]:
    exe = shutil.which("detect-secrets") or str(
        Path(sys.executable).parent / "detect-secrets"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [exe, "scan", "--all-files", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    found = set()
    for file, results in json.loads(out.stdout)["results"].items():
        for result in results:
            found.add((file, result["line_number"]))
    return found, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--edgeward", default=os.environ.get("EDGEWARD_BIN", "target/release/edgeward")
    )
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    binary = str(Path(args.edgeward).resolve())
    with tempfile.TemporaryDirectory(prefix="edgeward-scan-corpus-") as tmp:
        root = Path(tmp)
        planted = build(root, args.files, args.seed)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        ours, our_time = run_edgeward(binary, root)
        theirs, their_time = run_detect_secrets(root)
    print(
        f"corpus: {args.files} files, {size / 1e6:.2f} MB, {len(planted)} planted secrets"
    )
    rows = []
    for name, found, elapsed in [
        ("edgeward scan", ours, our_time),
        ("detect-secrets 1.5", theirs, their_time),
    ]:
        hits = len(found & planted.keys())
        false_positives = len(found - planted.keys())
        rows.append((name, hits, false_positives, elapsed))
        print(
            f"{name:20} recall {hits}/{len(planted)} ({hits / len(planted):.1%})  false positives {false_positives:4}  {elapsed:.3f} s  {size / elapsed / 1e6:.1f} MB/s"
        )
    missed: dict[str, int] = {}
    for key, kind in planted.items():
        if key not in ours:
            missed[kind] = missed.get(kind, 0) + 1
    if missed:
        print("edgeward missed, by kind:", missed)
    (_, our_hits, our_fp, our_t), (_, ds_hits, ds_fp, ds_t) = rows
    print(f"speed: edgeward is {ds_t / our_t:.1f}x detect-secrets")
    if args.check:
        ok = our_hits >= ds_hits and our_fp * 2 <= ds_fp
        print(
            "check:",
            "recall >= detect-secrets and false positives <= half: "
            + ("ok" if ok else "FAILED"),
        )
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
