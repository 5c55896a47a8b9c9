#!/usr/bin/env bash
# Executes the Jupyter notebooks headlessly (pytest --nbmake) in a virtual environment with the pinned
# packages of notebooks/requirements.txt, against the release build of loansim.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(scripts/python-env.sh)
swift build -c release --product loansim --quiet
export NOTEBOOK_PATHS=${NOTEBOOK_PATHS:-2000}
"$VENV/bin/python" -m pytest --nbmake --nbmake-timeout=600 -q notebooks/
