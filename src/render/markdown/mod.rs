//! Markdown to HTML: heading ids and anchor links, the table of contents,
//! GFM alerts as callouts, and links between content files rewritten to
//! relative URLs.
//!
//! Rendering only *records* links to anchors and images; whether the
//! anchors exist is checked once every page is rendered
//! ([`crate::check::broken_anchors_in`]). What the print page makes of a page's
//! links is the print page's business ([`super::print`]).
//!
//! A page renders in one pass over pulldown-cmark's events (`renderer.rs`,
//! which also holds everything the pass keeps, in one `Renderer`); each
//! family of events is handled in its own file: `headings.rs` (ids, anchor links, sections, the table of
//! contents), `links_images.rs` (addresses rewritten, images and their alt
//! text recorded), `raw_html.rs` (HTML blocks and inline HTML),
//! `containers.rs` (callouts, tables) and `prose.rs` (text and code: the
//! sections' text, glossary terms). Lists, task lists, footnotes and
//! emphasis pass through as pulldown-cmark writes them.

mod containers;
mod headings;
mod links_images;
mod prose;
mod raw_elements;
mod raw_html;
mod renderer;
mod source_list;

pub use super::rendered::Rendered;
pub(crate) use super::rendered::TocEntry;
pub(crate) use renderer::options;
pub use renderer::render;
pub(crate) use renderer::render_page;
