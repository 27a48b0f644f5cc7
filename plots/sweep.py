#!/usr/bin/python3
"""A figure of a sweep against one of its parameters, with 95 % confidence bands.

Usage: /usr/bin/python3 plots/sweep.py SWEEP_DIR [--figure NAME]... \
           [--parameter NAME] [--no-runs] [-o FILE]

SWEEP_DIR is a folder written by `chainsim sweep` (points.json and runs.csv).
--figure is a figure name as in runs.csv's header and points.csv's `figure`
column (default blocks.stale_rate; give it several times for one panel each).
--parameter is the parameter on the x axis (default: the sweep's first
parameter). Values with units ("100kB", "5min", "10Mbit/s") are drawn on a
numeric axis in bytes, seconds or bit/s; other values (ring, full-mesh,
{kind: small-world, degree: 4}) as categories, in the sweep's order. When
other parameters vary too, each of their combinations gets its own line.
The line is the mean over a point's runs, the band (numeric axis) or error
bar (categories) its 95 % Student t interval from points.json, the dots the
single runs (--no-runs hides them). Points where no run has the figure are
left out; points with one value have no interval.
Writes SWEEP_DIR/sweep-FIGURE.png (or -o FILE) and prints the file name.
"""

import argparse
import csv
import json
import os
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402


def read_sweep(sweep_dir):
    path = os.path.join(sweep_dir, "points.json")
    if not os.path.exists(path):
        sys.exit("%s: no points.json (is it a finished `chainsim sweep` folder? a sharded sweep "
                 "needs `chainsim sweep --merge` first)" % sweep_dir)
    with open(path) as f:
        points = json.load(f)
    runs = []
    runs_path = os.path.join(sweep_dir, "runs.csv")
    if os.path.exists(runs_path):
        with open(runs_path, newline="") as f:
            runs = list(csv.DictReader(f))
    return points, runs


def axis_values(labels):
    """(numbers, unit) when every label reads as a number with a unit, else (None, "")."""
    numbers, units = [], set()
    for label in labels:
        try:
            value, unit = cp.parse_value(label)
        except ValueError:
            return None, ""
        numbers.append(value)
        units.add(unit)
    if len(units) > 1:
        return None, ""
    return numbers, units.pop() if units else ""


def plot_figure(ax, points, runs, figure, x_name, show_runs):
    parameters = points["parameters"]
    others = [p for p in parameters if p != x_name]
    labels = list(OrderedDict.fromkeys(p["values"][x_name] for p in points["points"]))
    numbers, unit = axis_values(labels)
    position = {label: (numbers[i] if numbers is not None else i)
                for i, label in enumerate(labels)}
    groups = OrderedDict()
    for p in points["points"]:
        key = tuple(p["values"][o] for o in others)
        groups.setdefault(key, []).append(p)
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown",
              "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
    drawn = 0
    for g, (key, members) in enumerate(groups.items()):
        color = colors[g % len(colors)]
        name = ", ".join("%s=%s" % (o, v) for o, v in zip(others, key)) or "mean"
        xs, means, lows, highs = [], [], [], []
        for p in members:
            s = p["figures"].get(figure)
            if s is None or s["mean"] is None:
                continue
            xs.append(position[p["values"][x_name]])
            means.append(s["mean"])
            lows.append(s["ci95_low"] if s["ci95_low"] is not None else s["mean"])
            highs.append(s["ci95_high"] if s["ci95_high"] is not None else s["mean"])
        if not xs:
            continue
        drawn += 1
        # Categories: each line's marks beside the others' at the same category.
        offset = 0.0 if numbers is not None else (g - (len(groups) - 1) / 2) * 0.08
        if show_runs and runs:
            ids = {str(p["point"]) for p in members}
            rx, ry = [], []
            for r in runs:
                if r["point"] in ids and r.get(figure, "") != "":
                    rx.append(position[r[x_name]] + offset)
                    ry.append(float(r[figure]))
            ax.scatter(rx, ry, color=color, alpha=0.3, s=14)
        if numbers is not None:
            ax.plot(xs, means, marker="o", color=color, label=name + " (95 % CI band)")
            ax.fill_between(xs, lows, highs, color=color, alpha=0.2)
        else:
            ax.errorbar([x + offset for x in xs], means,
                        yerr=[[m - lo for m, lo in zip(means, lows)],
                              [hi - m for m, hi in zip(means, highs)]],
                        fmt="o", capsize=4, color=color, label=name + " (95 % CI)")
    if numbers is None:
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=15 if max(len(x) for x in labels) > 12 else 0)
    ax.set_xlabel("%s%s" % (x_name, " (%s)" % unit if unit else ""))
    ax.set_ylabel(figure + (" (s)" if figure.endswith("_s") else ""))
    ax.grid(alpha=0.3)
    if drawn:
        ax.legend(fontsize=8)
    return drawn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__)
    parser.add_argument("sweep_dir")
    parser.add_argument("--figure", action="append")
    parser.add_argument("--parameter")
    parser.add_argument("--no-runs", action="store_true")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    figures = args.figure or ["blocks.stale_rate"]
    points, runs = read_sweep(args.sweep_dir)
    parameters = points["parameters"]
    if not parameters:
        sys.exit("%s: the sweep varies no parameter: nothing to draw against" % args.sweep_dir)
    x_name = args.parameter or parameters[0]
    if x_name not in parameters:
        sys.exit("no parameter '%s' (parameters: %s)" % (x_name, ", ".join(parameters)))
    for figure in figures:
        if figure not in points["figures"]:
            sys.exit("no figure '%s' in %s (names as in runs.csv's header, e.g. "
                     "blocks.stale_rate, propagation.p50_nodes.median_s)" % (figure, args.sweep_dir))
    plt = cp.require_matplotlib()
    fig, axes = plt.subplots(len(figures), 1, figsize=(8, 4.2 * len(figures)), squeeze=False)
    for ax, figure in zip(axes[:, 0], figures):
        if not plot_figure(ax, points, runs, figure, x_name, not args.no_runs):
            sys.exit("no point of %s has a value for %s" % (args.sweep_dir, figure))
    title = "%s: %s" % (points["sweep"], ", ".join(figures))
    if not points.get("complete", True):
        title += " (partial: %d of %d runs)" % (points["runs_done"], points["runs"])
    axes[0, 0].set_title(title)
    output = args.output or os.path.join(
        args.sweep_dir, "sweep-%s.png" % figures[0].replace("/", "_"))
    print(cp.save_figure(plt, fig, output))


if __name__ == "__main__":
    main()
