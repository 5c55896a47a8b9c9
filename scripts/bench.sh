#!/usr/bin/env bash
# Benchmark: reference model B1 (docs/model.md §6) in a release build, side by side with the yardsticks
# in $PEERS (default ../shared/peers): the naive C loop on GSL, the fast C program (where the CPU has
# AVX-512) and the NumPy peer (in the notebooks' venv when present). Prints each program's wall and CPU
# time, LoanSim's paths per second and peak memory, and the ratios the engine targets.
# Usage: scripts/bench.sh [PATHS]
set -euo pipefail
cd "$(dirname "$0")/.."
paths=${1:-100000}
peers=${PEERS:-../shared/peers}
scripts/install-deps.sh
swift build -c release --product loansim >&2
mkdir -p .build/peers
python=python3
[ -x .venv-notebooks/bin/python ] && python=.venv-notebooks/bin/python
python3 scripts/bench.py "$paths" "$peers" "$python"
