#!/usr/bin/env bash
# Installs what LoanSim needs beyond the Swift toolchain: GSL (and pkg-config to find it).
# Idempotent: does nothing when GSL is already there.
set -euo pipefail
if pkg-config --exists gsl 2>/dev/null && [ -f /usr/include/gsl/gsl_rng.h ]; then
    exit 0
fi
echo "loansim: installing GSL (libgsl-dev) with apt-get…" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null
