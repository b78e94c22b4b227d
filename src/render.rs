//! Render stage: turns a loaded [`Site`] into the files of the built site
//! and hands each to a [`Sink`] as soon as it is rendered: `build` writes
//! them straight into its temporary folder, `serve` and `check` keep them in
//! memory ([`Collect`]).
//!
//! Each page's Markdown is rendered inside that page's job (in parallel) and
//! dropped once its template has run and its HTML has gone into its guide's
//! print page ([`crate::print`]), so a large site never sits in memory
//! whole; only what the checks need (anchors, links between pages) and the
//! search entries are kept. Anchors and checklist targets are checked once
//! every page is rendered. Templates only ever see the small serializable
//! views defined here, never the internal model.

use crate::content::{Page, Site};
use crate::error::{closest, Diagnostic, Error, Result};
use crate::links::{resolve, Target};
use crate::markdown::{self, AnchorRef, Rendered, TocEntry};
use crate::metadata;
use crate::print;
use crate::search;
use crate::sync::lock;
use crate::theme::{self, Theme};
use crate::url::absolute;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Where rendered files go, as they are rendered (from several threads).
pub trait Sink: Sync {
    /// Takes one file of the site. An error stops the render.
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()>;
}

/// A [`Sink`] that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        lock(&self.0).insert(path, bytes);
        Ok(())
    }
}

impl Collect {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes })
            .collect()
    }
}

/// The site-wide settings templates see as `site`.
#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: Option<String>,
    language: &'a str,
    author: Option<&'a str>,
    site_id: String,
    portable: bool,
    search: bool,
    print: bool,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A page as listed elsewhere (cards, guide lists, prev/next).
#[derive(Debug, Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    step: Option<u32>,
    weight: i64,
    updated: Option<&'a str>,
    tags: &'a [String],
    checklist_path: Option<String>,
    checklist_total: usize,
    /// Space-separated checklist ids, for progress shown outside the checklist page.
    checklist_ids: String,
    storage_key: Option<String>,
}

/// A guide as templates see it (`guide`).
#[derive(Debug, Serialize)]
struct GuideView<'a> {
    key: &'a str,
    path: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    pages: Vec<PageSummary<'a>>,
    /// What the header navigation lists: every page of a guide of up to
    /// [`NAV_ALL_PAGES`] pages, else only its numbered steps (step 0 counts
    /// as none, as in templates). Computed once here: a template loop over
    /// `pages` on every page would take time quadratic in the guide's size.
    nav: Vec<PageSummary<'a>>,
}

/// Largest guide whose header navigation lists every page.
const NAV_ALL_PAGES: usize = 12;

/// A checklist item as templates see it.
#[derive(Debug, Serialize)]
struct ItemView<'a> {
    id: &'a str,
    text: &'a str,
    /// Root-relative URL path of the explanation, with its anchor.
    see: Option<String>,
}

/// A checklist group as templates see it.
#[derive(Debug, Serialize)]
struct GroupView<'a> {
    group: &'a str,
    id: String,
    items: Vec<ItemView<'a>>,
}

/// The page being rendered (`page`).
#[derive(Debug, Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    source: String,
    canonical: Option<String>,
    content: &'a str,
    toc: &'a [TocEntry],
    updated: Option<&'a str>,
    tags: &'a [String],
    step: Option<u32>,
    weight: i64,
    is_index: bool,
    imported: bool,
    checklist: &'a [GroupView<'a>],
    checklist_total: usize,
    checklist_ids: String,
    checklist_path: Option<String>,
    storage_key: Option<String>,
    /// JSON-LD structured data, ready to embed.
    json_ld: String,
    prev: Option<PageSummary<'a>>,
    next: Option<PageSummary<'a>>,
}

/// The view of a generated page that has no content file (home without
/// `_index.md`, 404, print pages).
fn synthetic_page<'a>(site: &'a Site, title: &'a str, path: &'a str) -> PageView<'a> {
    PageView {
        title,
        description: Some(&site.config.description),
        path,
        source: String::new(),
        canonical: None,
        content: "",
        toc: &[],
        updated: None,
        tags: &[],
        step: None,
        weight: 0,
        is_index: true,
        imported: false,
        checklist: &[],
        checklist_total: 0,
        checklist_ids: String::new(),
        checklist_path: None,
        storage_key: None,
        json_ld: String::new(),
        prev: None,
        next: site.guides[0]
            .pages
            .first()
            .map(|&n| summary(site, &site.pages[n])),
    }
}

/// Every page's Markdown, rendered, with the problems found in it (broken
/// `.md` links): the part of a render that only depends on one page's text
/// (given the site's set of pages and their paths). `serve` keeps it between
/// renders so that an edit renders only the edited page's Markdown again.
#[derive(Debug, Clone, Default)]
pub struct Bodies {
    rendered: Vec<Rendered>,
    diags: Vec<Vec<Diagnostic>>,
}

impl Bodies {
    /// Page `i`'s rendered Markdown.
    pub fn get(&self, i: usize) -> &Rendered {
        &self.rendered[i]
    }

    /// Renders the Markdown of every page of `site`, in parallel.
    pub fn render(site: &Site) -> Self {
        let (rendered, diags) = (0..site.pages.len())
            .into_par_iter()
            .map(|i| markdown::render(site, i))
            .unzip();
        Bodies { rendered, diags }
    }

    /// Renders the Markdown of `pages` again and keeps the rest. Only valid
    /// when `site` has the same pages, at the same paths, as the site the
    /// rest was rendered from; when the number of pages differs, everything
    /// is rendered again.
    pub fn update(&mut self, site: &Site, pages: &[usize]) {
        if self.rendered.len() != site.pages.len() {
            *self = Bodies::render(site);
            return;
        }
        let fresh: Vec<(usize, (Rendered, Vec<Diagnostic>))> = pages
            .par_iter()
            .filter(|&&i| i < site.pages.len())
            .map(|&i| (i, markdown::render(site, i)))
            .collect();
        for (i, (rendered, diags)) in fresh {
            self.rendered[i] = rendered;
            self.diags[i] = diags;
        }
    }
}

/// What [`render_selected`] renders besides the outputs that belong to
/// neither a page nor a guide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Pages (indexes into [`Site::pages`]) whose page and checklist page
    /// are rendered.
    pub pages: BTreeSet<usize>,
    /// Guides (indexes into [`Site::guides`]) whose guide-wide pages (the
    /// print page) are rendered.
    pub guides: BTreeSet<usize>,
}

impl Selection {
    /// Every page and guide of `site`.
    pub fn all(site: &Site) -> Self {
        Selection {
            pages: (0..site.pages.len()).collect(),
            guides: (0..site.guides.len()).collect(),
        }
    }

    /// Whether `job` is selected; outputs of neither a page nor a guide always are.
    fn contains(&self, job: Job) -> bool {
        match job {
            Job::Page(i) | Job::Checklist(i) => self.pages.contains(&i),
            Job::Print(g) => self.guides.contains(&g),
            Job::Home | Job::NotFound => true,
        }
    }
}

/// Whether page `i` is shown alike to other pages in `a` and `b`: its title,
/// description, step, weight, date, tags and checklist as they appear in
/// guide cards, navigation and prev/next links. When it is not, the pages
/// that list it must be rendered again.
pub fn same_listing(a: &Site, b: &Site, i: usize) -> bool {
    match (a.pages.get(i), b.pages.get(i)) {
        (Some(pa), Some(pb)) => {
            serde_json::to_value(summary(a, pa)).ok() == serde_json::to_value(summary(b, pb)).ok()
        }
        _ => false,
    }
}

/// The files copied as they are: the theme's assets, then `static/` on top.
pub fn static_files(site: &Site, theme: &Theme) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme.assets.clone();
    for (rel, path) in theme::files_under(&site.root.join("static"))? {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        files.insert(rel, bytes);
    }
    Ok(files)
}

/// Everything computed once per site that templates need.
struct Prepared<'a> {
    site: &'a Site,
    checklists: Vec<Vec<GroupView<'a>>>,
    /// `see:` anchors to check once every page's headings are known.
    see_checks: Vec<SeeCheck<'a>>,
    guides: Vec<tera::Value>,
    /// Each page's position in its guide's reading order.
    positions: Vec<usize>,
    tera: tera::Tera,
}

/// A checklist item's `see:` target whose anchor must exist.
struct SeeCheck<'a> {
    page: usize,
    item: &'a str,
    see: &'a str,
    target: usize,
    anchor: String,
}

/// Where page bodies come from: rendered once and kept (`serve`), or
/// rendered by each job that needs them and dropped (`build`).
#[derive(Clone, Copy)]
enum Source<'a> {
    Kept(&'a Bodies),
    OnDemand,
}

impl<'a> Source<'a> {
    /// When bodies are rendered on demand, the page's text is not needed
    /// any more once its body is: let go of it (it is read back from disk
    /// if a diagnostic needs it).
    fn done_with(self, page: &Page) {
        if let Source::OnDemand = self {
            page.text.release();
        }
    }

    fn body(self, site: &Site, i: usize) -> (Cow<'a, Rendered>, Vec<Diagnostic>) {
        match self {
            Source::Kept(b) => (Cow::Borrowed(&b.rendered[i]), b.diags[i].clone()),
            Source::OnDemand => {
                let (r, d) = markdown::render(site, i);
                (Cow::Owned(r), d)
            }
        }
    }

    /// Page `i`'s HTML as its guide's print page shows it. (A build does
    /// not come here: it assembles print pages as their pages render.)
    fn print_html(self, site: &Site, i: usize) -> String {
        markdown::html_for_print(site, i, &self.body(site, i).0)
    }
}

/// What is kept of a page once its jobs are done.
struct PageInfo<'a> {
    anchors: Cow<'a, HashSet<String>>,
    refs: Cow<'a, [AnchorRef]>,
    /// Its entries of the search index (empty without search).
    search: String,
    diags: Vec<Diagnostic>,
}

/// Renders every page of `site` with `theme`, in memory. Reports every
/// broken link, anchor, checklist target and template error found.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    let sink = Collect::default();
    render_into(site, theme, &sink)?;
    Ok(sink.into_files())
}

/// Renders every file of `site` into `sink`, rendering each page's Markdown
/// only for as long as it is needed (the lowest-memory path, used by `build`).
pub fn render_into(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<()> {
    render(site, theme, Source::OnDemand, None, sink)
}

/// Renders `site` from Markdown already rendered in `bodies`, through the
/// same code as [`render_into`]. With `only = None` the result is exactly
/// [`render_site`]'s. With a [`Selection`], it holds the selected pages' and
/// guides' outputs, every output that belongs to neither (home, 404, search
/// index, feeds) and no static files: each file is byte-identical to the same
/// file of a full render. Links, anchors and checklist targets are checked
/// over the whole site either way.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    bodies: &Bodies,
    only: Option<&Selection>,
) -> Result<Vec<OutputFile>> {
    let fresh;
    let bodies = if bodies.rendered.len() == site.pages.len() {
        bodies
    } else {
        fresh = Bodies::render(site);
        &fresh
    };
    let sink = Collect::default();
    render(site, theme, Source::Kept(bodies), only, &sink)?;
    Ok(sink.into_files())
}

fn render(
    site: &Site,
    theme: &Theme,
    source: Source,
    only: Option<&Selection>,
    sink: &dyn Sink,
) -> Result<()> {
    let prep = prepare(site, theme)?;
    let selected = |job: Job| only.is_none_or(|sel| sel.contains(job));
    let cap = search::text_cap(site);
    let put = |f: OutputFile| sink.put(f.path, f.bytes);

    // With bodies rendered on demand (build), each guide's print page is
    // assembled as its pages are rendered, so no page is rendered twice.
    let stream_print = matches!(source, Source::OnDemand) && site.config.print;
    let (prints, print_diags) = if stream_print {
        PrintPages::start(&prep, theme, sink)?
    } else {
        (PrintPages::default(), Vec::new())
    };

    // Every page: render its own outputs, keep what the checks and search need.
    let page_job = |i: usize| -> Result<PageInfo> {
        let p = &site.pages[i];
        let mut jobs = vec![Job::Page(i)];
        if p.has_checklist() {
            jobs.push(Job::Checklist(i));
        }
        jobs.retain(|j| selected(*j));
        let (body, mut diags) = source.body(site, i);
        for job in jobs {
            match render_job(&prep, theme, source, job, Some(&body)) {
                Ok(f) => put(f)?,
                Err(d) => diags.push(d),
            }
        }
        prints.add(site, i, &body, sink)?;
        source.done_with(p);
        let search = if site.config.search {
            search::entries(i, &body.sections, cap)
        } else {
            String::new()
        };
        Ok(match body {
            Cow::Borrowed(b) => PageInfo {
                anchors: Cow::Borrowed(&b.anchors),
                refs: Cow::Borrowed(&b.anchor_refs),
                search,
                diags,
            },
            Cow::Owned(b) => PageInfo {
                anchors: Cow::Owned(b.anchors),
                refs: Cow::Owned(b.anchor_refs),
                search,
                diags,
            },
        })
    };
    let mut infos: Vec<PageInfo> = in_guide_order(site, page_job)
        .into_iter()
        .collect::<Result<_>>()?;

    let mut diags: Vec<Diagnostic> = infos.iter().flat_map(|i| i.diags.iter().cloned()).collect();
    diags.extend(check_anchors(&prep, &infos));
    diags.extend(print_diags);

    // Guide-wide and site-wide outputs.
    let mut jobs: Vec<Job> = Vec::new();
    if site.config.print && !stream_print {
        jobs.extend((0..site.guides.len()).map(Job::Print));
    }
    if site.guides[0].index.is_none() {
        jobs.push(Job::Home);
    }
    jobs.push(Job::NotFound);
    jobs.retain(|j| selected(*j));
    let results: Vec<Result<Option<Diagnostic>>> = jobs
        .par_iter()
        .map(|job| match render_job(&prep, theme, source, *job, None) {
            Ok(f) => put(f).map(|()| None),
            Err(d) => Ok(Some(d)),
        })
        .collect();
    for r in results {
        diags.extend(r?);
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }

    if site.config.search {
        let entries = infos.iter_mut().map(|i| std::mem::take(&mut i.search));
        sink.put(
            search::INDEX_PATH.into(),
            search::index(site, entries.collect()),
        )?;
    }
    sink.put(".nojekyll".into(), Vec::new())?;
    if let Some(base) = site.config.base_url() {
        sink.put(
            "sitemap.xml".into(),
            metadata::sitemap(site, &base).into_bytes(),
        )?;
        sink.put("robots.txt".into(), metadata::robots(&base).into_bytes())?;
        sink.put("atom.xml".into(), metadata::atom(site, &base).into_bytes())?;
    }
    if only.is_none() {
        for (path, bytes) in static_files(site, theme)? {
            sink.put(path, bytes)?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum Job {
    Page(usize),
    Checklist(usize),
    Home,
    NotFound,
    Print(usize),
}

/// One page as a section of its guide's print page.
#[derive(Debug, Serialize)]
struct PrintSection<'a> {
    anchor: String,
    title: &'a str,
    description: Option<&'a str>,
    step: Option<u32>,
    content: String,
    checklist: &'a [GroupView<'a>],
}

fn prepare<'a>(site: &'a Site, theme: &Theme) -> Result<Prepared<'a>> {
    let portable = site.config.portable;
    let mut tera = theme::compile(theme, portable)?;
    let config = &site.config;
    tera.global_context().insert(
        "site",
        &SiteView {
            title: &config.title,
            description: &config.description,
            base_url: config.base_url(),
            language: &config.language,
            author: config.author.as_deref(),
            site_id: config.site_id(),
            portable,
            search: config.search,
            print: config.print,
            extra: &config.extra,
        },
    );
    let mut diags = Vec::new();
    let mut see_checks = Vec::new();
    let checklists: Vec<Vec<GroupView>> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| checklist_view(site, i, p, &mut see_checks, &mut diags))
        .collect();
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let mut positions = vec![0; site.pages.len()];
    for g in &site.guides {
        for (pos, &i) in g.pages.iter().enumerate() {
            positions[i] = pos;
        }
    }
    let guides = site
        .guides
        .iter()
        .map(|g| {
            let index = g.index.map(|i| &site.pages[i]);
            tera::Value::from_serializable(&GuideView {
                key: &g.key,
                path: &g.dir,
                title: index.map_or(config.title.as_str(), |p| p.meta.title.as_str()),
                description: index.and_then(|p| p.meta.description.as_deref()),
                pages: g
                    .pages
                    .iter()
                    .map(|&i| summary(site, &site.pages[i]))
                    .collect(),
                nav: g
                    .pages
                    .iter()
                    .filter(|&&i| {
                        g.pages.len() <= NAV_ALL_PAGES
                            || site.pages[i].meta.step.is_some_and(|n| n > 0)
                    })
                    .map(|&i| summary(site, &site.pages[i]))
                    .collect(),
            })
        })
        .collect();
    Ok(Prepared {
        site,
        checklists,
        see_checks,
        guides,
        positions,
        tera,
    })
}

/// Links to anchors (from Markdown and from checklist `see:`) must land on
/// a heading of their target page.
fn check_anchors(prep: &Prepared, infos: &[PageInfo]) -> Vec<Diagnostic> {
    let site = prep.site;
    let mut diags = Vec::new();
    for (i, info) in infos.iter().enumerate() {
        for r in info.refs.iter() {
            if !infos[r.page].anchors.contains(&r.anchor) {
                diags.push(
                    site.pages[i]
                        .diag_in_body(
                            r.offset,
                            format!(
                                "broken anchor: no heading with id `{}` in {}",
                                r.anchor,
                                site.pages[r.page].source.display()
                            ),
                        )
                        .with_hint(anchor_hint(&infos[r.page].anchors, &r.anchor)),
                );
            }
        }
    }
    for c in &prep.see_checks {
        if !infos[c.target].anchors.contains(&c.anchor) {
            diags.push(
                site.pages[c.page]
                    .diag_at_key(
                        "see",
                        Some(c.see),
                        format!(
                            "checklist item \"{}\": see target `#{}` is not a heading in {}",
                            c.item,
                            c.anchor,
                            site.pages[c.target].source.display()
                        ),
                    )
                    .with_hint(anchor_hint(&infos[c.target].anchors, &c.anchor)),
            );
        }
    }
    diags
}

fn anchor_hint(anchors: &HashSet<String>, anchor: &str) -> String {
    let mut ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
    ids.sort_unstable();
    match closest(anchor, &ids) {
        Some(c) => format!("did you mean `#{c}`?"),
        None => "link to a heading id that exists (see the page's table of contents)".into(),
    }
}

fn checklist_view<'a>(
    site: &'a Site,
    index: usize,
    page: &'a Page,
    see_checks: &mut Vec<SeeCheck<'a>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<GroupView<'a>> {
    let mut used = HashSet::new();
    let mut groups = Vec::new();
    for g in &page.meta.checklist {
        let mut id = format!("group-{}", crate::slug::slugify(&g.group));
        while !used.insert(id.clone()) {
            id.push_str("-x");
        }
        let mut items = Vec::new();
        for item in &g.items {
            let see = item.see.as_deref().and_then(|see| {
                let bad = |msg: String, hint: String| page.diag_at_key("see", Some(see), msg).with_hint(hint);
                match resolve(site, index, see) {
                    Ok(Target::Page { page: t, anchor }) => {
                        let url = format!(
                            "{}{}",
                            site.pages[t].path,
                            anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
                        );
                        if let Some(anchor) = anchor {
                            see_checks.push(SeeCheck { page: index, item: &item.id, see, target: t, anchor });
                        }
                        Some(url)
                    }
                    Ok(_) => {
                        diags.push(bad(
                            format!("checklist item \"{}\": see must point into the guide, found `{see}`", item.id),
                            "use `#heading-id` on this page, or `other-page.md#heading-id`".into(),
                        ));
                        None
                    }
                    Err((msg, hint)) => {
                        diags.push(bad(format!("checklist item \"{}\": {msg}", item.id), hint));
                        None
                    }
                }
            });
            items.push(ItemView {
                id: &item.id,
                text: &item.text,
                see,
            });
        }
        groups.push(GroupView {
            group: &g.group,
            id,
            items,
        });
    }
    groups
}

fn storage_key(site: &Site, page: &Page) -> Option<String> {
    page.meta.step.filter(|_| page.has_checklist()).map(|step| {
        format!(
            "stepwise:{}:{}:v1:{step}",
            site.config.site_id(),
            site.guides[page.guide].key
        )
    })
}

fn summary<'a>(site: &'a Site, p: &'a Page) -> PageSummary<'a> {
    PageSummary {
        title: &p.meta.title,
        description: p.meta.description.as_deref(),
        path: &p.path,
        step: p.meta.step,
        weight: p.meta.weight,
        updated: p.meta.updated.as_deref(),
        tags: &p.meta.tags,
        checklist_path: p.has_checklist().then(|| p.checklist_path()),
        checklist_total: p.meta.checklist.iter().map(|g| g.items.len()).sum(),
        checklist_ids: p
            .meta
            .checklist
            .iter()
            .flat_map(|g| &g.items)
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        storage_key: storage_key(site, p),
    }
}

fn page_view<'a>(prep: &'a Prepared, i: usize, body: &'a Rendered) -> PageView<'a> {
    let site = prep.site;
    let p = &site.pages[i];
    let guide = &site.guides[p.guide];
    let (prev, next) = if p.is_index {
        (
            None,
            guide.pages.first().map(|&n| summary(site, &site.pages[n])),
        )
    } else {
        let pos = prep.positions[i];
        let prev = match pos {
            0 => guide.index.map(|x| summary(site, &site.pages[x])),
            _ => Some(summary(site, &site.pages[guide.pages[pos - 1]])),
        };
        let next = guide
            .pages
            .get(pos + 1)
            .map(|&n| summary(site, &site.pages[n]));
        (prev, next)
    };
    let s = summary(site, p);
    PageView {
        title: &p.meta.title,
        description: p.meta.description.as_deref(),
        path: &p.path,
        source: p.source.to_string_lossy().replace('\\', "/"),
        canonical: site.config.base_url().map(|b| absolute(&b, &p.path)),
        content: &body.html,
        toc: &body.toc,
        updated: p.meta.updated.as_deref(),
        tags: &p.meta.tags,
        step: p.meta.step,
        weight: p.meta.weight,
        is_index: p.is_index,
        imported: p.meta.imported,
        checklist: &prep.checklists[i],
        checklist_total: s.checklist_total,
        checklist_ids: s.checklist_ids,
        checklist_path: s.checklist_path,
        storage_key: s.storage_key,
        json_ld: metadata::json_ld(site, i, &body.sections),
        prev,
        next,
    }
}

/// The pages of guide `g`'s print page, in order: its overview, then its
/// pages.
fn print_members(site: &Site, g: usize) -> Vec<usize> {
    let guide = &site.guides[g];
    guide.index.iter().chain(&guide.pages).copied().collect()
}

/// Runs guide `g`'s print template with a placeholder for each page's HTML
/// (so the guide's whole text is never copied into the template context),
/// ready to take the pages' HTML.
fn print_assembly(
    prep: &Prepared,
    theme: &Theme,
    g: usize,
) -> std::result::Result<print::Assembly, Diagnostic> {
    let site = prep.site;
    let guide = &site.guides[g];
    let members = print_members(site, g);
    let sections: Vec<PrintSection> = members
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            PrintSection {
                anchor: markdown::print_anchor(site, i),
                title: &p.meta.title,
                description: p.meta.description.as_deref(),
                step: p.meta.step,
                content: print::marker(i),
                checklist: &prep.checklists[i],
            }
        })
        .collect();
    let path = format!("{}print/", guide.dir);
    let title = guide.index.map_or(site.config.title.as_str(), |i| {
        site.pages[i].meta.title.as_str()
    });
    let mut view = synthetic_page(site, title, &path);
    view.canonical = site.config.base_url().map(|b| absolute(&b, &path));
    let mut ctx = tera::Context::new();
    ctx.insert("page", &view);
    ctx.insert("sections", &sections);
    ctx.insert_value("guide", prep.guides[g].clone());
    let file = finish(prep, theme, ctx, "print.html".into(), path, None)?;
    let html = String::from_utf8_lossy(&file.bytes);
    Ok(print::Assembly::new(file.path, &html, &members))
}

/// Renders a guide's print page in one go, every page's HTML taken (or
/// rendered) from `source`: what `serve` and `check` use.
fn print_job(
    prep: &Prepared,
    theme: &Theme,
    source: Source,
    g: usize,
) -> std::result::Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let assembly = print_assembly(prep, theme, g)?;
    let mut done = assembly.finish_empty();
    for (k, &i) in assembly.members().iter().enumerate() {
        done = done.or(assembly.add(k, source.print_html(site, i)));
        source.done_with(&site.pages[i]);
    }
    let (path, bytes) = done.unwrap_or_default();
    Ok(OutputFile { path, bytes })
}

/// The print pages of a build, assembled as their pages are rendered.
#[derive(Default)]
struct PrintPages {
    /// Per guide; `None` where its print template failed.
    assemblies: Vec<Option<print::Assembly>>,
    /// Per page: its guide and its position on the guide's print page.
    slots: Vec<Option<(usize, usize)>>,
}

impl PrintPages {
    /// Runs every guide's print template; a guide without pages has its
    /// print page written at once. Template errors are returned, not raised,
    /// to be reported with the rest.
    fn start(prep: &Prepared, theme: &Theme, sink: &dyn Sink) -> Result<(Self, Vec<Diagnostic>)> {
        let site = prep.site;
        let mut pages = PrintPages {
            assemblies: Vec::new(),
            slots: vec![None; site.pages.len()],
        };
        let mut diags = Vec::new();
        for g in 0..site.guides.len() {
            match print_assembly(prep, theme, g) {
                Ok(a) => {
                    for (k, &i) in a.members().iter().enumerate() {
                        pages.slots[i] = Some((g, k));
                    }
                    if let Some((path, bytes)) = a.finish_empty() {
                        sink.put(path, bytes)?;
                    }
                    pages.assemblies.push(Some(a));
                }
                Err(d) => {
                    diags.push(d);
                    pages.assemblies.push(None);
                }
            }
        }
        Ok((pages, diags))
    }

    /// Hands page `i`'s HTML to its guide's print page, and writes that page
    /// to `sink` if this was the last piece it waited for.
    fn add(&self, site: &Site, i: usize, body: &Rendered, sink: &dyn Sink) -> Result<()> {
        let Some(Some((g, k))) = self.slots.get(i) else {
            return Ok(());
        };
        if let Some(a) = &self.assemblies[*g] {
            if let Some((path, bytes)) = a.add(*k, markdown::html_for_print(site, i, body)) {
                sink.put(path, bytes)?;
            }
        }
        Ok(())
    }
}

/// Runs `job` for every page, the pages of each guide in print order, and
/// returns the results by page index. Threads take the next page as they
/// become free, so pages finish in about that order and a print page being
/// assembled waits for few of its pages.
fn in_guide_order<T: Send>(site: &Site, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let mut order: Vec<usize> = (0..site.guides.len())
        .flat_map(|g| print_members(site, g))
        .collect();
    let mut seen = vec![false; site.pages.len()];
    for &i in &order {
        seen[i] = true;
    }
    order.extend((0..site.pages.len()).filter(|&i| !seen[i]));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(order.len()));
    rayon::scope(|s| {
        for _ in 0..rayon::current_num_threads() {
            s.spawn(|_| {
                let mut mine = Vec::new();
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    mine.push((i, job(i)));
                }
                lock(&done).extend(mine);
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// Renders one output. Page and checklist jobs use `body`, the page's
/// rendered Markdown; print jobs take their pages' bodies from `source`.
fn render_job(
    prep: &Prepared,
    theme: &Theme,
    source: Source,
    job: Job,
    body: Option<&Rendered>,
) -> std::result::Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let mut ctx = tera::Context::new();
    let empty = Rendered::default();
    let body = body.unwrap_or(&empty);
    let (template, current, source): (String, String, Option<&Page>) = match job {
        Job::Page(i) => {
            let p = &site.pages[i];
            ctx.insert("page", &page_view(prep, i, body));
            ctx.insert_value("guide", prep.guides[p.guide].clone());
            let default = match (p.is_index, p.path.is_empty()) {
                (true, true) => "index.html",
                (true, false) => "guide.html",
                _ => "page.html",
            };
            let t = p.meta.template.clone().unwrap_or_else(|| default.into());
            (t, p.path.clone(), Some(p))
        }
        Job::Checklist(i) => {
            let p = &site.pages[i];
            ctx.insert("page", &page_view(prep, i, body));
            ctx.insert_value("guide", prep.guides[p.guide].clone());
            ("checklist.html".into(), p.checklist_path(), Some(p))
        }
        Job::Print(g) => return print_job(prep, theme, source, g),
        Job::Home | Job::NotFound => {
            let (path, template, title) = if let Job::Home = job {
                ("", "index.html", site.config.title.as_str())
            } else {
                ("404.html", "404.html", "Page not found")
            };
            ctx.insert("page", &synthetic_page(site, title, path));
            ctx.insert_value("guide", prep.guides[0].clone());
            (template.into(), path.into(), None)
        }
    };
    finish(prep, theme, ctx, template, current, source)
}

/// Runs `template` for the page at URL path `current` and names the file.
fn finish(
    prep: &Prepared,
    theme: &Theme,
    mut ctx: tera::Context,
    template: String,
    current: String,
    source: Option<&Page>,
) -> std::result::Result<OutputFile, Diagnostic> {
    let depth = current.matches('/').count();
    ctx.insert("root", &"../".repeat(depth));
    ctx.insert("current", &current);
    let html = prep.tera.render(&template, &ctx).map_err(|e| {
        let mut d = theme::diagnose(theme, &e, source.map(|p| p.source.as_path()));
        if let (Some(p), tera::ErrorKind::TemplateNotFound(_)) = (source, e.kind()) {
            d = p
                .diag_at_key("template", Some(&template), format!("template `{template}` not found"))
                .with_hint("use a template of the theme (page.html, guide.html, ...) or add it under themes/<theme>/templates/");
        }
        d
    })?;
    let path = if current.is_empty() || current.ends_with('/') {
        format!("{current}index.html")
    } else {
        current
    };
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
    })
}
