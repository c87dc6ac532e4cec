#!/usr/bin/env python3
"""`pip install` of the same projects from two indexes, alternating, to compare them or to see the
measurement's own noise. Loopback only; both servers must already be running (and warmed, e.g. with
bench/wrk/paths.lua, as bench/run.py does).

  python3 bench/pip_pairs.py --rounds 60 http://127.0.0.1:18700 http://127.0.0.1:18701 NAME [NAME ...]

Each round installs NAMEs from A and from B into a fresh --target directory (the order flips every
round; one unrecorded round first warms pip itself) and prints the median install time of each, the
ratio of the medians and the median of the per-round ratios A/B with their range.

To see what the comparison can resolve on a machine, point A and B at two identical servers: e.g. a
second nginx on the static tree bench/run.py exports (a copy of WORK/nginx.conf listening on another
port with its own pid file). docs/benchmarks.md (issue 7, ninth round) has such runs. bench/run.py runs
its `pip install` rounds with alternate().
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def alternate(urls, names, rounds, work):
    """Installs `names` from each of the two index URLs (base URLs, without /simple/) into a fresh
    --target under `work`, `rounds` times, the order flipping every round, after one unrecorded round
    that warms pip itself up; returns the two lists of install times in seconds."""
    env = {**os.environ, "PIP_CONFIG_FILE": "/dev/null"}
    target = os.path.join(work, "pip-target")
    times = [[], []]  # by position, so that both may even be the same URL
    for rnd in range(rounds + 1):
        for i in (0, 1) if rnd % 2 == 0 else (1, 0):
            t0 = time.monotonic()
            r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-cache-dir", "--disable-pip-version-check",
                                "--index-url", urls[i].rstrip("/") + "/simple/", "--target", target] + list(names),
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError(f"pip install from {urls[i]} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
            if rnd:
                times[i].append(time.monotonic() - t0)
            shutil.rmtree(target)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=60)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("names", nargs="+")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        times = alternate([args.a, args.b], args.names, args.rounds, work)
    a, b = statistics.median(times[0]), statistics.median(times[1])
    pairs = [x / y for x, y in zip(times[0], times[1])]
    print(f"{args.rounds} rounds: A {a:.3f} s, B {b:.3f} s (medians); A/B {a / b:.3f}; "
          f"median of the pair ratios {statistics.median(pairs):.3f} (range {min(pairs):.2f}-{max(pairs):.2f})")


if __name__ == "__main__":
    main()
