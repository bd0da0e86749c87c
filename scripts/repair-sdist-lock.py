#!/usr/bin/env python3
"""Makes the sdist's Cargo.lock match the sdist, without changing any pinned version.

``maturin sdist`` keeps only the workspace members the Python package needs (core, cli,
bindings-python) but copies the repository's Cargo.lock unchanged, so the lock still lists
the npm and WASM crates and their dependencies; ``cargo build --locked`` (what
``[tool.maturin] locked = true`` asks for) then refuses to build the sdist ("cannot update the
lock file"). Upstream: maturin issue #2609 (open, checked 2026-12-06).

This script unpacks the sdist, lets cargo drop the unreachable entries (``cargo metadata``
without ``--locked`` only syncs the lock with the manifests: it re-resolves nothing that is
pinned), checks that the result is the original minus whole entries (same names, versions and
checksums, nothing added or changed), then repacks the sdist with the pruned lock.

    python3 scripts/repair-sdist-lock.py dist/edgeward-0.1.0.tar.gz
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import tomllib


def entries(lock: bytes) -> set[tuple[str, str, str | None, str | None]]:
    packages = tomllib.loads(lock.decode("utf-8")).get("package", [])
    return {(p["name"], p["version"], p.get("source"), p.get("checksum")) for p in packages}


def main(sdist: Path) -> int:
    with tarfile.open(sdist, "r:gz") as archive:
        members = [(m, archive.extractfile(m).read() if m.isfile() else None) for m in archive]
    top = members[0][0].name.split("/")[0]
    lock_name = f"{top}/Cargo.lock"
    original = next(data for m, data in members if m.name == lock_name)

    with tempfile.TemporaryDirectory() as tmp:
        for member, data in members:
            path = Path(tmp, member.name)
            if member.isdir():
                path.mkdir(parents=True, exist_ok=True)
            elif data is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        env = {**os.environ, "CARGO_TARGET_DIR": str(Path(tmp, "target"))}
        subprocess.run(  # noqa: S603 - cargo, on the sdist just built
            ["cargo", "metadata", "--format-version", "1", "--manifest-path",  # noqa: S607
             str(Path(tmp, top, "Cargo.toml"))],
            check=True, stdout=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        pruned = Path(tmp, lock_name).read_bytes()
        # The pruned lock must now satisfy --locked.
        subprocess.run(  # noqa: S603 - cargo, on the sdist just built
            ["cargo", "metadata", "--locked", "--format-version", "1", "--manifest-path",  # noqa: S607
             str(Path(tmp, top, "Cargo.toml"))],
            check=True, stdout=subprocess.DEVNULL, env=env,
        )  # fmt: skip

    before, after = entries(original), entries(pruned)
    if not after <= before:
        print("sdist lock: cargo changed pinned entries:", sorted(after - before), file=sys.stderr)
        return 1
    removed = sorted(f"{name} {version}" for name, version, *_ in before - after)
    print(f"sdist lock: {len(removed)} entries the sdist does not build removed, none changed")

    buffer = io.BytesIO()
    # Deterministic gzip header (no file name, mtime of the members).
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=members[0][0].mtime, filename="") as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        for member, data in members:
            if member.name == lock_name:
                data = pruned
                member.size = len(data)
            archive.addfile(member, io.BytesIO(data) if data is not None else None)
    sdist.write_bytes(buffer.getvalue())
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
