#!/usr/bin/env python3
"""Times whole scenario runs and records them as JSON.

Runs build/<dir>/bench/scenarios/scenario_timer once per scenario (a fresh
process each, so that peak memory is per run), collects its JSON line, and
adds the process's own peak RSS and CPU time from wait4(). Writes a list of
results to --out (default bench/results/scenarios/scale.json) and prints a table.
With --compare OLD.json it also prints the ratio of wall time, events/s and
peak memory to an earlier result file, and flags a regression (slower by
more than --tolerance, default 15 %; exit status 1) or changed results
(different fingerprint for the same scenario, nodes, blocks and seed).

Usage (from the repository root, after a Release build of scenario_timer):
  bench/scenarios/run_scenarios.py --timer build/scale-release/bench/scenarios/scenario_timer \\
      scenarios/bitcoin-regions-1000.yaml scenarios/scale/bitcoin-6000.yaml
  bench/scenarios/run_scenarios.py --timer ... --set nodes=10000 scenarios/scale/bitcoin-6000.yaml
Only the standard library is needed.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def run_one(timer, scenario, overrides, repeat):
    best = None
    for _ in range(repeat):
        argv = [timer, scenario]
        for key, value in overrides:
            argv += ["--" + key.replace("_", "-"), value]
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = proc.stdout.read()
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.stderr.write(err.decode())
            raise SystemExit(f"{' '.join(argv)} exited with {code}")
        result = json.loads(out.decode().strip().splitlines()[-1])
        result["process_wall_s"] = wall
        result["process_cpu_s"] = usage.ru_utime + usage.ru_stime
        result["process_peak_rss_mb"] = usage.ru_maxrss / 1024.0
        result["overrides"] = dict(overrides)
        if best is None or result["run_wall_s"] < best["run_wall_s"]:
            best = result
    return best


def key_of(r):
    return (r["file"], r["nodes"], r["blocks_mined"], r["seed"])


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="+", help="scenario YAML files")
    parser.add_argument("--timer", default="build/scale-release/bench/scenarios/scenario_timer")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override for every scenario: nodes, max_blocks, duration (s), seed")
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario; the fastest is kept")
    parser.add_argument("--out", default="bench/results/scenarios/scale.json")
    parser.add_argument("--append", action="store_true", help="add to --out instead of replacing it")
    parser.add_argument("--compare", help="earlier result file to compare with")
    parser.add_argument("--tolerance", type=float, default=0.15)
    args = parser.parse_args()

    overrides = [tuple(s.split("=", 1)) for s in args.set]
    results = []
    for scenario in args.scenarios:
        results.append(run_one(args.timer, scenario, overrides, args.repeat))

    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    header = {"recorded": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "load_average_1min": float(load), "timer": args.timer}
    for r in results:
        r.update(header)
    if args.append and os.path.exists(args.out):
        with open(args.out) as f:
            results = json.load(f) + results
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")

    print(f"{'scenario':28} {'nodes':>6} {'blocks':>6} {'wall s':>7} {'cpu s':>7} "
          f"{'peak MB':>8} {'events':>11} {'ev/s(cpu)':>10} {'p50 s':>6} {'p90 s':>6} {'stale':>6}")
    for r in results[-len(args.scenarios):]:
        p50 = (r["propagation_p50_nodes"] or {}).get("median_s")
        p90 = (r["propagation_p90_nodes"] or {}).get("median_s")
        print(f"{r['scenario'][:28]:28} {r['nodes']:>6} {r['blocks_mined']:>6} "
              f"{r['wall_s']:>7.2f} {r['cpu_s']:>7.2f} {r['process_peak_rss_mb']:>8.1f} "
              f"{r['events']:>11} {r['events_per_cpu_s'] / 1e6:>9.2f}M {fmt(p50):>6} "
              f"{fmt(p90):>6} {100 * r['stale_rate']:>5.2f}%")

    status = 0
    if args.compare:
        with open(args.compare) as f:
            old = {key_of(r): r for r in json.load(f)}
        for r in results[-len(args.scenarios):]:
            o = old.get(key_of(r))
            if o is None:
                print(f"{r['scenario']}: no earlier result to compare with")
                continue
            cpu = r["run_cpu_s"] / o["run_cpu_s"]
            mem = r["process_peak_rss_mb"] / o["process_peak_rss_mb"]
            same = r["fingerprint"] == o["fingerprint"]
            verdict = "REGRESSION" if cpu > 1 + args.tolerance else "ok"
            print(f"{r['scenario']}: run cpu x{cpu:.2f}, peak memory x{mem:.2f}, "
                  f"results {'identical' if same else 'CHANGED'}: {verdict}")
            if cpu > 1 + args.tolerance or not same:
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
