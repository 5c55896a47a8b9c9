#!/usr/bin/env python3
"""CPU of two loansim binaries side by side: B1 and the three rulebook scenarios of `make bench`, one
thread, interleaved runs (old, new, old, new, …), median user+system CPU of each. Prints new / old.

    scripts/speed-vs.py OLD_BIN NEW_BIN [RUNS] [B1_PATHS] [RULE_PATHS]
"""
import os, resource, statistics, subprocess, sys, tempfile

old, new = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
b1_paths = sys.argv[4] if len(sys.argv) > 4 else "100000"
rule_paths = sys.argv[5] if len(sys.argv) > 5 else "10000"
cases = [("B1", "scenarios/bench-b1.yaml", b1_paths)] + [
    (n, f"scenarios/{n}.yaml", rule_paths) for n in ("zhengzhou-ip-pledge", "henan-kejidai-2025", "zhengzhou-city-district-province")]
out = tempfile.mkdtemp()


def cpu(binary, scenario, paths):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "run", scenario, "--paths", paths, "--threads", "1", "--out", f"{out}/o", "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


print(f"{'scenario':36} {'paths':>8} {'old CPU s':>10} {'new CPU s':>10} {'new/old':>8}   ({runs} interleaved runs, medians)")
for name, scenario, paths in cases:
    a, b = [], []
    for _ in range(runs):
        a.append(cpu(old, scenario, paths))
        b.append(cpu(new, scenario, paths))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{name:36} {int(paths):>8,} {ma:10.2f} {mb:10.2f} {mb / ma:8.3f}")
