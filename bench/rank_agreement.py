"""Rank agreement between two lists of scores: Spearman's rho, Kendall's tau-b (and its partial form,
with a third ranking held fixed) and a percentile bootstrap interval over the items. Shared by the
benchmarks that compare rankings (bench/supernet_ranking.py, bench/supernet_experiment.sh)."""
import random


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def kendall_tau_b(x, y):
    concordant = discordant = ties_x = ties_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else 0.0


def partial_kendall_tau(x, y, z):
    """Kendall's partial tau of x and y with z held fixed (Kendall 1942): how far x ranks y beyond what
    z alone explains. 0 when x or y is ranked exactly as z (nothing left beyond z)."""
    xy, xz, yz = kendall_tau_b(x, y), kendall_tau_b(x, z), kendall_tau_b(y, z)
    denominator = ((1 - xz * xz) * (1 - yz * yz)) ** 0.5
    return (xy - xz * yz) / denominator if denominator > 1e-12 else 0.0


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else 0.0


def bootstrap(x, y, statistic, resamples=10000, seed=1):
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        idx = [rng.randrange(len(x)) for _ in x]
        values.append(statistic([x[i] for i in idx], [y[i] for i in idx]))
    values.sort()
    return values[int(0.025 * resamples)], values[int(0.975 * resamples) - 1]
