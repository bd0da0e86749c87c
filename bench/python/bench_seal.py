"""Sealed tokens and Fernet in CPython: edgeward vs ``cryptography`` (AESGCM, Fernet).

Run with the venv that has the installed package and the dev requirements:

    .venv/bin/python bench/python/bench_seal.py [--repeat 7] [--min-time 0.2]

Times one seal + open of 1 KiB in one process:
- AES-256-GCM: ``Sealer.open(Sealer.seal(data))`` against ``cryptography``'s ``AESGCM`` doing the
  same work (random nonce, encrypt with the header as additional data, base64url, decode,
  decrypt);
- Fernet: ``Fernet.decrypt(Fernet.encrypt(data))`` against ``cryptography.fernet.Fernet``.

Ratios are the peer's time over edgeward's (higher is better for edgeward).
"""

from __future__ import annotations

import argparse
import base64
import os
import timeit

from cryptography.fernet import Fernet as CryptographyFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import edgeward


def best(fn, repeat: int, min_time: float) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    one = timer.timeit(number) / number
    number = max(number, int(min_time / max(one, 1e-9)) + 1)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timeit runs; the best counts")
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per run, at least")
    args = parser.parse_args()

    data = os.urandom(1024)
    key = os.urandom(32)
    sealer = edgeward.Sealer([{"id": "k1", "key": base64.urlsafe_b64encode(key).decode()}])
    aesgcm = AESGCM(key)
    header = bytes([1, 2]) + b"k1" + bytes(8)

    def peer_seal_open() -> bytes:
        nonce = os.urandom(12)
        token = base64.urlsafe_b64encode(
            header + nonce + aesgcm.encrypt(nonce, data, header)
        ).rstrip(b"=")
        raw = base64.urlsafe_b64decode(token + b"=" * (-len(token) % 4))
        return aesgcm.decrypt(raw[12:24], raw[24:], raw[:12])

    fkey = CryptographyFernet.generate_key()
    ours_f = edgeward.Fernet(fkey)
    theirs_f = CryptographyFernet(fkey)

    rows = [
        (
            "AES-256-GCM",
            best(lambda: sealer.open(sealer.seal(data)), args.repeat, args.min_time),
            best(peer_seal_open, args.repeat, args.min_time),
            "cryptography AESGCM",
        ),
        (
            "Fernet",
            best(lambda: ours_f.decrypt(ours_f.encrypt(data)), args.repeat, args.min_time),
            best(lambda: theirs_f.decrypt(theirs_f.encrypt(data)), args.repeat, args.min_time),
            "cryptography.fernet",
        ),
    ]
    print("µs per seal+open of 1 KiB; ratio = peer time / edgeward time (higher is better)\n")
    for name, ours, peer, peer_name in rows:
        times = f"edgeward {ours * 1e6:7.2f}   {peer_name} {peer * 1e6:7.2f}"
        print(f"{name:12} {times}   ratio {peer / ours:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
