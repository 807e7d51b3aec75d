"""bench/reference_noise.py: the ceiling a noisy from-scratch reference puts on any ranker."""

import random
import unittest

from reference_noise import halves_agreement, noise_model, simulated_ceiling


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


if __name__ == "__main__":
    unittest.main()
