#!/usr/bin/env python3
"""Module import edges of a Rust crate, from `use` lines and paths in its code.

    python3 .ci/imports.py [SRC] [--all] [--as-written]

An edge A -> B means module A names an item that module B defines (a path
through a re-export, `pub use`, is followed to where the item is defined;
a glob `use b::*` counts as naming b; with --as-written it is not
followed: a path through a module is an edge to it). A parent's `pub use child::X` is an
edge parent -> child. Prints the pairs of a module and one of its
descendants that import each other and the cycles of modules that import
each other, and exits 1 if there is any. A file is a module (a `mod.rs`
is its folder's); inline modules (`mod tests { .. }`) are left out.
"""
import os, re, sys

from rust_source import mask

DEF = re.compile(r'^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+|const\s+|unsafe\s+|extern\s+"[^"]*"\s+)*(?:fn|struct|enum|trait|type|const|static|union|macro_rules!)\s+([A-Za-z_][A-Za-z0-9_]*)', re.M)

def expand(tree):
    """`a::{b, c::{d}}` -> ['a::b', 'a::c::d']"""
    tree = re.sub(r'\s+', ' ', tree).strip()
    i = tree.find('{')
    if i < 0:
        return [tree]
    prefix, inner = tree[:i], tree[i+1:tree.rindex('}')]
    parts, d, cur = [], 0, ''
    for c in inner:
        if c == ',' and d == 0: parts.append(cur); cur = ''; continue
        if c == '{': d += 1
        if c == '}': d -= 1
        cur += c
    parts.append(cur)
    out = []
    for p in parts:
        p = p.strip()
        if p == 'self': out.append(prefix.rstrip(':'))
        elif p: out += expand(prefix + p)
    return out

def strip_inline_mods(text):
    """`text` without the bodies of inline modules (`mod tests { .. }`): their
    `super` is this file's module, so what they name is no edge."""
    while True:
        m = re.search(r'\bmod\s+\w+\s*\{', text)
        if not m: return text
        d = 0
        for j in range(m.end() - 1, len(text)):
            if text[j] == '{': d += 1
            elif text[j] == '}':
                d -= 1
                if d == 0: break
        text = text[:m.start()] + re.sub(r'[^\n]', ' ', text[m.start():j + 1]) + text[j + 1:]

class Crate:
    def __init__(self, src):
        self.mods = {}
        for root, _, files in os.walk(src):
            for f in files:
                if not f.endswith('.rs') or f == 'main.rs': continue
                p = os.path.join(root, f)
                rel = os.path.relpath(p, src)[:-3].split(os.sep)
                if rel[-1] in ('mod', 'lib'): rel = rel[:-1]
                self.mods[tuple(rel)] = p
        self.text = {m: strip_inline_mods(mask(open(p, encoding='utf-8').read())) for m, p in self.mods.items()}
        self.defs = {m: set(DEF.findall(t)) for m, t in self.text.items()}
        # name -> path it re-exports, per module (`pub use a::b::X;`, `as`)
        self.reexports = {}
        for m, t in self.text.items():
            r = {}
            for u in re.finditer(r'\bpub(?:\([^)]*\))?\s+use\s+([^;]+);', t):
                for p in expand(u.group(1)):
                    alias = re.search(r'\s+as\s+(\w+)$', p)
                    p = re.sub(r'\s+as\s+\w+$', '', p).replace(' ', '')
                    segs = p.split('::')
                    if segs[-1] == '*': continue
                    r[alias.group(1) if alias else segs[-1]] = segs
            self.reexports[m] = r

    def module_of(self, mod, segs):
        """(module, rest) for a path written in `mod`, or None if not in the crate."""
        if not segs: return None
        if segs[0] == 'crate': base, rest = (), segs[1:]
        elif segs[0] == 'self': base, rest = mod, segs[1:]
        elif segs[0] == 'super':
            base, rest = mod, segs
            while rest and rest[0] == 'super': base, rest = base[:-1], rest[1:]
        elif mod + (segs[0],) in self.mods: base, rest = mod, segs
        else: return None
        while rest and base + (rest[0],) in self.mods:
            base, rest = base + (rest[0],), rest[1:]
        return base, rest

    def target(self, mod, segs, seen=0):
        """The module defining what `segs` (written in `mod`) names."""
        r = self.module_of(mod, segs)
        if r is None or seen > 10: return None
        m, rest = r
        if not rest or rest[0] == '*' or rest[0] in self.defs[m]:
            return m
        if rest[0] in self.reexports[m] and FOLLOW:
            return self.target(m, self.reexports[m][rest[0]], seen + 1)
        return m

    def edges(self):
        out = {}
        for mod, text in self.text.items():
            paths = []
            for u in re.finditer(r'\buse\s+([^;]+);', text):
                for p in expand(u.group(1)):
                    paths.append(re.sub(r'\s+as\s+\w+$', '', p).replace(' ', ''))
            code = re.sub(r'\buse\s+[^;]+;', ' ', text)
            paths += re.findall(r'(?<![\w:])((?:crate|super|self|[a-z_][a-z0-9_]*)(?:::[A-Za-z_*][A-Za-z0-9_]*)+)', code)
            for p in paths:
                t = self.target(mod, [s for s in p.split('::') if s])
                if t is not None and t != mod:
                    out.setdefault((mod, t), p)
        return out

def name(m): return '::'.join(('crate',) + m)

FOLLOW = '--as-written' not in sys.argv

def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    c = Crate(args[0] if args else 'src')
    es = c.edges()
    pairs = sorted({tuple(sorted((a, b))) for (a, b) in es if (b, a) in es})
    family = [(a, b) for a, b in pairs if b[:len(a)] == a or a[:len(b)] == b]
    graph = {}
    for a, b in es:
        graph.setdefault(a, set()).add(b)
    groups = cycles(graph)
    if '--all' in sys.argv:
        for (a, b), why in sorted(es.items()):
            print(f"{name(a)} -> {name(b)}   ({why})")
    print(f"{len(c.mods)} modules, {len(es)} edges; {len(family)} pairs of a module and its "
          f"descendant importing each other; {len(groups)} cycles")
    for a, b in family:
        print(f"  {name(a)} <-> {name(b)}   ({es[(a, b)]} / {es[(b, a)]})")
    for g in groups:
        print("  cycle: " + ", ".join(name(m) for m in g))
    sys.exit(1 if family or groups else 0)
