#!/usr/bin/python3
"""chainsim's validation suite: measured figures against published results.

    /usr/bin/python3 tools/validation/validate.py docs --chainsim build/release/apps/cli/chainsim
        runs every case's full sweep (scenarios/validation/, and
        scenarios/sweeps/block-size.yaml) and writes docs/validation.md and
        docs/images/validation-*.png
    /usr/bin/python3 tools/validation/validate.py check --chainsim BIN --case NAME [--set fast|full]
        runs one case and fails (exit code 1) if a checked row disagrees;
        what ctest -L validation (fast) and -L validation-full run

Each sweep is run from scratch (chainsim sweep --restart) into --work
(default runs/validation); --reuse reads the folders already there instead
(only to iterate on the report: the numbers must come from a fresh run).
The expectations come from theory.py, never from chainsim. Needs
/usr/bin/python3; matplotlib only for the plots of `docs`.
"""

import argparse
import os
import sys

import cases
import measure


def rows_of(case, which, chainsim, work, reuse, jobs):
    folder = os.path.join(work, which, case.name)
    if not reuse:
        measure.run_sweep(chainsim, case.file(which), folder, case.run_files, jobs)
    return case.make_rows(folder, which, case)


def print_rows(rows):
    for row in rows:
        m = row.measured
        expected = "" if row.expected is None else "expected %.6g" % row.expected
        print("%-18s %-40s %-26s %.6g [%.6g, %.6g] n=%d  %s  %s" % (
            row.section, row.setting, row.quantity, m.mean, m.low, m.high, m.n, expected,
            row.verdict()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "docs"])
    parser.add_argument("--chainsim", required=True, help="the chainsim program to validate")
    parser.add_argument("--case", action="append", help="check: the case(s) to run")
    parser.add_argument("--set", default="fast", choices=["fast", "full"], help="check: which set")
    parser.add_argument("--work", default=os.path.join(measure.REPO, "runs", "validation"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reuse", action="store_true",
                        help="read the sweep folders already in --work instead of running")
    args = parser.parse_args()
    chainsim = os.path.abspath(args.chainsim)

    if args.command == "check":
        failed = []
        for name in args.case or [c.name for c in cases.CASES if c.file(args.set)]:
            case = cases.find(name)
            if not case.file(args.set):
                print("validation: case %s has no %s set" % (name, args.set), file=sys.stderr)
                return 2
            rows = rows_of(case, args.set, chainsim, args.work, args.reuse, args.jobs)
            print_rows(rows)
            failed += [r for r in rows if not r.passes()]
        for row in failed:
            print("validation: FAILED %s, %s: %s: measured %.6g, expected %.6g, %s" % (
                row.section, row.setting, row.quantity, row.measured.mean, row.expected,
                row.verdict()), file=sys.stderr)
        return 1 if failed else 0

    import report  # matplotlib is needed only here
    results = {}
    for case in cases.CASES:
        results[case.name] = rows_of(case, "full", chainsim, args.work, args.reuse, args.jobs)
        print_rows(results[case.name])
    report.write(results, chainsim)
    return 0


if __name__ == "__main__":
    sys.exit(main())
