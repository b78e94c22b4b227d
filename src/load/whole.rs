//! Loading a whole site: settings, every content file, then the steps that
//! need every page ([`load_all`]), reporting every problem found.

use super::config::{self, Config};
use super::pages::Pages;
use super::site::{ContentFile, Site};
use super::site_wide::site_wide;
use super::{file, folders, walk};
use crate::error::{Diagnostic, Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    /// Keep pages marked `draft: true`.
    pub(crate) drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub(crate) base_url: Option<String>,
}

/// Loads and validates the site at `root`. Reports every problem found, not
/// only the first.
pub(crate) fn load(root: &Path, opts: &LoadOptions) -> Result<Site> {
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
pub(crate) struct Loaded {
    /// The site, made of the pages that loaded; the files that did not are
    /// in [`Site::unloaded`].
    pub(crate) site: Site,
    /// Every problem found; empty when the whole site loaded.
    pub(crate) problems: Vec<Diagnostic>,
    /// Whether `site.yaml` (and `--base-url`) loaded. Only then does
    /// rendering the pages that did load show what a full render would:
    /// rendered with default settings, they could fail where the real ones
    /// would not.
    pub(crate) settings_ok: bool,
}

/// Loads the site at `root` as far as it can: a file that does not load is
/// left out (and named in [`Site::unloaded`]) and the others are still read,
/// placed and checked, so that one run reports the problems of every file.
/// Fails only when there is nothing to load (no `content/` folder) or the
/// file system fails.
pub(crate) fn load_all(root: &Path, opts: &LoadOptions) -> Result<Loaded> {
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
    let mut walked = walk::walk(root, &content_dir);
    problems.append(&mut walked.problems);
    let files = walked.pages;
    let parsed: Vec<_> = files
        .par_iter()
        .map(|(rel, abs)| file::parse_file(rel, abs))
        .collect();
    let mut pages = Vec::new();
    let mut unloaded = BTreeSet::new();
    let mut drafts = BTreeSet::new();
    for (result, (rel, _)) in parsed.into_iter().zip(files) {
        match result {
            Ok(page) if page.meta.draft && !opts.drafts => {
                drafts.insert(rel);
            }
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
        content_files: content_files(walked.files),
        sources: None,
        unloaded,
        drafts,
    };
    site_wide(&mut site, &mut problems);
    Ok(Loaded {
        site,
        problems,
        settings_ok,
    })
}

/// The files under `content/` that are not Markdown, each published at its
/// folder's URL (as the pages of that folder are) under its own name. A
/// file in a folder whose name makes no URL is left out: the folder check
/// reports the folder.
fn content_files(found: Vec<(String, PathBuf)>) -> BTreeMap<String, ContentFile> {
    found
        .into_iter()
        .filter_map(|(rel, source)| {
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
            let dir = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            let path = format!("{}{name}", folders::url_dir(&dir).ok()?);
            Some((rel, ContentFile { path, source }))
        })
        .collect()
}
