#!/usr/bin/env python3
"""Save -> reload-event latency of `stepwise serve`.

    cargo build --release
    python3 bench/serve/bench.py [--runs 30] [--bin target/release/stepwise]

For each site (the bundled guide, and a generated 1,000-page site), copies it
into a temporary folder, starts `stepwise serve` on it, listens to the
live-reload event stream like a browser does, then edits one page's body
`--runs` times. Each edit is timed from just before the file is written to the
moment the `reload` event arrives, half of them written in place and half
saved the way many editors do (write a temporary file, rename it over the
page). Prints the median, p90, min and max per site, and the targets:
under 50 ms on the guide, under 150 ms at 1,000 pages.

Run by hand; it is not part of the test suite. Needs only Python 3.
"""

import argparse
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
    deadline = time.time() + 120
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


def measure(binary, root, page, runs):
    proc, port, startup, log = start_server(binary, root)
    try:
        events = Events(port)
        name = events.next(10)[1]
        assert name == "hello", name
        path = os.path.join(root, page)
        original = open(path, encoding="utf-8").read()
        times = {"in place": [], "rename": []}
        for i in range(runs):
            mode = "in place" if i % 2 == 0 else "rename"
            text = original + f"\n\nBench edit number {i}.\n"
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
            while True:
                t1, name, _ = events.next(10)
                if name == "reload":
                    break
                if name == "build-error":
                    raise RuntimeError("the edit failed to build")
            times[mode].append((t1 - t0) * 1000)
            # Let the server settle (its post-rebuild work) before the next save.
            time.sleep(0.15)
        return times, startup, "".join(log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def summary(label, ms, target):
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    med = statistics.median(ms)
    verdict = "OK" if med < target else "OVER TARGET"
    print(
        f"  {label:<22} median {med:7.1f} ms   p90 {p90:7.1f}   min {ms[0]:7.1f}   max {ms[-1]:7.1f}"
        f"   (n={len(ms)}, target < {target} ms: {verdict})"
    )
    return med


def copy_guide(dst):
    for name in ("content", "themes", "static"):
        src = os.path.join(REPO, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, name))
    if os.path.exists(os.path.join(REPO, "site.yaml")):
        shutil.copy(os.path.join(REPO, "site.yaml"), dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=30, help="edits per site (default 30)")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "stepwise"))
    ap.add_argument("--pages", type=int, default=1000, help="pages of the generated site (default 1000)")
    ap.add_argument("--guides", type=int, default=10, help="guides of the generated site (default 10)")
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        sys.exit(f"no binary at {a.bin}: run `cargo build --release` first")
    print(f"binary: {a.bin}  cores: {os.cpu_count()}  runs per site: {a.runs}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="stepwise-bench-") as tmp:
        guide = os.path.join(tmp, "guide")
        os.makedirs(guide)
        copy_guide(guide)
        big = os.path.join(tmp, "big")
        gensite.generate(big, a.pages, a.guides)
        sites = [
            ("bundled guide", guide, "content/step-3-build-your-ir-story.md", 50),
            (f"{a.pages}-page site", big, "content/guide-05/step-050.md", 150),
        ]
        for label, root, page, target in sites:
            if not os.path.exists(os.path.join(root, page)):
                # The guide's files may have been renamed: edit any step page.
                page = next(
                    os.path.relpath(os.path.join(d, f), root)
                    for d, _, fs in os.walk(os.path.join(root, "content"))
                    for f in sorted(fs)
                    if f.endswith(".md") and not f.startswith("_")
                )
            times, startup, log = measure(a.bin, root, page, a.runs)
            first = re.search(r"Built (\d+) files in memory in (\d+) ms", startup)
            print(f"\n{label}: {page}" + (f" (first build: {first.group(1)} files in {first.group(2)} ms)" if first else ""))
            summary("saved in place", times["in place"], target)
            summary("saved by rename", times["rename"], target)
            results[label] = summary("all saves", times["in place"] + times["rename"], target)
            rebuilds = [int(x) for x in re.findall(r"changed in (\d+) ms", log)]
            if rebuilds:
                print(f"  server-side rebuild time: median {statistics.median(rebuilds)} ms (from its log)")
    print()
    for label, med in results.items():
        print(f"median save -> reload event, {label}: {med:.1f} ms")


if __name__ == "__main__":
    main()
