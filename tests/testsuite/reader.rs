//! The reader's and the new author's first experience, read without a
//! browser: the home page's step-by-step overview and the header as the
//! HTML has them (what a reader without JavaScript gets), the search
//! index's checklist items, `stepwise init`, and `date:` in front matter.
//! Behaviour with JavaScript (progress counts, ranking, layout) is covered by
//! tests/browser/ (overview, search and layout).

use crate::common::*;

#[test]
fn date_is_the_page_date_exactly_like_updated() {
    let files = |key: &str| {
        let page = format!(
            "---\ntitle: First\ndescription: The first page.\n{key}: 2026-03-04\n---\nText.\n"
        );
        site(&[
            ("site.yaml", "title: Dates\n"),
            (
                "content/_index.md",
                "---\ntitle: Home\ndescription: The home page.\n---\nHi.\n",
            ),
            ("content/first.md", &page),
        ])
    };
    let with_date = files("date");
    let with_updated = files("updated");
    for dir in [&with_date, &with_updated] {
        let out = build_with(dir.path(), &["--base-url", "https://example.org/"]);
        assert!(out.status.success(), "{}", output_text(&out));
    }
    let first = html(&with_date.path().join("output/first/index.html"));
    assert_eq!(texts(&first, ".meta"), vec!["Updated 4 March 2026"]);
    assert_eq!(attrs(&first, ".meta time", "datetime"), vec!["2026-03-04"]);
    let sitemap = std::fs::read_to_string(with_date.path().join("output/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/first/</loc><lastmod>2026-03-04</lastmod>"));
    // Every file of the site is the same whichever name the date has.
    assert_eq!(
        snapshot(&with_date.path().join("output")),
        snapshot(&with_updated.path().join("output"))
    );
}

#[test]
fn a_page_with_both_date_and_updated_is_refused() {
    let dir = site(&[(
        "content/_index.md",
        "---\ntitle: Home\nupdated: 2026-01-01\ndate: 2026-01-01\n---\n",
    )]);
    for args in [
        &["build", "--root", "{root}"][..],
        &["check", "--root", "{root}"],
    ] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(
            text.starts_with("error: content/_index.md:4:1: `date` repeats the page's date"),
            "{text}"
        );
    }
    assert!(!dir.path().join("output").exists());
}
