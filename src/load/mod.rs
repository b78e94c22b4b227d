//! Load stage. In: a site's root folder (`site.yaml`, `content/`,
//! `themes/`). Out: a validated [`Site`] (every page parsed, placed in its
//! guide and given its URL) and the [`Theme`] to render it with.
//!
//! Every check that needs only the sources happens here, and every problem
//! found is reported at once. Nothing here renders Markdown or runs a
//! template: anchors are checked once pages are rendered (`check::anchors`).

pub mod config;
mod controls;
mod date;
mod file;
mod folders;
mod front_matter;
mod guides;
pub mod links;
mod model;
mod split;
mod text;
pub mod theme;
mod validate;
mod walk;
pub mod yaml;

pub use date::Date;
pub use front_matter::{
    is_valid_id, ChecklistGroup, ChecklistItem, FrontMatter, SeeTarget, DESCRIPTION_MAX, KEYS,
};
pub use model::{Guide, Page, Site};
pub use split::{split, Split, SplitError};
pub use text::PageText;
pub use theme::Theme;

use crate::error::{Diagnostic, Error, Result};
use config::Config;
use rayon::prelude::*;
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
        if let Err(why) = config::check_base_url(url) {
            return Err(Diagnostic::file(
                "--base-url",
                format!("--base-url must be an absolute http(s) URL, found \"{url}\": {why}"),
            )
            .with_hint(config::BASE_URL_HINT)
            .into());
        }
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
    let (files, mut diags) = walk::walk(root, &content_dir);
    let (mut folder_problems, clashing) = folders::check(files.iter().map(|(rel, _)| rel.as_str()));
    diags.append(&mut folder_problems);
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
    let guides = guides::assemble(&mut pages, &mut diags);
    validate::check_unique(&pages, &guides, &clashing, &mut diags);
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let by_rel = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        guides,
        by_rel,
    };
    let diags = links::resolve_see(&mut site);
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    Ok(site)
}
