"""What the ranking benchmarks read from a ranking folder (bench/supernet_ranking.sh's OUT_DIR): the subnets
in their order (every ranking script), and a supernet's inherited accuracies of them, standardised so that
supernets of different accuracy levels weigh alike when their scores are summed (bench/supernet_pairs.py,
supernet_ensembles.py). The from-scratch scores are read by bench/reference_noise.py."""
import json
import statistics


def subnets(out):
    return [line.strip() for line in open(out / "subnets.txt") if line.strip()]


def standardised(values):
    mean, sd = statistics.mean(values), statistics.pstdev(values)
    return [(v - mean) / sd for v in values]


def standardised_inherited(out, name, archs):
    """The inherited top-1 of each subnet in OUT/inherited-NAME.json (hwnas supernet eval --json), standardised."""
    rows = {r["arch"]: r["accuracy"] for r in json.load(open(out / f"inherited-{name}.json"))["results"]}
    return standardised([rows[a] for a in archs])
