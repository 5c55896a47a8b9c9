#!/usr/bin/env python3
"""Writes a SYNTHETIC loan tape of 郑科贷 loans (3,000 by default) for scenarios/bank-tape-example.yaml.

Every value is made up (seeded, so the file is the same each time): five banks in the scenario's
shares, four loan types, ratings A–E mapped to PDs by the scenario, sectors, revenues and innovation
scores. It exists to show the tape format and `loansim validate`; it describes no real bank.
Usage: python3 scripts/make-tape.py [N] [OUT]   (OUT: scenarios/tapes/bank-tape-example.csv)
"""
import csv, os, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "scenarios", "tapes", "bank-tape-example.csv")
rng = random.Random(20250901)
banks = [("bank-a", 0.30), ("bank-b", 0.25), ("bank-c", 0.20), ("bank-d", 0.15), ("bank-e", 0.10)]
types = [("credit", 0.55), ("collateral", 0.25), ("guaranteed", 0.12), ("ip_pledge", 0.08)]
sectors = ["electronics", "software", "biomedicine", "new-materials", "equipment"]
ratings = ["A", "B", "C", "D", "E"]


def pick(weighted):
    u, acc = rng.random(), 0.0
    for name, w in weighted:
        acc += w
        if u < acc:
            return name
    return weighted[-1][0]


tmp = path + ".tmp"
with open(tmp, "w", newline="") as f:
    f.write("# SYNTHETIC loan tape made by scripts/make-tape.py: not a real bank's book\n")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["loan_id", "firm_id", "bank", "amount_wan", "start", "term_months", "type", "rating", "sector", "revenue_wan",
                "collateral_share", "appraised_ip_wan", "innovation_score", "linked", "stake"])
    for i in range(n):
        kind = pick(types)
        term = rng.choice([12, 12, 12, 24, 36])
        months_ago = rng.randrange(0, term)               # live at the book date, 2025-09
        y, m = divmod(2025 * 12 + 8 - months_ago, 12)
        revenue = round(rng.lognormvariate(8.8, 0.8), 1)  # median ≈ 6,600 万元
        amount = round(min(2000.0, max(10.0, rng.lognormvariate(5.6, 0.8))), 1)
        ip = round(amount / 0.275, 1) if kind == "ip_pledge" else ""
        linked = rng.random() < 0.05
        firm = f"F{rng.randrange(1, i + 1):05d}" if i > 0 and rng.random() < 0.03 else f"F{i + 1:05d}"  # 3% second loans
        w.writerow([f"T{i + 1:05d}", firm, pick(banks), amount, f"{y:04d}-{m + 1:02d}", term, kind,
                    rng.choices(ratings, [0.15, 0.35, 0.3, 0.15, 0.05])[0], rng.choice(sectors), revenue,
                    0.3 if kind == "collateral" else "", ip, rng.randrange(40, 100), "true" if linked else "false",
                    0.02 if linked else ""])
os.replace(tmp, path)
print(f"wrote {os.path.normpath(path)}: {n} synthetic loans")
