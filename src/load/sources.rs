//! The site's sources ([`Sources`], in the model) from the `sources:` front
//! matter of one page, as the glossary comes from one page's `glossary:`:
//! each source's id, name, address, the date it was last checked, and a
//! short Markdown note. The note's links between content files are
//! resolved with the site's other links (`link_targets::resolve_notes`),
//! and their anchors checked once pages are rendered, as checklist `see:`
//! targets are.

use super::date::Date;
use super::front_matter::{is_valid_id, SourceEntry};
use super::page::Page;
use super::page_id::PageId;
use super::pages::Pages;
use crate::error::Diagnostic;
use std::collections::HashMap;

/// The sources of a site and the page that lists them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sources {
    /// The sources page.
    pub(crate) page: PageId,
    /// The sources, in the order the page lists them.
    pub(crate) entries: Vec<Source>,
}

/// One source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Source {
    /// The id of its section on the sources page.
    pub(crate) id: String,
    /// Its name.
    pub(crate) name: String,
    /// Its address.
    pub(crate) url: String,
    /// When it was last checked (`None` only in a site loaded with
    /// problems, which is never rendered for output).
    pub(crate) checked: Option<Date>,
    /// The note, Markdown (empty when there is none).
    pub(crate) note: String,
    /// The note's links to content files and to the site root, resolved.
    pub(crate) links: Vec<NoteLink>,
    /// Its place in the list (0 for the first): its `checked:` line is the
    /// page's `index + 1`-th, where a warning about the date points.
    pub(crate) index: usize,
}

/// A link in a source's note to a page of the site or to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoteLink {
    /// The destination as the note writes it (`step-2.md#ecfmg`).
    pub(crate) dest: String,
    /// The page it leads to; `None` for a path from the site root.
    pub(crate) page: Option<PageId>,
    /// The fragment, if any; on a page, checked once pages are rendered.
    pub(crate) anchor: Option<String>,
    /// URL path from the site root, with the fragment (`step-2/#ecfmg`).
    pub(crate) to: String,
}

impl Sources {
    /// The sources of the site's `pages`, if one page has a `sources:`
    /// list, and the problems found: a second sources page, an id that is
    /// not `[a-z0-9-]+` or is listed twice, an empty name, an address that
    /// is not `http(s)`, a date that is not `YYYY-MM-DD`. The list keeps
    /// every source with a usable id even then, so that links to the others
    /// are not reported as broken too. The notes' links are resolved later,
    /// once every page is indexed.
    pub(crate) fn of(pages: &Pages) -> (Option<Sources>, Vec<Diagnostic>) {
        let mut with = pages.iter().filter(|p| !p.meta.sources.is_empty());
        let Some(page) = with.next() else {
            return (None, Vec::new());
        };
        let mut diags: Vec<Diagnostic> = with
            .map(|other| {
                other
                    .diag_at_key(
                        "sources",
                        None,
                        format!(
                            "a second sources list: {} already has one",
                            page.source.display()
                        ),
                    )
                    .with_hint("keep every source in one page's `sources:` list")
            })
            .collect();
        // How many times each id was listed so far, to point at the repeat.
        let mut listed: HashMap<&str, usize> = HashMap::new();
        let mut entries = Vec::new();
        for (index, e) in page.meta.sources.iter().enumerate() {
            let id = e.id.trim();
            let times = listed.entry(id).or_insert(0);
            *times += 1;
            if *times > 1 && !id.is_empty() {
                diags.push(
                    page.diag_at_nth_key(
                        "id",
                        Some(id),
                        *times - 1,
                        format!("source id `{id}` is listed twice"),
                    )
                    .with_hint("each source needs an id of its own: links to it use the id"),
                );
            }
            let checked = check_entry(page, e, index, &mut diags);
            if *times == 1 && is_valid_id(id) {
                entries.push(Source {
                    id: id.to_string(),
                    name: e.name.trim().to_string(),
                    url: e.url.trim().to_string(),
                    checked,
                    note: e.note.clone().unwrap_or_default(),
                    links: Vec::new(),
                    index,
                });
            }
        }
        let sources = Sources {
            page: page.id,
            entries,
        };
        (Some(sources), diags)
    }

    /// The source with section id `id`.
    pub(crate) fn by_id(&self, id: &str) -> Option<&Source> {
        self.entries.iter().find(|s| s.id == id)
    }
}

/// Checks the `index`-th entry of `page`'s list: its id, name, address and
/// date. Returns the date when it is one.
fn check_entry(
    page: &Page,
    e: &SourceEntry,
    index: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let id = e.id.trim();
    if !is_valid_id(id) {
        diags.push(
            page.diag_at_key("id", Some(&e.id), format!("source id \"{id}\" is not [a-z0-9-]+"))
                .with_hint("use lowercase letters, digits and dashes: it becomes the section's id, as in `sources.md#ecfmg`"),
        );
    }
    if e.name.trim().is_empty() {
        diags.push(
            page.diag_at_nth_key("name", None, index, format!("source `{id}` has no name"))
                .with_hint("write the name of the body or publication, as the section's heading"),
        );
    }
    let url = e.url.trim();
    let lower = url.to_ascii_lowercase();
    let host = ["https://", "http://"]
        .iter()
        .find_map(|s| lower.strip_prefix(s))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    if host.is_none_or(str::is_empty) || url.contains(char::is_whitespace) {
        diags.push(
            page.diag_at_nth_key(
                "url",
                None,
                index,
                format!("source `{id}` needs an http(s) address, found \"{url}\""),
            )
            .with_hint(
                "write the page where the source publishes it, for example https://www.nrmp.org/",
            ),
        );
    }
    let checked = Date::parse(e.checked.trim());
    if checked.is_none() {
        diags.push(
            page.diag_at_nth_key(
                "checked",
                None,
                index,
                format!(
                    "source `{id}`: checked must be a date as YYYY-MM-DD, found \"{}\"",
                    e.checked
                ),
            )
            .with_hint(
                "write the day you last checked the source, for example `checked: 2026-12-05`",
            ),
        );
    }
    checked
}
