#!/usr/bin/python3
"""Tests of tools/validation/theory.py, the expectations of the validation
suite: against the published tables and against identities computed another
way. Standard library only: /usr/bin/python3 tests/validation/theory_test.py"""

import math
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "validation"))
import theory  # noqa: E402


class NakamotoTest(unittest.TestCase):
    def test_formula_reproduces_the_printed_table(self):
        for q, table in theory.NAKAMOTO_TABLE.items():
            for z, printed in table.items():
                self.assertAlmostEqual(theory.nakamoto_catch_up(q, z), printed, places=7,
                                       msg="q = %g, z = %d" % (q, z))

    def test_formula_gives_the_printed_confirmations_for_a_tenth_of_a_percent(self):
        for q, z in theory.NAKAMOTO_Z_FOR_0_1_PERCENT.items():
            self.assertEqual(theory.confirmations_needed(q, theory.nakamoto_catch_up), z)


class RosenfeldTest(unittest.TestCase):
    def test_one_confirmation_is_caught_up_with_probability_two_q(self):
        # z = 1: the attacker catches up unless the honest block comes first
        # and then the attacker never gets ahead: P = 1 - (p - q) = 2q.
        for q in (0.1, 0.25, 0.4):
            self.assertAlmostEqual(theory.rosenfeld_catch_up(q, 1), 2 * q, places=12)

    def test_equals_the_race_summed_over_the_attackers_blocks(self):
        # The same race written out: while the honest network mines z blocks
        # the attacker mines m ~ negative binomial; from z - m behind it then
        # catches up with probability (q / p)^(z - m), and m > z is success.
        for q, z in ((0.1, 3), (0.3, 7), (0.2, 12)):
            p = 1 - q
            fail = 0.0
            for m in range(z + 1):
                nb = math.comb(m + z - 1, m) * p ** z * q ** m
                fail += nb * (1 - (q / p) ** (z - m))
            self.assertAlmostEqual(theory.rosenfeld_catch_up(q, z), 1 - fail, places=12)

    def test_is_above_nakamoto_from_three_confirmations(self):
        # Nakamoto's Poisson step underestimates the attacker from a few
        # confirmations on; at z = 1 it is the other way round (0.2046
        # against 2q = 0.2 at q = 0.1).
        self.assertLess(theory.rosenfeld_catch_up(0.1, 1), theory.nakamoto_catch_up(0.1, 1))
        for q in (0.1, 0.3):
            for z in range(3, 30):
                self.assertGreater(theory.rosenfeld_catch_up(q, z),
                                   theory.nakamoto_catch_up(q, z))


class SelfishMiningTest(unittest.TestCase):
    def test_revenue_equals_alpha_at_the_thresholds(self):
        for gamma, threshold in ((0.0, 1 / 3), (0.5, 1 / 4)):
            self.assertAlmostEqual(theory.selfish_threshold(gamma), threshold, places=15)
            self.assertAlmostEqual(theory.selfish_revenue(threshold, gamma), threshold,
                                   places=12)

    def test_revenue_is_below_alpha_under_and_above_it_over_the_threshold(self):
        for gamma in (0.0, 0.5):
            t = theory.selfish_threshold(gamma)
            self.assertLess(theory.selfish_revenue(t - 0.05, gamma), t - 0.05)
            self.assertGreater(theory.selfish_revenue(t + 0.05, gamma), t + 0.05)


class PartitionTest(unittest.TestCase):
    def test_equal_sides_win_half_the_time(self):
        self.assertAlmostEqual(theory.partition_expectations(0.5, 6)[0], 0.5, places=12)

    def test_orphans_equal_the_tail_sum_of_the_minimum(self):
        # E[min(A, B)] = sum_{k >= 1} P(A >= k) P(B >= k) for independent A, B.
        for alpha in (0.5, 0.7, 0.9):
            mu_a, mu_b = 6 * alpha, 6 * (1 - alpha)

            def tail(k, mu):
                return 1 - sum(theory.poisson_pmf(i, mu) for i in range(k))

            expected = sum(tail(k, mu_a) * tail(k, mu_b) for k in range(1, 100))
            self.assertAlmostEqual(theory.partition_expectations(alpha, 6)[1], expected,
                                   places=10)


class StaleRateTest(unittest.TestCase):
    def test_one_miner_has_no_stale_blocks(self):
        rate, _ = theory.stale_rate_fixed_delay_model(1, 0.5, 20_000, seed=1)
        self.assertEqual(rate, 0.0)

    def test_many_miners_approach_d_over_t_plus_d(self):
        for x in (0.1, 1.0):
            rate, se = theory.stale_rate_fixed_delay_model(100_000, x, 100_000, seed=2)
            self.assertAlmostEqual(rate, theory.stale_rate_many_miners(x), delta=4 * se + 0.002)

    def test_model_and_approximation_agree_to_first_order(self):
        rate, se = theory.stale_rate_fixed_delay_model(10, 0.02, 200_000, seed=3)
        self.assertAlmostEqual(rate, theory.stale_rate_approximation(10, 0.02), delta=4 * se)


if __name__ == "__main__":
    unittest.main()
