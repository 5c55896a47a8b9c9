#!/usr/bin/env bash
# The what-if workbench as its users meet it: installs Chromium with apt the first time, builds the
# release loansim and loansim-serve, runs scripts/serve_test.py (the page against `loansim compare`,
# hostile requests, busy) and, unless SERVE_LOAD=0, the bounded load benchmark scripts/serve_load.py.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    echo "loansim: installing chromium and CJK fonts with apt-get…" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
swift build -c release --product loansim --quiet
swift build -c release --product loansim-serve --quiet
python3 scripts/serve_test.py
if [ "${SERVE_LOAD:-1}" != 0 ]; then python3 scripts/serve_load.py; fi
