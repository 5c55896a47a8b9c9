#!/usr/bin/env bash
# The what-if workbench as its users meet it: installs Chromium with apt the first time, builds the
# release loansim and loansim-serve, runs scripts/serve_test.py (the page against `loansim compare`,
# hostile requests, busy) and, unless SERVE_LOAD=0, the bounded load benchmark scripts/serve_load.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/need-chromium.sh
swift build -c release --product loansim --quiet
swift build -c release --product loansim-serve --quiet
python3 scripts/serve_test.py
if [ "${SERVE_LOAD:-1}" != 0 ]; then python3 scripts/serve_load.py; fi
