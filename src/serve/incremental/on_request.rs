//! The files of the site served, made when asked for, through the render
//! driver: a page's files rendered on request (its search fragment with
//! it), the search index's term files from the kept terms, the other
//! site-wide files from the site. The offline worker is always the one
//! that takes itself away: a preview is never kept offline.

use super::parts::{IndexFiles, Output, RenderParts};
use crate::error::{Error, Result};
use crate::load::{Site, Theme};
use crate::render::{render_with, Collect, Make, Pages, RenderInput, SiteFile, RETIRED_WORKER};
use crate::render::{SiteFiles, Work};
use crate::sync::lock;
use std::collections::BTreeMap;
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
            // A search fragment is made from its page's Markdown, without
            // its templates.
            Output::Fragment(id) => {
                site.pages.get(*id)?;
                Work {
                    pages: Pages::Only(BTreeMap::from([(*id, Make::SearchFragments)])),
                    search: true,
                    ..Work::nothing()
                }
            }
            Output::Print(dir) => {
                let print = self.guides.get(dir)?.print.as_ref()?;
                return Some(Ok(print.bytes()));
            }
            Output::Site(SiteFile::SearchIndex) => {
                return self.search_index(site, theme).get(path).cloned().map(Ok);
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

    /// The search index's term files and `search/meta.js`, by path, made
    /// from what the index kept of every page.
    fn search_index(&self, site: &Site, theme: &Theme) -> Arc<IndexFiles> {
        let mut cached = lock(&self.search);
        if let Some(index) = &*cached {
            return index.clone();
        }
        let work = Work {
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
        let index: IndexFiles = match render_with(&input, &work, self, &sink) {
            Ok(_) => sink
                .into_files()
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect(),
            Err(_) => IndexFiles::new(),
        };
        let index = Arc::new(index);
        *cached = Some(index.clone());
        index
    }
}
