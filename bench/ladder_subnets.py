#!/usr/bin/env python3
"""Subnets that climb the whole size range of an MBConv space, for bench/supernet_ranking.sh (SELECT=ladder).

Usage: ladder_subnets.py SPACE_YAML K SEED. Prints K architectures (canonical text), subnet i drawn at
tilt t = i / (K - 1): each unit's depth and each layer's expand ratio and kernel are the choice nearest
to t of the way from the smallest to the largest, jittered by a normal step of 0.6 choices so that
subnets of one size differ in layout. Uniform samples cluster around the middle of the MACs range;
the ladder reaches its two ends, where from-scratch accuracies differ most.
"""
import random
import sys

import yaml

space = yaml.safe_load(open(sys.argv[1]))
k, rng = int(sys.argv[2]), random.Random(int(sys.argv[3]))
blocks = [b for b in space["blocks"] if b["kind"] == "mbconv"]
expands = sorted({b["expand"] for b in blocks})
kernels = sorted({b["kernel"] for b in blocks})
by_choice = {(b["expand"], b["kernel"]): b["name"] for b in blocks}


def pick(options, t):
    i = round(t * (len(options) - 1) + rng.gauss(0, 0.6))
    return options[min(max(i, 0), len(options) - 1)]


resolution = space["input"]["default_resolution"]
for i in range(k):
    t = i / (k - 1)
    units = []
    for unit in space["units"]:
        low, high = unit["layers"]
        depth = pick(list(range(low, high + 1)), t)
        units.append(",".join(by_choice[(pick(expands, t), pick(kernels, t))] for _ in range(depth)))
    print(f"r{resolution}|" + "|".join(units))
