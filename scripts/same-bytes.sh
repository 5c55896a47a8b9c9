#!/usr/bin/env bash
# Same answers before and after a change: runs every scenario in scenarios/ (and its subfolders' YAML
# files that are scenarios) at 2,000 paths with two loansim binaries and compares stdout and all five
# output files byte for byte, after blanking the version field (which a change may bump).
#
#   scripts/same-bytes.sh OLD_BIN NEW_BIN [PATHS]
#
# Build the old binary from the commit before the change, e.g.
#   git worktree add /tmp/old HEAD~1 && (cd /tmp/old && swift build -c release --product loansim)
#   scripts/same-bytes.sh /tmp/old/.build/release/loansim .build/release/loansim
# Exit 0 when every scenario agrees, 1 when any differs (each difference is listed).
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: scripts/same-bytes.sh OLD_BIN NEW_BIN [PATHS]" >&2
    exit 64
fi
old=$(realpath "$1"); new=$(realpath "$2"); paths=${3:-2000}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The version is written as "version": "x.y.z", "# loansim x.y.z" comment heads and "LoanSim x.y.z" lines.
normalise() { sed -E 's/("version" *: *")[^"]*"/\1X"/g; s/(loansim|LoanSim|version) [0-9]+\.[0-9]+\.[0-9]+/\1 X/g; s/(version=)[0-9]+\.[0-9]+\.[0-9]+/\1X/g' "$1"; }
failed=0; ran=0
for scenario in scenarios/*.yaml; do
    name=$(basename "$scenario" .yaml)
    for side in old new; do
        bin=$old; [ "$side" = new ] && bin=$new
        mkdir -p "$work/$side/$name"
        # Exit codes must agree too (a scenario that errors must error the same way).
        set +e
        # Both runs write to the same folder (stdout names it), then move their files aside.
        # Since 0.5.0 run prints the answer first and every table with --detail: compare the tables.
        detail=(); if "$bin" run --help 2>/dev/null | grep -q -- '--detail'; then detail=(--detail); fi
        "$bin" run "$scenario" --paths "$paths" "${detail[@]}" --out "$work/run/$name" > "$work/$side/$name/stdout" 2> "$work/$side/$name/stderr"
        echo $? > "$work/$side/$name/rc"
        set -e
        if [ -d "$work/run/$name" ]; then mv "$work/run/$name" "$work/$side/$name/out"; fi
    done
    ran=$((ran + 1))
    bad=""
    cmp -s "$work/old/$name/rc" "$work/new/$name/rc" || bad="$bad exit-code"
    for f in stdout out/summary.json out/paths.csv out/timeseries.csv out/scenario.json out/manifest.json; do
        a="$work/old/$name/$f"; b="$work/new/$name/$f"
        if [ -f "$a" ] || [ -f "$b" ]; then
            [ -f "$a" ] && [ -f "$b" ] || { bad="$bad $f(missing)"; continue; }
            # manifest.json holds the other files' hashes, which change with the version field: compare
            # its file list and sizes only where the version string's length is the same.
            if [ "$(basename "$f")" = manifest.json ]; then
                cmp -s <(grep -o '"[a-z_.]*\.\(json\|csv\)"' "$a") <(grep -o '"[a-z_.]*\.\(json\|csv\)"' "$b") || bad="$bad $f"
                continue
            fi
            cmp -s <(normalise "$a") <(normalise "$b") || bad="$bad $f"
        fi
    done
    if [ -n "$bad" ]; then
        failed=$((failed + 1))
        echo "DIFFERS  $name:$bad"
    else
        echo "same     $name"
    fi
done
echo "$ran scenarios, $failed differ"
[ "$failed" -eq 0 ]
