"""bench/reference_noise.py: the ceiling a noisy from-scratch reference puts on any ranker."""

import random
import unittest

from reference_noise import ceiling_of, halves_agreement, noise_model, shrunk_truth, simulated_ceiling


def seeds_of(truth, offsets, noise, rng):
    return [[m + b + rng.gauss(0.0, noise) for m in truth] for b in offsets]


class ReferenceNoiseTest(unittest.TestCase):
    def test_noiseless_seeds_agree_perfectly_whatever_their_offsets(self) -> None:
        truth = [80.0 + 0.5 * i for i in range(12)]
        per_seed = [[m + b for m in truth] for b in (0.0, 0.9, -0.4, 0.2)]
        halves = halves_agreement(per_seed)
        self.assertEqual(halves["splits"], 3)  # {0,1|2,3}, {0,2|1,3}, {0,3|1,2}
        self.assertEqual(halves["kendall_tau"], [1.0, 1.0, 1.0])
        sigma, shrink, _ = noise_model(per_seed)
        self.assertAlmostEqual(sigma, 0.0, places=9)
        self.assertAlmostEqual(shrink, 1.0, places=9)
        ceiling = simulated_ceiling(per_seed, draws=200)
        self.assertEqual(ceiling["perfect_ranker_against_k_seeds"]["4"]["kendall_tau_mean"], 1.0)

    def test_odd_seed_counts_pair_each_split_once(self) -> None:
        rng = random.Random(3)
        per_seed = seeds_of([float(i) for i in range(8)], [0.0] * 5, 0.3, rng)
        self.assertEqual(halves_agreement(per_seed)["splits"], 15)  # 10 pairs x 3 disjoint pairs / 2

    def test_recovers_the_noise_and_a_ceiling_that_grows_with_seeds(self) -> None:
        rng = random.Random(7)
        truth = [85.0 + 0.12 * i for i in range(12)]
        per_seed = seeds_of(truth, [0.0, 0.8, -0.5, 0.3, 0.1, -0.2], 0.4, rng)
        sigma, shrink, _ = noise_model(per_seed)
        self.assertGreater(sigma, 0.25)
        self.assertLess(sigma, 0.55)
        self.assertLess(shrink, 1.0)
        ceiling = simulated_ceiling(per_seed, draws=2000)
        means = [ceiling["perfect_ranker_against_k_seeds"][k]["kendall_tau_mean"] for k in ("1", "2", "4", "8")]
        self.assertEqual(means, sorted(means))
        self.assertLess(means[0], 0.8)
        self.assertLess(ceiling["predicted_seed_agreement"]["kendall_tau_mean"], means[0])

    def test_pure_noise_leaves_no_ranking_to_find(self) -> None:
        rng = random.Random(11)
        per_seed = seeds_of([86.0] * 12, [0.0, 0.5, -0.5, 0.2], 0.4, rng)
        _, shrink, _ = noise_model(per_seed)
        self.assertLess(shrink, 0.6)
        ceiling = simulated_ceiling(per_seed, draws=2000)
        self.assertLess(ceiling["predicted_seed_agreement"]["kendall_tau_mean"], 0.35)

    def test_a_spread_no_larger_than_its_noise_leaves_one_seed_nothing_to_rank(self) -> None:
        # One seed of 12 subnets spread by 0.45 points, judged with another budget's noise of 0.39:
        # the true spread shrinks to about half; with a noise of 0.5 nothing is left.
        means = [88.5 + 0.12 * i + (0.3 if i % 3 == 0 else -0.2) for i in range(12)]
        shrink, truth = shrunk_truth(means, 0.39, 1)
        self.assertGreater(shrink, 0.2)
        self.assertLess(shrink, 0.8)
        self.assertAlmostEqual(sum(truth) / 12, sum(means) / 12, places=9)
        shrink, truth = shrunk_truth(means, 2.0, 1)
        self.assertEqual(shrink, 0.0)
        self.assertEqual(len(set(truth)), 1)
        self.assertAlmostEqual(shrunk_truth(means, 0.0, 1)[0], 1.0, places=9)
        one_seed = ceiling_of(0.39, *shrunk_truth(means, 0.39, 1), [1], draws=2000)
        many_seeds = ceiling_of(0.39, *shrunk_truth(means, 0.39, 1), [8], draws=2000)
        self.assertLess(one_seed["perfect_ranker_against_k_seeds"]["1"]["kendall_tau_mean"],
                        many_seeds["perfect_ranker_against_k_seeds"]["8"]["kendall_tau_mean"])


if __name__ == "__main__":
    unittest.main()
