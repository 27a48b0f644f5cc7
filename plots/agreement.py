#!/usr/bin/python3
"""Agreement over time: distinct tips and share of live nodes on the most common
tip, from timeseries.csv, with partitions, heals, crashes and joins from run.json.

Usage: /usr/bin/python3 plots/agreement.py RUN_DIR [-o FILE]   (default RUN_DIR/agreement.png)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402


def plot(run_dir, output=None):
    plt = cp.require_matplotlib()
    run = cp.read_run(run_dir)
    rows = cp.read_csv(run_dir, "timeseries.csv")
    t = [float(r["time_s"]) for r in rows]
    tips = [int(r["distinct_tips"]) for r in rows]
    share = [100.0 * float(r["share_on_top_tip"]) for r in rows]
    fig, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(9, 5.5))
    ax1.step(t, tips, where="post", color="tab:blue", label="distinct tips")
    ax1.set_ylabel("distinct tips (count)")
    ax1.set_ylim(0, max(tips + [1]) + 1)
    cp.mark_timeline(ax1, run)
    ax1.legend(loc="upper right", fontsize=8)
    ax1.grid(alpha=0.3)
    ax2.step(t, share, where="post", color="tab:orange", label="share on the top tip")
    ax2.set_ylabel("live nodes on the top tip (%)")
    ax2.set_xlabel("simulated time (s)")
    ax2.set_ylim(0, 105)
    cp.mark_timeline(ax2, run, legend=False)
    ax2.legend(loc="lower right", fontsize=8)
    ax2.grid(alpha=0.3)
    fig.suptitle("Agreement over time: " + cp.title_of(run))
    return cp.save_figure(plt, fig, output or os.path.join(run_dir, "agreement.png"))


if __name__ == "__main__":
    cp.run_dir_main(plot, __doc__)
