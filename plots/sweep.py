#!/usr/bin/python3
"""A metric of run.json against a varied scenario parameter, over several runs.

Usage: /usr/bin/python3 plots/sweep.py --metric blocks.stale_rate \
           --param network.latency.mean RUN_DIR... [-o sweep.png]

--metric is a dotted path into run.json (blocks.stale_rate, reorgs.deepest,
propagation.p90_nodes.median_s, agreement.heals.0.convergence_s, ...);
--param a dotted path into run.json's "scenario" (the resolved scenario:
network.latency.mean, mining.block_interval, nodes, ...). Values with units
("100ms", "1min") are converted to seconds, bytes or bit/s. Runs with the same
parameter value are averaged (each run is drawn as a dot).
"""

import argparse
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__)
    parser.add_argument("--metric", required=True)
    parser.add_argument("--param", required=True)
    parser.add_argument("-o", "--output", default="sweep.png")
    parser.add_argument("run_dirs", nargs="+")
    args = parser.parse_args()
    plt = cp.require_matplotlib()

    points = defaultdict(list)
    unit = ""
    for run_dir in args.run_dirs:
        run = cp.read_run(run_dir)
        try:
            x, unit = cp.parse_value(cp.lookup(run["scenario"], args.param))
            y = cp.lookup(run, args.metric)
        except (KeyError, ValueError, IndexError) as e:
            sys.exit("%s: %s" % (run_dir, e))
        if y is None:
            print("%s: %s is null (not reached); left out" % (run_dir, args.metric))
            continue
        points[x].append(float(y))
    if not points:
        sys.exit("no run has a value for %s" % args.metric)
    xs = sorted(points)
    fig, ax = plt.subplots(figsize=(8, 5))
    for x in xs:
        ax.scatter([x] * len(points[x]), points[x], color="tab:blue", alpha=0.35, s=18)
    means = [sum(points[x]) / len(points[x]) for x in xs]
    ax.plot(xs, means, marker="o", color="tab:blue", label="mean of %d runs" %
            sum(len(v) for v in points.values()))
    metric_unit = " (s)" if args.metric.endswith("_s") else ""
    ax.set_xlabel("%s%s" % (args.param, " (%s)" % unit if unit else ""))
    ax.set_ylabel(args.metric + metric_unit)
    ax.set_title("%s against %s" % (args.metric, args.param))
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.output, dpi=110)
    print(args.output)


if __name__ == "__main__":
    main()
