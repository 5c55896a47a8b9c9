#!/usr/bin/env bash
# Real-browser test of the HTML reports: installs Chromium (and CJK fonts) with apt the first time,
# builds the release binary and runs scripts/browser_test.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/need-chromium.sh
swift build -c release --product loansim --quiet
python3 scripts/browser_test.py
