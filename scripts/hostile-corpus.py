#!/usr/bin/env python3
"""Writes the hostile-input corpus: Tests/Fixtures/hostile/{scenarios,histories,runs}/ and
expectations.tsv, one row per case: id, arguments ({f}: the fixture, {out}: an output path that must
not appear), expected exit code, and a text stderr must contain ({f} again: the position is checked
as FILE:LINE:COLUMN). The test suite (HostileCorpusTests) runs every row through the real binary.
Deterministic: rerunning it rewrites the same bytes. Usage: scripts/hostile-corpus.py"""
import os, random, shutil

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "hostile")
shutil.rmtree(root, ignore_errors=True)
for d in ("scenarios", "histories", "runs", "priors", "tapes"):
    os.makedirs(os.path.join(root, d))
rows = []

TEMPLATE = """name: hostile
horizon_months: 24
seed: 7
macro:
  phi: 0.9
programme:
  per_loan_cap: 500
  claim_lag_months: 3
  compensation:
    credit: 0.5
pool:
  initial: 10000
  top_ups:
    - {month: 13, amount: 1000}
cohorts:
  - name: a
    type: tech_sme
    firms: 500
    pd: 0.03
    rho: 0.1
    lgd: 0.6
    term_months: 12
    loan_size:
      median: 200
      sigma: 0.8
""".split("\n")


def scenario(name, text, expect, code=65, binary=False):
    path = f"Tests/Fixtures/hostile/scenarios/{name}.yaml"
    with open(os.path.join(root, "scenarios", name + ".yaml"), "wb") as f:
        f.write(text if binary else text.encode())
    rows.append((f"scenario/{name}", "run {f} --paths 50 --out {out} --quiet", code, expect))


def replaced(line, new):
    lines = list(TEMPLATE)
    lines[line - 1] = new
    return "\n".join(lines)


# Values out of range or of the wrong type, key by key: the error is on the key's own line.
values = {
    2: ("horizon_months", ["0", "-12", "1e9", "12.5", "x", "[24]", "{a: 1}", "null", "99999"]),
    3: ("seed", ["-1", "1e20", "abc", "4294967296"]),
    5: ("  phi", ["1.5", "-2", ".nan", ".inf", "x"]),
    7: ("  per_loan_cap", ["-1", "1e308", "x", ".nan"]),
    8: ("  claim_lag_months", ["-1", "1000", "2.5"]),
    10: ("    credit", ["1.5", "-0.1", ".nan", "half"]),
    12: ("  initial", ["-1", "1e308", "\"1e308亿\"", ".nan", ".inf", "abc", "[1]"]),
    18: ("    firms", ["-5", "1.5", "1e12", "many", ".nan"]),
    19: ("    pd", ["1.5", "0", "-0.1", ".nan", ".inf", "1e308", "3%x", "150%"]),
    20: ("    rho", ["1", "-0.1", "1.5", ".nan"]),
    21: ("    lgd", ["1.5", "-0.2", ".nan"]),
    22: ("    term_months", ["0", "-12", "1e6", "6.5"]),
    24: ("      median", ["0", "-100", ".nan", "1e308"]),
    25: ("      sigma", ["-1", ".nan", "100"]),
    17: ("    type", ["biotech", "5"]),
}
for line, (key, bad) in values.items():
    for k, v in enumerate(bad):
        scenario(f"{key.strip()}-{k}", replaced(line, f"{key}: {v}"), f"{{f}}:{line}:")
for k, v in enumerate(["{month: 0, amount: 1000}", "{month: -1, amount: 1000}", "{month: 13, amount: -5}",
                       "{month: 13, amount: .nan}", "{month: 1e9, amount: 1}", "{month: 13}", "5"]):
    scenario(f"top_up-{k}", replaced(14, f"    - {v}"), "{f}:14:")
# Misspelt and misplaced keys.
scenario("unknown-key", replaced(21, "    lgdd: 0.6"), "{f}:21:")
scenario("unknown-top-key", replaced(3, "sed: 7"), "{f}:3:")
scenario("wrong-case", replaced(2, "Horizon_months: 24"), "{f}:2:")
scenario("duplicate-key", replaced(20, "    pd: 0.04"), "{f}:20:")
scenario("unknown-enum", replaced(11, "pool:\n  shortfall: fifoo") , "{f}:12:")
scenario("cohort-missing-name", replaced(16, "  - type_: a"), "{f}:16:")
scenario("cohorts-not-a-list", "\n".join(TEMPLATE[:14]) + "\ncohorts: 5\n", "{f}:15:")
scenario("cohorts-empty", "\n".join(TEMPLATE[:14]) + "\ncohorts: []\n", "{f}:15:")
scenario("two-cohorts-same-name", "\n".join(TEMPLATE) + "  - {name: a, firms: 5, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}}\n",
         "{f}:26:")
# Broken files.
scenario("empty", "", "{f}:1:1:")
scenario("only-comments", "# nothing here\n# at all\n", "{f}:1:1:")
scenario("top-level-list", "- a\n- b\n", "{f}:1:1:")
scenario("top-level-scalar", "just a string\n", "{f}:1:1:")
scenario("tab-indent", replaced(19, "\tpd: 0.03"), "{f}:19:")
scenario("unclosed-bracket", replaced(14, "    - {month: 13, amount: 1000"), "{f}:15:")
scenario("bad-quote", replaced(1, "name: \"hostile"), "YAML syntax")
full = "\n".join(TEMPLATE)
# Cut inside a word: the fragment is an unknown key, a bad value or a missing section.
for k, word in enumerate(["horizon_mo", "per_loan", "top_u", "  - name: a\n    ty", "loan_si"]):
    scenario(f"truncated-{k}", full[:full.index(word.split("\n")[0]) + len(word)], "{f}:")
lines = list(TEMPLATE)
lines[4] = "  phi: 0\x009"
scenario("nul-byte", "\n".join(lines), "{f}:5:", )
rng = random.Random(11)
for k in range(3):
    scenario(f"binary-{k}", bytes(rng.randrange(256) for _ in range(600)), "{f}:", binary=True)
scenario("latin1", "name: caf\xe9\n".encode("latin-1") + "\n".join(TEMPLATE[1:]).encode(), "{f}:1:", binary=True)
scenario("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "{f}:")
scenario("deep-nesting", "x: " + "[" * 5000 + "]" * 5000 + "\n", "{f}:")
# (A file above the 4 MB input cap is made at test time by HostileInputTests, not kept in the repository.)
scenario("crlf-bad-value", replaced(19, "    pd: 2").replace("\n", "\r\n"), "{f}:19:")
with open(os.path.join(root, "scenarios", "loop-b.yaml.inc"), "w") as f:
    f.write("extends: loop-a.yaml\nname: b\n")
os.replace(os.path.join(root, "scenarios", "loop-b.yaml.inc"), os.path.join(root, "scenarios", "loop-b.yaml"))
scenario("loop-a", "extends: loop-b.yaml\nname: a\n", "extends loop")
rows.append(("scenario/loop-b", "run {f} --paths 50 --out {out} --quiet", 65, "extends loop"))
rows[-1] = ("scenario/loop-b", "run Tests/Fixtures/hostile/scenarios/loop-b.yaml --paths 50 --out {out} --quiet", 65, "extends loop")
scenario("extends-missing", "extends: nowhere.yaml\nname: x\n", "{f}:1:10:")
scenario("extends-bad-base", "extends: pd-0.yaml\nname: child\n", "pd-0.yaml:19:")
scenario("path-file-missing", full + "\nmacro: {path_file: none.csv}\n", "{f}:")
scenario("record-bad", full + "record:\n  - {month: 0, metric: defaults, value: 3}\n", "{f}:27:")
# The circuit breaker's options (0.4.0): each bad value on its own line (27), with the allowed values.
for k, v in enumerate(["scope: city", "scope: 5", "measure: balance", "check: week", "check: [month]", "min_loans: -1",
                       "min_loans: 2.5", "min_loans: 1e308", "min_loans: .nan"]):
    scenario(f"breaker-option-{k}", full + f"breaker:\n  threshold: 0.05\n  {v}\n", "{f}:28:")
scenario("breaker-stock-not-overdue", full + "breaker:\n  metric: annual_loss_rate\n  threshold: 0.05\n  measure: stock\n",
         "{f}:29:")
scenario("breaker-stock-window", full + "breaker:\n  threshold: 0.05\n  measure: stock\n  window_months: 6\n", "{f}:29:")
# A breaker's book (0.5.1): unknown, repeated, empty or non-name cohorts on their line (28); a book with a
# stop of compensation at the cohorts' line (29).
for k, v in enumerate(["cohorts: [nope]", "cohorts: []", "cohorts: [a, a]", "cohorts: 5", "cohorts: [.nan]", "cohorts: {a: 1}"]):
    scenario(f"breaker-book-{k}", full + f"breaker:\n  threshold: 0.05\n  {v}\n", "{f}:28:")
scenario("breaker-book-stop", full + "breaker:\n  threshold: 0.05\n  action: stop_compensation\n  cohorts: [a]\n", "{f}:29:")

# Default histories for `calibrate`: the error is on the row (line) it concerns.
HEADER = "year,cohort,loans,defaults"
good = [HEADER, "2019,a,400,8", "2020,a,420,12", "2021,a,450,9", "2022,a,470,15", "2023,a,500,11"]


def history(name, lines, expect, code=65, raw=None):
    path = os.path.join(root, "histories", name + ".csv")
    with open(path, "wb") as f:
        f.write(raw if raw is not None else ("\n".join(lines) + "\n").encode())
    rows.append((f"history/{name}", "calibrate {f} --out {out} --quiet", code, expect))


def hrow(i, text):
    lines = list(good)
    lines[i] = text
    return lines


history("defaults-above-loans", hrow(2, "2020,a,420,500"), "{f}:3:")
history("negative-loans", hrow(3, "2021,a,-450,9"), "{f}:4:")
history("negative-defaults", hrow(3, "2021,a,450,-9"), "{f}:4:")
history("fractional-defaults", hrow(4, "2022,a,470,1.5"), "{f}:5:")
history("nan-loans", hrow(1, "2019,a,nan,8"), "{f}:2:")
history("inf-defaults", hrow(1, "2019,a,400,inf"), "{f}:2:")
history("text-year", hrow(5, "last,a,500,11"), "{f}:6:")
history("duplicate-row", good + ["2023,a,510,10"], "{f}:7:")
history("unknown-column", [HEADER + ",colour"] + [r + ",red" for r in good[1:]], "{f}:1:")
history("missing-column", ["year,cohort,loans"] + [r.rsplit(",", 1)[0] for r in good[1:]], "{f}:1:")
history("ragged-row", hrow(2, "2020,a,420"), "{f}:3:")
history("too-many-cells", hrow(2, "2020,a,420,12,7"), "{f}:3:")
history("empty", [], "{f}:1:1:", raw=b"")
history("header-only", [HEADER], "{f}:")
history("nul-byte", [], "{f}:1:1:", raw=("\n".join(good) + "\n").replace("2021", "20\x0021").encode())
history("bad-bound", good + ["2019-2023,a,,>=x"], "{f}:7:")
history("bound-beyond-data", good + ["2010-2030,a,,>=2"], "{f}:7:")
history("year-out-of-range", hrow(1, "99999,a,400,8"), "{f}:2:")
history("crlf-defaults-above-loans", [], "{f}:3:", raw=("\r\n".join(hrow(2, "2020,a,420,500")) + "\r\n").encode())
history("binary", [], "{f}:", raw=bytes(random.Random(5).randrange(256) for _ in range(400)))
history("huge-loans", hrow(1, "2019,a,1e300,8"), "{f}:2:")

# Issue 31: impossible records are refused at once, naming the rows that contradict each other; numbers
# are decimal only; a long list of problems ends with how many more there are.
history("bound-below-the-counts", good + ["2019-2023,a,,<=3"], "{f}:7:19: defaults: at most 3")
history("bound-above-every-loan", good + ["2019-2023,a,,>=100000"], "{f}:7:19: defaults: at least 100000")
history("bounds-that-fall", [HEADER, "2019,a,400,8", "2020,a,420,", "2021,a,450,9", "2019-2020,a,,>=30", "2019-2021,a,,<=20"],
        "{f}:6:19: defaults: at most 20 defaults by 2021, but line 5")
history("hex-loans", hrow(1, "2019,a,0x10,8"), "{f}:2:")
history("hex-amount", ["year,cohort,loans,defaults,exposure_wan", "2019,a,400,8,0x10", "2020,a,420,12,100"], "{f}:2:28: exposure_wan")
history("hex-float-amount", ["year,cohort,loans,defaults,loss_wan", "2019,a,400,8,0x1p3", "2020,a,420,12,5"], "{f}:2:")
history("sixty-bad-rows", [HEADER] + [f"{2000 + i},a,-1,0" for i in range(60)], "… and 10 more problems")

# A pool's refill rule (a component since 0.4.x): an unknown rule, a target with last_year_payouts, no budget.
def with_refill(text):
    lines = list(TEMPLATE)
    lines.insert(12, "  refill: " + text)
    return "\n".join(lines)
scenario("refill-unknown-rule", with_refill("{rule: to_the_top, annual_budget: 100}"), "{f}:13:")
scenario("refill-target-with-payouts", with_refill("{rule: last_year_payouts, annual_budget: 100, target: 5}"), "{f}:13:")
scenario("refill-no-budget", with_refill("{rule: to_target, target: 500}"), "{f}:13:")
scenario("refill-hex-target", with_refill("{rule: to_target, target: 0x10, annual_budget: 100}"), "{f}:13:")

# Components since 0.5.0 (calendar start, top-ups, IP pledge, other parties, linkage, funds): each bad
# value refused at its own line.
def appended(*lines):
    base = list(TEMPLATE)
    while base and base[-1] == "":
        base.pop()
    return "\n".join(base + list(lines)) + "\n", len(base) + 1
scenario("start-month-13", "start: 2025-13\n" + full, "{f}:1:")
scenario("start-text", "start: soon\n" + full, "{f}:1:")
scenario("start-crlf-ok-but-day", "start: 2025-09-01\r\n" + full, "{f}:1:")
topup = TEMPLATE.index("    - {month: 13, amount: 1000}") + 1
scenario("topup-amount-wan", replaced(topup, "    - {month: 13, amount_wan: 1000}"), f"{{f}}:{topup}:")
scenario("topup-past-horizon", replaced(topup, "    - {month: 999, amount: 1000}"), f"{{f}}:{topup}:")
text, line = appended("    ip_pledge: {ip_type: patent, appraised_value: {median: 500}}")
scenario("ip-pledge-type", text, f"{{f}}:{line}:")
text, line = appended("    loss_split: {pool: 0.5, bank: 0.4}")
scenario("loss-split-not-one", text, f"{{f}}:{line}:")
text, line = appended("    guarantee: {fee: .nan}")
scenario("guarantee-nan-fee", text, f"{{f}}:{line}:")
text, line = appended("linkage: {exit_multiple: {pareto_alpha: 1}}")
scenario("linkage-alpha-one", text, f"{{f}}:{line}:")
text, line = appended("funds: [{name: f, committed: 1亿, investments: {a: 5}, tickets: {median: 500}}]")
scenario("fund-unknown-key", text, f"{{f}}:{line}:")

# Since 0.5.x: a scenario's target, the ranges beside its [assumption] tags, its labels. Each bad value is
# refused at its own line, before any path runs.
text, line = appended("target: {p_depleted: .nan, by: 1}")
scenario("target-nan-p", text, f"{{f}}:{line}:")
text, line = appended("target: {p_depleted: 1e308, by: 1}")
scenario("target-huge-p", text, f"{{f}}:{line}:")
text, line = appended("target: {p_depleted: 5%, by: 1e308}")
scenario("target-huge-year", text, f"{{f}}:{line}:")
text, line = appended("target: {p_depleted: 5%, by: 3}")
scenario("target-year-past-horizon", text, f"{{f}}:{line}:")
text, line = appended("target: {p_depleted: 5%, by: 2, top_up_month: 2026-13}")
scenario("target-month-13", text, f"{{f}}:{line}:")
text, line = appended("target: {p_depleted: 5%, by: 1, top_up_month: 30}")
scenario("target-month-after-year", text, f"{{f}}:{line}:")
text, line = appended("target: {p_depleted: 5%, by: 1, pool: nowhere}")
scenario("target-unknown-pool", text, f"{{f}}:{line}:")
text, line = appended("target: [5%, 2029]")
scenario("target-list", text, f"{{f}}:{line}:")
text, line = appended("label_zh: [一, 二]")
scenario("label-list", text, f"{{f}}:{line}:")
rng = TEMPLATE.index("    lgd: 0.6") + 1
scenario("range-end-refused", replaced(rng, "    lgd: 0.6   # [assumption] range: 0.4..1.7"), f"{{f}}:{rng}:")
scenario("range-end-nan", replaced(rng, "    lgd: 0.6   # [assumption] range: 0.4...nan"), f"{{f}}:{rng}:")
scenario("range-end-text", replaced(rng, "    lgd: 0.6   # [assumption] range: low..high"), f"{{f}}:{rng}:")
topup = TEMPLATE.index("    - {month: 13, amount: 1000}") + 1
scenario("range-on-flow-line", replaced(topup, "    - {month: 13, amount: 1000}   # [assumption] range: 500..2000"), f"{{f}}:{topup}:")

# A prior for a cohort the history does not have: refused at the prior's line.
os.makedirs(os.path.join(root, "priors"), exist_ok=True)
with open(os.path.join(root, "priors", "unknown-cohort.yaml"), "w") as f:
    f.write("pd: {a: 1, b: 1}\ncohorts:\n  a: {pd: {a: 1, b: 40}}\n  zz: {pd: {a: 1, b: 50}}\n")
rows.append(("cli/prior-unknown-cohort", "calibrate Tests/Fixtures/hostile/priors/good-history.csv --prior Tests/Fixtures/hostile/priors/unknown-cohort.yaml "
             "--out {out} --quiet", 65, "unknown-cohort.yaml:4:3: cohorts.zz"))
with open(os.path.join(root, "priors", "good-history.csv"), "w") as f:
    f.write("\n".join(good) + "\n")

# A loan tape with hex amounts and 60 bad rows: each named at its row, then "… and N more".
os.makedirs(os.path.join(root, "tapes"), exist_ok=True)
TAPE_HEADER = "loan_id,firm_id,bank,amount_wan,start,term_months,type,rating,sector"
tape_rows = [f"T{i:03d},F{i:03d},bank-a,0x10,2025-07,12,credit,B,new-materials" for i in range(60)]
with open(os.path.join(root, "tapes", "hex-amounts.csv"), "w") as f:
    f.write("\n".join([TAPE_HEADER] + tape_rows) + "\n")
scenario("tape-hex-amounts", "\n".join(TEMPLATE) + "\nbanks: [{name: bank-a, share: 1}]\nbook:\n  tape: ../tapes/hex-amounts.csv\n"
         "  as_of: 2025-09\n  ratings: {B: 1%}\n  rules: {credit: a}\n", "hex-amounts.csv:2:")
rows[-1] = (rows[-1][0], rows[-1][1], rows[-1][2], "hex-amounts.csv:2:")
rows.append(("cli/tape-hex-amounts-count", rows[-1][1].replace("{f}", "Tests/Fixtures/hostile/scenarios/tape-hex-amounts.yaml"), 65,
             "… and 10 more problems"))

# Command lines: usage errors exit 64 and name the option.
B1 = "scenarios/bench-b1.yaml"
# plan varies numbers only: a text key, a section and a list are refused at their place in the file.
rows.append(("cli/plan-vary-text", f"plan {B1} --target depletion.probability<=0.05 --vary name --range 0:1 --paths 50 --out {{out}}",
             65, f"{B1}:8:7: name: 'name' is text"))
rows.append(("cli/plan-vary-section", f"plan {B1} --target depletion.probability<=0.05 --vary cohorts[0] --range 0:1 --paths 50 --out {{out}}",
             65, "is a section"))
rows.append(("cli/plan-vary-word-key", f"plan {B1} --target depletion.probability<=0.05 --vary step --range 0:1 --paths 50 --out {{out}}",
             65, "'step' is text"))

for k, (args, expect) in enumerate([
    (f"run {B1} --paths 0 --out {{out}}", "--paths"), (f"run {B1} --paths -5 --out {{out}}", "--paths"),
    (f"run {B1} --paths abc --out {{out}}", "--paths"), (f"run {B1} --paths 1e9x --out {{out}}", "--paths"),
    (f"run {B1} --threads 0 --out {{out}}", "--threads"), (f"run {B1} --seed -1 --out {{out}}", "--seed"),
    (f"run {B1} --seed 99999999999 --out {{out}}", "--seed"), (f"run {B1} --precision pool_paid=-1 --out {{out}}", "precision"),
    (f"run {B1} --precision nosuchmetric=1 --out {{out}}", "nosuchmetric"), (f"run {B1} --set horizon_months --out {{out}}", "--set"),
    (f"run {B1} --paths 100000000 --spill never --out {{out}}", "--paths"), (f"run {B1} --lang xx --report --out {{out}}", "--lang"),
    (f"stress {B1} --target depletion.probability>=nan --out {{out}}", "not a number"),
    (f"stress {B1} --target nonsense --out {{out}}", "target"),
    (f"sweep {B1} --out {{out}}", "--set"), (f"sweep {B1} --set pool.initial --out {{out}}", "--set"),
    (f"frobnicate {B1}", "frobnicate"),
    (f"plan {B1} --target depletion.probability<=0.05 --vary pool.initial --range 5:1 --out {{out}}", "--range"),
    (f"plan {B1} --target depletion.probability<=0.05 --vary pool.initial --range 0:nan --out {{out}}", "--range"),
    (f"plan {B1} --target depletion.yearx<=0.05 --vary pool.initial --range 0:1 --out {{out}}", "yearx"),
    (f"plan {B1} --target depletion.probability<=0.05 --out {{out}}", "--vary"),
    (f"stress {B1} --target >=0.5 --out {{out}}", "no metric"),
    (f"plan {B1} --target <=0.1 --vary pool.initial --range 0:1 --out {{out}}", "no metric"),
    (f"compare {B1} {B1} --metric . --out {{out}}", "no metric"),
    (f"compare {B1} {B1} --metric pool_paid.q99 --out {{out}}", "not q99"),
    (f"compare {B1} {B1} --metric fiscal_cots --out {{out}}", "did you mean 'fiscal_cost'"),
    (f"compare {B1} {B1} --metric pool_paid/defaults/gross_loss --out {{out}}", "one metric by one other"),
    (f"compare {B1} {B1} --metric depletion/defaults --out {{out}}", "is a probability"),
    (f"sweep {B1} --set pool.initial=1亿,2亿 --metric pool_paid.q99/defaults --out {{out}}", "is a q99"),
    (f"sweep {B1} --set pool.initial=1亿,2亿 --metric /defaults --out {{out}}", "no metric"),
    (f"sweep {B1} --set pool.initial=1亿,2亿 --metric p_depleted --out {{out}}", "did you mean 'depletion'"),
    (f"compare {B1} {B1} --metric pool_paid_wan --out {{out}}", "did you mean 'pool_paid'"),
    (f"run {B1} --precision pool_paid.q99=5 --out {{out}}", "not q99"),
    (f"run {B1} --precision fiscal_cost/depletion=0.1 --out {{out}}", "is a probability"),
]):
    rows.append((f"cli/{k}", args, 64, expect))
rows.append(("cli/missing-scenario", "run /nonexistent/s.yaml --out {out}", 65, "/nonexistent/s.yaml:1:1"))
rows.append(("cli/plan-value-out-of-range", f"plan {B1} --target depletion.probability<=0.05 --vary cohorts[0].pd --range 0.01:2 --paths 50 --out {{out}}",
             65, "cohorts[0].pd"))
rows.append(("cli/plan-amount-too-large", f"plan {B1} --target depletion.probability<=0.05 --vary pool.initial --range 0:1e300 --paths 50 --out {{out}}",
             65, "pool.initial"))
rows.append(("cli/sweep-bad-value", f"sweep {B1} --set cohorts[0].pd=2 --paths 50 --out {{out}}", 65, "cohorts[0].pd"))

# Run folders for `report`: a folder that is not one complete result set is refused (exit 65).
def run_folder(name, files, expect):
    d = os.path.join(root, "runs", name)
    os.makedirs(d)
    for fname, text in files.items():
        with open(os.path.join(d, fname), "w") as f:
            f.write(text)
    rows.append((f"run/{name}", "report {f} --out {out}/r.html", 65, expect))


run_folder("empty", {".keep": ""}, "no summary.json")
run_folder("summary-not-json", {"summary.json": "{not json", "paths.csv": "# x\npath\n1\n", "timeseries.csv": "# x\nmonth\n1\n"},
           "summary.json")
run_folder("summary-a-list", {"summary.json": "[1, 2]", "paths.csv": "# x\npath\n1\n", "timeseries.csv": "# x\nmonth\n1\n"},
           "summary.json")
run_folder("no-paths", {"summary.json": "{}", "timeseries.csv": "# x\nmonth\n1\n"}, "paths.csv")
run_folder("manifest-mismatch", {"summary.json": "{}", "paths.csv": "# x\npath\n1\n", "timeseries.csv": "# x\nmonth\n1\n",
                                 "manifest.json": '{"set": "x", "files": {"summary.json": {"sha256": "00", "bytes": 2}}}'},
           "does not match")
run_folder("manifest-missing-file", {"summary.json": "{}", "paths.csv": "# x\npath\n1\n", "timeseries.csv": "# x\nmonth\n1\n",
                                     "manifest.json": '{"set": "x", "files": {"gone.csv": {"sha256": "00", "bytes": 2}}}'},
           "gone.csv is missing")
run_folder("manifest-escape", {"summary.json": "{}", "paths.csv": "# x\npath\n1\n", "timeseries.csv": "# x\nmonth\n1\n",
                               "manifest.json": '{"set": "x", "files": {"../../etc/passwd": {"sha256": "00", "bytes": 2}}}'},
           "is missing")
run_folder("manifest-not-json", {"summary.json": "{}", "paths.csv": "# x\npath\n1\n", "timeseries.csv": "# x\nmonth\n1\n",
                                 "manifest.json": "garbage"}, "manifest.json")
SWEEP_CSV = "# x\na,m,m_se\n1,2,0.1\n"
run_folder("sweep-json-not-json", {"sweep.csv": SWEEP_CSV, "sweep.json": "{not json"}, "sweep.json")
run_folder("sweep-json-other-columns", {"sweep.csv": SWEEP_CSV, "sweep.json": (
    '{"seed": 1, "paths": 1, "generator": "g", "version": "0.2.2", "money_unit": "万元", "block_size": 256, '
    '"scenario": {"name": "s", "file": "s.yaml", "sha256": "00"}, "keys": ["a"], '
    '"columns": [{"column": "n", "metric": "n.mean", "unit": "loans", "label": "n", "label_zh": "n"}], "points": []}')},
    "are not sweep.csv's")
rows.append(("run/nonexistent", "report Tests/Fixtures/hostile/runs/nonexistent --out {out}/r.html", 65, "no summary.json"))

with open(os.path.join(root, "expectations.tsv"), "w") as f:
    f.write("# id\targuments ({f}: the fixture; {out}: must not be created)\texit\tstderr contains ({f}: the fixture)\n")
    for r in rows:
        f.write("\t".join(str(x) for x in r) + "\n")
print(f"{len(rows)} cases in {root}")
