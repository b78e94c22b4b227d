#!/usr/bin/env python3
"""Lines per Rust `fn` (from its signature's line to its closing brace)
under the given folders, tests included; the longest first.

    python3 .ci/fn_lengths.py src [--top 15] [--max 120]

Exits 1 if a function is longer than --max lines.
"""
import os, re, sys, argparse

from rust_source import mask

FN = re.compile(r'^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+(\w+)')

def fns(path):
    src = open(path, encoding='utf-8').read()
    m = mask(src)
    lines = m.split('\n')
    offs = [0]
    for l in lines: offs.append(offs[-1] + len(l) + 1)
    res = []
    for ln, line in enumerate(lines):
        f = FN.match(line)
        if not f: continue
        i = offs[ln] + f.end(); depth = 0
        while i < len(m) and not (m[i] in '{;' and depth == 0):
            if m[i] in '([': depth += 1
            elif m[i] in ')]': depth -= 1
            i += 1
        if i >= len(m) or m[i] == ';': continue
        d = 0; j = i
        while j < len(m):
            if m[j] == '{': d += 1
            elif m[j] == '}':
                d -= 1
                if d == 0: break
            j += 1
        end_ln = m.count('\n', 0, j)
        res.append((end_ln - ln + 1, path, ln + 1, f.group(1)))
    return res

ap = argparse.ArgumentParser(); ap.add_argument('dirs', nargs='+'); ap.add_argument('--top', type=int, default=15); ap.add_argument('--max', type=int, default=120)
a = ap.parse_args()
allf = []
for d in a.dirs:
    for root, _, files in os.walk(d):
        for f in files:
            if f.endswith('.rs'): allf += fns(os.path.join(root, f))
allf.sort(key=lambda x: -x[0])
for n, p, ln, name in allf[:a.top]:
    print(f"{n:5d}  {p}:{ln}  {name}")
over = [x for x in allf if x[0] > a.max]
print(f"{len(allf)} functions; {len(over)} over {a.max} lines")
sys.exit(1 if over else 0)
