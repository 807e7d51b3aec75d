#!/usr/bin/env python3
"""Two from-scratch references of the same subnets on different budgets (bench/supernet_ranking.sh outputs).

Usage: reference_budgets.py SHORT_DIR SHORT_SEEDS LONG_DIR LONG_SEEDS > budgets.json
Each reference is the mean of its seeds (seed 0 in DIR/scratch/I.json, seed S in DIR/scratch/seedS/I.json).
Prints, as JSON: per subnet the two references and the gain of the longer budget; the spread of each
(standard deviation over subnets); Kendall's tau between them with a 95% bootstrap interval, and each
one's tau with MACs. Where the shorter reference has several seeds and the longer one too few to model its
own noise, it also asks what the longer reference can show if one training's noise (sigma) were the
shorter budget's: the longer reference's true spread is then its spread less sigma^2 / seeds, and a
ranker that knew every subnet's expected accuracy would reach the tau printed against it
(bench/reference_noise.py). Where the longer reference has two seeds or more, its own noise model is
printed too, from which the assumption can be checked.
"""
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rank_agreement import bootstrap, kendall_tau_b  # noqa: E402
from ranking_inputs import subnets  # noqa: E402
from reference_noise import (ceiling_of, mean_over, noise_model, scratch_accuracies, shrunk_truth,  # noqa: E402
                             simulated_ceiling)


if len(sys.argv) != 5:
    sys.exit("usage: reference_budgets.py SHORT_DIR SHORT_SEEDS LONG_DIR LONG_SEEDS")
short_dir, long_dir = Path(sys.argv[1]), Path(sys.argv[3])
short_seeds, long_seeds = int(sys.argv[2]), int(sys.argv[4])
archs = subnets(short_dir)
if archs != subnets(long_dir):
    sys.exit(f"{short_dir / 'subnets.txt'} and {long_dir / 'subnets.txt'} name different subnets")
macs = [float(line.split("\t")[0]) for line in open(short_dir / "sampled_macs.tsv")]
short_runs = scratch_accuracies(short_dir, short_seeds, len(archs))
long_runs = scratch_accuracies(long_dir, long_seeds, len(archs))
short, long = mean_over(short_runs), mean_over(long_runs)

result = {
    "subnets": len(archs),
    "short": {"dir": str(short_dir), "seeds": short_seeds, "from_scratch": [round(a, 3) for a in short],
              "sd_over_subnets": statistics.stdev(short), "kendall_tau_with_macs": kendall_tau_b(short, macs)},
    "long": {"dir": str(long_dir), "seeds": long_seeds, "from_scratch": [round(a, 3) for a in long],
             "sd_over_subnets": statistics.stdev(long), "kendall_tau_with_macs": kendall_tau_b(long, macs)},
    "gain": [round(b - a, 3) for a, b in zip(short, long)],
    "kendall_tau_long_vs_short": kendall_tau_b(long, short),
    "kendall_tau_long_vs_short_95": bootstrap(long, short, kendall_tau_b),
    "kendall_tau_long_vs_each_short_seed": [kendall_tau_b(long, run) for run in short_runs],
}
if short_seeds > 2 and long_seeds < 3:
    sigma = noise_model(short_runs)[0]
    shrink, truth = shrunk_truth(long, sigma, long_seeds)
    result["long_if_its_noise_were_short_ones"] = ceiling_of(sigma, shrink, truth, [long_seeds])
if long_seeds > 1:
    result["long_own_noise"] = simulated_ceiling(long_runs, reference_seeds=(1,))
json.dump(result, sys.stdout, indent=1)
print()
