#!/usr/bin/env python3
"""Sums a build's compile and link time by kind of step, from the .ninja_log of a build folder.

Usage: bench/build_steps.py NINJA_LOG [NINJA_LOG...]   prints CSV on stdout:
  log,kind,steps,seconds
kind: pch (LibTorch's precompiled headers), library, cli, tests, python, bench (object files of each),
link (executables and the Python module, with gtest's test listing run after each link), other.
A step that wrote several outputs counts once. The seconds are each step's own wall time, measured
with every core busy, so their sum is close to the build's CPU time, not its wall time.
"""
import csv
import sys


def kind(output):
    if output.endswith(".gch"):
        return "pch"
    if output.endswith(".o"):
        for prefix, name in (("src/", "library"), ("tests/", "tests"), ("python/", "python"), ("bench/", "bench"),
                             ("CMakeFiles/hwnas_cli", "cli")):
            if output.startswith(prefix):
                return name
        return "other"
    if output.endswith(".a") or output.endswith(".checked") or output.endswith(".cmake"):
        return "other"
    return "link"


def main():
    writer = csv.writer(sys.stdout)
    writer.writerow(["log", "kind", "steps", "seconds"])
    for path in sys.argv[1:]:
        latest = {}  # output -> (start, end): a rebuilt output's last entry wins
        with open(path) as log:
            for line in log:
                if line.startswith("#"):
                    continue
                start, end, _, output, _ = line.rstrip("\n").split("\t")
                latest[output] = (int(start), int(end))
        steps = {}
        for output, span in latest.items():
            steps.setdefault(span, output)  # one step, several outputs: count it once
        totals = {}
        for (start, end), output in steps.items():
            k = kind(output)
            n, s = totals.get(k, (0, 0.0))
            totals[k] = (n + 1, s + (end - start) / 1000)
        for k in sorted(totals, key=lambda k: -totals[k][1]):
            writer.writerow([path, k, totals[k][0], f"{totals[k][1]:.1f}"])
        writer.writerow([path, "all", sum(n for n, _ in totals.values()), f"{sum(s for _, s in totals.values()):.1f}"])


if __name__ == "__main__":
    main()
