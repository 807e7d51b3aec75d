#!/usr/bin/env python3
"""Accuracy against size, from scratch and inherited: the figure beside docs/training.md's ranking table.

Usage: supernet_ranking_figure.py OUT_DIR RECIPE...  Reads OUT_DIR/ranking.csv and OUT_DIR/sampled_macs.tsv
(bench/supernet_ranking.sh). Writes OUT_DIR/ranking-figure.csv (per subnet: MACs, the from-scratch mean and
its standard error over seeds, and per RECIPE the mean inherited accuracy of its trainings with their lowest
and highest) and OUT_DIR/ranking-figure.png (gnuplot): one panel from scratch, one per RECIPE, each against
MACs. If a panel climbs with MACs where the from-scratch panel is flat, that supernet ranks size.
"""
import csv
import statistics
import subprocess
import sys
from pathlib import Path

if len(sys.argv) < 3:
    sys.exit("usage: supernet_ranking_figure.py OUT_DIR RECIPE...")
out, recipes = Path(sys.argv[1]), sys.argv[2:]
macs_of = {arch: float(m) for m, arch in (line.rstrip("\n").split("\t") for line in open(out / "sampled_macs.tsv"))}
rows = list(csv.DictReader(open(out / "ranking.csv")))
seed_columns = [c for c in rows[0] if c.startswith("from_scratch_seed")]
columns_of = {r: [c for c in rows[0] if c == f"inherited_{r}" or c.startswith(f"inherited_{r}-seed")] for r in recipes}
for recipe, columns in columns_of.items():
    if not columns:
        sys.exit(f"{out / 'ranking.csv'}: no inherited_{recipe} column")

header = ["subnet", "macs_m", "from_scratch", "from_scratch_se"]
for recipe in recipes:
    header += [f"{recipe}_mean", f"{recipe}_low", f"{recipe}_high"]
with open(out / "ranking-figure.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for r in rows:
        seeds = [float(r[c]) for c in seed_columns]
        se = statistics.stdev(seeds) / len(seeds) ** 0.5 if len(seeds) > 1 else 0.0
        line = [r["subnet"], round(macs_of[r["arch"]] / 1e6, 3), r["from_scratch"], round(se, 3)]
        for recipe in recipes:
            values = [float(r[c]) for c in columns_of[recipe]]
            line += [round(statistics.mean(values), 3), min(values), max(values)]
        w.writerow(line)

# ranking.csv has per-seed columns only where the reference has more than one seed.
scratch_title = (f"mean of {len(seed_columns)} seeds (bars: ± standard error)" if seed_columns else "one seed")
panels = [f'set title "from scratch: {scratch_title}"\n'
          'plot data using 2:3:4 with yerrorbars pt 7 lw 2 notitle']
for i, recipe in enumerate(recipes):
    mean, low, high = 5 + 3 * i, 6 + 3 * i, 7 + 3 * i
    n = len(columns_of[recipe])
    what = f"mean of {n} trainings (bars: lowest to highest)" if n > 1 else "one training"
    panels.append(f'set title "inherited, {recipe}: {what}"\n'
                  f'plot data using 2:{mean}:{low}:{high} with yerrorbars pt 7 lw 2 notitle')
script = f"""set terminal pngcairo size 900,{300 * len(panels)} noenhanced
set output "{out / 'ranking-figure.png'}"
set datafile separator ","
data = "{out / 'ranking-figure.csv'}"
set grid
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
set xlabel "MACs (M)"
set ylabel "top-1 (%)"
set multiplot layout {len(panels)},1
""" + "\n".join(panels) + "\nunset multiplot\n"
subprocess.run(["gnuplot"], input=script, text=True, check=True)
print(f"wrote {out / 'ranking-figure.csv'} and {out / 'ranking-figure.png'}")
