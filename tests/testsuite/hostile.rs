//! Hostile and extreme input (issue #15, part a): markup that tries to break
//! out of inline scripts, diagnostics for pathological lines, FAQ answers,
//! the print page's relative URLs, raw HTML links and images, heading ids,
//! the feed's date, importer edge cases, and property tests over generated
//! sites that must never panic or write outside the output folder.

use crate::common::*;
use std::path::Path;

/// What a hostile author puts everywhere: the two sequences that end or
/// derail a `<script>` element, and an ampersand.
const BREAKOUT: &str = "<!-- <script> </script> & -->";

/// Every `application/ld+json` script of the HTML file at `path`, parsed.
fn json_ld(path: &Path) -> Vec<serde_json::Value> {
    let doc = html(path);
    texts(&doc, "script[type='application/ld+json']")
        .iter()
        .map(|t| serde_json::from_str(t).unwrap_or_else(|e| panic!("{t}: {e}")))
        .collect()
}

/// A site whose title, description, FAQ answer and `base_url` all carry
/// [`BREAKOUT`].
fn breakout_site() -> tempfile::TempDir {
    site(&[
        (
            "site.yaml",
            "title: \"Site <!-- </script> & more\"\ndescription: \"Desc <!-- <script> </script>\"\nbase_url: \"https://example.org/a<!--b</script>/\"\n",
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
    assert_eq!(graph[0]["url"], "https://example.org/a<!--b</script>/faq/");
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
    for part in ["site.yaml", "content"] {
        let from = repo.join(part);
        if from.is_dir() {
            copy_dir(&from, &dir.path().join(part));
        } else {
            std::fs::copy(&from, dir.path().join(part)).unwrap();
        }
    }
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
