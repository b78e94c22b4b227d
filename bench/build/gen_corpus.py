#!/usr/bin/env python3
"""Generates one synthetic guide-like site in three layouts: stepwise, Hugo, mdBook.

    python3 bench/build/gen_corpus.py OUT_DIR --pages 1000 [--guides 10] [--seed 8]

OUT_DIR/stepwise   site.yaml, content/<guide>/_index.md + page-NNNN.md, themes/bench/
OUT_DIR/hugo       config.toml, content/<guide>/_index.md + page-NNNN.md, layouts/
OUT_DIR/mdbook     book.toml, src/SUMMARY.md, src/<guide>/README.md + page-NNNN.md, theme/

Every page has about 1,200 words: h2/h3 headings, paragraphs with emphasis,
nested bullet lists, numbered lists and 3-6 links to other pages (same guide
and other guides). The same body text goes into all three layouts; only the
front matter, the link syntax and the h1 differ:

* stepwise: `[x](page-0003.md)`, `[x](../guide-02/page-0007.md)` (validated
  and rewritten by stepwise); front matter title, description, weight,
  updated, tags.
* Hugo: plain relative URLs (`../page-0003/`, `../../guide-02/page-0007/`),
  not checked by Hugo; front matter title, description, weight, date, tags.
* mdBook: `.md` links as for stepwise (mdBook rewrites them to `.html`); no
  front matter (mdBook has none), the title is the chapter's `# h1`.

The templates are equivalent: a head with title and description, a nav with
the home page and the guides, the content with an h1, prev/next links; a list
page per guide; a home page listing the guides; a 404 page.

The content is a pure function of (seed, guide, page, pages per guide):
the same arguments always give byte-identical files.
"""

import argparse
import os
import random
import re
import shutil
import sys

WORDS = """
application applicant residency program director interview rotation elective
clerkship transcript score exam board letter recommendation mentor research
abstract poster publication visa sponsorship citizen graduate school medicine
clinical hospital attending resident fellow match ranking list interview
season timeline deadline portfolio statement personal experience volunteer
service leadership teaching procedure imaging radiology intervention catheter
vascular oncology anatomy physiology pathology pharmacology rotation audition
network conference society membership dues registration fee budget plan
schedule calendar milestone checklist document passport certificate license
credential verification translation notary embassy consulate appointment
study question bank practice block percentile target review weakness strength
feedback evaluation narrative comment signal preference geographic region
city program size volume case call night weekend shift duty hour wellness
family partner couple finance loan stipend salary benefit insurance housing
lease move relocation orientation onboarding badge email portal account
password login upload attachment format file photo signature form fee waiver
early late careful steady honest clear brief concise specific realistic
strong weak solid competitive modest ambitious cautious flexible organized
focused patient persistent prepared thoughtful reliable curious attentive
always often sometimes rarely usually first then next finally meanwhile also
however therefore moreover instead likewise otherwise still already soon
""".split()

VERBS = """
prepare review submit request confirm schedule compare track update contact
draft revise verify organize plan choose rank attend record collect follow
""".split()


def words(rng, n):
    return rng.choices(WORDS, k=n)


def sentence(rng, links, emphasis=True):
    n = rng.randint(8, 18)
    w = words(rng, n)
    w[0] = w[0].capitalize()
    if emphasis and rng.random() < 0.35:
        i = rng.randrange(1, n)
        w[i] = f"*{w[i]}*"
    if emphasis and rng.random() < 0.2:
        i = rng.randrange(1, n)
        if not w[i].startswith("*"):
            w[i] = f"**{w[i]}**"
    if links and rng.random() < 0.15:
        target, text = links.pop()
        i = rng.randrange(1, n)
        w[i] = f"[{text}](\x00{target}\x00)"
    return " ".join(w) + ".", n


def paragraph(rng, links):
    out, count = [], 0
    for _ in range(rng.randint(3, 6)):
        s, n = sentence(rng, links)
        out.append(s)
        count += n
    return " ".join(out), count


def bullets(rng, links):
    lines, count = [], 0
    for _ in range(rng.randint(3, 5)):
        n = rng.randint(4, 10)
        lines.append("- " + " ".join(words(rng, n)).capitalize())
        count += n
        if rng.random() < 0.4:
            for _ in range(rng.randint(2, 3)):
                m = rng.randint(3, 8)
                item = " ".join(words(rng, m))
                if links and rng.random() < 0.3:
                    target, text = links.pop()
                    item += f" ([{text}](\x00{target}\x00))"
                lines.append("  - " + item)
                count += m
    return "\n".join(lines), count


def numbered(rng):
    lines, count = [], 0
    for k in range(1, rng.randint(3, 6) + 1):
        n = rng.randint(5, 12)
        verb = rng.choice(VERBS).capitalize()
        lines.append(f"{k}. {verb} the " + " ".join(words(rng, n)))
        count += n + 2
    return "\n".join(lines), count


def heading_text(rng, k):
    w = words(rng, rng.randint(2, 4))
    return " ".join(x.capitalize() for x in w) + f" {k}"


def title_of(g, p):
    rng = random.Random(f"title-{g}-{p}")
    return " ".join(x.capitalize() for x in words(rng, 3)) + f" ({g}.{p})"


def guide_title(g):
    rng = random.Random(f"guide-{g}")
    return f"Guide {g:02}: " + " ".join(x.capitalize() for x in words(rng, 3))


def page_body(seed, g, p, per_guide, guides, target_words=1200):
    """Markdown body with links as \\0g:p\\0 placeholders; returns (body, description, tags, date)."""
    rng = random.Random(f"{seed}-{g}-{p}")
    nlinks = rng.randint(3, 6)
    links = []
    for _ in range(nlinks):
        if rng.random() < 0.75 or guides == 1:
            tg = g
        else:
            tg = rng.choice([x for x in range(1, guides + 1) if x != g])
        tp = rng.randint(1, per_guide)
        if (tg, tp) == (g, p):
            tp = tp % per_guide + 1
        if (tg, tp) == (g, p):  # a guide of one page: link to the next guide's
            tg = g % guides + 1
        links.append((f"{tg}:{tp}", " ".join(words(rng, rng.randint(1, 3)))))
    rng.shuffle(links)
    want = len(links)
    blocks, count, section = [], 0, 0
    para, n = paragraph(rng, links)
    blocks.append(para)
    count += n
    while count < target_words:
        section += 1
        blocks.append(f"## {heading_text(rng, section)}")
        para, n = paragraph(rng, links)
        blocks.append(para)
        count += n
        if rng.random() < 0.7:
            b, n = bullets(rng, links)
            blocks.append(b)
            count += n
        for sub in range(1, rng.randint(1, 2) + 1):
            if count >= target_words:
                break
            blocks.append(f"### {heading_text(rng, f'{section}.{sub}')}")
            para, n = paragraph(rng, links)
            blocks.append(para)
            count += n
            if rng.random() < 0.5:
                nb, n = numbered(rng)
                blocks.append(nb)
                count += n
    # Links not placed yet go into a closing paragraph.
    if links:
        blocks.append(
            "Related: " + ", ".join(f"[{t}](\x00{x}\x00)" for x, t in links) + "."
        )
    assert want >= 3
    description = " ".join(words(rng, 12)).capitalize() + "."
    tags = sorted(set(rng.sample(WORDS[:60], 3)))
    date = f"2025-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
    return "\n\n".join(blocks) + "\n", description, tags, date


LINK = re.compile("\x00(\\d+):(\\d+)\x00")


def links_md(body, g):
    """stepwise and mdBook: relative links to .md files."""

    def sub(m):
        tg, tp = int(m.group(1)), int(m.group(2))
        if tg == g:
            return f"page-{tp:04}.md"
        return f"../guide-{tg:02}/page-{tp:04}.md"

    return LINK.sub(sub, body)


def links_hugo(body, g):
    """Hugo: relative URLs of the pretty-URL output (/guide-01/page-0003/)."""

    def sub(m):
        tg, tp = int(m.group(1)), int(m.group(2))
        if tg == g:
            return f"../page-{tp:04}/"
        return f"../../guide-{tg:02}/page-{tp:04}/"

    return LINK.sub(sub, body)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


SITE_TITLE = "Bench Guides"
SITE_DESCRIPTION = "A synthetic site of step-by-step guides for build benchmarks."

# --- stepwise theme (overrides the built-in templates it names) -------------
# base.html defines the same blocks as the built-in base.html (title, head,
# main, scripts): built-in templates this theme does not override (print.html,
# checklist.html) extend it.

SW_BASE = """<!DOCTYPE html>
<html lang="{{ site.language }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{% if page.path == "" %}{{ site.title }}{% else %}{{ page.title }} · {{ site.title }}{% endif %}{% endblock title %}</title>
{% if page.description %}<meta name="description" content="{{ page.description }}">
{% endif %}<link rel="stylesheet" href="{{ root }}style.css">
{% block head %}{% endblock head %}</head>
<body>
<header>
<a href="{{ url(path="") }}">{{ site.title }}</a>
<nav><ul>
{% for g in site.extra.guides %}<li><a href="{{ url(path=g.path) }}">{{ g.title }}</a></li>
{% endfor %}</ul></nav>
</header>
<main>
{% block main %}{% endblock main %}
</main>
<footer><p>{{ site.title }}</p></footer>
{% block scripts %}{% endblock scripts %}</body>
</html>
"""

SW_PAGE = """{% extends "base.html" %}
{% block main %}<article>
<h1>{{ page.title }}</h1>
{% if page.updated %}<p>Updated <time datetime="{{ page.updated }}">{{ page.updated }}</time></p>
{% endif %}{{ page.content | safe }}
</article>
<nav class="pager">
{% if page.prev %}<a rel="prev" href="{{ url(path=page.prev.path) }}">{{ page.prev.title }}</a>
{% endif %}{% if page.next %}<a rel="next" href="{{ url(path=page.next.path) }}">{{ page.next.title }}</a>
{% endif %}</nav>
{% endblock main %}
"""

SW_GUIDE = """{% extends "base.html" %}
{% block main %}<article>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<ul>
{% for p in guide.pages %}<li><a href="{{ url(path=p.path) }}">{{ p.title }}</a>{% if p.description %} {{ p.description }}{% endif %}</li>
{% endfor %}</ul>
</article>
{% endblock main %}
"""

SW_INDEX = """{% extends "base.html" %}
{% block main %}<article>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<ul>
{% for g in site.extra.guides %}<li><a href="{{ url(path=g.path) }}">{{ g.title }}</a> {{ g.description }}</li>
{% endfor %}</ul>
</article>
{% endblock main %}
"""

SW_404 = """{% extends "base.html" %}
{% block main %}<h1>Page not found</h1>
<p><a href="{{ url(path="") }}">Home</a></p>
{% endblock main %}
"""

# --- Hugo --------------------------------------------------------------------

HUGO_CONFIG = f"""baseURL = "http://example.org/"
languageCode = "en"
title = {q(SITE_TITLE)}
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
enableRobotsTXT = false

[params]
description = {q(SITE_DESCRIPTION)}
"""

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} · {{ .Site.Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">
{{ end }}<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header>
<a href="{{ "" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>
{{ range .Site.Sections.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"""

# Hugo's PrevInSection/NextInSection are named for date order: with weights
# ascending, NextInSection is the previous page.
HUGO_SINGLE = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p>Updated <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
{{ end }}{{ .Content }}
</article>
<nav class="pager">
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ end }}{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ end }}</nav>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }} {{ . }}{{ end }}</li>
{{ end }}</ul>
</article>
{{ end }}
"""

HUGO_INDEX = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Site.Sections.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>
{{ end }}</ul>
</article>
{{ end }}
"""

HUGO_404 = """{{ define "main" }}<h1>Page not found</h1>
<p><a href="{{ "" | relURL }}">Home</a></p>
{{ end }}
"""

# --- mdBook ------------------------------------------------------------------

MDBOOK_TOML = f"""[book]
title = {q(SITE_TITLE)}
description = {q(SITE_DESCRIPTION)}
language = "en"
src = "src"

[output.html]
theme = "theme"

[output.html.search]
enable = false

[output.html.print]
enable = false
"""


def mdbook_index_hbs(guides):
    nav = "".join(
        f'<li><a href="{{{{ path_to_root }}}}guide-{g:02}/index.html">{guide_title(g)}</a></li>\n'
        for g in range(1, guides + 1)
    )
    return f"""<!DOCTYPE html>
<html lang="{{{{ language }}}}">
<head>
<meta charset="utf-8">
<title>{{{{ title }}}}</title>
{{{{#if description}}}}<meta name="description" content="{{{{ description }}}}">
{{{{/if}}}}<link rel="stylesheet" href="{{{{ path_to_root }}}}style.css">
</head>
<body>
<header>
<a href="{{{{ path_to_root }}}}index.html">{{{{ book_title }}}}</a>
<nav><ul>
{nav}</ul></nav>
</header>
<main>
<article>
{{{{{{ content }}}}}}
</article>
<nav class="pager">
{{{{#if previous}}}}<a rel="prev" href="{{{{ path_to_root }}}}{{{{previous.link}}}}">{{{{previous.title}}}}</a>
{{{{/if}}}}{{{{#if next}}}}<a rel="next" href="{{{{ path_to_root }}}}{{{{next.link}}}}">{{{{next.title}}}}</a>
{{{{/if}}}}</nav>
</main>
<footer><p>{{{{ book_title }}}}</p></footer>
</body>
</html>
"""


def planted_pages(pages, guides, count):
    """The (guide, page) pairs a planted word goes on: `count` pages spread
    evenly over the corpus, in the guides' order."""
    per = pages // guides
    picks = sorted({(k * pages + pages // 2) // count for k in range(count)})
    return {(i // per + 1, i % per + 1) for i in picks}


def plant_in(body, word):
    """`body` with one sentence holding `word` at the end of its last section,
    just before its closing "Related" paragraph: far from the page's
    start, where an index that keeps only the start of each section's text
    loses it."""
    sentence = f"Ask the program office about {word} access before the rotation starts."
    head, sep, tail = body.rpartition("\n\nRelated: ")
    if not sep:
        return body.rstrip("\n") + "\n\n" + sentence + "\n"
    return head + "\n\n" + sentence + sep + tail


def generate(out, pages, guides, seed, stepwise_theme="bench", plant=()):
    if pages % guides:
        sys.exit(f"--pages ({pages}) must be a multiple of --guides ({guides})")
    per = pages // guides
    if os.path.exists(out):
        shutil.rmtree(out)
    sw, hu, mb = (os.path.join(out, x) for x in ("stepwise", "hugo", "mdbook"))

    gdesc = {g: f"Synthetic guide {g} with {per} pages." for g in range(1, guides + 1)}
    plants = [(word, planted_pages(pages, guides, n)) for word, n in plant]

    # stepwise: settings, theme
    extra = "".join(
        f"    - title: {q(guide_title(g))}\n      path: \"guide-{g:02}/\"\n      description: {q(gdesc[g])}\n"
        for g in range(1, guides + 1)
    )
    write(
        f"{sw}/site.yaml",
        f"title: {q(SITE_TITLE)}\ndescription: {q(SITE_DESCRIPTION)}\nlanguage: en\n"
        f"site_id: bench\ntheme: {stepwise_theme}\n"
        # The peers build neither a search index nor print pages here
        # (mdBook's are turned off, Hugo has none): neither does stepwise with
        # the equivalent templates. With its built-in theme it builds what it
        # builds by default, as its users run it.
        + ("search: false\nprint: false\n" if stepwise_theme == "bench" else "")
        + f"extra:\n  guides:\n{extra}",
    )
    for name, text in [
        ("base.html", SW_BASE),
        ("page.html", SW_PAGE),
        ("guide.html", SW_GUIDE),
        ("index.html", SW_INDEX),
        ("404.html", SW_404),
    ]:
        write(f"{sw}/themes/bench/templates/{name}", text)
    write(f"{sw}/themes/bench/static/style.css", "body{font-family:sans-serif;max-width:48rem;margin:auto}\n")

    # Hugo: config, layouts
    write(f"{hu}/config.toml", HUGO_CONFIG)
    for name, text in [
        ("_default/baseof.html", HUGO_BASEOF),
        ("_default/single.html", HUGO_SINGLE),
        ("_default/list.html", HUGO_LIST),
        ("index.html", HUGO_INDEX),
        ("404.html", HUGO_404),
    ]:
        write(f"{hu}/layouts/{name}", text)
    write(f"{hu}/static/style.css", "body{font-family:sans-serif;max-width:48rem;margin:auto}\n")

    # mdBook: book.toml, theme
    write(f"{mb}/book.toml", MDBOOK_TOML)
    write(f"{mb}/theme/index.hbs", mdbook_index_hbs(guides))
    write(f"{mb}/src/style.css", "body{font-family:sans-serif;max-width:48rem;margin:auto}\n")

    home_intro = (
        "This site collects synthetic step-by-step guides. Each guide walks "
        "through one process, page by page.\n"
    )
    write(
        f"{sw}/content/_index.md",
        f"---\ntitle: {q(SITE_TITLE)}\ndescription: {q(SITE_DESCRIPTION)}\n---\n\n{home_intro}",
    )
    write(
        f"{hu}/content/_index.md",
        f"---\ntitle: {q(SITE_TITLE)}\ndescription: {q(SITE_DESCRIPTION)}\n---\n\n{home_intro}",
    )
    summary = ["# Summary\n", "[Home](README.md)\n"]
    home_list = "".join(
        f"- [{guide_title(g)}](guide-{g:02}/README.md) {gdesc[g]}\n" for g in range(1, guides + 1)
    )
    write(f"{mb}/src/README.md", f"# {SITE_TITLE}\n\n{home_intro}\n{home_list}")

    for g in range(1, guides + 1):
        gd = f"guide-{g:02}"
        gt = guide_title(g)
        intro = f"This guide has {per} pages. Read them in order; each ends with a link to the next.\n"
        fm = f"---\ntitle: {q(gt)}\ndescription: {q(gdesc[g])}\nweight: {g}\n---\n\n{intro}"
        write(f"{sw}/content/{gd}/_index.md", fm)
        write(f"{hu}/content/{gd}/_index.md", fm)
        summary.append(f"- [{gt}]({gd}/README.md)\n")
        listing = []
        for p in range(1, per + 1):
            body, desc, tags, date = page_body(seed, g, p, per, guides)
            for word, where in plants:
                if (g, p) in where:
                    body = plant_in(body, word)
            title = title_of(g, p)
            name = f"page-{p:04}.md"
            tag_list = "[" + ", ".join(tags) + "]"
            write(
                f"{sw}/content/{gd}/{name}",
                f"---\ntitle: {q(title)}\ndescription: {q(desc)}\nweight: {p}\n"
                f"updated: {date}\ntags: {tag_list}\n---\n\n" + links_md(body, g),
            )
            write(
                f"{hu}/content/{gd}/{name}",
                f"---\ntitle: {q(title)}\ndescription: {q(desc)}\nweight: {p}\n"
                f"date: {date}\ntags: {tag_list}\n---\n\n" + links_hugo(body, g),
            )
            write(f"{mb}/src/{gd}/{name}", f"# {title}\n\n" + links_md(body, g))
            summary.append(f"  - [{title}]({gd}/{name})\n")
            listing.append(f"- [{title}]({name}) {desc}\n")
        write(f"{mb}/src/{gd}/README.md", f"# {gt}\n\n{intro}\n" + "".join(listing))
    write(f"{mb}/src/SUMMARY.md", "".join(summary))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder to create (replaced if it exists)")
    ap.add_argument("--pages", type=int, default=1000, help="pages in all (default 1000)")
    ap.add_argument("--guides", type=int, default=10, help="guides (default 10)")
    ap.add_argument("--seed", type=int, default=8, help="content seed (default 8)")
    ap.add_argument("--stepwise-theme", choices=["bench", "default"], default="bench",
                    help="bench: the equivalent templates (default); default: stepwise's "
                         "built-in theme (not comparable with the peers)")
    ap.add_argument("--plant", action="append", default=[], metavar="WORD:N",
                    help="put WORD on N pages spread over the corpus, in a sentence at the "
                         "end of each one's last section (for search benchmarks: a rare word "
                         "far from the start of its page); may be repeated")
    a = ap.parse_args()
    plant = []
    for spec in a.plant:
        word, _, n = spec.rpartition(":")
        if not word or not n.isdigit() or not 0 < int(n) <= a.pages:
            sys.exit(f"--plant {spec}: expected WORD:N with 1 <= N <= --pages")
        plant.append((word, int(n)))
    generate(a.out, a.pages, a.guides, a.seed, a.stepwise_theme, plant)


if __name__ == "__main__":
    main()
