//! A rendered site kept in memory between edits, for `serve` ([`Kept`]).
//!
//! A full render ([`Kept::render`]) keeps, for every page, only what other
//! outputs are made of: its ids and links to anchors (for the anchor
//! check), the pages it links to, its search entries and text by section,
//! and for every guide what templates see of it and its print page with
//! where each page's part is in it. After an edit ([`Kept::update`]) the
//! pages whose files can differ are rendered again, each guide's print page
//! has the new parts put in (its template runs again only when what it
//! shows of its pages changed), and the anchors that can break are checked;
//! the cost grows with what changed, not with the site.
//!
//! Page files are not kept: [`Kept::file`] renders one when it is asked
//! for, as do the search index (from the kept entries), the sitemap and the
//! feed. Every render goes through the driver `build` uses, so each file is
//! byte for byte the built one.

mod files;
mod update;

use super::driver::{self, Fresh, Known, NothingKnown, Order, PageFacts, Work};
use super::outputs::{compile, print_members, site_files, RenderInput, SiteFile};
use super::print::PrintPage;
use super::views::{guide_view, SiteView, Views};
use super::Sink;
use crate::check::{AnchorRef, RootLink};
use crate::error::Result;
use crate::load::{Glossary, Site, Theme, Update};
use crate::sync::lock;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// What makes a file of the site, besides the static files.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Output {
    /// One of a page's own files (its page, its checklist page), by the
    /// page's path under `content/`.
    Page(String),
    /// A guide's print page, by the guide's folder.
    Print(String),
    /// A file of the whole site.
    Site(SiteFile),
}

/// What is kept of one page.
#[derive(Debug, Clone, Default)]
struct PagePart {
    /// The paths of its own files (its page, its checklist page).
    files: Vec<String>,
    /// Its URL path and its guide's folder when it was rendered: links to
    /// it from other pages depend on them.
    path: String,
    guide: String,
    /// The length of its Markdown (for the search index's text cap).
    body_len: usize,
    /// The ids its body defines.
    ids: HashSet<String>,
    /// Its links to anchors, each with the page it leads to (by path under
    /// `content/`: page indexes move when pages come and go).
    refs: Vec<(String, AnchorRef)>,
    /// The pages (by path under `content/`) its Markdown links to.
    links: Vec<String>,
    /// Its links to the site root, for the link check.
    root_links: Vec<RootLink>,
    /// Its search entries, made for page index and text cap `search_for`
    /// (its text is not kept: when pages move or the cap changes, the
    /// search index is made from their Markdown again).
    search: String,
    search_for: (usize, usize),
}

/// What is kept of one guide.
#[derive(Debug, Clone)]
struct GuidePart {
    /// The guide as templates see it.
    view: tera::Value,
    /// Its print page, when the site has print pages.
    print: Option<PrintPart>,
}

/// A guide's print page, and where each page's part is in it.
#[derive(Debug, Clone)]
struct PrintPart {
    path: String,
    /// Its pages, by path under `content/`, in order.
    members: Vec<String>,
    bytes: Arc<Vec<u8>>,
    /// Where each member's HTML is in `bytes` (`None`: the template leaves it out).
    ranges: Vec<Option<Range<usize>>>,
}

/// A page's search entries, and the page index and text cap they are for.
type Entries = (String, (usize, usize));

/// A rendered site kept between edits: see the module's documentation.
pub struct Kept {
    tera: tera::Tera,
    /// What templates see as `site` (compiled into `tera`).
    site_view: tera::Value,
    /// The glossary the pages were rendered with: every page links its terms.
    glossary: Option<Glossary>,
    /// By path under `content/`.
    pages: HashMap<String, PagePart>,
    /// By folder.
    guides: HashMap<String, GuidePart>,
    /// Every file but the static ones, by path.
    files: HashMap<String, Output>,
    /// Bytes of Markdown of all pages.
    total: usize,
    /// The search index, made when first asked for after a change.
    search: Mutex<Option<Arc<Vec<u8>>>>,
    /// Search entries made again since the last update (for pages that
    /// moved, or a new text cap), by page path: kept by the next update.
    entries: Mutex<HashMap<String, Entries>>,
}

/// What [`Kept::update`] did: the files that went away, and how to undo it.
#[derive(Debug, Default)]
pub struct Rerendered {
    /// The paths of files the site no longer has.
    pub removed: Vec<String>,
    pages: Vec<(String, Option<PagePart>)>,
    guides: Vec<(String, Option<GuidePart>)>,
    files_before: Option<HashMap<String, Output>>,
    total: usize,
    /// The compiled templates and `site` before, when `site` changed.
    tera: Option<(tera::Tera, tera::Value)>,
    /// The glossary before, when it changed.
    glossary: Option<Option<Glossary>>,
}

impl PagePart {
    /// What is kept of page `i` of `site` from what a render learned of it.
    fn of(site: &Site, i: usize, facts: PageFacts, cap: usize) -> PagePart {
        let page = &site.pages[i];
        let rel = |j: usize| site.pages[j].rel.clone();
        PagePart {
            files: facts.files,
            path: page.path.clone(),
            guide: site.guides[page.guide].dir.clone(),
            body_len: page.body_len(),
            ids: facts.ids,
            refs: facts.refs.into_iter().map(|r| (rel(r.page), r)).collect(),
            links: facts.links.into_iter().map(rel).collect(),
            root_links: facts.root_links,
            search: facts.search,
            search_for: (i, cap),
        }
    }
}

/// Every file of `site` but the static ones, by path: each page's own
/// files as its last render made them, the print pages, the files of the
/// whole site.
fn outputs(site: &Site, pages: &HashMap<String, PagePart>) -> HashMap<String, Output> {
    let mut files = HashMap::with_capacity(site.pages.len() * 2);
    for (rel, part) in pages {
        for path in &part.files {
            files.insert(path.clone(), Output::Page(rel.clone()));
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
    files
}

impl Kept {
    /// Renders every file of `site` but the static ones into `sink`, as
    /// `build` does, and keeps what a later [`update`](Self::update) needs.
    /// Reports every problem found.
    pub fn render(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<Kept> {
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
            order: Order::Guides,
            ..Work::build()
        };
        let Fresh { pages, prints, cap } = driver::render(&input, &work, &NothingKnown, sink)?;
        let pages: HashMap<String, PagePart> = pages
            .into_iter()
            .map(|(i, f)| (site.pages[i].rel.clone(), PagePart::of(site, i, f, cap)))
            .collect();
        let mut prints: HashMap<usize, PrintPage> = prints.into_iter().collect();
        let guides = (0..site.guides.len())
            .map(|g| {
                let print = prints.remove(&g).map(|p| PrintPart::new(site, g, p));
                let view = input.views.guides[g].clone();
                (site.guides[g].dir.clone(), GuidePart { view, print })
            })
            .collect();
        let total = pages.values().map(|p| p.body_len).sum();
        Ok(Kept {
            site_view: tera::Value::from_serializable(&SiteView::of(site)),
            glossary: site.glossary.clone(),
            files: outputs(site, &pages),
            pages,
            guides,
            total,
            search: Mutex::new(None),
            entries: Mutex::new(HashMap::new()),
            tera,
        })
    }

    /// Renders every file again with `theme`, whose templates changed (the
    /// pages and settings did not): what is kept of each page and guide
    /// stays, the print pages and the compiled templates are made again.
    /// On error the print pages are gone: render again with the theme
    /// before, which worked.
    pub fn retheme(&mut self, site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<()> {
        let tera = compile(site, theme)?;
        // The print pages go first: a large site's are tens of MB.
        for guide in self.guides.values_mut() {
            guide.print = None;
        }
        let input = RenderInput {
            site,
            theme,
            views: self.views(site),
            tera: &tera,
        };
        let work = Work {
            site_files: driver::SiteFiles::Templates,
            anchors: driver::Anchors::None,
            search: false,
            static_files: false,
            release_texts: false,
            keep_prints: true,
            order: Order::Guides,
            ..Work::build()
        };
        let fresh = driver::render(&input, &work, &NothingKnown, sink)?;
        for (g, print) in fresh.prints {
            if let Some(guide) = self.guides.get_mut(&site.guides[g].dir) {
                guide.print = Some(PrintPart::new(site, g, print));
            }
        }
        self.tera = tera;
        Ok(())
    }

    /// The guides as templates see them, in `site`'s order.
    fn views<'a>(&self, site: &'a Site) -> Views<'a> {
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

    /// The links to the site root of the page at `rel` (under `content/`),
    /// as last rendered: for the link check.
    pub fn root_links(&self, rel: &str) -> &[RootLink] {
        self.pages.get(rel).map_or(&[], |p| &p.root_links)
    }

    /// Page `i`'s HTML on its guide's print page as kept, if it is there.
    fn kept_print_html<'k>(&'k self, site: &Site, i: usize) -> Option<&'k str> {
        let page = &site.pages[i];
        let part = self.pages.get(&page.rel)?;
        let print = self.guides.get(&part.guide)?.print.as_ref()?;
        let k = print.members.iter().position(|r| *r == page.rel)?;
        let range = print.ranges[k].clone()?;
        std::str::from_utf8(&print.bytes[range]).ok()
    }
}

impl Known for Kept {
    fn ids(&self, site: &Site, i: usize) -> Option<&HashSet<String>> {
        self.pages.get(&site.pages[i].rel).map(|p| &p.ids)
    }

    fn anchor_refs(&self, site: &Site, i: usize) -> Vec<AnchorRef> {
        let Some(part) = self.pages.get(&site.pages[i].rel) else {
            return Vec::new();
        };
        part.refs
            .iter()
            .filter_map(|(to, r)| {
                let page = *site.by_rel.get(to)?;
                Some(AnchorRef { page, ..r.clone() })
            })
            .collect()
    }

    fn linkers(&self, site: &Site, targets: &BTreeSet<usize>) -> BTreeSet<usize> {
        let rels: HashSet<&str> = targets
            .iter()
            .map(|&i| site.pages[i].rel.as_str())
            .collect();
        (0..site.pages.len())
            .filter(|&i| {
                let p = &site.pages[i];
                let refs_in = self
                    .pages
                    .get(&p.rel)
                    .is_some_and(|part| part.refs.iter().any(|(to, _)| rels.contains(to.as_str())));
                refs_in || update::checklist_targets(site, p, &rels)
            })
            .collect()
    }

    fn print_part(&self, site: &Site, i: usize) -> Option<&str> {
        self.kept_print_html(site, i)
    }

    fn search_entries(&self, site: &Site, i: usize, cap: usize) -> Option<&str> {
        let part = self.pages.get(&site.pages[i].rel)?;
        (part.search_for == (i, cap)).then_some(part.search.as_str())
    }
}

impl PrintPart {
    /// Guide `g`'s print page, as the render made it.
    fn new(site: &Site, g: usize, page: PrintPage) -> PrintPart {
        let members = print_members(site, g);
        PrintPart {
            path: page.path,
            members: members.iter().map(|&i| site.pages[i].rel.clone()).collect(),
            bytes: Arc::new(page.bytes),
            ranges: page.ranges,
        }
    }

    /// The print page with the members at the given positions given new HTML.
    fn splice(&self, fresh: &[(usize, &str)]) -> PrintPart {
        let mut fresh: Vec<(usize, &str)> = fresh
            .iter()
            .filter(|(k, _)| self.ranges[*k].is_some())
            .copied()
            .collect();
        fresh.sort_unstable_by_key(|(k, _)| *k);
        let mut bytes = Vec::with_capacity(self.bytes.len());
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
                    bytes.extend_from_slice(&self.bytes[at..start]);
                    bytes.extend_from_slice(html.as_bytes());
                    at = end;
                    shift += html.len() as isize - (end - start) as isize;
                    *r = new_start..new_start + html.len();
                    next.next();
                }
                _ => *r = new_start..(end as isize + shift) as usize,
            }
        }
        bytes.extend_from_slice(&self.bytes[at..]);
        PrintPart {
            path: self.path.clone(),
            members: self.members.clone(),
            bytes: Arc::new(bytes),
            ranges,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, theme, update, LoadOptions};
    use crate::render::{render, Collect, Work};
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
    fn assert_serves_the_render(kept: &Kept, site: &Site, theme: &Theme) {
        let sink = Collect::default();
        render(site, theme, &Work::everything(), &sink).expect("full render");
        let full = sink.into_files();
        let mut rendered = 0;
        for f in &full {
            if let Some(made) = kept.file(site, theme, &f.path) {
                let made = made.expect("render on request");
                assert!(made == f.bytes, "{} differs", f.path);
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
        let mut kept = Kept::render(&site, &theme, &Collect::default()).expect("render");
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
