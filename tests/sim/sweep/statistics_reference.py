#!/usr/bin/python3
"""Independent reference values for tests/sim/sweep/statistics_test.cc.

Run: /usr/bin/python3 tests/sim/sweep/statistics_reference.py

Student t quantiles: by numerical integration of the t density (composite
Simpson rule, lgamma normalisation) and bisection on the integral, a
different method from chainsim's closed-form series (Abramowitz and Stegun
26.7.3/26.7.4). Means and standard deviations: Python's statistics module.
Only the standard library is used.
"""

import math
import statistics


def t_density(x, df):
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1) / 2 * math.log1p(x * x / df))


def t_cdf(t, df, steps=20000):
    """P(T <= t) for t >= 0: 1/2 plus the Simpson integral of the density on [0, t]."""
    h = t / steps
    total = t_density(0.0, df) + t_density(t, df)
    for i in range(1, steps):
        total += (4 if i % 2 else 2) * t_density(i * h, df)
    return 0.5 + total * h / 3


def t_quantile(p, df):
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2
    for _ in range(60):
        mid = (low + high) / 2
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


if __name__ == "__main__":
    for df in (3, 5, 6, 9, 19, 29, 99):
        print("t(0.975, %d) = %.12f" % (df, t_quantile(0.975, df)))
    print("normal(0.975) = %.15f" % statistics.NormalDist().inv_cdf(0.975))
    sample = [0.017, 0.021, 0.0, 0.034, 0.012, 0.019, 0.025]
    print("sample %s: mean %.17g, stdev %.17g" % (sample, statistics.mean(sample),
                                                  statistics.stdev(sample)))
    sample = [3, 5]
    print("sample %s: mean %.17g, stdev %.17g" % (sample, statistics.mean(sample),
                                                  statistics.stdev(sample)))
