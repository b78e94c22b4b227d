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
mod model;
mod pages;
#[cfg(test)]
pub(crate) mod reads;
pub mod scaffold;
mod split;
mod text;
pub mod theme;
mod update;
mod validate;
mod walk;
pub mod yaml;

pub use date::Date;
pub use front_matter::{
    is_valid_id, ChecklistGroup, ChecklistItem, FrontMatter, GlossaryEntry, SeeTarget,
    DESCRIPTION_MAX, KEYS,
};

pub use model::{Glossary, Guide, Page, Site, Term};
pub use pages::{PageId, Pages};
pub use split::{split, Split, SplitError};
pub use text::PageText;
pub use theme::Theme;
pub use update::{revert, update, Update};

use crate::error::{Diagnostic, Error, Result};
use config::Config;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
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
    let loaded = load_all(root, opts)?;
    if loaded.problems.is_empty() {
        Ok(loaded.site)
    } else {
        Err(Error::Input(loaded.problems))
    }
}

/// A site loaded as far as its files allow, with every problem found on the
/// way: what a command needs to report all of a site's problems in one run.
#[derive(Debug)]
pub struct Loaded {
    /// The site, made of the pages that loaded; the files that did not are
    /// in [`Site::unloaded`].
    pub site: Site,
    /// Every problem found; empty when the whole site loaded.
    pub problems: Vec<Diagnostic>,
    /// Whether `site.yaml` (and `--base-url`) loaded. Only then does
    /// rendering the pages that did load show what a full render would:
    /// rendered with default settings, they could fail where the real ones
    /// would not.
    pub settings_ok: bool,
}

/// Loads the site at `root` as far as it can: a file that does not load is
/// left out (and named in [`Site::unloaded`]) and the others are still read,
/// placed and checked, so that one run reports the problems of every file.
/// Fails only when there is nothing to load (no `content/` folder) or the
/// file system fails.
pub fn load_all(root: &Path, opts: &LoadOptions) -> Result<Loaded> {
    let mut problems = Vec::new();
    let mut settings_ok = true;
    let mut config = match Config::load(root) {
        Ok(config) => config,
        Err(Error::Input(mut diags)) => {
            // Content files do not depend on the settings: still check them.
            problems.append(&mut diags);
            settings_ok = false;
            Config::default()
        }
        Err(e) => return Err(e),
    };
    if let Some(url) = &opts.base_url {
        match config::check_base_url(url) {
            Ok(()) => config.base_url = Some(url.clone()),
            Err(why) => {
                problems.push(
                    Diagnostic::file(
                        "--base-url",
                        format!(
                            "--base-url must be an absolute http(s) URL, found \"{url}\": {why}"
                        ),
                    )
                    .with_hint(config::BASE_URL_HINT),
                );
                settings_ok = false;
            }
        }
    }
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        problems.push(
            Diagnostic::file(
                "content",
                format!("no content folder in {}", root.display()),
            )
            .with_hint("create content/_index.md, or pass --root to point at the site"),
        );
        return Err(Error::Input(problems));
    }
    let (files, mut walk_problems) = walk::walk(root, &content_dir);
    problems.append(&mut walk_problems);
    let parsed: Vec<_> = files
        .par_iter()
        .map(|(rel, abs)| file::parse_file(rel, abs))
        .collect();
    let mut pages = Vec::new();
    let mut unloaded = BTreeSet::new();
    for (result, (rel, _)) in parsed.into_iter().zip(files) {
        match result {
            Ok(page) if page.meta.draft && !opts.drafts => {}
            Ok(page) => pages.push(page),
            Err(mut d) => {
                problems.append(&mut d);
                unloaded.insert(rel);
            }
        }
    }
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        pages: Pages::new(pages),
        guides: Vec::new(),
        by_rel: HashMap::new(),
        glossary: None,
        unloaded,
    };
    site_wide(&mut site, &mut problems);
    Ok(Loaded {
        site,
        problems,
        settings_ok,
    })
}

/// The steps that need every page, for [`load_all`] and [`update`] alike:
/// folder names checked, pages grouped into guides and ordered, paths and
/// checklist ids unique, the glossary built, pages indexed by path,
/// checklist `see:` targets resolved. Problems are added to `problems`.
fn site_wide(site: &mut Site, problems: &mut Vec<Diagnostic>) {
    let rels = site.pages.iter().map(|p| p.rel.as_str());
    let (mut folder_problems, clashing) =
        folders::check(rels.chain(site.unloaded.iter().map(String::as_str)));
    problems.append(&mut folder_problems);
    site.guides = guides::assemble(&mut site.pages, &site.unloaded, problems);
    validate::check_unique(&site.pages, &site.guides, &clashing, problems);
    site.glossary = Glossary::of(&site.pages).unwrap_or_else(|mut d| {
        problems.append(&mut d);
        None
    });
    site.by_rel = site.pages.iter().map(|p| (p.rel.clone(), p.id)).collect();
    problems.append(&mut links::resolve_see(site));
}
