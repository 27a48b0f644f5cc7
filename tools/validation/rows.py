"""One compared figure: its expectation, what chainsim measured, the verdict.

The verdict compares the measured mean with the expectation in standard
errors, z = |mean - expected| / sqrt(se^2 + se_model^2), where se is the
standard error of the measured mean over the runs and se_model that of the
expectation when it is itself evaluated by simulation (the exact fixed-delay
stale-rate model), else 0:
    agrees        z <= t(0.975, runs - 1) (the expectation is inside the
                  95 % interval: 2.26 for 10 runs, 1.96 for many)
    within 4 SE   that < z <= the row's tolerance (4 standard errors)
    disagrees     z > the tolerance
A checked row that disagrees fails `ctest -L validation`; a reported row
(no expectation the model should meet exactly, e.g. a published figure of a
different simulator) is shown with its explanation and never fails.
"""

import math

import measure


class Row:
    def __init__(self, section, setting, quantity, measured, expected=None, expected_se=0.0,
                 source="", checked=True, tolerance=4.0, note="", extra=None, binomial=False):
        self.section = section  # the docs section, e.g. "Stale rate"
        self.setting = setting  # the point, e.g. "push, n = 10, d/T = 0.1"
        self.quantity = quantity  # e.g. "stale rate"
        self.measured = measured  # measure.Summary
        self.expected = expected  # float or None
        self.expected_se = expected_se
        self.source = source
        self.checked = checked and expected is not None
        self.tolerance = tolerance
        self.note = note
        self.extra = extra or {}  # further columns of the section's table
        self.binomial = binomial  # measured is a share of runs (0 or 1 each)

    def z(self):
        if self.expected is None:
            return None
        measured_se = self.measured.se
        if self.binomial:
            p = self.expected
            measured_se = math.sqrt(p * (1 - p) / self.measured.n)
        se = math.sqrt(measured_se ** 2 + self.expected_se ** 2)
        if not se > 0:  # every run gave the same value
            return 0.0 if self.measured.mean == self.expected else math.inf
        return abs(self.measured.mean - self.expected) / se

    def passes(self):
        return not self.checked or self.z() <= self.tolerance

    def verdict(self):
        z = self.z()
        if z is None:
            return "reported"
        agree = measure.t975(self.measured.n - 1) if self.measured.n >= 2 else 1.96
        word = "agrees" if z <= agree else ("within %g SE" % self.tolerance
                                          if z <= self.tolerance else "disagrees")
        text = "%s (z = %.1f)" % (word, z)
        return text if self.checked else text + ", not checked"
