//! Files beside their pages: a page may be a folder with an `index.md`
//! (a page bundle) and its images and downloads beside it, or a page file
//! with files in the folder of the same name, or files in its own folder.
//! Every file under `content/` that is not Markdown is published at its
//! folder's URL; a link to it, written relative to the Markdown file, works
//! on the page, its checklist page and its guide's print page, and the link
//! check knows it. Images get their size and `loading="lazy"` (`images`).

use crate::common::{attrs, build, output_text, page, run_in, site, write};
use std::path::Path;

/// A test image's bytes (`tests/fixtures/images/`).
pub(crate) fn image(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/images")
            .join(name),
    )
    .expect("image fixture")
}

const HOME: (&str, &str) = (
    "content/_index.md",
    "---\ntitle: Home\ndescription: The home page.\n---\nWelcome. Start with [step 2](step-2/index.md).\n",
);

/// A site whose step 2 is a page bundle, with an image, a download in a
/// folder of its own, and a checklist.
fn bundle_site() -> tempfile::TempDir {
    let dir = site(&[
        ("site.yaml", "title: Bundles\n"),
        HOME,
        (
            "content/step-2/index.md",
            "---\ntitle: Step two\ndescription: The second step.\nstep: 2\nchecklist:\n  - group: Do\n    items:\n      - id: form\n        text: Fill in the form\n        see: \"#the-form\"\n---\n\
             ![The diagram](diagram.png)\n\n## The form\n\n[The form](forms/form.pdf) and <a href=\"forms/form.pdf#page=2\">its second page</a>.\n\nBack [home](../_index.md).\n",
        ),
        ("content/step-2/forms/form.pdf", "%PDF-1.7 a form\n"),
        (
            "content/step-2/notes.md",
            "---\ntitle: Notes\ndescription: Notes on step two.\n---\n![The diagram again](diagram.png)\n",
        ),
    ]);
    std::fs::write(
        dir.path().join("content/step-2/diagram.png"),
        image("wide.png"),
    )
    .expect("png");
    dir
}

#[test]
fn a_page_bundle_publishes_its_files_beside_the_page() {
    let dir = bundle_site();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let output = dir.path().join("output");
    assert_eq!(
        std::fs::read(output.join("step-2/diagram.png")).expect("the image"),
        image("wide.png")
    );
    assert_eq!(
        std::fs::read_to_string(output.join("step-2/forms/form.pdf")).expect("the form"),
        "%PDF-1.7 a form\n"
    );
    // The page is the folder's: step-2/, not step-2/index/.
    let step = page(&dir, "step-2/index.html");
    assert_eq!(attrs(&step, ".content img", "src"), ["diagram.png"]);
    assert_eq!(
        attrs(&step, ".content a[href*='form.pdf']", "href"),
        ["forms/form.pdf", "forms/form.pdf#page=2"]
    );
    // The print page shows the same files from its own place.
    let print = page(&dir, "print/index.html");
    assert_eq!(
        attrs(&print, "img", "src"),
        ["../step-2/diagram.png", "../step-2/diagram.png"]
    );
    assert_eq!(
        attrs(&print, "a[href*='form.pdf']", "href"),
        [
            "../step-2/forms/form.pdf",
            "../step-2/forms/form.pdf#page=2"
        ]
    );
    // The bundle's other .md files stay pages, under the folder's URL, and
    // link to the bundle's files as the bundle's page does.
    let notes = page(&dir, "step-2/notes/index.html");
    assert_eq!(attrs(&notes, ".content img", "src"), ["../diagram.png"]);
    // The checklist page leads back to the page, and builds with the rest:
    // the build checks every link of every file.
    assert!(output.join("step-2/checklist/index.html").is_file());
    // The offline worker keeps the bundle's files with the rest of the site.
    let worker = std::fs::read_to_string(output.join("sw.js")).expect("sw.js");
    for file in ["\"step-2/diagram.png\"", "\"step-2/forms/form.pdf\""] {
        assert!(worker.contains(file), "{file} not in sw.js");
    }
    let check = run_in(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", output_text(&check));
}

#[test]
fn files_beside_a_page_file_are_published_too() {
    let dir = site(&[
        ("site.yaml", "title: Beside\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
        ),
        (
            "content/step-2.md",
            "---\ntitle: Step two\ndescription: The second step.\n---\n![A](step-2/diagram.png) ![B](shared.png)\n",
        ),
        (
            "content/Other Guide/_index.md",
            "---\ntitle: Other\ndescription: Another guide.\n---\n![C](map.png) ![D](../shared.png)\n",
        ),
    ]);
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/step-2")).expect("mkdir");
    std::fs::write(root.join("content/step-2/diagram.png"), image("wide.png")).expect("png");
    std::fs::write(root.join("content/shared.png"), image("wide.png")).expect("png");
    std::fs::write(root.join("content/Other Guide/map.png"), image("wide.png")).expect("png");
    let out = build(root);
    assert!(out.status.success(), "{}", output_text(&out));
    for published in ["step-2/diagram.png", "shared.png", "other-guide/map.png"] {
        assert!(root.join("output").join(published).is_file(), "{published}");
    }
    let step = page(&dir, "step-2/index.html");
    assert_eq!(
        attrs(&step, ".content img", "src"),
        ["diagram.png", "../shared.png"]
    );
    let other = page(&dir, "other-guide/index.html");
    assert_eq!(
        attrs(&other, ".content img", "src"),
        ["map.png", "../shared.png"]
    );
}

#[test]
fn the_link_check_knows_the_files_beside_the_pages() {
    let dir = bundle_site();
    assert!(build(dir.path()).status.success());
    // Gone from the bundle: the page's link to it is broken, and the build
    // says so and leaves the previous site.
    std::fs::remove_file(dir.path().join("content/step-2/forms/form.pdf")).expect("remove");
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    // Reported once, where the link is written (the page's own file and
    // the print page both have it); its wording is pinned in diagnostics.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: content/step-2/index.md:16:1: broken link `forms/form.pdf`: "),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error: ").count(), 2, "{stderr}");
    assert!(dir.path().join("output/step-2/forms/form.pdf").is_file());
}

#[test]
fn a_bundle_takes_its_folders_url_and_slug_renames_it() {
    let dir = site(&[
        ("site.yaml", "title: Slug\n"),
        HOME,
        (
            "content/step-2/index.md",
            "---\ntitle: Step two\ndescription: The second step.\nslug: second-step\n---\n![A](diagram.png)\n",
        ),
    ]);
    std::fs::write(
        dir.path().join("content/step-2/diagram.png"),
        image("wide.png"),
    )
    .expect("png");
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    // The page moves; its files stay at the folder's URL, and its link
    // still leads to them.
    let moved = page(&dir, "second-step/index.html");
    assert_eq!(
        attrs(&moved, ".content img", "src"),
        ["../step-2/diagram.png"]
    );
    assert!(dir.path().join("output/step-2/diagram.png").is_file());
}

#[test]
fn a_page_bundle_and_a_page_of_the_same_url_clash() {
    let dir = bundle_site();
    write(
        dir.path(),
        "content/step-2.md",
        "---\ntitle: Also two\ndescription: Another page at step-2/.\n---\nText.\n",
    );
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: content/step-2.md:1:1: this page would be written to /step-2/, which content/step-2/index.md already uses"),
        "{stderr}"
    );
}

#[test]
fn a_file_beside_the_pages_cannot_take_a_pages_place() {
    let dir = bundle_site();
    write(dir.path(), "content/step-2/index.html", "<p>Mine</p>\n");
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "error: output: two files of the site would be written to \"step-2/index.html\""
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("output").exists());
}
