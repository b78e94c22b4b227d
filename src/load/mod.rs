//! Load stage. In: a site's root folder (`site.yaml`, `content/`,
//! `themes/`). Out: a validated [`Site`] (every page parsed, placed in its
//! guide and given its URL) and the [`Theme`] to render it with.
//!
//! Every check that needs only the sources happens here, and every problem
//! found is reported at once. Nothing here renders Markdown or runs a
//! template: anchors are checked once pages are rendered (`check::anchors`).

pub mod config;
pub mod controls;
mod date;
mod escapes;
mod file;
mod folders;
mod front_matter;
mod glossary;
mod guides;
pub mod links;
mod page;
mod page_id;
mod pages;
#[cfg(test)]
pub(crate) mod reads;
pub mod scaffold;
mod site;
mod site_wide;
mod split;
mod text;
pub mod theme;
mod update;
mod validate;
mod walk;
mod whole;
pub mod yaml;

pub use date::Date;
pub use front_matter::{
    is_valid_id, ChecklistGroup, ChecklistItem, FrontMatter, GlossaryEntry, SeeTarget,
    DESCRIPTION_MAX, KEYS,
};

pub use glossary::{Glossary, Term};
pub use page::Page;
pub use page_id::PageId;
pub use pages::Pages;
pub use site::{Guide, Site};
pub use split::{split, Split, SplitError};
pub use text::PageText;
pub use theme::Theme;
pub use update::{revert, update, Update};
pub use whole::{load, load_all, LoadOptions, Loaded};
