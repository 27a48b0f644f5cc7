"""The validation cases: which sweep each runs and how its rows are made.

A case names its sweep file for the fast set (ctest -L validation) and the
full set (docs/validation.md, ctest -L validation-full), whether the runs'
own files are needed (--run-files), and turns the sweep's folder into rows
(rows.Row) of measured figures against independent expectations
(theory.py).
"""

import json
import math
import os

import measure
import theory
from rows import Row

SCENARIOS = os.path.join(measure.REPO, "scenarios")


def _seconds(text):
    for unit, scale in (("ms", 1e-3), ("min", 60.0), ("s", 1.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    raise ValueError("not a duration: " + text)


def _points_of(points, figure):
    """(point, Summary) of one figure, in point order."""
    for (point, name), summary in sorted(points.items()):
        if name == figure:
            yield point, summary


class Case:
    def __init__(self, name, files, rows, run_files=False, model_blocks=None):
        self.name = name
        self.files = files  # {"fast": path or None, "full": path}
        self.make_rows = rows
        self.run_files = run_files
        self.model_blocks = model_blocks or {"fast": 200_000, "full": 1_000_000}

    def file(self, which):
        return self.files.get(which)


# --- Stale rate ---------------------------------------------------------------

STALE_INTERVAL_S = 9.0


def stale_rate_rows(folder, which, case):
    points = measure.read_points(folder)
    rows = []
    model_cache = {}
    for point, summary in _points_of(points, "blocks.stale_rate"):
        values = summary.values
        protocol = "push" if "push" in values["protocol"] else "pull"
        nodes = int(values["nodes"]) if "nodes" in values else 10
        latency = _seconds(values["network.latency"]) if "network.latency" in values else 0.3
        x = round(3 * latency / STALE_INTERVAL_S, 6)
        if (nodes, x) not in model_cache:
            model_cache[(nodes, x)] = theory.stale_rate_fixed_delay_model(
                nodes, x, case.model_blocks[which], seed=1000 * nodes + int(1000 * x))
        exact, exact_se = model_cache[(nodes, x)]
        rows.append(Row(
            "Stale rate", "%s, n = %d, d/T = %g" % (protocol, nodes, x), "stale rate", summary,
            expected=exact, expected_se=exact_se,
            source="exact fixed-delay model (derived here)", checked=protocol == "push",
            note="" if protocol == "push" else
            "pull replies carry chains as they are when the reply leaves, so some news "
            "arrives 2 L after it was mined, not 3 L: fewer stale blocks than the model",
            extra={"protocol": protocol, "n": nodes, "x": x,
                   "approximation": theory.stale_rate_approximation(nodes, x),
                   "limit": theory.stale_rate_many_miners(x)}))
    return rows


# --- Inter-block times -------------------------------------------------------


def inter_block_rows(folder, which, case):
    runs = measure.read_runs(folder)
    rows = []
    for point in sorted({int(r["point"]) for r in runs}):
        interval = _seconds(next(r for r in runs if int(r["point"]) == point)["expected_interval"])
        means, cvs, above = [], [], []
        for run in measure.run_folders(folder, point):
            times = [float(b["mined_s"]) for b in measure.read_blocks(run)]
            gaps = [b - a for a, b in zip([0.0] + times, times)]
            mean = sum(gaps) / len(gaps)
            sd = math.sqrt(sum((g - mean) ** 2 for g in gaps) / (len(gaps) - 1))
            means.append(mean)
            cvs.append(sd / mean)
            above.append(sum(g > interval for g in gaps) / len(gaps))
        setting = "T = %g s (%s)" % (interval, "block_interval" if point == 0
                                     else "hash rate 64/s, difficulty 2")
        source = "Poisson mining: exponential gaps"
        rows.append(Row("Inter-block times", setting, "mean gap (s)", measure.Summary.of(means),
                        expected=interval, source=source))
        rows.append(Row("Inter-block times", setting, "coefficient of variation",
                        measure.Summary.of(cvs), expected=1.0, source=source))
        rows.append(Row("Inter-block times", setting, "P(gap > T)", measure.Summary.of(above),
                        expected=math.exp(-1), source=source))
    return rows


# --- Partitions ----------------------------------------------------------------

PARTITION_HEAL_S = 360.0
PARTITION_SIDE_A = range(0, 5)


def partition_rows(folder, which, case):
    runs = measure.read_runs(folder)
    rows = []
    for point in sorted({int(r["point"]) for r in runs}):
        alpha = float(next(r for r in runs if int(r["point"]) == point)["alpha"])
        wins, orphaned = [], []
        for run in measure.run_folders(folder, point):
            blocks = measure.read_blocks(run)
            first = next(b for b in blocks if b["main_chain"] == "main" and b["height"] == "1")
            wins.append(1.0 if int(first["miner"]) in PARTITION_SIDE_A else 0.0)
            orphaned.append(sum(1 for b in blocks if b["main_chain"] == "stale"
                                and float(b["mined_s"]) < PARTITION_HEAL_S))
        win, orphans = theory.partition_expectations(alpha, 6.0)
        setting = "alpha = %g, m = 6" % alpha
        source = "Poisson model (derived here)"
        rows.append(Row("Partitions", setting, "P(side alpha wins)", measure.Summary.of(wins),
                        expected=win, source=source, binomial=True))
        rows.append(Row("Partitions", setting, "orphaned blocks", measure.Summary.of(orphaned),
                        expected=orphans, source=source))
    return rows


# --- Selfish mining -----------------------------------------------------------

SELFISH_SOURCE = "Eyal and Sirer, FC 2014, eq. (8)"


def _selfish_point(summary):
    shares = [float(v) for v in summary.values["mining.hash_shares"].strip("[]").split(",")]
    return shares[0] / sum(shares), float(summary.values["timeline[0].selfish_mine.gamma"])


def selfish_rows(folder, which, case):
    points = measure.read_points(folder)
    rows = []
    for point, summary in _points_of(points, "attacks.selfish_mining.revenue_share"):
        alpha, gamma = _selfish_point(summary)
        gamma_measured = points.get((point, "attacks.selfish_mining.gamma_measured"))
        rows.append(Row("Selfish mining", "alpha = %.3g, gamma = %g" % (alpha, gamma),
                        "revenue share", summary, expected=theory.selfish_revenue(alpha, gamma),
                        source=SELFISH_SOURCE,
                        extra={"alpha": alpha, "gamma": gamma, "gamma_measured": gamma_measured}))
    return rows


def selfish_threshold_rows(folder, which, case):
    rows = []
    for row in selfish_rows(folder, which, case):
        row.quantity = "revenue share at the threshold"
        row.expected = theory.selfish_threshold(row.extra["gamma"])
        row.source = ("Eyal and Sirer, FC 2014, Observation 1: "
                      "R = alpha at alpha = (1 - gamma) / (3 - 2 gamma)")
        rows.append(row)
    return rows


# --- Double spend -------------------------------------------------------------


def double_spend_rows(folder, which, case):
    points = measure.read_points(folder)
    rows = []
    for point, summary in _points_of(points, "attacks.double_spend.succeeded"):
        q = round(points[(point, "attacks.double_spend.hash_share")].mean, 6)
        z = int(summary.values["timeline[0].double_spend.confirmations"])
        decided = points[(point, "attacks.double_spend.decided")]
        rows.append(Row("Double spend", "q = %g, z = %d" % (q, z), "success probability",
                        summary, expected=theory.rosenfeld_catch_up(q, z),
                        source="Rosenfeld 2014, eq. (1)", binomial=True,
                        extra={"q": q, "z": z, "nakamoto": theory.nakamoto_catch_up(q, z),
                               "decided": decided.mean}))
    return rows


# --- Block withholding -----------------------------------------------------------


def withholding_rows(folder, which, case):
    points = measure.read_points(folder)
    rows = []
    for point, summary in _points_of(points, "attacks.withholding.main_chain_interval_s"):
        w = points[(point, "attacks.withholding.hash_share")].mean
        interval = 10.0  # the sweep's block_interval
        rows.append(Row("Block withholding", "w = %g, T = 10 s" % w,
                        "main-chain interval (s)", summary, expected=interval / (1 - w),
                        source="Poisson model: honest rate (1 - w) / T"))
    return rows


# --- Eclipse -----------------------------------------------------------------

ECLIPSE_DURATION_S = 30 * 60.0  # the sweep's eclipse duration
ECLIPSE_INTERVAL_S = 10.0  # its block_interval


def eclipse_rows(folder, which, case):
    points = measure.read_points(folder)
    rows = []
    for point, vain in _points_of(points, "attacks.eclipse.mined_in_vain"):
        shares = json.loads(vain.values["mining.hash_shares"])
        v = shares[9] / sum(shares)  # the victim, node 9
        island = (shares[7] + shares[8] + shares[9]) / sum(shares)  # with attackers 7 and 8
        setting = "v = %g, D = 30 min, T = 10 s, %s" % (
            round(v, 6), "attackers mine %g" % round(island - v, 6) if island > v
            else "attackers do not mine")
        rows.append(Row("Eclipse", setting, "blocks mined in vain", vain,
                        expected=theory.eclipse_blocks_in_vain(v, ECLIPSE_DURATION_S,
                                                               ECLIPSE_INTERVAL_S),
                        source="Poisson model: the victim's rate v / T, none on the main chain"))
        rows.append(Row("Eclipse", setting, "rejoined the honest chain",
                        points[(point, "attacks.eclipse.rejoined")], expected=1.0,
                        source="the honest network out-mines the island", binomial=True))
        rows.append(Row("Eclipse", setting, "depth of the rejoin's reorganisation",
                        points[(point, "attacks.eclipse.rejoin_reorg_depth")],
                        expected=theory.eclipse_blocks_in_vain(island, ECLIPSE_DURATION_S,
                                                               ECLIPSE_INTERVAL_S),
                        source="Poisson model: the island's rate (v + attackers) / T, all "
                               "discarded at the rejoin"))
    return rows


# --- The Gervais et al. Bitcoin setting ---------------------------------------

GERVAIS_PUBLISHED = {"simulated": (9.42, 0.0185), "measured": (8.7, 0.0041)}


def gervais_rows(folder, which, case):
    """The all-pairs arrival median (what Gervais et al. measured: over every
    (block, node) pair, the time from the block's mining to the node's
    reception of it; docs/metrics.md), the stale rate, and, reported beside
    them, chainsim's older figure (median over blocks of the time until half
    of the nodes adopted the block)."""
    points = measure.read_points(folder)
    arrival = points[(0, "arrival.median_s")]
    adoption = points[(0, "propagation.p50_nodes.median_s")]
    stale = points[(0, "blocks.stale_rate")]
    per_run = [(float(r["arrival.median_s"]), float(r["blocks.stale_rate"]))
               for r in measure.read_runs(folder)]
    source = "Gervais et al., CCS 2016, sec. 3.2 (simulated 9.42 s, 1.85 %; measured 8.7 s, 0.41 %)"
    setting = "6,000 nodes, bitcoin-2015, 535 kB, 10 min"
    return [
        Row("Gervais", setting, "median block arrival, all pairs (s)", arrival, source=source,
            extra={"published": GERVAIS_PUBLISHED["simulated"][0],
                   "measured": GERVAIS_PUBLISHED["measured"][0], "runs": per_run}),
        Row("Gervais", setting, "stale rate", stale,
            source=source, extra={"published": GERVAIS_PUBLISHED["simulated"][1],
                                  "measured": GERVAIS_PUBLISHED["measured"][1]}),
        Row("Gervais", setting, "median over blocks of the time to 50 % adoption (s)", adoption,
            source="chainsim's own figure (not the published one)",
            extra={"received_median": points[(0, "propagation.p50_nodes_received.median_s")],
                   "received_mean": points[(0, "propagation.p50_nodes_received.mean_s")]}),
    ]


def block_size_rows(folder, which, case):
    points = measure.read_points(folder)
    rows = []
    for (point, figure), summary in sorted(points.items()):
        if figure in ("blocks.stale_rate", "propagation.p50_nodes.median_s"):
            quantity = "stale rate" if figure == "blocks.stale_rate" else "median propagation (s)"
            rows.append(Row("Block size", summary.values["protocol.block_size"], quantity, summary,
                            source="scenarios/sweeps/block-size.yaml (1,000 nodes)"))
    return rows


def _path(*parts):
    return os.path.join(SCENARIOS, *parts)


CASES = [
    Case("stale-rate", {"fast": _path("validation", "stale-rate-fast.yaml"),
                        "full": _path("validation", "stale-rate.yaml")}, stale_rate_rows),
    Case("inter-block", {"fast": _path("validation", "inter-block-fast.yaml"),
                         "full": _path("validation", "inter-block.yaml")}, inter_block_rows,
         run_files=True),
    Case("partition", {"fast": _path("validation", "partition-fast.yaml"),
                       "full": _path("validation", "partition.yaml")}, partition_rows,
         run_files=True),
    Case("selfish-mining", {"fast": _path("validation", "selfish-mining-fast.yaml"),
                            "full": _path("validation", "selfish-mining.yaml")}, selfish_rows),
    Case("selfish-threshold", {"fast": _path("validation", "selfish-threshold-fast.yaml"),
                               "full": _path("validation", "selfish-threshold.yaml")},
         selfish_threshold_rows),
    Case("double-spend-q10", {"fast": _path("validation", "double-spend-q10-fast.yaml"),
                              "full": _path("validation", "double-spend-q10.yaml")},
         double_spend_rows),
    Case("double-spend-q30", {"fast": _path("validation", "double-spend-q30-fast.yaml"),
                              "full": _path("validation", "double-spend-q30.yaml")},
         double_spend_rows),
    Case("withholding", {"fast": _path("validation", "withholding-fast.yaml"),
                         "full": _path("validation", "withholding.yaml")}, withholding_rows),
    Case("eclipse", {"fast": _path("validation", "eclipse-fast.yaml"),
                     "full": _path("validation", "eclipse.yaml")}, eclipse_rows),
    Case("gervais", {"full": _path("validation", "gervais.yaml")}, gervais_rows),
    Case("block-size", {"full": _path("sweeps", "block-size.yaml")}, block_size_rows),
]


def find(name):
    for case in CASES:
        if case.name == name:
            return case
    raise KeyError("no validation case '%s' (cases: %s)" % (name, ", ".join(c.name for c in CASES)))
