//! The glossary (terms defined once in a page's front matter, listed on that
//! page and linked where each page first uses them) and checklists on pages
//! that are no step.

use crate::common::{
    build, html, output_text, search_docs, search_terms, sel, site, stepwise, texts,
};
use crate::serve::{save, Server};
use scraper::Html;
use std::path::Path;

const GLOSSARY: &str = r#"---
title: Glossary
description: The terms the guide uses.
weight: 90
glossary:
  - term: IR
    expansion: Interventional radiology
    definition: Image-guided procedures.
    aliases: [interventional radiology]
  - term: ESIR
    expansion: Early Specialization in Interventional Radiology
    definition: An IR track inside a DR residency.
    aliases: ["Early Specialization in Interventional Radiology"]
  - term: advanced position
    definition: A position that starts in the second year.
    aliases: [advanced positions]
---
Terms, in plain words.
"#;

const STEP: &str = r#"---
title: Step one
description: The first step.
step: 1
weight: 10
---
## Why IR is hard {#why}

IR is hard, and IR stays hard. See [what IR means](glossary.md#term-ir) and `IR` in code.

```
IR in a code block
```

The Early Specialization in Interventional Radiology track, ESIR for short, needs advanced positions. An IRB is not IR.
"#;

fn glossary_site() -> tempfile::TempDir {
    let dir = site(&[
        (
            "site.yaml",
            "title: Terms\nbase_url: https://example.org/g/\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: Home page.\n---\nA guide about IR.\n",
        ),
        ("content/step-1.md", STEP),
        ("content/glossary.md", GLOSSARY),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    dir
}

/// (text, href, abbr title, link title) of every term link in `doc`.
fn term_links(doc: &Html) -> Vec<(String, String, Option<String>, Option<String>)> {
    doc.select(&sel("a.term"))
        .map(|a| {
            let abbr = a
                .select(&sel("abbr"))
                .next()
                .and_then(|x| x.value().attr("title").map(str::to_string));
            (
                a.text().collect(),
                a.value().attr("href").unwrap_or_default().to_string(),
                abbr,
                a.value().attr("title").map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn each_term_is_linked_where_a_page_first_uses_it() {
    let dir = glossary_site();
    let doc = html(&dir.path().join("output/step-1/index.html"));
    assert_eq!(
        term_links(&doc),
        vec![
            (
                "IR".into(),
                "../glossary/#term-ir".into(),
                Some("Interventional radiology".into()),
                None
            ),
            // The spelled-out form gets the definition, not an expansion of itself.
            (
                "Early Specialization in Interventional Radiology".into(),
                "../glossary/#term-esir".into(),
                None,
                Some("An IR track inside a DR residency.".into())
            ),
            (
                "advanced positions".into(),
                "../glossary/#term-advanced-position".into(),
                None,
                Some("A position that starts in the second year.".into())
            ),
        ]
    );
    // An abbreviation carries its definition too, which the default theme
    // shows when the term is tapped (its title is the expansion).
    let definitions: Vec<_> = doc
        .select(&sel("a.term[data-definition]"))
        .map(|a| a.value().attr("data-definition").unwrap_or_default())
        .collect();
    assert_eq!(definitions, ["Image-guided procedures."]);
    // Never in headings, links, code or code blocks.
    for inside in ["h2 a.term", "a a.term", "code a.term", "pre a.term"] {
        assert_eq!(doc.select(&sel(inside)).count(), 0, "{inside}");
    }
    // The home page links its own first use.
    let home = html(&dir.path().join("output/index.html"));
    assert_eq!(term_links(&home)[0].1, "glossary/#term-ir");
}

#[test]
fn the_glossary_page_lists_every_term_alphabetically() {
    let dir = glossary_site();
    let doc = html(&dir.path().join("output/glossary/index.html"));
    let ids: Vec<String> = doc
        .select(&sel("dl.glossary dt"))
        .map(|dt| dt.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["term-advanced-position", "term-esir", "term-ir"]);
    assert_eq!(
        texts(&doc, "dl.glossary dt dfn"),
        ["advanced position", "ESIR", "IR"]
    );
    assert_eq!(
        texts(&doc, "dl.glossary dt .expansion"),
        [
            "(Early Specialization in Interventional Radiology)",
            "(Interventional radiology)"
        ]
    );
    assert_eq!(texts(&doc, "dl.glossary dd")[2], "Image-guided procedures.");
    // The page that defines the terms does not link them to itself.
    assert!(term_links(&doc).is_empty());
    // Search engines get the terms as a DefinedTermSet.
    let ld: serde_json::Value = serde_json::from_str(
        &doc.select(&sel("script[type='application/ld+json']"))
            .next()
            .expect("JSON-LD")
            .inner_html(),
    )
    .expect("JSON");
    let set = ld["@graph"]
        .as_array()
        .expect("graph")
        .iter()
        .find(|n| n["@type"] == "DefinedTermSet")
        .expect("a DefinedTermSet");
    let names: Vec<&str> = set["hasDefinedTerm"]
        .as_array()
        .expect("terms")
        .iter()
        .map(|t| t["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["advanced position", "ESIR", "IR"]);
    assert_eq!(
        set["hasDefinedTerm"][2]["url"],
        "https://example.org/g/glossary/#term-ir"
    );
}

#[test]
fn terms_are_searchable_and_linked_on_the_print_page() {
    let dir = glossary_site();
    let output = dir.path().join("output");
    let docs = search_docs(&output);
    let glossary = docs
        .iter()
        .position(|d| {
            d[3].as_array()
                .expect("parts")
                .iter()
                .any(|p| p[1] == "term-esir")
        })
        .expect("the term ESIR is a part of the glossary's document");
    assert_eq!(docs[glossary][1], "glossary/");
    assert!(search_terms(&output)["esir"].contains(&glossary));
    let print = html(&dir.path().join("output/print/index.html"));
    let links = term_links(&print);
    assert!(!links.is_empty());
    for (_, href, _, _) in links {
        let id = href
            .strip_prefix('#')
            .expect("a link within the print page");
        assert!(id.starts_with("glossary--term-"), "{href}");
        let target = format!("[id='{id}']");
        assert_eq!(print.select(&sel(&target)).count(), 1, "{href}");
    }
    let check = stepwise(&["check", "--root", dir.path().to_str().expect("utf-8")]);
    assert!(check.status.success(), "{}", output_text(&check));
}

#[test]
fn a_page_that_is_no_step_gets_a_checklist_page() {
    let dir = site(&[
        ("site.yaml", "title: Cal\nsite_id: cal\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: Home page.\n---\nHello.\n",
        ),
        (
            "content/calendar.md",
            "---\ntitle: Calendar\ndescription: When things happen.\nchecklist:\n  - group: June\n    items:\n      - id: cal-token\n        text: Get your token\n        see: \"#june\"\n---\n## June {#june}\n\nTokens.\n",
        ),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let root: &Path = &dir.path().join("output");
    let page = html(&root.join("calendar/index.html"));
    assert_eq!(
        texts(&page, ".checklist-cta a"),
        [
            "Open the checklist for this page",
            "or tick it at the end of this page"
        ]
    );
    let list = html(&root.join("calendar/checklist/index.html"));
    let main = list.select(&sel("main")).next().expect("main");
    assert_eq!(main.value().attr("data-step"), Some("page-calendar"));
    assert_eq!(main.value().attr("data-guide"), Some("main"));
    assert_eq!(
        list.select(&sel("#list input[type=checkbox]"))
            .map(|b| b.value().attr("value").unwrap_or_default())
            .collect::<Vec<_>>(),
        ["cal-token"]
    );
    let print = html(&root.join("print/index.html"));
    assert_eq!(texts(&print, "#calendar--checklist"), ["Checklist"]);
}

#[test]
fn serve_relinks_every_page_when_the_glossary_changes() {
    let dir = glossary_site();
    // A page of another guide uses a term too.
    crate::common::write(
        dir.path(),
        "content/more/_index.md",
        "---\ntitle: More\ndescription: Another guide.\n---\nMore.\n",
    );
    crate::common::write(
        dir.path(),
        "content/more/tip.md",
        "---\ntitle: Tip\ndescription: A tip.\n---\nAsk an IR resident.\n",
    );
    let server = Server::start(dir.path());
    let events = server.events();
    for page in ["/step-1/", "/more/tip/"] {
        let before = server.get(page).html();
        assert_eq!(
            term_links(&before)[0].2.as_deref(),
            Some("Interventional radiology"),
            "{page}"
        );
    }
    save(
        dir.path(),
        "content/glossary.md",
        &GLOSSARY.replace(
            "expansion: Interventional radiology",
            "expansion: Interventional radiology (IR)",
        ),
    );
    server.wait_for(&events, "reload");
    // Pages whose own text did not change link the new wording, in the
    // glossary's guide and in another one, and so do their print pages.
    for page in ["/step-1/", "/more/tip/"] {
        let after = server.get(page).html();
        assert_eq!(
            term_links(&after)[0].2.as_deref(),
            Some("Interventional radiology (IR)"),
            "{page}"
        );
    }
    let print = server.get("/more/print/").html();
    assert_eq!(
        term_links(&print)[0].2.as_deref(),
        Some("Interventional radiology (IR)")
    );
}
