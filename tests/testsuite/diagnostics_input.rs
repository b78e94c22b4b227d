//! The messages issue 27's input checks added, pinned by their whole text
//! as in `diagnostics.rs` (whose cases and runner these use): names that
//! cannot be shown or published, YAML that expands, repeats or tags, raw
//! HTML left open, glossary terms that cannot match, names too long for
//! a file system, links to drafts, and `init` into a dangling link.

use crate::diagnostics::{run, Case, BUILD, CHECK};
use insta::assert_snapshot;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Writes a file whose name is the bytes `name`, under `dir` of `root`.
fn raw_name(root: &Path, dir: &str, name: &[u8]) {
    let dir = root.join(dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(OsStr::from_bytes(name)), "---\ntitle: X\n---\n").expect("write");
}

/// Names: shown with their control characters as escapes.
mod names {
    use super::*;

    /// the name of this file holds control character ...
    #[test]
    fn content_file_name_with_a_control_character() {
        let stderr = run(Case {
            setup: |r| raw_name(r, "content", b"esc\x1b[2J\x1b[31mRED.md"),
            ..BUILD
        });
        assert_snapshot!(stderr, @r"
        error: content/esc\e[2J\e[31mRED.md: the name of this file holds control character U+001B (ESC)
          = hint: rename the file: stepwise leaves it out until then
        build failed: the previous output was left as it was
        ");
    }

    /// the name of this folder holds control character ...
    #[test]
    fn content_folder_name_with_a_control_character() {
        let stderr = run(Case {
            setup: |r| raw_name(r, "content/tab\tbed", b"a.md"),
            ..CHECK
        });
        assert_snapshot!(stderr, @r"
        error: content/tab\tbed: the name of this folder holds control character U+0009 (HT)
          = hint: rename the folder: stepwise leaves it and everything in it out until then
        check failed
        ");
    }

    /// static names: a backslash, bytes that are not UTF-8, `:`, all at once
    #[test]
    fn static_names_that_cannot_be_published() {
        let stderr = run(Case {
            setup: |r| {
                raw_name(r, "static", b"back\\slash.txt");
                raw_name(r, "static", b"dup\xff.txt");
                raw_name(r, "static", b"a:b.txt");
            },
            ..CHECK
        });
        assert_snapshot!(stderr, @r"
        error: static/a:b.txt: the name of this file holds `:`, which Windows cannot hold in a name and a link reads as the start of an address
          = hint: rename the file: stepwise leaves it out until then

        error: static/back\slash.txt: the name of this file holds a backslash, which web servers and Windows read as a folder separator
          = hint: rename the file: stepwise leaves it out until then

        error: static/dup\xff.txt: the name of this file is not valid UTF-8 (byte 0xff): two such names can become one web address
          = hint: rename the file: stepwise leaves it out until then

        3 errors
        check failed
        ");
    }

    /// init: this is a symbolic link to ..., which does not exist
    #[test]
    fn init_into_a_dangling_link() {
        let stderr = run(Case {
            setup: |r| {
                std::os::unix::fs::symlink("/nonexistent/site", r.join("new")).expect("symlink")
            },
            args: &["init", "new"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: new: this is a symbolic link to /nonexistent/site, which does not exist
          = hint: create the folder the link points to, remove the link, or give another name
        init failed: nothing was written
        ");
    }
}

/// YAML: aliases, tags, keys given twice, null titles.
mod yaml {
    use super::*;

    /// alias `*x` repeats too much
    #[test]
    fn alias_expands_too_far() {
        let stderr = run(Case {
            setup: |r| {
                let mut yaml = String::from(
                    "title: Diag\nextra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
                );
                for (prev, cur) in ('a'..'g').zip('b'..'h') {
                    let refs = vec![format!("*{prev}"); 9].join(", ");
                    yaml.push_str(&format!("  {cur}: &{cur} [{refs}]\n"));
                }
                std::fs::write(r.join("site.yaml"), yaml).expect("write");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: site.yaml:8:26: alias `*e` repeats too much: with the aliases before it, this YAML would expand to more than 1 MiB
          |
        8 |   f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
          |                          ^
          = hint: an alias repeats all of the value its anchor names; aliases may expand YAML to 10 times its size, or to 1 MiB: write the value out where it is needed, or repeat it less
        build failed: the previous output was left as it was
        ");
    }

    /// YAML tags are not supported
    #[test]
    fn yaml_tag() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\ndescription: !!binary aGk=\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:3:14: YAML tags are not supported: `!!binary`
          |
        3 | description: !!binary aGk=
          |              ^
          = hint: delete the tag; if the `!` is part of the text, put the value in quotes: "!..."
        build failed: the previous output was left as it was
        "#);
    }

    /// `KEY` is given twice
    #[test]
    fn key_given_twice() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\ndescription: D.\ntitle: Y\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:1: `title` is given twice: first on line 2
          |
        4 | title: Y
          | ^
          = hint: keep one `title:` line and delete the other
        build failed: the previous output was left as it was
        ");
    }

    /// title must be text
    #[test]
    fn null_title() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: ~\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:2:8: title must be text: `~` means no value in YAML
          |
        2 | title: ~
          |        ^
          = hint: write the page's title (in quotes if it is that word: `title: "~"`)
        build failed: the previous output was left as it was
        "#);
    }
}

/// Raw HTML and the glossary.
mod markup {
    use super::*;

    /// this <script> is never closed
    #[test]
    fn unclosed_raw_text_element() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nIntro.\n\n<script>\nvar a = 1;\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:6:1: this <script> is never closed: it hides the rest of the page, and of the print page
          |
        6 | <script>
          | ^
          = hint: end it with `</script>`, or write `&lt;script>` to show the tag as text
        build failed: the previous output was left as it was
        ");
    }

    /// glossary form ... can never be found in a page
    #[test]
    fn glossary_form_markdown_reads_as_something_else() {
        let stderr = run(Case {
            files: &[(
                "content/g.md",
                "---\ntitle: G\nglossary:\n  - term: a *b* c\n    definition: Emphasis.\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/g.md:4:11: glossary form "a *b* c" can never be found in a page: Markdown reads it as emphasis
          |
        4 |   - term: a *b* c
          |           ^
          = hint: write it as a rendered page shows it, without Markdown's marks (`*`, `_`, backticks, `<tag>`, `[...](...)`)
        build failed: the previous output was left as it was
        "#);
    }
}

/// Names too long, static files in a page's place, links to drafts.
mod paths {
    use super::*;

    /// this slug is N bytes long, more than a file system holds in one name
    #[test]
    fn slug_too_long() {
        let stderr = run(Case {
            setup: |r| {
                let slug = "a".repeat(256);
                std::fs::write(
                    r.join("content/x.md"),
                    format!("---\ntitle: X\nslug: {slug}\n---\n"),
                )
                .expect("write")
            },
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:3:7: this slug is 256 bytes long, more than a file system holds in one name (255 bytes)
          |
        3 | slug: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…
          |       ^
          = hint: shorten it: it names the page's folder in the output
        check failed
        ");
    }

    /// this file would be written to PATH, where ... goes
    #[test]
    fn static_file_in_a_pages_place() {
        let stderr = run(Case {
            files: &[
                ("content/faq.md", "---\ntitle: FAQ\n---\n"),
                ("static/faq/index.html", "<p>x</p>\n"),
                ("static/404.html", "<p>x</p>\n"),
            ],
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: static/404.html: this file would be written to 404.html, where the site's 404 page goes
          = hint: rename or move the file (or give the page another `slug:`): two files cannot have one path

        error: static/faq/index.html: this file would be written to faq/index.html, where the page of content/faq.md goes
          = hint: rename or move the file (or give the page another `slug:`): two files cannot have one path

        2 errors
        check failed
        ");
    }

    /// this file would be written to search/..., where the search index's
    /// files go (its results page, its fragments)
    #[test]
    fn static_file_in_the_search_index() {
        let stderr = run(Case {
            files: &[
                ("content/faq.md", "---\ntitle: FAQ\n---\nText.\n"),
                ("static/search/index.html", "<p>x</p>\n"),
                ("static/search/meta.js", "x\n"),
                ("static/search/p/1.js", "x\n"),
            ],
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: static/search/index.html: this file would be written to search/index.html, where the site's search results page goes
          = hint: rename or move the file (or give the page another `slug:`): two files cannot have one path

        error: static/search/meta.js: this file would be written to search/meta.js, where the site's search index goes
          = hint: rename or move the file (or give the page another `slug:`): two files cannot have one path

        error: static/search/p/1.js: this file would be written to search/p/1.js, where a search fragment of content/faq.md goes
          = hint: rename or move the file (or give the page another `slug:`): two files cannot have one path

        3 errors
        check failed
        ");
    }

    /// broken link: content/X is a draft
    #[test]
    fn link_to_a_draft() {
        let stderr = run(Case {
            files: &[
                ("content/d.md", "---\ntitle: D\ndraft: true\n---\n"),
                ("content/x.md", "---\ntitle: X\n---\n[D](d.md)\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:1: broken link: content/d.md is a draft (`draft: true`), left out of this build
          |
        4 | [D](d.md)
          | ^
          = hint: publish it (remove `draft: true`), build with --drafts to preview it, or remove the link
        build failed: the previous output was left as it was
        ");
    }

    /// import: this heading would name a file of N bytes
    #[test]
    fn import_heading_too_long() {
        let stderr = run(Case {
            setup: |r| {
                let long = "Plan ".repeat(60);
                std::fs::write(r.join("g.md"), format!("# G\n\n## Step 1: {long}\n\nDo.\n"))
                    .expect("write")
            },
            args: &["import", "g.md", "--into", "content"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: g.md:3:1: this heading would name a file of 309 bytes, more than a file system holds in one name (255 bytes)
          |
        3 | ## Step 1: Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan Plan…
          | ^
          = hint: shorten the heading in the text: the file is named after it
        import failed: nothing was written
        ");
    }
}

/// Limits on a content file's size and a guide's pages.
mod limits {
    use super::*;

    /// this file is N MB, more than the 1 MB a content file may hold
    #[test]
    fn content_file_too_big() {
        let stderr = run(Case {
            setup: |r| {
                let body = "Text.\n".repeat(400_000);
                std::fs::write(
                    r.join("content/x.md"),
                    format!("---\ntitle: X\n---\n{body}"),
                )
                .expect("write")
            },
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content/x.md: this file is 2.3 MB, more than the 1 MB a content file may hold
          = hint: split it into several pages: rendering time and memory grow with a page's size
        check failed
        ");
    }

    /// the guide ... has N pages, more than the 1,000 a guide may have
    #[test]
    fn guide_too_long() {
        let stderr = run(Case {
            setup: |r| {
                // No guide navigation: the pages check still renders cost little.
                std::fs::write(r.join("site.yaml"), "title: Diag\ntheme: lean\n").expect("write");
                std::fs::create_dir_all(r.join("themes/lean/templates")).expect("mkdir");
                std::fs::write(
                    r.join("themes/lean/templates/base.html"),
                    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{% block title %}{% endblock %}</title>{% block head %}{% endblock %}</head><body>{% block main %}{% endblock %}{% block scripts %}{% endblock %}</body></html>\n",
                )
                .expect("write");
                for n in 1..=1002 {
                    std::fs::write(
                        r.join(format!("content/p{n:04}.md")),
                        format!("---\ntitle: P{n}\nweight: {n}\n---\n"),
                    )
                    .expect("write")
                }
            },
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content/p1001.md: the guide content/ has 1,002 pages, more than the 1,000 a guide may have; this is its page 1,001
          = hint: split it into guides (a folder with an `_index.md` is a guide of its own): every page lists every page of its guide, so a guide's output grows with the square of its pages
        check failed
        ");
    }
}
