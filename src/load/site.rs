//! The site model the load stage produces ([`Site`]): every page with its
//! parsed front matter and its URL, the guides the pages belong to, in
//! reading order, and the files published beside the pages.
//!
//! Plain data: the later stages read it and never change it.

use super::config::Config;
use super::glossary::Glossary;
use super::page_id::PageId;
use super::pages::Pages;
use super::sources::Sources;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// A folder of content with an `_index.md` (or `content/` itself).
#[derive(Debug, Clone)]
pub(crate) struct Guide {
    /// Folder relative to `content/`, `""` or ending in `/`.
    pub(crate) dir: String,
    /// A short name for storage keys: the folder's slug, or `main`.
    pub(crate) key: String,
    /// URL path of the guide's print page (`print/`, `more/print/`).
    pub(crate) print_path: String,
    /// The `_index.md` page, if any.
    pub(crate) index: Option<PageId>,
    /// The other pages, in reading order.
    pub(crate) pages: Vec<PageId>,
}

/// A file under `content/` that is not Markdown: an image or a download
/// beside its page (`content/step-2/diagram.png` beside
/// `content/step-2/index.md` or `content/step-2.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentFile {
    /// Where it is published: its folder's URL, the same as the URLs of the
    /// pages in that folder, and its own name (`step-2/diagram.png`).
    pub(crate) path: String,
    /// The file on disk.
    pub(crate) source: PathBuf,
}

/// The whole site, loaded and validated.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's root folder.
    pub(crate) root: PathBuf,
    /// `site.yaml`.
    pub(crate) config: Config,
    /// Every page, by id, in content-path order.
    pub pages: Pages,
    /// Every guide, the root guide first.
    pub(crate) guides: Vec<Guide>,
    /// Each page's id by its path relative to `content/`.
    pub by_rel: HashMap<String, PageId>,
    /// The glossary, when a page has a `glossary:` list.
    pub(crate) glossary: Option<Glossary>,
    /// The sources, when a page has a `sources:` list.
    pub(crate) sources: Option<Sources>,
    /// The files under `content/` that are not Markdown (images,
    /// downloads), by path relative to `content/`: each is published beside
    /// the pages of its folder.
    pub(crate) content_files: BTreeMap<String, ContentFile>,
    /// Content files (paths relative to `content/`) that failed to load.
    /// Always empty in a site that is rendered for output; a site loaded
    /// with problems is rendered only to find more of them, and links to
    /// these files are then left unchecked rather than called broken.
    pub(crate) unloaded: BTreeSet<String>,
    /// Content files (paths relative to `content/`) marked `draft: true`
    /// and left out of this build: a link to one says so.
    pub(crate) drafts: BTreeSet<String>,
}
