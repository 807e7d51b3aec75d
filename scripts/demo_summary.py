#!/usr/bin/env python3
"""The one-screen summary that ends scripts/demo.sh: what the run found and where its reports are.

Reads only files the demo wrote into OUT (and its store): usage demo_summary.py OUT DEVICE_KEY SECONDS.
"""
import csv
import json
import sqlite3
import statistics
import sys
from pathlib import Path

out, key, seconds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
fm = "ofa-mbv3-fmnist"


def load(name):
    return json.loads((out / name).read_text())


def latency_cells(profile):
    """(kind, label, effect, lo, hi) of every latency cell of the profile: blocks and unit depths."""
    return [(r["kind"], r["label"], float(r["effect"]), float(r["effect_lo"]), float(r["effect_hi"]))
            for r in csv.DictReader(open(out / profile / "cells.csv")) if r["metric"].startswith("latency:")]


lines = [f"== hwnas demo: what it found ({seconds / 60:.1f} min, {out}/)"]

size = load("size.json")
lines.append(f"ofa-mbv3: 10^{size['log10_total']:.1f} networks; MACs profile of its 180 cells in "
             f"{out}/profile-macs/report/index.html")

db = sqlite3.connect(out / "runs.db")
rows = db.execute("SELECT coalesce(m.compensated_median_s, m.median_s), coalesce(m.compensated_ci_low_s, m.ci_low_s), "
                  "coalesce(m.compensated_ci_high_s, m.ci_high_s) FROM measurements m JOIN devices d "
                  "ON m.device_id = d.id WHERE d.key = ?", (key,)).fetchall()
half_widths = sorted(100 * (hi - lo) / 2 / med for med, lo, hi in rows if med > 0)
lines.append(f"latency measured: {len(rows)} {fm} networks, TorchScript, 1 thread, thread-CPU time against an "
             f"interleaved reference; median {1000 * statistics.median(r[0] for r in rows):.3f} ms, 95% CI of a "
             f"median ±{statistics.median(half_widths):.1f} % typical, ±{half_widths[int(0.9 * len(half_widths))]:.1f} % p90")

training = load("supernet/supernet.json")["options"]
ranks = training["sandwich"] and training.get("distill", False) and training["epochs"] >= 2
recipe = ("the sandwich rule" + (" with in-place distillation" if training.get("distill") else "")
          if training["sandwich"] else "uniform path sampling")
lines.append(f"supernet: {training['epochs']} epoch(s) of {recipe}; " +
             ("the recipe whose inherited accuracies ranked subnets closest to training from scratch, though on "
              "Fashion-MNIST mostly by size, and at 2 epochs short of Kendall 0.5 in most trainings (docs/training.md)"
              if ranks else "such a supernet did not rank subnets as training from scratch did (docs/training.md): "
              "the accuracy side below is a walk-through, --full trains the recipe that ranked closest"))
evals = [r["accuracy"] for r in load("supernet_eval.json")["results"]]
mlp = load("accuracy-mlp-eval.json")["acc-mlp"]["held_out"]
lines.append(f"accuracy: {len(evals)} subnets of the supernet {min(evals):.2f}-{max(evals):.2f} % top-1; the accuracy "
             f"predictor ranks {mlp['count']} held-out subnets with Kendall {mlp['kendall']:.2f}")

typical_ms = 1000 * statistics.median(r[0] for r in rows)
cells = latency_cells(f"profile-{fm}")
blocks = [c for c in cells if c[0] == "block"]
clear = [c for c in blocks if c[3] > 0 or c[4] < 0]  # the 95% interval excludes no effect
largest = max(blocks, key=lambda c: abs(c[2]))
lines.append(f"latency per block: {len(clear)} of {len(blocks)} (unit, layer, block) cells differ from a random "
             f"network beyond their 95% interval (chance alone gives about {0.05 * len(blocks):.0f}); the largest effect, {largest[1]}, is {largest[2]:+.4f} ms "
             f"({100 * largest[2] / typical_ms:+.1f} % of the median network)")
depths = [c for c in cells if c[0] == "depth" and (c[3] > 0 or c[4] < 0)]
if depths:
    lines.append("latency per unit depth, clear effects: " + ", ".join(
        f"{c[1]} {c[2]:+.3f} ms [{c[3]:+.3f}, {c[4]:+.3f}]" for c in depths[:4]))

rules_file = out / f"{fm}-rules.yaml"
if rules_file.exists():
    text = [l.strip() for l in rules_file.read_text().splitlines()]
    rules = [l for l in text if l.startswith("- ")]
    lines.append(f"insights: {len(rules)} rule(s) in {rules_file}; reduced space {out}/{fm}-insight.yaml")
    for why in [l for l in text if l.startswith("why:")][:3]:
        lines.append(f"  {why[4:].strip()[:200]}")
else:
    lines.append("insights: no block cost significantly more latency without significantly more predicted "
                 "accuracy: no reduction")

predictors = load("predictors-eval.json")
lines.append("latency predictors, held out: " + ", ".join(
    f"{kind} {r['held_out']['within10_pct']:.0f} %" for kind, r in predictors.items()) + " within ±10 %")

table = [l for l in (out / "search" / "results.md").read_text().splitlines() if l.startswith("| original")
         or (l.startswith("| reduced") and rules_file.exists())]
lines.append("search, hypervolume of predicted accuracy vs latency (mean ± std over seeds)" +
             (":" if rules_file.exists() else ", the original space only (no reduction to compare):"))
for row in table:
    cells = [c.strip() for c in row.strip("|").split("|")]
    lines.append(f"  {cells[0][:60]:60} {cells[2]}")
lines.append(f"  fronts: {out}/search/fronts.png; table: {out}/search/results.md")
lines.append(f"reports: {out}/profile-macs/report/index.html, {out}/profile-{fm}/report/index.html")
lines.append(f"step times: {out}/stages.txt; the long version: scripts/demo.sh --full")
print("\n".join(lines))
(out / "summary.txt").write_text("\n".join(lines) + "\n")
