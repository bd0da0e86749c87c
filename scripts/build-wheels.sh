#!/usr/bin/env bash
# The Python release artefacts that Linux can build: one abi3 wheel (CPython 3.10+) per
# target, linked with zig against the oldest libc each tag promises, and the sdist. Each
# artefact is checked: `file` (format and architecture), `auditwheel show` (the platform tag
# matches the libraries and symbol versions it links), `abi3audit --strict` (only the stable
# ABI of 3.10), a size limit; the sdist is built and installed in a clean venv and imported.
# macOS and Windows wheels are built by .github/workflows/release.yml on their runners.
#
# Usage: bash scripts/build-wheels.sh [--qemu | --sdist-only]
#   --qemu        also imports the aarch64 manylinux wheel under qemu-user with Debian's arm64
#                 python3 (installs qemu-user and downloads the arm64 packages with apt).
#   --sdist-only  only the sdist and its checks without installing it (seconds: what
#                 scripts/test.sh runs, with TOOLS_VENV=its venv, which has maturin).
# Environment: TARGETS (default: all four below), OUT (default target/wheels),
#              TOOLS_VENV (default .venv-release), SKIP_SDIST_INSTALL=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
TOOLS_VENV="${TOOLS_VENV:-$ROOT/.venv-release}"
TARGETS="${TARGETS:-x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl}"
MAX_WHEEL_BYTES=$((4 * 1024 * 1024))
QEMU=0 SDIST_ONLY=0
case "${1:-}" in
  --qemu) QEMU=1 ;;
  --sdist-only) SDIST_ONLY=1 TARGETS="" SKIP_SDIST_INSTALL=1 ;;
  "") ;;
  *) echo "unknown option $1" >&2; exit 2 ;;
esac
# Emptied first: a separate folder for the sdist check, so scripts/test.sh keeps built wheels.
[[ $SDIST_ONLY == 1 ]] && OUT="${OUT:-$ROOT/target/sdist-check}"
OUT="${OUT:-$ROOT/target/wheels}"

step() { printf '\n==> %s\n' "$*"; }

step "tools ($TOOLS_VENV: scripts/release-requirements.txt)"
[[ -x "$TOOLS_VENV/bin/python" ]] || python3 -m venv "$TOOLS_VENV"
if [[ $SDIST_ONLY == 0 || ! -x "$TOOLS_VENV/bin/maturin" ]]; then
  "$TOOLS_VENV/bin/python" -m pip install --quiet -r scripts/release-requirements.txt
fi
export PATH="$TOOLS_VENV/bin:$PATH"
# shellcheck disable=SC2086
[[ -z "$TARGETS" ]] || rustup target add $TARGETS >/dev/null

rm -rf "$OUT" && mkdir -p "$OUT"
for target in $TARGETS; do
  case "$target" in
    *-linux-gnu) compat=manylinux2014 ;;  # glibc 2.17: every distribution still supported
    *-linux-musl) compat=musllinux_1_2 ;; # Alpine 3.13+
    *) echo "unsupported target $target" >&2; exit 1 ;;
  esac
  step "wheel $target ($compat)"
  # [profile.dist] (Cargo.toml): release without symbols, size-optimised where no document runs.
  maturin build --profile dist --locked -m bindings-python/Cargo.toml --zig \
    --target "$target" --compatibility "$compat" --out "$OUT"
done

step "sdist"
maturin sdist -m bindings-python/Cargo.toml --out "$OUT"
sdist=$(ls "$OUT"/edgeward-*.tar.gz)
python3 scripts/repair-sdist-lock.py "$sdist"
listing=$(tar tzf "$sdist")
for needed in PKG-INFO Cargo.lock LICENSE-MIT LICENSE-APACHE README.md core/Cargo.toml cli/Cargo.toml \
  bindings-python/Cargo.toml python/edgeward/__init__.py python/edgeward/_native.pyi; do
  grep -qx "edgeward-[^/]*/$needed" <<<"$listing" || { echo "sdist lacks $needed" >&2; exit 1; }
done

status=0
if [[ $SDIST_ONLY == 1 ]]; then
  printf '%8d KiB  %s\n' $(($(stat -c %s "$sdist") / 1024)) "$(basename "$sdist")"
  echo "build-wheels: sdist built, complete, and buildable with --locked"
  exit 0
fi

step "checks"
for wheel in "$OUT"/*.whl; do
  name=$(basename "$wheel")
  printf '\n-- %s\n' "$name"
  unzip -o -q "$wheel" 'edgeward/_native*.so' -d "$OUT/check" && file -b "$OUT"/check/edgeward/_native*.so
  case "$name" in
    *x86_64*) file -b "$OUT"/check/edgeward/_native*.so | grep -q 'x86-64' || { echo "not x86-64" >&2; status=1; } ;;
    *aarch64*) file -b "$OUT"/check/edgeward/_native*.so | grep -q 'ARM aarch64' || { echo "not aarch64" >&2; status=1; } ;;
  esac
  needed=$(objdump -p "$OUT"/check/edgeward/_native*.so | awk '$1 == "NEEDED" { printf "%s ", $2 }')
  flags=$(readelf -dW "$OUT"/check/edgeward/_native*.so | awk '$2 == "(FLAGS)"')
  rm -rf "$OUT/check"
  if [[ "$name" == *musllinux* ]]; then
    # zig links musl's C library by the name `libc.so` (Alpine's own toolchain writes
    # libc.musl-<arch>.so.1); musl's loader resolves either name to itself. auditwheel on a glibc
    # host would open the host's libc.so (a linker script) and crash, so it reads no host
    # library here (--ldpaths: an empty folder), and libc.so, the only library the extension
    # may need, is the one it may report missing: no other library, no versioned symbols.
    echo "  NEEDED: $needed"
    [[ "$needed" == "libc.so " ]] || { echo "$name needs $needed, not only musl's libc.so" >&2; status=1; }
    # Initial-exec thread-locals: musl's loader refuses them in a library Python loads at run
    # time (mimalloc's default; bindings-python/Cargo.toml turns on local_dynamic_tls on musl).
    [[ "$flags" != *STATIC_TLS* ]] || { echo "$name uses initial-exec thread-locals: musl will not load it" >&2; status=1; }
    empty=$(mktemp -d)
    report=$(auditwheel show --ldpaths "$empty" "$wheel" | tr -s '\n ' '  ')
    rmdir "$empty"
    echo "$report" | fold -s -w 100
    [[ "$report" == *'references no external versioned symbols'* \
      && "$report" == *'required by the wheel: { "libc.so": null }'* ]] \
      || { echo "auditwheel: $name needs more than musl's libc.so" >&2; status=1; }
  else
    auditwheel show "$wheel" | tr -s '\n' ' ' | fold -s -w 100; echo
    # auditwheel's tag must be one of the tags maturin wrote (manylinux2014 = manylinux_2_17).
    tags=${name#*-*-*-*-} && tags=${tags%.whl}
    audited=$(auditwheel show "$wheel" | tr -s '\n ' '  ' \
      | sed -n 's/.*consistent with the following platform tag: "\([^"]*\)".*/\1/p')
    [[ -n "$audited" && ".$tags." == *".$audited."* ]] \
      || { echo "auditwheel: $name is consistent with '$audited', not with its tags $tags" >&2; status=1; }
  fi
  abi3audit --strict --summary "$wheel" || status=1
done

step "sizes (limit $((MAX_WHEEL_BYTES / 1024)) KiB per wheel)"
for artefact in "$OUT"/*.whl "$sdist"; do
  bytes=$(stat -c %s "$artefact")
  printf '%8d KiB  %s\n' $((bytes / 1024)) "$(basename "$artefact")"
  if [[ "$artefact" == *.whl && $bytes -gt $MAX_WHEEL_BYTES ]]; then
    echo "  over the limit" >&2; status=1
  fi
done

smoke='import edgeward
from edgeward import Redactor, Webhook
webhook = Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
body = b"{\"id\": \"evt_1\", \"type\": \"invoice.paid\"}"
assert webhook.verify(body, webhook.sign(body)).secret_index == 0
assert Redactor().redact({"user": "ann", "password": "hunter2"}) == {"user": "ann", "password": "[REDACTED]"}
print("imported edgeward", edgeward.__version__, "from", edgeward.__file__)'

if [[ "${SKIP_SDIST_INSTALL:-0}" != 1 ]]; then
  step "sdist: build and install in a clean venv (no wheel, no repository on sys.path)"
  venv=$(mktemp -d)
  python3 -m venv "$venv"
  # The build backend (maturin, pinned in pyproject.toml) comes from PyPI in pip's isolated
  # build environment; cargo builds with --locked from the sdist's own lock file.
  "$venv/bin/python" -m pip install --quiet --no-binary edgeward "$sdist"
  (cd "$venv" && "$venv/bin/python" -c "$smoke")
  "$venv/bin/edgeward" --help >/dev/null
  rm -rf "$venv"
fi

if [[ $QEMU == 1 ]]; then
  step "aarch64 wheel under qemu-user with Debian's arm64 python3"
  bash scripts/qemu-aarch64-python.sh "$(ls "$OUT"/edgeward-*manylinux*aarch64.whl)" "$smoke" || status=1
fi

[[ $status == 0 ]] && echo "build-wheels: every artefact built and checked" || echo "build-wheels: FAILED" >&2
exit $status
