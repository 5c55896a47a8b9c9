#!/usr/bin/env bash
# Installs what LoanSim needs beyond the Swift toolchain: GSL (and pkg-config to find it) and
# libxlsxwriter (the report's Excel workbook); with --mpi
# also Open MPI, for loansim-mpi (building the whole package, as `swift test` does, compiles it;
# `loansim` alone does not need it). Idempotent: does nothing when they are there.
set -euo pipefail
need=""
(pkg-config --exists gsl 2>/dev/null && [ -f /usr/include/gsl/gsl_rng.h ]) || need="$need libgsl-dev pkg-config"
(pkg-config --exists xlsxwriter 2>/dev/null && [ -f /usr/include/xlsxwriter.h ]) || need="$need libxlsxwriter-dev"
if [ "${1:-}" = "--mpi" ]; then
    (pkg-config --exists ompi 2>/dev/null && command -v mpirun >/dev/null 2>&1) || need="$need openmpi-bin libopenmpi-dev"
fi
if [ -z "$need" ]; then
    exit 0
fi
echo "loansim: installing$need with apt-get…" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $need >/dev/null
