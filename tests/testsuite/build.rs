//! `stepwise build` over fixture sites: the HTML a reader gets, the files
//! written, and what happens on bad input.

use crate::common::*;
use std::path::Path;

fn built(name: &str) -> tempfile::TempDir {
    let dir = fixture(name);
    let out = build(dir.path());
    assert!(out.status.success(), "build failed: {}", output_text(&out));
    dir
}

#[test]
fn writes_pretty_urls_and_leaves_drafts_out() {
    let dir = built("basic");
    let files = snapshot(&dir.path().join("output"));
    let names: Vec<String> = files
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    for expected in [
        "index.html",
        "first/index.html",
        "first/checklist/index.html",
        "second/index.html",
        "faq/index.html",
        "nested/index.html",
        "nested/deep/child/index.html",
        "404.html",
        ".nojekyll",
        "favicon.svg",
        "style.css",
        "logo.svg",
    ] {
        assert!(
            names.contains(&expected.to_string()),
            "missing {expected} in {names:?}"
        );
    }
    assert!(!names
        .iter()
        .any(|n| n.contains("unfinished") || n.contains("draft")));
    assert!(
        !names.contains(&"sitemap.xml".to_string()),
        "no sitemap without base_url"
    );
    assert!(!names.contains(&"robots.txt".to_string()));
}

#[test]
fn drafts_flag_includes_drafts() {
    let dir = fixture("basic");
    let out = build_with(dir.path(), &["--drafts"]);
    assert!(out.status.success(), "{}", output_text(&out));
    assert!(dir.path().join("output/draft/index.html").is_file());
}

#[test]
fn pages_are_ordered_by_weight_with_prev_next() {
    let dir = built("basic");
    let out = dir.path().join("output");
    let home = html(&out.join("index.html"));
    assert_eq!(
        texts(&home, ".step-list .step-title a"),
        vec!["Step 1 — First things", "Step 2 — Second things"]
    );
    assert_eq!(texts(&home, ".more-pages .card-title a"), vec!["FAQ"]);
    let first = html(&out.join("first/index.html"));
    assert_eq!(attrs(&first, "a[rel=prev]", "href"), vec!["../"]);
    assert_eq!(attrs(&first, "a[rel=next]", "href"), vec!["../second/"]);
    let faq = html(&out.join("faq/index.html"));
    assert_eq!(attrs(&faq, "a[rel=prev]", "href"), vec!["../second/"]);
    assert!(attrs(&faq, "a[rel=next]", "href").is_empty());
}

#[test]
fn headings_get_unique_ids_anchor_links_and_a_toc() {
    let dir = built("basic");
    let first = html(&dir.path().join("output/first/index.html"));
    assert_eq!(
        attrs(&first, ".content h2, .content h3", "id"),
        vec!["getting-started", "getting-started-1", "custom-id"]
    );
    assert_eq!(
        attrs(&first, ".content h2 a.anchor", "href"),
        vec!["#getting-started", "#getting-started-1"]
    );
    assert_eq!(
        attrs(&first, ".toc a", "href"),
        vec!["#getting-started", "#getting-started-1", "#custom-id"]
    );
    assert_eq!(texts(&first, "h1"), vec!["Step 1 — First things"]);
    assert_eq!(texts(&first, ".callout-tip .callout-title"), vec!["Tip"]);
}

#[test]
fn md_links_become_relative_urls_at_every_depth() {
    let dir = built("basic");
    let out = dir.path().join("output");
    let home = html(&out.join("index.html"));
    assert_eq!(
        attrs(&home, ".content p a", "href"),
        vec!["first/#getting-started", "faq/"]
    );
    assert_eq!(
        attrs(&home, "link[rel=stylesheet]", "href"),
        vec!["style.css"]
    );
    let first = html(&out.join("first/index.html"));
    assert_eq!(
        attrs(&first, ".content p a", "href"),
        vec![
            "../second/",
            "../second/#the-mentor",
            "../",
            "https://example.org/"
        ]
    );
    assert_eq!(
        attrs(&first, "link[rel=stylesheet]", "href"),
        vec!["../style.css"]
    );
    let child = html(&out.join("nested/deep/child/index.html"));
    assert_eq!(
        attrs(&child, ".content p a", "href"),
        vec!["../../", "../../../first/#getting-started-1"]
    );
    assert_eq!(
        attrs(&child, ".content img", "src"),
        vec!["../../../logo.svg"]
    );
    assert_eq!(
        attrs(&child, "link[rel=stylesheet]", "href"),
        vec!["../../../style.css"]
    );
    assert_eq!(
        attrs(&child, ".breadcrumbs a", "href"),
        vec!["../../../", "../../", "./"]
    );
}

#[test]
fn every_internal_link_resolves_to_a_written_file() {
    let dir = built("basic");
    let out = dir.path().join("output");
    for (rel, _) in snapshot(&out)
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
    {
        let page = out.join(rel);
        let doc = html(&page);
        let mut urls = attrs(&doc, "a[href]", "href");
        urls.extend(attrs(&doc, "link[href]", "href"));
        urls.extend(attrs(&doc, "img[src]", "src"));
        for url in urls {
            if url.starts_with('#') || url.contains("://") || url.starts_with("data:") {
                continue;
            }
            assert!(
                !url.starts_with('/'),
                "{}: absolute internal URL {url}",
                rel.display()
            );
            let path = url.split('#').next().unwrap_or_default();
            let mut target = page.parent().unwrap().join(path);
            if path.is_empty() || path.ends_with('/') {
                target = target.join("index.html");
            }
            assert!(
                target.is_file(),
                "{}: {url} does not resolve ({})",
                rel.display(),
                target.display()
            );
        }
    }
}

#[test]
fn base_url_adds_sitemap_robots_and_canonical_without_changing_links() {
    let dir = fixture("basic");
    let out = build_with(dir.path(), &["--base-url", "https://example.org/guide"]);
    assert!(out.status.success(), "{}", output_text(&out));
    let site = dir.path().join("output");
    let first = html(&site.join("first/index.html"));
    assert_eq!(
        attrs(&first, "link[rel=canonical]", "href"),
        vec!["https://example.org/guide/first/"]
    );
    assert_eq!(
        attrs(&first, "link[rel=stylesheet]", "href"),
        vec!["../style.css"]
    );
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap
        .contains("<loc>https://example.org/guide/first/</loc><lastmod>2026-01-03</lastmod>"));
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/guide/sitemap.xml"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = built("basic");
    let b = built("basic");
    assert_eq!(
        snapshot(&a.path().join("output")),
        snapshot(&b.path().join("output"))
    );
}

#[test]
fn a_parallel_build_matches_a_single_threaded_one() {
    let dir = fixture("basic");
    for n in 0..40 {
        let next = (n + 1) % 40;
        write(
            dir.path(),
            &format!("content/nested/p{n:02}.md"),
            &format!(
                "---\ntitle: Page {n}\ndescription: Page {n}.\nweight: {n}\n---\n\
                 ## Part one\n\nSee [the next page](p{next:02}.md#part-two) and [home](../_index.md).\n\n\
                 ## Part two\n\n- a *b* c\n- d\n"
            ),
        );
    }
    let build_on = |threads: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stepwise"))
            .args(["build", "--root"])
            .arg(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", output_text(&out));
        snapshot(&dir.path().join("output"))
    };
    let one = build_on("1");
    assert!(one.contains_key(std::path::Path::new("nested/p39/index.html")));
    assert_eq!(one, build_on("4"));
}

#[test]
fn files_from_earlier_builds_are_removed() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/extra.md",
        "---\ntitle: Extra\n---\nSoon gone.\n",
    );
    assert!(build(dir.path()).status.success());
    assert!(dir.path().join("output/extra/index.html").is_file());
    // A file stepwise did not write goes only when asked (issue 27).
    std::fs::write(dir.path().join("output/stale.html"), "old").unwrap();
    std::fs::remove_file(dir.path().join("content/extra.md")).unwrap();
    assert_eq!(build(dir.path()).status.code(), Some(1));
    let out = build_with(dir.path(), &["--force-clean"]);
    assert!(out.status.success(), "{}", output_text(&out));
    assert!(
        output_text(&out).contains("\nRemoved: extra/index.html, search/p/8.js, stale.html\n"),
        "{}",
        output_text(&out)
    );
    assert!(!dir.path().join("output/stale.html").exists());
    assert!(!dir.path().join("output/extra").exists());
    assert!(dir.path().join("output/faq/index.html").is_file());
}

#[test]
fn theme_files_override_the_embedded_ones() {
    let dir = fixture("basic");
    let t = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("page.html"),
        "<!DOCTYPE html><html lang=\"{{ site.language }}\"><title>{{ page.title }}</title><p class=\"custom\">{{ site.extra.tagline }} · <a href=\"{{ url(path=\"\") }}\">home</a></p>{{ page.content | safe }}</html>",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default/static")).unwrap();
    std::fs::write(
        dir.path().join("themes/default/static/style.css"),
        "body{color:red}",
    )
    .unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let first = html(&dir.path().join("output/first/index.html"));
    assert_eq!(
        texts(&first, "p.custom"),
        vec!["Testing, step by step · home"]
    );
    assert_eq!(attrs(&first, "p.custom a", "href"), vec!["../"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("output/style.css")).unwrap(),
        "body{color:red}"
    );
    // Templates not overridden still come from the embedded theme.
    let home = html(&dir.path().join("output/index.html"));
    assert_eq!(texts(&home, "h1"), vec!["Fixture Guide"]);
}

#[test]
fn portable_option_links_index_html() {
    let dir = fixture("basic");
    let cfg = dir.path().join("site.yaml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("portable: true\n");
    std::fs::write(&cfg, text).unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let first = html(&dir.path().join("output/first/index.html"));
    assert_eq!(
        attrs(&first, "a[rel=next]", "href"),
        vec!["../second/index.html"]
    );
    assert_eq!(attrs(&first, "a.brand", "href"), vec!["../index.html"]);
}

#[test]
fn a_site_without_themes_or_config_builds_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/hello.md"),
        "---\ntitle: Hello\n---\nHi.\n",
    )
    .unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let home = html(&dir.path().join("output/index.html"));
    assert_eq!(attrs(&home, "html", "lang"), vec!["en"]);
    assert_eq!(attrs(&home, ".cards a", "href"), vec!["hello/"]);
}

#[test]
fn success_prints_one_line_and_quiet_prints_nothing() {
    let dir = fixture("basic");
    let out = build(dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // The pages of the site, the home page, the 404 page, the search page.
    assert!(stdout.starts_with("Built 12 pages"), "{stdout}");
    let out = build_with(dir.path(), &["--quiet"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let out = stepwise(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = stepwise(&["--version"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("stepwise "));
}

#[test]
fn version_names_the_commit() {
    let out = stepwise(&["--version"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let commit = text
        .strip_prefix(concat!("stepwise ", env!("CARGO_PKG_VERSION"), " (commit "))
        .and_then(|rest| rest.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("{text:?}"));
    // A debug build (this one) names the commit only when STEPWISE_COMMIT
    // is set; a release build asks git (see build.rs).
    let hex = commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit());
    assert!(hex || commit == "unknown", "{text:?}");
}

#[test]
fn refuses_output_folders_that_hold_sources() {
    let dir = built("basic");
    let root = dir.path().to_str().unwrap();
    for bad in [
        root.to_string(),
        format!("{root}/content"),
        format!("{root}/themes"),
        dir.path().parent().unwrap().to_str().unwrap().to_string(),
    ] {
        let before = snapshot(dir.path());
        let out = stepwise(&["build", "--root", root, "--out", &bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            output_text(&out).contains("refusing to write output"),
            "{}",
            output_text(&out)
        );
        assert_eq!(before, snapshot(dir.path()));
    }
}

/// Breaks the fixture with `edit`, builds, and checks the error names
/// `location`, contains `message`, and leaves the previous output intact.
fn assert_bad_input(edit: impl FnOnce(&Path), location: &str, message: &str) {
    let dir = built("basic");
    let before = snapshot(&dir.path().join("output"));
    edit(dir.path());
    let out = build(dir.path());
    let text = output_text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("{location}: {message}")),
        "expected `{location}: {message}` in:\n{text}"
    );
    assert!(text.contains("hint:"), "no hint in:\n{text}");
    assert_eq!(
        before,
        snapshot(&dir.path().join("output")),
        "output changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("stepwise-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn bad_input_non_utf8() {
    assert_bad_input(
        |r| {
            std::fs::write(
                r.join("content/faq.md"),
                b"---\ntitle: x\n---\nbad \xff byte\n",
            )
            .unwrap()
        },
        "content/faq.md:4:5",
        "not valid UTF-8",
    );
}

#[test]
fn bad_input_missing_front_matter() {
    assert_bad_input(
        |r| write(r, "content/faq.md", "# FAQ\n"),
        "content/faq.md:1:1",
        "missing front matter",
    );
}

#[test]
fn bad_input_unclosed_front_matter() {
    assert_bad_input(
        |r| write(r, "content/faq.md", "---\ntitle: FAQ\n\nbody\n"),
        "content/faq.md:1:1",
        "front matter is not closed",
    );
}

#[test]
fn bad_input_invalid_yaml() {
    assert_bad_input(
        |r| write(r, "content/faq.md", "---\ntitle: FAQ\ntags: [a, b\n---\n"),
        "content/faq.md:4:1",
        "invalid YAML",
    );
}

#[test]
fn bad_input_wrong_type() {
    assert_bad_input(
        |r| {
            write(
                r,
                "content/faq.md",
                "---\ntitle: FAQ\ndescription: x\nweight: heavy\n---\n",
            )
        },
        "content/faq.md:4:9",
        "weight: expected a whole number, found \"heavy\"",
    );
}

#[test]
fn bad_input_unknown_key_suggests_the_closest() {
    assert_bad_input(
        |r| write(r, "content/faq.md", "---\ntitle: FAQ\nwieght: 3\n---\n"),
        "content/faq.md:3:1",
        "unknown key `wieght`",
    );
    let dir = built("basic");
    write(
        dir.path(),
        "content/faq.md",
        "---\ntitle: FAQ\nwieght: 3\n---\n",
    );
    assert!(output_text(&build(dir.path())).contains("did you mean `weight`?"));
}

#[test]
fn bad_input_unknown_config_key() {
    assert_bad_input(
        |r| write(r, "site.yaml", "title: x\nbase_ulr: https://x.org/\n"),
        "site.yaml:2:1",
        "unknown key `base_ulr`",
    );
}

#[test]
fn bad_input_missing_title() {
    assert_bad_input(
        |r| write(r, "content/faq.md", "---\ndescription: x\n---\n"),
        "content/faq.md:1:1",
        "missing required key `title`",
    );
}

#[test]
fn bad_input_duplicate_output_path() {
    assert_bad_input(
        |r| write(r, "content/other.md", "---\ntitle: Other\nslug: faq\n---\n"),
        "content/other.md:3:1",
        "this page would be written to /faq/",
    );
}

#[test]
fn bad_input_duplicate_checklist_id() {
    assert_bad_input(
        |r| replace_in(r, "content/second.md", "id: find-mentor", "id: start-here"),
        "content/second.md:9:13",
        "duplicate checklist id \"start-here\"",
    );
}

#[test]
fn bad_input_checklist_id_charset_and_empty_text() {
    assert_bad_input(
        |r| replace_in(r, "content/second.md", "id: find-mentor", "id: Find_Mentor"),
        "content/second.md:9:13",
        "checklist id \"Find_Mentor\" may only use a-z, 0-9 and -",
    );
    assert_bad_input(
        |r| {
            replace_in(
                r,
                "content/second.md",
                "text: \"Find a mentor\"",
                "text: \"\"",
            )
        },
        "content/second.md:9:13",
        "checklist item \"find-mentor\" has no text",
    );
}

#[test]
fn bad_input_checklist_see_target_missing() {
    assert_bad_input(
        |r| replace_in(r, "content/second.md", "see: \"#the-mentor\"", "see: \"#the-mentr\""),
        "content/second.md:11:15",
        "checklist item \"find-mentor\": see target `#the-mentr` is not a heading in content/second.md",
    );
}

#[test]
fn bad_input_broken_md_link() {
    assert_bad_input(
        |r| {
            write(
                r,
                "content/faq.md",
                "---\ntitle: FAQ\n---\n## Q?\n\nSee [x](secnd.md).\n",
            )
        },
        "content/faq.md:6:5",
        "broken link: content/secnd.md does not exist",
    );
    let dir = built("basic");
    write(
        dir.path(),
        "content/faq.md",
        "---\ntitle: FAQ\n---\nSee [x](secnd.md).\n",
    );
    assert!(output_text(&build(dir.path())).contains("did you mean `second.md`?"));
}

#[test]
fn bad_input_broken_anchor() {
    assert_bad_input(
        |r| {
            write(
                r,
                "content/faq.md",
                "---\ntitle: FAQ\n---\nSee [x](second.md#the-mentr).\n",
            )
        },
        "content/faq.md:4:5",
        "broken anchor: no heading with id `the-mentr` in content/second.md",
    );
}

#[test]
fn bad_input_template_error_names_template_line_and_page() {
    assert_bad_input(
        |r| {
            let t = r.join("themes/default/templates");
            std::fs::create_dir_all(&t).unwrap();
            std::fs::write(
                t.join("page.html"),
                "<p>\n{{ page.title | nosuchfilter }}</p>\n",
            )
            .unwrap();
        },
        "themes/default/templates/page.html:2:17",
        "template error: Unknown filter `nosuchfilter`",
    );
}

#[test]
fn bad_input_template_render_error_names_the_page() {
    let dir = built("basic");
    let t = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("page.html"), "<p>\n{{ page.title + 1 }}</p>\n").unwrap();
    let text = output_text(&build(dir.path()));
    assert!(
        text.contains("themes/default/templates/page.html:2"),
        "{text}"
    );
    assert!(text.contains("while rendering content/"), "{text}");
}

#[cfg(unix)]
#[test]
fn bad_input_symlink_loop() {
    assert_bad_input(
        |r| std::os::unix::fs::symlink(r.join("content"), r.join("content/nested/loop")).unwrap(),
        "content/nested/loop",
        "symlink loop",
    );
}

#[test]
fn all_content_errors_are_reported_at_once() {
    let dir = built("basic");
    write(
        dir.path(),
        "content/faq.md",
        "---\ntitle: FAQ\nweight: x\n---\n",
    );
    write(dir.path(), "content/other.md", "no front matter\n");
    let text = output_text(&build(dir.path()));
    assert!(text.contains("content/faq.md:3:9"), "{text}");
    assert!(text.contains("content/other.md:1:1"), "{text}");
    assert!(text.contains("2 errors"), "{text}");
}

#[test]
fn an_overriding_base_html_missing_a_block_is_named() {
    let dir = built("basic");
    write(
        dir.path(),
        "themes/default/templates/base.html",
        "<!DOCTYPE html><html lang=\"en\"><title>x</title>{% block main %}{% endblock main %}</html>\n",
    );
    let text = output_text(&build(dir.path()));
    assert!(
        text.contains("is not defined in any parent template"),
        "{text}"
    );
    assert!(
        text.contains("fill its blocks title, head, main, scripts"),
        "{text}"
    );
}

#[test]
fn the_header_lists_only_steps_in_a_long_guide() {
    let dir = fixture("basic");
    for n in 0..12 {
        write(
            dir.path(),
            &format!("content/extra-{n:02}.md"),
            &format!("---\ntitle: Extra {n}\nweight: {}\n---\nText.\n", 100 + n),
        );
    }
    assert!(build(dir.path()).status.success());
    let first = html(&dir.path().join("output/first/index.html"));
    assert_eq!(texts(&first, ".site-nav a"), vec!["Step 1", "Step 2"]);
    let small = built("basic");
    let first = html(&small.path().join("output/first/index.html"));
    assert_eq!(
        texts(&first, ".site-nav a"),
        vec!["Step 1", "Step 2", "FAQ"]
    );
}

#[cfg(unix)]
#[test]
fn locations_stay_relative_when_the_site_lives_under_a_folder_named_content() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("content/site");
    std::fs::create_dir_all(&root).unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
        &root,
    );
    std::os::unix::fs::symlink(root.join("content"), root.join("content/nested/loop")).unwrap();
    let text = output_text(&build(&root));
    assert!(
        text.starts_with("error: content/nested/loop: symlink loop"),
        "{text}"
    );
}

#[test]
fn bad_input_template_extending_a_missing_parent() {
    assert_bad_input(
        |r| {
            write(
                r,
                "themes/default/templates/page.html",
                "{% extends \"nope.html\" %}\n{% block main %}x{% endblock main %}\n",
            )
        },
        "themes/default/templates/page.html:1:1",
        "template error: Template 'page.html' is inheriting from 'nope.html'",
    );
}

#[test]
fn bad_input_config_value() {
    assert_bad_input(
        |r| write(r, "site.yaml", "title: x\n\nbase_url: example.org\n"),
        "site.yaml:3:1",
        "base_url must be an absolute http(s) URL",
    );
}
