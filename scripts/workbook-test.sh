#!/usr/bin/env bash
# The Excel workbook end to end: runs scenarios of every shape (calibrated with record checks and a plan,
# assumption-driven, several pools and funders, a bank tape, a fund), writes each run's workbook in both
# languages with `loansim report DIR --xlsx FILE` and reads every number back with openpyxl
# (scripts/check-workbook.py, against summary.json and plan.json). Negative controls prove the check
# fails on a changed number, a blanked cell and a lost number format.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(scripts/python-env.sh)
PY="$VENV/bin/python"
swift build -c release --product loansim --quiet
B=.build/release/loansim
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PATHS=${WORKBOOK_PATHS:-1000}
check() { "$PY" scripts/check-workbook.py "$@"; }

for s in zhengkedai-baseline zhengkedai-adverse-assumptions zhengzhou-city-district-province zhengzhou-city-book-2025 bank-tape-example zhengzhou-angel-fund-2024 zhengzhou-backcast-2018-2025; do
    "$B" run "scenarios/$s.yaml" --paths "$PATHS" --out "$T/$s" --quiet >/dev/null
    for lang in zh en; do
        "$B" report "$T/$s" --lang "$lang" --xlsx "$T/$s.$lang.xlsx" >/dev/null
        check "$T/$s.$lang.xlsx" "$T/$s"
    done
done

# A plan's amount to add, on the answer sheet.
"$B" plan scenarios/zhengkedai-baseline.yaml --vary pool.initial --target 'depletion.year5<=0.1' --range 5000:40000 \
    --paths "$PATHS" --out "$T/plan" --quiet >/dev/null
"$B" run scenarios/zhengkedai-baseline.yaml --paths "$PATHS" --out "$T/planned" --quiet >/dev/null
"$B" report "$T/planned" --plan "$T/plan/plan.json" --xlsx "$T/planned.xlsx" >/dev/null
check "$T/planned.xlsx" "$T/planned" "$T/plan/plan.json"

# Negative controls: each damage must make the check fail.
"$PY" - "$T/zhengkedai-baseline.zh.xlsx" "$T" <<'PY'
import openpyxl, sys
src, out = sys.argv[1], sys.argv[2]
def damaged(name, edit):
    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(f"{out}/{name}.xlsx")
damaged("changed", lambda wb: wb.worksheets[1].cell(row=4, column=2, value=wb.worksheets[1].cell(row=4, column=2).value + 1))
damaged("blanked", lambda wb: setattr(wb.worksheets[5].cell(row=3, column=4), "value", None))
def unformat(wb):
    # The first percentage on the answer sheet (P(dry) by year) loses its format.
    cell = next(c for row in wb.worksheets[0].iter_rows() for c in row if c.number_format == "0.0%" and isinstance(c.value, (int, float)))
    cell.number_format = "General"
damaged("unformatted", unformat)
PY
for d in changed blanked unformatted; do
    if check "$T/$d.xlsx" "$T/zhengkedai-baseline" 2>/dev/null; then
        echo "workbook-test: the check passed a workbook with a $d cell: it cannot fail" >&2
        exit 1
    fi
done
# A comparison folder has no workbook: usage error, nothing written.
"$B" compare scenarios/zhengkedai-baseline.yaml scenarios/policy-ratio-60.yaml --paths 200 --out "$T/cmp" --quiet >/dev/null
set +e
"$B" report "$T/cmp" --xlsx "$T/cmp.xlsx" >/dev/null 2>&1; rc=$?
set -e
if [ "$rc" != 64 ] || [ -e "$T/cmp.xlsx" ]; then echo "workbook-test: --xlsx on a comparison: exit $rc (expected 64, no file)" >&2; exit 1; fi
echo "workbook-test: every workbook agrees with its run; the negative controls fail as they must"
