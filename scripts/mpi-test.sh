#!/usr/bin/env bash
# Distributed runs give the single run's bytes: `mpirun -n 3 loansim-mpi run` and three `run --shard K/3`
# joined by `loansim merge`, each against `loansim run --threads 2` (same scenario, seed and paths), on
# the calibrated baseline (its point-estimate twin run included) and on reference model B1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --mpi
swift build -c release --product loansim --quiet
swift build -c release --product loansim-mpi --quiet
root=""
[ "$(id -u)" -eq 0 ] && root="--allow-run-as-root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for case in "zhengkedai-baseline 1500" "bench-b1 2000"; do
    set -- $case
    name=$1 paths=$2
    .build/release/loansim run "scenarios/$name.yaml" --paths "$paths" --threads 2 --out "$work/$name/one" --quiet >/dev/null
    mpirun $root --oversubscribe -n 3 .build/release/loansim-mpi run "scenarios/$name.yaml" --paths "$paths" --out "$work/$name/mpi" --quiet >/dev/null
    for k in 1 2 3; do
        .build/release/loansim run "scenarios/$name.yaml" --paths "$paths" --threads 1 --shard "$k/3" --out "$work/$name/parts" >/dev/null
    done
    .build/release/loansim merge "$work/$name/parts/"shard-*-of-3.bin --out "$work/$name/merged" >/dev/null
    for route in mpi merged; do
        for f in summary.json paths.csv timeseries.csv scenario.json manifest.json; do
            if ! cmp -s "$work/$name/one/$f" "$work/$name/$route/$f"; then
                echo "FAIL $name: $route/$f differs from the single run's"
                failed=1
            fi
        done
        [ $failed -eq 0 ] && echo "ok   $name, $paths paths: $route (3 ranks/shards) = run --threads 2, 5 files byte for byte"
    done
done
exit $failed
