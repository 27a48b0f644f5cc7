#!/usr/bin/python3
"""Reorganisation depth histogram: how many blocks each chain switch discarded
(reorgs.csv), split by cause (resolve, relay).

Usage: /usr/bin/python3 plots/reorgs.py RUN_DIR [-o FILE]   (default RUN_DIR/reorg_depth.png)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402


def plot(run_dir, output=None):
    plt = cp.require_matplotlib()
    run = cp.read_run(run_dir)
    rows = cp.read_csv(run_dir, "reorgs.csv")
    fig, ax = plt.subplots(figsize=(8, 5))
    if rows:
        depths = [int(r["depth"]) for r in rows]
        top = max(depths)
        bins = range(1, top + 1)
        bottom = [0] * top
        for cause, color in (("resolve", "tab:blue"), ("relay", "tab:orange")):
            counts = [0] * top
            for r in rows:
                if r["cause"] == cause:
                    counts[int(r["depth"]) - 1] += 1
            if any(counts):
                ax.bar(bins, counts, bottom=bottom, color=color, label=cause, width=0.8)
                bottom = [b + c for b, c in zip(bottom, counts)]
        ax.set_xticks(list(bins) if top <= 30 else None)
        ax.legend(title="cause", fontsize=9)
    else:
        # Nothing to draw: say so instead of showing an empty frame.
        ax.axis("off")
        ax.text(0.5, 0.55, "No reorganisations", ha="center", va="center", fontsize=22,
                transform=ax.transAxes)
        ax.text(0.5, 0.42, "no node ever discarded a block of its chain in this run",
                ha="center", va="center", fontsize=12, color="#555555", transform=ax.transAxes)
        ax.set_title("Reorganisation depths: %s" % cp.title_of(run))
        return cp.save_figure(plt, fig, output or os.path.join(run_dir, "reorg_depth.png"))
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("depth (blocks discarded by one chain switch)")
    ax.set_ylabel("chain switches (count)")
    ax.grid(alpha=0.3, axis="y")
    ax.set_title("Reorganisation depths: %s (%d switches)" % (cp.title_of(run), len(rows)))
    return cp.save_figure(plt, fig, output or os.path.join(run_dir, "reorg_depth.png"))


if __name__ == "__main__":
    cp.run_dir_main(plot, __doc__)
