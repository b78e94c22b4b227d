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
//! feed. Every file is made by the functions `build` uses, so it is byte
//! for byte the built one.

mod files;
mod update;

use super::jobs::{
    compile, page_files, print_assembly, print_members, site_file, site_files, Prepared, SiteFile,
};
use super::markdown::{self, Rendered};
use super::print::html_for_print;
use super::search;
use super::views::{guide_view, SiteView, Views};
use super::{OutputFile, Sink};
use crate::check::{broken_anchors_in, AnchorRef, PageAnchors, RootLink};
use crate::error::{Diagnostic, Error, Result};
use crate::load::links::Target;
use crate::load::{Glossary, Site, Theme, Update};
use crate::sync::lock;
use rayon::prelude::*;
use std::borrow::Cow;
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

/// What rendering one page gives.
struct Done {
    part: PagePart,
    /// Its HTML for its guide's print page.
    print: Option<String>,
    /// Its anchor links with their targets' indexes now.
    refs: Vec<AnchorRef>,
    files: Vec<OutputFile>,
    diags: Vec<Diagnostic>,
}

/// Renders page `i`'s Markdown, and its files when `files`.
fn render_page(prep: &Prepared, i: usize, cap: usize, files: bool) -> Done {
    let site = prep.site;
    let page = &site.pages[i];
    let (body, mut diags) = markdown::render(site, i);
    let (files, mut d) = if files {
        page_files(prep, i, &body)
    } else {
        (Vec::new(), Vec::new())
    };
    diags.append(&mut d);
    let print = site.config.print.then(|| html_for_print(site, i, &body));
    let Rendered {
        anchors,
        anchor_refs,
        sections,
        links,
        root_links,
        ..
    } = body;
    let mut linked: Vec<String> = links
        .into_iter()
        .filter_map(|(_, t)| match t {
            Target::Page { page, .. } => Some(site.pages[page].rel.clone()),
            _ => None,
        })
        .collect();
    linked.sort_unstable();
    linked.dedup();
    let part = PagePart {
        files: files.iter().map(|f| f.path.clone()).collect(),
        path: page.path.clone(),
        guide: site.guides[page.guide].dir.clone(),
        body_len: page.body_len(),
        ids: anchors,
        refs: anchor_refs
            .iter()
            .map(|r| (site.pages[r.page].rel.clone(), r.clone()))
            .collect(),
        links: linked,
        root_links,
        search: if site.config.search {
            search::entries(i, &sections, cap)
        } else {
            String::new()
        },
        search_for: (i, cap),
    };
    Done {
        part,
        print,
        refs: anchor_refs,
        files,
        diags,
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
        let prep = Prepared {
            site,
            theme,
            views: Views::new(site),
            tera: &tera,
        };
        let cap = search::text_cap(site);
        let mut diags = Vec::new();
        let mut pages: Vec<Option<PagePart>> = vec![None; site.pages.len()];
        let mut refs: Vec<Vec<AnchorRef>> = vec![Vec::new(); site.pages.len()];
        let mut guides = HashMap::new();
        // Guide by guide, so that only one guide's print page is being put
        // together at a time.
        for g in 0..site.guides.len() {
            let members = print_members(site, g);
            // Files go to the sink as they are made, from every thread.
            let done: Vec<Done> = members
                .par_iter()
                .map(|&i| {
                    let mut d = render_page(&prep, i, cap, true);
                    for f in std::mem::take(&mut d.files) {
                        sink.put(f.path, f.bytes)?;
                    }
                    Ok(d)
                })
                .collect::<Result<_>>()?;
            let mut htmls = Vec::with_capacity(members.len());
            for (&i, d) in members.iter().zip(done) {
                diags.extend(d.diags);
                htmls.push(d.print.unwrap_or_default());
                refs[i] = d.refs;
                pages[i] = Some(d.part);
            }
            let print = match site.config.print.then(|| print_assembly(&prep, g)) {
                Some(Ok(a)) => {
                    let print = PrintPart::new(site, &members, a.assemble(|k| htmls[k].as_str()));
                    sink.put(print.path.clone(), print.bytes.to_vec())?;
                    Some(print)
                }
                Some(Err(d)) => {
                    diags.push(d);
                    None
                }
                None => None,
            };
            guides.insert(
                site.guides[g].dir.clone(),
                GuidePart {
                    view: prep.views.guides[g].clone(),
                    print,
                },
            );
        }
        let pages: Vec<PagePart> = pages.into_iter().map(|p| p.unwrap_or_default()).collect();
        let anchors = |i: usize| PageAnchors {
            ids: &pages[i].ids,
            refs: &refs[i],
        };
        diags.extend(broken_anchors_in(site, &anchors, 0..site.pages.len())?);
        let entries: Vec<&str> = pages.iter().map(|p| p.search.as_str()).collect();
        let mut site_wide = Vec::new();
        for (path, file) in site_files(site) {
            match site_file(&prep, file, &entries) {
                Ok(bytes) => site_wide.push((path, bytes)),
                Err(d) => diags.push(d),
            }
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        for (path, bytes) in site_wide {
            sink.put(path, bytes)?;
        }
        let total = pages.iter().map(|p| p.body_len).sum();
        let pages: HashMap<String, PagePart> = site
            .pages
            .iter()
            .zip(pages)
            .map(|(p, part)| (p.rel.clone(), part))
            .collect();
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
        let prep = Prepared {
            site,
            theme,
            views: self.views(site),
            tera: &tera,
        };
        let mut diags = Vec::new();
        let mut prints = Vec::new();
        for g in 0..site.guides.len() {
            let members = print_members(site, g);
            let done: Vec<(Option<String>, Vec<Diagnostic>)> = members
                .par_iter()
                .map(|&i| {
                    let (body, mut d) = markdown::render(site, i);
                    let (files, mut more) = page_files(&prep, i, &body);
                    d.append(&mut more);
                    for f in files {
                        sink.put(f.path, f.bytes)?;
                    }
                    let print = site.config.print.then(|| html_for_print(site, i, &body));
                    Ok((print, d))
                })
                .collect::<Result<_>>()?;
            let mut htmls = Vec::with_capacity(done.len());
            for (print, d) in done {
                diags.extend(d);
                htmls.push(print.unwrap_or_default());
            }
            match site.config.print.then(|| print_assembly(&prep, g)) {
                Some(Ok(a)) => {
                    let print = PrintPart::new(site, &members, a.assemble(|k| htmls[k].as_str()));
                    sink.put(print.path.clone(), print.bytes.to_vec())?;
                    prints.push((site.guides[g].dir.clone(), print));
                }
                Some(Err(d)) => diags.push(d),
                None => {}
            }
        }
        for (path, file) in site_files(site) {
            if file.is_template() {
                match site_file(&prep, file, &[""]) {
                    Ok(bytes) => sink.put(path, bytes)?,
                    Err(d) => diags.push(d),
                }
            }
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        for (dir, print) in prints {
            if let Some(guide) = self.guides.get_mut(&dir) {
                guide.print = Some(print);
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

impl PrintPart {
    /// Guide print page `assembled` (path, bytes, ranges) of pages `members`.
    fn new(
        site: &Site,
        members: &[usize],
        (path, bytes, ranges): (String, Vec<u8>, Vec<Option<Range<usize>>>),
    ) -> PrintPart {
        PrintPart {
            path,
            members: members.iter().map(|&i| site.pages[i].rel.clone()).collect(),
            bytes: Arc::new(bytes),
            ranges,
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
    use crate::render::{render_site, Collect};
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
        let full = render_site(site, theme).expect("full render");
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
