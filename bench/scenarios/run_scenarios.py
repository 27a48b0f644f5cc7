#!/usr/bin/env python3
"""Times whole scenario runs, records them as JSON, and compares them.

Runs scenario_timer (bench/scenarios) once per scenario and run, each in a
fresh process so that peak memory is per run, and adds the process's own
peak RSS and CPU time from wait4(). Three uses, from the repository root
after a Release build of scenario_timer:

  record         run_scenarios.py --timer T SCENARIO...
      Writes the results (the fastest of --repeat runs) to --out, default
      bench/results/scenarios/scale.json, each with the machine it ran on
      (CPU model, family, model, stepping, CPU count, nominal frequency to
      100 MHz), the load average, the timer and the commit, and prints a
      table.
  compare        run_scenarios.py --compare OLD.json SCENARIO...
      Runs as record does (--out written only if given), then checks the
      results against an earlier file, scenario by scenario (same
      file, nodes, blocks and seed): the results must be identical (the
      fingerprint), peak memory at most 1 + --tolerance times the earlier,
      and run CPU too, but only if OLD was recorded on the same machine:
      otherwise the CPU ratio is printed and not judged (a ratio across
      machines measures the machines). --same-machine judges it anyway.
  side by side   run_scenarios.py --timer T --baseline-timer B SCENARIO...
      Runs B and T alternately, --repeat times each (default 3), in this
      sitting, and prints each one's run CPU seconds, the ratio of the
      medians (T / B), the lowest and highest ratio of the runs taken in
      pairs (B then T, next to each other in time), and whether the results
      are identical. When the pairs' ratios fall on both sides of 1 the
      sitting has not told which build is faster: "unresolved" says so (a
      noisy host; more --repeat, or a quieter machine). --out is written
      only if given (with both binaries' runs).

Exit status: 0 if every check passed, 1 on a regression (slower or larger
by more than --tolerance, default 15 %) or changed results, 2 on bad usage
or a timer that failed.

Only the standard library is needed.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_OUT = "bench/results/scenarios/scale.json"
# What --compare reads of each earlier result.
RECORD_KEYS = ("file", "nodes", "blocks_mined", "seed", "fingerprint", "run_cpu_s",
               "process_peak_rss_mb")


def fail(message):
    """Bad input or a failed timer: a message on stderr, exit status 2."""
    sys.stderr.write(f"run_scenarios: {message}\n")
    sys.exit(2)


def machine():
    """What a CPU time depends on, as far as the system tells: equal
    dictionaries mean the same kind of machine."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key in ("model name", "cpu family", "model", "stepping", "cpu MHz"):
                    fields.setdefault(key, value.strip())
    except OSError:
        pass
    mhz = None
    try:  # the nominal maximum where the kernel knows it (bare metal)
        with open("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq") as f:
            mhz = int(f.read()) / 1000.0
    except (OSError, ValueError):
        try:  # a virtual machine's fixed figure
            mhz = float(fields.get("cpu MHz", ""))
        except ValueError:
            pass
    return {
        "cpu": fields.get("model name", "unknown"),
        "family": fields.get("cpu family"),
        "model": fields.get("model"),
        "stepping": fields.get("stepping"),
        "cpus": os.cpu_count(),
        "mhz": None if mhz is None else int(round(mhz / 100.0) * 100),
    }


def describe(m):
    if not m:
        return "a machine the record does not name"
    return (f"{m['cpu']} (family {m['family']} model {m['model']}, {m['cpus']} CPUs, "
            f"{m['mhz']} MHz)")


def commit():
    """The checkout's commit, with -dirty if it has changes; None outside git."""
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        head = subprocess.run(["git", "-C", here, "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", here, "diff", "--quiet", "HEAD"]).returncode != 0
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("-dirty" if dirty else "")


def run_once(timer, scenario, overrides):
    """One run of the timer: its JSON result, with the process's own wall and
    CPU time and peak RSS (wait4)."""
    argv = [timer, scenario]
    for key, value in overrides:
        argv += ["--" + key.replace("_", "-"), value]
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err)
        except OSError as e:
            fail(f"cannot start {timer}: {e.strerror}")
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        wall = time.monotonic() - start
        if proc.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace"))
            fail(f"{' '.join(argv)} exited with {proc.returncode}")
    try:
        result = json.loads(out.decode().strip().splitlines()[-1])
    except (IndexError, UnicodeDecodeError, json.JSONDecodeError):
        fail(f"{' '.join(argv)} printed no JSON result")
    result["process_wall_s"] = wall
    result["process_cpu_s"] = usage.ru_utime + usage.ru_stime
    result["process_peak_rss_mb"] = usage.ru_maxrss / 1024.0
    result["overrides"] = dict(overrides)
    result["timer"] = timer
    return result


def key_of(r):
    return (r["file"], r["nodes"], r["blocks_mined"], r["seed"])


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def print_table(results):
    print(f"{'scenario':28} {'nodes':>6} {'blocks':>6} {'wall s':>7} {'cpu s':>7} "
          f"{'peak MB':>8} {'events':>11} {'ev/s(cpu)':>10} {'p50 s':>6} {'p90 s':>6} {'stale':>6}")
    for r in results:
        p50 = (r.get("propagation_p50_nodes") or {}).get("median_s")
        p90 = (r.get("propagation_p90_nodes") or {}).get("median_s")
        print(f"{r['scenario'][:28]:28} {r['nodes']:>6} {r['blocks_mined']:>6} "
              f"{r['wall_s']:>7.2f} {r['cpu_s']:>7.2f} {r['process_peak_rss_mb']:>8.1f} "
              f"{r['events']:>11} {r['events_per_cpu_s'] / 1e6:>9.2f}M {fmt(p50):>6} "
              f"{fmt(p90):>6} {100 * r['stale_rate']:>5.2f}%")


def read_results(path, action):
    """The list of results in a file this script wrote; exit 2 if it is not
    one (`action` says what was being done, for the message)."""
    try:
        with open(path) as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot {action}: {e}")
    if not isinstance(results, list):
        fail(f"{path}: cannot {action}: not a list (expected a list of results)")
    return results


def compare(results, old_file, tolerance, same_machine):
    """Prints one verdict per result against old_file; returns 1 if any failed."""
    records = read_results(old_file, "read a result file")
    for i, record in enumerate(records):
        missing = [k for k in RECORD_KEYS if not isinstance(record, dict) or k not in record]
        if missing:
            fail(f"{old_file}: result {i} has no {', '.join(missing)}")
    old = {key_of(r): r for r in records}
    status = 0
    for r in results:
        o = old.get(key_of(r))
        if o is None:
            print(f"{r['scenario']}: no earlier result to compare with")
            continue
        problems = []
        same = r["fingerprint"] == o["fingerprint"]
        if not same:
            problems.append("results CHANGED")
        mem = r["process_peak_rss_mb"] / o["process_peak_rss_mb"]
        if mem > 1 + tolerance:
            problems.append("memory REGRESSION")
        cpu = r["run_cpu_s"] / o["run_cpu_s"]
        here, there = r.get("machine"), o.get("machine")
        judged = same_machine or (here is not None and here == there)
        if judged and cpu > 1 + tolerance:
            problems.append("speed REGRESSION")
        line = (f"{r['scenario']}: run cpu x{cpu:.2f}, peak memory x{mem:.2f}, "
                f"results {'identical' if same else 'differ'}")
        if not judged:
            line += (f"; speed not judged: recorded on {describe(there)}, run on "
                     f"{describe(here)} (--same-machine to judge it)")
        print(f"{line}: {', '.join(problems) if problems else 'ok'}")
        if problems:
            status = 1
    return status


def side_by_side(timer, baseline, scenarios, overrides, repeat, tolerance):
    """Runs baseline and timer alternately; returns (runs, exit status)."""
    runs = []
    status = 0
    print(f"{'file':28} {'baseline cpu s':>24} {'this cpu s':>24} {'ratio':>6} "
          f"{'pairs':>11}  results")
    for scenario in scenarios:
        mine, theirs = [], []
        for _ in range(repeat):
            theirs.append(run_once(baseline, scenario, overrides))
            mine.append(run_once(timer, scenario, overrides))
        runs += theirs + mine
        ratio = (statistics.median(r["run_cpu_s"] for r in mine) /
                 statistics.median(r["run_cpu_s"] for r in theirs))
        pairs = [m["run_cpu_s"] / t["run_cpu_s"] for m, t in zip(mine, theirs)]
        prints = {r["fingerprint"] for r in mine + theirs}
        same = len(prints) == 1
        times = [", ".join(f"{r['run_cpu_s']:.2f}" for r in side) for side in (theirs, mine)]
        verdict = "" if ratio <= 1 + tolerance else "  speed REGRESSION"
        unresolved = "  unresolved" if min(pairs) < 1 < max(pairs) else ""
        name = os.path.basename(scenario)[:28]
        spread = f"{min(pairs):.2f}-{max(pairs):.2f}"
        print(f"{name:28} {times[0]:>24} {times[1]:>24} {ratio:>6.2f} {spread:>11}  "
              f"{'identical' if same else 'DIFFERENT'}{verdict}{unresolved}")
        if not same or verdict:
            status = 1
    return runs, status


def write(results, out, append):
    if append and os.path.exists(out):
        results = read_results(out, "append to it") + results
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="+", help="scenario YAML files")
    parser.add_argument("--timer", default="build/release/bench/scenarios/scenario_timer",
                        help="the scenario_timer to run (default: the release preset's)")
    parser.add_argument("--baseline-timer", metavar="TIMER",
                        help="another build's scenario_timer: run side by side with --timer")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override for every scenario: nodes, max_blocks, duration (s), seed")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per scenario (default 1; side by side 3); "
                        "when recording, the fastest is kept")
    parser.add_argument("--out", default=None,
                        help=f"result file (when recording, default {DEFAULT_OUT}; "
                        "with --compare or --baseline-timer, none unless given)")
    parser.add_argument("--append", action="store_true",
                        help="add to --out instead of replacing it")
    parser.add_argument("--compare", metavar="OLD.json", help="earlier result file to compare with")
    parser.add_argument("--same-machine", action="store_true",
                        help="judge run CPU against --compare even if the machines differ")
    parser.add_argument("--tolerance", type=float, default=0.15,
                        help="largest growth of CPU time or memory that is not a regression")
    args = parser.parse_args()

    overrides = []
    for s in args.set:
        key, eq, value = s.partition("=")
        if not eq or not key:
            parser.error(f"--set {s}: expected KEY=VALUE")
        overrides.append((key, value))
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.baseline_timer and args.compare:
        parser.error("--baseline-timer and --compare: choose one")

    header = {"recorded": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "machine": machine(), "commit": commit()}
    status = 0
    if args.baseline_timer:
        results, status = side_by_side(args.timer, args.baseline_timer, args.scenarios, overrides,
                                       args.repeat or 3, args.tolerance)
    else:
        results = []
        for scenario in args.scenarios:
            runs = [run_once(args.timer, scenario, overrides) for _ in range(args.repeat or 1)]
            results.append(min(runs, key=lambda r: r["run_wall_s"]))
        print_table(results)
    with open("/proc/loadavg") as f:
        header["load_average_1min"] = float(f.read().split()[0])
    for r in results:
        r.update(header)
    if args.compare:
        status = compare(results, args.compare, args.tolerance, args.same_machine)
    recording = not (args.baseline_timer or args.compare)
    out = args.out or (DEFAULT_OUT if recording else None)
    if out:
        write(results, out, args.append)
    return status


if __name__ == "__main__":
    sys.exit(main())
