//! What `serve` keeps of the last render between edits ([`RenderParts`]),
//! and applying a [`plan`] to it.
//!
//! A whole render ([`RenderParts::render`]) keeps, for every page, only
//! what other outputs are made of: its ids and links to anchors (for the
//! anchor check), the pages it links to, what the search index keeps of
//! it (its terms, counted), and for every
//! guide what templates see of it and its print page with where each
//! page's part is in it. After an edit ([`RenderParts::update`]) the plan
//! says what to render again; the render driver renders it, taking what it
//! needs of the other pages from these parts ([`KnownPages`]); print pages not
//! put together again get their pages' new parts put in; then the new
//! parts are kept. The cost grows with what changed, not with the site.
//!
//! Page files are not kept: `on_request.rs` renders one when it is asked
//! for (a page's search fragment with the page), as it does the search
//! index's term files (from the kept terms), the sitemap
//! and the feed. Every render goes through the driver `build` uses, so
//! each file is byte for byte the built one.

use super::plan::{self, After, Before, Plan};
use crate::check::{AnchorRef, RootLink};
use crate::error::Result;
use crate::load::{PageId, Site, Theme, Update};
use crate::render::{
    compile, fragment_paths, guide_view, index_paths, pack, print_members, render_with, site_files,
    unpack, Indexed, KeptPrint, KnownPages, Make, NothingKnown, Numbers, Order, PageFacts,
    RenderFacts, RenderInput, SiteFile, SiteFiles, SiteView, Views, Work,
};
use crate::render::{Anchors, Sink};
use crate::sync::lock;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// What makes a file of the site, besides the static files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Output {
    /// One of a page's own files (its page, its checklist page).
    Page(PageId),
    /// A page's search fragment (made from its Markdown, without templates).
    Fragment(PageId),
    /// A guide's print page, by the guide's folder.
    Print(String),
    /// A file of the whole site.
    Site(SiteFile),
}

/// What is kept of one page.
#[derive(Debug, Clone, Default)]
pub(super) struct PagePart {
    /// The paths of its own files (its page, its checklist page).
    files: Vec<String>,
    /// Its guide's folder when it was rendered.
    guide: String,
    /// The ids its body defines.
    ids: HashSet<String>,
    /// Its links to anchors.
    refs: Vec<AnchorRef>,
    /// The pages its Markdown links to.
    links: Vec<PageId>,
    /// Its links to the site root, for the link check.
    root_links: Vec<RootLink>,
    /// What the search index keeps of it (none without search). It does
    /// not depend on the page's place: pages moving leave it as it is.
    pub(super) search: Option<Indexed>,
}

/// What is kept of one guide.
#[derive(Debug, Clone)]
pub(super) struct GuidePart {
    /// The guide as templates see it.
    view: tera::Value,
    /// Its print page, when the site has print pages.
    pub(super) print: Option<PrintPart>,
}

/// A guide's print page, and where each page's part is in it.
///
/// Its bytes are kept compressed, as the render kept them (see
/// [`KeptPrint`]); unpacking one takes a few milliseconds, when it is asked
/// for or a page of it changes.
#[derive(Debug, Clone)]
pub(super) struct PrintPart {
    path: String,
    /// Its pages, in order.
    members: Vec<PageId>,
    packed: Arc<Vec<u8>>,
    /// Where each member's HTML is in its bytes, unpacked (`None`: the
    /// template leaves it out).
    ranges: Vec<Option<Range<usize>>>,
}

/// A print page's packed bytes (which say which one it is), and the same
/// unpacked.
type Unpacked = (Arc<Vec<u8>>, Vec<u8>);

/// Files by path.
pub(super) type IndexFiles = HashMap<String, Vec<u8>>;

/// What `serve` keeps of the last render: see the module's documentation.
/// A generation's own: an edit clones it (which shares every part through
/// `Arc`) and replaces the parts the edit changed.
pub(crate) struct RenderParts {
    pub(super) tera: Arc<tera::Tera>,
    /// What templates see as `site` (compiled into `tera`).
    site_view: tera::Value,
    /// By page.
    pub(super) pages: HashMap<PageId, Arc<PagePart>>,
    /// By folder.
    pub(super) guides: HashMap<String, Arc<GuidePart>>,
    /// Every file but the static ones, by path.
    pub(super) files: Arc<HashMap<String, Output>>,
    /// The search index's term files and `search/meta.js`, made when first
    /// asked for after a change.
    pub(super) search: Mutex<Option<Arc<IndexFiles>>>,
    /// The print page unpacked last, by its packed bytes (see
    /// `print_part_of`).
    unpacked: Mutex<Option<Unpacked>>,
}

impl Clone for RenderParts {
    fn clone(&self) -> Self {
        RenderParts {
            tera: self.tera.clone(),
            site_view: self.site_view.clone(),
            pages: self.pages.clone(),
            guides: self.guides.clone(),
            files: self.files.clone(),
            search: Mutex::new(lock(&self.search).clone()),
            unpacked: Mutex::new(None),
        }
    }
}

impl PagePart {
    /// What is kept of page `id` of `site` from what a render learned of it.
    fn of(site: &Site, id: PageId, facts: PageFacts) -> PagePart {
        let page = &site.pages[id];
        PagePart {
            files: facts.files,
            guide: site.guides[page.guide].dir.clone(),
            ids: facts.ids,
            refs: facts.refs,
            links: facts.links,
            root_links: facts.root_links,
            search: facts.search,
        }
    }
}

/// Every file of `site` but the static ones, by path: each page's own
/// files as its last render made them, the print pages, the files of the
/// whole site.
fn outputs(site: &Site, pages: &HashMap<PageId, Arc<PagePart>>) -> HashMap<String, Output> {
    let mut files = HashMap::with_capacity(site.pages.len() * 2);
    for (id, part) in pages {
        for path in &part.files {
            files.insert(path.clone(), Output::Page(*id));
        }
    }
    if site.config.print {
        for g in &site.guides {
            files.insert(
                format!("{}index.html", g.print_path),
                Output::Print(g.dir.clone()),
            );
        }
    }
    for (path, file) in site_files(site) {
        files.insert(path, Output::Site(file));
    }
    if site.config.search {
        // Numbered by place: made again with the pages that move.
        for (path, id) in fragment_paths(&Numbers::of(site)) {
            files.insert(path, Output::Fragment(id));
        }
    }
    files
}

impl RenderParts {
    /// Renders every file of `site` but the static ones into `sink`, as
    /// `build` does, and keeps what a later [`update`](Self::update) needs.
    /// Reports every problem found.
    pub(crate) fn render(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<RenderParts> {
        let tera = compile(site, theme)?;
        let input = RenderInput {
            site,
            theme,
            views: Views::new(site),
            tera: &tera,
        };
        let work = Work {
            static_files: false,
            release_texts: false,
            keep_prints: true,
            keep_links: true,
            order: Order::Guides,
            ..Work::build()
        };
        let RenderFacts { pages, prints } = render_with(&input, &work, &NothingKnown, sink)?;
        let pages: HashMap<PageId, Arc<PagePart>> = pages
            .into_iter()
            .map(|(id, f)| (id, Arc::new(PagePart::of(site, id, f))))
            .collect();
        let mut prints: HashMap<usize, KeptPrint> = prints.into_iter().collect();
        let guides = (0..site.guides.len())
            .map(|g| {
                let print = prints.remove(&g).map(|p| PrintPart::new(site, g, p));
                let view = input.views.guides[g].clone();
                (
                    site.guides[g].dir.clone(),
                    Arc::new(GuidePart { view, print }),
                )
            })
            .collect();
        Ok(RenderParts {
            site_view: tera::Value::from_serializable(&SiteView::of(site)),
            files: Arc::new(outputs(site, &pages)),
            pages,
            guides,
            search: Mutex::new(None),
            unpacked: Mutex::new(None),
            tera: Arc::new(tera),
        })
    }

    /// Renders every file again with `theme`, whose templates changed (the
    /// pages and settings did not): what is kept of each page and guide
    /// stays, the print pages and the compiled templates are made again.
    /// On error the print pages are gone: render again with the theme
    /// before, which worked (in the generation before, which has them).
    pub(crate) fn retheme(&mut self, site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<()> {
        let tera = compile(site, theme)?;
        // The print pages go first: a large site's are tens of MB.
        for guide in self.guides.values_mut() {
            Arc::make_mut(guide).print = None;
        }
        let input = RenderInput {
            site,
            theme,
            views: self.views(site),
            tera: &tera,
        };
        let work = Work {
            site_files: SiteFiles::Templates,
            anchors: Anchors::None,
            search: false,
            static_files: false,
            release_texts: false,
            keep_prints: true,
            order: Order::Guides,
            ..Work::build()
        };
        let fresh = render_with(&input, &work, &NothingKnown, sink)?;
        for (g, print) in fresh.prints {
            if let Some(guide) = self.guides.get_mut(&site.guides[g].dir) {
                Arc::make_mut(guide).print = Some(PrintPart::new(site, g, print));
            }
        }
        self.tera = Arc::new(tera);
        Ok(())
    }

    /// Renders again, into `sink` as they are made, the files that the edit
    /// `changes` (just applied to `site` by `load::update`) can change, as
    /// the [`plan`] says; checks the anchors it can break, and keeps the
    /// new parts. Returns the paths of the files the site no longer has.
    /// On error the parts are half made: drop them (they are the next
    /// generation's, never the one served).
    pub(crate) fn update(
        &mut self,
        site: &Site,
        theme: &Theme,
        changes: &Update,
        sink: &dyn Sink,
    ) -> Result<Vec<String>> {
        let views = Views::with_guides(site, self.guide_views(site, changes));
        let site_view = tera::Value::from_serializable(&SiteView::of(site));
        let after = After {
            site,
            site_view: &site_view,
            guide_views: &views.guides,
        };
        let plan = plan::plan(self, &after, changes);
        let tera = match plan.templates {
            Some(_) => Some(compile(site, theme)?),
            None => None,
        };
        let input = RenderInput {
            site,
            theme,
            views,
            tera: tera.as_ref().unwrap_or(&self.tera),
        };
        let fresh = render_with(&input, &plan.work(), self, sink)?;
        let guides = self.new_guides(site, &plan, &input.views.guides, &fresh, sink)?;
        drop(input);
        let removed = self.keep(site, changes, &plan, fresh, guides);
        if let Some(tera) = tera {
            self.tera = Arc::new(tera);
            self.site_view = site_view;
        }
        Ok(removed)
    }

    /// The links to the site root of page `id`, as last rendered: for the
    /// link check.
    pub(crate) fn root_links(&self, id: PageId) -> &[RootLink] {
        self.pages.get(&id).map_or(&[], |p| &p.root_links)
    }

    /// What templates see of each guide of `site` after the edit
    /// `changes`: made again for the guides it names, as kept for the others.
    fn guide_views(&self, site: &Site, changes: &Update) -> Vec<tera::Value> {
        (0..site.guides.len())
            .map(|g| {
                let dir = &site.guides[g].dir;
                match self.guides.get(dir) {
                    Some(part) if changes.bodies_only || !changes.guides.contains(dir) => {
                        part.view.clone()
                    }
                    _ => guide_view(site, g),
                }
            })
            .collect()
    }

    /// The guides as templates see them, in `site`'s order.
    pub(super) fn views<'a>(&self, site: &'a Site) -> Views<'a> {
        let guides = site
            .guides
            .iter()
            .enumerate()
            .map(|(g, guide)| match self.guides.get(&guide.dir) {
                Some(part) => part.view.clone(),
                None => guide_view(site, g),
            })
            .collect();
        Views::with_guides(site, guides)
    }

    /// Each guide as it is after the render `fresh` of `plan`: its print
    /// page put together again, or the kept one with its pages' new parts
    /// put in (and written to `sink`); unchanged guides are left out.
    fn new_guides(
        &self,
        site: &Site,
        plan: &Plan,
        views: &[tera::Value],
        fresh: &RenderFacts,
        sink: &dyn Sink,
    ) -> Result<Vec<(String, GuidePart)>> {
        let mut assembled: HashMap<usize, &KeptPrint> =
            fresh.prints.iter().map(|(g, p)| (*g, p)).collect();
        let mut guides = Vec::new();
        for (g, guide) in site.guides.iter().enumerate() {
            let view = views[g].clone();
            let old = self.guides.get(&guide.dir);
            let print = if plan.prints.contains_key(&g) {
                assembled
                    .remove(&g)
                    .map(|p| PrintPart::new(site, g, p.clone()))
            } else {
                let old_print = old.and_then(|o| o.print.as_ref());
                match old_print.map(|p| (p, p.fresh_parts(fresh))) {
                    Some((p, parts)) if !parts.is_empty() => {
                        let (spliced, bytes) = p.splice(&parts);
                        sink.put(spliced.path.clone(), bytes)?;
                        Some(spliced)
                    }
                    _ if old.is_some_and(|o| o.view == view) => continue,
                    _ => old_print.cloned(),
                }
            };
            guides.push((guide.dir.clone(), GuidePart { view, print }));
        }
        Ok(guides)
    }

    /// Keeps the parts of the render `fresh` of `plan` and the guides
    /// `guides`, lets go of the pages and guides `site` no longer has, and
    /// returns the paths of the files that went away.
    fn keep(
        &mut self,
        site: &Site,
        changes: &Update,
        plan: &Plan,
        fresh: RenderFacts,
        guides: Vec<(String, GuidePart)>,
    ) -> Vec<String> {
        let mut removed = Vec::new();
        let mut new_paths = false;
        for (id, facts) in fresh.pages {
            let old_files = self.pages.get(&id).map(|p| &p.files);
            let old_search = self.pages.get(&id).and_then(|p| p.search.clone());
            let mut part = PagePart::of(site, id, facts);
            if matches!(plan.pages.get(&id), Some((Make::PrintPart, _))) {
                // Rendered for its print page only: its files are as they were.
                part.files = old_files.cloned().unwrap_or_default();
            }
            if part.search.is_none() {
                part.search = old_search;
            }
            new_paths |= old_files != Some(&part.files);
            self.pages.insert(id, Arc::new(part));
        }
        let gone: Vec<PageId> = self
            .pages
            .keys()
            .filter(|id| site.pages.get(**id).is_none())
            .copied()
            .collect();
        for id in gone {
            self.pages.remove(&id);
        }
        if !changes.bodies_only {
            let dirs: HashSet<&str> = site.guides.iter().map(|g| g.dir.as_str()).collect();
            let gone: Vec<String> = self
                .guides
                .keys()
                .filter(|d| !dirs.contains(d.as_str()))
                .cloned()
                .collect();
            for dir in gone {
                self.guides.remove(&dir);
            }
        }
        for (dir, part) in guides {
            self.guides.insert(dir, Arc::new(part));
        }
        if !changes.bodies_only || new_paths || self.index_moved(site) {
            let now = outputs(site, &self.pages);
            removed = self
                .files
                .keys()
                .filter(|p| !now.contains_key(*p))
                .cloned()
                .collect();
            removed.sort_unstable();
            self.files = Arc::new(now);
        }
        *lock(&self.search) = None;
        *lock(&self.unpacked) = None;
        removed
    }

    /// Whether the search index's term files listed are not those `site`
    /// makes: their number follows the size of the site's Markdown, so an
    /// edit of a page's text alone can change it.
    fn index_moved(&self, site: &Site) -> bool {
        if !site.config.search {
            return false;
        }
        let now = index_paths(site);
        let listed = self
            .files
            .values()
            .filter(|o| matches!(o, Output::Site(SiteFile::SearchIndex)))
            .count();
        listed != now.len() || now.iter().any(|p| !self.files.contains_key(p))
    }

    /// Where page `id`'s HTML is on its guide's print page as kept, if it
    /// is there: the print page and the range.
    fn print_place(&self, id: PageId) -> Option<(&PrintPart, Range<usize>)> {
        let part = self.pages.get(&id)?;
        let print = self.guides.get(&part.guide)?.print.as_ref()?;
        let k = print.members.iter().position(|m| *m == id)?;
        Some((print, print.ranges[k].clone()?))
    }

    /// Page `id`'s HTML on its guide's print page as kept, if it is there.
    /// The print page last unpacked is kept unpacked (`unpacked`) while
    /// its pages are asked for one after another.
    fn print_part_of(&self, id: PageId) -> Option<String> {
        let (print, range) = self.print_place(id)?;
        let mut unpacked = lock(&self.unpacked);
        let bytes = match &*unpacked {
            Some((packed, bytes)) if Arc::ptr_eq(packed, &print.packed) => bytes,
            _ => {
                let bytes = print.bytes();
                &unpacked.insert((print.packed.clone(), bytes)).1
            }
        };
        // Not text (which the ranges make impossible): render it again.
        String::from_utf8(bytes.get(range)?.to_vec()).ok()
    }
}

impl Before for RenderParts {
    fn site_view(&self) -> &tera::Value {
        &self.site_view
    }

    fn guide_view(&self, dir: &str) -> Option<&tera::Value> {
        self.guides.get(dir).map(|g| &g.view)
    }

    fn links(&self, id: PageId) -> &[PageId] {
        self.pages.get(&id).map_or(&[], |p| &p.links)
    }

    fn has_print_part(&self, id: PageId) -> bool {
        self.print_place(id).is_some()
    }
}

impl KnownPages for RenderParts {
    fn ids(&self, id: PageId) -> Option<&HashSet<String>> {
        self.pages.get(&id).map(|p| &p.ids)
    }

    fn anchor_refs(&self, id: PageId) -> Vec<AnchorRef> {
        self.pages
            .get(&id)
            .map_or_else(Vec::new, |p| p.refs.clone())
    }

    fn linkers(&self, site: &Site, targets: &BTreeSet<PageId>) -> BTreeSet<PageId> {
        site.pages
            .iter()
            .filter(|p| {
                let refs_in = self
                    .pages
                    .get(&p.id)
                    .is_some_and(|part| part.refs.iter().any(|r| targets.contains(&r.page)));
                refs_in || plan::sees_one_of(p, targets)
            })
            .map(|p| p.id)
            .collect()
    }

    fn print_part(&self, id: PageId) -> Option<String> {
        self.print_part_of(id)
    }

    fn indexed(&self, id: PageId) -> Option<&Indexed> {
        self.pages.get(&id)?.search.as_ref()
    }
}

impl PrintPart {
    /// Guide `g`'s print page, as the render made it.
    fn new(site: &Site, g: usize, page: KeptPrint) -> PrintPart {
        PrintPart {
            path: page.path,
            members: print_members(site, g),
            packed: Arc::new(page.packed),
            ranges: page.ranges,
        }
    }

    /// Its bytes, unpacked.
    pub(super) fn bytes(&self) -> Vec<u8> {
        unpack(&self.packed)
    }

    /// The new parts the render `fresh` made of this print page's pages,
    /// by position.
    fn fresh_parts<'f>(&self, fresh: &'f RenderFacts) -> Vec<(usize, &'f str)> {
        self.members
            .iter()
            .enumerate()
            .filter_map(|(k, id)| Some((k, fresh.page(*id)?.print.as_deref()?)))
            .collect()
    }

    /// The print page with the members at the given positions given new
    /// HTML, and its bytes.
    fn splice(&self, fresh: &[(usize, &str)]) -> (PrintPart, Vec<u8>) {
        let old = self.bytes();
        let mut fresh: Vec<(usize, &str)> = fresh
            .iter()
            .filter(|(k, _)| self.ranges[*k].is_some())
            .copied()
            .collect();
        fresh.sort_unstable_by_key(|(k, _)| *k);
        let mut bytes = Vec::with_capacity(old.len());
        let mut ranges = self.ranges.clone();
        let mut at = 0;
        let mut shift: isize = 0;
        let mut next = fresh.iter().peekable();
        for (k, range) in ranges.iter_mut().enumerate() {
            let Some(r) = range else {
                continue;
            };
            let start = r.start;
            let end = r.end;
            let new_start = (start as isize + shift) as usize;
            match next.peek() {
                Some((fk, html)) if *fk == k => {
                    bytes.extend_from_slice(&old[at..start]);
                    bytes.extend_from_slice(html.as_bytes());
                    at = end;
                    shift += html.len() as isize - (end - start) as isize;
                    *r = new_start..new_start + html.len();
                    next.next();
                }
                _ => *r = new_start..(end as isize + shift) as usize,
            }
        }
        bytes.extend_from_slice(&old[at..]);
        let part = PrintPart {
            path: self.path.clone(),
            members: self.members.clone(),
            packed: Arc::new(pack(&bytes)),
            ranges,
        };
        (part, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, theme, update, LoadOptions};
    use crate::render::{render, Collect};
    use std::path::Path;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve");
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.expect("walk fixture");
            let to = dir
                .path()
                .join(entry.path().strip_prefix(&src).expect("inside"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
        dir
    }

    /// Every rendered file `kept` serves for `site`, against a full render.
    fn assert_serves_the_render(kept: &RenderParts, site: &Site, theme: &Theme) {
        let sink = Collect::default();
        render(site, theme, &Work::everything(), &sink).expect("full render");
        let full = sink.into_files();
        let mut rendered = 0;
        for f in &full {
            if let Some(made) = kept.file(site, theme, &f.path) {
                let made = made.expect("render on request");
                // A preview's offline worker takes itself away.
                let want = match f.path.as_str() {
                    crate::render::WORKER_PATH => crate::render::RETIRED_WORKER.as_bytes(),
                    _ => f.bytes.as_slice(),
                };
                assert!(made == want, "{} differs", f.path);
                rendered += 1;
            }
        }
        assert_eq!(rendered, kept.paths().count());
    }

    #[test]
    fn what_templates_see_as_site_changing_renders_everything_again() {
        let dir = fixture();
        let root = dir.path();
        let mut site = load(root, &LoadOptions::default()).expect("load");
        let theme = theme::load(root, &site.config.theme).expect("theme");
        let mut kept = RenderParts::render(&site, &theme, &Collect::default()).expect("render");
        assert_serves_the_render(&kept, &site, &theme);

        // A body edit, while `site` shows something else: today only the
        // settings make it, so the settings stand in for what could.
        let page = root.join("content/step-1.md");
        let text = std::fs::read_to_string(&page).expect("read");
        std::fs::write(&page, text.replace("Start here.", "Start now.")).expect("write");
        let changed: BTreeSet<String> = ["step-1.md".to_string()].into();
        let up = update(&mut site, &LoadOptions::default(), &changed).expect("update");
        assert!(up.bodies_only);
        site.config.title = "Renamed".into();
        let sink = Collect::default();
        kept.update(&site, &theme, &up, &sink).expect("kept update");
        let rendered = sink.into_files();
        assert!(rendered.iter().any(|f| f.path == "step-2/index.html"));
        assert!(rendered.iter().any(|f| f.path == "404.html"));
        assert_serves_the_render(&kept, &site, &theme);
    }
}
