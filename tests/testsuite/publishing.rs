//! Who stands behind a site and when its facts were checked: the
//! `publisher`, `reviewed` and `report_errors` settings in every page's
//! footer and on the About page, the placeholders `stepwise init` leaves,
//! dates printed by the site's language or `date_format`, and the
//! `sources:` list with each source's last-checked date.

use crate::common::{build, html, output_text, page, run_in_env, search_docs, search_terms};
use crate::common::{sel, site, texts, write};
use std::path::Path;

/// A step page with a checklist and a heading the sources link to.
const STEP: &str = "---\ntitle: Step one\ndescription: The first step.\nstep: 1\nupdated: 2026-12-01\nchecklist:\n  - group: Start\n    items:\n      - id: s1-read\n        text: Read the sources\n        see: \"sources.md#nrmp\"\n---\n## Why it matters {#why}\n\nThe [NRMP](sources.md#nrmp) runs the Match.\n";

const ABOUT: &str = "---\ntitle: About\ndescription: Who wrote this guide.\ntemplate: about.html\n---\nWe wrote it.\n";

const SOURCES: &str = r#"---
title: Sources
description: Where the facts come from.
updated: 2026-11-20
sources:
  - id: nrmp
    name: National Resident Matching Program
    url: https://www.nrmp.org
    checked: 2026-12-05
    note: "Runs the Match. Used in [step one](step-1.md#why) and with the [AAMC](#aamc)."
  - id: aamc
    name: AAMC and ERAS
    url: https://www.aamc.org
    checked: 2025-11-01
---
Every fact comes from one of these.
"#;

/// A site with a step (and its checklist), an About page and a sources
/// page; `settings` follow `title:` in site.yaml.
fn guide(settings: &str) -> tempfile::TempDir {
    site(&[
        (
            "site.yaml",
            &format!("title: Guide\nbase_url: https://example.org/g/\n{settings}"),
        ),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\nupdated: 2026-11-02\n---\nWelcome.\n",
        ),
        ("content/step-1.md", STEP),
        ("content/about.md", ABOUT),
        ("content/sources.md", SOURCES),
    ])
}

fn built(settings: &str) -> tempfile::TempDir {
    let dir = guide(settings);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    dir
}

const SIGNED: &str = "language: en-US\npublisher: The editors\nreviewed: 2026-12-05\nreport_errors: https://example.org/issues/new\n";

#[test]
fn every_page_says_when_it_was_reviewed_and_where_to_report_an_error() {
    let dir = built(SIGNED);
    for (rel, footer) in [
        ("output/index.html", ".site-footer .review"),
        ("output/step-1/index.html", ".site-footer .review"),
        ("output/sources/index.html", ".site-footer .review"),
        ("output/print/index.html", ".site-footer .review"),
        ("output/404.html", ".site-footer .review"),
        ("output/step-1/checklist/index.html", ".site-footer .review"),
    ] {
        let doc = html(&dir.path().join(rel));
        assert_eq!(
            texts(&doc, footer),
            ["Reviewed December 5, 2026 · Report an error"],
            "{rel}"
        );
        let time = doc
            .select(&sel(&format!("{footer} time")))
            .next()
            .expect("time");
        assert_eq!(time.value().attr("datetime"), Some("2026-12-05"), "{rel}");
        let link = doc
            .select(&sel(&format!("{footer} a")))
            .next()
            .expect("link");
        assert_eq!(
            link.value().attr("href"),
            Some("https://example.org/issues/new"),
            "{rel}"
        );
    }
}

#[test]
fn the_about_template_names_the_publisher_and_the_review() {
    let dir = built(SIGNED);
    let about = page(&dir, "about/index.html");
    assert_eq!(texts(&about, ".content p"), ["We wrote it."]);
    assert_eq!(
        texts(&about, ".publishing dt"),
        ["Published by", "Last reviewed", "Found an error?"]
    );
    assert_eq!(
        texts(&about, ".publishing dd"),
        ["The editors", "December 5, 2026", "Report an error"]
    );
    // Other pages do not carry it.
    assert!(texts(&page(&dir, "step-1/index.html"), ".publishing dt").is_empty());
}

#[test]
fn placeholders_are_left_out_of_the_site() {
    let dir = built(
        "publisher: \"<who publishes this guide>\"\nreviewed: \"<YYYY-MM-DD>\"\nreport_errors: \"<where readers report errors>\"\n",
    );
    for rel in [
        "index.html",
        "about/index.html",
        "step-1/checklist/index.html",
    ] {
        let doc = page(&dir, rel);
        assert!(texts(&doc, ".review").is_empty(), "{rel}");
        assert!(texts(&doc, ".publishing").is_empty(), "{rel}");
        assert!(!doc.html().contains("&lt;"), "a placeholder shows in {rel}");
    }
}

#[test]
fn init_leaves_placeholders_that_check_names_until_filled_in() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run_in_env(tmp.path(), &["init", "new-guide"], &[]);
    assert!(out.status.success(), "{}", output_text(&out));
    let root = tmp.path().join("new-guide");
    let check = run_in_env(&root, &["check"], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", output_text(&check));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "No problems found.\n"
    );
    let stderr = String::from_utf8_lossy(&check.stderr);
    for key in ["publisher", "reviewed", "report_errors"] {
        assert!(
            stderr.contains(&format!("{key} is still the placeholder")),
            "{stderr}"
        );
    }
    assert!(stderr.starts_with("warning: site.yaml:"), "{stderr}");
    assert!(stderr.contains("3 warnings"), "{stderr}");
    let out = build(&root);
    assert!(out.status.success(), "{}", output_text(&out));
    assert!(texts(&html(&root.join("output/index.html")), ".review").is_empty());
    // Filled in, they show and the warnings stop.
    let yaml = std::fs::read_to_string(root.join("site.yaml")).expect("site.yaml");
    let yaml = yaml
        .replace("\"<who publishes this guide>\"", "The editors")
        .replace(
            "\"<YYYY-MM-DD: the day you last checked the facts>\"",
            "2026-12-05",
        )
        .replace(
            "\"<a URL or mailto: address where readers report errors>\"",
            "mailto:editor@example.org",
        );
    write(&root, "site.yaml", &yaml);
    let check = run_in_env(&root, &["check"], &[]);
    assert_eq!(check.status.code(), Some(0));
    assert!(check.stderr.is_empty(), "{}", output_text(&check));
    assert!(build(&root).status.success());
    assert_eq!(
        texts(&html(&root.join("output/index.html")), ".review"),
        ["Reviewed 5 December 2026 · Report an error"]
    );
}

/// The date a page, its print section, the footer and the feed print.
fn printed_dates(dir: &Path) -> (String, String, String, String) {
    let step = html(&dir.join("output/step-1/index.html"));
    let print = html(&dir.join("output/print/index.html"));
    let feed = std::fs::read_to_string(dir.join("output/atom.xml")).expect("feed");
    let summary = feed
        .split("<summary>")
        .find(|s| s.starts_with("The first step."))
        .and_then(|s| s.split("</summary>").next())
        .expect("the step's summary")
        .to_string();
    let print_step = print
        .select(&sel("#step-1 .meta time"))
        .next()
        .expect("the print section's date")
        .text()
        .collect();
    (
        texts(&step, ".page-header .meta time").concat(),
        print_step,
        texts(&step, ".site-footer .review time").concat(),
        summary,
    )
}

#[test]
fn dates_are_printed_by_the_language_or_the_date_format() {
    for (settings, day) in [
        (
            "language: en-US\n",
            ["December 1, 2026", "December 5, 2026"],
        ),
        ("language: en-GB\n", ["1 December 2026", "5 December 2026"]),
        ("language: en\n", ["1 December 2026", "5 December 2026"]),
        ("language: fr-FR\n", ["2026-12-01", "2026-12-05"]),
        (
            "language: en-US\ndate_format: \"%-d/%-m/%Y\"\n",
            ["1/12/2026", "5/12/2026"],
        ),
    ] {
        let dir = built(&format!("{settings}reviewed: 2026-12-05\n"));
        let (updated, print, reviewed, summary) = printed_dates(dir.path());
        assert_eq!(updated, day[0], "{settings}");
        assert_eq!(print, day[0], "{settings}");
        assert_eq!(reviewed, day[1], "{settings}");
        assert_eq!(
            summary,
            format!("The first step. (Updated {})", day[0]),
            "{settings}"
        );
        // Machines still read ISO dates.
        let step = html(&dir.path().join("output/step-1/index.html"));
        let time = step
            .select(&sel(".page-header .meta time"))
            .next()
            .expect("time");
        assert_eq!(time.value().attr("datetime"), Some("2026-12-01"));
    }
}

#[test]
fn sources_are_sections_that_keep_their_ids_and_show_when_they_were_checked() {
    let dir = built(SIGNED);
    let sources = page(&dir, "sources/index.html");
    let ids: Vec<&str> = sources
        .select(&sel("section.source h2"))
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(ids, ["nrmp", "aamc"]);
    assert_eq!(
        texts(&sources, "section.source h2"),
        ["National Resident Matching Program #", "AAMC and ERAS #"]
    );
    assert_eq!(
        texts(&sources, ".source-checked"),
        [
            "Last checked December 5, 2026",
            "Last checked November 1, 2025"
        ]
    );
    let datetimes: Vec<&str> = sources
        .select(&sel(".source-checked time"))
        .filter_map(|t| t.value().attr("datetime"))
        .collect();
    assert_eq!(datetimes, ["2026-12-05", "2025-11-01"]);
    assert_eq!(
        texts(&sources, ".source-url a"),
        ["https://www.nrmp.org", "https://www.aamc.org"]
    );
    // The note's links are rewritten as the body's are.
    let note: Vec<&str> = sources
        .select(&sel("section.source p a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        note,
        [
            "https://www.nrmp.org",
            "../step-1/#why",
            "#aamc",
            "https://www.aamc.org"
        ]
    );
    // In the table of contents, after the page's own headings.
    assert_eq!(
        texts(&sources, ".toc li a"),
        ["National Resident Matching Program", "AAMC and ERAS"]
    );
    // Links and checklist items elsewhere reach a source by its id.
    let step = page(&dir, "step-1/index.html");
    let links: Vec<&str> = step
        .select(&sel(".content a"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("sources"))
        .collect();
    assert_eq!(links, ["../sources/#nrmp"]);
    // On the print page, the sources and their links stay within it.
    let print = page(&dir, "print/index.html");
    assert!(print.select(&sel("#sources--nrmp")).next().is_some());
    let note_link = print
        .select(&sel("#sources .source p a"))
        .filter_map(|a| a.value().attr("href"))
        .find(|h| h.contains("why"));
    assert_eq!(note_link, Some("#step-1--why"));
    // And a source is found by search.
    let output = dir.path().join("output");
    let docs = search_docs(&output);
    let sources = docs
        .iter()
        .find(|d| d[1] == "sources/")
        .expect("sources indexed");
    let headings: Vec<&str> = sources[3]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(|p| p[0].as_str())
        .collect();
    assert!(headings.contains(&"AAMC and ERAS"), "{headings:?}");
    let n = docs.iter().position(|d| d[1] == "sources/").unwrap();
    assert!(search_terms(&output)["aamc"].contains(&n));
}

#[test]
fn check_warns_of_sources_checked_longer_ago_than_sources_max_age() {
    // December 5, 2026.
    let today = [("SOURCE_DATE_EPOCH", "1796428800")];
    let dir = guide(SIGNED);
    // Default: 12 months. AAMC was checked 13 months before.
    let out = run_in_env(dir.path(), &["check"], &today);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: content/sources.md:14:5: source `aamc` (AAMC and ERAS) was last checked on 2025-11-01, more than a year ago"),
        "{stderr}"
    );
    assert!(!stderr.contains("nrmp"), "{stderr}");
    // Two years allows it; the build never minds.
    write(
        dir.path(),
        "site.yaml",
        &format!("title: Guide\n{SIGNED}sources_max_age: 2 years\n"),
    );
    let out = run_in_env(dir.path(), &["check"], &today);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", output_text(&out));
    assert!(build(dir.path()).status.success());
}
