//! Limits that keep a build's time and memory in proportion to the site
//! (issue 27, item 16): a content file holds at most 1 MiB, a guide at most
//! 1,000 pages. (That many headings on one page now take linear time is
//! shown by a unit test of the link index's hasher and by the figures in
//! the note: tests are never timed.)

use crate::common::{output_text, run_in, site, write};

const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: Limits\n"),
    (
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
    ),
];

#[test]
fn a_content_file_over_one_mebibyte_is_refused_by_check_and_build() {
    let dir = site(BASE);
    // Delimiters only: today this renders with about 180 times its size
    // in memory.
    let mut text = String::from("---\ntitle: Big\ndescription: Big.\n---\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("*a **b ");
    }
    write(dir.path(), "content/big.md", &text);
    for cmd in ["check", "build"] {
        let out = run_in(dir.path(), &[cmd, "--root", "{root}"]);
        let text = output_text(&out);
        // Today both succeed.
        assert_eq!(out.status.code(), Some(1), "{cmd}: {text}");
        assert!(
            text.starts_with(
                "error: content/big.md: this file is 1.1 MB, more than the 1 MB a content file may hold\n"
            ),
            "{cmd}: {text}"
        );
    }
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_guide_of_more_than_1000_pages_is_refused_at_its_first_page_past_the_limit() {
    let dir = site(BASE);
    for n in 1..=1001 {
        write(
            dir.path(),
            &format!("content/g/step-{n:04}.md"),
            &format!("---\ntitle: Step {n}\ndescription: Step {n}.\nstep: {n}\nweight: {n}\n---\nDo {n}.\n"),
        );
    }
    // A base template without the guide's navigation, so that the pages
    // the check still renders (to find more problems) cost little.
    write(dir.path(), "site.yaml", "title: Limits\ntheme: lean\n");
    write(
        dir.path(),
        "themes/lean/templates/base.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ page.title }}{% endblock %}</title>{% block head %}{% endblock %}</head><body>{% block main %}{% endblock %}{% block scripts %}{% endblock %}</body></html>\n",
    );
    write(
        dir.path(),
        "content/g/_index.md",
        "---\ntitle: G\ndescription: A long guide.\n---\nSteps.\n",
    );
    let out = run_in(dir.path(), &["check", "--root", "{root}"]);
    let text = output_text(&out);
    // Today check finds no problem.
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with("error: content/g/step-1001.md: the guide `g/` has 1,001 pages, more than the 1,000 a guide may have; this is its page 1,001\n"),
        "{text}"
    );
}
