#!/usr/bin/env python3
"""Two supernets ranking together: does a supernet that follows size and one that does not err apart?

Usage: supernet_pairs.py --seeds N OUT_DIR --first NAME... --second NAME...  For every pair of a supernet of
the first group and one of the second, the subnets are ranked by the sum of the two supernets' standardised
inherited accuracies (OUT_DIR/inherited-NAME.json, as bench/supernet_ranking.py reads them), and Kendall's
tau-b against the from-scratch reference (the mean of N seeds) is computed, with a 95% percentile bootstrap
interval over subnets. Pairs within each group are scored the same way, to compare a mixed pair with two
trainings of one kind. Prints a summary and writes OUT_DIR/pairs.json.
"""
import argparse
import functools
import itertools
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rank_agreement import bootstrap, kendall_tau_b  # noqa: E402
from ranking_inputs import standardised_inherited, subnets  # noqa: E402
from reference_noise import mean_over, scratch_accuracies  # noqa: E402


parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, default=1, help="from-scratch seeds per subnet (0..N-1)")
parser.add_argument("out", type=Path)
parser.add_argument("--first", nargs="+", required=True, help="supernets of one kind (e.g. the sandwich rule's)")
parser.add_argument("--second", nargs="+", required=True, help="supernets of the other kind (e.g. uniform sampling's)")
args = parser.parse_args()

archs = subnets(args.out)
reference = mean_over(scratch_accuracies(args.out, args.seeds, len(archs)))


@functools.cache  # each supernet is in many pairs
def inherited(name):
    return standardised_inherited(args.out, name, archs)


def scored(pairs):
    results = []
    for a, b in pairs:
        together = [x + y for x, y in zip(inherited(a), inherited(b))]
        results.append({"pair": [a, b], "kendall_tau": kendall_tau_b(together, reference),
                        "kendall_tau_95": bootstrap(together, reference, kendall_tau_b)})
    taus = [r["kendall_tau"] for r in results]
    meeting = sum(1 for r in results if r["kendall_tau"] >= 0.5 and r["kendall_tau_95"][0] > 0)
    return {"pairs": results, "kendall_tau_mean": statistics.mean(taus), "kendall_tau_min": min(taus),
            "kendall_tau_max": max(taus), "meeting_target": meeting}


summary = {"seeds": args.seeds, "first": args.first, "second": args.second,
           "mixed": scored(itertools.product(args.first, args.second)),
           "first_with_first": scored(itertools.combinations(args.first, 2)),
           "second_with_second": scored(itertools.combinations(args.second, 2))}
json.dump(summary, open(args.out / "pairs.json", "w"), indent=1)
for kind, s in summary.items():
    if isinstance(s, dict):
        print(f"{kind}: {len(s['pairs'])} pairs, Kendall tau mean {s['kendall_tau_mean']:.3f} "
              f"({s['kendall_tau_min']:.3f} to {s['kendall_tau_max']:.3f}); tau >= 0.5 with the interval above 0 "
              f"in {s['meeting_target']}")
