"""The published formulas the validation suite compares chainsim against.

Independent of chainsim: nothing here reads its code or its output. Each
function cites its source; docs/validation.md shows the same formulas.
Only the standard library is used.
"""

import math
import random


# --- Stale rate in a full mesh with a fixed delay -------------------------


def stale_rate_approximation(nodes, delay_over_interval):
    """1 - exp(-(1 - 1/n) d / T): the chance that one of the other n - 1
    miners (rate (1 - 1/n) / T together) finds a block during the d seconds
    before this block reaches them. First order in d / T."""
    return 1.0 - math.exp(-(1.0 - 1.0 / nodes) * delay_over_interval)


def stale_rate_many_miners(delay_over_interval):
    """The exact fixed-delay stale rate when no miner finds two blocks in a
    row (n -> infinity): d / (T + d).

    Derivation: H(t), the greatest height of any block mined by time t,
    grows only when a block is mined by a miner who already holds a block of
    height H(t-); with n -> infinity that is a miner who sees every block
    mined before t - d, so H grows iff no block raised it in (t - d, t).
    After each raise the next one is the first block mined at least d later:
    the gaps are d + Exp(T), the main chain grows at 1 / (T + d), blocks are
    mined at 1 / T, and the stale share is 1 - T / (T + d) = d / (T + d)."""
    x = delay_over_interval
    return x / (1.0 + x)


def stale_rate_fixed_delay_model(nodes, delay_over_interval, blocks, seed):
    """The exact fixed-delay model for n miners, evaluated by simulating its
    recursion (no closed form is known for finite n; see docs/validation.md).

    Time in units of T; blocks arrive at rate 1, each by a miner drawn
    uniformly. Miner j's block mined at t has height
        1 + max(G(t), O_j(t)),
    G(t) the greatest height of the blocks mined at or before t - d (every
    node holds them: the fixed delay), O_j(t) the height of j's own last
    block (it holds its own blocks at once). The longest chain has
    max height blocks, so the stale rate is 1 - max height / blocks.
    Returns (stale rate, its standard error from 20 batches)."""
    rng = random.Random(seed)
    d = delay_over_interval
    own = [0] * nodes
    recent = []  # (time, height) of blocks mined in the last d, oldest first
    start = 0
    seen = 0  # G: the greatest height of blocks at least d old
    top = 0
    t = 0.0
    batches = 20
    per_batch = blocks // batches
    rates = []
    for _ in range(batches):
        batch_top = top
        for _ in range(per_batch):
            t += rng.expovariate(1.0)
            while start < len(recent) and recent[start][0] <= t - d:
                seen = max(seen, recent[start][1])
                start += 1
            if start > 4096:
                del recent[:start]
                start = 0
            j = rng.randrange(nodes)
            height = 1 + max(seen, own[j])
            own[j] = height
            recent.append((t, height))
            top = max(top, height)
        rates.append(1.0 - (top - batch_top) / per_batch)
    mean = sum(rates) / batches
    sd = math.sqrt(sum((r - mean) ** 2 for r in rates) / (batches - 1))
    return mean, sd / math.sqrt(batches)


# --- Partitions: two sides mining apart -----------------------------------


def poisson_pmf(k, mu):
    return math.exp(-mu + k * math.log(mu) - math.lgamma(k + 1)) if mu > 0 else float(k == 0)


def partition_expectations(alpha, expected_blocks, terms=200):
    """Sides with hash shares alpha and 1 - alpha mine apart while the
    network expects m blocks: A ~ Poisson(alpha m), B ~ Poisson((1 - alpha) m),
    independent. At the heal the longer branch wins; a tie is broken by the
    next block, which side A finds with probability alpha. Returns
    (P(side alpha wins) = P(A > B) + alpha P(A = B), E[orphans] = E[min(A, B)])."""
    mu_a, mu_b = alpha * expected_blocks, (1 - alpha) * expected_blocks
    pa = [poisson_pmf(k, mu_a) for k in range(terms)]
    pb = [poisson_pmf(k, mu_b) for k in range(terms)]
    win = tie = orphans = 0.0
    for a in range(terms):
        for b in range(terms):
            p = pa[a] * pb[b]
            if a > b:
                win += p
            elif a == b:
                tie += p
            orphans += p * min(a, b)
    return win + alpha * tie, orphans


# --- Double spend -----------------------------------------------------------


def nakamoto_catch_up(q, z):
    """Nakamoto (2008), section 11: the attacker's progress when the merchant
    has seen z blocks is taken as Poisson with mean lambda = z q / p, and from
    k blocks behind it catches up with probability (q / p)^(z - k):
        P = 1 - sum_{k=0}^{z} e^-lambda lambda^k / k! (1 - (q / p)^(z - k))."""
    p = 1.0 - q
    lam = z * q / p
    total = 1.0
    for k in range(z + 1):
        poisson = math.exp(-lam + (k * math.log(lam) if k else 0.0) - math.lgamma(k + 1))
        total -= poisson * (1.0 - (q / p) ** (z - k))
    return total


def rosenfeld_catch_up(q, z):
    """Rosenfeld (2014), "Analysis of hashrate-based double spending", eq. (1):
    while the honest network mines z blocks the attacker mines m ~ negative
    binomial (z successes of p), and it then catches up from z - m behind:
        P = 1 - sum_{m=0}^{z} C(m + z - 1, m) (p^z q^m - q^z p^m)   (z >= 1),
    and 1 for z = 0."""
    if z == 0:
        return 1.0
    p = 1.0 - q
    total = 1.0
    for m in range(z + 1):
        log_comb = math.lgamma(m + z) - math.lgamma(m + 1) - math.lgamma(z)
        total -= math.exp(log_comb + z * math.log(p) + m * math.log(q)) - math.exp(
            log_comb + z * math.log(q) + m * math.log(p))
    return total


def confirmations_needed(q, catch_up, threshold=0.001, limit=10000):
    """The least z with catch_up(q, z) < threshold."""
    for z in range(limit):
        if catch_up(q, z) < threshold:
            return z
    raise ValueError("no z below %g for q = %g" % (threshold, q))


# Nakamoto (2008), section 11, as printed (seven decimals).
NAKAMOTO_TABLE = {
    0.1: {0: 1.0, 1: 0.2045873, 2: 0.0509779, 3: 0.0131722, 4: 0.0034552, 5: 0.0009137,
          6: 0.0002428, 7: 0.0000647, 8: 0.0000173, 9: 0.0000046, 10: 0.0000012},
    0.3: {0: 1.0, 5: 0.1773523, 10: 0.0416605, 15: 0.0101008, 20: 0.0024804, 25: 0.0006132,
          30: 0.0001522, 35: 0.0000379, 40: 0.0000095, 45: 0.0000024, 50: 0.0000006},
}
# Nakamoto (2008), section 11: "Solving for P less than 0.1%".
NAKAMOTO_Z_FOR_0_1_PERCENT = {0.10: 5, 0.15: 8, 0.20: 11, 0.25: 15, 0.30: 24, 0.35: 41,
                              0.40: 89, 0.45: 340}


# --- Selfish mining ----------------------------------------------------------


def selfish_revenue(alpha, gamma):
    """Eyal and Sirer (FC 2014), eq. (8): the pool's share of the main chain
    under strategy SM1,
        R = [alpha (1-alpha)^2 (4 alpha + gamma (1 - 2 alpha)) - alpha^3]
            / [1 - alpha (1 + (2 - alpha) alpha)]."""
    a, g = alpha, gamma
    return (a * (1 - a) ** 2 * (4 * a + g * (1 - 2 * a)) - a ** 3) / (1 - a * (1 + (2 - a) * a))


def selfish_threshold(gamma):
    """Eyal and Sirer, Observation 1: selfish mining pays for
    alpha > (1 - gamma) / (3 - 2 gamma): 1/3 at gamma 0, 1/4 at gamma 1/2, 0 at 1."""
    return (1 - gamma) / (3 - 2 * gamma)


# --- Eclipse -----------------------------------------------------------------


def eclipse_blocks_in_vain(share, duration_s, interval_s):
    """A victim of hash share v mines a Poisson process of rate v / T; while
    eclipsed for D by attackers the honest network out-mines, none of its
    blocks reaches the main chain: the count is Poisson with mean v D / T."""
    return share * duration_s / interval_s
