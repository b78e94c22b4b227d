//! What `check` and `build` say about names too long for a file system, a
//! static file in a page's place, a link to a draft, and what `import` does
//! with control characters and headings too long to name a file (issue 27,
//! items 17, 18, 19 and 20).

use crate::common::{output_text, run_in, site, write};

const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: Check\n"),
    (
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
    ),
];

/// Runs `cmd` (`build`, `check`) on the site in `dir`: exit code and output.
fn run(dir: &tempfile::TempDir, cmd: &str) -> (Option<i32>, String) {
    let out = run_in(dir.path(), &[cmd, "--root", "{root}"]);
    (out.status.code(), output_text(&out))
}

#[test]
fn a_slug_too_long_for_a_file_system_is_refused_at_its_line_by_check_and_build() {
    let dir = site(BASE);
    let slug = "a".repeat(300);
    write(
        dir.path(),
        "content/a.md",
        &format!("---\ntitle: A\ndescription: A page.\nslug: {slug}\n---\nBody.\n"),
    );
    for cmd in ["check", "build"] {
        let (code, text) = run(&dir, cmd);
        // Today check says "No problems found." and build fails with an
        // OS error naming a path inside the sidecar.
        assert_eq!(code, Some(1), "{cmd}: {text}");
        assert!(
            text.starts_with("error: content/a.md:4:7: this slug is 300 bytes long, more than a file system holds in one name (255 bytes)\n"),
            "{cmd}: {}",
            &text[..text.len().min(300)]
        );
        assert!(!text.contains(".stepwise"), "{cmd}: {text}");
    }
}

#[test]
fn check_finds_a_static_file_in_a_pages_place_as_build_does() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/faq.md",
        "---\ntitle: FAQ\ndescription: Questions.\n---\n## Why?\n\nBecause.\n",
    );
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: A\ndescription: A page.\n---\nSee [the FAQ](faq.md#why).\n",
    );
    write(dir.path(), "static/faq/index.html", "<p>static</p>\n");
    let expected = "error: static/faq/index.html: this file would be written to faq/index.html, where the page of content/faq.md goes\n";
    for cmd in ["check", "build"] {
        let (code, text) = run(&dir, cmd);
        assert_eq!(code, Some(1), "{cmd}: {text}");
        // Today check reports an unrelated broken anchor instead.
        assert!(text.starts_with(expected), "{cmd}: {text}");
        assert!(!text.contains("broken anchor"), "{cmd}: {text}");
    }
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/d.md",
        "---\ntitle: Draft\ndescription: Not yet.\ndraft: true\n---\nSoon.\n",
    );
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: A\ndescription: A page.\n---\nSee [the draft](d.md).\n",
    );
    for cmd in ["check", "build"] {
        let (code, text) = run(&dir, cmd);
        assert_eq!(code, Some(1), "{cmd}");
        assert!(
            text.starts_with("error: content/a.md:5:5: broken link: content/d.md is a draft (`draft: true`), left out of this build\n"),
            "{cmd}: {text}"
        );
    }
    let out = run_in(dir.path(), &["build", "--drafts", "--root", "{root}"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
}

#[test]
fn import_removes_control_characters_and_says_how_many() {
    let dir = site(BASE);
    write(
        dir.path(),
        "guide.txt",
        "My guide\n\nStep 1: Plan\n\nDo this \u{1b}[31mnow\u{1b}[0m.\n\u{c}\nStep 2: Apply\n\nDo that\u{7}.\n",
    );
    let out = run_in(dir.path(), &["import", "guide.txt", "--into", "content/g"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("\n  - 4 control characters were removed from the text (a build refuses them): form feeds became line breaks, terminal escape sequences were dropped whole\n"),
        "{summary}"
    );
    let step = std::fs::read_to_string(dir.path().join("content/g/step-1-plan.md")).expect("step");
    assert!(step.contains("Do this now."), "{step}");
    // Today the next build refuses what import wrote.
    let (code, text) = run(&dir, "build");
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn import_refuses_a_heading_too_long_to_name_a_file_at_its_line() {
    let dir = site(BASE);
    let long = "Plan ".repeat(60);
    write(
        dir.path(),
        "guide.md",
        &format!("# My guide\n\n## Step 1: {long}\n\nDo this.\n\n## Step 2: Apply\n\nDo that.\n"),
    );
    let out = run_in(dir.path(), &["import", "guide.md", "--into", "content"]);
    assert_eq!(out.status.code(), Some(1));
    let text = output_text(&out);
    assert!(
        text.starts_with("error: guide.md:3:1: this heading would name a file of 309 bytes, more than a file system holds in one name (255 bytes)\n"),
        "{}",
        &text[..text.len().min(300)]
    );
    assert!(!dir.path().join("content/step-2-apply.md").exists());
}
