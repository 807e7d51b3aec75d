"""How far a from-scratch reference ranking can be trusted, from its seeds alone (bench/supernet_ranking.py).

A reference made of a few from-scratch trainings per subnet is itself noisy, so even a ranker that knew
every subnet's expected from-scratch accuracy would not reach Kendall tau 1 against it. Two estimates of
that ceiling:

- halves: split the seeds into two disjoint halves and rank the mean of one against the mean of the
  other, for every split. Model-free, but each half has half the seeds of the reference.
- simulated: accuracy of seed s on subnet i = mu_i + b_s + e_si, with a per-seed offset b_s (it does not
  change a ranking) and independent noise e of variance sigma^2, estimated from the two-way residuals.
  The subnets' true spread is the reference's spread less the noise it still carries (sigma^2 / seeds),
  so the simulated truths are the reference's means shrunk towards their mean by that much. Drawing
  references of k seeds around them gives the tau a perfect ranker reaches against a k-seed reference.
  The same model predicts how one seed ranks another, which checks it against the observed pairs.
"""
import itertools
import json
import random
import statistics
import sys

from rank_agreement import kendall_tau_b


def scratch_accuracy(out, seed, subnet):
    """Test accuracy of one from-scratch training (bench/supernet_ranking.sh: seed 0 in OUT/scratch/I.json,
    seed S in OUT/scratch/seedS/I.json)."""
    path = out / "scratch" / (f"{subnet}.json" if seed == 0 else f"seed{seed}/{subnet}.json")
    if not path.is_file():
        sys.exit(f"{path}: no such score; train seed {seed} first (bench/supernet_ranking.sh with "
                 f"SCRATCH_SEEDS={seed + 1} or more)")
    return json.load(open(path))["results"][0]["accuracy"]


def scratch_accuracies(out, seeds, subnets):
    """Per seed (0..seeds-1), the from-scratch accuracies of subnets 1..subnets."""
    return [[scratch_accuracy(out, s, i + 1) for i in range(subnets)] for s in range(seeds)]


def mean_over(rows):
    return [statistics.mean(column) for column in zip(*rows)]


def halves_agreement(per_seed):
    """Kendall tau between the means of two disjoint halves of the seeds, for every split."""
    seeds = range(len(per_seed))
    half = len(per_seed) // 2
    taus = []
    for first in itertools.combinations(seeds, half):
        rest = [s for s in seeds if s not in first]
        for second in itertools.combinations(rest, half):
            if second < first:
                continue  # each pair of halves once
            taus.append(kendall_tau_b(mean_over([per_seed[s] for s in first]),
                                      mean_over([per_seed[s] for s in second])))
    return {"seeds_per_half": half, "splits": len(taus), "kendall_tau": taus,
            "kendall_tau_mean": statistics.mean(taus)}


def noise_model(per_seed):
    """sigma (noise of one training's accuracy) and the shrunk true accuracies of the two-way model."""
    seeds, subnets = len(per_seed), len(per_seed[0])
    subnet_mean = mean_over(per_seed)
    seed_mean = [statistics.mean(row) for row in per_seed]
    grand = statistics.mean(subnet_mean)
    residual_squares = sum((per_seed[s][i] - subnet_mean[i] - seed_mean[s] + grand) ** 2
                           for s in range(seeds) for i in range(subnets))
    sigma = (residual_squares / ((seeds - 1) * (subnets - 1))) ** 0.5
    shrink, truth = shrunk_truth(subnet_mean, sigma, seeds)
    return sigma, shrink, truth


def shrunk_truth(means, sigma, seeds):
    """The subnets' true spread is the means' spread less the noise they still carry (sigma^2 / seeds)."""
    grand = statistics.mean(means)
    spread2 = statistics.variance(means)
    shrink = (max(0.0, spread2 - sigma ** 2 / seeds) / spread2) ** 0.5 if spread2 > 0 else 0.0
    return shrink, [grand + shrink * (m - grand) for m in means]


def simulated_ceiling(per_seed, reference_seeds=(1, 2, 4, 8), draws=10000, seed=1):
    sigma, shrink, truth = noise_model(per_seed)
    return ceiling_of(sigma, shrink, truth, sorted(set(reference_seeds) | {len(per_seed)}), draws, seed)


def ceiling_of(sigma, shrink, truth, reference_seeds, draws=10000, seed=1):
    """Kendall tau of a perfect ranker against references of k seeds drawn around truth, and of one seed
    against another."""
    rng = random.Random(seed)

    def reference(k):
        return [m + rng.gauss(0.0, sigma / k ** 0.5) for m in truth]

    def summarise(taus):
        taus.sort()
        return {"kendall_tau_mean": statistics.mean(taus),
                "kendall_tau_95": [taus[int(0.025 * draws)], taus[int(0.975 * draws) - 1]],
                "share_at_least_0.5": sum(t >= 0.5 for t in taus) / draws}

    return {"sigma": sigma, "shrink": shrink, "draws": draws,
            "perfect_ranker_against_k_seeds": {
                str(k): summarise([kendall_tau_b(truth, reference(k)) for _ in range(draws)])
                for k in reference_seeds},
            "predicted_seed_agreement": summarise([kendall_tau_b(reference(1), reference(1))
                                                   for _ in range(draws)])}
