#!/usr/bin/env python3
"""Rank agreement between inherited and from-scratch accuracies (bench/supernet_ranking.sh, step 4).

Usage: supernet_ranking.py OUT_DIR SUPERNET_DIR...  Writes OUT_DIR/ranking.csv (one row per subnet) and
OUT_DIR/summary.json (per supernet: Kendall's tau-b and Spearman's rho, each with a 95% percentile
bootstrap interval over subnets), and prints a table.
"""
import csv
import json
import random
import sys
from pathlib import Path


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def kendall_tau_b(x, y):
    concordant = discordant = ties_x = ties_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else 0.0


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else 0.0


def bootstrap(x, y, statistic, resamples=10000, seed=1):
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        idx = [rng.randrange(len(x)) for _ in x]
        values.append(statistic([x[i] for i in idx], [y[i] for i in idx]))
    values.sort()
    return values[int(0.025 * resamples)], values[int(0.975 * resamples) - 1]


out = Path(sys.argv[1])
archs = [line.strip() for line in open(out / "subnets.txt") if line.strip()]
scratch = [json.load(open(out / "scratch" / f"{i + 1}.json"))["results"][0]["accuracy"] for i in range(len(archs))]
summary = {"subnets": len(archs), "from_scratch": scratch, "supernets": {}}
columns = {}
for supernet in sys.argv[2:]:
    name = Path(supernet).name
    rows = {r["arch"]: r["accuracy"] for r in json.load(open(out / f"inherited-{name}.json"))["results"]}
    inherited = [rows[a] for a in archs]
    columns[name] = inherited
    tau, rho = kendall_tau_b(inherited, scratch), spearman(inherited, scratch)
    summary["supernets"][name] = {
        "kendall_tau": tau, "kendall_tau_95": bootstrap(inherited, scratch, kendall_tau_b),
        "spearman_rho": rho, "spearman_rho_95": bootstrap(inherited, scratch, spearman),
        "inherited": inherited,
    }

with open(out / "ranking.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["subnet", "arch", "from_scratch"] + [f"inherited_{n}" for n in columns])
    for i, a in enumerate(archs):
        w.writerow([i + 1, a, scratch[i]] + [columns[n][i] for n in columns])
json.dump(summary, open(out / "summary.json", "w"), indent=2)

print(f"{len(archs)} subnets; from scratch {min(scratch):.2f}-{max(scratch):.2f} %")
print("| supernet | inherited top-1 | Kendall tau [95% bootstrap] | Spearman rho [95% bootstrap] |")
print("| --- | --- | --- | --- |")
for name, s in summary["supernets"].items():
    k, r = s["kendall_tau_95"], s["spearman_rho_95"]
    print(f"| {name} | {min(s['inherited']):.2f}-{max(s['inherited']):.2f} % | {s['kendall_tau']:.3f} "
          f"[{k[0]:.3f}, {k[1]:.3f}] | {s['spearman_rho']:.3f} [{r[0]:.3f}, {r[1]:.3f}] |")
