"""docs/validation.md and its plots, from the rows of every case.

The prose around the tables states the models and formulas; every number in
a table is filled in from this run's rows (measured) or from theory.py
(expected).
"""

import os
import subprocess

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import measure  # noqa: E402
import theory  # noqa: E402

DOCS = os.path.join(measure.REPO, "docs")
IMAGES = os.path.join(DOCS, "images")


def _num(value, digits=4):
    return "%.*g" % (digits, value)


def _measured(row, digits=4):
    return _summary_text(row.measured, digits)


def _summary_text(m, digits=4):
    """A measure.Summary as "mean [low, high] (n = runs)"."""
    if m.n < 2:
        return "%s (n = %d)" % (_num(m.mean, digits), m.n)
    return "%s [%s, %s] (n = %d)" % (_num(m.mean, digits), _num(m.low, digits),
                                     _num(m.high, digits), m.n)


def _table(header, lines):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in line) + " |" for line in lines]
    return "\n".join(out)


def _generic_table(rows):
    return _table(["setting", "quantity", "expected", "source", "measured mean [95 % CI] (runs)",
                   "verdict"],
                  [[r.setting, r.quantity, _num(r.expected), r.source, _measured(r), r.verdict()]
                   for r in rows])


def _summary(results):
    lines = []
    for name, rows in results.items():
        checked = [r.verdict().split(" (")[0] for r in rows if r.checked]
        lines.append([name, len(rows), len(checked), sum(v == "agrees" for v in checked),
                      sum(v.startswith("within") for v in checked),
                      sum(v == "disagrees" for v in checked),
                      sum(1 for r in rows if not r.checked and r.expected is not None),
                      sum(1 for r in rows if r.expected is None)])
    return _table(["case", "rows", "checked", "agrees", "within 4 SE", "disagrees",
                   "compared, not checked", "reported"], lines)


def _outside(rows):
    """How many checked rows lie outside their 95 % interval, against chance."""
    checked = [r for r in rows if r.checked]
    outside = sum(1 for r in checked if not r.verdict().startswith("agrees"))
    return ("%d of these %d rows lie outside their 95 %% interval (about %.1f expected by "
            "chance)" % (outside, len(checked), len(checked) / 20))


def _yerr(rows):
    """Error bars from each row's mean to the ends of its 95 % interval."""
    return [[r.measured.mean - r.measured.low for r in rows],
            [r.measured.high - r.measured.mean for r in rows]]


def _save(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plot_stale(rows, path):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    xs = sorted({r.extra["x"] for r in rows})
    grid = [xs[0] * (xs[-1] / xs[0]) ** (i / 60) for i in range(61)]
    colours = {2: "tab:blue", 10: "tab:orange"}
    for n in sorted({r.extra["n"] for r in rows}):
        c = colours.get(n, "tab:gray")
        ax.plot(grid, [theory.stale_rate_approximation(n, x) for x in grid], "--", color=c,
                label="approximation, n = %d" % n)
        model = sorted((r.extra["x"], r.expected) for r in rows if r.extra["n"] == n
                       and r.extra["protocol"] == "push")
        ax.plot([x for x, _ in model], [y for _, y in model], "-", color=c,
                label="exact fixed-delay model, n = %d" % n)
        for protocol, marker, face in (("push", "o", c), ("pull", "s", "none")):
            sel = [r for r in rows if r.extra["n"] == n and r.extra["protocol"] == protocol]
            ax.errorbar([r.extra["x"] for r in sel], [r.measured.mean for r in sel],
                        yerr=_yerr(sel), fmt=marker, color=c, mfc=face, capsize=3,
                        label="chainsim %s, n = %d" % (protocol, n))
    ax.plot(grid, [theory.stale_rate_many_miners(x) for x in grid], ":", color="black",
            label="n -> infinity: d / (T + d)")
    ax.set_xscale("log")
    ax.set_xlabel("d / T (delay over block interval)")
    ax.set_ylabel("stale rate")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    _save(fig, path)


def _plot_pairs(rows, path, title):
    """Expected and measured (95 % interval) side by side, one pair per row."""
    fig, axes = plt.subplots(1, len({r.quantity for r in rows}), figsize=(8, 3.5))
    for ax, quantity in zip(axes, sorted({r.quantity for r in rows})):
        sel = [r for r in rows if r.quantity == quantity]
        pos = range(len(sel))
        ax.bar([p - 0.2 for p in pos], [r.expected for r in sel], width=0.4, label="expected",
               color="lightgray", edgecolor="black")
        ax.errorbar([p + 0.2 for p in pos], [r.measured.mean for r in sel],
                    yerr=_yerr(sel),
                    fmt="o", color="tab:red", capsize=3, label="chainsim, 95 % CI")
        ax.set_xticks(list(pos), [r.setting.split(",")[0] for r in sel], fontsize=8)
        ax.set_title(quantity, fontsize=9)
        ax.legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    _save(fig, path)


def _plot_block_size(rows, path):
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.5))
    for ax, quantity in ((left, "stale rate"), (right, "median propagation (s)")):
        sel = [r for r in rows if r.quantity == quantity]
        sizes = [float(r.setting.replace("kB", "e3").replace("MB", "e6")) / 1e6 for r in sel]
        ax.errorbar(sizes, [r.measured.mean for r in sel],
                    yerr=_yerr(sel),
                    fmt="o-", capsize=3)
        ax.set_xlabel("block size (MB)")
        ax.set_title(quantity, fontsize=9)
        ax.grid(alpha=0.3)
    fig.suptitle("1,000 nodes, bitcoin-2015 regions, 10 min blocks (20 runs per size)",
                 fontsize=10)
    _save(fig, path)


def _stale_table(rows):
    lines = []
    for r in sorted(rows, key=lambda r: (r.extra["protocol"] == "pull", r.extra["n"],
                                         r.extra["x"])):
        lines.append([r.extra["protocol"], r.extra["n"], _num(r.extra["x"]),
                      _num(r.extra["approximation"]), _num(r.extra["limit"]),
                      "%s ± %s" % (_num(r.expected), _num(r.expected_se, 1)), _measured(r),
                      r.verdict()])
    return _table(["protocol", "n", "d/T", "approximation 1-exp(-(1-1/n)d/T)", "d/(T+d)",
                   "exact model ± se", "measured [95 % CI] (runs)", "verdict vs exact model"],
                  lines)


def _double_spend_tables(rows):
    lines = []
    for r in sorted(rows, key=lambda r: (r.extra["q"], r.extra["z"])):
        q, z = r.extra["q"], r.extra["z"]
        printed = theory.NAKAMOTO_TABLE.get(q, {}).get(z)
        lines.append([_num(q), z, "" if printed is None else "%.7f" % printed,
                      "%.7f" % r.extra["nakamoto"], "%.7f" % r.expected, _measured(r),
                      r.verdict(), _num(r.extra["decided"], 3)])
    need = [[q, z, theory.confirmations_needed(q, theory.nakamoto_catch_up),
             theory.confirmations_needed(q, theory.rosenfeld_catch_up)]
            for q, z in sorted(theory.NAKAMOTO_Z_FOR_0_1_PERCENT.items())]
    return (_table(["q", "z", "Nakamoto's table", "Nakamoto's formula (here)",
                    "Rosenfeld exact (here)", "chainsim success [95 % CI] (runs)",
                    "verdict vs Rosenfeld", "decided"], lines),
            _table(["q", "z (Nakamoto, printed)", "z (Nakamoto's formula)", "z (Rosenfeld)"],
                   need))


def _selfish_table(rows):
    lines = []
    for r in sorted(rows, key=lambda r: (r.extra["gamma"], r.extra["alpha"])):
        g = r.extra["gamma_measured"]
        lines.append([_num(r.extra["alpha"], 3), _num(r.extra["gamma"]), _num(r.expected),
                      _measured(r), r.verdict(), "" if g is None else _num(g.mean, 3)])
    return _table(["alpha", "gamma", "R (Eyal-Sirer)", "measured revenue share [95 % CI] (runs)",
                   "verdict", "gamma measured"], lines)


def _plot_selfish(rows, path):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    grid = [0.1 + 0.35 * i / 70 for i in range(71)]
    for gamma, colour in ((0.0, "tab:blue"), (0.5, "tab:orange"), (1.0, "tab:green")):
        ax.plot(grid, [theory.selfish_revenue(a, gamma) for a in grid], "-", color=colour,
                label="Eyal-Sirer, gamma = %g" % gamma)
        sel = [r for r in rows if r.extra["gamma"] == gamma]
        ax.errorbar([r.extra["alpha"] for r in sel], [r.measured.mean for r in sel],
                    yerr=_yerr(sel),
                    fmt="o", color=colour, capsize=3, label="chainsim, gamma = %g" % gamma)
    ax.plot(grid, grid, ":", color="black", label="honest mining: R = alpha")
    ax.set_xlabel("pool hash share alpha")
    ax.set_ylabel("pool revenue share R")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    _save(fig, path)


def write(results, chainsim):
    os.makedirs(IMAGES, exist_ok=True)
    _plot_stale(results["stale-rate"], os.path.join(IMAGES, "validation-stale-rate.png"))
    _plot_pairs(results["partition"], os.path.join(IMAGES, "validation-partition.png"),
                "Partition with 6 expected blocks: Poisson model and chainsim (1,000 runs each)")
    _plot_block_size(results["block-size"], os.path.join(IMAGES, "validation-block-size.png"))
    _plot_selfish(results["selfish-mining"], os.path.join(IMAGES, "validation-selfish-mining.png"))
    commit = subprocess.run(["git", "-C", measure.REPO, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    version = subprocess.run([chainsim, "--version"], capture_output=True,
                             text=True).stdout.strip()
    with open(os.path.join(_HERE, "validation.md.in")) as f:
        template = f.read()
    double_spend, confirmations = _double_spend_tables(
        results["double-spend-q10"] + results["double-spend-q30"])
    gervais = results["gervais"]
    fields = {
        "COMMIT": commit, "VERSION": version, "SUMMARY": _summary(results),
        "STALE_TABLE": _stale_table(results["stale-rate"]),
        "INTER_BLOCK_TABLE": _generic_table(results["inter-block"]),
        "PARTITION_TABLE": _generic_table(results["partition"]),
        "DOUBLE_SPEND_TABLE": double_spend, "CONFIRMATIONS_TABLE": confirmations,
        "SELFISH_TABLE": _selfish_table(results["selfish-mining"]),
        "SELFISH_THRESHOLD_TABLE": _generic_table(results["selfish-threshold"]),
        "SELFISH_OUTSIDE": _outside(results["selfish-mining"]),
        "DOUBLE_SPEND_OUTSIDE": _outside(results["double-spend-q10"]
                                         + results["double-spend-q30"]),
        "WITHHOLDING_TABLE": _generic_table(results["withholding"]),
        "ECLIPSE_TABLE": _generic_table(results["eclipse"]),
        "GERVAIS_MEDIAN": _measured(gervais[0], 3),
        "GERVAIS_ADOPTION": _measured(gervais[2], 3),
        "GERVAIS_RECEIVED_MEDIAN": _summary_text(gervais[2].extra["received_median"], 3),
        "GERVAIS_RECEIVED_MEAN": _summary_text(gervais[2].extra["received_mean"], 3),
        "GERVAIS_STALE": "%.2f %% [%.2f, %.2f] (n = %d)" % (
            100 * gervais[1].measured.mean, 100 * gervais[1].measured.low,
            100 * gervais[1].measured.high, gervais[1].measured.n),
        "GERVAIS_RUNS": ", ".join("%.2f s (%.1f %%)" % (m, 100 * s)
                                  for m, s in gervais[0].extra["runs"]),
        "BLOCK_SIZE_TABLE": _table(
            ["block size", "quantity", "measured mean [95 % CI] (runs)"],
            [[r.setting, r.quantity, _measured(r)] for r in results["block-size"]]),
    }
    for key, value in fields.items():
        template = template.replace("@" + key + "@", str(value))
    with open(os.path.join(DOCS, "validation.md"), "w") as f:
        f.write(template)


_HERE = os.path.dirname(os.path.abspath(__file__))
