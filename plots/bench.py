#!/usr/bin/python3
"""Draws Google Benchmark JSON output (bench/results/*.json) as figures.

For each input file, one PNG beside it (or in --out-dir) with one panel per
benchmark family:
  - families without arguments (e.g. BM_ProofSearch_<Path>) become one bar
    chart of items per second;
  - families with one numeric argument (BM_ValidChain/1000) become a line of
    items per second against the argument;
  - families with named arguments (BM_Resolve_EachPeerLonger/k:8/L:1000)
    become one line per value of the first argument, CPU time against the
    last one.
Repetition aggregates use the mean; other aggregates are skipped.

Usage: /usr/bin/python3 plots/bench.py bench/results/pow.json [more.json ...] [--out-dir DIR]
"""

import argparse
import json
import os
import re
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chainsim_plots import require_matplotlib  # noqa: E402

TIME_UNIT_TO_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def load_rows(path):
    """(family, args, record) for each iteration or mean aggregate."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    rows = []
    for b in data.get("benchmarks", []):
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "mean":
            continue
        name = b.get("run_name", b["name"])
        name = re.sub(r"/(real_time|process_time|manual_time)$", "", name)
        family, *args = name.split("/")
        rows.append((family, args, b))
    return data.get("context", {}), rows


def numeric(arg):
    return float(arg.split(":")[-1])


def draw(path, out_dir, plt):
    context, rows = load_rows(path)
    families = OrderedDict()
    for family, args, record in rows:
        families.setdefault(family if args else "", []).append((family, args, record))
    panels = list(families.items())
    if not panels:
        print(f"{path}: no benchmarks", file=sys.stderr)
        return None
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 3.6 * len(panels)), squeeze=False)
    for ax, (family, entries) in zip(axes[:, 0], panels):
        if family == "":
            names = [e[0].replace("BM_", "") for e in entries]
            values = [e[2].get("items_per_second", 0) / 1e6 for e in entries]
            ax.barh(names, values, color="tab:blue")
            ax.invert_yaxis()
            ax.set_xlabel("million items per second (per CPU second)")
            for y, v in enumerate(values):
                ax.text(v, y, f" {v:.1f}", va="center", fontsize=8)
            ax.set_title("benchmarks without arguments")
        elif all(len(e[1]) == 1 for e in entries):
            xs = [numeric(e[1][0]) for e in entries]
            ys = [e[2].get("items_per_second", 0) / 1e6 for e in entries]
            ax.plot(xs, ys, marker="o")
            ax.set_xscale("log")
            ax.set_xlabel(entries[0][1][0].split(":")[0] if ":" in entries[0][1][0] else "argument")
            ax.set_ylabel("million items/s")
            ax.set_ylim(bottom=0)
            ax.set_title(family)
        else:
            # The x axis is the argument with the most distinct values; the
            # other arguments name the lines.
            width = len(entries[0][1])
            x_index = max(range(width), key=lambda i: len({e[1][i] for e in entries}))
            series = OrderedDict()
            for _, args, record in entries:
                key = "/".join(a for i, a in enumerate(args) if i != x_index)
                seconds = record["cpu_time"] * TIME_UNIT_TO_SECONDS[record.get("time_unit", "ns")]
                series.setdefault(key, []).append((numeric(args[x_index]), seconds * 1e3))
            for key, points in series.items():
                points.sort()
                ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=key)
            ax.set_xscale("log")
            ax.set_yscale("log")
            x_arg = entries[0][1][x_index]
            ax.set_xlabel(x_arg.split(":")[0] if ":" in x_arg else "argument")
            ax.set_ylabel("CPU time per iteration (ms)")
            ax.legend(fontsize=8, ncol=2)
            ax.set_title(family)
        ax.grid(True, alpha=0.3)
    cpu = f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz"
    fig.suptitle(f"{os.path.basename(path)} ({cpu}, {context.get('date', '')})")
    fig.tight_layout(rect=(0, 0, 1, 0.98))
    target_dir = out_dir or os.path.dirname(os.path.abspath(path))
    out = os.path.join(target_dir, os.path.splitext(os.path.basename(path))[0] + ".png")
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="Google Benchmark JSON files")
    parser.add_argument("--out-dir", help="where to write the PNGs (default: beside each file)")
    args = parser.parse_args()
    plt = require_matplotlib()
    for path in args.files:
        out = draw(path, args.out_dir, plt)
        if out:
            print(out)


if __name__ == "__main__":
    main()
