#!/usr/bin/env python3
"""Generates a synthetic stepwise site for benchmarking.

    python3 bench/serve/gensite.py OUT_DIR [--pages 1000] [--guides 10]

Every guide is a folder with an _index.md and numbered step pages; each page
has a few kB of Markdown (headings, a table, a callout, links to its
neighbours with anchors) and every step page has a checklist whose `see:`
targets point at its own headings. Output is deterministic.
"""

import argparse
import os
import shutil


def page(guide, n, per_guide):
    prev_link = f"[previous step](step-{n - 1:03}.md#details)" if n > 1 else "[the guide](_index.md)"
    next_link = f"[next step](step-{n + 1:03}.md#details)" if n < per_guide else "[the guide](_index.md)"
    checklist = "\n".join(
        f"""      - id: g{guide}-s{n}-item-{k}
        text: "Do thing {k} of step {n} in guide {guide}"
        see: "#section-{k}\""""
        for k in range(1, 4)
    )
    sections = "\n\n".join(
        f"""## Section {k} {{#section-{k}}}

Paragraph {k} of step {n}. Lorem ipsum dolor sit amet, **consectetur** adipiscing elit,
sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim
veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo
consequat. See {prev_link} and {next_link}.

- one item with `code`
- another item with a [link](https://example.org/{guide}/{n}/{k})
- a third item

### Detail {k}.1

Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu
fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident."""
        for k in range(1, 5)
    )
    return f"""---
title: "Guide {guide} step {n}"
description: "Step {n} of synthetic guide {guide}."
weight: {n * 10}
step: {n}
updated: 2026-01-15
tags: [bench, guide-{guide}]
checklist:
  - group: "Actions"
    items:
{checklist}
---

Intro of step {n}.

> [!TIP]
> A callout on step {n}.

| Column | Value |
|---|---|
| step | {n} |
| guide | {guide} |

## Details {{#details}}

Details for step {n}.

{sections}
"""


def generate(out, pages=1000, guides=10):
    """Writes a site of `pages` pages in `guides` guides into `out` (replaced)."""
    if os.path.exists(out):
        shutil.rmtree(out)
    content = os.path.join(out, "content")
    os.makedirs(content)
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write('title: "Bench site"\ndescription: "A generated site for benchmarks."\n')
    with open(os.path.join(content, "_index.md"), "w") as f:
        f.write('---\ntitle: "Bench site"\ndescription: "The home page of the bench site."\n---\n\nThe home page.\n')
    # The home page counts as one page; each guide has an _index.md and step pages.
    per_guide = max(1, (pages - 1) // guides - 1)
    written = 1
    for g in range(1, guides + 1):
        d = os.path.join(content, f"guide-{g:02}")
        os.makedirs(d)
        with open(os.path.join(d, "_index.md"), "w") as f:
            f.write(f'---\ntitle: "Guide {g}"\ndescription: "Synthetic guide {g}."\n---\n\nStart with [step 1](step-001.md).\n')
        written += 1
        count = per_guide if g < guides else max(1, pages - written)
        for n in range(1, count + 1):
            with open(os.path.join(d, f"step-{n:03}.md"), "w") as f:
                f.write(page(g, n, count))
            written += 1
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=1000, help="total number of pages (default 1000)")
    ap.add_argument("--guides", type=int, default=10, help="number of guides (default 10)")
    a = ap.parse_args()
    written = generate(a.out, a.pages, a.guides)
    print(f"wrote {written} pages into {a.out}")


if __name__ == "__main__":
    main()
