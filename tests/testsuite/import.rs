//! `stepwise import`, end to end through the binary: the sample guide and
//! hand-made edge cases from `tests/fixtures/import/` are imported into a
//! temporary site, built with `stepwise build`, and the result is read back
//! (front matter with the library's own parser, HTML with `scraper`).

use crate::common::{snapshot, stepwise};
use scraper::{ElementRef, Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

// The only place these tests reach into the library rather than the binary:
// front matter is read back with the build's own parser and the build's own
// id rule. Should their paths move, re-point them here and nowhere else.
use stepwise::load::FrontMatter;

/// A content file's front matter (parsed as the build parses it) and body.
fn read_page(path: &Path) -> (FrontMatter, String) {
    use stepwise::load::yaml::parse;
    use stepwise::load::{split, KEYS};
    let text = std::fs::read_to_string(path).expect("read page");
    let s = split(&text).expect("front matter");
    let meta: FrontMatter = parse(s.front, path, &text, s.front_line, KEYS)
        .unwrap_or_else(|d| panic!("{}", stepwise::error::render_all(&d)));
    (meta, text[s.body_start..].to_string())
}

/// Whether the build accepts `id` as a checklist id.
fn is_valid_id(id: &str) -> bool {
    stepwise::load::is_valid_id(id)
}

const SAMPLE: &str = "raw-guide-derm.txt";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn import(input: &Path, into: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", path_str(input), "--into", path_str(into)];
    args.extend_from_slice(extra);
    stepwise(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary site with the fixture `name` imported into `content/`.
fn imported(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let out = import(&fixture(name), &content, &[]);
    assert!(out.status.success(), "import failed:\n{}", stderr(&out));
    (dir, content)
}

/// Builds the site at `root`; asserts it succeeds without a word on stderr.
fn build(root: &Path) {
    let out = stepwise(&["build", "--root", path_str(root)]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    assert_eq!(stderr(&out), "", "the build printed warnings");
    let out = stepwise(&["check", "--root", path_str(root)]);
    assert!(out.status.success(), "check failed:\n{}", stderr(&out));
}

fn md_files(content: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(content)
        .expect("list content")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn html(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).expect("read html"))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// The built page of the content file `file`.
fn built(root: &Path, file: &str) -> PathBuf {
    let stem = file.trim_end_matches(".md");
    if stem == "_index" {
        root.join("output/index.html")
    } else {
        root.join("output").join(stem).join("index.html")
    }
}

/// Deepest nesting of lists inside the page's `.content`.
fn list_depth(doc: &Html) -> usize {
    fn depth(e: ElementRef) -> usize {
        let own = usize::from(matches!(e.value().name(), "ul" | "ol"));
        own + e
            .children()
            .filter_map(ElementRef::wrap)
            .map(depth)
            .max()
            .unwrap_or(0)
    }
    doc.select(&sel(".content")).map(depth).max().unwrap_or(0)
}

fn content_text(doc: &Html) -> String {
    doc.select(&sel(".content"))
        .flat_map(|e| e.text())
        .collect::<String>()
}

const SAMPLE_FILES: [&str; 5] = [
    "_index.md",
    "faq.md",
    "step-1-plan-the-years-before-you-apply.md",
    "step-2-research-that-counts.md",
    "step-3-rotations-letters-and-the-final-list.md",
];

#[test]
fn sample_files_titles_and_steps() {
    let (_dir, content) = imported(SAMPLE);
    assert_eq!(md_files(&content), SAMPLE_FILES);

    let (index, body) = read_page(&content.join("_index.md"));
    assert_eq!(
        index.title,
        "Breaking Into Dermatology From an Osteopathic School: A Practical Playbook"
    );
    let description = index.description.expect("a description");
    assert!(description.chars().count() <= 160);
    assert_eq!(
        description,
        "Dermatology fills almost every position with applicants who have years of research and near-perfect records."
    );
    assert!(
        body.contains(&description),
        "the description comes from the body"
    );
    assert_eq!(
        index.tags,
        [
            "DO student",
            "dermatology residency",
            "osteopathic applicant",
            "derm match",
            "research year",
            "away rotations",
            "competitive specialty"
        ]
    );
    assert!(body.contains("## Why Dermatology Is Hard for Osteopathic Applicants"));

    let steps = [
        (
            SAMPLE_FILES[2],
            1,
            "Step 1: Plan the Years Before You Apply",
        ),
        (SAMPLE_FILES[3], 2, "Step 2: Research That Counts"),
        (
            SAMPLE_FILES[4],
            3,
            "Step 3: Rotations, Letters and the Final List",
        ),
    ];
    for (file, n, title) in steps {
        let (meta, _) = read_page(&content.join(file));
        assert_eq!(meta.title, title);
        assert_eq!(meta.step, Some(n));
        assert_eq!(meta.weight, i64::from(n) * 10);
        assert_eq!(meta.slug.as_deref(), Some(file.trim_end_matches(".md")));
        assert!(meta.imported, "{file} is marked as imported");
    }
    let (faq, body) = read_page(&content.join("faq.md"));
    assert_eq!(faq.title, "Frequently Asked Questions (FAQ)");
    let questions: Vec<&str> = body.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(questions.len(), 2, "{questions:?}");
    assert!(questions.iter().all(|q| q.contains("? {#")));
}

#[test]
fn sample_round_trip_builds_and_reads_right() {
    let (dir, content) = imported(SAMPLE);
    build(dir.path());
    let root = dir.path();

    // Nesting: bullets under bullets, bullets under numbered items.
    let step1 = html(&built(root, SAMPLE_FILES[2]));
    assert_eq!(list_depth(&step1), 2);
    assert_eq!(step1.select(&sel(".content ol > li > ul")).count(), 2);
    assert_eq!(step1.select(&sel(".content ul > li > ul > li")).count(), 2);
    let h2: Vec<String> = step1
        .select(&sel(".content h2"))
        .map(|h| h.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        h2,
        [
            "decide-early-whether-you-need-a-research-year",
            "build-a-mentor-team"
        ]
    );
    // The lead-in stays with the line it introduces.
    let lead = step1
        .select(&sel(".content p"))
        .map(|p| p.text().collect::<String>())
        .find(|t| t.starts_with("Timeline rule:"))
        .expect("the lead-in paragraph");
    assert!(lead.contains("Start outreach no later than the spring"));

    let step3 = html(&built(root, SAMPLE_FILES[4]));
    assert_eq!(list_depth(&step3), 2);
    assert_eq!(step3.select(&sel(".content h2")).count(), 3);

    // FAQ: each question a level-2 heading ending in '?'.
    let faq = html(&built(root, "faq.md"));
    let questions: Vec<String> = faq
        .select(&sel(".content h2"))
        .map(|h| {
            h.text()
                .collect::<String>()
                .trim_end_matches('#')
                .trim()
                .to_string()
        })
        .filter(|t| t.ends_with('?'))
        .collect();
    assert_eq!(questions.len(), 2, "{questions:?}");
    let faq_text = content_text(&faq);
    assert!(faq_text.contains("By starting early and collecting proof at every stage"));
    assert!(
        faq_text.contains("a mentor’s honest read"),
        "typography is kept"
    );

    // Chrome is gone from every page and every content file.
    let chrome = [
        "Clinic Compass",
        "Logo",
        "DO student reviewing dermatology research plan",
        "DO student dermatology timeline",
        "DO Student Dermatology Match Playbook",
        "MatchMate",
        "smart scheduler",
        "Free for students",
        "Related Articles",
        "overview",
    ];
    for file in SAMPLE_FILES {
        let text = content_text(&html(&built(root, file)));
        let source = std::fs::read_to_string(content.join(file)).expect("read");
        for c in chrome {
            assert!(!text.contains(c), "{c:?} is on the page of {file}");
            assert!(!source.contains(c), "{c:?} is in {file}");
        }
    }
    let index_text = content_text(&html(&built(root, "_index.md")));
    assert!(
        index_text.contains("every year—mostly"),
        "the em dash is kept"
    );
    let step3_text = content_text(&step3);
    assert!(step3_text.contains("60–90 programs"), "the en dash is kept");
}

#[test]
fn sample_checklists_are_present_and_anchored() {
    let (dir, content) = imported(SAMPLE);
    build(dir.path());
    let mut ids = BTreeSet::new();
    let mut total = 0;
    for file in &SAMPLE_FILES[2..] {
        let (meta, _) = read_page(&content.join(file));
        assert!(!meta.checklist.is_empty(), "{file} has a checklist");
        let page = html(&built(dir.path(), file));
        let checklist_page = dir
            .path()
            .join("output")
            .join(file.trim_end_matches(".md"))
            .join("checklist/index.html");
        let checklist_html = std::fs::read_to_string(&checklist_page).expect("checklist page");
        for group in &meta.checklist {
            assert!(!group.group.trim().is_empty());
            for item in &group.items {
                total += 1;
                assert!(is_valid_id(&item.id), "{}", item.id);
                assert!(ids.insert(item.id.clone()), "duplicate id {}", item.id);
                assert!(
                    item.id
                        .starts_with(&format!("s{}-", meta.step.unwrap_or_default())),
                    "{}",
                    item.id
                );
                assert!(item.id.split('-').count() <= 8, "short id: {}", item.id);
                let see = item.see.as_deref().expect("a see target");
                match see.strip_prefix('#') {
                    Some(anchor) => {
                        let found = page.select(&sel(&format!("[id=\"{anchor}\"]"))).count();
                        assert_eq!(found, 1, "{file}: no heading #{anchor}");
                    }
                    None => assert_eq!(see, *file, "a see without anchor points at its page"),
                }
                assert!(checklist_html.contains(&format!("value=\"{}\"", item.id)));
                assert!(!item.text.ends_with('.'));
            }
        }
    }
    assert!(total >= 12, "{total} items");
    let (step2, _) = read_page(&content.join(SAMPLE_FILES[3]));
    let texts: Vec<&str> = step2
        .checklist
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.text.as_str()))
        .collect();
    assert!(texts
        .contains(&"Aim for at least one first-author paper or abstract in a dermatology journal"));
    assert!(texts.contains(&"When you email a possible research mentor, attach a one-page CV"));
    let (step1, _) = read_page(&content.join(SAMPLE_FILES[2]));
    let groups: Vec<&str> = step1.checklist.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Decide Early Whether You Need a Research Year",
            "Build a Mentor Team"
        ]
    );
}

/// Words of `text` (letters and digits), counted.
fn word_counts(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(w.to_string()).or_insert(0) += 1;
    }
    counts
}

/// Lines the summary says were dropped, or used as the keyword line.
fn left_out_lines(summary: &str) -> BTreeSet<usize> {
    let mut lines = BTreeSet::new();
    for l in summary.lines() {
        let l = l.trim_start();
        if let Some(rest) = l.strip_prefix("lines ") {
            let range = rest.split_whitespace().next().unwrap_or_default();
            if let Some((a, b)) = range.split_once('–') {
                let (a, b): (usize, usize) = (a.parse().expect("first"), b.parse().expect("last"));
                lines.extend(a..=b);
            }
        } else if let Some(rest) = l.strip_prefix("line ") {
            lines.insert(
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .parse()
                    .expect("line"),
            );
        } else if let Some(i) = l.find("keyword line (line ") {
            let n = &l[i + "keyword line (line ".len()..];
            lines.insert(n.trim_end_matches(')').parse().expect("keyword line"));
        }
    }
    lines
}

/// A Markdown heading line without its `{#id}`: ids are not text.
fn without_id(line: &str) -> &str {
    match line.find(" {#") {
        Some(i) if line.starts_with('#') => &line[..i],
        _ => line,
    }
}

/// Every word of the input that is not listed as dropped is in the files
/// exactly as often as in the input.
fn assert_text_conserved(name: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let out = import(&fixture(name), &content, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let left_out = left_out_lines(&stdout(&out));
    assert!(!left_out.is_empty());
    let raw = std::fs::read_to_string(fixture(name)).expect("input");
    let article: String = raw
        .lines()
        .enumerate()
        .filter(|(i, _)| !left_out.contains(&(i + 1)))
        .map(|(_, l)| format!("{}\n", without_id(l)))
        .collect();
    let mut written = String::new();
    for file in md_files(&content) {
        let (meta, body) = read_page(&content.join(&file));
        written.push_str(&meta.title);
        written.push('\n');
        for l in body.lines() {
            written.push_str(without_id(l));
            written.push('\n');
        }
    }
    assert_eq!(word_counts(&written), word_counts(&article), "{name}");
}

#[test]
fn no_text_is_lost_or_duplicated() {
    assert_text_conserved(SAMPLE);
    assert_text_conserved("rich-guide.txt");
    assert_text_conserved("guide.md");
    assert_text_conserved("ir-guide.txt");
}

#[test]
fn a_long_guide_gets_full_checklists() {
    let (dir, content) = imported("ir-guide.txt");
    build(dir.path());
    let steps: Vec<String> = md_files(&content)
        .into_iter()
        .filter(|f| f.starts_with("step-"))
        .collect();
    assert_eq!(steps.len(), 5);
    for file in &steps {
        let (meta, _) = read_page(&content.join(file));
        let n: usize = meta.checklist.iter().map(|g| g.items.len()).sum();
        assert!((8..=20).contains(&n), "{file}: {n} items");
        for item in meta.checklist.iter().flat_map(|g| &g.items) {
            assert!(item.text.starts_with(char::is_uppercase), "{}", item.text);
            assert!(!item.text.starts_with("Tip:") && !item.text.starts_with("Note:"));
        }
    }
    // Tables stay tables, their header rows are not headings.
    let step1 = html(&built(dir.path(), &steps[0]));
    assert_eq!(step1.select(&sel(".content table")).count(), 2);
    assert!(step1
        .select(&sel(".content h2, .content h3"))
        .all(|h| !h.text().collect::<String>().contains("Doubt")));
    let faq = html(&built(dir.path(), "faq.md"));
    assert_eq!(faq.select(&sel(".content h2")).count(), 4);
}

#[test]
fn the_sample_drops_exactly_its_chrome() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = import(
        &fixture(SAMPLE),
        &dir.path().join("content"),
        &["--dry-run"],
    );
    let left_out = left_out_lines(&stdout(&out));
    let expected: BTreeSet<usize> = [1, 5, 7, 27, 110, 112, 113, 114, 115, 116, 118].into();
    assert_eq!(left_out, expected);
}

#[test]
fn same_input_same_files() {
    let (_a, first) = imported(SAMPLE);
    let (_b, second) = imported(SAMPLE);
    assert_eq!(snapshot(&first), snapshot(&second));
}

#[test]
fn windows_line_ends_give_the_same_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = std::fs::read_to_string(fixture(SAMPLE)).expect("sample");
    let crlf = dir.path().join("guide.txt");
    std::fs::write(&crlf, raw.replace('\n', "\r\n")).expect("write");
    let content = dir.path().join("content");
    assert!(import(&crlf, &content, &[]).status.success());
    let (_other, lf) = imported(SAMPLE);
    assert_eq!(snapshot(&content), snapshot(&lf));
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let out = import(&fixture(SAMPLE), &content, &["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!content.exists(), "a dry run creates nothing");
    assert!(snapshot(dir.path()).is_empty());
    let text = stdout(&out);
    for file in SAMPLE_FILES {
        assert!(text.contains(file), "{file} is listed:\n{text}");
    }
    assert!(text.contains("\"Step 2: Research That Counts\""));
    assert!(text.contains("step 2: 0 headings, 6 list items, checklist of 6 items in 1 group"));
    assert!(text.contains("FAQ: 2 questions"));
    assert!(text.contains("Dry run: nothing was written (5 files would be written)."));
    for dropped in [
        "line 1 ",
        "logo",
        "image caption",
        "lines 112–116",
        "promotion",
        "related articles",
    ] {
        assert!(text.contains(dropped), "{dropped:?} in:\n{text}");
    }

    // Over an existing import: still nothing changes, and it says why.
    let (_site, existing) = imported(SAMPLE);
    let before = snapshot(&existing);
    let out = import(&fixture(SAMPLE), &existing, &["--dry-run"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("(exists: needs --force)"));
    assert_eq!(snapshot(&existing), before);
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let (_dir, content) = imported(SAMPLE);
    std::fs::write(content.join("faq.md"), "---\ntitle: Edited by hand\n---\n").expect("edit");
    std::fs::remove_file(content.join(SAMPLE_FILES[3])).expect("remove");
    let before = snapshot(&content);

    let out = import(&fixture(SAMPLE), &content, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("faq.md: already exists"), "{err}");
    assert!(err.contains("_index.md: already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(snapshot(&content), before, "nothing at all was written");

    let out = import(&fixture(SAMPLE), &content, &["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("(replaces the existing file)"));
    let (faq, _) = read_page(&content.join("faq.md"));
    assert_eq!(faq.title, "Frequently Asked Questions (FAQ)");
    assert_eq!(md_files(&content), SAMPLE_FILES);
}

#[test]
fn nothing_is_written_outside_into() {
    let dir = tempfile::tempdir().expect("temp dir");
    let into = dir.path().join("site/content/derm");
    let out = import(&fixture(SAMPLE), &into, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for path in snapshot(dir.path()).keys() {
        assert!(
            path.starts_with("site/content/derm"),
            "{} is outside --into",
            path.display()
        );
    }
    build(&dir.path().join("site"));
    assert!(dir
        .path()
        .join("site/output/derm/step-1-plan-the-years-before-you-apply/index.html")
        .is_file());
}

#[test]
fn two_imports_in_one_site_keep_ids_unique() {
    let dir = tempfile::tempdir().expect("temp dir");
    for guide in ["a", "b"] {
        let into = dir.path().join("content").join(guide);
        let out = import(&fixture(SAMPLE), &into, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // The build refuses duplicate checklist ids across the site.
    build(dir.path());
}

#[test]
fn a_step_already_in_the_folder_stops_the_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("mkdir");
    std::fs::write(
        content.join("old-step.md"),
        "---\ntitle: Old\nstep: 2\n---\n",
    )
    .expect("write");
    let out = import(&fixture(SAMPLE), &content, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("old-step.md: already has step 2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(md_files(&content), ["old-step.md"]);
}

#[test]
fn bad_inputs_fail_clearly_and_write_nothing() {
    let cases = [
        ("empty.txt", "empty.txt: the file is empty"),
        ("blank-lines.txt", "blank-lines.txt: the file is empty"),
        (
            "binary.txt",
            "binary.txt:2:10: this is a binary file, not text",
        ),
        ("latin1.txt", "latin1.txt:5:4: not valid UTF-8 (byte 0xE9)"),
        (
            "no-sections.txt",
            "no-sections.txt: no recognisable sections",
        ),
        (
            "duplicate-step.txt",
            "duplicate-step.txt:11:1: step 2 appears twice: here and at line 7",
        ),
    ];
    for (name, expected) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        let out = import(&fixture(name), &content, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(err.contains("= hint: "), "{name} has a hint: {err}");
        assert!(err.contains("import failed: nothing was written"), "{err}");
        assert!(stdout(&out).is_empty(), "{name}");
        assert!(!content.exists(), "{name}: nothing written");
    }
    let missing = stepwise(&["import", "no/such/file.txt", "--dry-run"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no/such/file.txt"));
}

#[test]
fn markdown_input_is_split_by_its_headings() {
    let (dir, content) = imported("guide.md");
    assert_eq!(
        md_files(&content),
        [
            "_index.md",
            "faq.md",
            "step-1-build-clinical-experience.md",
            "step-2-apply-and-interview.md"
        ]
    );
    let (index, body) = read_page(&content.join("_index.md"));
    assert_eq!(index.title, "Matching Family Medicine: A Short Guide");
    assert_eq!(index.tags, ["family medicine", "residency match", "IMG"]);
    assert!(
        body.contains("Family medicine is *welcoming* to IMGs"),
        "Markdown kept"
    );
    let (step1, body) = read_page(&content.join("step-1-build-clinical-experience.md"));
    assert_eq!(step1.step, Some(1));
    assert!(
        body.contains("## A. Observerships {#observerships}"),
        "{body}"
    );
    assert!(body.contains("> [!TIP]"));
    build(dir.path());
    let root = dir.path();
    let page = html(&built(root, "step-1-build-clinical-experience.md"));
    assert_eq!(list_depth(&page), 2);
    assert_eq!(page.select(&sel(".content .callout-tip")).count(), 1);
    let index = html(&built(root, "_index.md"));
    assert_eq!(index.select(&sel(".content h2#why-fm")).count(), 1);
    assert_eq!(index.select(&sel(".content table")).count(), 1);
    let faq = html(&built(root, "faq.md"));
    assert_eq!(faq.select(&sel(".content h2")).count(), 2);
}

#[test]
fn rich_guide_drops_chrome_and_escapes_markdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let out = import(&fixture("rich-guide.txt"), &content, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    for what in [
        "logo",
        "site header",
        "byline",
        "share buttons",
        "table of contents",
        "image caption",
        "promotion",
        "related articles",
    ] {
        assert!(summary.contains(what), "{what} not listed:\n{summary}");
    }
    assert_eq!(
        md_files(&content),
        [
            "_index.md",
            "conclusion.md",
            "faq.md",
            "step-1-map-your-path-to-ir.md",
            "step-2-usmle-and-transcript-strategy.md"
        ]
    );
    build(dir.path());
    let root = dir.path();

    let index = html(&built(root, "_index.md"));
    assert_eq!(index.select(&sel(".content table tr")).count(), 3);
    let step1 = html(&built(root, "step-1-map-your-path-to-ir.md"));
    assert_eq!(list_depth(&step1), 3);
    let step2 = html(&built(root, "step-2-usmle-and-transcript-strategy.md"));
    let text = content_text(&step2);
    for literal in [
        "[NBME] forms",
        "<b>question</b>",
        "*really*",
        "score_ranges",
        "# of attempts",
        "“high”",
    ] {
        assert!(text.contains(literal), "{literal:?} not shown as written");
    }
    // An exam name in a heading is not a new step.
    assert_eq!(
        step2
            .select(&sel(".content h3#step-2-ck-score-targets"))
            .count(),
        1
    );

    let mut all = String::new();
    for file in md_files(&content) {
        all.push_str(&content_text(&html(&built(root, &file))));
    }
    for gone in [
        "Clinic Compass",
        "Home",
        "9 min read",
        "Share this",
        "Table of Contents",
        "IR suite",
        "InterviewPrep",
        "Sign up",
        "Understanding Your Scores",
    ] {
        assert!(!all.contains(gone), "{gone:?} was kept");
    }
    let (conclusion, _) = read_page(&content.join("conclusion.md"));
    assert_eq!(conclusion.title, "Conclusion");
    let (step1, _) = read_page(&content.join("step-1-map-your-path-to-ir.md"));
    let texts: Vec<&str> = step1
        .checklist
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.text.as_str()))
        .collect();
    assert!(texts.contains(&"Apply more broadly still, favouring programs that offer ESIR"));
    assert!(texts.contains(&"Shadow an attending for a week"));
}
