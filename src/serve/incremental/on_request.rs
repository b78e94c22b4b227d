//! The files of the site served, made when asked for, through the render
//! driver: a page's files rendered on request, the search index from the
//! kept entries (made again for the pages whose place or text cap changed),
//! the other site-wide files from the site. The offline worker is always
//! the one that takes itself away: a preview is never kept offline.

use super::parts::{Entries, Output, RenderParts};
use crate::check::AnchorRef;
use crate::error::{Error, Result};
use crate::load::{PageId, Site, Theme};
use crate::render::{
    render_with, text_cap, Collect, KnownPages, Make, Pages, RenderInput, SiteFile, RETIRED_WORKER,
};
use crate::render::{SiteFiles, Work};
use crate::sync::lock;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

impl RenderParts {
    /// Whether the site has a rendered file at `path`.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The paths of every rendered file.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The rendered file at `path`, made now; `None` if the site has none.
    pub(crate) fn file(&self, site: &Site, theme: &Theme, path: &str) -> Option<Result<Vec<u8>>> {
        let work = match self.files.get(path)? {
            Output::Page(id) => {
                site.pages.get(*id)?;
                Work {
                    pages: Pages::Only(BTreeMap::from([(*id, Make::Files)])),
                    ..Work::nothing()
                }
            }
            Output::Print(dir) => {
                let print = self.guides.get(dir)?.print.as_ref()?;
                return Some(Ok(print.bytes()));
            }
            Output::Site(SiteFile::SearchIndex) => {
                return Some(Ok(self.search_index(site, theme).to_vec()))
            }
            // A preview never keeps pages offline: a worker an earlier visit
            // installed at this address is told to go (see render's offline).
            Output::Site(SiteFile::Worker) => return Some(Ok(RETIRED_WORKER.as_bytes().to_vec())),
            Output::Site(file) => Work {
                site_files: SiteFiles::Only(vec![*file]),
                ..Work::nothing()
            },
        };
        let input = RenderInput {
            site,
            theme,
            views: self.views(site),
            tera: &self.tera,
        };
        let sink = Collect::default();
        let rendered = render_with(&input, &work, self, &sink);
        let made = sink.into_files().into_iter().find(|f| f.path == path);
        Some(match (made, rendered) {
            (Some(f), _) => Ok(f.bytes),
            (None, Err(e)) => Err(e),
            (None, Ok(_)) => Err(Error::Input(Vec::new())),
        })
    }

    /// The search index: each page's kept entries, made again (from its
    /// Markdown) for pages whose index or text cap changed since.
    fn search_index(&self, site: &Site, theme: &Theme) -> Arc<Vec<u8>> {
        let mut cached = lock(&self.search);
        if let Some(index) = &*cached {
            return index.clone();
        }
        let cap = text_cap(site);
        let mut again = lock(&self.entries);
        let stale: BTreeMap<PageId, Make> = site
            .pages
            .ids()
            .filter(|&id| {
                let made_for = (site.pages.place(id), cap);
                let kept = self
                    .pages
                    .get(&id)
                    .is_some_and(|p| p.search_for == made_for);
                !kept && again.get(&id).is_none_or(|(_, made)| *made != made_for)
            })
            .map(|id| (id, Make::SearchEntries))
            .collect();
        let work = Work {
            pages: Pages::Only(stale),
            site_files: SiteFiles::Only(vec![SiteFile::SearchIndex]),
            ..Work::nothing()
        };
        let input = RenderInput {
            site,
            theme,
            views: self.views(site),
            tera: &self.tera,
        };
        let sink = Collect::default();
        let known = EntriesKnown {
            kept: self,
            again: &again,
        };
        let index = match render_with(&input, &work, &known, &sink) {
            Ok(fresh) => {
                for (id, facts) in fresh.pages {
                    again.insert(id, (facts.search, (site.pages.place(id), cap)));
                }
                sink.into_files()
                    .into_iter()
                    .next()
                    .map_or_else(Vec::new, |f| f.bytes)
            }
            Err(_) => Vec::new(),
        };
        let index = Arc::new(index);
        *cached = Some(index.clone());
        index
    }
}

/// What the search index is made of: each page's kept entries, or those
/// made again since.
struct EntriesKnown<'a> {
    kept: &'a RenderParts,
    again: &'a HashMap<PageId, Entries>,
}

impl KnownPages for EntriesKnown<'_> {
    fn ids(&self, _: PageId) -> Option<&HashSet<String>> {
        None
    }

    fn anchor_refs(&self, _: PageId) -> Vec<AnchorRef> {
        Vec::new()
    }

    fn linkers(&self, _: &Site, _: &BTreeSet<PageId>) -> BTreeSet<PageId> {
        BTreeSet::new()
    }

    fn print_part(&self, _: PageId) -> Option<String> {
        None
    }

    fn search_entries(&self, site: &Site, id: PageId, cap: usize) -> Option<&str> {
        let made_for = (site.pages.place(id), cap);
        match self.kept.pages.get(&id) {
            Some(part) if part.search_for == made_for => Some(part.search.as_str()),
            _ => self
                .again
                .get(&id)
                .filter(|(_, made)| *made == made_for)
                .map(|(e, _)| e.as_str()),
        }
    }
}
