#!/usr/bin/python3
"""Every plot of one run directory (written by `chainsim run --out DIR`):
DIR/agreement.png, DIR/propagation.png, DIR/reorg_depth.png, DIR/race.png,
DIR/network.png.

Usage: /usr/bin/python3 plots/plot_run.py RUN_DIR [RUN_DIR ...]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainsim_plots as cp  # noqa: E402


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    cp.require_matplotlib()
    import agreement
    import network
    import propagation
    import race
    import reorgs

    for run_dir in argv[1:]:
        if not os.path.isfile(os.path.join(run_dir, "run.json")):
            sys.exit("%s: no run.json here (write one with: chainsim run FILE --out %s)"
                     % (run_dir, run_dir))
        for module in (agreement, propagation, reorgs, race, network):
            print(module.plot(run_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
