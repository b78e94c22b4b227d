#!/usr/bin/env python3
"""Save -> reload latency of `stepwise serve`, and its memory.

    cargo build --release
    python3 bench/serve/bench.py                 # guide, 1,000 and 10,000 pages
    python3 bench/serve/bench.py --pages 10000 --guides 20
    python3 bench/serve/bench.py --bin /tmp/old --bin target/release/stepwise

For each site (the bundled guide, and generated sites of 1,000 pages in 10
guides and 10,000 pages in 20 guides), copies it into a temporary folder,
starts `stepwise serve` on it, listens to the live-reload event stream like a
browser does, then edits one page's body `--runs` times. Each edit is timed
from just before the file is written to the moment the `reload` event
arrives, and to the moment the edited page has been fetched again (the
server renders pages when they are asked for), half of them written in
place and half saved the way many editors do (write a temporary file,
rename it over the page). Prints per site and binary the median, p90, min
and max, the server's own rebuild time, its peak memory (VmHWM, Linux), the
load average before and after, and the targets: under 50 ms on the guide,
under 100 ms at 1,000 pages, under 150 ms at 10,000 pages, and under 400 MiB
of memory at 10,000 pages.

With several `--bin`, each site is served by each binary in turn, side by
side in one run. Run by hand; it is not part of the test suite. Needs only
Python 3.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # keep bench/serve/ free of __pycache__
sys.path.insert(0, HERE)
import gensite  # noqa: E402

# Targets: median save -> reload event, by site; memory at 10,000 pages.
TARGET_GUIDE_MS = 50
TARGETS_MS = {1000: 100, 10000: 150}
TARGET_OTHER_MS = 150
TARGET_MEMORY_MIB = 400


class Events:
    """Reads the server-sent event stream on a thread; timestamps each event."""

    def __init__(self, port):
        self.q = queue.Queue()
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(
            b"GET /__stepwise/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        self.f = self.sock.makefile("rb")
        status = self.f.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"event stream: {status!r}")
        chunked = False
        while True:
            line = self.f.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"transfer-encoding:") and b"chunked" in line.lower():
                chunked = True
        threading.Thread(target=self._run, args=(chunked,), daemon=True).start()

    def _body(self, chunked):
        while True:
            if not chunked:
                data = self.f.read1(65536)
                if not data:
                    return
                yield data
                continue
            size = self.f.readline()
            if not size:
                return
            n = int(size.strip().split(b";")[0], 16)
            if n == 0:
                return
            yield self.f.read(n)
            self.f.readline()

    def _run(self, chunked):
        buf = b""
        name, data = None, []
        try:
            for piece in self._body(chunked):
                buf += piece
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    line = line.rstrip(b"\r").decode()
                    if line == "":
                        if name or data:
                            self.q.put((time.perf_counter(), name or "message", "\n".join(data)))
                        name, data = None, []
                    elif line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data.append(line[5:].lstrip())
        except OSError:
            pass

    def next(self, timeout):
        return self.q.get(timeout=timeout)

    def drain(self):
        while not self.q.empty():
            self.q.get_nowait()


def start_server(binary, root):
    proc = subprocess.Popen(
        [binary, "serve", "--root", root, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.time() + 600
    log = []
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        log.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            lines = []
            threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
            return proc, int(m.group(1)), "".join(log), lines
    proc.kill()
    raise RuntimeError("serve did not start:\n" + "".join(log))


def memory_kib(pid):
    """(peak, current) resident memory of `pid` in KiB, from /proc (Linux)."""
    try:
        status = open(f"/proc/{pid}/status").read()
    except OSError:
        return None, None
    peak = re.search(r"VmHWM:\s+(\d+) kB", status)
    now = re.search(r"VmRSS:\s+(\d+) kB", status)
    return (int(peak.group(1)) if peak else None, int(now.group(1)) if now else None)


def url_of(root, page):
    """The URL path of the content file `page` (relative to `root`)."""
    rel = page[len("content/"):]
    text = open(os.path.join(root, page), encoding="utf-8").read()
    front = text.split("---", 2)[1] if text.startswith("---") else ""
    slug = re.search(r'^slug:\s*"?([^"\n]+)"?\s*$', front, re.M)
    folder, _, name = rel.rpartition("/")
    stem = slug.group(1) if slug else name[: -len(".md")]
    return "/" + (folder + "/" if folder else "") + stem + "/"


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def wait_reload(events):
    """The time the next `reload` event arrives; fails on a build error
    (not on the notice that a render is still running after 10 s, which a
    busy machine's whole-site render can reach)."""
    while True:
        t, name, data = events.next(600)
        if name == "reload":
            return t
        if name == "build-error" and "still rendering" not in data:
            raise RuntimeError("the edit failed to build")


def wide_edits(root, page, events):
    """Edits that change more than one page's body, each timed once from
    the save to the reload event: (what, ms)."""
    path = os.path.join(root, page)
    folder = os.path.dirname(path)
    new = os.path.join(folder, "bench-new.md")
    renamed = os.path.join(folder, "bench-renamed.md")
    template = os.path.join(root, "themes", "default", "templates", "404.html")
    original = open(path, encoding="utf-8").read()
    title = re.search(r'^title: "([^"]*)"', original, re.M)

    def write(p, text):
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)

    steps = []
    if title:
        steps.append(("title changed (its guide lists it)", lambda: write(path, original.replace(title.group(0), f'title: "{title.group(1)}, renamed"', 1))))
        steps.append(("title changed back", lambda: write(path, original)))
    steps += [
        ("page added", lambda: write(new, '---\ntitle: "A new page"\nweight: 99999\n---\n\nNew.\n')),
        ("page renamed", lambda: os.replace(new, renamed)),
        ("page deleted", lambda: os.remove(renamed)),
    ]
    if not os.path.exists(template):
        steps += [
            ("template added (everything)", lambda: write(template, "<!DOCTYPE html><title>Not found</title><p>Not here.</p>\n")),
            ("template removed (everything)", lambda: os.remove(template)),
        ]
    out = []
    for what, act in steps:
        events.drain()
        t0 = time.perf_counter()
        act()
        t1 = wait_reload(events)
        out.append((what, (t1 - t0) * 1000))
        time.sleep(0.3)
    return out


def measure(binary, root, page, runs, wide):
    proc, port, startup, log = start_server(binary, root)
    try:
        events = Events(port)
        name = events.next(30)[1]
        assert name == "hello", name
        path = os.path.join(root, page)
        url = url_of(root, page)
        original = open(path, encoding="utf-8").read()
        times = {"in place": [], "rename": []}
        fetched = []
        for i in range(runs):
            mode = "in place" if i % 2 == 0 else "rename"
            marker = f"Bench edit number {i}."
            text = original + f"\n\n{marker}\n"
            events.drain()
            t0 = time.perf_counter()
            if mode == "in place":
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                tmp = path + ".stepwise-bench.tmp"
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, path)
            t1 = wait_reload(events)
            # What the browser does next: fetch the page again.
            status, body = fetch(port, url)
            t2 = time.perf_counter()
            if status != 200 or marker.encode() not in body:
                raise RuntimeError(f"{url} after the edit: status {status}, edit not shown")
            times[mode].append((t1 - t0) * 1000)
            fetched.append((t2 - t0) * 1000)
            # Let the server settle (its post-rebuild work) before the next save.
            time.sleep(0.15)
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        wait_reload(events)
        time.sleep(0.15)
        others = wide_edits(root, page, events) if wide else []
        peak, now = memory_kib(proc.pid)
        return times, fetched, others, startup, "".join(log), peak, now
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def stats(ms):
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    return statistics.median(ms), p90, ms[0], ms[-1]


def summary(label, ms, target):
    med, p90, lo, hi = stats(ms)
    verdict = "" if target is None else f", target < {target} ms: " + ("OK" if med < target else "OVER TARGET")
    print(
        f"  {label:<24} median {med:7.1f} ms   p90 {p90:7.1f}   min {lo:7.1f}   max {hi:7.1f}"
        f"   (n={len(ms)}{verdict})"
    )
    return med


def copy_guide(dst):
    for name in ("content", "themes", "static"):
        src = os.path.join(REPO, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, name))
    if os.path.exists(os.path.join(REPO, "site.yaml")):
        shutil.copy(os.path.join(REPO, "site.yaml"), dst)


def load():
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min {five:.2f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=30, help="edits per site and binary (default 30)")
    ap.add_argument(
        "--bin",
        action="append",
        help="a stepwise binary; give several to compare them (default target/release/stepwise)",
    )
    ap.add_argument(
        "--sizes",
        default="1000:10,10000:20",
        help="generated sites as PAGES:GUIDES, comma-separated (default 1000:10,10000:20)",
    )
    ap.add_argument("--pages", type=int, help="one generated site of this many pages instead of --sizes")
    ap.add_argument("--guides", type=int, help="its guides (default: 10, or 20 from 10,000 pages)")
    ap.add_argument("--no-guide", action="store_true", help="leave out the bundled guide")
    ap.add_argument(
        "--no-wide",
        action="store_true",
        help="leave out the edits that change more than a body (title, pages added, renamed, deleted, a template)",
    )
    a = ap.parse_args()
    bins = a.bin or [os.path.join(REPO, "target", "release", "stepwise")]
    for b in bins:
        if not os.path.exists(b):
            sys.exit(f"no binary at {b}: run `cargo build --release` first")
    if a.pages:
        sizes = [(a.pages, a.guides or (20 if a.pages >= 10000 else 10))]
    else:
        sizes = [tuple(int(x) for x in s.split(":")) for s in a.sizes.split(",") if s]
    print(f"binaries: {', '.join(bins)}")
    print(f"cores: {os.cpu_count()}  runs per site and binary: {a.runs}  load average: {load()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="stepwise-bench-") as tmp:
        sites = []
        if not a.no_guide:
            guide = os.path.join(tmp, "guide")
            os.makedirs(guide)
            copy_guide(guide)
            sites.append(("bundled guide", guide, "content/step-3-build-your-ir-story.md", TARGET_GUIDE_MS, None))
        for pages, guides in sizes:
            root = os.path.join(tmp, f"site-{pages}")
            gensite.generate(root, pages, guides)
            sites.append(
                (
                    f"{pages}-page site ({guides} guides)",
                    root,
                    "content/guide-05/step-050.md",
                    TARGETS_MS.get(pages, TARGET_OTHER_MS),
                    TARGET_MEMORY_MIB if pages >= 10000 else None,
                )
            )
        for label, root, page, target, memory_target in sites:
            if not os.path.exists(os.path.join(root, page)):
                # The guide's files may have been renamed: edit any step page.
                page = next(
                    os.path.relpath(os.path.join(d, f), root)
                    for d, _, fs in os.walk(os.path.join(root, "content"))
                    for f in sorted(fs)
                    if f.endswith(".md") and not f.startswith("_")
                )
            for binary in bins:
                before = load()
                times, fetched, others, startup, log, peak, now = measure(binary, root, page, a.runs, not a.no_wide)
                first = re.search(r"Built (\d+) files in memory in (\d+) ms", startup)
                print(f"\n{label}: {page}, {binary}")
                if first:
                    print(f"  first build: {first.group(1)} files in {first.group(2)} ms")
                summary("saved in place", times["in place"], target)
                summary("saved by rename", times["rename"], target)
                med = summary("all saves", times["in place"] + times["rename"], target)
                summary("... page fetched again", fetched, None)
                rebuilds = [int(x) for x in re.findall(r"changed in (\d+) ms", log)][: a.runs]
                if rebuilds:
                    print(f"  server-side rebuild: median {statistics.median(rebuilds)} ms (from its log)")
                for what, ms in others:
                    print(f"  {what:<38} {ms:8.1f} ms to the reload event")
                mib = peak / 1024 if peak else None
                if mib is not None:
                    verdict = ""
                    if memory_target:
                        verdict = f", target < {memory_target} MiB: " + ("OK" if mib < memory_target else "OVER TARGET")
                    print(f"  server memory: peak {mib:.0f} MiB, at the end {now / 1024:.0f} MiB{verdict}")
                print(f"  load average: {before} before, {load()} after")
                results.append((label, binary, med, mib))
    print()
    for label, binary, med, mib in results:
        memory = f", peak memory {mib:.0f} MiB" if mib is not None else ""
        name = f" [{binary}]" if len(bins) > 1 else ""
        print(f"median save -> reload event, {label}{name}: {med:.1f} ms{memory}")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"\nnote: the load average ({load()}) is above the number of cores: figures may be high; run again when the machine is quieter")


if __name__ == "__main__":
    main()
