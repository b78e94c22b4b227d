//! Load stage. In: a site's root folder (`site.yaml`, `content/`,
//! `themes/`). Out: a validated [`Site`] (every page parsed, placed in its
//! guide and given its URL) and the [`Theme`] to render it with.
//!
//! Every check that needs only the sources happens here, and every problem
//! found is reported at once. Nothing here renders a page's Markdown or runs
//! a template (only a glossary term is read as Markdown, to match it as the
//! page will show it): anchors are checked once pages are rendered
//! (`check::anchors`).

pub mod config;
pub(crate) mod control_chars;
mod date;
mod due;
mod escapes;
mod file;
mod folders;
mod front_matter;
mod glossary;
mod guides;
pub(crate) mod link_targets;
mod page;
mod page_id;
mod pages;
mod publishing;
#[cfg(test)]
pub(crate) mod reads;
mod refresh;
pub mod scaffold;
mod site;
mod site_wide;
mod sources;
mod split;
mod text;
pub(crate) mod theme;
mod validate;
mod walk;
mod whole;
pub mod yaml;
mod yaml_events;

pub(crate) use date::{Date, DateFormat};
pub(crate) use due::Due;
pub(crate) use front_matter::DESCRIPTION_MAX;
pub use front_matter::{
    is_valid_id, ChecklistGroup, ChecklistItem, FrontMatter, GlossaryEntry, SourceEntry, KEYS,
};

pub(crate) use glossary::Glossary;
pub use page::Page;
pub use page_id::PageId;
pub use pages::Pages;
pub(crate) use refresh::{update, Update};
pub use site::Site;
pub(crate) use sources::{NoteLink, Source};
pub use split::{split, Split, SplitError};
pub use text::PageText;
pub use theme::Theme;
pub(crate) use validate::SEARCH_DIR;
pub(crate) use walk::is_editor_file;
pub(crate) use whole::{load, load_all, LoadOptions};
