#!/usr/bin/python3
"""Tests of bench/scenarios/run_scenarios.py: recording, --compare and
--baseline-timer, with stand-in timers (small scripts that print the JSON
line scenario_timer prints, with the figures each test chooses), so that
every verdict is checked without timing anything. Standard library only:
/usr/bin/python3 tests/bench/run_scenarios_test.py"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SCRIPT = os.path.join(ROOT, "bench", "scenarios", "run_scenarios.py")

# The stand-in: prints scenario_timer's result for the scenario it is given,
# with run_cpu_s and fingerprint from the JSON file beside it (a list of
# run_cpu_s: the next one at each run, counted in a file beside it); exits
# with that file's "exit" code (and prints "garbage" instead if it says so).
FAKE_TIMER = r'''#!/usr/bin/python3
import json, os, sys
with open(os.path.abspath(__file__) + ".json") as f:
    conf = json.load(f)
if conf.get("exit"):
    sys.stderr.write("timer: cannot open the file\n")
    sys.exit(conf["exit"])
if conf.get("garbage"):
    print("not json")
    sys.exit(0)
if isinstance(conf["cpu"], list):
    count = os.path.abspath(__file__) + ".count"
    n = int(open(count).read()) if os.path.exists(count) else 0
    with open(count, "w") as f:
        f.write(str(n + 1))
    conf["cpu"] = conf["cpu"][n % len(conf["cpu"])]
print(json.dumps({
    "scenario": os.path.basename(sys.argv[1]).rsplit(".", 1)[0], "file": sys.argv[1],
    "nodes": 10, "blocks_mined": 5, "seed": 1, "fingerprint": conf["fingerprint"],
    "run_cpu_s": conf["cpu"], "run_wall_s": conf["cpu"], "cpu_s": conf["cpu"],
    "wall_s": conf["cpu"], "events": 100, "events_per_cpu_s": 100 / conf["cpu"],
    "peak_rss_mb": 5.0, "stale_rate": 0.0,
    "propagation_p50_nodes": {"median_s": 1.0}, "propagation_p90_nodes": None}))
'''


class RunScenariosTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="run_scenarios_test.")
        self.scenario = os.path.join(self.dir, "tiny.yaml")
        with open(self.scenario, "w") as f:
            f.write("name: tiny\n")
        self.timer = self.make_timer("timer", cpu=1.0)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def make_timer(self, name, cpu=1.0, fingerprint="aa", **extra):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(FAKE_TIMER)
        os.chmod(path, 0o755)
        self.configure(path, cpu=cpu, fingerprint=fingerprint, **extra)
        return path

    @staticmethod
    def configure(timer, **conf):
        with open(timer + ".json", "w") as f:
            json.dump(conf, f)

    def run_script(self, *args):
        proc = subprocess.run([sys.executable, SCRIPT, "--timer", self.timer, *args],
                              capture_output=True, text=True, cwd=self.dir, timeout=60)
        return proc.returncode, proc.stdout, proc.stderr

    def record(self, name="old.json"):
        out = os.path.join(self.dir, name)
        code, _, err = self.run_script("--out", out, self.scenario)
        self.assertEqual(code, 0, err)
        with open(out) as f:
            return out, json.load(f)

    def rewrite(self, path, **changes):
        with open(path) as f:
            records = json.load(f)
        for record in records:
            record.update(changes)
        with open(path, "w") as f:
            json.dump(records, f)

    def test_a_record_names_its_machine_timer_and_figures(self):
        _, records = self.record()
        self.assertEqual(len(records), 1)
        r = records[0]
        self.assertEqual(r["timer"], self.timer)
        self.assertEqual(r["run_cpu_s"], 1.0)
        self.assertIn("cpu", r["machine"])
        self.assertIn("cpus", r["machine"])
        self.assertGreater(r["process_peak_rss_mb"], 0)  # from wait4, not the timer's line
        self.assertIn("load_average_1min", r)
        self.assertIn("commit", r)

    def test_append_keeps_the_earlier_results(self):
        out, _ = self.record()
        code, _, err = self.run_script("--out", out, "--append", self.scenario)
        self.assertEqual(code, 0, err)
        with open(out) as f:
            self.assertEqual(len(json.load(f)), 2)

    def test_the_same_figures_on_the_same_machine_pass(self):
        old, _ = self.record()
        code, out, _ = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 0, out)
        self.assertIn("results identical: ok", out)

    def test_compare_writes_no_file_unless_asked(self):
        old, _ = self.record()
        self.run_script("--compare", old, self.scenario)
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(["tiny.yaml", "timer", "timer.json", "old.json"]))

    def test_changed_results_fail(self):
        old, _ = self.record()
        self.configure(self.timer, cpu=1.0, fingerprint="bb")
        code, out, _ = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 1)
        self.assertIn("results CHANGED", out)

    def test_slower_on_the_same_machine_fails(self):
        old, _ = self.record()
        self.configure(self.timer, cpu=1.2, fingerprint="aa")
        code, out, _ = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 1)
        self.assertIn("run cpu x1.20", out)
        self.assertIn("speed REGRESSION", out)
        code, _, _ = self.run_script("--compare", old, "--tolerance", "0.25", self.scenario)
        self.assertEqual(code, 0)

    def test_slower_on_another_machine_is_shown_not_judged(self):
        old, _ = self.record()
        self.rewrite(old, machine={"cpu": "Other CPU", "family": "6", "model": "1",
                                   "stepping": "1", "cpus": 64, "mhz": 3000})
        self.configure(self.timer, cpu=2.0, fingerprint="aa")
        code, out, _ = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 0, out)
        self.assertIn("run cpu x2.00", out)
        self.assertIn("speed not judged: recorded on Other CPU", out)
        code, out, _ = self.run_script("--compare", old, "--same-machine", self.scenario)
        self.assertEqual(code, 1)
        self.assertIn("speed REGRESSION", out)

    def test_a_record_without_a_machine_is_not_judged_on_speed(self):
        old, _ = self.record()
        with open(old) as f:
            records = json.load(f)
        del records[0]["machine"]
        with open(old, "w") as f:
            json.dump(records, f)
        self.configure(self.timer, cpu=2.0, fingerprint="aa")
        code, out, _ = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 0, out)
        self.assertIn("a machine the record does not name", out)

    def test_more_memory_fails_on_any_machine(self):
        old, _ = self.record()
        self.rewrite(old, process_peak_rss_mb=0.5, machine=None)
        code, out, _ = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 1)
        self.assertIn("memory REGRESSION", out)

    def test_a_scenario_not_recorded_is_said_so(self):
        old, _ = self.record()
        self.rewrite(old, seed=99)
        code, out, _ = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 0)
        self.assertIn("no earlier result to compare with", out)

    def test_side_by_side_gives_the_ratio_of_medians(self):
        baseline = self.make_timer("baseline", cpu=2.0)
        code, out, err = self.run_script("--baseline-timer", baseline, "--repeat", "2",
                                         self.scenario)
        self.assertEqual(code, 0, err)
        line = out.splitlines()[1].split()
        self.assertEqual(line[0], "tiny.yaml")
        self.assertEqual(line[1:],
                         ["2.00,", "2.00", "1.00,", "1.00", "0.50", "0.50-0.50", "identical"])
        self.assertEqual(sorted(os.listdir(self.dir)),  # no file unless --out
                         sorted(["tiny.yaml", "timer", "timer.json", "baseline",
                                 "baseline.json"]))

    def test_side_by_side_says_when_the_pairs_disagree_on_the_faster(self):
        # Medians 2.0 and 1.9 (0.95), but the second pair has this build slower.
        baseline = self.make_timer("baseline", cpu=[2.0, 1.6, 2.2])
        self.configure(self.timer, cpu=[1.7, 1.9, 2.0], fingerprint="aa")
        code, out, err = self.run_script("--baseline-timer", baseline, self.scenario)
        self.assertEqual(code, 0, err)  # not a regression: only not resolved
        line = out.splitlines()[1].split()
        self.assertEqual(line[7:], ["0.95", "0.85-1.19", "identical", "unresolved"])
        # Every pair faster: resolved, though the runs vary as much.
        self.configure(baseline, cpu=[2.0, 2.4, 2.2], fingerprint="aa")
        os.remove(baseline + ".count")
        os.remove(self.timer + ".count")
        code, out, err = self.run_script("--baseline-timer", baseline, self.scenario)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.splitlines()[1].split()[7:], ["0.86", "0.79-0.91", "identical"])

    def test_side_by_side_flags_slower_and_different_results(self):
        baseline = self.make_timer("baseline", cpu=1.0, fingerprint="bb")
        self.configure(self.timer, cpu=1.5, fingerprint="aa")
        code, out, _ = self.run_script("--baseline-timer", baseline, self.scenario)
        self.assertEqual(code, 1)
        self.assertIn("1.50   1.50-1.50  DIFFERENT  speed REGRESSION", out)

    def test_side_by_side_writes_both_binaries_runs_when_asked(self):
        baseline = self.make_timer("baseline", cpu=2.0)
        out = os.path.join(self.dir, "pair.json")
        code, _, err = self.run_script("--baseline-timer", baseline, "--repeat", "3", "--out",
                                       out, self.scenario)
        self.assertEqual(code, 0, err)
        with open(out) as f:
            timers = [r["timer"] for r in json.load(f)]
        self.assertEqual(sorted(timers), sorted([baseline] * 3 + [self.timer] * 3))

    def test_bad_input_exits_2_with_a_message(self):
        old, _ = self.record()
        cases = {
            "--set without =": (["--set", "nodes", self.scenario], "expected KEY=VALUE"),
            "--repeat 0": (["--repeat", "0", self.scenario], "at least 1"),
            "missing compare file": (["--compare", os.path.join(self.dir, "none.json"),
                                      self.scenario], "none.json: cannot read"),
            "both modes": (["--compare", old, "--baseline-timer", self.timer, self.scenario],
                           "choose one"),
        }
        for name, (args, message) in cases.items():
            code, _, err = self.run_script(*args)
            self.assertEqual(code, 2, name)
            self.assertIn(message, err, name)
        with open(old, "w") as f:
            f.write('{"not": "a list"}')
        code, _, err = self.run_script("--compare", old, self.scenario)
        self.assertEqual((code, "expected a list of results" in err), (2, True), err)
        code, _, err = self.run_script("--out", old, "--append", self.scenario)
        self.assertEqual((code, "cannot append to it: not a list" in err), (2, True), err)
        with open(old, "w") as f:
            json.dump([{"file": "x"}], f)
        code, _, err = self.run_script("--compare", old, self.scenario)
        self.assertEqual(code, 2)
        self.assertIn("result 0 has no nodes", err)

    def test_a_failing_timer_exits_2_with_its_message(self):
        self.configure(self.timer, exit=2)
        code, _, err = self.run_script(self.scenario)
        self.assertEqual(code, 2)
        self.assertIn("timer: cannot open the file", err)
        self.assertIn("exited with 2", err)
        self.configure(self.timer, garbage=True)
        code, _, err = self.run_script(self.scenario)
        self.assertEqual(code, 2)
        self.assertIn("printed no JSON result", err)
        code, _, err = self.run_script("--timer", os.path.join(self.dir, "absent"), self.scenario)
        self.assertEqual(code, 2)
        self.assertIn("cannot start", err)


if __name__ == "__main__":
    unittest.main()
