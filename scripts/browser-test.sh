#!/usr/bin/env bash
# Real-browser test of the HTML reports: installs Chromium (and CJK fonts) with apt the first time,
# builds the release binary and runs scripts/browser_test.py.
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
python3 scripts/browser_test.py
