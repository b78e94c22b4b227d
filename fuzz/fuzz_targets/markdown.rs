//! Any text as the Markdown body of a page in a small guide: rendering it
//! (and its part of the print page) never panics, and its problems are
//! diagnostics at lines of the page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use stepwise::load::{PageId, PageText, Site};

#[path = "common.rs"]
mod common;

/// The front matter every fuzzed page starts with.
const FRONT: &str = "---\ntitle: Page\nstep: 1\n---\n";

/// The guide, loaded once: a home page, a guide with an overview and the
/// page whose body is fuzzed (its index).
fn guide() -> &'static (Site, PageId) {
    static SITE: OnceLock<(Site, PageId)> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = common::site();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("guide")).expect("guide/");
        std::fs::write(content.join("_index.md"), "---\ntitle: Home\n---\nHi.\n").expect("home");
        std::fs::write(
            content.join("guide/_index.md"),
            "---\ntitle: Guide\n---\n## A heading\n",
        )
        .expect("guide");
        std::fs::write(content.join("guide/page.md"), format!("{FRONT}Body.\n")).expect("page");
        let (site, _) = stepwise::pipeline::load(root, false, None).expect("the guide loads");
        let page = site.by_rel["guide/page.md"];
        (site, page)
    })
}

fuzz_target!(|body: &str| {
    let (site, page) = guide();
    let mut site = site.clone();
    let text = format!("{FRONT}{body}");
    let lines = text.split('\n').count();
    site.pages[*page].text = PageText::new(common::site().join("content/guide/page.md"), text);
    let (rendered, diags) = stepwise::render::markdown::render(&site, *page);
    for d in &diags {
        assert!(
            d.line >= 1 && d.line <= lines,
            "line {} of {lines}: {d}",
            d.line
        );
        let _ = d.to_string();
    }
    let _ = stepwise::render::print::html_for_print(&site, *page, &rendered);
});
