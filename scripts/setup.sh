#!/usr/bin/env bash
# Installs everything the build and the tests need, from the registries only (crates.io,
# npm, PyPI). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-unknown-unknown >/dev/null
rustup component add clippy rustfmt >/dev/null 2>&1 || true

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_version" ]]; then
  echo "installing wasm-bindgen-cli $wb_version"
  # --locked first. Its published lock file names webpki-roots 1.0.11, which crates.io no longer
  # serves (checked 2026-12-06: "failed to select a version ... locked to 1.0.11"), so without a
  # fallback a new machine could not install it at all; the fallback resolves the same version
  # requirements afresh, and says so.
  cargo install wasm-bindgen-cli --version "$wb_version" --locked || {
    echo "wasm-bindgen-cli $wb_version: its lock file cannot be resolved; installing without --locked" >&2
    cargo install wasm-bindgen-cli --version "$wb_version"
  }
fi

# Fuzzing (fuzz/, smoke-run by scripts/test.sh): the nightly toolchain and cargo-fuzz.
rustup toolchain install nightly --profile minimal >/dev/null 2>&1
cargo_fuzz_version=0.13.2
if [[ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $cargo_fuzz_version" ]]; then
  echo "installing cargo-fuzz $cargo_fuzz_version"
  cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked
fi
# Dependency policy (deny.toml).
cargo_deny_version=0.20.2
if [[ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $cargo_deny_version" ]]; then
  echo "installing cargo-deny $cargo_deny_version"
  cargo install cargo-deny --version "$cargo_deny_version" --locked
fi

# Rate limiting and shared replay tests run a real redis-server (started by the tests themselves
# on a free loopback port, without persistence).
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server"
  apt-get update && apt-get install -y redis-server
fi

(cd bindings-node && npm ci --no-audit --no-fund)

venv=${VENV:-.venv}
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r bindings-python/requirements-dev.txt
