//! The checklist page as `stepwise build` writes it, read without a browser:
//! its structure without JavaScript, that it needs no other file or host,
//! the script budget, and the links to it from the step page and the home
//! page's overview.
//! Behaviour with JavaScript is covered by tests/browser/.

use crate::common::*;
use scraper::Html;
use std::path::Path;

/// The checklist page's script may not exceed this, unminified: the ticks
/// of the whole guide (storage, moving ticks saved by earlier versions,
/// merging), moving them to another device (file, link) and the page's
/// own ticking, about 6 KB gzipped.
const SCRIPT_BUDGET: usize = 24 * 1024;

/// Builds the `checklist` fixture (after `edit`) with extra build arguments.
fn built_with(edit: impl FnOnce(&Path), args: &[&str]) -> tempfile::TempDir {
    let dir = fixture("checklist");
    edit(dir.path());
    let root = dir.path().to_str().expect("utf-8 path");
    let mut all = vec!["build", "--quiet", "--root", root];
    all.extend_from_slice(args);
    let out = stepwise(&all);
    assert!(out.status.success(), "build failed: {}", output_text(&out));
    dir
}

fn built() -> tempfile::TempDir {
    built_with(|_| {}, &[])
}

fn text_of(doc: &Html, selector: &str) -> String {
    let found = texts(doc, selector);
    assert_eq!(found.len(), 1, "exactly one {selector}: {found:?}");
    found.into_iter().next().unwrap_or_default()
}

/// The checklist pages of the fixture and the step page each links back to.
const PAGES: &[(&str, &str)] = &[
    ("first/checklist/index.html", "../"),
    ("second/checklist/index.html", "../"),
    ("extra/deep/checklist/index.html", "../"),
];

#[test]
fn one_checklist_page_per_step_with_a_checklist() {
    let dir = built();
    let out = dir.path().join("output");
    for (rel, _) in PAGES {
        assert!(out.join(rel).is_file(), "missing {rel}");
    }
    assert!(
        !out.join("notes/checklist").exists(),
        "no checklist without one in front matter"
    );
    assert!(
        !out.join("checklist").exists(),
        "no checklist for the home page"
    );
}

#[test]
fn groups_are_fieldsets_with_legends_and_items_are_labelled_checkboxes() {
    let dir = built();
    let doc = page(&dir, "first/checklist/index.html");
    type Item = (&'static str, &'static str, Option<&'static str>);
    let expected: &[(&str, &[Item])] = &[
        (
            "Before you start",
            &[
                ("read-overview", "Read the overview", Some("../#overview")),
                (
                    "ask-mentor",
                    "Ask a mentor \"why\" & <check> the answer",
                    Some("../../second/#mentors"),
                ),
            ],
        ),
        (
            "Paperwork",
            &[
                ("gather-documents", "Gather your documents", None),
                ("book-exam", "Book the exam date", Some("../#exam")),
                ("pay-fees", "Pay the fees", None),
            ],
        ),
    ];
    let fieldsets: Vec<_> = doc.select(&sel("form#list > fieldset")).collect();
    assert_eq!(fieldsets.len(), expected.len(), "one fieldset per group");
    for (fieldset, (group, items)) in fieldsets.iter().zip(expected) {
        let legend: Vec<String> = fieldset
            .select(&sel(":scope > legend"))
            .map(|l| l.text().collect::<String>().trim().to_string())
            .collect();
        assert_eq!(
            legend,
            vec![group.to_string()],
            "the legend names the group"
        );
        let lis: Vec<_> = fieldset.select(&sel("li.item")).collect();
        assert_eq!(lis.len(), items.len(), "{group}: one list item per action");
        for (li, (id, text, see)) in lis.iter().zip(items.iter()) {
            let boxes: Vec<_> = li.select(&sel("input")).collect();
            assert_eq!(boxes.len(), 1, "{id}: one input");
            let input = boxes[0].value();
            assert_eq!(
                input.attr("type"),
                Some("checkbox"),
                "{id}: a native checkbox"
            );
            assert_eq!(input.attr("id"), Some(format!("item-{id}").as_str()));
            assert_eq!(input.attr("value"), Some(*id));
            let labels: Vec<String> = doc
                .select(&sel(&format!("label[for=\"item-{id}\"]")))
                .map(|l| l.text().collect())
                .collect();
            assert_eq!(
                labels,
                vec![text.to_string()],
                "{id}: label for its checkbox, text escaped"
            );
            let links: Vec<&str> = li
                .select(&sel("a.see"))
                .filter_map(|a| a.value().attr("href"))
                .collect();
            assert_eq!(
                links,
                see.iter().copied().collect::<Vec<_>>(),
                "{id}: see link"
            );
        }
    }
    assert_eq!(
        doc.select(&sel("check")).count(),
        0,
        "item text is not parsed as HTML"
    );
    let ids = attrs(&doc, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "ids are unique: {ids:?}");
    assert_eq!(attrs(&doc, "html", "lang"), vec!["en"]);
}

#[test]
fn see_links_reach_explanations_from_any_depth() {
    let dir = built();
    let doc = page(&dir, "extra/deep/checklist/index.html");
    assert_eq!(attrs(&doc, "a.see", "href"), vec!["../../../first/#exam"]);
    assert_eq!(attrs(&doc, ".back a", "href"), vec!["../", "../"]);
    let doc = page(&dir, "second/checklist/index.html");
    assert_eq!(attrs(&doc, "a.see", "href"), vec!["../#mentors"]);
}

/// Asserts that `doc` asks for nothing but itself, and links only into the
/// site: its step page, the `see` targets, the site's pages in its header,
/// the next checklist, its calendar file and (if given) its own canonical
/// URL; its one form is the search box, a GET form to a page of the site.
fn assert_self_contained(rel: &str, doc: &Html, back: &str, canonical: Option<&str>) {
    for s in [
        "[src]",
        "[srcset]",
        "[poster]",
        "[formaction]",
        "[background]",
        "iframe, object, embed, base, img, video, audio, source, track, svg image, use",
    ] {
        assert_eq!(doc.select(&sel(s)).count(), 0, "{rel}: nothing like `{s}`");
    }
    let forms: Vec<_> = doc.select(&sel("[action]")).collect();
    assert_eq!(forms.len(), 1, "{rel}: one form that goes anywhere");
    assert_eq!(forms[0].value().attr("class"), Some("site-search"));
    assert_eq!(forms[0].value().attr("method"), Some("get"));
    for link in doc.select(&sel("link")) {
        let (rel_attr, href) = (link.value().attr("rel"), link.value().attr("href"));
        match rel_attr {
            Some("icon") => assert_eq!(href, Some("data:,"), "{rel}: the icon is inline"),
            Some("canonical") => assert_eq!(href, canonical, "{rel}: canonical is the page itself"),
            other => panic!("{rel}: unexpected <link rel={other:?} href={href:?}>"),
        }
    }
    let sees: Vec<String> = attrs(doc, "a.see", "href");
    assert!(
        attrs(doc, ".back a", "href").iter().all(|h| h == back),
        "{rel}: back to {back}"
    );
    for href in attrs(doc, "a[href], form[action]", "href")
        .into_iter()
        .chain(attrs(doc, "form[action]", "action"))
    {
        assert!(
            !href.contains("//") && !href.contains(':'),
            "{rel}: {href} leaves the site"
        );
        assert!(
            href == "#main"
                || href.ends_with('/')
                || href.ends_with(".ics")
                || sees.contains(&href),
            "{rel}: {href} is no page of the site"
        );
    }
    for see in &sees {
        assert!(
            see.starts_with("../") && see.contains('#'),
            "{rel}: see link {see}"
        );
    }
    let css: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
    for bad in ["url(", "@import", "@font-face"] {
        assert!(!css.contains(bad), "{rel}: CSS uses {bad}");
    }
    for s in doc.select(&sel("script")) {
        assert_eq!(s.value().attr("src"), None, "{rel}: inline script only");
        assert_eq!(s.value().attr("type"), None, "{rel}: a classic script");
    }
    let js: String = doc.select(&sel("script")).flat_map(|s| s.text()).collect();
    for bad in [
        "://",
        "fetch(",
        "XMLHttpRequest",
        "WebAssembly",
        "import(",
        "importScripts",
        "sendBeacon",
        "WebSocket",
        "EventSource",
        "Worker(",
        ".src",
    ] {
        assert!(!js.contains(bad), "{rel}: the script uses {bad}");
    }
    assert!(
        js.len() <= SCRIPT_BUDGET,
        "{rel}: the script is {} bytes, over the {SCRIPT_BUDGET} byte budget",
        js.len()
    );
    assert!(
        js.contains("localStorage"),
        "{rel}: the checklist script is there"
    );
}

#[test]
fn the_page_needs_no_other_file_or_host() {
    let dir = built();
    for (rel, back) in PAGES {
        assert_self_contained(rel, &page(&dir, rel), back, None);
    }
}

#[test]
fn with_base_url_the_page_names_its_canonical_address() {
    let dir = built_with(|_| {}, &["--base-url", "https://example.org/cl"]);
    for (rel, back) in PAGES {
        let doc = page(&dir, rel);
        let url = format!(
            "https://example.org/cl/{}",
            rel.trim_end_matches("index.html")
        );
        assert_self_contained(rel, &doc, back, Some(&url));
        assert_eq!(text_of(&doc, "#address"), url, "{rel}: printed address");
    }
    // Without base_url the address is left for the script to fill in.
    let dir = built();
    assert_eq!(text_of(&page(&dir, PAGES[0].0), "#address"), "");
}

#[test]
fn without_javascript_the_page_says_ticks_are_not_saved() {
    let dir = built();
    let doc = page(&dir, "first/checklist/index.html");
    let note = text_of(&doc, "#nojs");
    assert!(note.contains("not saved"), "{note}");
    // Everything that needs the script waits, hidden, for it.
    assert_eq!(attrs(&doc, "#tools", "hidden"), vec![""]);
    assert_eq!(attrs(&doc, "#plan", "hidden"), vec![""]);
    for (within, id) in [
        ("tools", "bar"),
        ("tools", "count"),
        ("tools", "print"),
        ("tools", "reset"),
        ("tools", "msg"),
        ("plan", "plan-share"),
        ("plan", "plan-export"),
        ("plan", "plan-import"),
        ("plan", "plan-file"),
        ("plan", "plan-msg"),
    ] {
        let inside = doc.select(&sel(&format!("#{within} #{id}"))).count();
        assert_eq!(inside, 1, "#{id} is among the JS-only tools");
    }
    let types = attrs(&doc, "#tools button, #plan button", "type");
    assert!(
        types.len() >= 5 && types.iter().all(|t| t == "button"),
        "{types:?}"
    );
    // The form has nothing to submit anywhere.
    assert_eq!(
        doc.select(&sel("form#list [type=submit], form#list button"))
            .count(),
        0
    );
}

#[test]
fn progress_is_labelled_and_the_page_names_its_guide() {
    let dir = built();
    let doc = page(&dir, "first/checklist/index.html");
    assert_eq!(attrs(&doc, "#main", "data-site"), vec!["cl-fixture"]);
    assert_eq!(attrs(&doc, "#main", "data-guide"), vec!["main"]);
    assert_eq!(attrs(&doc, "#main", "data-step"), vec!["1"]);
    assert_eq!(attrs(&doc, "progress#bar", "max"), vec!["5"]);
    assert_eq!(texts(&doc, "label[for=bar]"), vec!["Progress"]);
    assert_eq!(attrs(&doc, "#count", "role"), vec!["status"]);
    assert_eq!(text_of(&doc, "#count"), "0 of 5 done");
    assert_eq!(attrs(&doc, "#msg", "role"), vec!["status"]);
    assert_eq!(text_of(&doc, "h1"), "Checklist: Step 1 — Get ready");
    // The whole guide's items, for moving its ticks to another device.
    assert_eq!(
        attrs(&doc, "#plan", "data-ids"),
        vec!["read-overview ask-mentor gather-documents book-exam pay-fees thank-mentor"]
    );
    let doc = page(&dir, "extra/deep/checklist/index.html");
    assert_eq!(attrs(&doc, "#main", "data-guide"), vec!["extra"]);
    assert_eq!(attrs(&doc, "#plan", "data-ids"), vec!["extra-one"]);
}

#[test]
fn the_step_page_and_the_overview_link_to_the_checklist() {
    let dir = built();
    let step = page(&dir, "first/index.html");
    assert_eq!(
        attrs(&step, ".checklist-cta a", "href"),
        vec!["checklist/", "#page-checklist"]
    );
    assert_eq!(
        attrs(&step, ".progress-note", "data-site"),
        vec!["cl-fixture"]
    );
    assert_eq!(attrs(&step, ".progress-note", "data-total"), vec!["5"]);
    assert_eq!(
        attrs(&step, ".progress-note", "data-ids"),
        vec!["read-overview ask-mentor gather-documents book-exam pay-fees"]
    );
    let progress_js: String = step.select(&sel("script")).flat_map(|s| s.text()).collect();
    assert!(
        progress_js.contains(".progress-note[data-ids]"),
        "the step page fills in its progress"
    );
    // The page ends with its checklist: every item, its box holding its label.
    assert_eq!(
        attrs(&step, "#page-checklist input[name=done]", "value"),
        vec![
            "read-overview",
            "ask-mentor",
            "gather-documents",
            "book-exam",
            "pay-fees"
        ]
    );
    assert_eq!(
        texts(&step, "#page-checklist label"),
        vec![
            "Read the overview",
            "Ask a mentor \"why\" & <check> the answer",
            "Gather your documents",
            "Book the exam date",
            "Pay the fees"
        ]
    );
    assert_eq!(
        step.select(&sel("#page-checklist input[id]")).count(),
        0,
        "no id per item on the page, where the content's ids live"
    );

    let home = page(&dir, "index.html");
    assert_eq!(
        attrs(&home, ".step-checklist a", "href"),
        vec!["first/checklist/", "second/checklist/"]
    );
    assert_eq!(
        attrs(&home, ".step-item", "data-ids"),
        vec![
            "read-overview ask-mentor gather-documents book-exam pay-fees",
            "thank-mentor"
        ]
    );
    let extra = page(&dir, "extra/index.html");
    assert_eq!(
        attrs(&extra, ".step-checklist a", "href"),
        vec!["deep/checklist/"]
    );

    let notes = page(&dir, "notes/index.html");
    assert!(
        !attrs(&notes, "a[href]", "href")
            .iter()
            .any(|h| h.starts_with("checklist")),
        "a page without a checklist links to none"
    );
    assert_eq!(notes.select(&sel(".progress-note")).count(), 0);
}

#[test]
fn portable_sites_link_index_html_from_the_checklist() {
    let dir = built_with(
        |root| {
            let cfg = root.join("site.yaml");
            let text = std::fs::read_to_string(&cfg).expect("site.yaml");
            std::fs::write(&cfg, format!("{text}portable: true\n")).expect("write site.yaml");
        },
        &[],
    );
    let doc = page(&dir, "first/checklist/index.html");
    assert_eq!(
        attrs(&doc, ".back a", "href"),
        vec!["../index.html", "../index.html"]
    );
    assert_eq!(
        attrs(&doc, "a.see", "href"),
        vec![
            "../index.html#overview",
            "../../second/index.html#mentors",
            "../index.html#exam"
        ]
    );
    let home = page(&dir, "index.html");
    assert_eq!(
        attrs(&home, ".step-checklist a", "href"),
        vec!["first/checklist/index.html", "second/checklist/index.html"]
    );
}

#[test]
fn the_bundled_theme_keeps_the_script_within_budget() {
    // The same budget, checked on the template sources (what every site embeds).
    let partials = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials");
    let js: String = ["file-links.js", "ticks.js", "checklist.js", "plan.js"]
        .iter()
        .map(|f| std::fs::read_to_string(partials.join(f)).expect("partial"))
        .collect();
    assert!(
        js.len() <= SCRIPT_BUDGET,
        "the checklist page's scripts are {} bytes",
        js.len()
    );
    assert!(!js.contains("WebAssembly"));
}
