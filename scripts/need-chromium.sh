#!/usr/bin/env bash
# Installs Chromium and CJK fonts with apt the first time (the browser tests of the reports and the workbench).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    echo "loansim: installing chromium and CJK fonts with apt-get…" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
