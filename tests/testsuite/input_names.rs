//! File names a site cannot publish or a terminal cannot show (issue 27,
//! items 7, 8 and 26): control characters, bytes that are not UTF-8,
//! backslashes and `:` in names; names printed as visible escapes; `init`
//! into a dangling link or a folder called `-`.

use crate::common::{output_text, run_in, site, snapshot, write};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: Names\n"),
    (
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
    ),
];

/// Writes `text` to the file `name` (raw bytes) in `dir`.
fn write_raw(dir: &Path, name: &[u8], text: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join(OsStr::from_bytes(name)), text).expect("write");
}

#[test]
fn names_with_control_characters_never_reach_the_terminal_raw() {
    let dir = site(BASE);
    let content = dir.path().join("content");
    // A YAML error in a file whose name would clear the screen and turn
    // it red, and a name with a line break in it.
    write_raw(
        &content,
        b"esc\x1b[2J\x1b[31mRED.md",
        "---\ntitle: [\n---\n",
    );
    write_raw(&content, b"new\nline.md", "---\ntitle: N\n---\n");
    for cmd in ["build", "check"] {
        let out = run_in(dir.path(), &[cmd, "--root", "{root}"]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let text = output_text(&out);
        assert!(
            !text.contains('\u{1b}'),
            "{cmd} printed a raw ESC: {text:?}"
        );
        assert!(
            text.contains("error: content/esc\\e[2J\\e[31mRED.md: the name of this file holds control character U+001B (ESC)"),
            "{cmd}: {text}"
        );
        assert!(
            text.contains("error: content/new\\nline.md: the name of this file holds control character U+000A (LF)"),
            "{cmd}: {text}"
        );
        // Refused by name, the file's own YAML is not read.
        assert!(!text.contains("expected text"), "{cmd}: {text}");
    }
    assert!(!dir.path().join("output").exists());
}

#[test]
fn static_names_that_cannot_be_published_are_all_refused_in_one_run() {
    let dir = site(BASE);
    let st = dir.path().join("static");
    // Would be published as back/slash.txt, over the real one.
    write_raw(&st, b"back\\slash.txt", "shadow");
    write(dir.path(), "static/back/slash.txt", "real");
    // Both would become dup\u{fffd}.txt, and one would be dropped.
    write_raw(&st, b"dup\xff.txt", "1");
    write_raw(&st, b"dup\xfe.txt", "2");
    write_raw(&st, b"a:b.txt", "colon");
    write_raw(&st, b"tab\tx.txt", "tab");
    write_raw(&st, b"nl\nx.txt", "newline");
    write_raw(&st, b"esc\x1bx.txt", "escape");
    let expected = [
        "static/a:b.txt: the name of this file holds `:`",
        "static/back\\slash.txt: the name of this file holds a backslash",
        "static/dup\\xfe.txt: the name of this file is not valid UTF-8 (byte 0xfe)",
        "static/dup\\xff.txt: the name of this file is not valid UTF-8 (byte 0xff)",
        "static/esc\\ex.txt: the name of this file holds control character U+001B (ESC)",
        "static/nl\\nx.txt: the name of this file holds control character U+000A (LF)",
        "static/tab\\tx.txt: the name of this file holds control character U+0009 (HT)",
    ];
    for cmd in ["build", "check"] {
        let out = run_in(dir.path(), &[cmd, "--root", "{root}"]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let text = output_text(&out);
        for e in expected {
            assert!(
                text.contains(&format!("error: {e}")),
                "{cmd}: no {e:?} in\n{text}"
            );
        }
        assert!(text.contains("\n7 errors\n"), "{cmd}: {text}");
        assert!(!text.contains("output:"), "{cmd}: {text}");
    }
    // Renamed, the site builds, and back/slash.txt is the real one.
    for name in [
        &b"back\\slash.txt"[..],
        b"dup\xff.txt",
        b"dup\xfe.txt",
        b"a:b.txt",
        b"tab\tx.txt",
        b"nl\nx.txt",
        b"esc\x1bx.txt",
    ] {
        std::fs::remove_file(st.join(OsStr::from_bytes(name))).expect("remove");
    }
    let out = run_in(dir.path(), &["build", "--root", "{root}"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let files = snapshot(&dir.path().join("output"));
    assert_eq!(files[Path::new("back/slash.txt")], b"real");
}

#[test]
fn a_theme_static_file_with_a_bad_name_is_refused_too() {
    let dir = site(BASE);
    write(dir.path(), "site.yaml", "title: Names\ntheme: mine\n");
    write(dir.path(), "themes/mine/static/ok.css", "p{}");
    write_raw(&dir.path().join("themes/mine/static"), b"x\x07.css", "p{}");
    let out = run_in(dir.path(), &["build", "--root", "{root}"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        output_text(&out).contains(
            "error: themes/mine/static/x\\x07.css: the name of this file holds control character U+0007 (BEL)"
        ),
        "{}",
        output_text(&out)
    );
}

#[test]
fn init_into_a_dangling_link_says_what_the_link_is() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink("/nonexistent/stepwise-site", tmp.path().join("dangling"))
        .expect("symlink");
    let out = run_in(tmp.path(), &["init", "dangling"]);
    assert_eq!(out.status.code(), Some(1));
    let text = output_text(&out);
    assert!(
        text.starts_with(
            "error: dangling: this is a symbolic link to /nonexistent/stepwise-site, which does not exist\n"
        ),
        "{text}"
    );
    assert!(!text.contains("os error"), "{text}");
}

#[test]
fn init_prints_a_cd_line_that_can_be_pasted() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let next = |dir: &str| {
        let out = run_in(tmp.path(), &["init", dir]);
        assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .find(|l| l.starts_with("Next: "))
            .unwrap_or_default()
            .to_string()
    };
    // `cd -` would go back to the previous folder.
    assert!(next("-").starts_with("Next: cd ./- && stepwise serve"));
    assert!(next("my guide's").starts_with("Next: cd 'my guide'\\''s' && stepwise serve"));
    assert!(next("plain-name").starts_with("Next: cd plain-name && stepwise serve"));
    assert!(tmp.path().join("-/site.yaml").is_file());
}
