//! Validation of the source: the checks on one file that need nothing else
//! ([`validate`]) and the site-wide ones ([`check_unique`]).

use super::date::Date;
use super::front_matter::is_valid_id;
use super::page::Page;
use super::page_id::PageId;
use super::pages::Pages;
use super::site::Guide;
use super::split::split;
use super::yaml;
use super::yaml_events::{self, Step};
use crate::error::Diagnostic;
use crate::url::slugify;
use std::collections::HashMap;

/// Checks on one file that need nothing else.
pub(crate) fn validate(page: &Page) -> Vec<Diagnostic> {
    let m = &page.meta;
    let mut d = Vec::new();
    if let Some(null) = null_title(page) {
        d.push(
            page.diag_at_path(
                &[Step::Key("title")],
                format!("title must be text: `{null}` means no value in YAML"),
            )
            .with_hint("write the page's title (in quotes if it is that word: `title: \"~\"`)"),
        );
    } else if m.title.trim().is_empty() {
        d.push(
            page.diag_at_key("title", None, "the title is empty")
                .with_hint("every page needs a title: it becomes its h1"),
        );
    }
    // `date` and `updated` are two names for one date: each is checked
    // under its own name, and only one may be given.
    for (key, value) in [("updated", &m.updated), ("date", &m.date)] {
        if let Some(u) = value {
            if Date::parse(u).is_none() {
                d.push(
                    page.diag_at_key(
                        key,
                        Some(u),
                        format!("{key}: expected a date like 2026-11-20, found \"{u}\""),
                    )
                    .with_hint("use the ISO format YYYY-MM-DD"),
                );
            }
        }
    }
    if m.updated.is_some() && m.date.is_some() {
        // Point at whichever of the two comes second: that is the one added.
        let text = page.text();
        let (later, earlier) =
            if yaml::locate(&text, "date", None) > yaml::locate(&text, "updated", None) {
                ("date", "updated")
            } else {
                ("updated", "date")
            };
        let (line, _) = yaml::locate(&text, earlier, None);
        d.push(
            page.diag_at_key(
                later,
                None,
                format!("`{later}` repeats the page's date, already given as `{earlier}` on line {line}"),
            )
            .with_hint("`date` and `updated` are two names for the same date: keep one of them"),
        );
    }
    if let Some(slug) = &m.slug {
        if slug.is_empty() || slugify(slug) != *slug {
            let fixed = match slugify(slug) {
                s if s.is_empty() => example_slug(&m.title),
                s => s,
            };
            d.push(
                page.diag_at_key(
                    "slug",
                    Some(slug),
                    format!("slug \"{slug}\" is not URL-safe"),
                )
                .with_hint(format!(
                    "use lowercase letters, digits and -, e.g. \"{fixed}\""
                )),
            );
        }
    }
    for group in &m.checklist {
        if group.group.trim().is_empty() {
            d.push(
                page.diag_at_key("group", None, "checklist group has an empty name")
                    .with_hint("give the group a heading, e.g. the subsection it comes from"),
            );
        }
        for item in &group.items {
            if !is_valid_id(&item.id) {
                d.push(
                    page.diag_at_key(
                        "id",
                        Some(&item.id),
                        format!("checklist id \"{}\" may only use a-z, 0-9 and -", item.id),
                    )
                    .with_hint(format!("for example \"{}\"", slugify(&item.id))),
                );
            }
            if item.text.trim().is_empty() {
                d.push(
                    page.diag_at_key(
                        "id",
                        Some(&item.id),
                        format!("checklist item \"{}\" has no text", item.id),
                    )
                    .with_hint("say what the reader should do, e.g. \"Book an IR elective\""),
                );
            }
        }
    }
    d
}

/// The title as written when it is YAML's null (`~`, `null`), which
/// serde_yaml reads as that text.
fn null_title(page: &Page) -> Option<&str> {
    let title = page.meta.title.as_str();
    if !matches!(title, "~" | "null" | "Null" | "NULL") {
        return None;
    }
    // Quoted, it is text.
    let text = page.text();
    let front = split(&text).ok()?;
    let (line, col) = yaml_events::locate(front.front, &[Step::Key("title")])?;
    let at = front.front.lines().nth(line - 1)?.chars().nth(col - 1)?;
    (!matches!(at, '"' | '\'')).then_some(title)
}

/// The folder of the search index and of its results page
/// (`search/index.html`), which no page may take when the site has search.
pub(crate) const SEARCH_DIR: &str = "search/";

/// Site-wide uniqueness: output paths and checklist ids. Pages under the
/// folders in `clashing` (which share another folder's URL, reported as such)
/// are not reported again for each path they share. With `search`, the
/// search results page's path is taken too.
pub(crate) fn check_unique(
    pages: &Pages,
    guides: &[Guide],
    clashing: &[String],
    search: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let mut paths: HashMap<String, PageId> = HashMap::new();
    // Each guide's print page, and the search results page, are generated:
    // a page cannot take their place.
    let mut reserved: Vec<(&str, &str)> = guides
        .iter()
        .map(|g| (g.print_path.as_str(), "the guide's print page"))
        .collect();
    if search {
        reserved.push((SEARCH_DIR, "the search results page"));
    }
    for p in pages.iter() {
        if let Some((_, what)) = reserved.iter().find(|(path, _)| *path == p.path) {
            diags.push(
                p.diag_at_key("slug", None, format!("/{} is reserved for {what}", p.path))
                    .with_hint("give this page another `slug:` or file name"),
            );
        }
    }
    let mut ids: HashMap<&str, PageId> = HashMap::new();
    for p in pages.iter() {
        let mut claim = |path: String| {
            if let Some(&first) = paths.get(&path) {
                diags.push(
                    p.diag_at_key(
                        "slug",
                        None,
                        format!(
                            "this page would be written to /{path}, which {} already uses",
                            pages[first].source.display()
                        ),
                    )
                    .with_hint("give one of them a different `slug:` or file name"),
                );
            } else {
                paths.insert(path, p.id);
            }
        };
        if !clashing.iter().any(|dir| p.rel.starts_with(dir.as_str())) {
            claim(p.path.clone());
            if let Some(path) = &p.checklist_path {
                claim(path.clone());
            }
        }
        for item in p.meta.checklist.iter().flat_map(|g| &g.items) {
            if let Some(&first) = ids.get(item.id.as_str()) {
                let (line, _) = yaml::locate(&pages[first].text(), "id", Some(&item.id));
                diags.push(
                    p.diag_at_key(
                        "id",
                        Some(&item.id),
                        format!("duplicate checklist id \"{}\"", item.id),
                    )
                    .with_hint(format!(
                        "ids are unique in the site; it is first used at {}:{line}",
                        pages[first].source.display()
                    )),
                );
            } else {
                ids.insert(&item.id, p.id);
            }
        }
    }
}

/// A slug to suggest for a page titled `title`.
pub(super) fn example_slug(title: &str) -> String {
    match slugify(title) {
        s if s.is_empty() => "my-page".into(),
        s => s,
    }
}
