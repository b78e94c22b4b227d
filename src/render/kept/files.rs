//! The files of a kept site, made when asked for: pages rendered on
//! request, the search index from the kept entries, the other site-wide
//! files from the site.

use super::*;

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
        let output = self.files.get(path)?;
        let prep = Prepared {
            site,
            theme,
            views: self.views(site),
            tera: &self.tera,
        };
        Some(match output {
            Output::Page(rel) => {
                let i = *site.by_rel.get(rel)?;
                let (body, _) = markdown::render(site, i);
                let (files, diags) = page_files(&prep, i, &body);
                match files.into_iter().find(|f| f.path == path) {
                    Some(f) => Ok(f.bytes),
                    None => Err(Error::Input(diags)),
                }
            }
            Output::Print(dir) => {
                let print = self.guides.get(dir)?.print.as_ref()?;
                Ok(print.bytes.to_vec())
            }
            Output::Site(SiteFile::SearchIndex) => Ok(self.search_index(site).to_vec()),
            Output::Site(file) => site_file(&prep, *file, &[""]).map_err(|d| Error::Input(vec![d])),
        })
    }

    /// The search index: each page's kept entries, made again (from its
    /// Markdown) for pages whose index or text cap changed since.
    fn search_index(&self, site: &Site) -> Arc<Vec<u8>> {
        let mut cached = lock(&self.search);
        if let Some(index) = &*cached {
            return index.clone();
        }
        let cap = search::cap_for(self.total);
        let mut again = lock(&self.entries);
        let stale: Vec<usize> = (0..site.pages.len())
            .filter(|&i| {
                let rel = &site.pages[i].rel;
                let kept = self
                    .pages
                    .get(rel)
                    .is_some_and(|p| p.search_for == (i, cap));
                !kept && again.get(rel).is_none_or(|(_, made)| *made != (i, cap))
            })
            .collect();
        let fresh: Vec<(usize, String)> = stale
            .par_iter()
            .map(|&i| {
                let (body, _) = markdown::render(site, i);
                (i, search::entries(i, &body.sections, cap))
            })
            .collect();
        for (i, entries) in fresh {
            again.insert(site.pages[i].rel.clone(), (entries, (i, cap)));
        }
        let entries: Vec<&str> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| match self.pages.get(&p.rel) {
                Some(part) if part.search_for == (i, cap) => part.search.as_str(),
                _ => again.get(&p.rel).map_or("", |(e, _)| e.as_str()),
            })
            .collect();
        let index = Arc::new(search::index(site, &entries));
        *cached = Some(index.clone());
        index
    }
}
