#!/usr/bin/env bash
# Benchmark: reference model B1 (docs/model.md §6) in a release build, side by side with independent
# implementations of B1 when a folder of them is given in $PEERS (b1_gsl.c: a naive C loop on GSL;
# b1_fast.c: fast C, needs AVX-512; b1_numpy.py: NumPy, run in the notebooks' venv when present); without
# it they are listed as skipped. B1 at 400,000 paths is checked against scripts/b1-reference.json. Prints each program's wall and CPU
# time, LoanSim's paths per second and peak memory, and the ratios the engine targets.
# Usage: scripts/bench.sh [PATHS]
set -euo pipefail
cd "$(dirname "$0")/.."
paths=${1:-100000}
peers=${PEERS:-}
scripts/install-deps.sh
swift build -c release --product loansim >&2
mkdir -p .build/peers
python=python3
[ -x .venv-notebooks/bin/python ] && python=.venv-notebooks/bin/python
python3 scripts/bench.py "$paths" "$peers" "$python"
