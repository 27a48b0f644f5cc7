#!/usr/bin/python3
"""Propagation CDF: for each block, the time from mining until 50 %, 90 % and
100 % of the nodes up at mining held it (blocks.csv); blocks that never got
there are left out (the legend counts them).

Usage: /usr/bin/python3 plots/propagation.py RUN_DIR [-o FILE]   (default RUN_DIR/propagation.png)
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402


def plot(run_dir, output=None):
    plt = cp.require_matplotlib()
    run = cp.read_run(run_dir)
    rows = cp.read_csv(run_dir, "blocks.csv")
    fig, ax = plt.subplots(figsize=(8, 5))
    styles = (("p50_s", "50 %", "tab:green", "-", 1.6), ("p100_s", "100 %", "tab:red", "-", 3.0),
              ("p90_s", "90 %", "tab:orange", "--", 1.6))
    for column, name, color, line, width in styles:
        values = sorted(v for v in (cp.number(r[column]) for r in rows) if v is not None)
        missing = len(rows) - len(values)
        if not values:
            continue
        y = [100.0 * (i + 1) / len(rows) for i in range(len(values))]
        label = "%s of nodes (%d blocks" % (name, len(values))
        label += ", %d never)" % missing if missing else ")"
        ax.step(values, y, where="post", color=color, linestyle=line, linewidth=width, label=label)
    ax.set_xscale("symlog", linthresh=0.1)
    ax.set_xlabel("time after mining (s, log scale above 0.1 s)")
    ax.set_ylabel("blocks that reached this share by then (%)")
    ax.set_ylim(0, 102)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title("Block propagation: " + cp.title_of(run))
    fig.tight_layout()
    output = output or os.path.join(run_dir, "propagation.png")
    fig.savefig(output, dpi=110)
    plt.close(fig)
    return output


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    print(plot(args.run_dir, args.output))
