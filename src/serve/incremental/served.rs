//! What the preview serves: the last good site ([`ServedSite`]) behind a lock
//! the HTTP side reads ([`Served`]). Static files are kept; pages are
//! rendered when asked for.

use super::super::reload::SiteFiles;
use super::parts::RenderParts;
use crate::check::{ContentLinks, LinkIndex, TextOf, OUTPUT_LABEL};
use crate::error::{Diagnostic, Result};
use crate::hash::ContentHash;
use crate::load::{Site, Theme};
use axum::body::Bytes;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The last good build.
pub(super) struct ServedSite {
    pub(super) site: Site,
    pub(super) theme: Theme,
    pub(super) parts: RenderParts,
    /// Files copied as they are (theme assets, `static/`), by output path:
    /// where a rendered file has the same path, this one is served, as
    /// `build` writes it last.
    pub(super) assets: BTreeMap<String, Bytes>,
    /// The links and ids of every file served, for checking the links of
    /// the files a rebuild changes and of the files linking to them.
    pub(super) links: LinkIndex,
    /// A hash of every rendered file, to tell which files a rebuild changed.
    pub(super) hashes: HashMap<String, ContentHash>,
}

impl ServedSite {
    /// The file at `path` as served.
    pub(super) fn get(&self, path: &str) -> Option<Bytes> {
        if let Some(bytes) = self.assets.get(path) {
            return Some(bytes.clone());
        }
        match self.parts.file(&self.site, &self.theme, path)? {
            Ok(bytes) => Some(Bytes::from(bytes)),
            Err(e) => {
                eprintln!("error: cannot render {path}: {e}");
                None
            }
        }
    }

    /// Checks the links of the files at `paths` (of every file, for
    /// `None`), as `stepwise build` does; `text_of` reads a file.
    pub(super) fn check_links(
        &self,
        paths: Option<&[&str]>,
        text_of: &TextOf<'_>,
    ) -> Result<Vec<Diagnostic>> {
        let links_of = |id| self.parts.root_links(id);
        let content = ContentLinks::new(&self.site, &links_of);
        match paths {
            Some(paths) => self
                .links
                .check_files(paths, text_of, OUTPUT_LABEL, &content),
            None => self.links.check(text_of, OUTPUT_LABEL, &content),
        }
    }

    /// Lets go of what the render kept and of the link index, before a
    /// full rebuild, so that a large site is never in memory twice; keeps
    /// what makes this site again (its site and theme) and what tells
    /// which files the rebuild changes (hashes, static files).
    pub(super) fn into_inputs(
        self,
    ) -> (
        Site,
        Theme,
        HashMap<String, ContentHash>,
        BTreeMap<String, Bytes>,
    ) {
        let ServedSite {
            site,
            theme,
            hashes,
            assets,
            parts,
            links,
        } = self;
        drop((parts, links));
        (site, theme, hashes, assets)
    }

    pub(super) fn contains(&self, path: &str) -> bool {
        self.assets.contains_key(path) || self.parts.contains(path)
    }

    /// Every path served.
    pub(super) fn paths(&self) -> BTreeSet<&str> {
        self.parts
            .paths()
            .chain(self.assets.keys().map(String::as_str))
            .collect()
    }
}

/// A file's bytes as text, to locate a problem in it.
pub(super) fn text(bytes: Option<Bytes>) -> Option<String> {
    bytes.map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The site being served, shared between the rebuild thread and the HTTP
/// server: pages are rendered from it when asked for.
#[derive(Clone, Default)]
pub(crate) struct Served(Arc<RwLock<Option<ServedSite>>>);

impl std::fmt::Debug for Served {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Served")
    }
}

impl Served {
    pub(super) fn read(&self) -> RwLockReadGuard<'_, Option<ServedSite>> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn write(&self) -> RwLockWriteGuard<'_, Option<ServedSite>> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }
}

impl SiteFiles for Served {
    fn is_empty(&self) -> bool {
        self.read().is_none()
    }

    fn contains(&self, path: &str) -> bool {
        self.read().as_ref().is_some_and(|g| g.contains(path))
    }

    fn get(&self, path: &str) -> Option<Bytes> {
        self.read().as_ref()?.get(path)
    }
}
