//! Every kind of error stepwise reports, pinned by the whole text the user
//! sees: `error: file:line:col: message`, the source line and its caret, the
//! hint, the `N errors` count and the command's last line. Other tests check
//! that a problem is found; these check how it is worded, so a change to any
//! message (or to where it points) shows here as a diff.
//!
//! Each case is a small site written into a temp folder over [`BASE`], one
//! command run in that folder, its exit code, and its exact stderr (stdout
//! must stay empty) as an inline snapshot (insta's `assert_snapshot!`): the
//! expected text is the literal after `@`. A path that depends on the temp
//! folder is written `{root}`, in the command line and in the expected text.
//! When a message changes on purpose, `cargo insta test --review` shows each
//! changed snapshot and writes the accepted text into this file (see the
//! README's "Development" section).
//!
//! Not pinned, because no command line makes stepwise produce them:
//! - `template error: ...` on `themes` with the hint "check the theme's
//!   templates" (the last resort of `theme::diagnose`): every Tera error a
//!   theme can cause comes with a location or names a template, and gets
//!   one of the located forms pinned below.
//! - `cannot watch the site for changes: ...` and `cannot watch ROOT: ...`
//!   (serve's file watcher): only when the system refuses a watcher.
//! - `refusing to write "PATH" into the output folder: REASON` (the write
//!   stage's check that every path stays inside the output folder): the
//!   load stage gives every page and static file a safe path (names that
//!   slugify to nothing are refused there, pinned below), so only a bug
//!   could hand it one. Every reason is pinned in `src/write/path.rs`'s
//!   unit tests, and `src/write/spare.rs`'s test calls the write stage
//!   with such paths.
//! - `cannot read: ...` on a content, theme or static file the system will
//!   not let stepwise read: it needs an unreadable file, and tests may run
//!   as root, which reads everything. (A broken symlink, the one way a site
//!   could cause it, has its own message, pinned below.)
//! - `glossary cannot be used: ...`: the matcher library refuses only
//!   patterns far past any glossary's size.
//! - `--base-url must be an absolute http(s) URL` from `load`: the command
//!   line's parser refuses such a value first (pinned below as a usage
//!   error); `load` checks it again for callers of the library.
//! - `` `KEY` holds control character U+XXXX (NAME), written as an escape ``
//!   and `a character reference stands for control character ...`: the
//!   forms for a control character whose escape or reference cannot be
//!   found in the source. Every escape and reference is found; these only
//!   keep such a character refused if that ever fails.
//! - I/O errors no site can cause on a healthy disk: writing the output's
//!   spare copy (a full disk has its own message, pinned in
//!   `output_writes.rs`, which mounts a small file system) or imported files,
//!   starting serve's runtime, threads or server. They share the
//!   `PATH: system error` form pinned in `file_system_errors`.

use crate::common::web::{refusing_port, Web};
use crate::common::{normalise, run_in, run_in_env, site, whole, write, DEADLINE};
use crate::serve::{overlay_text, save, Server};
use insta::assert_snapshot;
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

/// Every case starts from this site; it builds and checks without a word.
pub(crate) const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: Diag\n"),
    (
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
    ),
];

/// One way to make the CLI report one kind of problem.
pub(crate) struct Case {
    /// Files written over [`BASE`]: (path under the site's root, text).
    pub(crate) files: &'static [(&'static str, &'static str)],
    /// What text files cannot say: bytes, symlinks, folders.
    pub(crate) setup: fn(&Path),
    /// The command line, run in the site's folder.
    pub(crate) args: &'static [&'static str],
    /// The exit code.
    pub(crate) code: i32,
    /// Environment variables for the command (`SOURCE_DATE_EPOCH`).
    pub(crate) env: &'static [(&'static str, &'static str)],
    /// What it prints on stdout: nothing, except `check`'s last line when
    /// it finds only warnings.
    pub(crate) stdout: &'static str,
}

/// `stepwise build` over the site; the defaults of most cases.
pub(crate) const BUILD: Case = Case {
    files: &[],
    setup: |_| {},
    args: &["build", "--root", "{root}"],
    code: 1,
    env: &[],
    stdout: "",
};

/// `stepwise check` over the site.
pub(crate) const CHECK: Case = Case {
    args: &["check", "--root", "{root}"],
    ..BUILD
};

/// Runs `case` in a new site; checks its exit code and that it printed
/// nothing on stdout, and returns its stderr, for a snapshot to pin.
pub(crate) fn run(case: Case) -> String {
    let dir = site(BASE);
    for (rel, text) in case.files {
        write(dir.path(), rel, text);
    }
    (case.setup)(dir.path());
    let out = run_in_env(dir.path(), case.args, case.env);
    let stderr = normalise(&String::from_utf8_lossy(&out.stderr), dir.path());
    let stdout = normalise(&String::from_utf8_lossy(&out.stdout), dir.path());
    let command = format!("stepwise {}", case.args.join(" "));
    assert_eq!(out.status.code(), Some(case.code), "`{command}`:\n{stderr}");
    assert_eq!(
        stdout, case.stdout,
        "`{command}` printed on stdout:\n{stdout}"
    );
    whole(stderr)
}

#[test]
fn the_base_site_builds_and_checks_cleanly() {
    let dir = site(BASE);
    for args in [
        &["build", "--quiet", "--root", "{root}"][..],
        &["check", "--root", "{root}"],
    ] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}");
    }
}

/// Content files: reading, splitting, front matter (YAML and the checks on
/// its values) and what must be unique across the site.
mod content_files {
    use super::*;

    /// not valid UTF-8 (byte 0x..)
    #[test]
    fn not_utf8() {
        // `�` is how the source line shows the bad byte.
        let stderr = run(Case {
            setup: |r| {
                std::fs::write(
                    r.join("content/x.md"),
                    b"---\ntitle: X\n---\nbad \xff byte\n",
                )
                .expect("write")
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: not valid UTF-8 (byte 0xff)
          |
        4 | bad � byte
          |     ^
          = hint: re-save the file as UTF-8
        build failed: the previous output was left as it was
        ");
    }

    /// missing front matter
    #[test]
    fn missing_front_matter() {
        let stderr = run(Case {
            files: &[("content/x.md", "# Notes\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:1:1: missing front matter
          |
        1 | # Notes
          | ^
          = hint: start the file with a `---` line, then `title: ...`, then another `---` line
        build failed: the previous output was left as it was
        ");
    }

    /// front matter is not closed
    #[test]
    fn front_matter_is_not_closed() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\n\nText.\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:1:1: front matter is not closed: no second `---` line
          |
        1 | ---
          | ^
          = hint: add a `---` line after the last front matter key
        build failed: the previous output was left as it was
        ");
    }

    /// invalid YAML: ...
    #[test]
    fn invalid_yaml() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\n  weight: 2\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:3:9: invalid YAML: mapping values are not allowed in this context
          |
        3 |   weight: 2
          |         ^
          = hint: check the indentation and quoting of this line
        build failed: the previous output was left as it was
        ");
    }

    /// KEY: expected TYPE, found VALUE (invalid type)
    #[test]
    fn wrong_type() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\nweight: heavy\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:3:9: weight: expected a whole number, found "heavy"
          |
        3 | weight: heavy
          |         ^
          = hint: write a whole number here
        build failed: the previous output was left as it was
        "#);
    }

    /// KEY: expected TYPE, found VALUE (invalid value)
    #[test]
    fn value_out_of_range() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\nstep: 5000000000\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:3:7: step must be a whole number between 0 and 4,294,967,295
          |
        3 | step: 5000000000
          |       ^
          = hint: see the README's front matter reference for allowed values
        build failed: the previous output was left as it was
        ");
    }

    /// unknown key (did you mean)
    #[test]
    fn unknown_key_did_you_mean() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\nwieght: 3\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:3:1: unknown key `wieght`
          |
        3 | wieght: 3
          | ^
          = hint: did you mean `weight`? Valid keys: title, description, slug, weight, step, draft, updated, date, tags, template, checklist, imported, glossary, sources
        build failed: the previous output was left as it was
        ");
    }

    /// unknown key (valid keys)
    #[test]
    fn unknown_key_valid_keys() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\ncolour: red\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:3:1: unknown key `colour`
          |
        3 | colour: red
          | ^
          = hint: valid keys: title, description, slug, weight, step, draft, updated, date, tags, template, checklist, imported, glossary, sources
        build failed: the previous output was left as it was
        ");
    }

    /// unknown key (nested)
    #[test]
    fn unknown_key_nested() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: a\n        txt: A\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:8:9: checklist[0].items[0]: unknown key `txt`
          |
        8 |         txt: A
          |         ^
          = hint: did you mean `text`? Valid keys: id, text, see, due
        build failed: the previous output was left as it was
        ");
    }

    /// missing required key `title`
    #[test]
    fn missing_required_key_title() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ndescription: X.\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:1:1: missing required key `title`
          |
        1 | ---
          | ^
          = hint: add a line `title: ...`
        build failed: the previous output was left as it was
        ");
    }

    /// missing required key (nested)
    #[test]
    fn missing_required_key_nested() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: a\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:7:9: missing required key `text`
          |
        7 |       - id: a
          |         ^
          = hint: add a line `text: ...`
        build failed: the previous output was left as it was
        ");
    }

    /// the title is empty
    #[test]
    fn the_title_is_empty() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: \"\"\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:2:1: the title is empty
          |
        2 | title: ""
          | ^
          = hint: every page needs a title: it becomes its h1
        build failed: the previous output was left as it was
        "#);
    }

    /// updated: expected a date
    #[test]
    fn updated_expected_a_date() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\nupdated: 2026-02-30\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:3:10: updated: expected a date like 2026-11-20, found "2026-02-30"
          |
        3 | updated: 2026-02-30
          |          ^
          = hint: use the ISO format YYYY-MM-DD
        build failed: the previous output was left as it was
        "#);
    }

    /// date: expected a date
    #[test]
    fn date_expected_a_date() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\ndate: 26/11/2026\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:3:7: date: expected a date like 2026-11-20, found "26/11/2026"
          |
        3 | date: 26/11/2026
          |       ^
          = hint: use the ISO format YYYY-MM-DD
        build failed: the previous output was left as it was
        "#);
    }

    /// `date` and `updated` both given
    #[test]
    fn date_and_updated_both_given() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nupdated: 2026-11-20\ntags: [a]\ndate: 2026-11-21\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:5:1: `date` repeats the page's date, already given as `updated` on line 3
          |
        5 | date: 2026-11-21
          | ^
          = hint: `date` and `updated` are two names for the same date: keep one of them
        build failed: the previous output was left as it was
        ");
    }

    /// `updated` and `date` both given (the later one is named)
    #[test]
    fn updated_and_date_both_given() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\ndate: 2026-11-20\nupdated: 2026-11-21\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:1: `updated` repeats the page's date, already given as `date` on line 3
          |
        4 | updated: 2026-11-21
          | ^
          = hint: `date` and `updated` are two names for the same date: keep one of them
        build failed: the previous output was left as it was
        ");
    }

    /// slug is not URL-safe
    #[test]
    fn slug_is_not_url_safe() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\nslug: Next Steps\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:3:7: slug "Next Steps" is not URL-safe
          |
        3 | slug: Next Steps
          |       ^
          = hint: use lowercase letters, digits and -, e.g. "next-steps"
        build failed: the previous output was left as it was
        "#);
    }

    /// a second glossary page
    #[test]
    fn a_second_glossary_page() {
        let stderr = run(Case {
            files: &[
                (
                    "content/a.md",
                    "---\ntitle: A\nglossary:\n  - term: IR\n    definition: Image-guided procedures.\n---\n",
                ),
                (
                    "content/b.md",
                    "---\ntitle: B\nglossary:\n  - term: DR\n    definition: Reading images.\n---\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/b.md:3:1: a second glossary: content/a.md already has one
          |
        3 | glossary:
          | ^
          = hint: keep every term in one page's `glossary:` list
        build failed: the previous output was left as it was
        ");
    }

    /// glossary term without a definition
    #[test]
    fn glossary_term_without_a_definition() {
        let stderr = run(Case {
            files: &[(
                "content/g.md",
                "---\ntitle: G\nglossary:\n  - term: IR\n    definition: \"\"\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/g.md:4:11: glossary term "IR" has no definition
          |
        4 |   - term: IR
          |           ^
          = hint: add `definition: ...`, a sentence or two saying what it means
        build failed: the previous output was left as it was
        "#);
    }

    /// glossary term or alias listed twice
    #[test]
    fn glossary_term_or_alias_listed_twice() {
        let stderr = run(Case {
            files: &[(
                "content/g.md",
                "---\ntitle: G\nglossary:\n  - term: IR\n    definition: Procedures.\n  - term: Interventional radiology\n    definition: The same.\n    aliases: [IR]\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/g.md:8:15: "IR" is listed twice in the glossary
          |
        8 |     aliases: [IR]
          |               ^
          = hint: it is a term already: list each term once, with its other forms as `aliases:`
        build failed: the previous output was left as it was
        "#);
    }

    /// glossary alias listed under two terms
    #[test]
    fn glossary_alias_listed_under_two_terms() {
        let stderr = run(Case {
            files: &[(
                "content/g.md",
                "---\ntitle: G\nglossary:\n  - term: ERAS\n    definition: Applications.\n    aliases: [the service]\n  - term: NRMP\n    definition: The Match.\n    aliases: [the service]\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/g.md:9:15: "the service" is listed twice in the glossary
          |
        9 |     aliases: [the service]
          |               ^
          = hint: it is already an alias of "ERAS": each form belongs to one term
        build failed: the previous output was left as it was
        "#);
    }

    /// glossary term is empty
    #[test]
    fn glossary_term_is_empty() {
        let stderr = run(Case {
            files: &[(
                "content/g.md",
                "---\ntitle: G\nglossary:\n  - term: \" \"\n    definition: Nothing.\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/g.md:4:11: glossary term is empty
          |
        4 |   - term: " "
          |           ^
          = hint: write the term as the guide's text uses it
        build failed: the previous output was left as it was
        "#);
    }

    /// checklist group has an empty name
    #[test]
    fn checklist_group_has_an_empty_name() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: \"\"\n    items:\n      - id: a\n        text: A\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:5:5: checklist group has an empty name
          |
        5 |   - group: ""
          |     ^
          = hint: give the group a heading, e.g. the subsection it comes from
        build failed: the previous output was left as it was
        "#);
    }

    /// checklist id may only use a-z, 0-9 and -
    #[test]
    fn checklist_id_not_url_safe() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: Book_Exam\n        text: Book the exam\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:7:13: checklist id "Book_Exam" may only use a-z, 0-9 and -
          |
        7 |       - id: Book_Exam
          |             ^
          = hint: for example "book-exam"
        build failed: the previous output was left as it was
        "#);
    }

    /// A site with milestones and a page whose one item is due `due`.
    macro_rules! due_case {
        ($due:literal) => {
            Case {
                files: &[
                    (
                        "site.yaml",
                        "title: Diag\nmilestones:\n  eras-opens: 2027-06-03\n  match-day: 2028-03-17\n",
                    ),
                    (
                        "content/x.md",
                        concat!(
                            "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: ask\n        text: Ask a mentor\n        due: ",
                            $due,
                            "\n---\n"
                        ),
                    ),
                ],
                ..BUILD
            }
        };
    }

    /// checklist item "ID": due "VALUE" is not a date
    #[test]
    fn due_not_a_date() {
        let stderr = run(due_case!("2027-02-30"));
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:14: checklist item "ask": due "2027-02-30" is not a date
          |
        9 |         due: 2027-02-30
          |              ^
          = hint: write a date (2027-06-04), a month (2027-06), or a milestone of site.yaml with an offset (eras-opens - 2 weeks)
        build failed: the previous output was left as it was
        "#);
    }

    /// checklist item "ID": due "VALUE": no milestone `NAME` in site.yaml (did you mean)
    #[test]
    fn due_unknown_milestone() {
        let stderr = run(due_case!("eras-open - 2 weeks"));
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:14: checklist item "ask": due "eras-open - 2 weeks": no milestone `eras-open` in site.yaml
          |
        9 |         due: eras-open - 2 weeks
          |              ^
          = hint: did you mean `eras-opens`? site.yaml's milestones: eras-opens, match-day
        build failed: the previous output was left as it was
        "#);
    }

    /// ... no milestone `NAME` in site.yaml, with no name close to it
    #[test]
    fn due_unknown_milestone_nothing_close() {
        let stderr = run(due_case!("June 2027"));
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:14: checklist item "ask": due "June 2027": no milestone `June` in site.yaml
          |
        9 |         due: June 2027
          |              ^
          = hint: site.yaml's milestones: eras-opens, match-day; or write a date (2027-06-04), a month (2027-06), or a milestone of site.yaml with an offset (eras-opens - 2 weeks)
        build failed: the previous output was left as it was
        "#);
    }

    /// ... no milestone `NAME` in site.yaml, which names none
    #[test]
    fn due_milestone_when_site_yaml_names_none() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: ask\n        text: Ask a mentor\n        due: eras-opens\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:14: checklist item "ask": due "eras-opens": no milestone `eras-opens` in site.yaml
          |
        9 |         due: eras-opens
          |              ^
          = hint: site.yaml names no milestones: add them under `milestones:` (eras-opens: 2027-06-03), or write a date
        build failed: the previous output was left as it was
        "#);
    }

    /// checklist item "ID": due "VALUE": cannot read the offset `OFFSET`
    #[test]
    fn due_bad_offset() {
        let stderr = run(due_case!("eras-opens - two weeks"));
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:14: checklist item "ask": due "eras-opens - two weeks": cannot read the offset `- two weeks`
          |
        9 |         due: eras-opens - two weeks
          |              ^
          = hint: after the milestone write + or - and a whole number of days, weeks or months: eras-opens - 2 weeks
        build failed: the previous output was left as it was
        "#);
    }

    /// checklist item "ID": due "VALUE" falls outside the years 0000 to 9999
    #[test]
    fn due_out_of_range() {
        let stderr = run(due_case!("match-day + 100000 months"));
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:14: checklist item "ask": due "match-day + 100000 months" falls outside the years 0000 to 9999
          |
        9 |         due: match-day + 100000 months
          |              ^
          = hint: check the offset, and the milestone's date in site.yaml
        build failed: the previous output was left as it was
        "#);
    }

    /// checklist item has no text
    #[test]
    fn checklist_item_has_no_text() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: book-exam\n        text: \" \"\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:7:13: checklist item "book-exam" has no text
          |
        7 |       - id: book-exam
          |             ^
          = hint: say what the reader should do, e.g. "Book an IR elective"
        build failed: the previous output was left as it was
        "#);
    }

    /// step N is already used by
    #[test]
    fn step_already_used() {
        let stderr = run(Case {
            files: &[
                ("content/a.md", "---\ntitle: A\nstep: 1\n---\n"),
                ("content/b.md", "---\ntitle: B\nstep: 1\n---\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/b.md:3:7: step 1 is already used by content/a.md
          |
        3 | step: 1
          |       ^
          = hint: each step number appears once per guide
        build failed: the previous output was left as it was
        ");
    }

    /// reserved for the guide's print page
    #[test]
    fn reserved_for_the_print_page() {
        let stderr = run(Case {
            files: &[("content/printable.md", "---\ntitle: X\nslug: print\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/printable.md:3:1: /print/ is reserved for the guide's print page
          |
        3 | slug: print
          | ^
          = hint: give this page another `slug:` or file name
        build failed: the previous output was left as it was
        ");
    }

    /// reserved for the search results page
    #[test]
    fn reserved_for_the_search_page() {
        let stderr = run(Case {
            files: &[("content/search.md", "---\ntitle: Search tips\n---\nText.\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/search.md:1:1: /search/ is reserved for the search results page
          |
        1 | ---
          | ^
          = hint: give this page another `slug:` or file name
        build failed: the previous output was left as it was
        ");
    }

    /// this page would be written to /PATH/, which FILE already uses
    #[test]
    fn two_pages_at_one_path() {
        let stderr = run(Case {
            files: &[
                ("content/a.md", "---\ntitle: A\n---\n"),
                ("content/b.md", "---\ntitle: B\nslug: a\n---\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/b.md:3:1: this page would be written to /a/, which content/a.md already uses
          |
        3 | slug: a
          | ^
          = hint: give one of them a different `slug:` or file name
        build failed: the previous output was left as it was
        ");
    }

    /// duplicate checklist id
    #[test]
    fn duplicate_checklist_id() {
        let stderr = run(Case {
            files: &[
                (
                    "content/a.md",
                    "---\ntitle: A\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: book-exam\n        text: Book it\n---\n",
                ),
                (
                    "content/b.md",
                    "---\ntitle: B\nstep: 2\nchecklist:\n  - group: G\n    items:\n      - id: book-exam\n        text: Book it again\n---\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/b.md:7:13: duplicate checklist id "book-exam"
          |
        7 |       - id: book-exam
          |             ^
          = hint: ids are unique in the site; it is first used at content/a.md:7
        build failed: the previous output was left as it was
        "#);
    }

    /// several problems at once: N errors
    #[test]
    fn several_problems_at_once() {
        let stderr = run(Case {
            files: &[
                ("content/a.md", "---\ntitle: A\nweight: x\n---\n"),
                ("content/b.md", "no front matter\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/a.md:3:9: weight: expected a whole number, found "x"
          |
        3 | weight: x
          |         ^
          = hint: write a whole number here

        error: content/b.md:1:1: missing front matter
          |
        1 | no front matter
          | ^
          = hint: start the file with a `---` line, then `title: ...`, then another `---` line

        2 errors
        build failed: the previous output was left as it was
        "#);
    }

    /// no content folder in ROOT (build)
    #[test]
    fn no_content_folder_build() {
        let stderr = run(Case {
            setup: |r| std::fs::remove_dir_all(r.join("content")).expect("remove content/"),
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content: no content folder in {root}
          = hint: create content/_index.md, or pass --root to point at the site
        build failed: the previous output was left as it was
        ");
    }

    /// no content folder in ROOT (check)
    #[test]
    fn no_content_folder_check() {
        let stderr = run(Case {
            setup: |r| std::fs::remove_dir_all(r.join("content")).expect("remove content/"),
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content: no content folder in {root}
          = hint: create content/_index.md, or pass --root to point at the site
        check failed
        ");
    }
}

/// `site.yaml`: read, parsed and checked before any content file.
mod site_yaml {
    use super::*;

    /// site.yaml is not valid UTF-8
    #[test]
    fn not_utf8() {
        let stderr = run(Case {
            setup: |r| std::fs::write(r.join("site.yaml"), b"title: Caf\xe9\n").expect("write"),
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: site.yaml: site.yaml is not valid UTF-8
          = hint: re-save it as UTF-8 (bad byte at offset 10)
        build failed: the previous output was left as it was
        ");
    }

    /// unknown key (site.yaml)
    #[test]
    fn unknown_key() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\nbase_ulr: https://example.org/\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: site.yaml:2:1: unknown key `base_ulr`
          |
        2 | base_ulr: https://example.org/
          | ^
          = hint: did you mean `base_url`? Valid keys: title, description, base_url, language, theme, author, site_id, portable, search, print, publisher, reviewed, report_errors, date_format, sources_max_age, milestones, offline, offline_max_mb, extra
        build failed: the previous output was left as it was
        ");
    }

    /// base_url must be an absolute http(s) URL
    #[test]
    fn base_url_not_absolute() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\n\nbase_url: example.org/guide\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:3:1: base_url must be an absolute http(s) URL, found "example.org/guide": it does not start with http:// or https://
          |
        3 | base_url: example.org/guide
          | ^
          = hint: for example https://example.org/guide/
        build failed: the previous output was left as it was
        "#);
    }

    /// offline_max_mb must be a size in megabytes, 0 or more
    #[test]
    fn offline_max_mb_negative() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\noffline_max_mb: -2\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: site.yaml:2:1: offline_max_mb must be a size in megabytes, 0 or more, found -2
          |
        2 | offline_max_mb: -2
          | ^
          = hint: files larger than this are left to the network: 4 keeps files up to 4 MB
        build failed: the previous output was left as it was
        ");
    }

    /// site_id must use only a-z, 0-9 and -
    #[test]
    fn site_id_not_url_safe() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\nsite_id: My Guide\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:2:1: site_id must use only a-z, 0-9 and -, found "My Guide"
          |
        2 | site_id: My Guide
          | ^
          = hint: it namespaces readers' saved ticks: pick it once and keep it
        build failed: the previous output was left as it was
        "#);
    }

    /// milestone name "NAME" may only use a-z, 0-9 and -
    #[test]
    fn milestone_name_not_an_id() {
        let stderr = run(Case {
            files: &[(
                "site.yaml",
                "title: Diag\nmilestones:\n  ERAS opens: 2027-06-03\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:3:3: milestone name "ERAS opens" may only use a-z, 0-9 and -
          |
        3 |   ERAS opens: 2027-06-03
          |   ^
          = hint: for example "eras-opens"
        build failed: the previous output was left as it was
        "#);
    }

    /// milestone `NAME`: expected a date like 2027-06-03
    #[test]
    fn milestone_not_a_date() {
        let stderr = run(Case {
            files: &[(
                "site.yaml",
                "title: Diag\nmilestones:\n  eras-opens: 2027-06-03\n  match-day: 2028-02-30\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:4:14: milestone `match-day`: expected a date like 2027-06-03, found "2028-02-30"
          |
        4 |   match-day: 2028-02-30
          |              ^
          = hint: use the ISO format YYYY-MM-DD
        build failed: the previous output was left as it was
        "#);
    }

    /// theme not found
    #[test]
    fn theme_not_found() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\ntheme: fancy\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: site.yaml: theme `fancy` not found: no folder themes/fancy/
          = hint: create the folder, or remove `theme:` to use the built-in default theme
        build failed: the previous output was left as it was
        ");
    }
}

/// Who stands behind a site (`publisher`, `reviewed`, `report_errors`),
/// how it prints dates (`date_format`) and its sources (`sources:` and
/// `sources_max_age`): errors, and `stepwise check`'s warnings.
mod publishing {
    use super::*;

    /// `stepwise check` over the site, succeeding with warnings.
    const WARNS: Case = Case {
        code: 0,
        stdout: "No problems found.\n",
        ..CHECK
    };

    /// December 5, 2026, as `SOURCE_DATE_EPOCH`: `check`'s today.
    const DEC_5_2026: &[(&str, &str)] = &[("SOURCE_DATE_EPOCH", "1796428800")];

    /// A sources page over [`BASE`], its list given by `list`.
    macro_rules! sources_page {
        ($list:literal) => {
            concat!(
                "---\ntitle: Sources\ndescription: Where the facts come from.\nsources:\n",
                $list,
                "---\nEvery fact comes from one of these.\n"
            )
        };
    }

    /// reviewed must be a date as YYYY-MM-DD
    #[test]
    fn reviewed_not_a_date() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\nreviewed: 5 December 2026\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:2:1: reviewed must be a date as YYYY-MM-DD, found "5 December 2026"
          |
        2 | reviewed: 5 December 2026
          | ^
          = hint: for example `reviewed: 2026-12-05`
        build failed: the previous output was left as it was
        "#);
    }

    /// report_errors must be an http(s) URL or a mailto: address
    #[test]
    fn report_errors_not_an_address() {
        let stderr = run(Case {
            files: &[(
                "site.yaml",
                "title: Diag\nreport_errors: editor@example.org\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:2:1: report_errors must be an http(s) URL or a mailto: address, found "editor@example.org": it starts with neither http(s):// nor mailto:
          |
        2 | report_errors: editor@example.org
          | ^
          = hint: for example https://github.com/you/guide/issues/new or mailto:editor@example.org
        build failed: the previous output was left as it was
        "#);
    }

    /// date_format "..." cannot be used
    #[test]
    fn date_format_unknown_directive() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\ndate_format: \"%d %Q %Y\"\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:2:1: date_format "%d %Q %Y" cannot be used: `%Q` is not a date directive
          |
        2 | date_format: "%d %Q %Y"
          | ^
          = hint: use %Y (2026), %m (03), %-m (3), %d (05), %-d (5), %B (March), %b (Mar) and %% (a %), for example "%B %-d, %Y"
        build failed: the previous output was left as it was
        "#);
    }

    /// sources_max_age must be a number of months or years
    #[test]
    fn sources_max_age_not_an_age() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\nsources_max_age: 12 weeks\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:2:1: sources_max_age must be a number of months or years, found "12 weeks"
          |
        2 | sources_max_age: 12 weeks
          | ^
          = hint: for example `sources_max_age: 12 months` or `2 years`
        build failed: the previous output was left as it was
        "#);
    }

    /// KEY is still the placeholder "<...>" (a warning)
    #[test]
    fn placeholders_left_in_site_yaml() {
        let stderr = run(Case {
            files: &[(
                "site.yaml",
                "title: Diag\npublisher: \"<who publishes this guide>\"\nreviewed: \"<YYYY-MM-DD: the day you last checked the facts>\"\nreport_errors: \"<a URL or mailto: address where readers report errors>\"\n",
            )],
            ..WARNS
        });
        assert_snapshot!(stderr, @r#"
        warning: site.yaml:2:1: publisher is still the placeholder "<who publishes this guide>"
          |
        2 | publisher: "<who publishes this guide>"
          | ^
          = hint: write who publishes the site; until then the site leaves it out

        warning: site.yaml:3:1: reviewed is still the placeholder "<YYYY-MM-DD: the day you last checked the facts>"
          |
        3 | reviewed: "<YYYY-MM-DD: the day you last checked the facts>"
          | ^
          = hint: write the date you last checked the facts, as YYYY-MM-DD; until then the site leaves it out

        warning: site.yaml:4:1: report_errors is still the placeholder "<a URL or mailto: address where readers report errors>"
          |
        4 | report_errors: "<a URL or mailto: address where readers report errors>"
          | ^
          = hint: write where readers report an error, a URL or a mailto: address; until then the site leaves it out

        3 warnings
        "#);
    }

    /// source `ID` (NAME) was last checked on DATE, more than AGE ago (a warning)
    #[test]
    fn a_source_checked_too_long_ago() {
        let stderr = run(Case {
            files: &[
                ("site.yaml", "title: Diag\nsources_max_age: 6 months\n"),
                (
                    "content/sources.md",
                    sources_page!("  - id: nrmp\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-06-04\n  - id: aamc\n    name: AAMC\n    url: https://www.aamc.org\n    checked: 2026-06-05\n"),
                ),
            ],
            env: DEC_5_2026,
            ..WARNS
        });
        assert_snapshot!(stderr, @"
        warning: content/sources.md:8:5: source `nrmp` (NRMP) was last checked on 2026-06-04, more than 6 months ago
          |
        8 |     checked: 2026-06-04
          |     ^
          = hint: check its facts against the source again and update `checked:`; `sources_max_age` in site.yaml sets how old a check may be
        ");
    }

    /// source `ID`: checked must be a date as YYYY-MM-DD
    #[test]
    fn source_checked_not_a_date() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                sources_page!("  - id: nrmp\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-02-30\n"),
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/sources.md:8:5: source `nrmp`: checked must be a date as YYYY-MM-DD, found "2026-02-30"
          |
        8 |     checked: 2026-02-30
          |     ^
          = hint: write the day you last checked the source, for example `checked: 2026-12-05`
        build failed: the previous output was left as it was
        "#);
    }

    /// source id "..." is not [a-z0-9-]+
    #[test]
    fn source_id_not_url_safe() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                sources_page!("  - id: NRMP data\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-12-05\n"),
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/sources.md:5:9: source id "NRMP data" is not [a-z0-9-]+
          |
        5 |   - id: NRMP data
          |         ^
          = hint: use lowercase letters, digits and dashes: it becomes the section's id, as in `sources.md#ecfmg`
        build failed: the previous output was left as it was
        "#);
    }

    /// source id `ID` is listed twice
    #[test]
    fn source_id_twice() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                sources_page!("  - id: nrmp\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-12-05\n  - id: nrmp\n    name: NRMP data\n    url: https://www.nrmp.org/data/\n    checked: 2026-12-05\n"),
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/sources.md:9:9: source id `nrmp` is listed twice
          |
        9 |   - id: nrmp
          |         ^
          = hint: each source needs an id of its own: links to it use the id
        build failed: the previous output was left as it was
        ");
    }

    /// source `ID` has no name
    #[test]
    fn source_without_name() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                sources_page!("  - id: nrmp\n    name: \"\"\n    url: https://www.nrmp.org\n    checked: 2026-12-05\n"),
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/sources.md:6:5: source `nrmp` has no name
          |
        6 |     name: ""
          |     ^
          = hint: write the name of the body or publication, as the section's heading
        build failed: the previous output was left as it was
        "#);
    }

    /// source `ID` needs an http(s) address
    #[test]
    fn source_url_not_http() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                sources_page!("  - id: nrmp\n    name: NRMP\n    url: www.nrmp.org\n    checked: 2026-12-05\n"),
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/sources.md:7:5: source `nrmp` needs an http(s) address, found "www.nrmp.org"
          |
        7 |     url: www.nrmp.org
          |     ^
          = hint: write the page where the source publishes it, for example https://www.nrmp.org/
        build failed: the previous output was left as it was
        "#);
    }

    /// a second sources list
    #[test]
    fn a_second_sources_page() {
        let stderr = run(Case {
            files: &[
                (
                    "content/sources.md",
                    sources_page!("  - id: nrmp\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-12-05\n"),
                ),
                (
                    "content/more.md",
                    "---\ntitle: More\nsources:\n  - id: aamc\n    name: AAMC\n    url: https://www.aamc.org\n    checked: 2026-12-05\n---\nMore.\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/sources.md:4:1: a second sources list: content/more.md already has one
          |
        4 | sources:
          | ^
          = hint: keep every source in one page's `sources:` list
        build failed: the previous output was left as it was
        ");
    }

    /// source `ID`: broken link (in a note)
    #[test]
    fn a_note_links_to_a_missing_page() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                sources_page!("  - id: nrmp\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-12-05\n    note: \"Used in [step 2](step-2.md).\"\n"),
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/sources.md:9:5: source `nrmp`: broken link: content/step-2.md does not exist
          |
        9 |     note: "Used in [step 2](step-2.md)."
          |     ^
          = hint: link to an existing .md file, relative to this one
        build failed: the previous output was left as it was
        "#);
    }

    /// source `ID`: broken anchor (in a note)
    #[test]
    fn a_note_links_to_a_missing_heading() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                sources_page!("  - id: nrmp\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-12-05\n  - id: aamc\n    name: AAMC\n    url: https://www.aamc.org\n    checked: 2026-12-05\n    note: \"Runs ERAS; see the [home page](_index.md#welcome).\"\n"),
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/sources.md:13:5: source `aamc`: broken anchor: no heading with id `welcome` in content/_index.md
           |
        13 |     note: "Runs ERAS; see the [home page](_index.md#welcome)."
           |     ^
          = hint: link to a heading id that exists (see the page's table of contents)
        build failed: the previous output was left as it was
        "#);
    }

    /// heading id `ID` is also the id of a source listed on this page
    #[test]
    fn a_heading_takes_a_source_id() {
        let stderr = run(Case {
            files: &[(
                "content/sources.md",
                "---\ntitle: Sources\nsources:\n  - id: nrmp\n    name: NRMP\n    url: https://www.nrmp.org\n    checked: 2026-12-05\n---\n## The Match {#nrmp}\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/sources.md:9:1: heading id `nrmp` is also the id of a source listed on this page
          |
        9 | ## The Match {#nrmp}
          | ^
          = hint: choose another {#id}: each source's section takes its id
        build failed: the previous output was left as it was
        ");
    }
}

/// A page for the template cases to render.
const PAGE: (&str, &str) = ("content/x.md", "---\ntitle: X\n---\nText.\n");

/// Templates: Tera's errors located in the theme's files, and the page that
/// was being rendered.
mod templates {
    use super::*;

    /// template error (syntax)
    #[test]
    fn syntax() {
        let stderr = run(Case {
            files: &[
                PAGE,
                ("themes/default/templates/page.html", "<p>\n{% if %}\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: themes/default/templates/page.html:2:7: template error: Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`
          |
        2 | {% if %}
          |       ^
          = hint: fix the template, or delete it to fall back to the default theme's
        build failed: the previous output was left as it was
        ");
    }

    /// template error (unknown filter)
    #[test]
    fn unknown_filter() {
        let stderr = run(Case {
            files: &[
                PAGE,
                (
                    "themes/default/templates/page.html",
                    "<p>\n{{ page.title | nosuchfilter }}</p>\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: themes/default/templates/page.html:2:17: template error: Unknown filter `nosuchfilter`
          |
        2 | {{ page.title | nosuchfilter }}</p>
          |                 ^
          = hint: fix the template, or delete it to fall back to the default theme's
        build failed: the previous output was left as it was
        ");
    }

    /// template error (and N more template problems)
    #[test]
    fn and_more_template_problems() {
        let stderr = run(Case {
            files: &[
                PAGE,
                (
                    "themes/default/templates/page.html",
                    "<p>{{ page.title | shout }}</p>\n<p>{{ page.title | whisper }}</p>\n<p>{{ page.title | sing }}</p>\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: themes/default/templates/page.html:1:20: template error: Unknown filter `shout` (and 2 more template problems)
          |
        1 | <p>{{ page.title | shout }}</p>
          |                    ^
          = hint: fix the template, or delete it to fall back to the default theme's
        build failed: the previous output was left as it was
        ");
    }

    /// template error (while rendering PAGE)
    #[test]
    fn while_rendering_a_page() {
        let stderr = run(Case {
            files: &[
                PAGE,
                (
                    "themes/default/templates/page.html",
                    "<p>\n{{ page.title + 1 }}</p>\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: themes/default/templates/page.html:2:4: template error: `+` requires both operands to be numbers, found `string` and `i64` (while rendering content/x.md)
          |
        2 | {{ page.title + 1 }}</p>
          |    ^
          = hint: fix the template, or delete it to fall back to the default theme's
        build failed: the previous output was left as it was
        ");
    }

    /// template error (missing parent)
    #[test]
    fn missing_parent() {
        let stderr = run(Case {
            files: &[
                PAGE,
                (
                    "themes/default/templates/page.html",
                    "{% extends \"nope.html\" %}\n{% block main %}x{% endblock main %}\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: themes/default/templates/page.html:1:1: template error: Template 'page.html' is inheriting from 'nope.html', which doesn't exist or isn't loaded.
          |
        1 | {% extends "nope.html" %}
          | ^
          = hint: extend or include a template the theme has, without cycles
        build failed: the previous output was left as it was
        "#);
    }

    /// template error (circular extend)
    #[test]
    fn circular_extend() {
        let stderr = run(Case {
            files: &[
                PAGE,
                (
                    "themes/default/templates/page.html",
                    "{% extends \"page.html\" %}\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: themes/default/templates/page.html:1:1: template error: Circular extend detected for template 'page.html'
          |
        1 | {% extends "page.html" %}
          | ^
          = hint: extend or include a template the theme has, without cycles
        build failed: the previous output was left as it was
        "#);
    }

    /// template error (a block base.html lacks)
    #[test]
    fn a_block_base_html_lacks() {
        let stderr = run(Case {
            // Every built-in template that extends base.html is replaced, so
            // the error points into this case's files, not the built-in theme.
            files: &[
                PAGE,
                (
                    "themes/default/templates/base.html",
                    "<!DOCTYPE html>\n<html lang=\"en\">\n{% block main %}{% endblock main %}\n</html>\n",
                ),
                (
                    "themes/default/templates/page.html",
                    "{% extends \"base.html\" %}\n{% block main %}{{ page.content | safe }}{% endblock main %}\n{% block scripts %}<script></script>{% endblock scripts %}\n",
                ),
                ("themes/default/templates/index.html", "<h1>{{ page.title }}</h1>\n"),
                ("themes/default/templates/guide.html", "<h1>{{ page.title }}</h1>\n"),
                ("themes/default/templates/print.html", "<h1>{{ page.title }}</h1>\n"),
                ("themes/default/templates/about.html", "<h1>{{ page.title }}</h1>\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: themes/default/templates/page.html:3:10: template error: Block `scripts` is not defined in any parent template
          |
        3 | {% block scripts %}<script></script>{% endblock scripts %}
          |          ^
          = hint: the built-in templates extend base.html and fill its blocks title, head, main, scripts: an overriding base.html must define all of them
        build failed: the previous output was left as it was
        ");
    }

    /// template `NAME` not found (front matter)
    #[test]
    fn template_not_found_front_matter() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\ntemplate: wide.html\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:3:11: template `wide.html` not found
          |
        3 | template: wide.html
          |           ^
          = hint: use a template of the theme (page.html, guide.html, ...) or add it under themes/<theme>/templates/
        build failed: the previous output was left as it was
        ");
    }
}

/// The page the explained pages link to.
const SECOND: (&str, &str) = (
    "content/second.md",
    "---\ntitle: Second\n---\n## The mentor\n\nFind one.\n",
);

/// Links and anchors: between content files (with checklist `see:`), and
/// in the rendered files, where a template's links are checked.
mod links_and_anchors {
    use super::*;

    /// broken link: content/FILE does not exist (did you mean)
    #[test]
    fn broken_link_did_you_mean() {
        let stderr = run(Case {
            files: &[
                SECOND,
                (
                    "content/x.md",
                    "---\ntitle: X\n---\nSee [step two](secnd.md).\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: broken link: content/secnd.md does not exist
          |
        4 | See [step two](secnd.md).
          |     ^
          = hint: did you mean `second.md`?
        build failed: the previous output was left as it was
        ");
    }

    /// broken link: content/FILE does not exist
    #[test]
    fn broken_link() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nFill in [the form](forms/apply.md).\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:9: broken link: content/forms/apply.md does not exist
          |
        4 | Fill in [the form](forms/apply.md).
          |         ^
          = hint: link to an existing .md file, relative to this one
        build failed: the previous output was left as it was
        ");
    }

    /// a line longer than 240 characters: a window around the column
    #[test]
    fn long_line_shows_a_window() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\n---\nApplicants who trained abroad often ask what the committee reads first, and the honest answer is that it reads everything, in no particular order, and rarely twice; so put what matters where it is seen, then link to [the checklist](checklst.md) and keep going with more words about what follows after the link until the line is far too long for any terminal.\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:217: broken link: content/checklst.md does not exist
          |
        4 | …lar order, and rarely twice; so put what matters where it is seen, then link to [the checklist](checklst.md) and keep going with more words about what follows after the link until the line is far too long for any terminal.
          |                                                                                  ^
          = hint: link to an existing .md file, relative to this one
        build failed: the previous output was left as it was
        ");
    }

    /// more than ten errors in one file: ... and N more errors in FILE
    #[test]
    fn more_than_ten_errors_in_a_file() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: X\n---\n[1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:1: broken link: content/p1.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          | ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:12: broken link: content/p2.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |            ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:23: broken link: content/p3.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                       ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:34: broken link: content/p4.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                                  ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:45: broken link: content/p5.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                                             ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:56: broken link: content/p6.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                                                        ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:67: broken link: content/p7.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                                                                   ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:78: broken link: content/p8.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                                                                              ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:89: broken link: content/p9.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                                                                                         ^
          = hint: did you mean `x.md`?

        error: content/x.md:4:100: broken link: content/p10.md does not exist
          |
        4 | [1](p1.md) [2](p2.md) [3](p3.md) [4](p4.md) [5](p5.md) [6](p6.md) [7](p7.md) [8](p8.md) [9](p9.md) [10](p10.md) [11](p11.md)
          |                                                                                                    ^
          = hint: link to an existing .md file, relative to this one

        ... and 1 more error in content/x.md

        11 errors
        build failed: the previous output was left as it was
        ");
    }

    /// link leaves the content folder
    #[test]
    fn link_leaves_the_content_folder() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nRead [the README](../README.md).\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:6: link `../README.md` leaves the content folder
          |
        4 | Read [the README](../README.md).
          |      ^
          = hint: link to another .md file under content/
        build failed: the previous output was left as it was
        ");
    }

    /// broken anchor: no heading with id (did you mean)
    #[test]
    fn broken_anchor_did_you_mean() {
        let stderr = run(Case {
            files: &[
                SECOND,
                (
                    "content/x.md",
                    "---\ntitle: X\n---\nAsk [a mentor](second.md#the-mentr).\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: broken anchor: no heading with id `the-mentr` in content/second.md
          |
        4 | Ask [a mentor](second.md#the-mentr).
          |     ^
          = hint: did you mean `#the-mentor`?
        build failed: the previous output was left as it was
        ");
    }

    /// broken anchor: no heading with id
    #[test]
    fn broken_anchor() {
        let stderr = run(Case {
            files: &[
                SECOND,
                (
                    "content/x.md",
                    "---\ntitle: X\n---\nSee [the appendix](second.md#appendix).\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: broken anchor: no heading with id `appendix` in content/second.md
          |
        4 | See [the appendix](second.md#appendix).
          |     ^
          = hint: link to a heading id that exists (see the page's table of contents)
        build failed: the previous output was left as it was
        ");
    }

    /// duplicate heading id
    #[test]
    fn duplicate_heading_id() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\n## Costs {#money}\n\n## Grants {#money}\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:6:1: duplicate heading id `money`
          |
        6 | ## Grants {#money}
          | ^
          = hint: each {#id} must be unique on its page
        build failed: the previous output was left as it was
        ");
    }

    /// heading id the templates use
    #[test]
    fn heading_id_the_templates_use() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nIntro.\n\n## Where to look {#search}\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:6:1: heading id `search` is already the id of an element of every page
          |
        6 | ## Where to look {#search}
          | ^
          = hint: choose another {#id}; the theme's templates use `main`, `search`, `search-input`, `steps-heading`, `more-heading`, `toc-heading`, `coming-up`, `coming-up-heading`, `page-checklist`, `page-checklist-heading`, `plan`, `plan-heading`, `plan-share`, `plan-export`, `plan-import`, `plan-file`, `plan-link-box`, `plan-link`, `plan-msg`, `ask`, `ask-title`, `ask-body`, `ask-ok`
        build failed: the previous output was left as it was
        ");
    }

    /// an HTML comment never closed
    #[test]
    fn an_html_comment_never_closed() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nIntro.\n\n<div>\n<!-- draft: hide this\n</div>\n\nThe rest.\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:7:1: this HTML comment is never closed: it hides the rest of the page, and of the print page
          |
        7 | <!-- draft: hide this
          | ^
          = hint: end it with `-->`, or write `&lt;!--` to show the characters
        build failed: the previous output was left as it was
        ");
    }

    /// checklist see target is not a heading
    #[test]
    fn checklist_see_target_is_not_a_heading() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: ask\n        text: Ask a mentor\n        see: \"#the-mentr\"\n---\n## The mentor\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r##"
        error: content/x.md:9:15: checklist item "ask": see target `#the-mentr` is not a heading in content/x.md
          |
        9 |         see: "#the-mentr"
          |               ^
          = hint: did you mean `#the-mentor`?
        build failed: the previous output was left as it was
        "##);
    }

    /// checklist see must point into the guide
    #[test]
    fn checklist_see_must_point_into_the_guide() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: ask\n        text: Ask a mentor\n        see: \"https://example.org/\"\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:15: checklist item "ask": see must point into the guide, found `https://example.org/`
          |
        9 |         see: "https://example.org/"
          |               ^
          = hint: use `#heading-id` on this page, or `other-page.md#heading-id`
        build failed: the previous output was left as it was
        "#);
    }

    /// checklist item: broken link (a see that resolves nowhere)
    #[test]
    fn checklist_see_resolves_nowhere() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: ask\n        text: Ask a mentor\n        see: \"mentors.md#list\"\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:9:15: checklist item "ask": broken link: content/mentors.md does not exist
          |
        9 |         see: "mentors.md#list"
          |               ^
          = hint: link to an existing .md file, relative to this one
        build failed: the previous output was left as it was
        "#);
    }

    /// broken link `URL`: no file PATH in the site / broken anchor `URL`: PATH has no id
    #[test]
    fn broken_link_and_anchor_in_a_built_file() {
        let stderr = run(Case {
            files: &[
                PAGE,
                (
                    "themes/default/templates/page.html",
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<title>{{ page.title }}</title>\n<h1>{{ page.title }}</h1>\n<a href=\"{{ url(path=\"gone/\") }}\">gone</a> <a href=\"{{ url(path=\"#top\") }}\">top</a>\n</html>\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: output/x/index.html:5:1: broken link `../gone/`: no file gone/index.html in the site
          |
        5 | <a href="../gone/">gone</a> <a href="../#top">top</a>
          | ^
          = hint: this link is in the rendered x/index.html; if it comes from a template, fix the template's url(path=...)

        error: output/x/index.html:5:29: broken anchor `../#top`: index.html has no id `top`
          |
        5 | <a href="../gone/">gone</a> <a href="../#top">top</a>
          |                             ^
          = hint: this link is in the rendered x/index.html; if it comes from a template, fix the template's url(path=...)

        2 errors
        build failed: the previous output was left as it was
        "#);
    }

    /// broken link `/URL`: no file PATH in the site (a page, from content's raw HTML)
    #[test]
    fn root_link_to_no_page_raw_html() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nSee <a href=\"/forms/apply/\">the form</a>.\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:4:5: broken link `/forms/apply/`: no file forms/apply/index.html in the site
          |
        4 | See <a href="/forms/apply/">the form</a>.
          |     ^
          = hint: check the address, or link to the page's .md file (`[text](page.md)`), which stays right when the page moves
        build failed: the previous output was left as it was
        "#);
    }

    /// broken link `/URL`: no file PATH in the site (a file, from content's Markdown)
    #[test]
    fn root_link_to_no_file_markdown() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\n![Chart](/img/chart.png)\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:1: broken link `/img/chart.png`: no file img/chart.png in the site
          |
        4 | ![Chart](/img/chart.png)
          | ^
          = hint: check the address, or put the file at static/img/chart.png
        build failed: the previous output was left as it was
        ");
    }

    /// broken link `/URL`: it leads outside the site (from content)
    #[test]
    fn root_link_leads_outside_the_site() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nRead [the notes](/../notes.txt).\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:6: broken link `/../notes.txt`: it leads outside the site
          |
        4 | Read [the notes](/../notes.txt).
          |      ^
          = hint: check the address: a path from the site root cannot climb above it
        build failed: the previous output was left as it was
        ");
    }

    /// broken anchor `/URL#ID`: PATH has no id (from content, did you mean)
    #[test]
    fn root_anchor_did_you_mean() {
        let stderr = run(Case {
            files: &[
                SECOND,
                (
                    "content/x.md",
                    "---\ntitle: X\n---\nAsk [a mentor](/second/#the-mentr).\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: broken anchor `/second/#the-mentr`: second/index.html has no id `the-mentr`
          |
        4 | Ask [a mentor](/second/#the-mentr).
          |     ^
          = hint: did you mean `/second/#the-mentor`?
        build failed: the previous output was left as it was
        ");
    }

    /// broken anchor `/URL#ID`: PATH has no id (from content)
    #[test]
    fn root_anchor() {
        let stderr = run(Case {
            files: &[
                SECOND,
                (
                    "content/x.md",
                    "---\ntitle: X\n---\nSee [the appendix](/second/#appendix).\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: broken anchor `/second/#appendix`: second/index.html has no id `appendix`
          |
        4 | See [the appendix](/second/#appendix).
          |     ^
          = hint: link to an id that exists on that page (its headings' ids are in its table of contents)
        build failed: the previous output was left as it was
        ");
    }

    /// broken anchor `/URL#ID`: PATH has no id (from content, on the print page only)
    #[test]
    fn root_anchor_on_the_print_page_only() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nBack to [the top](/x/#main).\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:9: broken anchor `/x/#main`: print/index.html has no id `x--main`
          |
        4 | Back to [the top](/x/#main).
          |         ^
          = hint: on the print page, a page has only the ids of its Markdown: link to one of its headings
        build failed: the previous output was left as it was
        ");
    }
}

/// Files beside the pages: a link to one that is not there, and one that a
/// file of `static/` would be published over.
mod files_beside_pages {
    use super::*;

    /// broken link `FILE`: no file PATH in the site (written in a page bundle)
    #[test]
    fn missing_file_beside_a_bundle() {
        let stderr = run(Case {
            files: &[(
                "content/step/index.md",
                "---\ntitle: Step\n---\nThe [form](forms/form.pdf).\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/step/index.md:4:5: broken link `forms/form.pdf`: no file step/forms/form.pdf in the site
          |
        4 | The [form](forms/form.pdf).
          |     ^
          = hint: check the address, or put the file beside the page, at content/step/forms/form.pdf
        build failed: the previous output was left as it was
        ");
    }

    /// broken link `FILE`: an image missing from its page bundle, as
    /// `stepwise check` reports it
    #[test]
    fn missing_image_beside_a_bundle_check() {
        let stderr = run(Case {
            files: &[(
                "content/step/index.md",
                "---\ntitle: Step\ndescription: A step.\n---\nThe map:\n\n  ![A map](maps/map.png)\n",
            )],
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content/step/index.md:7:3: broken link `maps/map.png`: no file step/maps/map.png in the site
          |
        7 |   ![A map](maps/map.png)
          |   ^
          = hint: check the address, or put the file beside the page, at content/step/maps/map.png
        check failed
        ");
    }

    /// this file and static/PATH would both be published as PATH
    #[test]
    fn static_file_at_the_same_path() {
        let stderr = run(Case {
            files: &[
                (
                    "content/step/index.md",
                    "---\ntitle: Step\n---\n![A map](map.png)\n",
                ),
                ("content/step/map.png", "a map"),
                ("static/step/map.png", "another map"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/step/map.png: this file and static/step/map.png would both be published as step/map.png
          = hint: rename or move one of the two files
        build failed: the previous output was left as it was
        ");
    }
}

/// `stepwise check`: the publishing checks, on top of everything `build`
/// checks.
mod publishing_checks {
    use super::*;

    /// no description
    #[test]
    fn no_description() {
        let stderr = run(Case {
            files: &[PAGE],
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:2:1: no description
          |
        2 | title: X
          | ^
          = hint: add `description: ...`, one sentence for search results and cards
        check failed
        ");
    }

    /// description is N characters
    #[test]
    fn description_length() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\ndescription: \"This page explains, in far more words than any search engine will ever show under its title, everything a reader might want to know before they even think of starting step one.\"\n---\n",
            )],
            ..CHECK
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:3:1: description is 176 characters; search engines cut it after 160
          |
        3 | description: "This page explains, in far more words than any search engine will ever show under its title, everything a reader might want to know before they even think of starting step one."
          | ^
          = hint: shorten it to one sentence
        check failed
        "#);
    }

    /// a second h1
    #[test]
    fn a_second_h1() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\ndescription: X.\n---\nText.\n\n# Again\n",
            )],
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:7:1: a second h1: the page's title is already its h1
          |
        7 | # Again
          | ^
          = hint: start the Markdown body's headings at ##
        check failed
        ");
    }

    /// image has no alt text
    #[test]
    fn image_has_no_alt_text() {
        let stderr = run(Case {
            files: &[
                (
                    "static/logo.svg",
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
                ),
                (
                    "content/x.md",
                    "---\ntitle: X\ndescription: X.\n---\n![](/logo.svg)\n",
                ),
            ],
            ..CHECK
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:5:1: image `/logo.svg` has no alt text
          |
        5 | ![](/logo.svg)
          | ^
          = hint: describe the image: ![what it shows](path)
        check failed
        ");
    }

    /// image has no alt text (raw HTML in the Markdown, and a raw h1)
    #[test]
    fn raw_html_image_and_h1() {
        let stderr = run(Case {
            files: &[
                ("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
                (
                    "content/x.md",
                    "---\ntitle: X\ndescription: X.\n---\n<div>\n<h1>Again</h1>\n<p>Logo: <img src=\"/logo.svg\"></p>\n</div>\n",
                ),
            ],
            ..CHECK
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:6:1: a second h1: the page's title is already its h1
          |
        6 | <h1>Again</h1>
          | ^
          = hint: start the Markdown body's headings at ##

        error: content/x.md:7:10: image `/logo.svg` has no alt text
          |
        7 | <p>Logo: <img src="/logo.svg"></p>
          |          ^
          = hint: describe the image: <img alt="what it shows" ...>

        2 errors
        check failed
        "#);
    }

    /// N h1 headings; a page needs exactly one / an image of the template has no alt text
    #[test]
    fn template_h1s_and_image() {
        let stderr = run(Case {
            files: &[
                ("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
                ("content/x.md", "---\ntitle: X\ndescription: X.\n---\nText.\n"),
                (
                    "themes/default/templates/page.html",
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<title>{{ page.title }}</title>\n<img src=\"{{ url(path=\"logo.svg\") }}\">\n{{ page.content | safe }}\n</html>\n",
                ),
            ],
            ..CHECK
        });
        assert_snapshot!(stderr, @r#"
        error: output/x/index.html:1:1: 0 h1 headings; a page needs exactly one
          |
        1 | <!DOCTYPE html>
          | ^
          = hint: the page's template must render exactly one h1 (usually the title)

        error: output/x/index.html:4:1: an image of the template has no alt text
          |
        4 | <img src="../logo.svg">
          | ^
          = hint: give the template's <img> an alt attribute (alt="" if it is decoration)

        2 errors
        check failed
        "#);
    }
}

/// `--out` folders whose replacement would destroy the user's files, or
/// that a build could not use.
mod output_folder_refusals {
    use super::*;

    /// refusing to write output: a file
    #[test]
    fn a_file() {
        let stderr = run(Case {
            args: &["build", "--root", "{root}", "--out", "{root}/site.yaml"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}/site.yaml: it is a file, not a folder
          = hint: name a new or empty folder, or one stepwise built before
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: under a file
    #[test]
    fn under_a_file() {
        let stderr = run(Case {
            args: &[
                "build",
                "--root",
                "{root}",
                "--out",
                "{root}/site.yaml/output",
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}/site.yaml/output: {root}/site.yaml is a file, not a folder
          = hint: name a new or empty folder, or one stepwise built before
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: a folder stepwise did not build
    #[test]
    fn a_folder_stepwise_did_not_build() {
        let stderr = run(Case {
            files: &[
                ("notes/todo.txt", "Call Ana.\n"),
                ("notes/ideas/one.md", "# One\n"),
                ("notes/.hidden", "x\n"),
                ("notes/z.txt", "z\n"),
            ],
            args: &["build", "--root", "{root}", "--out", "{root}/notes"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}/notes: stepwise did not build this folder (it has no .stepwise-output file) and it holds .hidden, ideas/, todo.txt and 1 more
          = hint: choose an empty folder, or move the files that belong in the site into static/ and delete this folder
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: inside an output folder
    #[test]
    fn inside_an_output_folder() {
        let stderr = run(Case {
            files: &[("output/.stepwise-output", "stepwise\n")],
            args: &["build", "--root", "{root}", "--out", "output/guide"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to output/guide: it is inside {root}/output, a folder stepwise builds and replaces
          = hint: name a folder outside every output folder
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: the site's root folder
    #[test]
    fn the_site_root() {
        let stderr = run(Case {
            args: &["build", "--root", "{root}", "--out", "{root}"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}: it is the site's root folder
          = hint: build into a folder of its own: leave out --out to use output/ in the site's root, or name a new or empty folder
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: contains the site's root folder
    #[test]
    fn contains_the_site_root() {
        let stderr = run(Case {
            args: &["build", "--root", "{root}", "--out", "{root}/.."],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}/..: it contains the site's root folder
          = hint: build into a folder of its own: leave out --out to use output/ in the site's root, or name a new or empty folder
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: inside content/
    #[test]
    fn inside_content() {
        let stderr = run(Case {
            args: &["build", "--root", "{root}", "--out", "{root}/content/site"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}/content/site: it is inside content/, which holds your sources
          = hint: build into a folder of its own: leave out --out to use output/ in the site's root, or name a new or empty folder
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: inside themes/
    #[test]
    fn inside_themes() {
        let stderr = run(Case {
            args: &["build", "--root", "{root}", "--out", "{root}/themes"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}/themes: it is inside themes/, which holds your sources
          = hint: build into a folder of its own: leave out --out to use output/ in the site's root, or name a new or empty folder
        build failed: the previous output was left as it was
        ");
    }

    /// refusing to write output: inside static/
    #[test]
    fn inside_static() {
        let stderr = run(Case {
            args: &["build", "--root", "{root}", "--out", "{root}/static/out"],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: refusing to write output to {root}/static/out: it is inside static/, which holds your sources
          = hint: build into a folder of its own: leave out --out to use output/ in the site's root, or name a new or empty folder
        build failed: the previous output was left as it was
        ");
    }
}

/// The write stage's own checks on the files a build hands it.
#[test]
fn output_files() {
    // two files of the site would be written to PATH
    let stderr = run(Case {
        files: &[
            (
                "content/about.md",
                "---\ntitle: About\ndescription: About.\n---\nHi.\n",
            ),
            ("static/about/index.html", "<!DOCTYPE html>\n"),
        ],
        ..BUILD
    });
    assert_snapshot!(stderr, @"
    error: static/about/index.html: this file would be written to about/index.html, where the page of content/about.md goes
      = hint: rename or move the file (or give the page another `slug:`): two files cannot have one path
    build failed: the previous output was left as it was
    ");
    // A file beside the pages at a page's path reaches the write stage.
    let stderr = run(Case {
        files: &[
            (
                "content/about.md",
                "---\ntitle: About\ndescription: About.\n---\nHi.\n",
            ),
            ("content/about/index.html", "<!DOCTYPE html>\n"),
        ],
        ..BUILD
    });
    assert_snapshot!(stderr, @r#"
    error: output: two files of the site would be written to "about/index.html"
      = hint: a file in static/, beside the pages in content/ or in the theme has the path of a page or of another file stepwise writes; rename one of them
    build failed: the previous output was left as it was
    "#);
}

/// Files beside the pages are published as they are: their names (and
/// their folders') are held to `static/`'s rule, while pages keep theirs.
#[test]
fn names_of_files_beside_the_pages() {
    let stderr = run(Case {
        files: &[
            (
                "content/step:2/page.md",
                "---\ntitle: Page\ndescription: A page.\n---\nHi.\n",
            ),
            ("content/step:2/form.pdf", "%PDF-1.7\n"),
            ("content/a:b.png", "png"),
        ],
        ..BUILD
    });
    assert_snapshot!(stderr, @"
    error: content/a:b.png: the name of this file holds `:`, which Windows cannot hold in a name and a link reads as the start of an address
      = hint: rename the file: stepwise leaves it out until then

    error: content/step:2: the name of this folder holds `:`, which Windows cannot hold in a name and a link reads as the start of an address
      = hint: rename the folder: stepwise leaves out the files in it that are not pages until then

    2 errors
    build failed: the previous output was left as it was
    ");
}

/// A guide's text that imports cleanly.
const GUIDE: (&str, &str) = (
    "guide.txt",
    "Matching Guide\n\nStep 1: Plan\n\nPlan it.\n\nStep 2: Apply\n\nApply now.\n",
);

/// `stepwise import guide.txt --into content/guide`.
const IMPORT: Case = Case {
    args: &["import", "guide.txt", "--into", "content/guide"],
    ..BUILD
};

/// `stepwise import`: input that is not a guide's text, a guide it cannot
/// split, and a target folder it would damage. Paths are as typed (relative
/// to the folder it runs in).
mod import_errors {
    use super::*;

    /// the file is UTF-16 text, not UTF-8
    #[test]
    fn utf16() {
        let stderr = run(Case {
            setup: |r| std::fs::write(r.join("guide.txt"), b"\xff\xfeS\0t\0e\0p\0").expect("write"),
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: guide.txt: the file is UTF-16 text, not UTF-8
          = hint: re-save it as UTF-8 (in most editors: Save As… → Encoding: UTF-8)
        import failed: nothing was written
        ");
    }

    /// this is a binary file, not text
    #[test]
    fn binary_file() {
        let stderr = run(Case {
            setup: |r| std::fs::write(r.join("guide.txt"), b"Guide\nab\0cd\n").expect("write"),
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: guide.txt:2:3: this is a binary file, not text (it contains NUL bytes)
          = hint: import the guide's text: copy it from the web page into a .txt file, or use a .md file
        import failed: nothing was written
        ");
    }

    /// not valid UTF-8 (byte 0x..) (import)
    #[test]
    fn not_utf8() {
        // `�` is how the source line shows the bad byte.
        let stderr = run(Case {
            setup: |r| {
                std::fs::write(r.join("guide.txt"), b"Guide\n\nCaf\xe9 hours\n").expect("write")
            },
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: guide.txt:3:4: not valid UTF-8 (byte 0xE9)
          |
        3 | Caf� hours
          |    ^
          = hint: re-save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)
        import failed: nothing was written
        ");
    }

    /// the file is empty
    #[test]
    fn empty_file() {
        let stderr = run(Case {
            files: &[("guide.txt", "\n \n\n")],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: guide.txt: the file is empty
          = hint: copy the guide's text from the web page into this file, then import it again
        import failed: nothing was written
        ");
    }

    /// this is an HTML page, not the guide's text
    #[test]
    fn html_page() {
        let stderr = run(Case {
            files: &[(
                "guide.txt",
                "<!DOCTYPE html>\n<html><body><p>Step 1: Plan</p></body></html>\n",
            )],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: guide.txt:1:1: this is an HTML page, not the guide's text
          |
        1 | <!DOCTYPE html>
          | ^
          = hint: open the page in a browser, select the article, copy it and paste it into a .txt file
        import failed: nothing was written
        ");
    }

    /// no recognisable sections
    #[test]
    fn no_recognisable_sections() {
        let stderr = run(Case {
            files: &[("guide.txt", "A Guide Without Steps\n\nWhy It Matters\n\nSome text about it.\n\nWhat To Do\n\nMore text.\n")],
            ..IMPORT
        });
        assert_snapshot!(stderr, @r#"
        error: guide.txt: no recognisable sections: found no "Step N: …" heading (2 other headings)
          = hint: the importer splits a guide at lines like "Step 1: Plan your path" standing on their own line; check that this is the guide's text
        import failed: nothing was written
        "#);
    }

    /// step N appears twice
    #[test]
    fn step_appears_twice() {
        let stderr = run(Case {
            files: &[(
                "guide.txt",
                "Matching Guide\n\nStep 1: Plan\n\nPlan it.\n\nStep 1: Apply\n\nApply now.\n",
            )],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: guide.txt:7:1: step 1 appears twice: here and at line 3
          |
        7 | Step 1: Apply
          | ^
          = hint: renumber one of the two sections, or merge them into one
        import failed: nothing was written
        ");
    }

    /// no title before the first step
    #[test]
    fn no_title_before_the_first_step() {
        let stderr = run(Case {
            files: &[(
                "guide.txt",
                "Step 1: Plan\n\nPlan it.\n\nStep 2: Apply\n\nApply now.\n",
            )],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: guide.txt:1:1: no title before the first step
          |
        1 | Step 1: Plan
          | ^
          = hint: put the guide's title on the first line, above its first section
        import failed: nothing was written
        ");
    }

    /// --into must be a folder
    #[test]
    fn into_must_be_a_folder() {
        let stderr = run(Case {
            files: &[GUIDE],
            args: &["import", "guide.txt", "--into", "site.yaml"],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: site.yaml: --into must be a folder, and this is a file
          = hint: pass the content folder, e.g. --into content
        import failed: nothing was written
        ");
    }

    /// a folder is in the way of this file
    #[test]
    fn folder_in_the_way() {
        let stderr = run(Case {
            files: &[GUIDE],
            setup: |r| std::fs::create_dir_all(r.join("content/guide/_index.md")).expect("mkdir"),
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: content/guide/_index.md: a folder is in the way of this file
          = hint: rename or move the folder, or import into another folder with --into
        import failed: nothing was written
        ");
    }

    /// already exists; the import would overwrite it
    #[test]
    fn would_overwrite() {
        let stderr = run(Case {
            files: &[GUIDE],
            args: &["import", "guide.txt", "--into", "content"],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: content/_index.md: already exists; the import would overwrite it
          = hint: pass --force to overwrite it, or import into another folder with --into
        import failed: nothing was written
        ");
    }

    /// already has step N
    #[test]
    fn already_has_step() {
        let stderr = run(Case {
            files: &[
                GUIDE,
                ("content/guide/old.md", "---\ntitle: Old\nstep: 2\n---\n"),
            ],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: content/guide/old.md: already has step 2, which the import would add again as step-2-apply.md
          = hint: import the guide into a folder of its own, e.g. --into content/<guide>, or remove the old step pages
        import failed: nothing was written
        ");
    }
}

/// `stepwise init`: the folders it will not write into.
mod init_errors {
    use super::*;
    const INIT: Case = Case {
        args: &["init", "{root}"],
        ..BUILD
    };

    /// this folder is not empty (it holds ...)
    #[test]
    fn folder_not_empty() {
        let stderr = run(Case { ..INIT });
        assert_snapshot!(stderr, @"
        error: {root}: this folder is not empty (it holds content/, site.yaml)
          = hint: give the name of a new folder, or empty this one: init never writes over your files
        init failed: nothing was written
        ");
    }

    /// this folder is not empty (... and N more)
    #[test]
    fn folder_not_empty_and_more() {
        let stderr = run(Case {
            files: &[("a.txt", "a\n"), ("b.txt", "b\n"), (".hidden", "h\n")],
            args: &["init", "."],
            ..INIT
        });
        assert_snapshot!(stderr, @"
        error: .: this folder is not empty (it holds a.txt, b.txt, content/ and 1 more)
          = hint: give the name of a new folder, or empty this one: init never writes over your files
        init failed: nothing was written
        ");
    }

    /// this is a file, not a folder
    #[test]
    fn a_file_not_a_folder() {
        let stderr = run(Case {
            args: &["init", "site.yaml"],
            ..INIT
        });
        assert_snapshot!(stderr, @"
        error: site.yaml: this is a file, not a folder
          = hint: give the name of a new folder: `stepwise init my-guide`
        init failed: nothing was written
        ");
    }
}

/// A dry run does not stop at a problem of the target folder: it lists each
/// one (under "Notes"), in the words of the error a real import would stop
/// with.
#[test]
fn import_dry_run_names_what_a_real_import_would_stop_at() {
    let dir = site(&[
        GUIDE,
        ("content/guide/old.md", "---\ntitle: Old\nstep: 2\n---\n"),
    ]);
    std::fs::create_dir_all(dir.path().join("content/guide/_index.md")).expect("mkdir");
    let out = run_in(
        dir.path(),
        &[
            "import",
            "guide.txt",
            "--into",
            "content/guide",
            "--dry-run",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_snapshot!(whole(stdout), @r#"
    Would import guide.txt (plain text, 9 lines) into content/guide/:

      _index.md  (exists: needs --force)
          "Matching Guide"
          overview: 0 headings, 0 list items, 0 tags
      step-1-plan.md
          "Step 1: Plan"
          step 1: 0 headings, 0 list items, checklist of 1 item in 1 group
      step-2-apply.md
          "Step 2: Apply"
          step 2: 0 headings, 0 list items, checklist of 1 item in 1 group

    Nothing was dropped: no site chrome found.

    Notes:
      - the 2 checklist items were drafted from the text: step pages are marked `imported: true` until an editor reviews them
      - a real import would stop here: content/guide/_index.md: a folder is in the way of this file
      - a real import would stop here: content/guide/old.md: already has step 2, which the import would add again as step-2-apply.md

    Dry run: nothing was written (3 files would be written).
    "#);
}

/// Problems only the file system can cause: links, folders where files
/// should be, unreadable bytes. The operating system's words are part of
/// the text, so these are pinned on Linux only.
#[cfg(target_os = "linux")]
mod file_system_errors {
    use super::*;
    use std::os::unix::fs::symlink;

    /// symlink loop
    #[test]
    fn symlink_loop() {
        let stderr = run(Case {
            setup: |r| symlink(r.join("content"), r.join("content/loop")).expect("symlink"),
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/loop: symlink loop: this link points back to a folder that contains it
          = hint: remove the link or point it somewhere outside its own parents
        build failed: the previous output was left as it was
        ");
    }

    /// broken symlink (content/)
    #[test]
    fn broken_symlink_content() {
        let stderr = run(Case {
            setup: |r| {
                symlink(r.join("content/moved.md"), r.join("content/old.md")).expect("symlink")
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/old.md: broken symlink: it points to {root}/content/moved.md, which does not exist
          = hint: fix the link's target, or remove the link
        build failed: the previous output was left as it was
        ");
    }

    /// PATH: OS error (site.yaml)
    #[test]
    fn site_yaml_is_a_folder() {
        let stderr = run(Case {
            setup: |r| {
                std::fs::remove_file(r.join("site.yaml")).expect("remove");
                std::fs::create_dir(r.join("site.yaml")).expect("mkdir");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: {root}/site.yaml: Is a directory (os error 21)
        build failed: the previous output was left as it was
        ");
    }

    /// PATH: OS error (a template that is not UTF-8)
    #[test]
    fn template_not_utf8() {
        let stderr = run(Case {
            setup: |r| {
                std::fs::create_dir_all(r.join("themes/default/templates")).expect("mkdir");
                std::fs::write(
                    r.join("themes/default/templates/page.html"),
                    b"<p>Caf\xe9</p>\n",
                )
                .expect("write");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: {root}/themes/default/templates/page.html: stream did not contain valid UTF-8
        build failed: the previous output was left as it was
        ");
    }

    /// broken symlink (a theme's file)
    #[test]
    fn broken_symlink_theme() {
        let stderr = run(Case {
            setup: |r| {
                std::fs::create_dir_all(r.join("themes/default/templates")).expect("mkdir");
                symlink(
                    r.join("gone.html"),
                    r.join("themes/default/templates/page.html"),
                )
                .expect("symlink");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: themes/default/templates/page.html: broken symlink: it points to {root}/gone.html, which does not exist
          = hint: fix the link's target, or remove the link
        build failed: the previous output was left as it was
        ");
    }

    /// broken symlink (static/)
    #[test]
    fn broken_symlink_static() {
        let stderr = run(Case {
            setup: |r| {
                std::fs::create_dir_all(r.join("static")).expect("mkdir");
                symlink(r.join("gone.css"), r.join("static/extra.css")).expect("symlink");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: static/extra.css: broken symlink: it points to {root}/gone.css, which does not exist
          = hint: fix the link's target, or remove the link
        build failed: the previous output was left as it was
        ");
    }

    /// PATH: OS error (import: no such input)
    #[test]
    fn import_no_such_input() {
        let stderr = run(Case { ..IMPORT });
        assert_snapshot!(stderr, @"
        error: guide.txt: No such file or directory (os error 2)
        import failed: nothing was written
        ");
    }

    /// PATH: OS error (import: --into under a file)
    #[test]
    fn import_into_under_a_file() {
        let stderr = run(Case {
            files: &[GUIDE],
            args: &["import", "guide.txt", "--into", "site.yaml/guide"],
            ..IMPORT
        });
        assert_snapshot!(stderr, @"
        error: site.yaml/guide: Not a directory (os error 20)
        import failed: nothing was written
        ");
    }
}

/// Hostile and careless input (issue 15): names that make no URL, control
/// characters, deep YAML, settings that could publish the wrong thing, and
/// several problems found in one run.
mod hostile_input {
    use super::*;

    /// the file name has no letters or digits to make a URL from
    #[test]
    fn file_name_makes_no_url() {
        let stderr = run(Case {
            files: &[("content/!!!.md", "---\ntitle: Bang\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/!!!.md:1:1: the file name `!!!.md` has no letters or digits to make a URL from
          |
        1 | ---
          | ^
          = hint: add a line `slug: bang` to the front matter, or rename the file
        build failed: the previous output was left as it was
        ");
    }

    /// slug is not URL-safe (nothing left of it)
    #[test]
    fn slug_makes_no_url() {
        let stderr = run(Case {
            files: &[("content/x.md", "---\ntitle: Bang\nslug: \"!!!\"\n---\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:3:8: slug "!!!" is not URL-safe
          |
        3 | slug: "!!!"
          |        ^
          = hint: use lowercase letters, digits and -, e.g. "bang"
        build failed: the previous output was left as it was
        "#);
    }

    /// this folder's name has no letters or digits
    #[test]
    fn folder_name_makes_no_url() {
        let stderr = run(Case {
            files: &[
                ("content/###/a.md", "---\ntitle: A\n---\n"),
                ("content/###/b.md", "---\ntitle: B\n---\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/###: this folder's name has no letters or digits to make its URL from
          = hint: rename the folder: its name, in lowercase with - between words, becomes part of its pages' URLs
        build failed: the previous output was left as it was
        ");
    }

    /// this folder and FOLDER would both be published at /URL/
    #[test]
    fn two_folders_at_one_url() {
        let stderr = run(Case {
            files: &[
                ("content/My Guide/a.md", "---\ntitle: A\n---\n"),
                ("content/my-guide/b.md", "---\ntitle: B\n---\n"),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/my-guide: this folder and content/My Guide would both be published at /my-guide/
          = hint: rename one of them: folder names become URLs in lowercase, with - for spaces and punctuation
        build failed: the previous output was left as it was
        ");
    }

    /// control character U+XXXX (NAME) is not allowed
    #[test]
    fn control_character() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nRing\u{7} the \u{1b}[1mbell\u{1b}[0m.\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: control character U+0007 (BEL) is not allowed
          |
        4 | Ring␇ the ␛[1mbell␛[0m.
          |     ^
          = hint: delete it and the 2 others in this file: web pages and feeds cannot carry control characters
        build failed: the previous output was left as it was
        ");
    }

    /// control character (site.yaml)
    #[test]
    fn control_character_site_yaml() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\u{c}\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: site.yaml:1:12: control character U+000C (FF) is not allowed
          |
        1 | title: Diag␌
          |            ^
          = hint: delete it: web pages and feeds cannot carry control characters
        build failed: the previous output was left as it was
        ");
    }

    /// `KEY` holds control character U+XXXX (NAME), written as the escape `\x`
    #[test]
    fn control_character_as_yaml_escape() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: \"Red \\e[31malert\\e[0m\"\n---\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:2:13: `title` holds control character U+001B (ESC), written as the escape `\e`
          |
        2 | title: "Red \e[31malert\e[0m"
          |             ^
          = hint: delete the escape and the other one in this value: web pages and feeds cannot carry control characters
        build failed: the previous output was left as it was
        "#);
    }

    /// `KEY` holds control character (site.yaml, nested)
    #[test]
    fn control_character_as_yaml_escape_site_yaml() {
        let stderr = run(Case {
            files: &[(
                "site.yaml",
                "title: Diag\nextra:\n  footer: [\"\\a\\x07\\u0007 ding\"]\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:3:13: `footer` holds control character U+0007 (BEL), written as the escape `\a`
          |
        3 |   footer: ["\a\x07\u0007 ding"]
          |             ^
          = hint: delete the escape and the 2 others in this value: web pages and feeds cannot carry control characters
        build failed: the previous output was left as it was
        "#);
    }

    /// character reference `&#N;` stands for control character U+XXXX (NAME)
    #[test]
    fn control_character_reference() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nRed &#27;[31malert, not `&#27;[0m`.\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:5: character reference `&#27;` stands for control character U+001B (ESC)
          |
        4 | Red &#27;[31malert, not `&#27;[0m`.
          |     ^
          = hint: delete it: web pages and feeds cannot carry control characters (to show the reference itself, write `&amp;#27;`)
        build failed: the previous output was left as it was
        ");
    }

    /// character reference `&#N;` in a link title stands for control character
    #[test]
    fn control_character_reference_in_a_link_title() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\nSee [the form][form].\n\n[form]: https://example.org/ \"Form&#x85;\"\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: content/x.md:6:35: character reference `&#x85;` in a link title stands for control character U+0085 (a C1 control)
          |
        6 | [form]: https://example.org/ "Form&#x85;"
          |                                   ^
          = hint: delete it: web pages and feeds cannot carry control characters (to show the reference itself, write `&amp;#x85;`)
        build failed: the previous output was left as it was
        "#);
    }

    /// character reference `&#N;` in an image address stands for control character
    #[test]
    fn control_character_reference_in_an_image_address() {
        let stderr = run(Case {
            files: &[(
                "content/x.md",
                "---\ntitle: X\n---\n![A chart](chart&#x7;.png)\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:4:17: character reference `&#x7;` in an image address stands for control character U+0007 (BEL)
          |
        4 | ![A chart](chart&#x7;.png)
          |                 ^
          = hint: delete it: web pages and feeds cannot carry control characters
        build failed: the previous output was left as it was
        ");
    }

    /// lists and maps are nested more than 128 levels deep
    #[test]
    fn yaml_nested_too_deep() {
        let stderr = run(Case {
            setup: |r| {
                let deep = format!(
                    "---\ntitle: X\ntags:\n{}{}---\n",
                    "[\n".repeat(200),
                    "]\n".repeat(200)
                );
                std::fs::write(r.join("content/x.md"), deep).expect("write");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/x.md:132:1: lists and maps are nested more than 128 levels deep here
            |
        132 | [
            | ^
          = hint: front matter and site.yaml need only a few levels: flatten this value
        build failed: the previous output was left as it was
        ");
    }

    /// theme must be the name of a folder under themes/
    #[test]
    fn theme_not_a_folder_name() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\ntheme: ../elsewhere\n")],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:2:1: theme must be the name of a folder under themes/, found "../elsewhere"
          |
        2 | theme: ../elsewhere
          | ^
          = hint: write only the folder's name: `theme: mine` for themes/mine/
        build failed: the previous output was left as it was
        "#);
    }

    /// base_url must be an absolute http(s) URL (javascript:)
    #[test]
    fn base_url_javascript() {
        let stderr = run(Case {
            files: &[(
                "site.yaml",
                "title: Diag\nbase_url: \"javascript:alert(1)\"\n",
            )],
            ..BUILD
        });
        assert_snapshot!(stderr, @r#"
        error: site.yaml:2:1: base_url must be an absolute http(s) URL, found "javascript:alert(1)": it does not start with http:// or https://
          |
        2 | base_url: "javascript:alert(1)"
          | ^
          = hint: for example https://example.org/guide/
        build failed: the previous output was left as it was
        "#);
    }

    /// --base-url: not an absolute http(s) URL (a usage error)
    #[test]
    fn base_url_flag_usage_error() {
        let stderr = run(Case {
            args: &[
                "build",
                "--root",
                "{root}",
                "--base-url",
                "javascript:alert(1)",
            ],
            code: 2,
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: invalid value 'javascript:alert(1)' for '--base-url <URL>': not an absolute http(s) URL: it does not start with http:// or https:// (for example https://example.org/guide/)

        For more information, try '--help'.
        ");
    }

    /// every problem of a build in one run
    #[test]
    fn every_problem_of_a_build_in_one_run() {
        let stderr = run(Case {
            files: &[
                ("content/a.md", "---\ntitle: A\nweight: [\n---\n"),
                (
                    "content/b.md",
                    "---\ntitle: B\n---\n[A](a.md) and [C](c.md#one), [gone](gone.md).\n",
                ),
                (
                    "content/c.md",
                    "---\ntitle: C\n---\n## One {#one}\n\n## Two {#one}\n",
                ),
            ],
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/a.md:3:9: weight: expected a whole number, found a list
          |
        3 | weight: [
          |         ^
          = hint: write a whole number here

        error: content/b.md:4:30: broken link: content/gone.md does not exist
          |
        4 | [A](a.md) and [C](c.md#one), [gone](gone.md).
          |                              ^
          = hint: link to an existing .md file, relative to this one

        error: content/c.md:6:1: duplicate heading id `one`
          |
        6 | ## Two {#one}
          | ^
          = hint: each {#id} must be unique on its page

        3 errors
        build failed: the previous output was left as it was
        ");
    }
}

/// Symbolic links that lead out of the site or nowhere. The targets are
/// outside any temp folder (`/etc`), so the text is the same on every run.
#[cfg(target_os = "linux")]
mod hostile_links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// this symlink leads out of the site (static/)
    #[test]
    fn leads_out_static() {
        let stderr = run(Case {
            setup: |r| {
                std::fs::create_dir_all(r.join("static")).expect("mkdir");
                symlink("/etc", r.join("static/etc")).expect("symlink");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: static/etc: this symlink leads out of the site, to /etc
          = hint: only files inside the site's folder are read and published: copy what you need into the site, or remove the link
        build failed: the previous output was left as it was
        ");
    }

    /// this symlink leads out of the site (content/)
    #[test]
    fn leads_out_content() {
        let stderr = run(Case {
            setup: |r| symlink("/etc/hostname", r.join("content/host.md")).expect("symlink"),
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/host.md: this symlink leads out of the site, to /etc/hostname
          = hint: only files inside the site's folder are read and published: copy what you need into the site, or remove the link
        build failed: the previous output was left as it was
        ");
    }

    /// this symlink leads out of the site (a theme's folder)
    #[test]
    fn leads_out_theme() {
        let stderr = run(Case {
            files: &[("site.yaml", "title: Diag\ntheme: borrowed\n")],
            setup: |r| {
                std::fs::create_dir_all(r.join("themes")).expect("mkdir");
                symlink("/etc", r.join("themes/borrowed")).expect("symlink");
            },
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: themes/borrowed: this symlink leads out of the site, to /etc
          = hint: only files inside the site's folder are read and published: copy what you need into the site, or remove the link
        build failed: the previous output was left as it was
        ");
    }

    /// cannot follow this symlink
    #[test]
    fn cannot_follow() {
        let stderr = run(Case {
            setup: |r| symlink("self.md", r.join("content/self.md")).expect("symlink"),
            ..BUILD
        });
        assert_snapshot!(stderr, @"
        error: content/self.md: cannot follow this symlink: Too many levels of symbolic links (os error 40)
          = hint: fix the link, or remove it
        build failed: the previous output was left as it was
        ");
    }
}

/// `stepwise serve` stops before serving only when it cannot start.
#[test]
fn serve_cannot_start() {
    // no content folder in ROOT (serve)
    let stderr = run(Case {
        setup: |r| std::fs::remove_dir_all(r.join("content")).expect("remove content/"),
        args: &["serve", "--root", "{root}", "--port", "0"],
        ..BUILD
    });
    assert_snapshot!(stderr, @"
    error: content: no content folder in {root}
      = hint: create content/_index.md, or pass --root to point at the site
    serve stopped
    ");
}

/// Ten consecutive ports held open (the ten `serve` tries), and the first.
fn ten_taken_ports() -> (u16, Vec<TcpListener>) {
    for _ in 0..50 {
        let first = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = first.local_addr().expect("address").port();
        if port > u16::MAX - 9 {
            continue;
        }
        let mut held = vec![first];
        for p in port + 1..=port + 9 {
            match TcpListener::bind(("127.0.0.1", p)) {
                Ok(l) => held.push(l),
                Err(_) => break,
            }
        }
        if held.len() == 10 {
            return (port, held);
        }
    }
    panic!("found no ten free consecutive ports");
}

#[test]
fn serve_says_when_every_port_it_tries_is_taken() {
    let dir = site(BASE);
    let (first, _held) = ten_taken_ports();
    let port = first.to_string();
    let out = run_in(dir.path(), &["serve", "--root", "{root}", "--port", &port]);
    let stderr = String::from_utf8_lossy(&out.stderr)
        .replace(&(first + 9).to_string(), "{last}")
        .replace(&port, "{first}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_snapshot!(whole(stderr), @"
    error: --port: ports {first} to {last} on 127.0.0.1 are all in use
      = hint: stop the other server, or pass --port with a free port
    serve stopped
    ");
}

/// A page template small enough that a rendered file's line numbers are
/// its own, not the built-in theme's.
const MINIMAL_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<title>{{ page.title }}</title>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n</html>\n";

/// A page whose HTML links to a page and to an anchor that do not exist.
/// Raw HTML is not resolved like a Markdown link: the problems are found in
/// the rendered file, by the check `build`, `check` and `serve` share.
const LINKING_PAGE: &str =
    "---\ntitle: X\ndescription: X.\n---\n<a href=\"../gone/\">gone</a> <a href=\"../#nope\">nope</a>\n";

/// A page whose Markdown and raw HTML link to a page and to an anchor
/// that do not exist, by paths from the site root.
const ROOT_LINKING_PAGE: &str =
    "---\ntitle: X\ndescription: X.\n---\n<a href=\"/gone/\">gone</a> and [nope](/#nope)\n";

/// The issue's promise: a broken link and a missing anchor are worded the
/// same by `build`, by `check` and on serve's error page, after the first
/// build (every file checked) and after a rebuild of the one changed page.
#[test]
fn build_check_and_serve_word_link_problems_alike() {
    let problems = worded_alike("title: Diag\nprint: false\n", LINKING_PAGE);
    assert_snapshot!(problems, @r#"
    error: output/x/index.html:5:4: broken link `../gone/`: no file gone/index.html in the site
      |
    5 | <p><a href="../gone/">gone</a> <a href="../#nope">nope</a></p>
      |    ^
      = hint: this link is in the rendered x/index.html; if it comes from a template, fix the template's url(path=...)

    error: output/x/index.html:5:32: broken anchor `../#nope`: index.html has no id `nope`
      |
    5 | <p><a href="../gone/">gone</a> <a href="../#nope">nope</a></p>
      |                                ^
      = hint: this link is in the rendered x/index.html; if it comes from a template, fix the template's url(path=...)

    2 errors
    "#);
}

/// The same for links to the site root written in content, which are
/// reported in the content file, once, though the print page shows the
/// links too.
#[test]
fn build_check_and_serve_word_root_link_problems_alike() {
    let problems = worded_alike("title: Diag\n", ROOT_LINKING_PAGE);
    assert_snapshot!(problems, @r#"
    error: content/x.md:5:1: broken link `/gone/`: no file gone/index.html in the site
      |
    5 | <a href="/gone/">gone</a> and [nope](/#nope)
      | ^
      = hint: check the address, or link to the page's .md file (`[text](page.md)`), which stays right when the page moves

    error: content/x.md:5:31: broken anchor `/#nope`: index.html has no id `nope`
      |
    5 | <a href="/gone/">gone</a> and [nope](/#nope)
      |                               ^
      = hint: link to an id that exists on that page (its headings' ids are in its table of contents)

    2 errors
    "#);
}

/// What `build` says about the page `content/x.md` written as `page`, in a
/// site with `site_yaml`, less its last line; asserts that `check` and
/// serve (after its first build and after a rebuild of the one page) all
/// say the same.
fn worded_alike(site_yaml: &str, page: &str) -> String {
    let dir = site(BASE);
    let root = dir.path();
    write(root, "site.yaml", site_yaml);
    write(root, "themes/default/templates/page.html", MINIMAL_PAGE);
    write(root, "content/x.md", page);
    let stderr = |args: &[&str]| {
        let out = run_in(root, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        normalise(&String::from_utf8_lossy(&out.stderr), root)
    };
    let build = stderr(&["build", "--root", "{root}"]);
    let problems = build
        .strip_suffix("build failed: the previous output was left as it was\n")
        .unwrap_or_else(|| panic!("not a failed build:\n{build}"))
        .to_string();
    assert_eq!(
        stderr(&["check", "--root", "{root}"]),
        format!("{problems}check failed\n")
    );

    let server = Server::start(root);
    let overlay = || overlay_text(&server.get("/x/").html()).expect("the error overlay");
    assert_eq!(overlay(), problems.trim_end(), "after the first build");
    let events = server.events();
    save(
        root,
        "content/x.md",
        "---\ntitle: X\ndescription: X.\n---\nFixed.\n",
    );
    server.wait_for(&events, "reload");
    save(root, "content/x.md", page);
    server.wait_for(&events, "build-error");
    assert_eq!(overlay(), problems.trim_end(), "after a rebuild");
    // The terminal says it in the same words, both times.
    let end = Instant::now() + DEADLINE;
    while server.errors().matches(problems.trim_end()).count() < 2 {
        assert!(Instant::now() < end, "{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    whole(problems)
}

/// `check --external`: every way an outside link can fail, against web
/// servers on this machine (tests/testsuite/common/web.rs), and where each
/// is reported: at its line in the content file, or in the built file for
/// a template's link. Ports differ from run to run and are written
/// `{web}`, `{slow}` and `{refused}` here; each link opens its line, so the
/// columns do not depend on them.
#[test]
fn outside_links() {
    let web = Web::start();
    let slow = Web::slow();
    let refused = refusing_port();
    let page = "---\ntitle: Links\ndescription: Outside links.\n---\n\
        [fine](WEB/ok) and [for now](WEB/moved-for-now).\n\
        [moved](WEB/moved)\n\
        [gone](WEB/gone#part)\n\
        <a href=\"WEB/down\">down</a>\n\
        [busy](WEB/busy)\n\
        [moved, then gone](WEB/moved-then-gone)\n\
        [slow](SLOW/)\n\
        [refused](REFUSED/)\n\
        [gone again](WEB/gone)\n";
    let ports = |t: &str| {
        t.replace("WEB", &web.url(""))
            .replace("SLOW", &slow.url(""))
            .replace("REFUSED", &format!("http://127.0.0.1:{refused}"))
    };
    let dir = site(BASE);
    write(dir.path(), "content/links.md", &ports(page));
    write(
        dir.path(),
        "themes/default/templates/404.html",
        &ports("<!doctype html>\n<title>Not found</title>\n<p><a href=\"WEB/status\">status</a> <a href=\"WEB/gone\">home</a></p>\n"),
    );
    // A link every page's layout has: reported once, in the first file.
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .expect("the default base.html");
    write(
        dir.path(),
        "themes/default/templates/base.html",
        &base.replace(
            "</body>",
            &ports("<a href=\"WEB/theme\">theme</a>\n</body>"),
        ),
    );
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--root",
            "{root}",
            "--external",
            "--external-timeout",
            "1",
        ],
    );
    let unport = |t: &[u8]| {
        normalise(&String::from_utf8_lossy(t), dir.path())
            .replace(&format!("127.0.0.1:{}", web.port), "{web}")
            .replace(&format!("127.0.0.1:{}", slow.port), "{slow}")
            .replace(&format!("127.0.0.1:{refused}"), "{refused}")
    };
    assert_eq!(
        unport(&out.stdout),
        "Checked 11 outside links: 11 asked now, 0 known from an earlier run.\n"
    );
    assert_snapshot!(whole(unport(&out.stderr)), @r#"
        warning: content/links.md:6:1: link http://{web}/moved moved permanently (301) to http://{web}/ok
          |
        6 | [moved](http://{web}/moved)
          | ^
          = hint: link to the new address

        error: content/links.md:7:1: broken link http://{web}/gone: the server answers 404 Not Found
          |
        7 | [gone](http://{web}/gone#part)
          | ^
          = hint: the page is gone: find where it moved and link there, or remove the link

        error: content/links.md:8:1: broken link http://{web}/down: the server answers 503 Service Unavailable
          |
        8 | <a href="http://{web}/down">down</a>
          | ^
          = hint: the server failed: if it lasts, the site may be gone

        error: content/links.md:9:1: broken link http://{web}/busy: the server answers 429 Too Many Requests, also after waiting the 2 s it asked for
          |
        9 | [busy](http://{web}/busy)
          | ^
          = hint: the server limits how often it is asked: run the check again later

        error: content/links.md:10:1: broken link http://{web}/moved-then-gone: the server answers 404 Not Found (redirected to http://{web}/gone)
           |
        10 | [moved, then gone](http://{web}/moved-then-gone)
           | ^
          = hint: the page is gone: find where it moved and link there, or remove the link

        error: content/links.md:11:1: unreachable link http://{slow}/: no answer within 1 s
           |
        11 | [slow](http://{slow}/)
           | ^
          = hint: the server is slow or down: run the check again later, or allow longer with --external-timeout

        error: content/links.md:12:1: unreachable link http://{refused}/: the connection was refused
           |
        12 | [refused](http://{refused}/)
           | ^
          = hint: nothing answers at that address: check the host and port

        error: content/links.md:13:1: broken link http://{web}/gone: the server answers 404 Not Found
           |
        13 | [gone again](http://{web}/gone)
           | ^
          = hint: the page is gone: find where it moved and link there, or remove the link

        error: output/404.html:3:4: broken link http://{web}/status: the server answers 404 Not Found
          |
        3 | <p><a href="http://{web}/status">status</a> <a href="http://{web}/gone">home</a></p>
          |    ^
          = hint: the page is gone: find where it moved and link there, or remove the link; the link comes from a template, not from a page's content

        error: output/index.html:597:1: broken link http://{web}/theme: the server answers 404 Not Found (3 more built files have it too)
            |
        597 | <a href="http://{web}/theme">theme</a>
            | ^
          = hint: the page is gone: find where it moved and link there, or remove the link; the link comes from a template, not from a page's content

        9 errors, 1 warning
        check failed
    "#);
    assert_eq!(out.status.code(), Some(1));
}
