#!/usr/bin/env bash
# Benchmark: reference model B1 (MODEL.md §6) at 100,000 paths in a release build.
# Prints paths per second and peak memory (VmHWM) as measured by the binary itself.
# Usage: scripts/bench.sh [PATHS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
paths=${1:-100000}
threads=${2:-$(nproc)}
scripts/install-deps.sh
swift build -c release --product loansim >&2
out=$(mktemp -d)
start=$(date +%s.%N)
.build/release/loansim run scenarios/bench-b1.yaml --paths "$paths" --threads "$threads" --out "$out" --quiet --timing 2>"$out/timing.txt" >/dev/null
end=$(date +%s.%N)
cat "$out/timing.txt"
python3 - "$paths" "$start" "$end" "$threads" "$out/timing.txt" <<'PY'
import re, sys
paths, start, end, threads = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
timing = open(sys.argv[5]).read()
peak = re.search(r"peak memory ([0-9.]+) MB", timing).group(1)
wall = end - start
print(f"B1 benchmark: {paths:,} paths, {threads} threads: {wall:.2f} s wall for the whole command "
      f"({paths / wall:,.0f} paths/s), peak memory {peak} MB")
print(f"targets (issue 2): < 4 s wall, < 256 MB peak")
PY
rm -rf "$out"
