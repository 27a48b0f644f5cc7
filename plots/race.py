#!/usr/bin/python3
"""The race: height of each branch over time (blocks.csv, reorgs.csv).

One staircase per branch of the final block tree: the main chain (blue) and
every stale branch in the colour chainsim gives it (blocks.csv's `branch`
column; the replay page and blocks.svg use the same colours). A stale
branch starts at its fork and ends with a cross when the last node switched
away from it (the last reorganisation whose old tip was on it). This is the
partition, 51 % and selfish-mining picture: who was ahead, and when the
shorter branch was given up.

Usage: /usr/bin/python3 plots/race.py RUN_DIR [-o FILE]   (default RUN_DIR/race.png)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402


def plot(run_dir, output=None):
    plt = cp.require_matplotlib()
    run = cp.read_run(run_dir)
    blocks = cp.read_csv(run_dir, "blocks.csv")
    reorgs = cp.read_csv(run_dir, "reorgs.csv")
    end = run["run"]["simulated_s"]
    height_of = {b["hash"]: int(b["height"]) for b in blocks}
    branch_of = {b["hash"]: int(b["branch"]) for b in blocks}
    time_of = {b["hash"]: float(b["mined_s"]) for b in blocks}
    abandoned = {}
    for r in reorgs:
        branch = branch_of.get(r["old_tip"])
        if branch:  # genesis and main-chain tips are never abandoned
            abandoned[branch] = max(abandoned.get(branch, 0.0), float(r["time_s"]))
    fig, ax = plt.subplots(figsize=(10, 5.6))
    cp.mark_timeline(ax, run)
    steps = {}
    for b in blocks:  # mining order
        branch = int(b["branch"])
        if branch not in steps:
            parent = b["parent"]
            start = (0.0, 0) if branch == 0 else (float(b["mined_s"]), height_of.get(parent, 0))
            steps[branch] = [start]
        t, h = float(b["mined_s"]), int(b["height"])
        if h > steps[branch][-1][1]:
            steps[branch].append((t, h))
    for branch, points in sorted(steps.items()):
        stop = end if branch == 0 else abandoned.get(branch, points[-1][0])
        xs = [p[0] for p in points] + [max(stop, points[-1][0])]
        ys = [p[1] for p in points] + [points[-1][1]]
        color = cp.branch_color(branch)
        label = "main chain" if branch == 0 else "branch %d (stale)" % branch
        ax.step(xs, ys, where="post", color=color, linewidth=2.6 if branch == 0 else 2,
                label=label if branch <= 8 else None)
        if branch != 0:
            ax.plot([xs[-1]], [ys[-1]], marker="x", markersize=9, markeredgewidth=2.5, color=color)
    ax.set_xlim(0, end)
    ax.set_xlabel("simulated time (s)")
    ax.set_ylabel("height of the branch's highest block")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="upper left")
    ax.set_title("The race between branches: %s" % cp.title_of(run))
    return cp.save_figure(plt, fig, output or os.path.join(run_dir, "race.png"))


if __name__ == "__main__":
    cp.run_dir_main(plot, __doc__)
