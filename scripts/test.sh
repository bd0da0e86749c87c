#!/usr/bin/env bash
# Quick start, step 2: every check and every test, in every runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
export VENV=${VENV:-$PWD/.venv}
step() { printf '\n==== %s\n' "$*"; }

step setup && bash scripts/setup.sh
step build && bash scripts/build.sh

step "release: one version everywhere, workflows linted, the sdist complete and --locked buildable"
"$VENV/bin/python" scripts/release.py check
"$VENV/bin/python" -m pytest -p no:cacheprovider -q scripts/tests
bash scripts/lint-workflows.sh
TOOLS_VENV="$VENV" bash scripts/build-wheels.sh --sdist-only

step "rust: fmt, clippy (host and wasm32)"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked -p edgeward-core -p edgeward-js -p edgeward-wasm --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked -p edgeward-wasm --no-default-features --target wasm32-unknown-unknown -- -D warnings
# The core without its optional features (the lean build's core), tests and examples included.
cargo clippy --locked -p edgeward-core --no-default-features --all-targets -- -D warnings

step "rust: docs (warnings denied; the binding crates' docs are for maintainers: private items)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p edgeward-core -p edgeward-js
RUSTDOCFLAGS="-D warnings -A rustdoc::private-intra-doc-links" \
  cargo doc --locked --no-deps --document-private-items -p edgeward-node -p edgeward-wasm -p edgeward-python

step "rust: tests"
cargo test --locked -p edgeward-core
# The lean configuration (no validation, no regex engine: what `edgeward/webhooks` ships).
cargo test --locked -p edgeward-core --no-default-features --lib
# The header-shape vectors are reproducible (standard library only): regenerate, expect no diff.
python3 tests/vectors/generate_headers.py && git diff --exit-code tests/vectors/webhook_headers.json
# The JS-facing layer shared by the napi and wasm-bindgen shims, full and lean.
cargo test --locked -p edgeward-js
cargo test --locked -p edgeward-js --no-default-features
# The command line, each command run as a process (cli/tests).
cargo test --locked -p edgeward-cli

step "rust: dependency policy (cargo deny: licences, duplicate versions, bans, sources)"
cargo deny --locked check licenses bans sources
echo "cargo deny: advisories NOT checked: the RustSec database is fetched from github.com, which" \
  "this machine cannot reach; run \`cargo deny --locked check advisories\` where it can."

step "rust: fuzz smoke run (every target briefly; long-run figures in fuzz/RESULTS.md)"
bash fuzz/smoke.sh

step "node: lint and type declarations"
(cd bindings-node && npm run lint)

step "node: tests against the native addon"
(cd bindings-node && EDGEWARD_BACKEND=native npm test)

step "node: the same tests against the WASM build"
(cd bindings-node && EDGEWARD_BACKEND=wasm npm test)

step "package: npm pack, fresh project, wrangler bundle, workerd over HTTP"
# Also (test/package/runtimes.test.mjs): the tarball with this machine's platform package,
# import and require() in Node, Bun, Deno, a Next.js edge route (next build + next start),
# publint and arethetypeswrong on the tarball, the main tarball under 2 MB.
(cd bindings-node && npm run test:package)

step "python: lint and tests"
bash bindings-python/scripts/test.sh

step "cli: secret scanner against detect-secrets (recall and false positives; timing printed, not asserted)"
"$VENV/bin/python" bench/cli/scan_compare.py --edgeward target/debug/edgeward --files 24 --check

step "demo"
PYTHON="$VENV/bin/python" node demo/run.mjs
