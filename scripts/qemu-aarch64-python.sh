#!/usr/bin/env bash
# Runs a Python snippet against an aarch64 wheel for real, on an x86_64 machine: Debian's arm64
# python3 (downloaded with apt, unpacked into a private sysroot, not installed) under qemu-user.
# Called by scripts/build-wheels.sh --qemu; the release workflow runs the same test natively on
# an arm64 runner instead.
#
# Usage: bash scripts/qemu-aarch64-python.sh WHEEL SNIPPET
# Needs root for apt (adds the arm64 architecture to dpkg's list, installs qemu-user).
set -euo pipefail
wheel=$(realpath "$1")
snippet=$2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${QEMU_SYSROOT:-${CARGO_TARGET_DIR:-$ROOT/target}/qemu-aarch64}"

command -v qemu-aarch64 >/dev/null || { apt-get update -q && apt-get install -y -q qemu-user; }
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64 && apt-get update -q
fi

# The interpreter and what the standard library modules the package imports link against.
python=$(python3 -c 'import sys; print(f"python{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null)
apt_python=$(apt-cache show "$python-minimal:arm64" >/dev/null 2>&1 && echo "$python" || echo python3.11)
packages=("$apt_python-minimal" "lib$apt_python-minimal" "lib$apt_python-stdlib" libc6 libgcc-s1
  zlib1g libexpat1 libffi8 libssl3 libbz2-1.0 liblzma5 libuuid1 libcrypt1 libtinfo6 libncursesw6)
if [[ ! -x "$work/sysroot/usr/bin/$apt_python" ]]; then
  rm -rf "$work" && mkdir -p "$work/debs" "$work/sysroot"
  (cd "$work/debs" && apt-get download -q "${packages[@]/%/:arm64}" >/dev/null)
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/sysroot"; done
fi

rm -rf "$work/site" && mkdir -p "$work/site"
python3 -m zipfile -e "$wheel" "$work/site"
file -b "$work"/site/edgeward/_native*.so
echo "interpreter: $(file -b "$work/sysroot/usr/bin/$apt_python" | cut -d, -f1-2)"
# -L: the arm64 sysroot for the dynamic loader and libraries; PYTHONHOME: its standard library.
cd "$work"
QEMU_LD_PREFIX="$work/sysroot" PYTHONHOME="$work/sysroot/usr" PYTHONPATH="$work/site" \
  PYTHONNOUSERSITE=1 qemu-aarch64 "$work/sysroot/usr/bin/$apt_python" -c \
  "import platform; print('machine:', platform.machine(), platform.python_version()); $snippet"
