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


def block_effects(profile, metric_prefix):
    """(code, M_b - baseline, lo, hi) of every block on the first metric starting with metric_prefix."""
    rows = [r for r in csv.DictReader(open(out / profile / "blocks.csv")) if r["metric"].startswith(metric_prefix)]
    effects = []
    for r in rows:
        base = float(r["baseline_mean"])
        effects.append((r["code"], float(r["m_b"]) - base, float(r["m_b_lo"]) - base, float(r["m_b_hi"]) - base))
    return effects


lines = [f"== hwnas demo: what it found ({seconds / 60:.1f} min, {out}/)"]

size = load("size.json")
lines.append(f"ofa-mbv3: 10^{size['log10_total']:.1f} networks; MACs profile of its 180 cells in "
             f"{out}/profile-macs/report/index.html")

db = sqlite3.connect(out / "runs.db")
rows = db.execute("SELECT m.median_s, m.ci_low_s, m.ci_high_s, m.runs FROM measurements m JOIN devices d "
                  "ON m.device_id = d.id WHERE d.key = ?", (key,)).fetchall()
half_widths = [100 * (hi - lo) / 2 / med for med, lo, hi, _ in rows if med > 0]
lines.append(f"latency measured: {len(rows)} {fm} networks, TorchScript, 1 thread, thread-CPU time; median "
             f"{1000 * statistics.median(r[0] for r in rows):.3f} ms, 95% CI of a median within "
             f"±{statistics.median(half_widths):.1f} % (typical), ±{max(half_widths):.1f} % (widest)")

evals = [r["accuracy"] for r in load("supernet_eval.json")["results"]]
mlp = load("accuracy-mlp-eval.json")["acc-mlp"]["held_out"]
lines.append(f"accuracy: {len(evals)} subnets of the supernet {min(evals):.2f}-{max(evals):.2f} % top-1; the accuracy "
             f"predictor ranks {mlp['count']} held-out subnets with Kendall {mlp['kendall']:.2f}")

latency = sorted(block_effects(f"profile-{fm}", "latency:"), key=lambda e: e[1])
def fmt_effect(e):
    return f"{e[0]} {e[1] * 1000:+.1f} µs [{e[2] * 1000:+.1f}, {e[3] * 1000:+.1f}]"
lines.append("latency per block (M_b vs a random network, 95% CI): cheapest " + fmt_effect(latency[0]) +
             "; costliest " + ", ".join(fmt_effect(e) for e in latency[-2:]))

rules_file = out / f"{fm}-rules.yaml"
if rules_file.exists():
    rules = [l.strip() for l in rules_file.read_text().splitlines() if l.strip().startswith("- ")]
    lines.append(f"insights: {len(rules)} rule(s) in {rules_file}; reduced space {out}/{fm}-insight.yaml")
    for rule in rules[:3]:
        lines.append(f"  {rule[:110]}")
else:
    lines.append("insights: no block cost significantly more latency without significantly more predicted "
                 "accuracy: no reduction")

predictors = load("predictors-eval.json")
lines.append("latency predictors, held out: " + ", ".join(
    f"{kind} {r['held_out']['within10_pct']:.0f} %" for kind, r in predictors.items()) + " within ±10 %")

table = [l for l in (out / "search" / "results.md").read_text().splitlines() if l.startswith("| original")
         or l.startswith("| reduced")]
lines.append("search, hypervolume of predicted accuracy vs latency (mean ± std over seeds):")
for row in table:
    cells = [c.strip() for c in row.strip("|").split("|")]
    lines.append(f"  {cells[0][:60]:60} {cells[2]}")
lines.append(f"  fronts: {out}/search/fronts.png; table: {out}/search/results.md")
lines.append(f"reports: {out}/profile-macs/report/index.html, {out}/profile-{fm}/report/index.html")
lines.append(f"step times: {out}/stages.txt; the long version: scripts/demo.sh --full")
print("\n".join(lines))
(out / "summary.txt").write_text("\n".join(lines) + "\n")
