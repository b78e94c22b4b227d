//! Hostile and careless input to the load stage and to `serve` (issue 15,
//! the load half): file and folder names that make no URL, links out of the
//! site, base URLs, control characters, deep YAML, every problem of a build
//! reported in one run, and a preview that answers only to this machine.
//!
//! Each test runs the real binary and asserts what the user sees: the exit
//! code, the message with its file and line, the HTML written or the absence
//! of any output. The exact wording of each new message is pinned in
//! `diagnostics.rs`.

use crate::common::{
    attrs, fixture, html, normalise, run_in, site, snapshot, texts, whole, write, DEADLINE,
};
use crate::serve::{overlay_text, Server};
use insta::assert_snapshot;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

const HOME: (&str, &str) = (
    "content/_index.md",
    "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
);

/// Runs `stepwise ARGS` in `dir`: its exit code and its stderr, with the
/// folder's path written `{root}`.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = run_in(dir, args);
    let stderr = normalise(&String::from_utf8_lossy(&out.stderr), dir);
    (out.status.code().unwrap_or(-1), stderr)
}

fn build(dir: &Path) -> (i32, String) {
    run(dir, &["build", "--root", "{root}"])
}

// ------------------------------------------------------------ 3: empty slugs

/// `!!!.md` and `😀.md` used to get the empty slug, so their page went to
/// `/index.html`: over the home page, or (joined onto the staging folder as
/// an absolute path) to the root of the file system.
#[test]
fn a_file_name_without_letters_is_refused_and_slug_fixes_it() {
    let dir = site(&[
        HOME,
        ("content/!!!.md", "---\ntitle: Bang bang\n---\nLoud.\n"),
        ("content/😀.md", "---\ntitle: Smile\n---\nHappy.\n"),
    ]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1, "{stderr}");
    for (file, slug) in [("!!!.md", "bang-bang"), ("😀.md", "smile")] {
        assert!(
            stderr.contains(&format!(
                "error: content/{file}:1:1: the file name `{file}` has no letters or digits to make a URL from"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "hint: add a line `slug: {slug}` to the front matter, or rename the file"
            )),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("output").exists());

    write(
        dir.path(),
        "content/!!!.md",
        "---\ntitle: Bang bang\nslug: bang\n---\nLoud.\n",
    );
    write(
        dir.path(),
        "content/😀.md",
        "---\ntitle: Smile\nslug: smile\n---\nHappy.\n",
    );
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    assert_eq!(texts(&html(&out.join("index.html")), "h1"), ["Home"]);
    assert_eq!(
        texts(&html(&out.join("bang/index.html")), "h1"),
        ["Bang bang"]
    );
    assert_eq!(texts(&html(&out.join("smile/index.html")), "h1"), ["Smile"]);
}

// ------------------------------------------------------ 11: folder names

/// Folder names are slugified like file names, in every URL of their pages
/// (pages, guide, print page, links to them); messages keep the folder's
/// real name.
#[test]
fn folder_names_become_url_slugs() {
    let dir = site(&[
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nStart with [the first step](<My Guide/First Step.md#why>).\n",
        ),
        (
            "content/My Guide/_index.md",
            "---\ntitle: My Guide\n---\nAbout.\n",
        ),
        (
            "content/My Guide/First Step.md",
            "---\ntitle: First\nstep: 1\n---\n## Why\n\nBecause.\n",
        ),
    ]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    let written: Vec<String> = snapshot(&out)
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    for page in [
        "my-guide/index.html",
        "my-guide/first-step/index.html",
        "my-guide/print/index.html",
    ] {
        assert!(
            written.contains(&page.to_string()),
            "{page} not in {written:?}"
        );
    }
    assert!(
        !written
            .iter()
            .any(|f| f.contains(' ') || f.chars().any(char::is_uppercase)),
        "{written:?}"
    );
    let home = html(&out.join("index.html"));
    assert!(
        attrs(&home, "main a", "href").contains(&"my-guide/first-step/#why".to_string()),
        "{:?}",
        attrs(&home, "main a", "href")
    );
    let step = html(&out.join("my-guide/first-step/index.html"));
    assert_eq!(texts(&step, "h1"), ["First"]);

    // A problem in one of its files names the folder as it is on disk.
    write(
        dir.path(),
        "content/My Guide/First Step.md",
        "---\ntitle: First\nstep: one\n---\n",
    );
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: content/My Guide/First Step.md:3:7: step: expected"),
        "{stderr}"
    );
}

#[test]
fn two_folders_with_one_url_are_reported_once() {
    let dir = site(&[
        HOME,
        ("content/My Guide/a.md", "---\ntitle: A\n---\n"),
        ("content/My Guide/b.md", "---\ntitle: B\n---\n"),
        ("content/my-guide/a.md", "---\ntitle: A again\n---\n"),
        ("content/my-guide/c.md", "---\ntitle: C\n---\n"),
    ]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1);
    assert_snapshot!(whole(stderr), @"
    error: content/my-guide: this folder and content/My Guide would both be published at /my-guide/
      = hint: rename one of them: folder names become URLs in lowercase, with - for spaces and punctuation
    build failed: the previous output was left as it was
    ");
    assert!(!dir.path().join("output").exists());
}

// ---------------------------------------------------------- 4: symlinks

/// `static/etc -> /etc` used to publish the machine's files; a content file
/// or a theme behind such a link was read too.
#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_errors_and_nothing_is_published() {
    let outside = tempfile::tempdir().expect("temp dir");
    write(outside.path(), "secret.txt", "top secret\n");
    write(
        outside.path(),
        "page.md",
        "---\ntitle: Leaked\n---\ntop secret\n",
    );
    write(outside.path(), "templates/page.html", "top secret\n");
    let real = outside.path().canonicalize().expect("canonical");
    for (link, to) in [
        ("static/etc", real.clone()),
        ("static/secret.txt", real.join("secret.txt")),
        ("content/leak.md", real.join("page.md")),
        ("themes/mine", real.clone()),
    ] {
        let dir = site(&[HOME, ("site.yaml", "title: T\ntheme: mine\n")]);
        let root = dir.path();
        std::fs::create_dir_all(root.join("themes/mine")).expect("mkdir");
        let at = root.join(link);
        let _ = std::fs::remove_dir(&at);
        std::fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(&to, &at).expect("symlink");
        for command in ["build", "check"] {
            let (code, stderr) = run(root, &[command, "--root", "{root}"]);
            assert_eq!(code, 1, "{link}: {stderr}");
            assert!(
                stderr.starts_with(&format!(
                    "error: {link}: this symlink leads out of the site, to {}\n",
                    to.display()
                )),
                "{command}: {link}: {stderr}"
            );
            assert!(!stderr.contains("top secret"));
        }
        assert!(!root.join("output").exists(), "{link}");
    }
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_keep_working() {
    use std::os::unix::fs::symlink;
    let dir = site(&[
        HOME,
        (
            "assets/pic.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ),
        ("shared/page.md", "---\ntitle: Shared\n---\nShared text.\n"),
    ]);
    let root = dir.path();
    std::fs::create_dir_all(root.join("static")).expect("mkdir");
    symlink(root.join("assets"), root.join("static/img")).expect("symlink");
    symlink("../shared/page.md", root.join("content/shared.md")).expect("symlink");
    let (code, stderr) = build(root);
    assert_eq!(code, 0, "{stderr}");
    let out = root.join("output");
    assert!(out.join("img/pic.svg").is_file());
    assert_eq!(
        texts(&html(&out.join("shared/index.html")), "h1"),
        ["Shared"]
    );
}

/// serve no longer filters such links itself: the build refuses them, and
/// serve shows that error like any other until the link is gone.
#[cfg(unix)]
#[test]
fn serve_shows_a_link_out_of_the_site_as_an_error() {
    let dir = fixture("serve");
    let root = dir.path();
    let outside = tempfile::tempdir().expect("temp dir");
    write(outside.path(), "secret.txt", "top secret\n");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        root.join("static/secret.txt"),
    )
    .expect("symlink");
    let server = Server::start(root);
    let r = server.get("/secret.txt");
    assert_eq!(r.status, 503);
    let overlay = overlay_text(&r.html()).expect("the error overlay");
    assert!(
        overlay.starts_with("error: static/secret.txt: this symlink leads out of the site"),
        "{overlay}"
    );
    assert!(!r.html().html().contains("top secret"));
    let events = server.events();
    std::fs::remove_file(root.join("static/secret.txt")).expect("remove");
    server.wait_for(&events, "reload");
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/secret.txt").status, 404);
}

// ------------------------------------------------------------ 5: base URL

/// `javascript:alert(1)` used to reach the 404 page's link, the canonical
/// URL and the sitemap; an empty value gave relative sitemap locations.
#[test]
fn base_url_must_be_an_absolute_http_url() {
    let dir = site(&[HOME]);
    let root = dir.path();
    for (bad, why) in [
        (
            "javascript:alert(1)",
            "it does not start with http:// or https://",
        ),
        ("", "it is empty"),
        (
            "example.org/guide/",
            "it does not start with http:// or https://",
        ),
        ("https://", "it has no host after https://"),
        ("https://x.org/\"><!--", "it contains `\"`"),
    ] {
        let (code, stderr) = run(root, &["build", "--root", "{root}", "--base-url", bad]);
        assert_eq!(code, 2, "{bad}: {stderr}");
        assert!(
            stderr.starts_with(&format!(
                "error: invalid value '{bad}' for '--base-url <URL>': not an absolute http(s) URL: {why} (for example https://example.org/guide/)\n"
            )),
            "{bad}: {stderr}"
        );
        assert!(!root.join("output").exists());
    }

    write(
        root,
        "site.yaml",
        "title: T\nbase_url: \"javascript:alert(1)\"\n",
    );
    let (code, stderr) = build(root);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: site.yaml:2:1: base_url must be an absolute http(s) URL, found \"javascript:alert(1)\": it does not start with http:// or https://\n"),
        "{stderr}"
    );
    assert!(!root.join("output").exists());

    write(root, "site.yaml", "title: T\n");
    let (code, stderr) = run(
        root,
        &[
            "build",
            "--root",
            "{root}",
            "--base-url",
            "https://example.org/guide",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let out = root.join("output");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    assert!(
        sitemap.contains("<loc>https://example.org/guide/</loc>"),
        "{sitemap}"
    );
    assert_eq!(
        attrs(&html(&out.join("404.html")), "#home", "href"),
        ["https://example.org/guide/"]
    );
}

// --------------------------------------------------- 6: control characters

/// NUL, ESC, BEL, VT, FF and the other controls used to reach the HTML and
/// the Atom feed (which XML forbids). They are refused where they are, and
/// the message shows them as symbols, not as raw bytes a terminal obeys.
#[test]
fn control_characters_are_refused_where_they_are() {
    for (text, at, what) in [
        (
            "---\ntitle: Red \u{1b}[31malert\n---\n",
            "2:12",
            "U+001B (ESC)",
        ),
        (
            "---\ntitle: X\n---\nA \0 in the body.\n",
            "4:3",
            "U+0000 (NUL)",
        ),
        (
            "---\ntitle: X\ntags: [\"ding\u{7}\"]\n---\n",
            "3:13",
            "U+0007 (BEL)",
        ),
        ("---\ntitle: X\n---\nA\u{b}line\n", "4:2", "U+000B (VT)"),
        ("---\ntitle: X\n---\nPage\u{c}break\n", "4:5", "U+000C (FF)"),
        ("---\ntitle: X\n---\nrub\u{7f}out\n", "4:4", "U+007F (DEL)"),
        (
            "---\ntitle: X\ndescription: \"next\u{85}line\"\n---\n",
            "3:19",
            "U+0085 (a C1 control)",
        ),
    ] {
        let dir = site(&[HOME, ("content/x.md", text)]);
        let (code, stderr) = build(dir.path());
        assert_eq!(code, 1, "{what}");
        assert!(
            stderr.starts_with(&format!(
                "error: content/x.md:{at}: control character {what} is not allowed\n"
            )),
            "{what}: {stderr}"
        );
        assert!(
            !stderr.contains(['\0', '\u{1b}', '\u{7}', '\u{b}', '\u{c}', '\u{7f}', '\u{85}']),
            "{what}: raw control character in {stderr:?}"
        );
        assert!(!dir.path().join("output").exists(), "{what}");
    }

    let dir = site(&[HOME, ("site.yaml", "title: My \u{1b}]0;pwned\u{7}site\n")]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1);
    assert!(
        stderr
            .starts_with("error: site.yaml:1:11: control character U+001B (ESC) is not allowed\n"),
        "{stderr}"
    );
    assert!(!dir.path().join("output").exists());
}

/// Tabs, carriage returns (CRLF files) and ordinary Unicode are text.
#[test]
fn tabs_and_crlf_are_not_control_characters() {
    let dir = site(&[
        ("site.yaml", "title: T\r\nbase_url: https://example.org/\r\n"),
        (
            "content/_index.md",
            // Dated, so that the feed (which needs a date) is written.
            "---\r\ntitle: \"Caf\u{e9} \u{2014} d\u{e9}j\u{e0} vu\"\r\nupdated: 2026-12-01\r\n---\r\nCode:\r\n\r\n\tindented\r\n",
        ),
    ]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    assert_eq!(
        texts(&html(&out.join("index.html")), "h1"),
        ["Caf\u{e9} \u{2014} d\u{e9}j\u{e0} vu"]
    );
    let feed = std::fs::read_to_string(out.join("atom.xml")).expect("feed");
    assert!(!feed.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r')));
}

/// Every character stepwise refuses, raw: none may reach stderr either.
const RAW: [char; 9] = [
    '\0', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
];

/// Builds a site of `HOME` and `files` and expects it refused with `first`
/// as the first line of stderr, no raw control character on stderr, and
/// nothing written.
fn refused(files: &[(&str, &str)], first: &str) {
    let mut all = vec![HOME];
    all.extend_from_slice(files);
    let dir = site(&all);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1, "{first}\n{stderr}");
    assert!(
        stderr.starts_with(&format!("error: {first}\n")),
        "expected: {first}\ngot: {stderr}"
    );
    assert!(!stderr.contains(RAW), "raw control character in {stderr:?}");
    assert!(!dir.path().join("output").exists(), "{first}");
}

/// YAML writes control characters as escapes in double-quoted strings
/// (`"\e[31m"`): they are refused like the characters themselves, at the
/// escape, wherever the string sits in front matter or site.yaml.
#[test]
fn control_characters_written_as_yaml_escapes_are_refused() {
    let x = "content/x.md";
    for (file, text, first) in [
        (
            x,
            "---\ntitle: \"Freq\\e[31m \\x07 \\0 \\u0085\"\n---\n",
            "content/x.md:2:13: `title` holds control character U+001B (ESC), written as the escape `\\e`",
        ),
        (
            x,
            "---\ntitle: X\ndescription: \"\\x0c \u{2026}\"\n---\n",
            "content/x.md:3:15: `description` holds control character U+000C (FF), written as the escape `\\x0c`",
        ),
        (
            x,
            "---\ntitle: X\ntags:\n  - fine\n  - \"ding\\a\"\n---\n",
            "content/x.md:5:10: `tags` holds control character U+0007 (BEL), written as the escape `\\a`",
        ),
        (
            x,
            "---\ntitle: X\nchecklist:\n  - group: G\n    items:\n      - id: a\n        text: \"Tick \\b it\"\n---\n",
            "content/x.md:7:21: `text` holds control character U+0008 (BS), written as the escape `\\b`",
        ),
        (
            x,
            "---\ntitle: X\nglossary:\n  - term: \"NEL\\N\"\n    definition: \"A \\v line\"\n---\n",
            "content/x.md:4:15: `term` holds control character U+0085 (a C1 control), written as the escape `\\N`",
        ),
        (
            "site.yaml",
            "title: \"My \\e]0;pwned\\a site\"\n",
            "site.yaml:1:12: `title` holds control character U+001B (ESC), written as the escape `\\e`",
        ),
        (
            "site.yaml",
            "title: T\ndescription: \"\\U0000009f\"\n",
            "site.yaml:2:15: `description` holds control character U+009F (a C1 control), written as the escape `\\U0000009f`",
        ),
        (
            "site.yaml",
            "title: T\nextra:\n  footer:\n    links: [\"a\", \"b\\x7f\"]\n",
            "site.yaml:4:20: `links` holds control character U+007F (DEL), written as the escape `\\x7f`",
        ),
    ] {
        refused(&[(file, text)], first);
    }
}

/// Markdown writes control characters as numeric character references
/// (`&#27;`), which it decodes in text and in link and image titles and
/// addresses: refused at the reference.
#[test]
fn control_characters_written_as_character_references_are_refused() {
    for (body, at, message) in [
        (
            "Red &#27;[31m alert.\n",
            "4:5",
            "character reference `&#27;` stands for control character U+001B (ESC)",
        ),
        (
            "# Ding &#x7;\n",
            "4:8",
            "character reference `&#x7;` stands for control character U+0007 (BEL)",
        ),
        (
            "| a |\n| - |\n| next&#x85;line |\n",
            "6:7",
            "character reference `&#x85;` stands for control character U+0085 (a C1 control)",
        ),
        (
            "Between <b>tags &#11;</b> is text.\n",
            "4:17",
            "character reference `&#11;` stands for control character U+000B (VT)",
        ),
        (
            "![alt &#12;](p.png)\n",
            "4:7",
            "character reference `&#12;` stands for control character U+000C (FF)",
        ),
        (
            "A [link](https://example.org/ \"Title &#x1B;\").\n",
            "4:38",
            "character reference `&#x1B;` in a link title stands for control character U+001B (ESC)",
        ),
        (
            "![A](p.png 'pic &#127;')\n",
            "4:17",
            "character reference `&#127;` in an image title stands for control character U+007F (DEL)",
        ),
        (
            "A [link][ref].\n\n[ref]: https://example.org/ \"T&#7;\"\n",
            "6:31",
            "character reference `&#7;` in a link title stands for control character U+0007 (BEL)",
        ),
        (
            "A [link](other&#27;.md).\n",
            "4:15",
            "character reference `&#27;` in a link address stands for control character U+001B (ESC)",
        ),
    ] {
        let text = format!("---\ntitle: X\n---\n{body}");
        refused(&[("content/x.md", &text)], &format!("content/x.md:{at}: {message}"));
    }
}

/// References that write no control character, and text where Markdown
/// decodes none, are text as ever.
#[test]
fn references_to_ordinary_characters_still_build() {
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\ndescription: \"Tab\\there, caf\\u00e9, \\\"quoted\\\"\"\n"),
        (
            "content/_index.md",
            "---\ntitle: \"Caf\\u00e9 \\\\e\"\nupdated: 2026-12-01\n---\n\
             Code `&#27;[31m` and &#0; and &amp; and &#233; and \\&#7;.\n\n\
             ```\n&#27;[0m\n```\n\n\
             <div title=\"&#27;\">&#x7;</div>\n",
        ),
    ]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("output");
    let page = html(&out.join("index.html"));
    assert_eq!(texts(&page, "h1"), ["Caf\u{e9} \\e"]);
    assert_eq!(texts(&page, "p code"), ["&#27;[31m"]);
    assert_eq!(texts(&page, "pre code"), ["&#27;[0m"]);
    let p = texts(&page, "main p").join(" ");
    assert!(p.contains("and \u{fffd} and & and \u{e9} and &#7;."), "{p}");
    // An HTML block is passed on as written: its references stay references.
    let raw = std::fs::read_to_string(out.join("index.html")).expect("page");
    assert!(raw.contains("<div title=\"&#27;\">&#x7;</div>"), "{raw}");
    for file in ["index.html", "atom.xml"] {
        let text = std::fs::read_to_string(out.join(file)).expect(file);
        assert!(!text.contains(RAW), "{file}");
    }
}

/// A site with control characters written in front matter and in another
/// page's text is refused with all of them in one run. (As with broken
/// links, a page's text is read once site.yaml loads: rendered with
/// settings that failed, pages could fail where they would not.)
#[test]
fn every_written_control_character_is_reported_in_one_run() {
    let dir = site(&[
        HOME,
        (
            "content/a.md",
            "---\ntitle: A\ntags: [\"\\e\", \"\\x85\"]\n---\nA.\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\nB &#7; and &#x9f;.\n"),
        (
            "content/c.md",
            "---\ntitle: C\n---\n[C](&#27;.md \"&#27;\")\n",
        ),
    ]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1, "{stderr}");
    let located: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(|l| l.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        located,
        [
            "content/a.md:3:9",
            "content/a.md:3:15",
            "content/b.md:4:3",
            "content/b.md:4:12",
            "content/c.md:4:5",
            "content/c.md:4:15",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("\n6 errors\n"), "{stderr}");
    assert!(!stderr.contains(RAW), "{stderr:?}");
    assert!(!dir.path().join("output").exists());
}

// ------------------------------------------------------- deeply nested YAML

/// A flow sequence nested 100,000 deep used to take 26 s before serde_yaml
/// gave up; it is refused before parsing, at the bracket that goes too deep
/// (only that check words it this way).
#[test]
fn deeply_nested_yaml_is_refused_before_parsing() {
    let deep = format!(
        "---\ntitle: X\ntags: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let dir = site(&[HOME, ("content/deep.md", &deep)]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: content/deep.md:3:135: lists and maps are nested more than 128 levels deep here\n"
        ),
        "{}",
        &stderr[..stderr.len().min(300)]
    );

    let deep = format!(
        "title: T\nextra:\n  x: {}{}\n",
        "{a: ".repeat(100_000),
        "}".repeat(100_000)
    );
    let dir = site(&[HOME, ("site.yaml", &deep)]);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: site.yaml:3:518: lists and maps are nested more than 128 levels deep here\n"
        ),
        "{}",
        &stderr[..stderr.len().min(300)]
    );
}

// ------------------------------------------------ every problem in one run

/// A YAML error in one file, a broken link in another and a duplicate id in
/// a third, a bad link in static/: one run reports them all. What the
/// missing pages would have settled is not guessed at: a link to the file
/// that failed is not called broken, and the pages of a guide whose
/// `_index.md` failed stay in that guide (their step numbers do not clash
/// with the outer guide's).
#[test]
fn every_problem_of_a_build_is_reported_in_one_run() {
    let dir = site(&[
        HOME,
        ("content/a.md", "---\ntitle: A\nweight: [\n---\n"),
        (
            "content/b.md",
            "---\ntitle: B\n---\nSee [a](a.md#part) and [gone](gone.md).\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\n---\n## One {#same}\n\n## Two {#same}\n",
        ),
        ("content/step.md", "---\ntitle: Step\nstep: 1\n---\n"),
        ("content/sub/_index.md", "---\ntitel: Sub\n---\n"),
        (
            "content/sub/s.md",
            "---\ntitle: Sub step\nstep: 1\n---\nBack to [b](../b.md).\n",
        ),
    ]);
    let root = dir.path();
    #[cfg(unix)]
    {
        std::fs::create_dir_all(root.join("static")).expect("mkdir");
        std::os::unix::fs::symlink(root.join("nowhere.css"), root.join("static/gone.css"))
            .expect("symlink");
    }
    let expected: &[&str] = &[
        "error: content/a.md:3:9: weight: expected a whole number",
        "error: content/sub/_index.md:2:1: unknown key `titel`",
        #[cfg(unix)]
        "error: static/gone.css: broken symlink",
        "error: content/b.md:4:24: broken link: content/gone.md does not exist",
        "error: content/c.md:6:1: duplicate heading id `same`",
    ];
    for command in ["build", "check"] {
        let (code, stderr) = run(root, &[command, "--root", "{root}"]);
        assert_eq!(code, 1, "{stderr}");
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(errors.len(), expected.len(), "{command}: {stderr}");
        for (got, want) in errors.iter().zip(expected) {
            assert!(got.starts_with(want), "{command}: {got} is not {want}");
        }
        assert!(
            stderr.contains(&format!("{} errors", expected.len())),
            "{stderr}"
        );
    }
    assert!(!root.join("output").exists());
}

// ------------------------------------------------------ serve: Host, stalls

/// Sends `request` as is to the preview on `port`: the status and the body.
fn raw(port: u16, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A page on another site that points its own name at 127.0.0.1 (DNS
/// rebinding) sends that name as the Host: it gets a plain 403, and never
/// the preview or its event stream.
#[test]
fn serve_answers_only_to_this_machine() {
    let dir = fixture("serve");
    let server = Server::start(dir.path());
    let port = server.port;
    let get = |target: &str, host: &str| {
        raw(
            port,
            &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        let (status, body) = get("/", &host);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("Serve fixture home"), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("192.0.2.1:{port}"),
    ] {
        for target in ["/", "/__stepwise/events", "/step-1/"] {
            let (status, body) = get(target, &host);
            assert_eq!(status, 403, "{host} {target}");
            assert!(
                body.starts_with("403 forbidden: stepwise serve answers only to localhost"),
                "{body}"
            );
            assert!(!body.contains("Serve fixture"), "{host} {target}");
        }
    }
    // An absolute-form target naming another host is refused too.
    let (status, _) = raw(
        port,
        "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 403);
    // No Host at all (HTTP/1.0): a plain 400.
    let (status, body) = raw(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 400);
    assert_eq!(body, "400 bad request: no Host header\n");
}

/// A client that sends half a request and stalls is disconnected (after
/// `serve::listen::HEADER_TIMEOUT`, 10 s; the deadline here is `DEADLINE`, 30 s) and
/// the preview keeps answering others meanwhile.
#[test]
fn serve_closes_a_connection_that_stalls_mid_request() {
    let dir = fixture("serve");
    let server = Server::start(dir.path());
    let mut stalled = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stalled
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .expect("send half a request");
    assert_eq!(server.get("/").status, 200);
    stalled.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let mut got = Vec::new();
    let closed = stalled.read_to_end(&mut got);
    assert!(closed.is_ok(), "still open after {DEADLINE:?}: {closed:?}");
    assert!(!String::from_utf8_lossy(&got).contains("Serve fixture"));
}
