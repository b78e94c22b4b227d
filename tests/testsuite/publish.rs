//! Publishing: `stepwise check`, search index, sharing metadata, feeds and
//! the print page.

use crate::common::*;
use std::path::Path;

/// The `FAQPage` object of the JSON-LD on `site`'s `faq/` page.
fn faq_page_json_ld(site: &Path) -> serde_json::Value {
    let faq = html(&site.join("faq/index.html"));
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&faq, "script[type='application/ld+json']")[0]).unwrap();
    ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["@type"] == "FAQPage")
        .expect("FAQPage")
        .clone()
}

fn check(root: &Path) -> (Option<i32>, String) {
    let out = stepwise(&["check", "--root", root.to_str().unwrap()]);
    (out.status.code(), output_text(&out))
}

#[test]
fn check_passes_on_a_clean_site_and_writes_nothing() {
    let dir = fixture("basic");
    let (code, text) = check(dir.path());
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("No problems found."));
    assert!(
        !dir.path().join("output").exists(),
        "check must not write output"
    );
}

#[test]
fn check_lists_every_planted_problem_with_its_location() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/faq.md",
        "---\ntitle: FAQ\nweight: 90\n---\n# A second h1\n\n![](/missing.png)\n\n![Logo](/logo.svg)\n",
    );
    let long = "x".repeat(170);
    write(
        dir.path(),
        "content/long.md",
        &format!("---\ntitle: Long\ndescription: \"{long}\"\n---\nText.\n"),
    );
    let t = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    std::fs::write(
        t.join("page.html"),
        page.replace(
            "</article>",
            "<a href=\"{{ url(path=\"nowhere/\") }}\">x</a></article>",
        ),
    )
    .unwrap();
    let (code, text) = check(dir.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("content/faq.md:2:1: no description"),
        "{text}"
    );
    assert!(
        text.contains("content/long.md:3:1: description is 170 characters"),
        "{text}"
    );
    assert!(text.contains("content/faq.md:5:1: a second h1"), "{text}");
    assert!(
        text.contains("content/faq.md:7:1: image `/missing.png` has no alt text"),
        "{text}"
    );
    // A root link of the content is reported where it is written, once.
    assert!(
        text.contains(
            "content/faq.md:7:1: broken link `/missing.png`: no file missing.png in the site"
        ),
        "{text}"
    );
    assert_eq!(text.matches("missing.png`: no file").count(), 1, "{text}");
    assert!(
        text.contains("output/first/index.html:") && text.contains("broken link `../nowhere/`"),
        "{text}"
    );
    assert!(
        !text.contains("logo.svg"),
        "a good image was reported: {text}"
    );
}

#[test]
fn build_fails_on_a_broken_link_from_a_template() {
    let dir = fixture("basic");
    let t = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("page.html"), "<!DOCTYPE html><html lang=en><title>x</title><a href=\"{{ url(path=\"gone/#x\") }}\">x</a></html>").unwrap();
    let out = build(dir.path());
    let text = output_text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("output/first/index.html:1:"), "{text}");
    assert!(
        text.contains("broken link `../gone/#x`: no file gone/index.html in the site"),
        "{text}"
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn search_index_is_scripts_with_sections() {
    let dir = fixture("basic");
    assert!(build(dir.path()).status.success());
    let output = dir.path().join("output");
    let docs = search_docs(&output);
    let (n, doc) = docs
        .iter()
        .enumerate()
        .find(|(_, d)| {
            d[3].as_array()
                .unwrap()
                .iter()
                .any(|p| p[0] == "The mentor")
        })
        .expect("section indexed");
    assert_eq!(doc[0], "Step 2 — Second things");
    assert_eq!(doc[1], "second/");
    let mentor = doc[3]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "The mentor")
        .unwrap();
    assert_eq!(mentor[1], "the-mentor");
    assert!(mentor[2].as_str().unwrap().contains("Footnote here."));
    // Every word of it finds the page, "footnote" in its text as well.
    let terms = search_terms(&output);
    assert!(terms["mentor"].contains(&n), "{:?}", terms["mentor"]);
    assert!(terms["footnot"].contains(&n));
    let home = html(&dir.path().join("output/index.html"));
    assert_eq!(attrs(&home, "#search input", "type"), vec!["search"]);
    assert_eq!(attrs(&home, "#search .search-nojs a", "href"), vec!["./"]);
    assert_eq!(
        attrs(&home, "script[src]", "src"),
        vec!["search.js", "reading.js"]
    );
    let checklist =
        std::fs::read_to_string(dir.path().join("output/first/checklist/index.html")).unwrap();
    assert!(
        !checklist.contains("search.js") && !checklist.contains("search-index"),
        "checklist pages stay self-contained: their search box is a form that opens a page"
    );
}

#[test]
fn pages_carry_sharing_metadata_and_json_ld() {
    let dir = fixture("basic");
    let out = build_with(dir.path(), &["--base-url", "https://example.org/g/"]);
    assert!(out.status.success(), "{}", output_text(&out));
    let site = dir.path().join("output");
    let first = html(&site.join("first/index.html"));
    assert_eq!(
        attrs(&first, "meta[property='og:title']", "content"),
        vec!["Step 1 — First things"]
    );
    assert_eq!(
        attrs(&first, "meta[property='og:url']", "content"),
        vec!["https://example.org/g/first/"]
    );
    assert_eq!(
        attrs(&first, "meta[name='twitter:card']", "content"),
        vec!["summary"]
    );
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&first, "script[type='application/ld+json']")[0]).unwrap();
    let graph = ld["@graph"].as_array().unwrap();
    let article = graph.iter().find(|g| g["@type"] == "Article").unwrap();
    assert_eq!(article["headline"], "Step 1 — First things");
    assert_eq!(article["dateModified"], "2026-01-03");
    let crumbs = graph
        .iter()
        .find(|g| g["@type"] == "BreadcrumbList")
        .unwrap();
    let items = crumbs["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["item"], "https://example.org/g/");
    assert_eq!(items[1]["position"], 2);
    let faq_page = faq_page_json_ld(&site);
    assert_eq!(faq_page["mainEntity"][0]["name"], "Is this a question?");
    assert_eq!(faq_page["mainEntity"][0]["acceptedAnswer"]["text"], "Yes.");
    let atom = std::fs::read_to_string(site.join("atom.xml")).unwrap();
    assert!(
        atom.contains("<id>https://example.org/g/first/</id>"),
        "{atom}"
    );
    assert!(
        atom.find("first/").unwrap()
            < atom
                .find("<id>https://example.org/g/</id>\n    <link")
                .unwrap_or(usize::MAX)
    );
}

#[test]
fn without_base_url_no_absolute_urls_are_written() {
    let dir = fixture("basic");
    assert!(build(dir.path()).status.success());
    let site = dir.path().join("output");
    assert!(!site.join("atom.xml").exists());
    let first = html(&site.join("first/index.html"));
    assert!(attrs(&first, "link[rel=canonical]", "href").is_empty());
    assert!(attrs(&first, "meta[property='og:url']", "content").is_empty());
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&first, "script[type='application/ld+json']")[0]).unwrap();
    assert!(
        !ld.to_string()
            .replace("https://schema.org", "")
            .contains("http"),
        "{ld}"
    );
}

#[test]
fn print_page_has_every_section_in_order_with_working_anchors() {
    let dir = fixture("basic");
    assert!(build(dir.path()).status.success());
    let print = html(&dir.path().join("output/print/index.html"));
    assert_eq!(
        texts(&print, ".print-section-title"),
        vec![
            "Fixture Guide",
            "Step 1 — First things",
            "Step 2 — Second things",
            "FAQ"
        ]
    );
    let ids = attrs(&print, "[id]", "id");
    // Links between pages of the guide point inside the print page.
    let hrefs = attrs(&print, ".print-section-body a[href^='#']", "href");
    assert!(
        hrefs.contains(&"#first--getting-started".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"#second--the-mentor".to_string()),
        "{hrefs:?}"
    );
    for h in hrefs {
        assert!(ids.contains(&h[1..].to_string()), "{h} has no target");
    }
    assert_eq!(texts(&print, ".print-checklist li").len(), 3);
    let home = html(&dir.path().join("output/index.html"));
    assert_eq!(attrs(&home, ".print-link a", "href"), vec!["print/"]);
}

#[test]
fn search_and_print_pages_can_be_turned_off() {
    let dir = fixture("basic");
    let cfg = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap() + "search: false\nprint: false\n";
    std::fs::write(&cfg, text).unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let site = dir.path().join("output");
    assert!(!site.join("search").exists());
    assert!(!site.join("search.js").exists());
    assert!(!site.join("print/index.html").exists());
    assert!(!site.join("nested/print/index.html").exists());
    let home = html(&site.join("index.html"));
    assert!(attrs(&home, "#search", "id").is_empty());
    assert!(attrs(&home, ".print-link a", "href").is_empty());
    assert_eq!(attrs(&home, "script[src]", "src"), vec!["reading.js"]);
    // Without search, section text is still collected for a FAQ's answers.
    let faq_page = faq_page_json_ld(&site);
    assert_eq!(faq_page["mainEntity"][0]["acceptedAnswer"]["text"], "Yes.");
}

#[test]
fn without_search_a_page_may_be_at_search() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/search.md",
        "---\ntitle: Search tips\n---\nText.\n",
    );
    // With search, /search/ is the results page's (diagnostics.rs).
    assert_eq!(build(dir.path()).status.code(), Some(1));
    let cfg = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap() + "search: false\n";
    std::fs::write(&cfg, text).unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let tips = html(&dir.path().join("output/search/index.html"));
    assert_eq!(texts(&tips, "h1"), vec!["Search tips"]);
}
