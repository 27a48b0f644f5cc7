"""Running chainsim's sweeps and reading what they measured.

Every measured number of the validation suite comes from here: a
`chainsim sweep` of a file in scenarios/validation/ (or scenarios/sweeps/),
read back from its points.csv (chainsim's own 95 % Student t interval over
the runs) or, for figures a run computes per block, from each run's
blocks.csv (--run-files), summarised below with the same interval.
Only the standard library is used.
"""

import csv
import functools
import glob
import math
import os
import statistics
import subprocess
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(_HERE))
# The Student t quantile by numerical integration, the sweep tests' independent
# reference (tests/sim/sweep/statistics_reference.py), reused here.
sys.path.insert(0, os.path.join(REPO, "tests", "sim", "sweep"))
import statistics_reference  # noqa: E402


@functools.lru_cache(maxsize=None)
def t975(df):
    return statistics_reference.t_quantile(0.975, df)


class Summary:
    """n, mean, sample sd, standard error and the 95 % Student t interval of
    the mean, as chainsim's points.csv defines them (docs/sweeps.md)."""

    def __init__(self, n, mean, sd):
        self.n, self.mean, self.sd = n, mean, sd
        self.se = sd / math.sqrt(n) if n >= 2 else float("nan")
        half = t975(n - 1) * self.se if n >= 2 else float("nan")
        self.low, self.high = mean - half, mean + half

    @staticmethod
    def of(values):
        values = list(values)
        if not values:
            raise ValueError("no runs to summarise")
        sd = statistics.stdev(values) if len(values) >= 2 else float("nan")
        return Summary(len(values), statistics.fmean(values), sd)


def run_sweep(chainsim, sweep_file, out, run_files=False, jobs=2):
    """Runs `chainsim sweep` from scratch (--restart) into out."""
    command = [chainsim, "sweep", sweep_file, "--out", out, "--restart", "--quiet",
               "--jobs", str(jobs)]
    if run_files:
        command.append("--run-files")
    print("validation: " + " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def read_points(folder):
    """points.csv as {(point, figure): Summary plus the point's values}."""
    with open(os.path.join(folder, "points.csv"), newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    points = {}
    for row in rows:
        if row["n"] in ("", "0") or row["mean"] == "":
            continue
        n = int(row["n"])
        sd = float(row["sd"]) if row["sd"] else float("nan")
        summary = Summary(n, float(row["mean"]), sd)
        # chainsim's own interval is the one shown; Summary recomputes it
        # only for the standard error.
        if row["ci95_low"]:
            summary.low, summary.high = float(row["ci95_low"]), float(row["ci95_high"])
        summary.values = row
        points[(int(row["point"]), row["figure"])] = summary
    return points


def read_runs(folder):
    """runs.csv rows, in run order."""
    with open(os.path.join(folder, "runs.csv"), newline="") as f:
        return list(csv.DictReader(f))


def run_folders(folder, point):
    """The run-file folders of one point (written with --run-files)."""
    return sorted(glob.glob(os.path.join(folder, "runs", "p%d-r*" % point)))


def read_blocks(run_folder):
    with open(os.path.join(run_folder, "blocks.csv"), newline="") as f:
        return list(csv.DictReader(f))
