//! Hostile and extreme input (issue #15, part a): markup that tries to break
//! out of inline scripts, diagnostics for pathological lines, FAQ answers,
//! the print page's relative URLs, raw HTML links and images, heading ids,
//! the feed's date, importer edge cases, and property tests over generated
//! sites that must never panic or write outside the output folder.

use crate::common::*;
use insta::assert_snapshot;
use std::path::Path;

/// Every `application/ld+json` script of the HTML file at `path`, parsed.
fn json_ld(path: &Path) -> Vec<serde_json::Value> {
    let doc = html(path);
    texts(&doc, "script[type='application/ld+json']")
        .iter()
        .map(|t| serde_json::from_str(t).unwrap_or_else(|e| panic!("{t}: {e}")))
        .collect()
}

/// A site whose title, description, FAQ answer and `base_url` all carry
/// what ends or derails a `<script>` element: `<!--`, `<script>`,
/// `</script>`, and an ampersand.
fn breakout_site() -> tempfile::TempDir {
    site(&[
        (
            "site.yaml",
            "title: \"Site <!-- </script> & more\"\ndescription: \"Desc <!-- <script> </script>\"\nbase_url: \"https://example.org/a&b/\"\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: \"Home <!-- <script>\"\ndescription: \"Home </script> & <!--\"\n---\nWelcome.\n",
        ),
        (
            "content/faq.md",
            "---\ntitle: \"FAQ <!-- <script> </script>\"\ndescription: \"Q <!-- & A\"\n---\n## Can it break out?\n\nNo: `<!-- <script>` and `</script>` stay text. & so on.\n\n## Really?\n\nReally.\n",
        ),
    ])
}

#[test]
fn json_ld_survives_comment_and_script_markup_everywhere() {
    let dir = breakout_site();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let faq = dir.path().join("output/faq/index.html");
    let raw = std::fs::read_to_string(&faq).unwrap();
    // Between the script tags nothing is markup any more.
    let start = raw.find("<script type=\"application/ld+json\">").unwrap();
    let body_start = start + "<script type=\"application/ld+json\">".len();
    let end = body_start + raw[body_start..].find("</script>").unwrap();
    let body = &raw[body_start..end];
    assert!(!body.contains(['<', '>', '&']), "{body}");
    let ld = json_ld(&faq);
    assert_eq!(ld.len(), 1);
    let graph = ld[0]["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["headline"], "FAQ <!-- <script> </script>");
    assert_eq!(graph[0]["description"], "Q <!-- & A");
    assert_eq!(graph[0]["url"], "https://example.org/a&b/faq/");
    let faq_page = graph.iter().find(|g| g["@type"] == "FAQPage").unwrap();
    assert_eq!(
        faq_page["mainEntity"][0]["acceptedAnswer"]["text"],
        "No: <!-- <script> and </script> stay text. & so on."
    );
    // The page after the script is still there: the article, the footer.
    let doc = html(&faq);
    assert_eq!(
        texts(&doc, ".content h2"),
        vec!["Can it break out? #", "Really? #"]
    );
    let home = json_ld(&dir.path().join("output/index.html"));
    assert_eq!(home[0]["@graph"][0]["description"], "Home </script> & <!--");
}

/// The FAQPage questions and answers of the built page at `path`.
fn faq_answers(path: &Path) -> Vec<(String, String)> {
    json_ld(path)[0]["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["@type"] == "FAQPage")
        .expect("a FAQPage")["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["name"].as_str().unwrap().to_string(),
                q["acceptedAnswer"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn faq_answers_end_at_the_next_question() {
    let dir = site(&[(
        "content/faq.md",
        "---\ntitle: FAQ\n---\nIntro.\n\n## First **question**?\n\nFirst answer.\n\n### A detail\n\nMore.\n\n## Second `question`?\n\nSecond answer.\n",
    )]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    assert_eq!(
        faq_answers(&dir.path().join("output/faq/index.html")),
        vec![
            (
                "First question?".to_string(),
                "First answer. A detail. More.".to_string()
            ),
            ("Second question?".to_string(), "Second answer.".to_string()),
        ]
    );
}

#[test]
fn the_bundled_guides_faq_answers_hold_no_question() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let answers = faq_answers(&dir.path().join("output/faq/index.html"));
    assert!(answers.len() >= 3, "{answers:?}");
    for (q, a) in &answers {
        for (other, _) in &answers {
            assert!(
                !a.contains(other.as_str()),
                "the answer to {q:?} holds {other:?}: {a}"
            );
        }
        assert!(!a.ends_with('?'), "{q:?}: {a}");
    }
}

/// One line of `n` Markdown links to pages that do not exist.
fn broken_links_line(n: usize) -> String {
    (0..n)
        .map(|i| format!("[l{i}](missing-{i}.md)"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn thousands_of_broken_links_on_one_line_print_a_few_clipped_errors() {
    let n = 5000;
    let line = broken_links_line(n);
    let dir = site(&[(
        "content/_index.md",
        &format!("---\ntitle: Home\n---\n{line}\n"),
    )]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Ten errors of a few short lines each, not 5,000 copies of a 100 KB line.
    assert!(stderr.len() < 8_000, "{} bytes", stderr.len());
    let first = format!(
        "error: content/_index.md:4:1: broken link: content/missing-0.md does not exist\n  |\n4 | {}…\n  | ^\n",
        &line[..240]
    );
    assert!(stderr.starts_with(&first), "{stderr}");
    // The tenth link, far into the line: a window around it, the caret under its `[`.
    let col = line.find("[l9]").unwrap() + 1;
    let start = col - 1 - 80;
    let tenth = format!(
        "error: content/_index.md:4:{col}: broken link: content/missing-9.md does not exist\n  |\n4 | …{}…\n  | {}^\n",
        &line[start..start + 239],
        " ".repeat(81)
    );
    assert!(stderr.contains(&tenth), "{stderr}");
    assert!(!stderr.contains("content/missing-10.md does not exist"));
    assert!(
        stderr.ends_with(&format!(
            "\n\n... and {} more errors in content/_index.md\n\n{n} errors\nbuild failed: the previous output was left as it was\n",
            n - 10
        )),
        "{}",
        &stderr[stderr.len() - 300..]
    );
}

#[test]
fn serve_sends_a_small_overlay_for_thousands_of_errors() {
    let dir = fixture("serve");
    let root = dir.path();
    let server = crate::serve::Server::start(root);
    let events = server.events();
    let page = std::fs::read_to_string(root.join("content/step-1.md")).unwrap();
    crate::serve::save(
        root,
        "content/step-1.md",
        &format!("{page}\n{}\n", broken_links_line(5000)),
    );
    let data = server.wait_for(&events, "build-error");
    assert!(data.len() < 16_000, "the event is {} bytes", data.len());
    assert!(
        data.contains("... and 4990 more errors in content/step-1.md"),
        "{data}"
    );
    let overlay = crate::serve::overlay_text(&server.get("/step-1/").html()).unwrap();
    assert!(overlay.len() < 8_000, "{}", overlay.len());
    assert!(overlay.contains("content/step-1.md:"), "{overlay}");
}

#[test]
fn the_print_page_rebases_page_relative_images_and_links() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nSee [the guide](guide/_index.md).\n"),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\n---\n![Map](map.png)\n",
        ),
        (
            "content/guide/step.md",
            "---\ntitle: Step\n---\n![Form](img/p.png) [the form](files/form.pdf?v=2#page=3) [up](../) <img src=\"img/p.png\" alt=\"raw\">\n",
        ),
        ("static/guide/map.png", "png"),
        ("static/guide/step/img/p.png", "png"),
        ("static/guide/step/files/form.pdf", "pdf"),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let print = html(&dir.path().join("output/guide/print/index.html"));
    assert_eq!(
        attrs(&print, "main img", "src"),
        vec!["../map.png", "../step/img/p.png", "../step/img/p.png"]
    );
    let hrefs = attrs(&print, "main p a", "href");
    assert!(
        hrefs.contains(&"../step/files/form.pdf?v=2#page=3".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"../".to_string()), "{hrefs:?}");
    // The page itself keeps what was written.
    let step = html(&dir.path().join("output/guide/step/index.html"));
    assert_eq!(
        attrs(&step, "main img", "src"),
        vec!["img/p.png", "img/p.png"]
    );
}

#[test]
fn code_that_looks_like_an_attribute_is_printed_as_written() {
    // `="` in text is not an attribute: the print page once rewrote
    // `id="x"` in code into `id="step--x"`, and `𝕆="` crashed the build.
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nHi.\n"),
        (
            "content/step.md",
            "---\ntitle: Step\n---\n## Top\n\nWrite `id=\"x\"` or `𝕆=\"`.\n\n<a href=\"#top\" title='say \"hi\"' id=\"raw\">raw</a>\n\n<div>1 < 2, isn't it</div>\n\n<p id=\"after\"><a href=\"#top\">up</a></p>\n\n<script>var a = 1<2; el.id=\"x\";</script>\n",
        ),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let print = html(&dir.path().join("output/print/index.html"));
    let code = texts(&print, "code");
    assert!(code.contains(&"id=\"x\"".to_string()), "{code:?}");
    assert!(code.contains(&"𝕆=\"".to_string()), "{code:?}");
    // Attributes in tags are still rewritten, whatever quotes they use.
    assert_eq!(attrs(&print, "a[title]", "id"), vec!["step--raw"]);
    assert_eq!(attrs(&print, "a[title]", "href"), vec!["#step--top"]);
    assert_eq!(attrs(&print, "a[title]", "title"), vec!["say \"hi\""]);
    // A `<` that raw HTML leaves in its text starts no tag: what follows
    // is rewritten as usual. A script is left as written.
    assert_eq!(attrs(&print, "p#step--after a", "href"), vec!["#step--top"]);
    let scripts = texts(&print, "script");
    assert!(
        scripts.iter().any(|t| t.contains("el.id=\"x\"")),
        "{scripts:?}"
    );
}

#[test]
fn the_print_page_points_at_the_same_missing_image_as_the_page() {
    let dir = site(&[
        ("content/guide/_index.md", "---\ntitle: Guide\n---\nHi.\n"),
        (
            "content/guide/step.md",
            "---\ntitle: Step\n---\n![Form](img/p.png)\n",
        ),
    ]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = output_text(&out);
    // The print page points at the same missing file, not at one of its own.
    assert!(
        text.contains("no file guide/step/img/p.png in the site"),
        "{text}"
    );
    assert!(!text.contains("print/img"), "{text}");
    assert!(text.contains("output/guide/print/index.html"), "{text}");
}

#[test]
fn raw_html_links_are_rewritten_and_checked_like_markdown_links() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nHi.\n"),
        ("content/other.md", "---\ntitle: Other\n---\n## Sec\n\nText.\n"),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\n---\nSee <a href=\"/other/\">other</a>, <a href='../other.md#sec'>its section</a>.\n\n<div class=\"box\">\n<p>Logo: <img\n  src=\"/logo.png\" alt=\"Logo\"></p>\n</div>\n",
        ),
        ("static/logo.png", "png"),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let page = html(&dir.path().join("output/guide/index.html"));
    assert_eq!(
        attrs(&page, "main .content a:not(.anchor)", "href"),
        vec!["../other/", "../other/#sec"]
    );
    assert_eq!(
        attrs(&page, "main .content img", "src"),
        vec!["../logo.png"]
    );
    // The print page rewrites them for its own place, like Markdown links.
    let print = html(&dir.path().join("output/guide/print/index.html"));
    assert_eq!(attrs(&print, "main img", "src"), vec!["../../logo.png"]);
    let hrefs = attrs(&print, "main .content a:not(.anchor)", "href");
    assert!(hrefs.contains(&"../../other/#sec".to_string()), "{hrefs:?}");

    // A raw link to a missing page fails the build at its line in the content.
    write(
        dir.path(),
        "content/guide/_index.md",
        "---\ntitle: Guide\n---\nText.\n\n<p>\n  <a href=\"gone.md\">gone</a>\n</p>\n",
    );
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        output_text(&out).starts_with(
            "error: content/guide/_index.md:7:3: broken link: content/guide/gone.md does not exist\n  |\n7 |   <a href=\"gone.md\">gone</a>\n  |   ^\n"
        ),
        "{}",
        output_text(&out)
    );
}

/// Links to the site root written in content (raw HTML or Markdown, to a
/// page, a file or an anchor) are checked against the built site and reported
/// at their place in the content file, once though the guide's print page
/// repeats them; a template's broken link is still reported in the built
/// file, with the template's hint.
#[test]
fn root_links_in_content_are_reported_where_they_are_written() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/x.md",
            "---\ntitle: X\n---\n## Intro\n\n<a href=\"/nowhere/\">raw</a>\n\n[md](/nowhere/) and [anchor](/x/#intr0)\n\n<audio src=\"/sounds/none.mp3\"></audio>\n",
        ),
        (
            "themes/default/templates/page.html",
            "<!DOCTYPE html>\n<html lang=\"en\">\n<title>{{ page.title }}</title>\n<h1>{{ page.title }}</h1>\n<a href=\"{{ url(path=\"gone/\") }}\">gone</a>\n{{ page.content | safe }}\n</html>\n",
        ),
    ]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = normalise(&output_text(&out), dir.path());
    assert_snapshot!(whole(text.clone()), @r#"
    error: content/x.md:6:1: broken link `/nowhere/`: no file nowhere/index.html in the site
      |
    6 | <a href="/nowhere/">raw</a>
      | ^
      = hint: check the address, or link to the page's .md file (`[text](page.md)`), which stays right when the page moves

    error: content/x.md:8:1: broken link `/nowhere/`: no file nowhere/index.html in the site
      |
    8 | [md](/nowhere/) and [anchor](/x/#intr0)
      | ^
      = hint: check the address, or link to the page's .md file (`[text](page.md)`), which stays right when the page moves

    error: content/x.md:8:21: broken anchor `/x/#intr0`: x/index.html has no id `intr0`
      |
    8 | [md](/nowhere/) and [anchor](/x/#intr0)
      |                     ^
      = hint: did you mean `/x/#intro`?

    error: content/x.md:10:1: broken link `/sounds/none.mp3`: no file sounds/none.mp3 in the site
       |
    10 | <audio src="/sounds/none.mp3"></audio>
       | ^
      = hint: check the address, or put the file at static/sounds/none.mp3

    error: output/x/index.html:5:1: broken link `../gone/`: no file gone/index.html in the site
      |
    5 | <a href="../gone/">gone</a>
      | ^
      = hint: this link is in the rendered x/index.html; if it comes from a template, fix the template's url(path=...)

    5 errors
    build failed: the previous output was left as it was
    "#);
    // The print page shows the same links: they were not reported again.
    assert!(!text.contains("print/index.html"), "{text}");

    // Fixed, the site builds; the links are relative, the print page's too.
    write(
        dir.path(),
        "content/x.md",
        "---\ntitle: X\n---\n## Intro\n\n<a href=\"/\">raw</a>\n\n[md](/x/) and [anchor](/x/#intro)\n",
    );
    write(
        dir.path(),
        "themes/default/templates/page.html",
        "<!DOCTYPE html>\n<html lang=\"en\">\n<title>{{ page.title }}</title>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n</html>\n",
    );
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let links = |file: &str| {
        let doc = html(&dir.path().join(file));
        let sel = scraper::Selector::parse("a").unwrap();
        doc.select(&sel)
            .filter(|a| ["raw", "md", "anchor"].contains(&&*a.text().collect::<String>()))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(links("output/x/index.html"), ["../", "./", "#intro"]);
    assert_eq!(
        links("output/print/index.html"),
        ["../", "../x/", "#x--intro"]
    );
}

#[test]
fn explicit_ids_win_and_template_ids_are_never_repeated() {
    let dir = site(&[(
        "content/x.md",
        "---\ntitle: X\n---\n## Intro\n\n## Main\n\n## Search\n\n## Later {#intro}\n\n## Intro\n",
    )]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let page = html(&dir.path().join("output/x/index.html"));
    assert_eq!(
        attrs(&page, ".content h2", "id"),
        vec!["intro-1", "main-1", "search-1", "intro", "intro-2"]
    );
    let ids = attrs(&page, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "an id appears twice: {ids:?}");
    assert!(ids.contains(&"main".to_string()));
}

#[test]
fn an_explicit_id_used_twice_is_an_error_at_the_second() {
    let dir = site(&[(
        "content/x.md",
        "---\ntitle: X\n---\n## Costs {#money}\n\n## Money\n\n## Grants {#money}\n",
    )]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        output_text(&out).starts_with("error: content/x.md:8:1: duplicate heading id `money`\n"),
        "{}",
        output_text(&out)
    );
}

#[test]
fn twenty_thousand_identical_headings_get_distinct_ids() {
    let body = "## Same\n\nText.\n\n".repeat(20_000);
    let dir = site(&[("content/x.md", &format!("---\ntitle: X\n---\n{body}"))]);
    let out = build_with(dir.path(), &["--quiet"]);
    assert!(out.status.success(), "{}", output_text(&out));
    let page = html(&dir.path().join("output/x/index.html"));
    let ids = attrs(&page, ".content h2", "id");
    assert_eq!(ids.len(), 20_000);
    assert_eq!(ids[0], "same");
    assert_eq!(ids[1], "same-1");
    assert_eq!(ids[19_999], "same-19999");
}

#[test]
fn the_feed_is_dated_by_its_newest_page_or_left_out() {
    let dir = site(&[
        ("site.yaml", "title: Feed\nbase_url: https://example.org/\n"),
        ("content/_index.md", "---\ntitle: Home\n---\nHi.\n"),
        (
            "content/a.md",
            "---\ntitle: A\nupdated: 2026-03-01\n---\nA.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\nupdated: 2026-05-09\n---\nB.\n",
        ),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let atom = std::fs::read_to_string(dir.path().join("output/atom.xml")).unwrap();
    let feed_head = &atom[..atom.find("<entry>").unwrap()];
    assert!(
        feed_head.contains("<updated>2026-05-09T00:00:00Z</updated>"),
        "{atom}"
    );
    assert!(!atom.contains("1970"), "{atom}");
    let home = html(&dir.path().join("output/index.html"));
    assert_eq!(
        attrs(&home, "link[type='application/atom+xml']", "href"),
        vec!["atom.xml"]
    );

    // No page has a date: no feed, and no page links to one.
    for page in ["content/a.md", "content/b.md"] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        let undated: String = text
            .lines()
            .filter(|l| !l.starts_with("updated:"))
            .map(|l| format!("{l}\n"))
            .collect();
        write(dir.path(), page, &undated);
    }
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    assert!(!dir.path().join("output/atom.xml").exists());
    let home = html(&dir.path().join("output/index.html"));
    assert!(attrs(&home, "link[type='application/atom+xml']", "href").is_empty());
    assert!(dir.path().join("output/sitemap.xml").exists());
}

/// Imports `text` (saved as `name`) into a fresh site's `content/`; returns
/// the site folder and each written file's text by name.
fn import_text(
    name: &str,
    text: &str,
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, String>,
) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, text).unwrap();
    let content = dir.path().join("content");
    let out = stepwise(&[
        "import",
        input.to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", output_text(&out));
    let files = std::fs::read_dir(&content)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    (dir, files)
}

#[test]
fn import_takes_a_one_word_title() {
    let (_dir, files) = import_text(
        "guide.txt",
        "Residency\n\nThis guide helps you match.\n\nStep 1: Plan early\n\nMake a plan.\n\nStep 2: Apply\n\nSend it.\n",
    );
    assert!(
        files["_index.md"].starts_with("---\ntitle: Residency\n"),
        "{}",
        files["_index.md"]
    );
    assert!(files.contains_key("step-1-plan-early.md"), "{files:?}");
}

#[test]
fn import_an_empty_step_heading_starts_its_own_step() {
    let (dir, files) = import_text(
        "guide.txt",
        "Matching Guide\n\nIntro.\n\nStep 1: Plan early\n\nMake a plan.\n\nStep 2:\nNetworking and letters\n\nMeet people at conferences.\n\nStep 3:\n\nStep 4: Apply\n\nSend it.\n",
    );
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        vec![
            "_index.md",
            "step-1-plan-early.md",
            "step-2-networking-and-letters.md",
            "step-3.md",
            "step-4-apply.md"
        ]
    );
    assert!(!files["step-1-plan-early.md"].contains("Networking"));
    assert!(files["step-2-networking-and-letters.md"]
        .contains("title: 'Step 2: Networking and letters'"));
    assert!(files["step-2-networking-and-letters.md"].contains("\nMeet people at conferences.\n"));
    assert!(
        files["step-3.md"].contains("title: Step 3\n"),
        "{}",
        files["step-3.md"]
    );
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));

    // In Markdown, a bare "## Step 2:" is called "Step 2", not "Step 2:".
    let (dir, files) = import_text(
        "guide.md",
        "# Matching guide\n\nIntro.\n\n## Step 1: Plan early\n\nMake a plan.\n\n## Step 2:\n\nMeet people at conferences.\n\n## Step 3: Apply\n\nSend it.\n",
    );
    let step_2 = &files["step-2.md"];
    assert!(step_2.contains("title: Step 2\n"), "{step_2}");
    assert!(
        step_2.contains("\nMeet people at conferences.\n"),
        "{step_2}"
    );
    assert!(!files["step-1-plan-early.md"].contains("Meet people"));
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
}

#[test]
fn import_keeps_inline_code_and_reads_a_keywords_line() {
    for (name, text) in [
        (
            "guide.md",
            "# Matching guide\n\nKeywords: residency, match, IMG\n\nIntro with `npm test` code.\n\n## Step 1: Build\n\nRun `cargo test` first.\n\n## Step 2: Apply\n\nSend it.\n",
        ),
        (
            "guide.txt",
            "Matching guide\n\nKeywords: residency, match, IMG\n\nIntro with code.\n\nStep 1: Build\n\nRun cargo test first.\n\nStep 2: Apply\n\nSend it.\n",
        ),
    ] {
        let (_dir, files) = import_text(name, text);
        let index = &files["_index.md"];
        assert!(
            index.contains("tags:\n- residency\n- match\n- IMG\n"),
            "{name}: {index}"
        );
        assert!(!index.contains("Keywords"), "{name}: {index}");
        if name.ends_with(".md") {
            let step = &files["step-1-build.md"];
            assert!(step.contains("description: Run `cargo test` first.\n"), "{step}");
            assert!(step.contains("text: Run `cargo test` first\n"), "{step}");
            assert!(step.contains("\nRun `cargo test` first.\n"), "{step}");
        }
    }
}

/// Property tests: generated front matter, Markdown bodies, site trees and
/// import input, built in process. Whatever the input, no panic; a build
/// either succeeds or fails with diagnostics that each name a file of the
/// site and a line in it; and nothing outside the output folder changes.
///
/// `PROPTEST_CASES` sets how many sites each property tries (64 here by
/// default, to keep `cargo test` quick; try 5000 by hand).
mod props {
    use proptest::prelude::*;
    use proptest::test_runner::Config;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};
    use stepwise::pipeline::{build, BuildOptions};
    use stepwise::{Diagnostic, Error};

    fn config() -> Config {
        Config {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(64),
            failure_persistence: None,
            ..Config::default()
        }
    }

    /// Page files the generated sites are made of; links point at them.
    /// Some names slugify to nothing (refused, naming the file) and some
    /// folders need slugifying.
    const NAMES: &[&str] = &[
        "_index.md",
        "step-1.md",
        "faq.md",
        "Caf\u{e9} notes.md",
        "!!!.md",
        "\u{1F600}.md",
        "guide/_index.md",
        "guide/step-2.md",
        "guide/sub/deep.md",
        "My Guide/First Step.md",
        "My Guide/\u{2728}/x.md",
    ];

    /// Text as a hostile author writes it.
    fn words() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ]{0,20}",
            "[a-z <>&\"'#:{}\\[\\]()!?*_`|~\\\\/-]{0,24}",
            Just("<!-- <script> </script> &amp; &".to_string()),
            Just("\u{1F600} caf\u{e9} \u{202e}x \u{a0}y".to_string()),
            "[\\PC]{0,12}",
        ]
    }

    /// A YAML scalar: quoted, single-quoted or bare (which may not parse).
    fn scalar() -> impl Strategy<Value = String> {
        (words(), 0..6u8).prop_map(|(w, how)| match how {
            0..=2 => serde_json::to_string(&w).unwrap(),
            3 | 4 => format!("'{}'", w.replace('\'', "''")),
            _ => w,
        })
    }

    fn front_matter() -> impl Strategy<Value = String> {
        // Mostly keys with good values, so that most sites get as far as
        // rendering; now and then a value or a line that is wrong.
        let line = prop_oneof![
            4 => scalar().prop_map(|s| format!("description: {s}")),
            4 => (-3i64..200).prop_map(|n| format!("weight: {n}")),
            1 => Just("weight: heavy".to_string()),
            3 => (0u32..12).prop_map(|n| format!("step: {n}")),
            1 => Just("updated: 2026-02-30".to_string()),
            3 => (2020u32..2030, 1u32..13, 1u32..29)
                .prop_map(|(y, m, d)| format!("updated: {y}-{m:02}-{d:02}")),
            3 => prop::collection::vec("[a-z]{1,6}", 0..4)
                .prop_map(|t| format!("tags: [{}]", t.join(", "))),
            1 => Just("tags: [a, b".to_string()),
            1 => Just("draft: true".to_string()),
            2 => "[a-z][a-z0-9-]{0,8}".prop_map(|s| format!("slug: {s}")),
            1 => Just("wieght: 3".to_string()),
            1 => Just("step: 9\nchecklist:\n  - group: G\n    items:\n      - id: a-b\n        text: Do it\n        see: \"#nope\"".to_string()),
            1 => "[:\\-\\[\\]{}\"'#&*!|>% a-z]{0,16}",
        ];
        (
            prop::option::weighted(0.95, scalar()),
            prop::collection::vec(line, 0..4),
        )
            .prop_map(|(title, lines)| {
                let mut out = String::new();
                if let Some(t) = title {
                    out.push_str(&format!("title: {t}\n"));
                }
                // A key given twice is a YAML error; once is enough of those.
                let mut keys = BTreeSet::new();
                for l in lines {
                    if keys.insert(l.split(':').next().unwrap_or_default().to_string()) {
                        out.push_str(&l);
                        out.push('\n');
                    }
                }
                out
            })
    }

    fn inline() -> impl Strategy<Value = String> {
        let target = prop::sample::select(NAMES).prop_map(|n| {
            // Links are written relative to content/ from a top-level page.
            n.to_string()
        });
        prop_oneof![
            words(),
            (words(), target.clone()).prop_map(|(w, t)| format!("[{w}]({t})")),
            (words(), target).prop_map(|(w, t)| format!("[{w}]({t}#{})", "sec")),
            Just("[gone](missing.md)".to_string()),
            Just("[root](/logo.png) [folder](/guide/)".to_string()),
            Just("[here](#here) ![](img/p.png) ![Alt](/nowhere.png)".to_string()),
            Just(
                "<a href=\"/guide/\">raw</a> <img src=\"x.png\"> <a href='step-1.md'>s</a>"
                    .to_string()
            ),
            Just("`<!-- </script>` <!-- open comment".to_string()),
            Just("{#not-a-heading} &amp; &#0; &bogus;".to_string()),
            "[a-z ]{200,400}",
        ]
    }

    fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => prop::collection::vec(inline(), 1..4).prop_map(|v| v.join(" ")),
            4 => (1..=3usize, words(), prop::option::of("[a-z-]{0,8}")).prop_map(|(l, w, id)| {
                let id = id.map(|i| format!(" {{#{i}}}")).unwrap_or_default();
                format!("{} {w}{id}", "#".repeat(l))
            }),
            3 => words().prop_map(|w| format!("## {w}?")),
            1 => Just("## Main\n\n## Search {#search}".to_string()),
            3 => prop::collection::vec(inline(), 1..4)
                .prop_map(|v| v.iter().map(|i| format!("- {i}\n")).collect()),
            1 => Just("| a | b |\n|---|---|\n| [x](faq.md) | `y` |".to_string()),
            1 => Just("> [!NOTE]\n> Careful <script>".to_string()),
            1 => Just("```\n</script><!--\n```".to_string()),
            1 => Just("<div>\n<a\n  href=\"faq.md\">x</a>\n<img\n src=\"/logo.png\">\n</div>".to_string()),
            1 => Just("<h1>Raw</h1>".to_string()),
            2 => "[\\PC\n]{0,40}",
        ]
    }

    fn page() -> impl Strategy<Value = (String, String)> {
        (
            prop::sample::select(NAMES),
            front_matter(),
            prop::collection::vec(block(), 0..6),
            prop::bool::weighted(0.02),
        )
            .prop_map(|(name, front, blocks, no_front)| {
                let body = blocks.join("\n\n");
                let text = if no_front {
                    body
                } else {
                    format!("---\n{front}---\n{body}\n")
                };
                (name.to_string(), text)
            })
    }

    fn site_yaml() -> impl Strategy<Value = String> {
        (
            scalar(),
            scalar(),
            prop::option::of(prop_oneof![
                Just("https://example.org/a&b/".to_string()),
                Just("https://example.org/".to_string()),
            ]),
            any::<bool>(),
        )
            .prop_map(|(title, desc, base, portable)| {
                let mut s = format!("title: {title}\ndescription: {desc}\nportable: {portable}\n");
                if let Some(b) = base {
                    s.push_str(&format!("base_url: \"{b}\"\n"));
                }
                s
            })
    }

    /// Every file under `dir` but those of the output folder `skip` and of
    /// the spare folder the write stage keeps beside it (`.output.stepwise`,
    /// documented in the README), with its bytes.
    fn tree(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let name = skip.file_name().unwrap_or_default().to_string_lossy();
        let spare = skip.with_file_name(format!(".{name}.stepwise"));
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| e.path() != skip && e.path() != spare)
            .filter_map(Result::ok)
            .map(|e| {
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    Vec::new()
                };
                (e.path().to_path_buf(), bytes)
            })
            .collect()
    }

    /// A diagnostic of a failed build names a file of the site (or of the
    /// output it would have written) and, for a content file, a line in it.
    fn names_a_real_place(root: &Path, d: &Diagnostic) -> Result<(), String> {
        let file = d.file.to_string_lossy();
        if file.starts_with("output/") {
            return if d.line > 0 {
                Ok(())
            } else {
                Err(format!("no line: {d}"))
            };
        }
        let path = root.join(&d.file);
        if path.is_dir() {
            // A folder (whose name makes no URL) has no line to name.
            return if d.line == 0 {
                Ok(())
            } else {
                Err(format!("a line in a folder: {d}"))
            };
        }
        let text = std::fs::read(&path).map_err(|e| format!("{}: {e}\n{d}", path.display()))?;
        let lines = text.split(|&b| b == b'\n').count();
        if d.line > lines {
            return Err(format!("line {} of {lines}: {d}", d.line));
        }
        if file.starts_with("content/") && d.line == 0 {
            return Err(format!("no line: {d}"));
        }
        Ok(())
    }

    /// Builds the site made of `files` in a fresh folder and checks the
    /// properties.
    fn build_checked(files: &[(String, String)]) -> Result<(), TestCaseError> {
        let parent = tempfile::tempdir().unwrap();
        let root = parent.path().join("site");
        for (rel, text) in files {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let out = root.join("output");
        let before = tree(parent.path(), &out);
        let result = build(&BuildOptions {
            root: root.clone(),
            out: None,
            ..BuildOptions::default()
        });
        prop_assert_eq!(
            &before,
            &tree(parent.path(), &out),
            "the build changed something outside output/ and its spare folder"
        );
        match result {
            Ok(_) => {
                prop_assert!(
                    out.join("index.html").is_file() || !root.join("content/_index.md").exists()
                );
                Ok(())
            }
            Err(Error::Input(diags)) => {
                prop_assert!(!diags.is_empty());
                for d in &diags {
                    if let Err(e) = names_a_real_place(&root, d) {
                        return Err(TestCaseError::fail(e));
                    }
                    // Links to the site root are blamed on their content
                    // file. (A link relative to the page, and one that
                    // hostile raw HTML hides, such as a heading after an
                    // unclosed `<script>`, stay reported in the built file.)
                    let file = d.file.to_string_lossy();
                    let quoted = d.message.split('`').nth(1).unwrap_or_default();
                    prop_assert!(
                        !(file.starts_with("output/") && quoted.starts_with('/')),
                        "blamed on a built file: {}",
                        d
                    );
                }
                prop_assert!(!out.exists(), "a failed build left an output folder");
                Ok(())
            }
            Err(e) => Err(TestCaseError::fail(format!("not a diagnostic: {e}"))),
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn generated_sites_build_or_say_where(
            yaml in site_yaml(),
            pages in prop::collection::vec(page(), 1..7),
        ) {
            let mut files: BTreeMap<String, String> = BTreeMap::new();
            files.insert("site.yaml".into(), yaml);
            for (name, text) in pages {
                files.insert(format!("content/{name}"), text);
            }
            let files: Vec<(String, String)> = files.into_iter().collect();
            build_checked(&files)?;
        }

        #[test]
        fn generated_import_input_converts_or_says_where(
            lines in prop::collection::vec(prop_oneof![
                3 => words(),
                3 => Just(String::new()),
                3 => (0u32..7, words()).prop_map(|(n, w)| format!("Step {n}: {w}")),
                1 => (0u32..7).prop_map(|n| format!("Step {n}:")),
                1 => words().prop_map(|w| format!("Keywords: {w}")),
                1 => words().prop_map(|w| format!("  \u{2022} {w}")),
                1 => words().prop_map(|w| format!("1. {w}")),
                1 => words().prop_map(|w| format!("{w}\t{w}")),
                1 => words().prop_map(|w| format!("## {w}")),
                1 => Just("Frequently Asked Questions".to_string()),
                1 => Just("Is it `hard`?".to_string()),
            ], 0..30),
            markdown in any::<bool>(),
        ) {
            let text = lines.join("\n");
            let name = if markdown { "guide.md" } else { "guide.txt" };
            match stepwise::import::convert(Path::new(name), &text, &BTreeSet::new()) {
                Ok(conversion) => {
                    // What the importer writes is a site that builds, or
                    // fails saying where.
                    let mut files = vec![("site.yaml".to_string(), "title: Imported\n".to_string())];
                    for f in conversion.files {
                        files.push((format!("content/{}", f.name), f.text));
                    }
                    build_checked(&files)?;
                }
                Err(Error::Input(diags)) => {
                    prop_assert!(!diags.is_empty());
                    let count = text.lines().count().max(1);
                    for d in diags {
                        prop_assert_eq!(d.file.to_string_lossy(), name);
                        prop_assert!(d.line <= count, "line {} of {}: {}", d.line, count, d);
                    }
                }
                Err(e) => prop_assert!(false, "not a diagnostic: {}", e),
            }
        }
    }
}
