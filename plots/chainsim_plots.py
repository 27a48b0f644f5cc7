"""Shared helpers of the chainsim plot scripts: reading a run directory
written by `chainsim run --out DIR` and making matplotlib figures.

Runs with Debian's interpreter (/usr/bin/python3) and python3-matplotlib.
"""

import csv
import json
import os
import re
import sys


def require_matplotlib():
    """Imports matplotlib with the Agg backend, or exits with a clear message."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: F401
    except ImportError:
        sys.exit(
            "chainsim plots need matplotlib: install the Debian package python3-matplotlib "
            "(apt install python3-matplotlib) and run the script with /usr/bin/python3 "
            "(this is %s)" % sys.executable
        )
    return plt


def read_csv(run_dir, name):
    path = os.path.join(run_dir, name)
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_run(run_dir):
    with open(os.path.join(run_dir, "run.json")) as f:
        return json.load(f)


def number(text):
    """A CSV cell as float, or None when empty."""
    return float(text) if text not in ("", None) else None


_UNITS = {
    "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0,
    "d": 86400.0, "B": 1.0, "kB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1024.0, "MiB": 1024.0**2,
    "bit/s": 1.0, "kbit/s": 1e3, "Mbit/s": 1e6, "Gbit/s": 1e9, "/s": 1.0, "/min": 1 / 60.0,
    "/h": 1 / 3600.0, "%": 0.01,
}
_UNIT_NAMES = {
    "ns": "s", "us": "s", "µs": "s", "ms": "s", "s": "s", "min": "s", "h": "s", "d": "s",
    "B": "bytes", "kB": "bytes", "MB": "bytes", "GB": "bytes", "KiB": "bytes", "MiB": "bytes",
    "bit/s": "bit/s", "kbit/s": "bit/s", "Mbit/s": "bit/s", "Gbit/s": "bit/s",
    "/s": "per s", "/min": "per s", "/h": "per s", "%": "",
}


def parse_value(value):
    """A resolved-scenario value as (number, unit name): "100ms" -> (0.1, "s")."""
    if isinstance(value, bool):
        return float(value), ""
    if isinstance(value, (int, float)):
        return float(value), ""
    if value == "unlimited":
        return 0.0, "bit/s"
    m = re.fullmatch(r"\s*([0-9.eE+-]+)\s*(.*?)\s*", str(value))
    if not m or (m.group(2) and m.group(2) not in _UNITS):
        raise ValueError("cannot read %r as a number with a unit" % (value,))
    unit = m.group(2)
    return float(m.group(1)) * (_UNITS[unit] if unit else 1.0), _UNIT_NAMES.get(unit, "")


def lookup(document, dotted):
    """document["a"]["b"][2] for "a.b.2"; KeyError naming the path when missing."""
    value = document
    for part in dotted.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError("%s: no '%s' here" % (dotted, part))
    return value


def mark_timeline(ax, run, legend=True):
    """Shades partitions and draws heals, crashes, restarts and joins."""
    timeline = run.get("timeline", [])
    end = run["run"]["simulated_s"]
    start = None
    labelled = set()

    def label(name):
        if not legend or name in labelled:
            return None
        labelled.add(name)
        return name

    for event in timeline:
        t, action = event["time_s"], event["action"]
        if action == "partition":
            if start is not None:
                ax.axvspan(start, t, color="tab:red", alpha=0.12, label=label("partition"))
            start = t
        elif action == "heal":
            if start is not None:
                ax.axvspan(start, t, color="tab:red", alpha=0.12, label=label("partition"))
                start = None
            ax.axvline(t, color="tab:green", linestyle="--", label=label("heal"))
        elif action in ("crash", "restart", "join"):
            colors = {"crash": "black", "restart": "tab:gray", "join": "tab:purple"}
            ax.axvline(t, color=colors[action], linestyle=":", label=label(action))
    if start is not None:
        ax.axvspan(start, end, color="tab:red", alpha=0.12, label=label("partition"))


# The branch colours of chainsim (sim/report/block_svg.cc, the replay page):
# branch 0 is the main chain.
BRANCH_COLORS = ["#1f5fbf", "#e8710a", "#1e8e3e", "#9334e6", "#d93025", "#0e9fb8", "#c58a00",
                 "#b80672", "#5f6368"]


def branch_color(branch):
    """The colour of a branch number of blocks.csv (0: main chain)."""
    if branch == 0:
        return BRANCH_COLORS[0]
    return BRANCH_COLORS[1 + (branch - 1) % (len(BRANCH_COLORS) - 1)]


def parse_nodes(value):
    """A node list as a scenario writes it: 3, [1, 2], "0-11", "0-3, 7"."""
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        nodes = []
        for item in value:
            nodes.extend(parse_nodes(item))
        return nodes
    nodes = []
    for part in str(value).split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-")
            nodes.extend(range(int(a), int(b) + 1))
        elif part:
            nodes.append(int(part))
    return nodes


def title_of(run):
    sc = run["scenario"]
    return "%s (seed %s, %s nodes)" % (sc.get("name", "run"), run.get("seed"), sc.get("nodes"))


def save_figure(plt, fig, path):
    """Lays out `fig`, writes it to `path` (PNG at 110 dpi), closes it; returns path."""
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def run_dir_main(plot, doc):
    """Command line of a one-run plot script: RUN_DIR [-o FILE]; prints the file written."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    print(plot(args.run_dir, args.output))
