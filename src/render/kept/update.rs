//! Rendering again what an edit changes ([`Kept::update`]), and putting
//! back what a failed edit changed ([`Kept::revert`]).

use super::*;

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
        let prep = Prepared {
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
        let cap = search::cap_for(total);
        let work: Vec<(usize, bool)> = render
            .iter()
            .map(|&i| (i, true))
            .chain(bodies.iter().map(|&i| (i, false)))
            .collect();
        // Files go to the sink as they are rendered.
        let put = |f: OutputFile| sink.put(f.path, f.bytes);
        let done: Vec<(usize, Done)> = work
            .par_iter()
            .map(|&(i, files)| {
                let mut d = render_page(&prep, i, cap, files);
                for f in std::mem::take(&mut d.files) {
                    put(f)?;
                }
                Ok((i, d))
            })
            .collect::<Result<_>>()?;
        let done: HashMap<usize, Done> = done.into_iter().collect();
        let mut diags: Vec<Diagnostic> = Vec::new();
        for &(i, _) in &work {
            diags.extend(done[&i].diags.iter().cloned());
        }

        // Anchors: the links of the pages rendered, and of the pages linking
        // to an anchor of a page whose ids changed.
        let ids_of = |i: usize| -> &HashSet<String> {
            match done.get(&i) {
                Some(d) => &d.part.ids,
                None => &self.pages[&site.pages[i].rel].ids,
            }
        };
        let new_ids: HashSet<&str> = done
            .iter()
            .filter(|(i, d)| {
                self.pages
                    .get(&site.pages[**i].rel)
                    .is_none_or(|old| old.ids != d.part.ids)
            })
            .map(|(i, _)| site.pages[*i].rel.as_str())
            .collect();
        let mut sources: BTreeSet<usize> = done.keys().copied().collect();
        let mut kept_refs: HashMap<usize, Vec<AnchorRef>> = HashMap::new();
        if !new_ids.is_empty() {
            for (i, p) in site.pages.iter().enumerate() {
                if done.contains_key(&i) {
                    continue;
                }
                let part = &self.pages[&p.rel];
                let refs_in = part
                    .refs
                    .iter()
                    .any(|(to, _)| new_ids.contains(to.as_str()));
                if refs_in || checklist_targets(site, p, &new_ids) {
                    sources.insert(i);
                    let refs = part
                        .refs
                        .iter()
                        .filter_map(|(to, r)| {
                            let page = *site.by_rel.get(to)?;
                            Some(AnchorRef { page, ..r.clone() })
                        })
                        .collect();
                    kept_refs.insert(i, refs);
                }
            }
        }
        let anchors = |i: usize| PageAnchors {
            ids: ids_of(i),
            refs: match done.get(&i) {
                Some(d) => &d.refs,
                None => kept_refs.get(&i).map_or(&[], Vec::as_slice),
            },
        };
        diags.extend(broken_anchors_in(site, &anchors, sources.iter().copied())?);

        // Print pages: put together again, or with the new parts put in.
        let mut new_guides: Vec<(String, GuidePart)> = Vec::new();
        for g in 0..site.guides.len() {
            let dir = &site.guides[g].dir;
            let view = prep.views.guides[g].clone();
            let old = self.guides.get(dir);
            let print = if prints.contains(&g) {
                match print_assembly(&prep, g) {
                    Ok(a) => {
                        let members = print_members(site, g);
                        let htmls: Vec<Cow<str>> = members
                            .iter()
                            .map(|i| match done.get(i).and_then(|d| d.print.as_deref()) {
                                Some(h) => Cow::Borrowed(h),
                                None => Cow::Owned(
                                    self.kept_print_html(site, *i)
                                        .unwrap_or_default()
                                        .to_string(),
                                ),
                            })
                            .collect();
                        Some(PrintPart::new(site, &members, a.assemble(|k| &htmls[k])))
                    }
                    Err(d) => {
                        diags.push(d);
                        None
                    }
                }
            } else {
                let old_print = old.and_then(|o| o.print.as_ref());
                let fresh: Vec<(usize, &str)> = old_print
                    .map(|p| {
                        p.members
                            .iter()
                            .enumerate()
                            .filter_map(|(k, rel)| {
                                let d = done.get(site.by_rel.get(rel)?)?;
                                Some((k, d.print.as_deref()?))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                match old_print {
                    Some(p) if !fresh.is_empty() => Some(p.splice(&fresh)),
                    _ => {
                        if old.is_some_and(|o| o.view == view) {
                            continue;
                        }
                        old_print.cloned()
                    }
                }
            };
            if let Some(p) = &print {
                put(OutputFile {
                    path: p.path.clone(),
                    bytes: p.bytes.to_vec(),
                })?;
            }
            new_guides.push((dir.clone(), GuidePart { view, print }));
        }

        if synthetic {
            for (path, file) in site_files(site) {
                if file.is_template() {
                    match site_file(&prep, file, &[""]) {
                        Ok(bytes) => put(OutputFile { path, bytes })?,
                        Err(d) => diags.push(d),
                    }
                }
            }
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }

        // Keep it all.
        let mut undo = Rerendered {
            total: self.total,
            ..Rerendered::default()
        };
        let mut done: Vec<(usize, Done)> = done.into_iter().collect();
        done.sort_unstable_by_key(|(i, _)| *i);
        let mut new_paths = false;
        for (i, mut d) in done {
            let rel = site.pages[i].rel.clone();
            let old_files = self.pages.get(&rel).map(|p| &p.files);
            if bodies.contains(&i) {
                // Rendered for its print page only: its files are as they were.
                d.part.files = old_files.cloned().unwrap_or_default();
            }
            new_paths |= old_files != Some(&d.part.files);
            let old = self.pages.insert(rel.clone(), d.part);
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
fn checklist_targets(site: &Site, page: &crate::load::Page, rels: &HashSet<&str>) -> bool {
    page.meta
        .checklist
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| item.target.as_ref())
        .any(|t| rels.contains(site.pages[t.page].rel.as_str()))
}
