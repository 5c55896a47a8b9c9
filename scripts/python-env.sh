#!/usr/bin/env bash
# The Python virtual environment with the pinned packages of notebooks/requirements.txt (the notebooks
# and the workbook check run in it): created or refreshed when the pins change; prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${NOTEBOOK_VENV:-.venv-notebooks}
if [ ! -x "$VENV/bin/pytest" ] || ! cmp -s notebooks/requirements.txt "$VENV/.requirements"; then
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check -r notebooks/requirements.txt >&2
    cp notebooks/requirements.txt "$VENV/.requirements"
fi
echo "$VENV"
