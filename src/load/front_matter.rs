//! The typed front matter of a content file.

use super::due::Due;
use super::page_id::PageId;
use serde::{Deserialize, Serialize};

/// Longest description search engines show in full: `stepwise check`
/// reports longer ones, and `stepwise import` writes none longer.
pub(crate) const DESCRIPTION_MAX: usize = 160;

/// The keys front matter accepts, for "did you mean" hints.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "weight",
    "step",
    "draft",
    "updated",
    "date",
    "tags",
    "template",
    "checklist",
    "imported",
    "glossary",
    "sources",
];

/// What a content file says about itself.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title (its `h1`).
    pub title: String,
    /// One sentence for cards and meta tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The last part of the page's URL; defaults to the file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Order inside the guide; ties broken by title.
    #[serde(default)]
    pub weight: i64,
    /// Marks a step page; its number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    /// Left out of the build unless `--drafts`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// ISO date (`YYYY-MM-DD`) of the last meaningful change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Another name for `updated`, as Zola, Hugo, Jekyll and Eleventy call
    /// it; a page may give one of the two. Load moves it into `updated`, so
    /// later stages see one date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Topics of the page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A template to use instead of the default for this kind of page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The page's checklist: its own checklist page, ticks kept in readers'
    /// browsers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistGroup>,
    /// Set by `stepwise import`: the checklist was drafted by the importer and
    /// is waiting for an editor's review.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub imported: bool,
    /// The site's glossary: makes this page the glossary page, which lists
    /// the terms; every other page links the first use of each term to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<GlossaryEntry>,
    /// The site's sources: makes this page the sources page, which lists
    /// them, each with the date it was last checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceEntry>,
}

/// One source of the site's facts.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// Stable id, `[a-z0-9-]+`: the id of its section (`sources.md#ecfmg`).
    pub id: String,
    /// Its name, the section's heading.
    pub name: String,
    /// Where it is published: an `http(s)` URL.
    pub url: String,
    /// When it was last checked, `YYYY-MM-DD`.
    pub checked: String,
    /// What it publishes and where the site uses it: a short Markdown text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One term of the glossary.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The term, as the prose writes it (matched with its case).
    pub term: String,
    /// What an abbreviation stands for (`Early Specialization in
    /// Interventional Radiology` for `ESIR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion: Option<String>,
    /// What it means, in a sentence or two of plain text.
    pub definition: String,
    /// Other forms of the term in the prose (plurals, the spelled-out form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A titled group of checklist items (usually one subsection of the step).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChecklistGroup {
    /// The group's heading.
    pub group: String,
    /// The actions in this group.
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
}

/// One action a reader can tick.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Stable id, unique in the site, `[a-z0-9-]+`: readers' ticks are keyed by it.
    pub id: String,
    /// What to do, as an imperative sentence.
    pub text: String,
    /// Where the page explains it: `#anchor` or `other.md#anchor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see: Option<String>,
    /// When it is due: `2027-06-04`, `2027-06` or `eras-opens - 2 weeks`
    /// (a milestone of `site.yaml` with an offset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Where `see` leads, resolved at load (never read from the file).
    #[serde(skip)]
    pub(crate) target: Option<SeeTarget>,
    /// `due`, read at load with the site's milestones (never read from the file).
    #[serde(skip)]
    pub(crate) due_at: Option<Due>,
}

/// Where a checklist item's `see:` leads, resolved once the site is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeeTarget {
    /// The page.
    pub(crate) page: PageId,
    /// The heading id on it, if any; checked once pages are rendered.
    pub(crate) anchor: Option<String>,
    /// URL path from the site root, with the anchor (`step-2/#scores`).
    pub(crate) url: String,
}

/// Whether `id` is a valid checklist id (`[a-z0-9-]+`).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
