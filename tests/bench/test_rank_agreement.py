"""bench/rank_agreement.py: Kendall's tau-b, Spearman's rho and their bootstrap interval."""

import unittest

from rank_agreement import bootstrap, kendall_tau_b, partial_kendall_tau, ranks, spearman


class RankAgreementTest(unittest.TestCase):
    def test_kendall_tau_b_counts_ties_in_its_denominator(self) -> None:
        self.assertEqual(kendall_tau_b([1, 2, 3], [10, 20, 30]), 1.0)
        self.assertEqual(kendall_tau_b([1, 2, 3], [30, 20, 10]), -1.0)
        # Five concordant pairs, one tied in x only: 5 / sqrt(6 * 5).
        self.assertAlmostEqual(kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 4]), 5 / 30 ** 0.5)
        self.assertEqual(kendall_tau_b([1, 1, 1], [1, 2, 3]), 0.0)

    def test_partial_tau_removes_what_the_third_ranking_explains(self) -> None:
        z = [1, 2, 3, 4, 5, 6]
        y = [1, 3, 2, 4, 6, 5]
        # A ranker that is z itself adds nothing beyond z.
        self.assertEqual(partial_kendall_tau(z, y, z), 0.0)
        # y ranked by y itself: (1 - t*t) / (1 - t*t) with t = tau(y, z) = 11/15.
        self.assertAlmostEqual(partial_kendall_tau(y, y, z), 1.0)
        x = [2, 1, 3, 5, 4, 6]
        xy, xz, yz = kendall_tau_b(x, y), kendall_tau_b(x, z), kendall_tau_b(y, z)
        self.assertAlmostEqual(xy, 7 / 15)
        self.assertAlmostEqual(partial_kendall_tau(x, y, z),
                               (xy - xz * yz) / ((1 - xz ** 2) * (1 - yz ** 2)) ** 0.5)
        self.assertLess(partial_kendall_tau(x, y, z), xy)

    def test_spearman_uses_mid_ranks(self) -> None:
        self.assertEqual(ranks([5, 1, 5, 3]), [3.5, 1.0, 3.5, 2.0])
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [1, 4, 9, 16]), 1.0)
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1.0)

    def test_bootstrap_interval_brackets_a_clear_relation_and_is_seeded(self) -> None:
        x = list(range(12))
        y = [v + (1.5 if v % 3 == 0 else 0.0) for v in x]  # four swapped neighbours
        low, high = bootstrap(x, y, kendall_tau_b, resamples=2000)
        self.assertLessEqual(low, kendall_tau_b(x, y))
        self.assertGreater(low, 0.5)
        self.assertLessEqual(high, 1.0)
        self.assertLess(kendall_tau_b(x, y), 1.0)
        self.assertEqual((low, high), bootstrap(x, y, kendall_tau_b, resamples=2000))


if __name__ == "__main__":
    unittest.main()
