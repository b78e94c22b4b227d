//! The reader's and the new author's first experience, read without a
//! browser: the home page's step-by-step overview and the header as the
//! HTML has them (what a reader without JavaScript gets), the search
//! index's checklist items, `stepwise init`, and `date:` in front matter.
//! Behaviour with JavaScript (progress counts, ranking, layout) is covered by
//! tests/browser/ (overview, search and layout).

use crate::common::*;
use insta::assert_snapshot;
use std::path::Path;

/// Builds the `reader` fixture with extra arguments; returns the temp folder.
fn built_reader(args: &[&str]) -> tempfile::TempDir {
    let dir = fixture("reader");
    let out = build_with(dir.path(), args);
    assert!(out.status.success(), "build failed: {}", output_text(&out));
    dir
}

#[test]
fn the_overview_lists_each_step_with_its_summary_links_and_checklist_size() {
    let dir = built_reader(&[]);
    let home = page(&dir, "index.html");
    assert_eq!(texts(&home, ".step-by-step > h2"), vec!["Step by step"]);
    assert_eq!(texts(&home, ".step-item .step-number"), vec!["1", "2", "3"]);
    assert_eq!(
        attrs(&home, ".step-item .step-number", "aria-hidden"),
        vec!["true"; 3]
    );
    assert_eq!(
        texts(&home, ".step-item .step-title a"),
        vec![
            "Step 1 — Tick the boxes",
            "Step 2 — Exams and scores",
            "Step 3 — Letters and networking"
        ]
    );
    assert_eq!(
        attrs(&home, ".step-item .step-title a", "href"),
        vec!["step-1-tick-the-boxes/", "step-2-exams/", "step-3-letters/"]
    );
    assert_eq!(
        texts(&home, ".step-item .step-summary")[1],
        "Set a target for the clinical knowledge exam and plan around it."
    );
    assert_eq!(
        attrs(&home, ".step-item .step-checklist a", "href"),
        vec![
            "step-1-tick-the-boxes/checklist/",
            "step-2-exams/checklist/",
            "step-3-letters/checklist/"
        ]
    );
    assert_eq!(
        texts(&home, ".step-item .step-checklist a")[0],
        "Checklist for Step 1 — Tick the boxes"
    );
    // Without JavaScript: how many actions each checklist has.
    assert_eq!(
        texts(&home, ".step-item .step-progress"),
        vec!["3 actions", "2 actions", "4 actions"]
    );
    // What progress.js reads: the guide's ticks, the same ids and total as the checklist page.
    let checklist = page(&dir, "step-1-tick-the-boxes/checklist/index.html");
    assert_eq!(
        attrs(&home, ".guide-progress", "data-site"),
        attrs(&checklist, "#main", "data-site")
    );
    assert_eq!(attrs(&home, ".guide-progress", "data-guide"), vec!["main"]);
    assert_eq!(
        attrs(&home, ".step-item", "data-ids")[0],
        attrs(&checklist, "#list input", "value").join(" ")
    );
    assert_eq!(
        attrs(&home, ".step-item", "data-total"),
        vec!["3", "2", "4"]
    );
    // The whole guide: a status line, and a bar shown once there are counts.
    assert_eq!(
        texts(&home, ".guide-progress-text"),
        vec!["3 steps, 9 actions to tick off"]
    );
    assert_eq!(attrs(&home, ".guide-progress-text", "role"), vec!["status"]);
    assert_eq!(attrs(&home, ".guide-progress-bar", "max"), vec!["9"]);
    assert_eq!(attrs(&home, ".guide-progress-bar", "hidden"), vec![""]);
    assert_eq!(
        attrs(&home, ".guide-progress-bar", "aria-label"),
        vec!["Your progress through the guide"]
    );
    let scripts: String = home
        .select(&sel("script:not([src])"))
        .flat_map(|s| s.text())
        .collect();
    assert!(scripts.contains(".step-item[data-ids]"));
    // The pages that are not steps are listed apart; the print version after.
    assert_eq!(texts(&home, ".more-pages > h2"), vec!["Also in this guide"]);
    assert_eq!(
        attrs(&home, ".more-pages .card-title a", "href"),
        vec!["faq/", "glossary/", "calendar/"]
    );
    assert!(attrs(&home, ".step-by-step a", "href")
        .iter()
        .all(|h| h.starts_with("step-")));
    assert_eq!(attrs(&home, ".print-link a", "href"), vec!["print/"]);
}

#[test]
fn every_guide_gets_its_overview_and_a_guide_without_steps_lists_its_pages() {
    let dir = fixture("checklist");
    assert!(build(dir.path()).status.success());
    let extra = html(&dir.path().join("output/extra/index.html"));
    assert_eq!(
        attrs(&extra, ".step-item .step-title a", "href"),
        vec!["deep/"]
    );
    assert_eq!(attrs(&extra, ".step-item", "data-ids"), vec!["extra-one"]);
    assert_eq!(
        attrs(&extra, ".guide-progress", "data-guide"),
        vec!["extra"]
    );
    assert_eq!(
        texts(&extra, ".guide-progress-text"),
        vec!["1 step, 1 action to tick off"]
    );

    let plain = site(&[
        (
            "content/_index.md",
            "---\ntitle: Notes\ndescription: Plain pages.\n---\nHi.\n",
        ),
        ("content/a.md", "---\ntitle: A\nweight: 1\n---\nA.\n"),
        ("content/b.md", "---\ntitle: B\nweight: 2\n---\nB.\n"),
    ]);
    assert!(build(plain.path()).status.success());
    let home = html(&plain.path().join("output/index.html"));
    assert_eq!(home.select(&sel(".step-by-step")).count(), 0);
    assert_eq!(texts(&home, ".more-pages > h2"), vec!["In this guide"]);
    assert_eq!(
        attrs(&home, ".more-pages .card-title a", "href"),
        vec!["a/", "b/"]
    );
    // Its header lists the pages themselves; there is no "More".
    assert_eq!(texts(&home, ".site-nav a"), vec!["A", "B"]);
    assert_eq!(home.select(&sel(".nav-more")).count(), 0);
}

#[test]
fn the_header_lists_steps_by_number_and_the_other_pages_under_more() {
    let dir = built_reader(&[]);
    let step = page(&dir, "step-2-exams/index.html");
    assert_eq!(
        texts(&step, ".site-nav .nav-steps a"),
        vec!["Step 1", "Step 2", "Step 3"]
    );
    assert_eq!(
        attrs(&step, ".nav-steps a[aria-current=page]", "href"),
        vec!["./"]
    );
    assert_eq!(texts(&step, ".nav-more summary"), vec!["More pages"]);
    assert_eq!(
        attrs(&step, ".nav-more a", "href"),
        vec!["../faq/", "../glossary/", "../calendar/"]
    );
    assert!(attrs(&step, ".nav-more summary", "class").is_empty());
    let glossary = page(&dir, "glossary/index.html");
    assert_eq!(
        attrs(&glossary, ".nav-more summary", "class"),
        vec!["current"]
    );
    assert_eq!(
        attrs(&glossary, ".nav-more a[aria-current=page]", "href"),
        vec!["./"]
    );
}

#[test]
fn the_phone_bar_names_the_page_and_lists_the_guide_by_title() {
    let dir = built_reader(&[]);
    let step = page(&dir, "step-2-exams/index.html");
    // A title that says its step already is not repeated as a label or prefix.
    assert_eq!(
        texts(&step, ".nav-bar .nav-menu-now"),
        vec!["Step 2 — Exams and scores"]
    );
    assert_eq!(
        attrs(&step, ".nav-menu-list a", "href"),
        vec![
            "../step-1-tick-the-boxes/",
            "./",
            "../step-3-letters/",
            "../faq/",
            "../glossary/",
            "../calendar/"
        ]
    );
    assert_eq!(
        attrs(&step, ".nav-menu-list a[aria-current=page]", "href"),
        vec!["./"]
    );
    assert_eq!(attrs(&step, ".nav-bar .to-top", "href"), vec!["#"]);
    let home = page(&dir, "index.html");
    assert_eq!(texts(&home, ".nav-bar .nav-menu-now"), vec!["Steps"]);
    let faq = page(&dir, "faq/index.html");
    assert_eq!(
        texts(&faq, ".nav-bar .nav-menu-now"),
        vec!["Frequently asked questions"]
    );
}

#[test]
fn a_step_label_shows_only_where_the_title_does_not_say_the_step() {
    let dir = fixture("reader");
    // The fixture's step 3 gets a title that does not name its step.
    replace_in(
        dir.path(),
        "content/step-3-letters.md",
        "title: \"Step 3 — Letters and networking\"",
        "title: \"Letters and networking\"",
    );
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let named = page(&dir, "step-2-exams/index.html");
    assert!(texts(&named, ".eyebrow").is_empty());
    let unnamed = page(&dir, "step-3-letters/index.html");
    assert_eq!(texts(&unnamed, ".eyebrow"), vec!["Step 3"]);
    assert_eq!(
        texts(&unnamed, ".nav-menu-list a[aria-current=page]"),
        vec!["Step 3: Letters and networking"]
    );
}

#[test]
fn the_contents_are_folded_without_javascript_and_print_needs_it() {
    let dir = built_reader(&[]);
    let step = page(&dir, "step-2-exams/index.html");
    // A <details> without `open`: a phone reaches the text first; a script
    // opens it where it is a column beside the text.
    assert_eq!(texts(&step, ".toc details > summary"), vec!["On this page"]);
    assert!(attrs(&step, ".toc details", "open").is_empty());
    assert_eq!(
        attrs(&step, ".toc details a", "href"),
        vec!["#ck-target", "#transcripts"]
    );
    // The print button does nothing without JavaScript, so it starts hidden.
    let print = page(&dir, "print/index.html");
    assert_eq!(attrs(&print, ".print-controls[hidden]", "class").len(), 1);
}

#[test]
fn number_ranges_stay_on_one_line_in_text_tables_checklists_and_descriptions() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nHi.\n"),
        (
            "content/scores.md",
            "---\ntitle: Scores\ndescription: Aim for 245–255+.\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: target\n        text: \"Set a target of 245–255+\"\n---\nAim for 245--255+ in 2025-26, `1–2` in code.\n\n| Range | Score |\n|---|---|\n| Top | **25 – 40** |\n\n![1–2 charts](/c.png)\n",
        ),
        ("static/c.png", "png"),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let scores = page(&dir, "scores/index.html");
    // Smart punctuation makes `--` an en dash; a hyphen between digits never
    // breaks, and code and alt text are left as written.
    assert_eq!(
        texts(&scores, ".content .nobr"),
        vec!["245–255+", "25 – 40"]
    );
    assert_eq!(texts(&scores, ".content code"), vec!["1–2"]);
    assert_eq!(attrs(&scores, ".content img", "alt"), vec!["1–2 charts"]);
    assert_eq!(texts(&scores, ".lede .nobr"), vec!["245–255+"]);
    let checklist = page(&dir, "scores/checklist/index.html");
    assert_eq!(texts(&checklist, "label .nobr"), vec!["245–255+"]);
    assert!(
        std::fs::read_to_string(dir.path().join("output/scores/checklist/index.html"))
            .unwrap()
            .contains(".nobr")
    );
    let print = page(&dir, "print/index.html");
    assert_eq!(
        texts(&print, ".print-checklist-items .nobr"),
        vec!["245–255+"]
    );
}

#[test]
fn the_search_index_holds_descriptions_and_every_checklist_item() {
    let dir = built_reader(&[]);
    let output = dir.path().join("output");
    let docs = search_docs(&output);
    let step1 = docs
        .iter()
        .find(|d| d[1] == "step-1-tick-the-boxes/")
        .expect("step 1 indexed");
    assert_eq!(step1[0], "Step 1 — Tick the boxes");
    assert_eq!(
        step1[2],
        "Buy what you need and keep sticky notes on the fridge."
    );
    // A page is no checklist: its fragment ends at its parts.
    assert_eq!(step1.as_array().map(Vec::len), Some(4));

    // Its checklist is a document of its own, each item a part under its
    // group's name, leading to the item on the checklist page.
    let (n, checklist) = docs
        .iter()
        .enumerate()
        .find(|(_, d)| d[1] == "step-1-tick-the-boxes/checklist/")
        .expect("step 1's checklist indexed");
    assert_eq!(
        checklist,
        &serde_json::json!([
            "Checklist: Step 1 — Tick the boxes",
            "step-1-tick-the-boxes/checklist/",
            "",
            [
                [
                    "Shopping",
                    "item-s1-buy-ticket",
                    "Buy a ticket for the exam hall"
                ],
                [
                    "Shopping",
                    "item-s1-notes",
                    "Keep sticky notes where you will see them"
                ],
                [
                    "Habits",
                    "item-s1-review",
                    "Review your notes every evening"
                ]
            ],
            1
        ])
    );
    let terms = search_terms(&output);
    assert!(terms["ticket"].contains(&n), "{:?}", terms["ticket"]);
    assert!(terms["checklist"].contains(&n));

    let items: Vec<(&str, &str)> = docs
        .iter()
        .filter(|d| d.get(4).is_some())
        .flat_map(|d| {
            let url = d[1].as_str().expect("url");
            d[3].as_array()
                .expect("parts")
                .iter()
                .map(move |p| (url, p[1].as_str().expect("id")))
        })
        .collect();
    assert_eq!(items.len(), 9, "every item of every checklist");
    for (url, id) in items {
        let checklist = html(&output.join(url).join("index.html"));
        assert_eq!(
            attrs(&checklist, &format!("[id='{id}']"), "type"),
            vec!["checkbox"]
        );
    }
}

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

/// The files `init` writes, relative to the new site's root.
const SCAFFOLD: &[&str] = &[
    "site.yaml",
    "content/_index.md",
    "content/step-1-get-started.md",
    "content/step-2-take-action.md",
    "content/faq.md",
    ".gitignore",
    ".github/workflows/pages.yml",
];

#[test]
fn init_writes_a_site_that_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run_in(tmp.path(), &["init", "my-new-guide"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut expected = String::from("Created a new site in my-new-guide:\n");
    for f in SCAFFOLD {
        expected.push_str(&format!("  {f}\n"));
    }
    expected.push_str(
        "Next: cd my-new-guide && stepwise serve   (or `stepwise build` to write output/)\n\
         To publish: push to GitHub and set Settings > Pages > Source to GitHub Actions.\n",
    );
    assert_eq!(stdout, expected);
    assert!(out.stderr.is_empty());

    let root = tmp.path().join("my-new-guide");
    let files = snapshot(&root);
    let names: Vec<String> = files
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut want: Vec<String> = SCAFFOLD.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
    // Each file opens with a comment saying what it is for.
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let first = text.lines().find(|l| *l != "---").unwrap_or_default();
        assert!(first.starts_with("# "), "{}: {first}", path.display());
    }
    let config = String::from_utf8_lossy(&files[Path::new("site.yaml")]).into_owned();
    assert!(config.contains("\ntitle: \"My new guide\"\n"), "{config}");
    assert!(config.contains("\nsite_id: my-new-guide\n"), "{config}");

    let check = run_in(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", output_text(&check));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "No problems found.\n"
    );
    let build = run_in(&root, &["build", "--quiet"]);
    assert_eq!(build.status.code(), Some(0), "{}", output_text(&build));
    let home = html(&root.join("output/index.html"));
    assert_eq!(texts(&home, "h1"), vec!["My new guide"]);
    assert_eq!(
        attrs(&home, ".step-item .step-checklist a", "href"),
        vec![
            "step-1-get-started/checklist/",
            "step-2-take-action/checklist/"
        ]
    );
    assert_eq!(
        attrs(&home, ".more-pages .card-title a", "href"),
        vec!["faq/"]
    );
    let faq = std::fs::read_to_string(root.join("output/faq/index.html")).expect("faq");
    assert!(faq.contains("\"FAQPage\""), "the FAQ is marked up as one");
}

#[test]
fn init_writes_a_pages_workflow_that_installs_this_version() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run_in(tmp.path(), &["init", "site"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let workflow = std::fs::read_to_string(tmp.path().join("site/.github/workflows/pages.yml"))
        .expect("the workflow");
    // The wheel from PyPI, pinned to the stepwise that wrote the site.
    let install = format!(
        "run: pip install stepwise-ssg=={}\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(workflow.contains(&install), "{workflow}");
    assert!(!workflow.contains("cargo"), "{workflow}");
    assert!(
        workflow.contains("run: stepwise build --base-url \"${BASE_URL%/}/\"\n"),
        "{workflow}"
    );
    assert!(
        workflow.contains("            output\n            .output.stepwise\n"),
        "output/ and its sidecar are cached: {workflow}"
    );
}

#[test]
fn init_no_ci_leaves_the_workflow_out() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run_in(tmp.path(), &["init", "--no-ci", "site"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("pages.yml") && !stdout.contains("To publish"),
        "{stdout}"
    );
    assert!(!tmp.path().join("site/.github").exists());
    assert!(tmp.path().join("site/site.yaml").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_changes_nothing() {
    let dir = site(&[("notes.txt", "mine\n"), ("drafts/a.md", "draft\n")]);
    let before = snapshot(dir.path());
    let out = run_in(dir.path(), &["init", "{root}"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = normalise(&String::from_utf8_lossy(&out.stderr), dir.path());
    assert_snapshot!(whole(stderr), @"
    error: {root}: this folder is not empty (it holds drafts/, notes.txt)
      = hint: give the name of a new folder, or empty this one: init never writes over your files
    init failed: nothing was written
    ");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn init_takes_a_folder_with_only_hidden_files_and_keeps_them() {
    let dir = site(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".gitignore", "/target\n"),
        (".github/workflows/pages.yml", "# mine\n"),
    ]);
    let out = run_in(dir.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\n  .gitignore (kept yours)\n"), "{stdout}");
    assert!(
        stdout.contains("\n  .github/workflows/pages.yml (kept yours)\n"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".github/workflows/pages.yml")).unwrap(),
        "# mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "/target\n"
    );
    assert!(dir.path().join("content/step-2-take-action.md").is_file());
    assert_eq!(run_in(dir.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn init_creates_missing_parent_folders() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run_in(tmp.path(), &["init", "a/b/site"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    assert!(tmp.path().join("a/b/site/content/_index.md").is_file());
}

#[test]
fn init_without_a_folder_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run_in(tmp.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<DIR>"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}
