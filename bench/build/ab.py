#!/usr/bin/env python3
"""A/B: builds one stepwise corpus with several stepwise binaries, alternating.

    python3 bench/build/ab.py CORPUS BIN_A BIN_B [BIN_C ...] [--runs 5] [--out-dir /dev/shm]

CORPUS is a stepwise site root (e.g. /tmp/c/stepwise from gen_corpus.py).
Each run builds with every binary once, in alternating order, each into a
new folder under --out-dir (tmpfs by default, to keep the disk out of it);
the folders are deleted at the end. Prints the median and minimum wall and
CPU time and the median peak RSS per binary. Used to measure one change at a
time (copy target/release/stepwise aside before and after the change).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("bins", nargs="+")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out-dir", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    a = ap.parse_args()
    # A binary given as a bare name in the current folder still runs.
    a.bins = [os.path.abspath(b) if os.path.isfile(b) else b for b in a.bins]
    work = tempfile.mkdtemp(prefix="stepwise-ab-", dir=a.out_dir)
    res = {b: [] for b in a.bins}
    try:
        k = 0
        for r in range(a.runs):
            for b in a.bins if r % 2 == 0 else a.bins[::-1]:
                out = os.path.join(work, str(k))
                k += 1
                t0 = time.perf_counter()
                p = subprocess.Popen([b, "build", "--root", a.corpus, "--out", out, "--quiet"])
                _, status, ru = os.wait4(p.pid, 0)
                wall = time.perf_counter() - t0
                if os.waitstatus_to_exitcode(status) != 0:
                    raise SystemExit(f"{b} failed")
                res[b].append((wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for b in a.bins:
        w = [x[0] for x in res[b]]
        c = [x[1] for x in res[b]]
        rss = statistics.median(x[2] for x in res[b])
        print(f"{b}: wall median {statistics.median(w):.3f} s (min {min(w):.3f}), "
              f"CPU median {statistics.median(c):.3f} s (min {min(c):.3f}), peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
