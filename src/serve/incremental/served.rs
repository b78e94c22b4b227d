//! What the preview serves: a generation of the site ([`ServedSite`]), made
//! whole by a rebuild and never changed once it is served. The HTTP side
//! holds it by an `Arc` (swapped for the next one in one step, see
//! `reload::Hub`), so it never waits for a rebuild. Static files are kept;
//! pages are rendered when asked for.

use super::super::reload::SiteFiles;
use super::parts::RenderParts;
use crate::check::{ContentLinks, LinkIndex, TextOf, OUTPUT_LABEL};
use crate::cow::CowMap;
use crate::error::{Diagnostic, Result};
use crate::hash::ContentHash;
use crate::load::{Site, Theme};
use axum::body::Bytes;
use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A hash of each rendered file, by path: shared between generations
/// until an edit changes it (see [`CowMap`]).
pub(super) type Hashes = CowMap<String, ContentHash, RandomState>;

/// One generation of the site: the model, what the render kept of it, the
/// static files and the link index. The next generation starts as a clone
/// of this one, which shares the large parts (page texts, each page's kept
/// part, print pages, static files) through `Arc`; the edit replaces what
/// it changes in the clone, and a failed or abandoned edit just drops it.
#[derive(Clone)]
pub(crate) struct ServedSite {
    pub(super) site: Site,
    /// Shared by the generations until a template or theme file changes.
    pub(super) theme: Arc<Theme>,
    pub(super) parts: RenderParts,
    /// Files copied as they are (theme assets, `static/`), by output path:
    /// where a rendered file has the same path, this one is served, as
    /// `build` writes it last.
    pub(super) assets: BTreeMap<String, Bytes>,
    /// The links and ids of every file served, for checking the links of
    /// the files a rebuild changes and of the files linking to them.
    pub(super) links: LinkIndex,
    /// A hash of every rendered file, to tell which files a rebuild changed.
    pub(super) hashes: Hashes,
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

impl std::fmt::Debug for ServedSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServedSite")
    }
}

impl SiteFiles for ServedSite {
    fn is_empty(&self) -> bool {
        false
    }

    fn contains(&self, path: &str) -> bool {
        ServedSite::contains(self, path)
    }

    fn get(&self, path: &str) -> Option<Bytes> {
        ServedSite::get(self, path)
    }
}
