#!/usr/bin/env python3
"""Rank agreement between inherited and from-scratch accuracies (bench/supernet_ranking.sh, step 4).

Usage: supernet_ranking.py OUT_DIR SUPERNET_DIR...  Writes OUT_DIR/ranking.csv (one row per subnet) and
OUT_DIR/summary.json (per supernet: Kendall's tau-b and Spearman's rho, each with a 95% percentile
bootstrap interval over subnets), and prints a table.
"""
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rank_agreement import bootstrap, kendall_tau_b, spearman  # noqa: E402


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

# MACs as a zero-cost proxy: how well size alone ranks the from-scratch accuracies.
macs_file = out / "sampled_macs.tsv"
if macs_file.exists():
    macs_of = {arch: float(m) for m, arch in (line.rstrip("\n").split("\t") for line in open(macs_file))}
    if all(a in macs_of for a in archs):
        macs = [macs_of[a] for a in archs]
        summary["macs_proxy"] = {
            "kendall_tau": kendall_tau_b(macs, scratch), "kendall_tau_95": bootstrap(macs, scratch, kendall_tau_b),
            "spearman_rho": spearman(macs, scratch), "spearman_rho_95": bootstrap(macs, scratch, spearman),
            "macs": macs,
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
rows = dict(summary["supernets"])
if "macs_proxy" in summary:
    rows["MACs (proxy)"] = dict(summary["macs_proxy"], inherited=summary["macs_proxy"]["macs"])
for name, s in rows.items():
    k, r = s["kendall_tau_95"], s["spearman_rho_95"]
    low, high = min(s["inherited"]), max(s["inherited"])
    span = f"{low / 1e6:.2f}-{high / 1e6:.2f} M MACs" if "macs" in s else f"{low:.2f}-{high:.2f} %"
    print(f"| {name} | {span} | {s['kendall_tau']:.3f} "
          f"[{k[0]:.3f}, {k[1]:.3f}] | {s['spearman_rho']:.3f} [{r[0]:.3f}, {r[1]:.3f}] |")
