//! YAML that expands, repeats or tags (issue 27, items 6, 21 and 22):
//! alias amplification refused at the alias that crosses the limit, a
//! repeated key or glossary form reported where it is repeated, and plain
//! words for numbers out of range, a null title and tags.

use crate::common::{output_text, run_in, site, write};
use std::time::{Duration, Instant};

const BASE: &[(&str, &str)] = &[
    ("site.yaml", "title: Yaml\n"),
    (
        "content/_index.md",
        "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
    ),
];

/// Builds the site in `dir`; returns the exit code and everything printed.
fn build(dir: &tempfile::TempDir) -> (Option<i32>, String) {
    let out = run_in(dir.path(), &["build", "--root", "{root}"]);
    (out.status.code(), output_text(&out))
}

#[test]
fn aliases_that_repeat_a_long_value_are_refused_at_the_alias_before_expanding() {
    let dir = site(BASE);
    // Half a megabyte: a content file may hold at most 1 MiB.
    let big = "x".repeat(1 << 19);
    let aliases = vec!["*s"; 300].join(", ");
    write(
        dir.path(),
        "content/a.md",
        &format!("---\ntitle: A\ndescription: &s \"{big}\"\ntags: [{aliases}]\n---\nBody.\n"),
    );
    let start = Instant::now();
    let (code, text) = build(&dir);
    // Today: a 150 MB page and over a gigabyte of memory (with 1 MB
    // repeated, 305 MB and 2.2 GB).
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(code, Some(1), "{text}");
    // 5 MiB (ten times the file) is crossed by the tenth alias.
    assert!(
        text.starts_with(
            "error: content/a.md:4:44: alias `*s` repeats too much: with the aliases before it, this YAML would expand to more than 5 MiB\n"
        ),
        "{}",
        &text[..text.len().min(400)]
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_billion_laughs_in_site_yaml_is_refused_at_its_own_line() {
    let dir = site(BASE);
    let mut yaml = String::from(
        "title: Yaml\nextra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for (prev, cur) in ('a'..'i').zip('b'..'j') {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("  {cur}: &{cur} [{refs}]\n"));
    }
    write(dir.path(), "site.yaml", &yaml);
    let (code, text) = build(&dir);
    assert_eq!(code, Some(1));
    // Not `site.yaml:1:1` with a hint about indentation, as before.
    assert!(
        text.starts_with("error: site.yaml:8:26: alias `*e` repeats too much"),
        "{text}"
    );
    assert!(
        text.contains("hint: an alias repeats all of the value its anchor names"),
        "{text}"
    );
}

#[test]
fn a_few_aliases_are_still_fine() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: &t Alias test\ndescription: *t\ntags: &tags [one, two]\n---\nBody.\n",
    );
    let (code, text) = build(&dir);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn a_repeated_title_is_reported_where_it_is_repeated() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: First\ndescription: D.\ntitle: Second\n---\nBody.\n",
    );
    let (code, text) = build(&dir);
    assert_eq!(code, Some(1));
    assert!(
        text.starts_with("error: content/a.md:4:1: `title` is given twice: first on line 2\n"),
        "{text}"
    );
}

#[test]
fn a_repeated_glossary_form_is_reported_at_the_repeat() {
    let dir = site(BASE);
    write(
        dir.path(),
        "content/glossary.md",
        "---\ntitle: Glossary\nglossary:\n  - term: IMG\n    definition: International medical graduate.\n    aliases:\n      - IMGs\n  - term: USMLE\n    definition: The licensing exam.\n    aliases:\n      - boards\n      - IMGs\n---\n",
    );
    let (code, text) = build(&dir);
    assert_eq!(code, Some(1));
    assert!(
        text.starts_with(
            "error: content/glossary.md:12:9: \"IMGs\" is listed twice in the glossary\n"
        ),
        "{text}"
    );
}

#[test]
fn numbers_out_of_range_a_null_title_and_tags_get_plain_messages() {
    let cases = [
        (
            "weight: 99999999999999999999999\n",
            "content/a.md:3:9: weight must be a whole number between -9,223,372,036,854,775,808 and 9,223,372,036,854,775,807\n",
        ),
        (
            "step: -1\n",
            "content/a.md:3:7: step must be a whole number between 0 and 4,294,967,295\n",
        ),
        (
            "description: !!binary aGVsbG8=\n",
            "content/a.md:3:14: YAML tags are not supported: `!!binary`\n",
        ),
    ];
    for (line, expected) in cases {
        let dir = site(BASE);
        write(
            dir.path(),
            "content/a.md",
            &format!("---\ntitle: A\n{line}---\nBody.\n"),
        );
        let (code, text) = build(&dir);
        assert_eq!(code, Some(1), "{line}");
        assert!(
            text.starts_with(&format!("error: {expected}")),
            "{line}: {text}"
        );
        assert!(!text.contains("as u128"), "{text}");
    }
    let dir = site(BASE);
    write(dir.path(), "content/a.md", "---\ntitle: ~\n---\nBody.\n");
    let (code, text) = build(&dir);
    assert_eq!(code, Some(1));
    assert!(
        text.starts_with(
            "error: content/a.md:2:8: title must be text: `~` means no value in YAML\n"
        ),
        "{text}"
    );
    // Quoted, `~` is a title like any other.
    write(
        dir.path(),
        "content/a.md",
        "---\ntitle: \"~\"\n---\nBody.\n",
    );
    let (code, text) = build(&dir);
    assert_eq!(code, Some(0), "{text}");
}
