//! Raw HTML and the glossary (issue 27, items 13, 14 and 25): no glossary
//! link and no typographic quote inside raw `<script>`, `<style>` and their
//! kind, no glossary link inside raw `<a>`, `<code>`, `<kbd>`; a raw-text
//! element never closed is reported where it opens; glossary terms match
//! the prose as it is rendered, or are refused with a reason.

use crate::common::{output_text, page, run_in, sel, site, texts, write};

const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: Markup\n"),
    (
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
    ),
    (
        "content/glossary.md",
        "---\ntitle: Glossary\ndescription: Terms.\nglossary:\n  - term: IR\n    definition: Interventional radiology.\n  - term: ESIR\n    definition: Early specialization in IR.\n---\nThe terms.\n",
    ),
];

/// Builds the site in `dir`; panics with what it printed unless it built.
fn build_ok(dir: &tempfile::TempDir) {
    let out = run_in(dir.path(), &["build", "--root", "{root}"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
}

#[test]
fn the_glossary_links_nothing_inside_raw_scripts_styles_links_and_code() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: A\ndescription: A page.\n---\nStart <script>window.IR = 2;</script> then.\n\nCode <code>ESIR</code>, <kbd>ESIR</kbd>, <a href=\"https://example.com/\">ESIR link</a>, <textarea>ESIR</textarea>, <style>p::after{content:\"IR\"}</style>.\n\nFirst plain use: IR and ESIR.\n",
    );
    build_ok(&dir);
    let doc = page(&dir, "a/index.html");
    // Today: window.<a class="term" ...>IR</a> = 2, a JS syntax error.
    let scripts = texts(&doc, ".content script");
    assert_eq!(scripts, ["window.IR = 2;"]);
    assert_eq!(texts(&doc, ".content style"), ["p::after{content:\"IR\"}"]);
    assert_eq!(texts(&doc, ".content textarea"), ["ESIR"]);
    for inside in ["code", "kbd", "a:not(.term)"] {
        let nested = format!(".content {inside} a.term");
        assert_eq!(doc.select(&sel(&nested)).count(), 0, "{nested}");
    }
    // Each term is linked at its first use in the prose.
    let linked: Vec<String> = texts(&doc, ".content a.term");
    assert_eq!(linked, ["IR", "ESIR"]);
    let last = doc
        .select(&sel(".content p"))
        .next_back()
        .expect("a paragraph");
    assert_eq!(last.select(&sel("a.term")).count(), 2);
}

#[test]
fn smart_punctuation_leaves_raw_scripts_and_styles_as_written() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: A\ndescription: A page.\n---\nInline <script>var x = \"don't\"; if (a < b && *c*) {}</script> and \"quoted\".\n\n<div><script>\nvar a = \"x\";\n\nvar b = 'y';\n</script></div>\n\n<style>\nq::before { content: \"it's\"; }\n</style>\n",
    );
    build_ok(&dir);
    let html = std::fs::read_to_string(dir.path().join("output/a/index.html")).expect("page");
    assert!(
        html.contains("<script>var x = \"don't\"; if (a < b && *c*) {}</script>"),
        "{html}"
    );
    assert!(
        html.contains("<script>\nvar a = \"x\";\n\nvar b = 'y';\n</script></div>"),
        "{html}"
    );
    assert!(html.contains("q::before { content: \"it's\"; }"), "{html}");
    // Prose around them still gets typographic quotes.
    assert!(html.contains("and \u{201c}quoted\u{201d}."), "{html}");
    assert!(!html.contains("</script></div></p>"), "{html}");
}

#[test]
fn an_unclosed_raw_textarea_script_or_style_is_reported_where_it_opens() {
    for (body, at, name) in [
        (
            "Some text <textarea>oops\n\nThe rest.\n",
            "5:11",
            "textarea",
        ),
        ("Intro.\n\n<script>\nvar a = 1;\n\nMore.\n", "7:1", "script"),
        ("Intro. <STYLE>p{}\n", "5:8", "style"),
    ] {
        let dir = site(BASE);
        write(
            dir.path(),
            "content/a.md",
            &format!("---\ntitle: A\ndescription: A page.\n---\n{body}"),
        );
        for cmd in ["build", "check"] {
            let out = run_in(dir.path(), &[cmd, "--root", "{root}"]);
            assert_eq!(out.status.code(), Some(1), "{cmd} {name}");
            let text = output_text(&out);
            assert!(
                text.starts_with(&format!(
                    "error: content/a.md:{at}: this <{name}> is never closed: it hides the rest of the page, and of the print page\n"
                )),
                "{cmd} {name}: {text}"
            );
        }
    }
}

#[test]
fn glossary_terms_match_the_prose_as_it_is_rendered() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/glossary.md",
        "---\ntitle: Glossary\ndescription: Terms.\nglossary:\n  - term: dean's letter\n    definition: The MSPE.\n  - term: a.b*c\n    definition: A dotted name.\n  - term: x < y\n    definition: A comparison.\n  - term: AT&T\n    definition: A company.\n---\nThe terms.\n",
    );
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: A\ndescription: A page.\n---\nThe dean's letter, a.b*c, x < y and AT&T.\n",
    );
    write(
        dir.path(),
        "content/b.md",
        "---\ntitle: B\ndescription: Another page.\n---\nThe dean\u{2019}s letter, typed with a typographic apostrophe.\n",
    );
    build_ok(&dir);
    let a = page(&dir, "a/index.html");
    assert_eq!(
        texts(&a, ".content a.term"),
        ["dean\u{2019}s letter", "a.b*c", "x < y", "AT&T"]
    );
    let b = page(&dir, "b/index.html");
    assert_eq!(texts(&b, ".content a.term"), ["dean\u{2019}s letter"]);
}

#[test]
fn glossary_terms_markdown_cannot_show_as_text_are_refused() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/glossary.md",
        "---\ntitle: Glossary\ndescription: Terms.\nglossary:\n  - term: a *b* c\n    definition: Emphasis.\n    aliases: [\"`IR`\"]\n---\nThe terms.\n",
    );
    let out = run_in(dir.path(), &["check", "--root", "{root}"]);
    assert_eq!(out.status.code(), Some(1));
    let text = output_text(&out);
    assert!(
        text.contains("error: content/glossary.md:5:11: glossary form \"a *b* c\" can never be found in a page: Markdown reads it as emphasis\n"),
        "{text}"
    );
    assert!(
        text.contains("error: content/glossary.md:7:15: glossary form \"`IR`\" can never be found in a page: Markdown reads it as code\n"),
        "{text}"
    );
}
