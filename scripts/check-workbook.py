#!/usr/bin/env python3
"""Reads a LoanSim workbook (`loansim report DIR --xlsx FILE`) back with openpyxl and checks every number
in it against the run's summary.json (and plan.json when the workbook states a plan): same values, blank
where the summary has null, the right Excel number format (万元, %), native charts with both axes titled.

usage: check-workbook.py WORKBOOK RUN_DIR [PLAN_JSON]
Exit 0 when every check passes, 1 with the failures listed otherwise."""
import json
import math
import sys

import openpyxl

MONEY, PCT, FINE_PCT, COUNT, PLAIN = "#,##0.0", "0.0%", "0.00%", "#,##0", "#,##0.00##"
FLOWS = ["payouts", "top_ups", "interest", "admin_fees", "clawback", "subsidies", "fiscal_cost"]
KEY_FIGURES = ["fiscal_cost", "pool_paid", "bank_net_loss", "unpaid_claims", "pool_balance_end", "top_ups"]
STATS = ["mean", "se", "sd", "q05", "q50", "q95", "q99", "es99", "min", "max"]
SHEETS = ["answer", "budget", "banks", "checks", "drivers", "figures"]

failures = []
checked = 0
LABELS, LANG = {}, "en"


def fail(where, text):
    failures.append(f"{where}: {text}")


def blocks(ws):
    """The sheet's blocks of cells: runs of non-empty rows, each a list of rows (cells, not values)."""
    out, cur = [], []
    for row in ws.iter_rows():
        if all(c.value is None for c in row):
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(row)
    if cur:
        out.append(cur)
    return out


def same(cell, expected, fmt, where):
    """A number cell holds `expected` (None: blank) in format `fmt`."""
    global checked
    checked += 1
    value = cell.value
    if expected is None or (isinstance(expected, float) and not math.isfinite(expected)):
        if value is not None:
            fail(where, f"expected a blank cell (null in summary.json), found {value!r}")
        return
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        fail(where, f"expected the number {expected!r}, found {value!r}")
        return
    if not math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-12):
        fail(where, f"expected {expected!r}, found {value!r}")
    if fmt is not None and cell.number_format != fmt:
        fail(where, f"number format {cell.number_format!r}, expected {fmt!r}")


def table(block, where, heading=True):
    """The body rows of a block: a heading line, a header row, then rows."""
    body = block[2:] if heading else block[1:]
    return [list(r) for r in body]


def check_answer(ws, s, plan):
    b = blocks(ws)
    target = s.get("target")
    expect = 4 + (1 if plan else 0) + (1 if target else 0)
    if len(b) != expect:
        fail(ws.title, f"{len(b)} blocks, expected {expect} (answer, P(dry) by year, {'target, ' if target else ''}key figures{', plan' if plan else ''}, provenance)")
        return
    if target:
        r = table(b[2], ws.title)[0]
        w = f"{ws.title} target"
        same(r[1], target["spec"]["p_depleted"], PCT, w + " p_depleted")
        same(r[2], target["without_top_up"]["estimate"], PCT, w + " as given")
        same(r[3], target["without_top_up"]["se"], FINE_PCT, w + " as given se")
        same(r[4], target.get("top_up"), MONEY, w + " top-up")
        same(r[5], target.get("top_up_se"), MONEY, w + " top-up se")
        check = target.get("check") or {}
        same(r[8], check.get("estimate"), PCT, w + " check")
        same(r[9], check.get("se"), FINE_PCT, w + " check se")
        del b[2]
    dep = s["depletion"]
    rows = table(b[1], ws.title)
    if len(rows) != len(dep["by_year"]):
        fail(ws.title, f"{len(rows)} years, summary.json has {len(dep['by_year'])}")
    for y, r in enumerate(rows[: len(dep["by_year"])]):
        w = f"{ws.title}!{r[0].coordinate}"
        if not r[0].value:
            fail(w, "year label missing")
        same(r[1], dep["by_year"][y], PCT, w + " P(dry)")
        same(r[2], (dep.get("by_year_se") or [None] * len(rows))[y], FINE_PCT, w + " se")
        if not (r[3].value <= r[1].value <= r[4].value):
            fail(w, f"interval [{r[3].value}, {r[4].value}] does not hold {r[1].value}")
    rows = table(b[2], ws.title)
    keys = [k for k in KEY_FIGURES if k in s["metrics"]]
    if len(rows) != len(keys):
        fail(ws.title, f"{len(rows)} key figures, expected {len(keys)}")
    for k, r in zip(keys, rows):
        m = s["metrics"][k]
        for cell, stat in zip(r[2:6], ["mean", "se", "q95", "q99"]):
            same(cell, m[stat], MONEY, f"{ws.title}!{cell.coordinate} {k}.{stat}")
    if plan:
        r = table(b[3], ws.title)[0]
        fmt = MONEY if abs(plan.get("current") or 0) >= 100 or abs(plan.get("answer") or 0) >= 100 else PLAIN
        for cell, key in zip(r[2:6], ["answer", "answer_se", "current", "change"]):
            same(cell, plan.get(key), fmt, f"{ws.title}!{cell.coordinate} plan.{key}")
    prov = {r[0].value: r[1].value for r in table(b[-1], ws.title)}
    values = list(prov.values())
    for want in [s["scenario"]["name"], s["scenario"]["file"], s["scenario"]["sha256"], s["seed"], s["paths"], s["generator"], s["version"]]:
        if want not in values:
            fail(ws.title, f"provenance lacks {want!r}")


def check_budget(ws, s):
    b = blocks(ws)
    years, funders = s["budget_by_year"]["years"], s["budget_by_year"]["funders"]
    rows = table(b[0], ws.title)
    if len(rows) != len(years):
        fail(ws.title, f"{len(rows)} years, summary.json has {len(years)}")
    for y, r in zip(years, rows):
        for cell, flow in zip(r[1:8], FLOWS):
            same(cell, y[flow]["mean"], MONEY, f"{ws.title}!{cell.coordinate} {flow}")
        same(r[8], y["fiscal_cost"].get("se"), MONEY, f"{ws.title}!{r[8].coordinate} fiscal_cost.se")
        same(r[9], y["fiscal_cost"]["q95"], MONEY, f"{ws.title}!{r[9].coordinate} fiscal_cost.q95")
    # With two pools or more, a third block: each pool's P(dry) by the end of the year and its cost by year.
    order = (s.get("pool_order") or {}).get("pools") or []
    schemes = len(order) > 1 and all(s["pools"][p].get("cost_by_year") for p in order)
    if funders:
        if len(b) != 2 + (1 if schemes else 0):
            fail(ws.title, f"{len(b)} blocks, expected the budget, the funders{' and the schemes' if schemes else ''}")
            return
        for yi, r in enumerate(table(b[1], ws.title)):
            for cell, f in zip(r[1:], funders):
                same(cell, f["cost_by_year"][yi]["mean"], MONEY, f"{ws.title}!{cell.coordinate} {f['funder']}")
    if schemes:
        for yi, r in enumerate(table(b[2], ws.title)):
            for k, p in enumerate(order):
                pool = s["pools"][p]
                same(r[1 + 3 * k], pool["depletion"]["by_year"][yi], PCT, f"{ws.title} {p} P(dry) {yi}")
                same(r[2 + 3 * k], pool["cost_by_year"][yi]["mean"], MONEY, f"{ws.title} {p} cost {yi}")
                same(r[3 + 3 * k], pool["cost_by_year"][yi]["q95"], MONEY, f"{ws.title} {p} cost P95 {yi}")


def check_banks(ws, s):
    e = s["economics"]
    loss = e.get("bank_net_loss_by_bank") or {}
    b = blocks(ws)
    if not loss:
        return
    rows = table(b[0], ws.title)
    banks = sorted(loss)
    # Each bank by its label in the workbook's language (scenario.json `labels`), else its name.
    shown = [(LABELS.get(n) or {}).get(LANG) or n for n in banks]
    if [r[0].value for r in rows] != shown:
        fail(ws.title, f"banks {[r[0].value for r in rows]}, expected {shown}")
    for bank, r in zip(banks, rows):
        w = f"{ws.title} {bank}"
        l, c, i = loss[bank], (e.get("compensation_by_bank") or {}).get(bank), e["bank_net_income_by_bank"].get(bank)
        for cell, v in zip(r[1:5], [l["mean"], l["se"], l["q95"], l["q99"]]):
            same(cell, v, MONEY, w)
        same(r[5], c and c["mean"], MONEY, w + " compensation")
        same(r[6], c and c["se"], MONEY, w + " compensation se")
        same(r[7], i and i["mean"], MONEY, w + " net income")
        same(r[8], i and i["se"], MONEY, w + " net income se")
        p = s["breakers"]["p_suspended_by_year"].get(bank)
        same(r[9], p[-1] if p else None, PCT, w + " P(suspended)")
    # Who draws the pool down: one block per figure and dimension, its parts in the scenario's order;
    # then, with two pools or more, which pool gives way first.
    figures = (s.get("contributions") or {}).get("figures") or []
    order = s.get("pool_order")
    if len(b) != 1 + len(figures) + (1 if order else 0):
        fail(ws.title, f"{len(b)} blocks, expected {1 + len(figures) + (1 if order else 0)} (the banks, each contribution, the pools' order)")
        return
    for block, a in zip(b[1:], figures):
        rows = table(block, ws.title)
        names = [PART_WORDS.get(p["name"], {}).get(LANG) or (LABELS.get(p["name"]) or {}).get(LANG) or p["name"] for p in a["parts"]]
        if [r[0].value for r in rows] != names:
            fail(ws.title, f"contributions {[r[0].value for r in rows]}, expected {names}")
        for p, r in zip(a["parts"], rows):
            w = f"{ws.title} {a['figure']} by {a['by']} {p['name']}"
            for cell, key in zip(r[1:7], ["mean", "mean_se", "es99", "es99_se", "dry", "dry_se"]):
                same(cell, p.get(key), MONEY, w + " " + key)
    if order:
        rows = table(b[-1], ws.title)
        if len(rows) != len(order["pools"]):
            fail(ws.title, f"pool order: {len(rows)} rows, expected {len(order['pools'])}")
        for a, r in enumerate(rows):
            for k, cell in enumerate(r[1:1 + len(order["pools"])]):
                same(cell, order["before"][a][k], PCT, f"{ws.title} pool order {a},{k}")
            same(r[1 + len(order["pools"])], order["first"][a], PCT, f"{ws.title} pool order first {a}")


# The words the report and workbook give the parts that are no name of the scenario's.
PART_WORDS = {"(subsidies)": {"en": "Subsidies (interest, fees, premiums, appraisal)", "zh": "补贴（贴息、担保费、保费、评估费）"},
              "(no sector)": {"en": "No sector", "zh": "未分行业"}}


def check_record(ws, s):
    checks = s.get("predictive_check") or []
    if not checks:
        return
    rows = table(blocks(ws)[0], ws.title)
    if len(rows) != len(checks):
        fail(ws.title, f"{len(rows)} checks, summary.json has {len(checks)}")
    for c, r in zip(checks, rows):
        w = f"{ws.title} {c['name']}"
        fmt = MONEY if c["unit"] == "万元" else PLAIN
        same(r[4], c["mean"], fmt, w + " mean")
        same(r[5], c["interval90"][0], fmt, w + " 90% low")
        same(r[6], c["interval90"][1], fmt, w + " 90% high")
        same(r[7], c["p_agree"], PCT, w + " p_agree")
        same(r[8], c["p_agree_se"], FINE_PCT, w + " p_agree_se")


def check_tornado(block, ws, d):
    rows = table(block, ws.title)
    if len(rows) != len(d["assumptions"]):
        fail(ws.title, f"{len(rows)} assumptions, summary.json has {len(d['assumptions'])}")
    for a, r in zip(d["assumptions"], rows):
        w = f"{ws.title} {a['key']}"
        if [r[1].value, r[2].value, r[3].value] != [a["value"], a["low"], a["high"]]:
            fail(w, f"value and range {[r[1].value, r[2].value, r[3].value]}, expected {[a['value'], a['low'], a['high']]}")
        for cell, e, key, fmt in [(r[4], a["at_low"], "estimate", PCT), (r[5], a["at_low"], "change", FINE_PCT), (r[6], a["at_low"], "change_se", FINE_PCT),
                                  (r[7], a["at_high"], "estimate", PCT), (r[8], a["at_high"], "change", FINE_PCT), (r[9], a["at_high"], "change_se", FINE_PCT)]:
            same(cell, e.get(key), fmt, f"{w} {key}")


def check_drivers(ws, s):
    pu = s.get("parameter_uncertainty")
    d = s.get("drivers")
    b = blocks(ws)
    if not pu or not pu.get("point_estimate"):
        if d and d["assumptions"]:
            check_tornado(b[1], ws, d)
        return
    full, point = s["depletion"], pu["point_estimate"]["depletion"]
    # Heading, the sentence on the kinds of uncertainty, the header, then the years.
    rows = [list(r) for r in b[0][3:]]
    if len(rows) != min(len(full["by_year"]), len(point["by_year"])):
        fail(ws.title, f"{len(rows)} years")
    for y, r in enumerate(rows):
        w = f"{ws.title}!{r[0].coordinate}"
        same(r[1], full["by_year"][y], PCT, w + " with uncertainty")
        same(r[2], full["by_year_se"][y], FINE_PCT, w + " se")
        same(r[3], point["by_year"][y], PCT, w + " at the point")
        same(r[4], point["by_year_se"][y], FINE_PCT, w + " se")
        same(r[5], full["by_year"][y] - point["by_year"][y], FINE_PCT, w + " difference")
    cohorts = pu["cohorts"]
    rows = table(b[1], ws.title)
    for name, r in zip(sorted(cohorts), rows):
        same(r[2], cohorts[name]["pd_scale"], PLAIN, f"{ws.title} {name} pd_scale")
        same(r[3], cohorts[name]["point_pd"], FINE_PCT, f"{ws.title} {name} point_pd")
    rest = b[2:]
    if d and d["parameter_quantiles"]:
        quantiles = d["parameter_quantiles"]
        for y, r in enumerate(table(rest[0], ws.title)):
            for k, q in enumerate(quantiles):
                same(r[1 + 2 * k], q["by_year"][y], PCT, f"{ws.title} PD q{q['quantile']} year {y}")
                same(r[2 + 2 * k], q["by_year_se"][y], FINE_PCT, f"{ws.title} PD q{q['quantile']} year {y} se")
        rest = rest[1:]
    if d and d["assumptions"]:
        check_tornado(rest[0], ws, d)


def check_figures(ws, s):
    rows = table(blocks(ws)[0], ws.title)
    keys = [r[1].value for r in rows]
    if sorted(keys) != sorted(s["metrics"]):
        fail(ws.title, f"figures {sorted(set(keys) ^ set(s['metrics']))} differ from summary.json's metrics")
    for r in rows:
        m = s["metrics"].get(r[1].value)
        if m is None:
            continue
        fmt = MONEY if m["unit"] == "万元" else FINE_PCT if m["unit"] == "ratio" else PLAIN
        if r[2].value != m["unit"]:
            fail(f"{ws.title} {r[1].value}", f"unit {r[2].value!r}, expected {m['unit']!r}")
        for cell, stat in zip(r[3:13], STATS):
            same(cell, m[stat], fmt, f"{ws.title}!{cell.coordinate} {r[1].value}.{stat}")


def check_charts(wb):
    for ws in wb.worksheets:
        for chart in ws._charts:
            for axis, name in [(chart.x_axis, "x"), (chart.y_axis, "y")]:
                if axis.title is None:
                    fail(ws.title, f"a chart's {name} axis has no title")
    if sum(len(ws._charts) for ws in wb.worksheets) == 0:
        fail("workbook", "no native chart")


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    wb = openpyxl.load_workbook(sys.argv[1])
    with open(sys.argv[2] + "/summary.json", encoding="utf-8") as f:
        s = json.load(f)
    plan = None
    if len(sys.argv) == 4:
        with open(sys.argv[3], encoding="utf-8") as f:
            plan = json.load(f)
    global LABELS, LANG
    LANG = "zh" if wb.worksheets[0].title == "结论" else "en"
    try:
        with open(sys.argv[2] + "/scenario.json", encoding="utf-8") as f:
            LABELS = json.load(f).get("labels") or {}
    except FileNotFoundError:
        LABELS = {}
    if len(wb.worksheets) != len(SHEETS):
        fail("workbook", f"{len(wb.worksheets)} sheets, expected {len(SHEETS)}")
        return report()
    ws = dict(zip(SHEETS, wb.worksheets))
    check_answer(ws["answer"], s, plan)
    check_budget(ws["budget"], s)
    check_banks(ws["banks"], s)
    check_record(ws["checks"], s)
    check_drivers(ws["drivers"], s)
    check_figures(ws["figures"], s)
    check_charts(wb)
    return report()


def report():
    if failures:
        print(f"{sys.argv[1]}: {len(failures)} failures", file=sys.stderr)
        for f in failures[:40]:
            print("  " + f, file=sys.stderr)
        return 1
    print(f"{sys.argv[1]}: {checked} numbers agree with summary.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
