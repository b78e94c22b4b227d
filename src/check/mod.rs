//! Check stage. In: the rendered site (its files, and each page's rendered
//! Markdown). Out: diagnostics, each located in the content file or the
//! built file it comes from. Nothing here writes files.
//!
//! `build` and `serve` run the link check ([`links`]): a broken internal link
//! fails the build wherever it comes from, content or template. `stepwise
//! check` runs [`inspect`], which adds the publishing checks.

mod links;
mod publish;

pub use links::{check_links, links, LinkInfo};
pub use publish::{inspect, MAX_DESCRIPTION};
