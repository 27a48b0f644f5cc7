#!/usr/bin/python3
"""Propagation CDF: for each block, the time from mining until 50 %, 90 % and
100 % of the nodes up at mining received it (had the whole block), until as
many adopted it (had it in their chain), and until the nodes that adopted it
had 50 %, 90 % and 100 % of their hash power (blocks.csv); one panel each, on
one time axis, so reception and adoption can be compared (a block received
at once but adopted late was tied; a stale block is received, rarely
adopted). Blocks that never got there are left out (the legends count them).

Usage: /usr/bin/python3 plots/propagation.py RUN_DIR [-o FILE]   (default RUN_DIR/propagation.png)
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402

# (level name, color, line style, line width), drawn in this order.
LEVELS = (("50", "tab:green", "-", 1.6), ("100", "tab:red", "-", 3.0),
          ("90", "tab:orange", "--", 1.6))
# (column prefix, what reaches the level, panel title)
PANELS = (("received", "of nodes", "nodes that received the block"),
          ("p", "of nodes", "nodes that adopted the block"),
          ("hash", "of hash power", "hash power that adopted the block"))


def draw_panel(ax, rows, prefix, of):
    for level, color, line, width in LEVELS:
        values = sorted(v for v in (cp.number(r[prefix + level + "_s"]) for r in rows)
                        if v is not None)
        missing = len(rows) - len(values)
        if not values:
            continue
        y = [100.0 * (i + 1) / len(rows) for i in range(len(values))]
        label = "%s %% %s (%d blocks" % (level, of, len(values))
        label += ", %d never)" % missing if missing else ")"
        ax.step(values, y, where="post", color=color, linestyle=line, linewidth=width, label=label)
    ax.set_xscale("symlog", linthresh=0.1)
    ax.set_xlabel("time after mining (s, log scale above 0.1 s)")
    ax.set_ylim(0, 102)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower right", fontsize=9)
    else:
        ax.text(0.5, 0.5, "no block reached any level", transform=ax.transAxes, ha="center")


def plot(run_dir, output=None):
    plt = cp.require_matplotlib()
    run = cp.read_run(run_dir)
    rows = cp.read_csv(run_dir, "blocks.csv")
    # blocks.csv of older runs lacks the reception (or hash-power) columns:
    # only the panels it has.
    panels = [p for p in PANELS if not rows or p[0] + "50_s" in rows[0]]
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 5), sharex=True,
                             sharey=True, squeeze=False)
    for ax, (prefix, of, title) in zip(axes[0], panels):
        draw_panel(ax, rows, prefix, of)
        ax.set_title(title, fontsize=10)
    axes[0][0].set_ylabel("blocks that reached this share by then (%)")
    fig.suptitle("Block propagation: " + cp.title_of(run))
    return cp.save_figure(plt, fig, output or os.path.join(run_dir, "propagation.png"))


if __name__ == "__main__":
    cp.run_dir_main(plot, __doc__)
