#!/usr/bin/env bash
# The backcast's check table for each circuit-breaker variant (docs/calibration.md): runs
# scenarios/zhengzhou-backcast-2018-2025.yaml (4,000 paths, its seed) with each variant of its breaker
# and prints, per variant, the share of paths that agree with "no bank suspended by August 2025", with
# "pool never ran dry", with both, and the mean breaker trips, pool payouts and loans originated.
#   scripts/breaker-variants.sh [LOANSIM_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/release/loansim}")
base=$(realpath scenarios/zhengzhou-backcast-2018-2025.yaml)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
variant() { printf 'extends: %s\nname: backcast, breaker %s\nbreaker:\n%b' "$base" "$1" "$2" > "$work/$1.yaml"; }
variant "bank-flow-monthly (0.3)" '  threshold: 5%\n'
variant "stock" '  measure: stock\n  window_months: null\n'
variant "quarterly" '  check: quarter\n'
variant "yearly" '  check: year\n'
variant "programme" '  scope: programme\n'
variant "min_loans 30" '  min_loans: 30\n'
variant "min_loans 100" '  min_loans: 100\n'
variant "stock, quarterly" '  measure: stock\n  window_months: null\n  check: quarter\n'
variant "stock, quarterly, min_loans 30" '  measure: stock\n  window_months: null\n  check: quarter\n  min_loans: 30\n'
variant "programme, stock, quarterly" '  scope: programme\n  measure: stock\n  window_months: null\n  check: quarter\n'
for f in "$work"/*.yaml; do "$bin" run "$f" --out "${f%.yaml}.out" --quiet > /dev/null; done
python3 - "$work" <<'PY'
import csv, glob, json, os, sys
print("| breaker | P(no bank suspended) | P(pool never ran dry) | P(both) | breaker trips (mean) | pool paid (mean, 万元) | loans originated (mean) |")
print("|---|---|---|---|---|---|---|")
for out in sorted(glob.glob(os.path.join(sys.argv[1], "*.out")), key=lambda p: (not "0.3" in p, p)):
    s = json.load(open(os.path.join(out, "summary.json")))
    last = max(c["month"] for c in s["predictive_check"])
    check = {c["metric"]: c for c in s["predictive_check"] if c["month"] == last}
    n = both = 0
    with open(os.path.join(out, "paths.csv")) as f:
        for row in csv.DictReader(l for l in f if not l.startswith("#")):
            n += 1
            dry = row["depletion_month"] not in ("", "-1") and float(row["depletion_month"]) >= 0
            both += float(row["breaker_trips"]) == 0 and not dry
    pj = both / n
    pct = lambda p, se: f"{100 * p:.1f}% ± {100 * se:.1f}"
    m = s["metrics"]
    name = os.path.basename(out)[:-4]
    print(f"| {name} | {pct(check['breaker_trips']['p_agree'], check['breaker_trips']['p_agree_se'])} "
          f"| {pct(check['depleted']['p_agree'], check['depleted']['p_agree_se'])} | {pct(pj, (pj * (1 - pj) / n) ** 0.5)} "
          f"| {m['breaker_trips']['mean']:.2f} | {m['pool_paid']['mean']:,.0f} | {m['loans_originated']['mean']:,.0f} |")
PY
