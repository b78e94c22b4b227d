#!/usr/bin/env python3
"""Builds the same synthetic corpus with stepwise, Hugo and mdBook and compares them.

    python3 bench/build/run.py [--sizes 1000,10000] [--runs 1000=5,10000=3]
                               [--skip-slow] [--no-build] [--tools stepwise,hugo,mdbook]

For each size N the corpus is generated once (gen_corpus.py) into a temporary
folder. Each run builds every tool once, in a rotating order (run 1: stepwise,
hugo, mdbook; run 2: hugo, mdbook, stepwise; ...), each into a fresh output
folder that is deleted afterwards (outside the timing). One untimed warm-up
build per tool and size comes first, so every tool reads its sources from a
warm page cache.

Measured per build, for the process and everything it waited for: wall time
(perf_counter around spawn..exit), CPU time (user + sys from wait4's rusage)
and peak RSS (ru_maxrss). The table shows the medians and the stepwise/peer
ratios. A tool that is not installed is skipped with a message.

Also times the bundled guide (`stepwise build --root <repo> --out <tmp>`,
process start included) with hyperfine when it is installed, otherwise with
20 runs of our own, and reports stepwise's ms/page at every size.

Tools are found as follows: stepwise is built with `cargo build --release` in
the repository (skip with --no-build) and target/release/stepwise is copied
into the work folder, so that other builds of the shared target folder cannot
swap the binary mid-benchmark; hugo and mdbook from PATH, ~/.cargo/bin, or
the HUGO / MDBOOK environment variables or --hugo / --mdbook.

Never run this from `cargo test`: it is a measurement, not a check.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import gen_corpus  # noqa: E402

# Targets from issue 8.
TARGET_HUGO_WALL = 0.25
TARGET_HUGO_RSS = 0.10
TARGET_MDBOOK_WALL_1K = 0.20
TARGET_BUNDLED_MS = 50.0
TARGET_LINEAR = 1.25  # ms/page at the largest size / ms/page at the smallest


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def find_tool(name, explicit):
    for cand in [explicit, os.environ.get(name.upper()), shutil.which(name),
                 os.path.expanduser(f"~/.cargo/bin/{name}")]:
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    return None


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except Exception as e:  # noqa: BLE001
        return f"unknown ({e})"


def cpu_idle(interval=1.0):
    """Fraction of all CPUs idle over `interval` seconds (from /proc/stat)."""

    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[3] + v[4], sum(v)  # idle + iowait, total

    i0, t0 = snap()
    time.sleep(interval)
    i1, t1 = snap()
    return (i1 - i0) / max(1, t1 - t0)


def settle(threshold, max_wait):
    """Flushes dirty pages, then waits (up to max_wait s) until the machine is idle.

    Returns the idle fraction seen last. Other work on the machine (other
    builds, browsers) distorts wall times; writeback of the previous build's
    output would be charged to the next tool without the sync.
    """
    os.sync()
    if threshold <= 0:
        return None
    start = time.monotonic()
    idle = cpu_idle()
    while idle < threshold and time.monotonic() - start < max_wait:
        idle = cpu_idle()
    if idle < threshold:
        log(f"   (machine still busy after {max_wait:.0f} s: {idle:.0%} idle; measuring anyway)")
    return idle


# When the last run deleted its outputs (see README, Noise): a journal-less
# ext4 avoids reusing freed inodes for 60 s once their blocks are written.
CLEANUP_STAMP = os.path.join(tempfile.gettempdir(), "stepwise-bench-cleanup")
RECENTLY_FREED_S = 65


def wait_after_previous_cleanup():
    """Waits until inodes freed by an earlier run's cleanup are reusable."""
    try:
        age = time.time() - float(open(CLEANUP_STAMP).read())
    except (OSError, ValueError):
        return
    if 0 <= age < RECENTLY_FREED_S:
        log(f"waiting {RECENTLY_FREED_S - age:.0f} s: the previous run deleted its outputs "
            f"{age:.0f} s ago (see README, Noise)")
        time.sleep(RECENTLY_FREED_S - age)


def measure(argv, cwd=None, env=None):
    """Runs argv to completion; returns wall s, cpu s, peak RSS MiB, exit code, stderr tail."""
    errf = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errf)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    errf.seek(0)
    err = errf.read().decode("utf-8", "replace")
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "user": ru.ru_utime,
        "sys": ru.ru_stime,
        "rss_mib": ru.ru_maxrss / 1024.0,
        "rc": proc.returncode,
        "stderr": err[-4000:],
    }


def commands(tool, bins, corpus, out):
    if tool == "stepwise":
        return [bins["stepwise"], "build", "--root", f"{corpus}/stepwise", "--out", out, "--quiet"]
    if tool == "hugo":
        return [bins["hugo"], "--source", f"{corpus}/hugo", "--destination", out, "--quiet",
                "--noBuildLock", "--cacheDir", f"{corpus}/hugo-cache"]
    if tool == "mdbook":
        return [bins["mdbook"], "build", f"{corpus}/mdbook", "--dest-dir", out]
    raise ValueError(tool)


def edit_one_page(corpus, tool, run):
    """Changes one word of one page of `tool`'s copy of the corpus (`run` picks which)."""
    src = {"stepwise": "stepwise/content", "hugo": "hugo/content", "mdbook": "mdbook/src"}[tool]
    path = os.path.join(corpus, src, "guide-01", "page-0001.md")
    with open(path) as f:
        text = f.read()
    words = ("Edited", "Changed")
    old, new = (words[0], words[1]) if run % 2 else (words[1], words[0])
    if f"{old} once." in text:
        text = text.replace(f"{old} once.", f"{new} once.")
    else:
        text = text.rstrip("\n") + f"\n\n{new} once.\n"
    with open(path, "w") as f:
        f.write(text)


def count_files(root):
    html = files = size = 0
    for d, _, fs in os.walk(root):
        for f in fs:
            files += 1
            size += os.path.getsize(os.path.join(d, f))
            if f.endswith(".html"):
                html += 1
    return html, files, size


def fs_type(path):
    """The file system type of the mount holding `path` (from /proc/mounts)."""
    best, kind = "", "?"
    try:
        real = os.path.realpath(path)
        for line in open("/proc/mounts"):
            mnt, typ = line.split()[1], line.split()[2]
            if (real == mnt or real.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                best, kind = mnt, typ
    except OSError:
        pass
    return kind


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def bundled(bins, work, runs, idle, max_wait):
    out = f"{work}/bundled-out"
    cmd = [bins["stepwise"], "build", "--root", REPO, "--out", out, "--quiet"]
    hf = shutil.which("hyperfine")
    pages = None
    r = subprocess.run(cmd[:-1], capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr.strip()}
    # "Built 9 pages (...)"
    for tok in r.stdout.split():
        if tok.isdigit():
            pages = int(tok)
            break
    res = {"pages": pages, "runs": runs}
    settle(idle, max_wait)
    if hf:
        j = f"{work}/bundled.json"
        subprocess.run(
            [hf, "--style", "none", "--warmup", "3", "--runs", str(runs), "--export-json", j,
             "--prepare", f"rm -rf {out} {work}/.bundled-out.stepwise", " ".join(cmd)],
            check=True, stdout=subprocess.DEVNULL)
        data = json.load(open(j))["results"][0]
        res.update(method="hyperfine", median_ms=data["median"] * 1000,
                   mean_ms=data["mean"] * 1000, min_ms=data["min"] * 1000,
                   max_ms=data["max"] * 1000)
    else:
        walls = []
        for _ in range(3 + runs):
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(f"{work}/.bundled-out.stepwise", ignore_errors=True)
            walls.append(measure(cmd)["wall"])
        walls = walls[3:]
        res.update(method="own loop", median_ms=statistics.median(walls) * 1000,
                   min_ms=min(walls) * 1000, max_ms=max(walls) * 1000)
    m = [measure(cmd) for _ in range(5)]
    res["rss_mib"] = statistics.median(x["rss_mib"] for x in m)
    res["cpu_ms"] = statistics.median(x["cpu"] for x in m) * 1000
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(f"{work}/.bundled-out.stepwise", ignore_errors=True)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="page counts (default 1000,10000)")
    ap.add_argument("--runs", default="1000=5,10000=3",
                    help="runs per size, e.g. 1000=5,10000=3; other sizes get 3")
    ap.add_argument("--tools", default="stepwise,hugo,mdbook")
    ap.add_argument("--skip-slow", action="store_true",
                    help="mdBook at N >= 10000: one run, no warm-up (about 10 min per run)")
    ap.add_argument("--skip-mdbook-above", type=int, default=None,
                    help="do not run mdBook above this N at all")
    ap.add_argument("--no-build", action="store_true", help="use target/release/stepwise as is")
    ap.add_argument("--stepwise", help="stepwise binary (implies --no-build)")
    ap.add_argument("--stepwise-label",
                    help="what to call the stepwise binary in the report (default: the repo's revision)")
    ap.add_argument("--hugo")
    ap.add_argument("--mdbook")
    ap.add_argument("--bundled-runs", type=int, default=20)
    ap.add_argument("--no-bundled", action="store_true")
    ap.add_argument("--workdir", help="where corpora and outputs go (default: a new temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--delete-each", action="store_true",
                    help="delete every output right after its build, as runs before commit b241a3c "
                         "did (on a journal-less ext4 this charges each build for the "
                         "previous build's deletions; see README, Method)")
    ap.add_argument("--scenario", choices=["fresh", "repeated"], default="fresh",
                    help="fresh (default): every build into a new folder; repeated: every tool "
                         "builds again and again into its own folder, as a user does (issue 14)")
    ap.add_argument("--edit-each", action="store_true",
                    help="with --scenario repeated: change one word of one page before each run, "
                         "so every build has something to write")
    ap.add_argument("--json", help="also write all results to this file")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--stepwise-theme", choices=["bench", "default"], default="bench",
                    help="default: build stepwise with its built-in theme instead of the "
                         "equivalent templates (for stepwise's own scaling; not comparable)")
    ap.add_argument("--idle", type=float, default=0.85,
                    help="before each timed build, wait until this fraction of the CPUs is idle "
                         "(default 0.85; 0 disables)")
    ap.add_argument("--max-wait", type=float, default=180,
                    help="give up waiting for an idle machine after this many seconds (default 180)")
    a = ap.parse_args()

    sizes = [int(x) for x in a.sizes.split(",")]
    runs = {int(k): int(v) for k, v in (x.split("=") for x in a.runs.split(",") if x)}
    tools = a.tools.split(",")
    work = a.workdir or tempfile.mkdtemp(prefix="stepwise-bench-")
    # Only a folder this script created is removed as a whole at the end.
    created = not a.workdir or not os.path.exists(work)
    os.makedirs(work, exist_ok=True)
    log(f"work folder: {work}")
    wait_after_previous_cleanup()

    bins = {}
    if "stepwise" in tools:
        src = a.stepwise
        if not src:
            src = os.path.join(REPO, "target", "release", "stepwise")
            if not a.no_build:
                log("cargo build --release ...")
                subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        if not os.path.isfile(src):
            sys.exit(f"stepwise binary not found at {src}")
        bins["stepwise"] = os.path.join(work, "stepwise")
        shutil.copy2(src, bins["stepwise"])
    for t in ("hugo", "mdbook"):
        if t in tools:
            b = find_tool(t, getattr(a, t))
            if b:
                bins[t] = b
            else:
                hint = {"hugo": "apt-get install -y hugo",
                        "mdbook": "cargo install mdbook --locked"}[t]
                log(f"skipping {t}: not installed ({hint})")
    tools = [t for t in tools if t in bins]

    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "Cargo.toml",
                                "Cargo.lock", "themes"], cwd=REPO, capture_output=True,
                               text=True).stdout.strip()
    except FileNotFoundError:
        rev, dirty = "?", ""
    meta = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "host": platform.node(),
        "nproc": os.cpu_count(),
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                     if l.startswith("model name")), "?"),
        "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "stepwise_rev": a.stepwise_label or (
            f"binary {a.stepwise} (given with --stepwise)" if a.stepwise
            else rev + (" (+uncommitted changes in src/, themes/ or Cargo.*)" if dirty else "")),
        "versions": {},
    }
    if "stepwise" in bins:
        meta["versions"]["stepwise"] = version([bins["stepwise"], "--version"])
    if "hugo" in bins:
        meta["versions"]["hugo"] = version([bins["hugo"], "version"])
    if "mdbook" in bins:
        meta["versions"]["mdbook"] = version([bins["mdbook"], "--version"])
    log(json.dumps(meta, indent=1))

    # Outputs are deleted only after the last timed build (unless --delete-each).
    # On ext4 without a journal (this machine's disk), the kernel avoids reusing
    # an inode for a few minutes after it was freed, and every new inode first
    # skips past all recently freed ones in its group: a build that follows the
    # deletion of a 10k-page output pays for that deletion, in proportion to the
    # number of files it creates. Deleting nothing while measuring gives every
    # tool the same fresh disk.
    trash = []

    def discard(path):
        if a.delete_each:
            shutil.rmtree(path, ignore_errors=True)
        else:
            trash.append(path)

    results = {}  # (n, tool) -> list of measurements
    outputs = {}
    failures = []
    for n in sizes:
        corpus = f"{work}/corpus-{n}"
        log(f"\n== N = {n}: generating corpus ...")
        t0 = time.perf_counter()
        gen_corpus.generate(corpus, n, 10, a.seed, a.stepwise_theme)
        log(f"   generated in {time.perf_counter() - t0:.1f} s")
        nruns = runs.get(n, 3)
        active = []
        for t in tools:
            if t == "mdbook" and a.skip_mdbook_above is not None and n > a.skip_mdbook_above:
                log(f"   skipping mdbook at N={n} (--skip-mdbook-above {a.skip_mdbook_above})")
                continue
            active.append(t)
        slow = {"mdbook"} if (a.skip_slow and n >= 10000) else set()
        # Warm-up (untimed; also checks that each tool builds the corpus).
        repeated = a.scenario == "repeated"
        for t in list(active):
            if t in slow:
                continue
            # Repeated builds: two untimed builds into the folder every run
            # then builds into (stepwise's second build makes its spare copy).
            out = f"{work}/out-{n}-{t}-repeated" if repeated else f"{work}/out-{n}-{t}-warmup"
            log(f"   warm-up {t} ...")
            for _ in range(2 if repeated else 1):
                m = measure(commands(t, bins, corpus, out))
            if m["rc"] != 0:
                log(f"   {t} FAILED (exit {m['rc']}):\n{m['stderr']}")
                failures.append({"n": n, "tool": t, "rc": m["rc"], "stderr": m["stderr"]})
                active.remove(t)
            else:
                outputs[(n, t)] = count_files(out)
            if not repeated:
                discard(out)
        for r in range(nruns):
            order = active[r % len(active):] + active[: r % len(active)] if active else []
            for t in order:
                if t in slow and r > 0:
                    continue
                if repeated:
                    out = f"{work}/out-{n}-{t}-repeated"
                    if a.edit_each:
                        edit_one_page(corpus, t, r)
                else:
                    out = f"{work}/out-{n}-{t}-{r}"
                    shutil.rmtree(out, ignore_errors=True)
                idle = settle(a.idle, a.max_wait)
                load = os.getloadavg()[0]
                m = measure(commands(t, bins, corpus, out))
                m["idle_before"] = idle
                m["load1_before"] = load
                if m["rc"] != 0:
                    log(f"   {t} run {r + 1} FAILED (exit {m['rc']}):\n{m['stderr']}")
                    failures.append({"n": n, "tool": t, "rc": m["rc"], "stderr": m["stderr"]})
                else:
                    if (n, t) not in outputs:
                        outputs[(n, t)] = count_files(out)
                    results.setdefault((n, t), []).append(m)
                    log(f"   run {r + 1}/{nruns} {t:8} wall {m['wall']:.3f} s  cpu {m['cpu']:.3f} s  "
                        f"rss {m['rss_mib']:.0f} MiB  (idle before {idle if idle is None else f'{idle:.0%}'}, "
                        f"load {load:.1f})")
                if not repeated:
                    discard(out)
        if repeated:
            for t in active:
                discard(f"{work}/out-{n}-{t}-repeated")
                discard(f"{work}/.out-{n}-{t}-repeated.stepwise")
        if not a.keep:
            discard(corpus)

    bundled_res = None
    if "stepwise" in bins and not a.no_bundled:
        # The bundled guide is timed before the outputs above are deleted, for
        # the same reason.
        log("\n== bundled guide ...")
        bundled_res = bundled(bins, work, a.bundled_runs, a.idle, a.max_wait)

    # --- report -------------------------------------------------------------
    med = {}
    for (n, t), ms in results.items():
        med[(n, t)] = {
            "runs": len(ms),
            "wall": statistics.median(m["wall"] for m in ms),
            "cpu": statistics.median(m["cpu"] for m in ms),
            "rss": statistics.median(m["rss_mib"] for m in ms),
            "wall_min": min(m["wall"] for m in ms),
            "wall_max": max(m["wall"] for m in ms),
        }
    lines = []
    lines.append(f"Machine: {meta['nproc']} cores, {meta['cpu']}, {meta['mem_gib']} GiB; {meta['date']}")
    for t, v in meta["versions"].items():
        lines.append(f"{t}: {v}")
    lines.append(f"stepwise revision: {meta['stepwise_rev']}")
    lines.append(f"scenario: {a.scenario}" + (
        " (every tool builds again and again into its own folder"
        + (", one word of one page changed before each run)" if a.edit_each else ", nothing changed)")
        if a.scenario == "repeated" else " (every build into a new folder)"))
    lines.append(f"work folder: {work} ({'tmpfs' if fs_type(work) == 'tmpfs' else fs_type(work)})")
    lines.append(f"stepwise theme: {a.stepwise_theme}"
                 + (" (built-in; NOT equivalent to the peers' templates)" if a.stepwise_theme == "default" else
                    " (equivalent templates)"))
    lines.append("")
    lines.append("| N | tool | runs | wall median (min–max) s | CPU s | peak RSS MiB | HTML files | output MB | stepwise/tool wall | CPU | RSS |")
    lines.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        sw = med.get((n, "stepwise"))
        for t in ("stepwise", "hugo", "mdbook"):
            m = med.get((n, t))
            if not m:
                continue
            html, _, size = outputs.get((n, t), (0, 0, 0))
            if sw and t != "stepwise":
                ratios = (f"{sw['wall'] / m['wall']:.3f}× | {sw['cpu'] / m['cpu']:.3f}× | "
                          f"{sw['rss'] / m['rss']:.3f}×")
            else:
                ratios = "– | – | –"
            lines.append(
                f"| {n} | {t} | {m['runs']} | {fmt_s(m['wall'])} ({fmt_s(m['wall_min'])}–{fmt_s(m['wall_max'])}) | "
                f"{fmt_s(m['cpu'])} | {m['rss']:.0f} | {html} | {size / 1e6:.0f} | {ratios} |")
    lines.append("")
    lines.append(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    lines.append("")

    def verdict(ok):
        return "met" if ok else "NOT met"

    per_page = {}
    for n in sizes:
        m = med.get((n, "stepwise"))
        if m:
            per_page[n] = m["wall"] * 1000 / n
            lines.append(f"stepwise ms/page at N={n}: {per_page[n]:.3f} wall, "
                         f"{m['cpu'] * 1000 / n:.3f} CPU")
    if bundled_res:
        if "error" in bundled_res:
            lines.append(f"bundled guide: FAILED: {bundled_res['error']}")
        else:
            lines.append(
                f"bundled guide ({bundled_res['pages']} pages, {bundled_res['method']}, "
                f"{bundled_res['runs']} runs): median {bundled_res['median_ms']:.1f} ms wall "
                f"(min {bundled_res['min_ms']:.1f}, max {bundled_res['max_ms']:.1f}), "
                f"CPU {bundled_res['cpu_ms']:.1f} ms, peak RSS {bundled_res['rss_mib']:.0f} MiB")
    lines.append("")
    if "hugo" in bins:
        lines.append("Targets (issue 14, against Hugo on a real disk):")
        for n in sizes:
            sw, hu = med.get((n, "stepwise")), med.get((n, "hugo"))
            if not (sw and hu):
                continue
            if a.scenario == "repeated" or n <= 1000:
                r = sw["wall"] / hu["wall"]
                lines.append(f"- N={n}, {a.scenario} builds: wall ≤ {TARGET_HUGO_WALL}× Hugo: "
                             f"{r:.3f}× → {verdict(r <= TARGET_HUGO_WALL)}")
            if n >= 10000:
                r = sw["rss"] / hu["rss"]
                lines.append(f"- N={n}: peak RSS ≤ {TARGET_HUGO_RSS}× Hugo: {r:.3f}× → "
                             f"{verdict(r <= TARGET_HUGO_RSS)}")
        lines.append("")
    if a.scenario == "fresh":
        lines.append("Targets (issue 8, builds into new folders):")
        big, small = max(sizes), min(sizes)
        sw, hu = med.get((big, "stepwise")), med.get((big, "hugo"))
        if sw and hu and big >= 10000:
            r = sw["wall"] / hu["wall"]
            lines.append(f"- N={big}: wall ≤ {TARGET_HUGO_WALL}× Hugo: {r:.3f}× → {verdict(r <= TARGET_HUGO_WALL)}")
            r = sw["rss"] / hu["rss"]
            lines.append(f"- N={big}: peak RSS ≤ {TARGET_HUGO_RSS}× Hugo: {r:.3f}× → {verdict(r <= TARGET_HUGO_RSS)}")
        else:
            lines.append("- N=10000 vs Hugo: not measured")
        sw, mb = med.get((1000, "stepwise")), med.get((1000, "mdbook"))
        if sw and mb:
            r = sw["wall"] / mb["wall"]
            lines.append(f"- N=1000: wall ≤ {TARGET_MDBOOK_WALL_1K}× mdBook: {r:.3f}× → {verdict(r <= TARGET_MDBOOK_WALL_1K)}")
        else:
            lines.append("- N=1000 vs mdBook: not measured")
        if bundled_res and "median_ms" in bundled_res:
            b = bundled_res["median_ms"]
            lines.append(f"- bundled guide < {TARGET_BUNDLED_MS:.0f} ms: {b:.1f} ms → {verdict(b < TARGET_BUNDLED_MS)}")
        if small in per_page and big in per_page and big > small:
            r = per_page[big] / per_page[small]
            lines.append(f"- linear growth (ms/page at {big} ÷ at {small} ≤ {TARGET_LINEAR}): {r:.2f} → {verdict(r <= TARGET_LINEAR)}")
    if failures:
        lines.append("")
        lines.append("FAILURES:")
        for f in failures:
            lines.append(f"- N={f['n']} {f['tool']} exit {f['rc']}: {f['stderr'].strip()[:2000]}")
    report = "\n".join(lines)
    print(report)
    if trash:
        log(f"deleting {len(trash)} outputs and corpora ...")
        for path in trash:
            shutil.rmtree(path, ignore_errors=True)
        os.sync()
        with open(CLEANUP_STAMP, "w") as f:
            f.write(str(time.time()))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({
                "meta": meta,
                "runs": {f"{n}/{t}": ms for (n, t), ms in results.items()},
                "medians": {f"{n}/{t}": m for (n, t), m in med.items()},
                "outputs": {f"{n}/{t}": o for (n, t), o in outputs.items()},
                "bundled": bundled_res,
                "failures": failures,
                "report": report,
            }, f, indent=1)
    if a.keep:
        log(f"kept {work}")
    elif created:
        shutil.rmtree(work, ignore_errors=True)
    else:
        for name in os.listdir(work):
            if name.startswith(("corpus-", "out-", "bundled")) or name == "stepwise":
                path = os.path.join(work, name)
                if os.path.isdir(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.remove(path)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
