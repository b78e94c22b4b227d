//! The render driver: the one way a site's files are rendered, whole or in
//! part, for `build`, `check` and `serve` alike ([`render`]).
//!
//! A caller says what to make ([`Work`]) and where files go ([`Sink`]).
//! Each page's Markdown is rendered in a job of its own, in parallel, the
//! pages of each guide in print order; the job makes the page's files,
//! hands its part to its guide's print page (which goes to the sink as soon
//! as its last part is in) and lets go of the Markdown, so a large site
//! never sits in memory whole. Then the anchors are checked and the files
//! of the whole site are made. What the render learned of each page comes
//! back ([`RenderFacts`]): the link check, `check`'s publishing checks and what
//! `serve` keeps between edits are made from it. A render of some pages
//! takes what it needs of the others from what was [`KnownPages`] of them.

use super::image_files::ImageFiles;
use super::markdown;
use super::outputs::{bundle_clashes, static_collisions, theme_assets};
use super::outputs::{page_files, print_assembly, print_members, site_file, site_files};
use super::outputs::{RenderInput, SiteFile, SiteFileInput};
use super::print::{html_for_print, KeptPrint, PrintPages};
use super::progress;
use super::search::{index_page, Indexed, Numbers};
use super::sink::{Noting, Sink};
use crate::check::{broken_anchors_in, AnchorRef, ExternalLink, ImageRef, PageAnchors, RootLink};
use crate::error::{Diagnostic, Error, Result};
use crate::load::link_targets::Target;
use crate::load::{PageId, Site, Theme};
use crate::sync::lock;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// What one render makes.
#[derive(Debug, Clone)]
pub(crate) struct Work {
    /// The pages whose Markdown is rendered, and what is made of each.
    pub(crate) pages: Pages,
    /// The guides whose print page is assembled (its template run, every
    /// page's part put in), when the site has print pages.
    pub(crate) prints: Guides,
    /// The files of the whole site that are made.
    pub(crate) site_files: SiteFiles,
    /// The pages whose anchor links and checklist `see:` are checked.
    pub(crate) anchors: Anchors,
    /// Whether what the search index keeps of the pages rendered is made
    /// (their fragments go to the sink with their files).
    pub(crate) search: bool,
    /// Whether the static files (theme assets, `static/`) go to the sink,
    /// last, as the build writes them.
    pub(crate) static_files: bool,
    /// Whether each page's text is let go of once its page is rendered.
    pub(crate) release_texts: bool,
    /// Whether the print pages assembled, and the parts of the pages
    /// rendered whose print page was not, come back in [`RenderFacts`].
    pub(crate) keep_prints: bool,
    /// Whether the paths of each page's own files and the pages its
    /// Markdown links to come back in [`RenderFacts`] (`serve` keeps them).
    pub(crate) keep_links: bool,
    /// The order problems are reported in.
    pub(crate) order: Order,
}

/// Which pages a render renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pages {
    /// Every page, each making the same.
    All(Make),
    /// These pages, each making what it says.
    Only(BTreeMap<PageId, Make>),
}

/// What is made of a page whose Markdown is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Make {
    /// Its own files (page, checklist page), and its print part.
    Files,
    /// Only its part of its guide's print page.
    PrintPart,
    /// Only its search fragments (with [`Work::search`]): what `serve`
    /// makes when one is asked for, without the templates.
    SearchFragments,
}

/// Which guides' print pages a render assembles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Guides {
    /// Every guide's.
    All,
    /// These guides' (by index).
    Only(BTreeSet<usize>),
}

/// Which files of the whole site a render makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SiteFiles {
    /// Every one the site has.
    All,
    /// Those a template makes (home, 404).
    Templates,
    /// These, if the site has them.
    Only(Vec<SiteFile>),
}

/// Whose anchors a render checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchors {
    /// Every page's.
    All,
    /// The pages rendered, and the pages (as [`KnownPages`]) linking to an
    /// anchor of a page whose ids changed.
    RenderedAndLinkers,
    /// None.
    None,
}

/// The order problems are reported in: page problems first, by page
/// (`Pages`), or guide by guide, each guide's pages in print order followed
/// by its print page's problem (`Guides`, as `serve` has always reported a
/// whole render); then anchors, print pages, site files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// By page index.
    Pages,
    /// Guide by guide.
    Guides,
}

impl Work {
    /// Every file of the site, as `build` writes it: each page's text let go
    /// of once the page is rendered.
    pub(crate) fn build() -> Work {
        Work {
            pages: Pages::All(Make::Files),
            prints: Guides::All,
            site_files: SiteFiles::All,
            anchors: Anchors::All,
            search: true,
            static_files: true,
            release_texts: true,
            keep_prints: false,
            keep_links: false,
            order: Order::Pages,
        }
    }

    /// Every file of the site, each page's text kept (`check`, and renders
    /// made to compare with).
    pub(crate) fn everything() -> Work {
        Work {
            release_texts: false,
            ..Work::build()
        }
    }

    /// Nothing: the start of a render of some files.
    pub(crate) fn nothing() -> Work {
        Work {
            pages: Pages::Only(BTreeMap::new()),
            prints: Guides::Only(BTreeSet::new()),
            site_files: SiteFiles::Only(Vec::new()),
            anchors: Anchors::None,
            search: false,
            static_files: false,
            release_texts: false,
            keep_prints: false,
            keep_links: false,
            order: Order::Pages,
        }
    }
}

/// What a render of some pages needs of the others, as they were last
/// rendered (`serve` keeps it). A render of every page needs nothing
/// ([`NothingKnown`]).
pub(crate) trait KnownPages: Sync {
    /// The ids page `id`'s body defines.
    fn ids(&self, id: PageId) -> Option<&HashSet<String>>;
    /// Page `id`'s links to anchors.
    fn anchor_refs(&self, id: PageId) -> Vec<AnchorRef>;
    /// The pages of `site` whose anchor links or checklist `see:` lead to
    /// one of the pages `targets`.
    fn linkers(&self, site: &Site, targets: &BTreeSet<PageId>) -> BTreeSet<PageId>;
    /// Page `id`'s part of its guide's print page.
    fn print_part(&self, id: PageId) -> Option<String>;
    /// What the search index kept of page `id`.
    fn indexed(&self, id: PageId) -> Option<&Indexed>;
}

/// Nothing known: for a render of every page.
pub(crate) struct NothingKnown;

impl KnownPages for NothingKnown {
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
    fn indexed(&self, _: PageId) -> Option<&Indexed> {
        None
    }
}

/// What a render learned of one page it rendered.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageFacts {
    /// The paths of its own files (with [`Make::Files`] and
    /// [`Work::keep_links`]).
    pub(crate) files: Vec<String>,
    /// Every id its body defines.
    pub(crate) ids: HashSet<String>,
    /// Its links to anchors.
    pub(crate) refs: Vec<AnchorRef>,
    /// The pages its Markdown links to, sorted (with [`Work::keep_links`]).
    pub(crate) links: Vec<PageId>,
    /// Its links to the site root, for the link check.
    pub(crate) root_links: Vec<RootLink>,
    /// Its http(s) links, for `check --external`.
    pub(crate) external_links: Vec<ExternalLink>,
    /// Byte offsets of its h1 headings in the body.
    pub(crate) h1_offsets: Vec<usize>,
    /// Its images, with their alt text.
    pub(crate) images: Vec<ImageRef>,
    /// What the search index keeps of it (`None` without search, or when
    /// not made: [`Work::search`]).
    pub(crate) search: Option<Indexed>,
    /// Its part of its guide's print page, when kept ([`Work::keep_prints`])
    /// and that print page was not assembled.
    pub(crate) print: Option<String>,
}

/// What a render learned.
#[derive(Debug, Default)]
pub(crate) struct RenderFacts {
    /// Each page rendered, in id order.
    pub(crate) pages: Vec<(PageId, PageFacts)>,
    /// The print pages assembled, by guide, when kept.
    pub(crate) prints: Vec<(usize, KeptPrint)>,
}

impl RenderFacts {
    /// Page `id`'s facts, if it was rendered.
    pub(crate) fn page(&self, id: PageId) -> Option<&PageFacts> {
        self.pages
            .binary_search_by_key(&id, |(j, _)| *j)
            .ok()
            .map(|k| &self.pages[k].1)
    }
}

/// A problem, with where it sorts among the others ([`Order`]).
type Found = (Key, Diagnostic);

/// Where a problem sorts: its phase, then a position within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// A page's (Markdown, templates), or a print page's at the end of its
    /// guide's pages (`Order::Guides`): (guide or 0, position, sequence).
    Pages(usize, usize, usize),
    Anchors,
    Prints(usize),
    SiteFiles,
}

/// Renders what `work` says of `input`'s site into `sink`, taking what it
/// needs of the pages it does not render from `known`. Reports every
/// problem found, all at once; files already made are then the caller's
/// to drop.
pub(crate) fn render(
    input: &RenderInput,
    work: &Work,
    known: &dyn KnownPages,
    sink: &dyn Sink,
) -> Result<RenderFacts> {
    let site = input.site;
    let numbers = if site.config.search {
        Numbers::of(site)
    } else {
        Numbers::default()
    };
    let mut found: Vec<Found> = Vec::new();
    if work.static_files {
        found.extend(
            static_collisions(site, input.theme)
                .into_iter()
                .map(|d| (Key::SiteFiles, d)),
        );
    }
    // A file made from all the others (the offline worker) goes last; every
    // file before it is noted on its way to the sink.
    let last: Vec<(String, SiteFile)> = wanted_site_files(site, work)
        .into_iter()
        .filter(|(_, f)| f.is_last())
        .collect();
    let noting = Noting::new(sink);
    let sink: &dyn Sink = if last.is_empty() { sink } else { &noting };

    // Each guide's print page is assembled as its pages are rendered, so no
    // page's Markdown is rendered twice.
    let guides: Vec<usize> = match (&work.prints, site.config.print) {
        (_, false) => Vec::new(),
        (Guides::All, true) => (0..site.guides.len()).collect(),
        (Guides::Only(gs), true) => gs.iter().copied().collect(),
    };
    let assemble = |g| print_assembly(input, g);
    let (prints, print_diags) = PrintPages::start(
        site.pages.bound(),
        guides.into_iter(),
        assemble,
        work.keep_prints,
        sink,
    )?;
    for (g, d) in print_diags {
        let key = match work.order {
            Order::Pages => Key::Prints(g),
            Order::Guides => Key::Pages(g, usize::MAX, 0),
        };
        found.push((key, d));
    }

    let pages = pages_to_render(site, work, &prints, known, sink)?;
    let images = ImageFiles::new(input.site, input.theme);
    let job = |(id, make): (PageId, Make)| {
        page_job(input, work, &prints, &images, (id, make), &numbers, sink)
    };
    let done = in_guide_order(site, &pages, job);
    if progress::abandoned() {
        return Err(Error::Abandoned);
    }
    let place = guide_places(site, work.order);
    let mut facts = Vec::with_capacity(done.len());
    for (i, result) in done {
        let (f, diags) = result?;
        let (g, k) = place(i);
        found.extend(
            diags
                .into_iter()
                .enumerate()
                .map(|(n, d)| (Key::Pages(g, k, n), d)),
        );
        facts.push((i, f));
    }
    let fresh = RenderFacts {
        pages: facts,
        prints: Vec::new(),
    };

    for d in check_anchors(site, work.anchors, &fresh, known)? {
        found.push((Key::Anchors, d));
    }
    let made = site_wide(input, work, &fresh, known, &numbers, sink, &mut found)?;
    if !found.is_empty() {
        found.sort_by_key(|(key, _)| *key);
        return Err(Error::Input(found.into_iter().map(|(_, d)| d).collect()));
    }
    for (path, bytes) in made {
        sink.put(path, bytes)?;
    }
    if work.static_files {
        put_static_files(site, input.theme, sink)?;
    }
    if !last.is_empty() {
        let emitted = noting.noted();
        let from = SiteFileInput {
            numbers: &numbers,
            indexed: &|_| None,
            emitted: &emitted,
        };
        for (path, file) in last {
            let files = site_file(input, &path, file, &from).map_err(|d| Error::Input(vec![d]))?;
            for (path, bytes) in files {
                noting.to.put(path, bytes)?;
            }
        }
    }
    Ok(RenderFacts {
        prints: prints.into_kept(),
        ..fresh
    })
}

/// The pages `work` renders, and the parts of the others a print page
/// needs: put in from `known` where it kept them, else rendered for it.
fn pages_to_render(
    site: &Site,
    work: &Work,
    prints: &PrintPages,
    known: &dyn KnownPages,
    sink: &dyn Sink,
) -> Result<BTreeMap<PageId, Make>> {
    let mut pages: BTreeMap<PageId, Make> = match &work.pages {
        Pages::All(make) => site.pages.ids().map(|id| (id, *make)).collect(),
        Pages::Only(pages) => pages.clone(),
    };
    for i in prints.members().collect::<Vec<_>>() {
        if pages.get(&i).is_some_and(|m| *m != Make::SearchFragments) {
            continue;
        }
        match known.print_part(i) {
            Some(html) => prints.add(i, || html, sink)?,
            // Not kept (left out before, or new): rendered for it.
            None => {
                pages.entry(i).or_insert(Make::PrintPart);
            }
        }
    }
    Ok(pages)
}

/// The files copied as they are: the theme's assets, the site's `static/`
/// on top, and the files beside the pages under `content/`, the last two
/// each handed over as a file to copy ([`Sink::put_file`]): a large one is
/// never read whole here. A file of `content/` at the path of one of
/// `static/` is an error naming both.
fn put_static_files(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<()> {
    let clashes = bundle_clashes(site, theme);
    if !clashes.is_empty() {
        return Err(Error::Input(clashes));
    }
    let copied: BTreeMap<&str, &std::path::Path> = theme
        .site_static
        .iter()
        .map(|(rel, path)| (rel.as_str(), path.as_path()))
        .chain(
            site.content_files
                .values()
                .map(|f| (f.path.as_str(), f.source.as_path())),
        )
        .collect();
    for (path, bytes) in theme_assets(site, theme) {
        if !copied.contains_key(path.as_str()) {
            sink.put(path.clone(), bytes.clone())?;
        }
    }
    for (path, source) in copied {
        sink.put_file(path.to_string(), source)?;
    }
    Ok(())
}

/// Renders page `i`'s Markdown and makes what `make` says of it: its files
/// go to `sink`, its part to its print page. Returns what was learned of it
/// and its problems.
fn page_job(
    input: &RenderInput,
    work: &Work,
    prints: &PrintPages,
    images: &ImageFiles,
    (i, make): (PageId, Make),
    numbers: &Numbers,
    sink: &dyn Sink,
) -> Result<(PageFacts, Vec<Diagnostic>)> {
    let site = input.site;
    let (body, mut diags) = markdown::render_page(site, i, images);
    let mut files = Vec::new();
    if make == Make::Files {
        let (made, mut d) = page_files(input, i, &body);
        for f in made {
            if work.keep_links {
                files.push(f.path.clone());
            }
            sink.put(f.path, f.bytes)?;
        }
        diags.append(&mut d);
    }
    let mut print = None;
    if site.config.print && make != Make::SearchFragments {
        if prints.wants(i) {
            prints.add(i, || html_for_print(site, i, &body), sink)?;
        } else if work.keep_prints {
            print = Some(html_for_print(site, i, &body));
        }
    }
    if work.release_texts {
        site.pages[i].text.release();
    }
    let mut search = None;
    if site.config.search && work.search {
        let (indexed, fragments) = index_page(site, i, &body.sections, numbers);
        if make != Make::PrintPart {
            for (path, bytes) in fragments {
                sink.put(path, bytes)?;
            }
        }
        search = Some(indexed);
    }
    let mut links: Vec<PageId> = Vec::new();
    if work.keep_links {
        links = body
            .links
            .iter()
            .filter_map(|(_, t)| match t {
                Target::Page { page, .. } => Some(*page),
                _ => None,
            })
            .collect();
        links.sort_unstable();
        links.dedup();
    }
    let facts = PageFacts {
        files,
        ids: body.anchors,
        refs: body.anchor_refs,
        links,
        root_links: body.root_links,
        external_links: body.external_links,
        h1_offsets: body.h1_offsets,
        images: body.images,
        search,
        print,
    };
    Ok((facts, diags))
}

/// Where page `id`'s problems sort: by place in content-path order, or by
/// guide and place on the guide's print page.
fn guide_places(site: &Site, order: Order) -> impl Fn(PageId) -> (usize, usize) + '_ {
    let places: OnceLock<Vec<(usize, usize)>> = OnceLock::new();
    move |id| match order {
        Order::Pages => (0, site.pages.place(id)),
        Order::Guides => places.get_or_init(|| {
            let mut places = vec![(0, 0); site.pages.bound()];
            for g in 0..site.guides.len() {
                for (k, j) in print_members(site, g).into_iter().enumerate() {
                    places[j.index()] = (g, k);
                }
            }
            places
        })[id.index()],
    }
}

/// The anchor problems of the pages `anchors` says, each page's ids taken
/// from this render or, for the others, from `known`.
fn check_anchors(
    site: &Site,
    anchors: Anchors,
    fresh: &RenderFacts,
    known: &dyn KnownPages,
) -> Result<Vec<Diagnostic>> {
    static NONE: OnceLock<HashSet<String>> = OnceLock::new();
    let none = NONE.get_or_init(HashSet::new);
    let ids_of = |id: PageId| match fresh.page(id) {
        Some(f) => &f.ids,
        None => known.ids(id).unwrap_or(none),
    };
    let sources: BTreeSet<PageId> = match anchors {
        Anchors::None => return Ok(Vec::new()),
        Anchors::All => site.pages.ids().collect(),
        Anchors::RenderedAndLinkers => {
            let changed: BTreeSet<PageId> = fresh
                .pages
                .iter()
                .filter(|(id, f)| known.ids(*id) != Some(&f.ids))
                .map(|(id, _)| *id)
                .collect();
            let mut sources: BTreeSet<PageId> = fresh.pages.iter().map(|(id, _)| *id).collect();
            if !changed.is_empty() {
                sources.extend(known.linkers(site, &changed));
            }
            sources
        }
    };
    let kept_refs: BTreeMap<PageId, Vec<AnchorRef>> = sources
        .iter()
        .filter(|id| fresh.page(**id).is_none())
        .map(|&id| (id, known.anchor_refs(id)))
        .collect();
    let page_anchors = |id: PageId| PageAnchors {
        ids: ids_of(id),
        refs: match fresh.page(id) {
            Some(f) => &f.refs,
            None => kept_refs.get(&id).map_or(&[], Vec::as_slice),
        },
    };
    // In content-path order, as a whole render reports them.
    let mut sources: Vec<PageId> = sources.into_iter().collect();
    sources.sort_by_key(|&id| site.pages.place(id));
    broken_anchors_in(site, &page_anchors, sources.into_iter())
}

/// Makes the files of the whole site `work` asks for: those a template
/// makes go to `sink` at once (their problems into `found`); the others
/// are returned, to go once the render has no problem. The search index's
/// files are made together, from what the index kept of every page, by
/// document number (`numbers`).
fn site_wide(
    input: &RenderInput,
    work: &Work,
    fresh: &RenderFacts,
    known: &dyn KnownPages,
    numbers: &Numbers,
    sink: &dyn Sink,
    found: &mut Vec<Found>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let site = input.site;
    let files: Vec<(String, SiteFile)> = wanted_site_files(site, work)
        .into_iter()
        .filter(|(_, f)| !f.is_last())
        .collect();
    let indexed = |id: PageId| match fresh.page(id) {
        Some(f) => f.search.as_ref(),
        None => known.indexed(id),
    };
    let from = SiteFileInput {
        numbers,
        indexed: &indexed,
        emitted: &[],
    };
    let made = |path: &str, file| site_file(input, path, file, &from);
    let results: Vec<Result<Option<Diagnostic>>> = files
        .par_iter()
        .filter(|(_, file)| file.is_template())
        .map(|(path, file)| match made(path, *file) {
            Ok(files) => {
                for (path, bytes) in files {
                    sink.put(path, bytes)?;
                }
                Ok(None)
            }
            Err(d) => Ok(Some(d)),
        })
        .collect();
    for r in results {
        found.extend(r?.map(|d| (Key::SiteFiles, d)));
    }
    if !found.is_empty() {
        return Ok(Vec::new());
    }
    let mut done: Vec<SiteFile> = Vec::new();
    let mut out = Vec::new();
    for (path, file) in files.into_iter().filter(|(_, f)| !f.is_template()) {
        // A file listed under several paths (the search index) is made once.
        if done.contains(&file) {
            continue;
        }
        done.push(file);
        out.extend(made(&path, file).unwrap_or_default());
    }
    Ok(out)
}

/// The files of the whole site `work` asks for, by path.
fn wanted_site_files(site: &Site, work: &Work) -> Vec<(String, SiteFile)> {
    site_files(site)
        .into_iter()
        .filter(|(_, f)| match &work.site_files {
            SiteFiles::All => true,
            SiteFiles::Templates => f.is_template(),
            SiteFiles::Only(only) => only.contains(f),
        })
        .collect()
}

/// Runs `job` for each of `pages`, the pages of each guide in print order,
/// and returns the results by page index. Threads take the next page as
/// they become free, so pages finish in about that order and a print page
/// being assembled waits for few of its pages.
fn in_guide_order<T: Send>(
    site: &Site,
    pages: &BTreeMap<PageId, Make>,
    job: impl Fn((PageId, Make)) -> T + Sync,
) -> Vec<(PageId, T)> {
    let mut seen = vec![false; site.pages.bound()];
    let mut order: Vec<(PageId, Make)> = Vec::with_capacity(pages.len());
    for g in 0..site.guides.len() {
        for id in print_members(site, g) {
            if let Some(&make) = pages.get(&id) {
                seen[id.index()] = true;
                order.push((id, make));
            }
        }
    }
    order.extend(
        pages
            .iter()
            .filter(|(id, _)| !seen[id.index()])
            .map(|(id, m)| (*id, *m)),
    );
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(PageId, T)>> = Mutex::new(Vec::with_capacity(order.len()));
    rayon::scope(|s| {
        for _ in 0..rayon::current_num_threads().min(order.len()) {
            s.spawn(|_| {
                let mut mine = Vec::new();
                while let Some(&(i, make)) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if progress::abandoned() {
                        break;
                    }
                    mine.push((i, job((i, make))));
                }
                lock(&done).extend(mine);
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done
}
