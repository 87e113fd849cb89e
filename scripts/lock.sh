#!/usr/bin/env sh
# Pins what the Docker image installs: the runtime dependencies of pyproject.toml (no extras),
# every version exact and every file hashed, for Python 3.11 on any platform. Run it from the
# repository root after changing [project.dependencies]; tests/unit/test_packaging.py checks
# that requirements.lock satisfies pyproject.toml.
set -eu
cd "$(dirname "$0")/.."
if ! command -v uv >/dev/null 2>&1 && [ ! -x .venv/bin/uv ]; then
  .venv/bin/pip install -q uv
fi
UV=$(command -v uv || echo .venv/bin/uv)
"$UV" pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
  --custom-compile-command "scripts/lock.sh" -o requirements.lock
