//! The files of a kept site, made when asked for, through the render
//! driver: a page's files rendered on request, the search index from the
//! kept entries (made again for the pages whose place or text cap changed),
//! the other site-wide files from the site.

use super::*;
use crate::error::Error;
use crate::render::driver::{Make, Pages, SiteFiles};
use crate::render::Collect;
use std::collections::BTreeMap;

impl Kept {
    /// Whether the site has a rendered file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The paths of every rendered file.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The rendered file at `path`, made now; `None` if the site has none.
    pub fn file(&self, site: &Site, theme: &Theme, path: &str) -> Option<Result<Vec<u8>>> {
        let work = match self.files.get(path)? {
            Output::Page(rel) => {
                let i = *site.by_rel.get(rel)?;
                Work {
                    pages: Pages::Only(BTreeMap::from([(i, Make::Files)])),
                    ..Work::nothing()
                }
            }
            Output::Print(dir) => {
                let print = self.guides.get(dir)?.print.as_ref()?;
                return Some(Ok(print.bytes.to_vec()));
            }
            Output::Site(SiteFile::SearchIndex) => {
                return Some(Ok(self.search_index(site, theme).to_vec()))
            }
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
        let rendered = driver::render(&input, &work, self, &sink);
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
        let cap = crate::render::search::text_cap(site);
        let mut again = lock(&self.entries);
        let stale: BTreeMap<usize, Make> = (0..site.pages.len())
            .filter(|&i| {
                let rel = &site.pages[i].rel;
                let kept = self
                    .pages
                    .get(rel)
                    .is_some_and(|p| p.search_for == (i, cap));
                !kept && again.get(rel).is_none_or(|(_, made)| *made != (i, cap))
            })
            .map(|i| (i, Make::SearchEntries))
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
        let known = Entries {
            kept: self,
            again: &again,
        };
        let index = match driver::render(&input, &work, &known, &sink) {
            Ok(fresh) => {
                for (i, facts) in fresh.pages {
                    again.insert(site.pages[i].rel.clone(), (facts.search, (i, cap)));
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
struct Entries<'a> {
    kept: &'a Kept,
    again: &'a HashMap<String, super::Entries>,
}

impl Known for Entries<'_> {
    fn ids(&self, _: &Site, _: usize) -> Option<&HashSet<String>> {
        None
    }

    fn anchor_refs(&self, _: &Site, _: usize) -> Vec<AnchorRef> {
        Vec::new()
    }

    fn linkers(&self, _: &Site, _: &BTreeSet<usize>) -> BTreeSet<usize> {
        BTreeSet::new()
    }

    fn print_part(&self, _: &Site, _: usize) -> Option<&str> {
        None
    }

    fn search_entries(&self, site: &Site, i: usize, cap: usize) -> Option<&str> {
        let rel = &site.pages[i].rel;
        match self.kept.pages.get(rel) {
            Some(part) if part.search_for == (i, cap) => Some(part.search.as_str()),
            _ => self
                .again
                .get(rel)
                .filter(|(_, made)| *made == (i, cap))
                .map(|(e, _)| e.as_str()),
        }
    }
}
