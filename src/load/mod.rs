//! Load stage. In: a site's root folder (`site.yaml`, `content/`,
//! `themes/`). Out: a validated [`Site`] (every page parsed, placed in its
//! guide and given its URL) and the [`Theme`] to render it with.
//!
//! Every check that needs only the sources happens here, and every problem
//! found is reported at once. Nothing here renders Markdown or runs a
//! template: anchors are checked once pages are rendered (`check::anchors`).

pub mod config;
mod date;
mod file;
mod front_matter;
mod guides;
pub mod links;
mod model;
mod split;
mod text;
pub mod theme;
mod update;
mod validate;
mod walk;
pub mod yaml;

pub use date::Date;
#[cfg(test)]
pub(crate) use file::reads;
pub use front_matter::{
    is_valid_id, ChecklistGroup, ChecklistItem, FrontMatter, SeeTarget, DESCRIPTION_MAX, KEYS,
};
pub use model::{Guide, Page, Site};
pub use split::{split, Split, SplitError};
pub use text::PageText;
pub use theme::Theme;
pub use update::{revert, update, Update};

use crate::error::{Diagnostic, Error, Result};
use config::Config;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
}

/// Loads and validates the site at `root`. Reports every problem found, not
/// only the first.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Site> {
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = Some(url.clone());
    }
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Diagnostic::file(
            "content",
            format!("no content folder in {}", root.display()),
        )
        .with_hint("create content/_index.md, or pass --root to point at the site")
        .into());
    }
    let (files, mut diags) = walk::walk(&content_dir);
    let parsed: Vec<_> = files
        .par_iter()
        .map(|(rel, abs)| file::parse_file(rel, abs))
        .collect();
    let mut pages = Vec::new();
    for result in parsed {
        match result {
            Ok(page) if page.meta.draft && !opts.drafts => {}
            Ok(page) => pages.push(page),
            Err(mut d) => diags.append(&mut d),
        }
    }
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        guides: Vec::new(),
        by_rel: HashMap::new(),
    };
    site_wide(&mut site, diags)?;
    Ok(site)
}

/// The steps that need every page, for [`load`] and [`update`] alike:
/// pages grouped into guides and ordered, paths and checklist ids unique,
/// pages indexed by path, checklist `see:` targets resolved. `diags` holds
/// the problems found before; all of them are reported together.
fn site_wide(site: &mut Site, mut diags: Vec<Diagnostic>) -> Result<()> {
    site.guides = guides::assemble(&mut site.pages, &mut diags);
    validate::check_unique(&site.pages, &site.guides, &mut diags);
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    site.by_rel = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    let diags = links::resolve_see(site);
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    Ok(())
}
