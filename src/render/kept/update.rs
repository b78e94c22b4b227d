//! Rendering again what an edit changes ([`Kept::update`]), and putting
//! back what a failed edit changed ([`Kept::revert`]).

use super::*;
use crate::render::driver::{Anchors, Guides, Make, Pages, SiteFiles};
use std::collections::BTreeMap;

impl Kept {
    /// Renders again, into `sink` as they are made, the files that `update`
    /// (just applied to `site` by `load::update`) can change, checks the
    /// anchors it can break, and keeps the new parts. On error nothing is
    /// kept (what went to `sink` is the caller's to undo);
    /// [`revert`](Self::revert) undoes a success.
    pub fn update(
        &mut self,
        site: &Site,
        theme: &Theme,
        update: &Update,
        sink: &dyn Sink,
    ) -> Result<Rerendered> {
        // Entries the search index made again are as good as the kept ones.
        for (rel, (entries, made)) in lock(&self.entries).drain() {
            if let Some(part) = self.pages.get_mut(&rel) {
                part.search = entries;
                part.search_for = made;
            }
        }
        let changed: BTreeSet<usize> = update.changed.iter().copied().collect();
        let guide_of = |i: usize| site.pages[i].guide;
        // Pages whose files are rendered again, guides whose print
        // template runs again, and whether the files of the whole site
        // (home, 404) may show something new.
        let mut render: BTreeSet<usize> = changed.clone();
        let mut prints: BTreeSet<usize> = BTreeSet::new();
        let mut synthetic = false;
        let mut views: Vec<tera::Value> = Vec::new();
        // What templates see as `site` comes from the settings today; if it
        // ever shows something of the pages, every file can change.
        let site_view = tera::Value::from_serializable(&SiteView::of(site));
        let new_tera = if site_view != self.site_view {
            render.extend(0..site.pages.len());
            prints.extend(0..site.guides.len());
            synthetic = true;
            Some(compile(site, theme)?)
        } else {
            None
        };
        // Every page links the glossary's terms where it first uses them.
        let glossary_changed = site.glossary != self.glossary;
        if glossary_changed {
            render.extend(0..site.pages.len());
            prints.extend(0..site.guides.len());
        }
        if update.bodies_only {
            views = self.views(site).guides;
        } else {
            for g in 0..site.guides.len() {
                let guide = &site.guides[g];
                let view = guide_view(site, g);
                let index_changed = guide.index.is_some_and(|x| changed.contains(&x));
                let same = self
                    .guides
                    .get(&guide.dir)
                    .is_some_and(|old| old.view == view);
                if !same || index_changed {
                    // Every page of the guide lists its pages (navigation,
                    // cards, prev/next) and shows its title.
                    render.extend(print_members(site, g));
                    prints.insert(g);
                    if g == 0 {
                        // The home page and 404 show the root guide, every
                        // print page its first page.
                        synthetic = true;
                        prints.extend(0..site.guides.len());
                    }
                    if g == 0 && index_changed {
                        // Every page's structured data names the home page.
                        render.extend(0..site.pages.len());
                    }
                }
                views.push(view);
            }
            // A page's print section shows its title, step and checklist.
            prints.extend(changed.iter().map(|&i| guide_of(i)));
            // Pages whose Markdown links to a page that moved or went.
            let moved: HashSet<&str> = self
                .pages
                .iter()
                .filter(|(rel, part)| match site.by_rel.get(*rel) {
                    Some(&i) => {
                        let p = &site.pages[i];
                        p.path != part.path || site.guides[p.guide].dir != part.guide
                    }
                    None => true,
                })
                .map(|(rel, _)| rel.as_str())
                .collect();
            if !moved.is_empty() {
                for (i, p) in site.pages.iter().enumerate() {
                    let links_moved = self
                        .pages
                        .get(&p.rel)
                        .is_some_and(|part| part.links.iter().any(|l| moved.contains(l.as_str())));
                    if links_moved || checklist_targets(site, p, &moved) {
                        render.insert(i);
                        prints.insert(p.guide);
                    }
                }
            }
        }
        if !site.config.print {
            prints.clear();
        }
        // Print pages put together again need every page's part: those not
        // rendered come from the page as it is, unless it was left out.
        let mut bodies: BTreeSet<usize> = BTreeSet::new();
        for &g in &prints {
            for i in print_members(site, g) {
                if !render.contains(&i) && self.kept_print_html(site, i).is_none() {
                    bodies.insert(i);
                }
            }
        }

        let tera = new_tera.as_ref().unwrap_or(&self.tera);
        let input = RenderInput {
            site,
            theme,
            views: Views::with_guides(site, views),
            tera,
        };
        let mut total = self.total;
        for &i in &changed {
            total += site.pages[i].body_len();
            if let Some(old) = self.pages.get(&site.pages[i].rel) {
                total -= old.body_len;
            }
        }
        let removed_pages: Vec<String> = self
            .pages
            .keys()
            .filter(|rel| !site.by_rel.contains_key(*rel))
            .cloned()
            .collect();
        for rel in &removed_pages {
            total -= self.pages[rel].body_len;
        }
        let mut pages: BTreeMap<usize, Make> = render.iter().map(|&i| (i, Make::Files)).collect();
        for &i in &bodies {
            pages.insert(i, Make::PrintPart);
        }
        let work = Work {
            pages: Pages::Only(pages),
            prints: Guides::Only(prints.clone()),
            site_files: if synthetic {
                SiteFiles::Templates
            } else {
                SiteFiles::Only(Vec::new())
            },
            anchors: Anchors::RenderedAndLinkers,
            search: true,
            keep_prints: true,
            ..Work::nothing()
        };
        let fresh = driver::render(&input, &work, self, sink)?;
        let cap = fresh.cap;
        let mut assembled: HashMap<usize, PrintPage> = fresh.prints.into_iter().collect();

        // Print pages: put together again, or with the new parts put in.
        let mut new_guides: Vec<(String, GuidePart)> = Vec::new();
        for g in 0..site.guides.len() {
            let dir = &site.guides[g].dir;
            let view = input.views.guides[g].clone();
            let old = self.guides.get(dir);
            let print = if prints.contains(&g) {
                assembled.remove(&g).map(|p| PrintPart::new(site, g, p))
            } else {
                let old_print = old.and_then(|o| o.print.as_ref());
                let fresh_parts: Vec<(usize, &str)> = old_print
                    .map(|p| {
                        p.members
                            .iter()
                            .enumerate()
                            .filter_map(|(k, rel)| {
                                let f = fresh
                                    .pages
                                    .iter()
                                    .find(|(i, _)| site.pages[*i].rel == *rel)?;
                                Some((k, f.1.print.as_deref()?))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                match old_print {
                    Some(p) if !fresh_parts.is_empty() => {
                        let spliced = p.splice(&fresh_parts);
                        sink.put(spliced.path.clone(), spliced.bytes.to_vec())?;
                        Some(spliced)
                    }
                    _ => {
                        if old.is_some_and(|o| o.view == view) {
                            continue;
                        }
                        old_print.cloned()
                    }
                }
            };
            new_guides.push((dir.clone(), GuidePart { view, print }));
        }

        // Keep it all.
        let mut undo = Rerendered {
            total: self.total,
            ..Rerendered::default()
        };
        let mut new_paths = false;
        for (i, facts) in fresh.pages {
            let rel = site.pages[i].rel.clone();
            let old_files = self.pages.get(&rel).map(|p| &p.files);
            let mut part = PagePart::of(site, i, facts, cap);
            if bodies.contains(&i) {
                // Rendered for its print page only: its files are as they were.
                part.files = old_files.cloned().unwrap_or_default();
            }
            new_paths |= old_files != Some(&part.files);
            let old = self.pages.insert(rel.clone(), part);
            undo.pages.push((rel, old));
        }
        for rel in removed_pages {
            let old = self.pages.remove(&rel);
            undo.pages.push((rel, old));
        }
        if !update.bodies_only {
            let dirs: HashSet<&str> = site.guides.iter().map(|g| g.dir.as_str()).collect();
            let gone: Vec<String> = self
                .guides
                .keys()
                .filter(|d| !dirs.contains(d.as_str()))
                .cloned()
                .collect();
            for dir in gone {
                let old = self.guides.remove(&dir);
                undo.guides.push((dir, old));
            }
        }
        for (dir, part) in new_guides {
            let old = self.guides.insert(dir.clone(), part);
            undo.guides.push((dir, old));
        }
        if !update.bodies_only || new_paths {
            let now = outputs(site, &self.pages);
            undo.removed = self
                .files
                .keys()
                .filter(|p| !now.contains_key(*p))
                .cloned()
                .collect();
            undo.removed.sort_unstable();
            undo.files_before = Some(std::mem::replace(&mut self.files, now));
        }
        self.total = total;
        if let Some(tera) = new_tera {
            let tera = std::mem::replace(&mut self.tera, tera);
            let view = std::mem::replace(&mut self.site_view, site_view);
            undo.tera = Some((tera, view));
        }
        if glossary_changed {
            undo.glossary = Some(std::mem::replace(&mut self.glossary, site.glossary.clone()));
        }
        *lock(&self.search) = None;
        Ok(undo)
    }

    /// Puts back what [`update`](Self::update) changed.
    pub fn revert(&mut self, undo: Rerendered) {
        for (rel, part) in undo.pages.into_iter().rev() {
            match part {
                Some(p) => self.pages.insert(rel, p),
                None => self.pages.remove(&rel),
            };
        }
        for (dir, part) in undo.guides.into_iter().rev() {
            match part {
                Some(p) => self.guides.insert(dir, p),
                None => self.guides.remove(&dir),
            };
        }
        if let Some(files) = undo.files_before {
            self.files = files;
        }
        self.total = undo.total;
        if let Some((tera, view)) = undo.tera {
            self.tera = tera;
            self.site_view = view;
        }
        if let Some(glossary) = undo.glossary {
            self.glossary = glossary;
        }
        *lock(&self.search) = None;
    }
}

/// Whether an item of `page`'s checklist links to one of the pages at
/// `rels` (by path under `content/`).
pub(super) fn checklist_targets(
    site: &Site,
    page: &crate::load::Page,
    rels: &HashSet<&str>,
) -> bool {
    page.meta
        .checklist
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| item.target.as_ref())
        .any(|t| rels.contains(site.pages[t.page].rel.as_str()))
}
