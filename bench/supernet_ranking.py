#!/usr/bin/env python3
"""Rank agreement between inherited and from-scratch accuracies (bench/supernet_ranking.sh, step 4).

Usage: supernet_ranking.py [--seeds N] [--score loss] OUT_DIR SUPERNET_DIR...  The from-scratch reference of a subnet is
the mean of its N seeds (seed 0 in OUT_DIR/scratch/I.json, seed S in OUT_DIR/scratch/seedS/I.json).
Writes OUT_DIR/ranking.csv (one row per subnet) and OUT_DIR/summary.json (per supernet, and for MACs as a
proxy: Kendall's tau-b and Spearman's rho against the reference, each with a 95% percentile bootstrap
interval over subnets, and each supernet's tau with MACs and its partial tau with the reference given
MACs, what it ranks beyond size; with N > 1 also each pair of seeds against each other, the agreement
one from-scratch run has with another, each supernet against single seeds, to compare with it, and the
ceiling the reference's own noise puts on any ranker, bench/reference_noise.py), and prints a table.
Supernets named RECIPE and RECIPE-seedS are trainings of one recipe with different seeds
(bench/supernet_recipes.sh): a recipe trained more than once gets its tau over the trainings (mean,
standard deviation, and how many reach tau >= 0.5 with the interval above 0), since one training says
little about a recipe, the tau of each pair of its trainings against each other (how repeatable the
recipe's ranking is, whatever the reference), and the tau of the trainings' mean inherited accuracy.
With --score loss a supernet ranks its subnets by their test cross-entropy (lower first) instead of their
top-1, from the "loss" of the evaluations (hwnas supernet eval --json).
"""
import argparse
import csv
import itertools
import json
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rank_agreement import bootstrap, kendall_tau_b, partial_kendall_tau, spearman  # noqa: E402
from ranking_inputs import subnets  # noqa: E402
from reference_noise import halves_agreement, scratch_accuracies, simulated_ceiling  # noqa: E402


def agreement(x, y):
    return {"kendall_tau": kendall_tau_b(x, y), "kendall_tau_95": bootstrap(x, y, kendall_tau_b),
            "spearman_rho": spearman(x, y), "spearman_rho_95": bootstrap(x, y, spearman)}


parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, default=1, help="from-scratch seeds per subnet (0..N-1)")
parser.add_argument("--score", choices=["accuracy", "loss"], default="accuracy",
                    help="what ranks a supernet's subnets: inherited top-1, or test cross-entropy (lower first)")
parser.add_argument("out", type=Path)
parser.add_argument("supernets", nargs="+")
args = parser.parse_args()
out = args.out

archs = subnets(out)
per_seed = scratch_accuracies(out, args.seeds, len(archs))
scratch = [round(sum(column) / len(column), 4) for column in zip(*per_seed)]
summary = {"subnets": len(archs), "seeds": args.seeds, "score": args.score, "from_scratch": scratch, "supernets": {}}
if args.seeds > 1:
    summary["from_scratch_per_seed"] = per_seed
    summary["seed_agreement"] = {f"seed {s} vs seed {t}": agreement(per_seed[s], per_seed[t])
                                 for s, t in itertools.combinations(range(args.seeds), 2)}
    summary["reference_noise"] = {"halves": halves_agreement(per_seed), "simulated": simulated_ceiling(per_seed)}

columns = {}
for supernet in args.supernets:
    name = Path(supernet).name
    results = json.load(open(out / f"inherited-{name}.json"))["results"]
    rows = {r["arch"]: r["accuracy"] if args.score == "accuracy" else -r["loss"] for r in results}
    inherited = [rows[a] for a in archs]
    columns[name] = inherited
    summary["supernets"][name] = dict(agreement(inherited, scratch), inherited=inherited)
    if args.seeds > 1:
        summary["supernets"][name]["kendall_tau_per_seed"] = [kendall_tau_b(inherited, s) for s in per_seed]

# MACs as a zero-cost proxy: how well size alone ranks the from-scratch accuracies.
macs_file = out / "sampled_macs.tsv"
if macs_file.exists():
    macs_of = {arch: float(m) for m, arch in (line.rstrip("\n").split("\t") for line in open(macs_file))}
    if all(a in macs_of for a in archs):
        macs = [macs_of[a] for a in archs]
        summary["macs_proxy"] = dict(agreement(macs, scratch), macs=macs)
        # How much of a supernet's ranking is size alone, to set beside the reference's own, and how far it
        # ranks the reference beyond size (partial tau with MACs held fixed; the bootstrap resamples subnets).
        for name, column in columns.items():
            with_macs = list(zip(column, macs))
            summary["supernets"][name].update(
                kendall_tau_with_macs=kendall_tau_b(column, macs),
                partial_kendall_tau_given_macs=partial_kendall_tau(column, scratch, macs),
                partial_kendall_tau_given_macs_95=bootstrap(
                    with_macs, scratch, lambda xz, y: partial_kendall_tau([a for a, _ in xz], y, [m for _, m in xz])))

# Trainings of one recipe with different seeds, together.
trainings = {}
for name, s in summary["supernets"].items():
    trainings.setdefault(re.sub(r"-seed[0-9]+$", "", name), []).append(s)
summary["recipes"] = {}
for recipe, runs in trainings.items():
    if len(runs) < 2:
        continue
    taus = [r["kendall_tau"] for r in runs]
    summary["recipes"][recipe] = {
        "trainings": len(runs), "kendall_tau": taus, "kendall_tau_mean": statistics.mean(taus),
        "kendall_tau_sd": statistics.stdev(taus),
        "meeting_target": sum(r["kendall_tau"] >= 0.5 and r["kendall_tau_95"][0] > 0 for r in runs),
        "kendall_tau_between_trainings": [kendall_tau_b(a["inherited"], b["inherited"])
                                          for a, b in itertools.combinations(runs, 2)],
        # If the trainings' noise held tau down, their mean would rank better than one training does.
        "kendall_tau_of_mean_inherited": kendall_tau_b([statistics.mean(c) for c in zip(*(r["inherited"] for r in runs))],
                                                       scratch)}
    if "macs_proxy" in summary:
        summary["recipes"][recipe]["partial_kendall_tau_given_macs_mean"] = statistics.mean(
            r["partial_kendall_tau_given_macs"] for r in runs)

seed_columns = [f"from_scratch_seed{s}" for s in range(args.seeds)] if args.seeds > 1 else []
with open(out / "ranking.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["subnet", "arch", "from_scratch"] + seed_columns + [f"inherited_{n}" for n in columns])
    for i, a in enumerate(archs):
        seeds = [column[i] for column in per_seed] if args.seeds > 1 else []
        w.writerow([i + 1, a, scratch[i]] + seeds + [columns[n][i] for n in columns])
json.dump(summary, open(out / "summary.json", "w"), indent=2)

mean_of = f"mean of {args.seeds} seeds, " if args.seeds > 1 else ""
print(f"{len(archs)} subnets; from scratch ({mean_of}the reference) {min(scratch):.2f}-{max(scratch):.2f} %")
print("| against the reference | scores | Kendall tau [95% bootstrap] | Spearman rho [95% bootstrap] |")
print("| --- | --- | --- | --- |")
rows = {name: dict(s, scores=s["inherited"]) for name, s in summary["supernets"].items()}
if "macs_proxy" in summary:
    rows["MACs (proxy)"] = dict(summary["macs_proxy"], scores=summary["macs_proxy"]["macs"])
for name, s in rows.items():
    k, r = s["kendall_tau_95"], s["spearman_rho_95"]
    low, high = min(s["scores"]), max(s["scores"])
    if name.startswith("MACs"):
        span = f"{low / 1e6:.2f}-{high / 1e6:.2f} M MACs"
    elif args.score == "loss":
        span = f"loss {-high:.3f}-{-low:.3f}"
    else:
        span = f"{low:.2f}-{high:.2f} %"
    print(f"| {name} | {span} | {s['kendall_tau']:.3f} "
          f"[{k[0]:.3f}, {k[1]:.3f}] | {s['spearman_rho']:.3f} [{r[0]:.3f}, {r[1]:.3f}] |")
if args.seeds > 1:
    print("\nOne from-scratch run against another (the most a ranker can agree with a single seed):")
    for pair, s in summary["seed_agreement"].items():
        k = s["kendall_tau_95"]
        print(f"  {pair}: Kendall tau {s['kendall_tau']:.3f} [{k[0]:.3f}, {k[1]:.3f}]")
    halves, simulated = summary["reference_noise"]["halves"], summary["reference_noise"]["simulated"]
    print(f"  mean of {halves['seeds_per_half']} seeds against the mean of {halves['seeds_per_half']} others: "
          f"Kendall tau {halves['kendall_tau_mean']:.3f} on average over {halves['splits']} splits")
    ceiling = simulated["perfect_ranker_against_k_seeds"]
    print(f"  noise of one training's accuracy (two-way model): {simulated['sigma']:.3f} points; it predicts "
          f"seed against seed at tau {simulated['predicted_seed_agreement']['kendall_tau_mean']:.3f} (observed "
          f"{statistics.mean(s['kendall_tau'] for s in summary['seed_agreement'].values()):.3f})")
    print("  a ranker that knew each subnet's expected from-scratch accuracy, against a reference of k seeds: "
          + "; ".join(f"k={k}: tau {c['kendall_tau_mean']:.3f} [{c['kendall_tau_95'][0]:.3f}, "
                      f"{c['kendall_tau_95'][1]:.3f}], >= 0.5 in {100 * c['share_at_least_0.5']:.0f}%"
                      for k, c in ceiling.items()))
    for name, s in summary["supernets"].items():
        print(f"  {name} against each seed: Kendall tau "
              + ", ".join(f"{t:.3f}" for t in s["kendall_tau_per_seed"]))
if "macs_proxy" in summary:
    print(f"\nSize: each supernet's Kendall tau with MACs (how far its ranking is size alone; the reference's: "
          f"{summary['macs_proxy']['kendall_tau']:.3f}), and its partial tau with the reference, MACs held fixed:")
    for name, s in summary["supernets"].items():
        k = s["partial_kendall_tau_given_macs_95"]
        print(f"  {name}: with MACs {s['kendall_tau_with_macs']:.2f}; beyond MACs "
              f"{s['partial_kendall_tau_given_macs']:.2f} [{k[0]:.2f}, {k[1]:.2f}]")
if summary["recipes"]:
    print("\nRecipes trained more than once (seeds of the supernet), Kendall tau against the reference:")
    for recipe, r in summary["recipes"].items():
        print(f"  {recipe}: {r['trainings']} trainings, mean {r['kendall_tau_mean']:.3f} "
              f"(sd {r['kendall_tau_sd']:.3f}; " + ", ".join(f"{t:.2f}" for t in r["kendall_tau"]) +
              f"); tau >= 0.5 with the interval above 0 in {r['meeting_target']}; trainings against each other: "
              f"mean {statistics.mean(r['kendall_tau_between_trainings']):.3f}; their mean inherited {args.score}: "
              f"{r['kendall_tau_of_mean_inherited']:.3f}" +
              (f"; beyond MACs (partial tau): mean {r['partial_kendall_tau_given_macs_mean']:.2f}"
               if "partial_kendall_tau_given_macs_mean" in r else ""))
