#!/usr/bin/python3
"""The network as a graph (network.json, run.json).

Nodes where chainsim lays them out (regions on a world map, rings and
small worlds on a circle, random graphs by a force-directed layout: the
same places as the replay page), links as lines, miners sized by hash rate
(non-miners hollow). With a partition in the timeline, each group has its
own colour and the links it cuts are dashed red; with the region model,
each region has its own colour.

Usage: /usr/bin/python3 plots/network.py RUN_DIR [-o FILE]   (default RUN_DIR/network.png)
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402

GROUP_COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:gray"]


def first_partition(run, n):
    """(names, group index per node) of the scenario's first partition, or None."""
    for event in run["scenario"].get("timeline", []):
        if "partition" in event:
            names = list(event["partition"].keys())
            group = [len(names)] * n
            for g, name in enumerate(names):
                for node in cp.parse_nodes(event["partition"][name]):
                    if node < n:
                        group[node] = g
            return names + ["rest"], group
    return None


def plot(run_dir, output=None):
    plt = cp.require_matplotlib()
    run = cp.read_run(run_dir)
    with open(os.path.join(run_dir, "network.json")) as f:
        net = json.load(f)
    nodes = net["nodes"]
    n = len(nodes)
    xs = [p["x"] for p in nodes]
    ys = [-p["y"] for p in nodes]
    regions = net["region_names"]
    fig, ax = plt.subplots(figsize=(10, 6.2 if regions else 8))
    partition = first_partition(run, n)
    many = len(net["links"]) > 3000
    for a, b in net["links"]:
        cut = partition is not None and partition[1][a] != partition[1][b]
        ax.plot([xs[a], xs[b]], [ys[a], ys[b]], color="tab:red" if cut else "#8090a0",
                linestyle="--" if cut else "-", linewidth=0.4 if many else (1.2 if cut else 0.8),
                alpha=0.25 if many else 0.7, zorder=1)
    rates = [p["hash_rate"] for p in nodes]
    miners = [r for r in rates if r > 0]
    mean = sum(miners) / len(miners) if miners else 1.0
    base = 260.0 if n <= 30 else 90.0 if n <= 100 else 30.0 if n <= 400 else 9.0
    if partition is not None:
        names, group = partition
        colors = [GROUP_COLORS[g % len(GROUP_COLORS)] for g in group]
        legend = [(names[g], GROUP_COLORS[g % len(GROUP_COLORS)]) for g in sorted(set(group))]
        legend_title = "partition group"
    elif regions:
        colors = [cp.branch_color(p["region"] + 1) for p in nodes]
        legend = [(name.replace("_", " "), cp.branch_color(r + 1)) for r, name in enumerate(regions)]
        legend_title = "region"
    else:
        colors = [cp.branch_color(0)] * n
        legend, legend_title = [], None
    sizes = [base * min(4.0, max(0.5, r / mean)) if r > 0 else base * 0.5 for r in rates]
    faces = [c if r > 0 else "white" for c, r in zip(colors, rates)]
    ax.scatter(xs, ys, s=sizes, c=faces, edgecolors=colors, linewidths=1.5 if n <= 100 else 0.6,
               zorder=2)
    if n <= 60:
        for i in range(n):
            ax.annotate(str(i), (xs[i], ys[i]), ha="center", va="center", fontsize=8,
                        color="white" if rates[i] > 0 else "black", zorder=3)
    for name, color in legend:
        ax.scatter([], [], s=80, c=color, label=name)
    if legend:
        ax.legend(title=legend_title, fontsize=9, loc="lower left")
    # The map is drawn wide (as on the replay page); other layouts keep their shape.
    ax.set_aspect("auto" if regions else "equal")
    ax.axis("off")
    ax.set_title("Network: %s\n%s topology, %d links%s" % (
        cp.title_of(run), net["topology"], len(net["links"]),
        "; marker size = hash rate, hollow = does not mine" if miners else ""))
    return cp.save_figure(plt, fig, output or os.path.join(run_dir, "network.png"))


if __name__ == "__main__":
    cp.run_dir_main(plot, __doc__)
