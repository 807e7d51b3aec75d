#!/usr/bin/env python3
"""Several supernets ranking together, and what one from-scratch training of every subnet ranks.

Usage: supernet_ensembles.py --seeds N OUT_DIR --group LABEL NAME... [--group ...] [--ensemble LABEL NAME...]
An ensemble ranks the subnets by the sum of its supernets' standardised inherited accuracies
(OUT_DIR/inherited-NAME.json). For each --group, every size k of ensemble drawn from it is scored by Kendall's
tau-b against the from-scratch reference (the mean of N seeds): the mean, least and greatest tau over its
combinations (at most 60 of them, drawn with a fixed seed), and how many reach tau >= 0.5 with the 95%
bootstrap interval above 0. As k grows the noise of single trainings averages out and what is left is the
recipe's own ranking. Each --ensemble is one named ensemble, scored with its interval (a check fixed before its
trainings ran). The yardstick beside them: each seed's from-scratch accuracies ranking the mean of the other
N - 1 seeds, i.e. what training every subnet once from scratch ranks (against N - 1 seeds, a slightly noisier
reference than the N the supernets face). Prints a summary and writes OUT_DIR/ensembles.json.
"""
import argparse
import functools
import itertools
import json
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rank_agreement import bootstrap, kendall_tau_b  # noqa: E402
from ranking_inputs import standardised_inherited, subnets  # noqa: E402
from reference_noise import mean_over, scratch_accuracies  # noqa: E402

MAX_COMBINATIONS = 60


def meets_target(tau, interval):
    return tau >= 0.5 and interval[0] > 0


def scored(scores, reference):
    tau = kendall_tau_b(scores, reference)
    interval = bootstrap(scores, reference, kendall_tau_b, resamples=2000)
    return {"kendall_tau": tau, "kendall_tau_95": interval, "meets_target": meets_target(tau, interval)}


parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, required=True, help="from-scratch seeds per subnet (0..N-1), N >= 2")
parser.add_argument("out", type=Path)
parser.add_argument("--group", nargs="+", action="append", default=[], metavar="LABEL NAME",
                    help="trainings of one recipe, from which ensembles of every size are drawn")
parser.add_argument("--ensemble", nargs="+", action="append", default=[], metavar="LABEL NAME",
                    help="one ensemble, scored on its own")
args = parser.parse_args()
if args.seeds < 2:
    parser.error("--seeds must be at least 2: the yardstick leaves one seed out")

archs = subnets(args.out)
per_seed = scratch_accuracies(args.out, args.seeds, len(archs))
reference = mean_over(per_seed)


@functools.cache  # each supernet is in many ensembles
def inherited(name):
    return standardised_inherited(args.out, name, archs)


def ensemble_scores(names):
    return [sum(column) for column in zip(*(inherited(n) for n in names))]


summary = {"seeds": args.seeds, "subnets": len(archs), "groups": {}, "ensembles": {}}
leave_one_out = []
for s in range(args.seeds):
    rest = mean_over([row for t, row in enumerate(per_seed) if t != s])
    leave_one_out.append(dict(scored(per_seed[s], rest), seed=s))
summary["one_from_scratch_training"] = {
    "per_seed": leave_one_out, "kendall_tau_mean": statistics.mean(r["kendall_tau"] for r in leave_one_out),
    "meeting_target": sum(r["meets_target"] for r in leave_one_out)}

for label, *names in args.group:
    rng = random.Random(1)
    sizes = []
    for k in range(1, len(names) + 1):
        combinations = list(itertools.combinations(names, k))
        if len(combinations) > MAX_COMBINATIONS:
            combinations = rng.sample(combinations, MAX_COMBINATIONS)
        results = [scored(ensemble_scores(c), reference) for c in combinations]
        taus = [r["kendall_tau"] for r in results]
        sizes.append({"trainings": k, "combinations": len(results), "kendall_tau_mean": statistics.mean(taus),
                      "kendall_tau_min": min(taus), "kendall_tau_max": max(taus),
                      "meeting_target": sum(r["meets_target"] for r in results)})
    summary["groups"][label] = {"supernets": names, "sizes": sizes}

for label, *names in args.ensemble:
    summary["ensembles"][label] = dict(scored(ensemble_scores(names), reference), supernets=names)

json.dump(summary, open(args.out / "ensembles.json", "w"), indent=1)
one = summary["one_from_scratch_training"]
print(f"one from-scratch training of every subnet against the mean of the other {args.seeds - 1} seeds: Kendall tau "
      + ", ".join(f"{r['kendall_tau']:.2f}" for r in one["per_seed"])
      + f" (mean {one['kendall_tau_mean']:.3f}; {one['meeting_target']} of {args.seeds} reach tau >= 0.5 with the "
        "interval above 0)")
for label, group in summary["groups"].items():
    print(f"{label}: ensembles of k of its {len(group['supernets'])} trainings")
    for size in group["sizes"]:
        print(f"  k={size['trainings']:2d}: {size['combinations']:3d} ensembles, tau mean {size['kendall_tau_mean']:.3f} "
              f"({size['kendall_tau_min']:.2f} to {size['kendall_tau_max']:.2f}), reaching the target "
              f"{size['meeting_target']}")
for label, e in summary["ensembles"].items():
    lo, hi = e["kendall_tau_95"]
    print(f"{label} ({len(e['supernets'])} supernets): tau {e['kendall_tau']:.3f} [{lo:.2f}, {hi:.2f}]"
          + (", reaches the target" if e["meets_target"] else ""))
