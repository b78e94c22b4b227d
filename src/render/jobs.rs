//! The render's jobs: what is prepared once per site, which outputs each page
//! makes, how each guide's print page is assembled as its pages finish, and
//! the order threads take pages in.

use super::markdown::{self, Rendered};
use super::metadata;
use super::print::{self, html_for_print, Assembly, PrintPages};
use super::search;
use super::templates;
use super::views::{synthetic_page, SiteView, Views};
use super::{static_files, Bodies, OutputFile, Sink};
use crate::check::{broken_anchors, AnchorRef, PageAnchors, RootLink};
use crate::error::{Diagnostic, Error, Result};
use crate::load::{Page, Site, Theme};
use crate::sync::lock;
use crate::url::absolute;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Everything computed once per render that templates need.
pub(crate) struct Prepared<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) views: Views<'a>,
    pub(crate) tera: &'a tera::Tera,
}

/// The theme's templates compiled for `site`, with its settings as `site`.
pub(crate) fn compile(site: &Site, theme: &Theme) -> Result<tera::Tera> {
    let mut tera = templates::compile(theme, site.config.portable)?;
    tera.global_context().insert("site", &SiteView::of(site));
    Ok(tera)
}

/// Where page bodies come from: rendered once and kept (`serve`, `check`),
/// or rendered by each page's job and dropped when it is done (`build`).
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
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
            Source::Kept(b) => (Cow::Borrowed(b.get(i)), b.diagnostics(i).to_vec()),
            Source::OnDemand => {
                let (r, d) = markdown::render(site, i);
                (Cow::Owned(r), d)
            }
        }
    }
}

/// What is kept of a page once its jobs are done.
struct PageInfo<'a> {
    anchors: Cow<'a, HashSet<String>>,
    refs: Cow<'a, [AnchorRef]>,
    /// Its links to the site root, for the link check.
    root_links: Cow<'a, [RootLink]>,
    /// Its entries of the search index (empty without search).
    search: String,
    diags: Vec<Diagnostic>,
}

/// An output of a page, or of the site as a whole.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(usize),
    Checklist(usize),
    Home,
    NotFound,
}

/// Renders every file of `site` into `sink`, taking page bodies from
/// `source`. See [`super::render_into`] and [`super::render_from`].
/// Returns each page's links to the site root, by page index.
pub(crate) fn render(
    site: &Site,
    theme: &Theme,
    source: Source,
    sink: &dyn Sink,
) -> Result<Vec<Vec<RootLink>>> {
    let tera = compile(site, theme)?;
    let prep = Prepared {
        site,
        theme,
        views: Views::new(site),
        tera: &tera,
    };
    let cap = search::text_cap(site);
    let put = |f: OutputFile| sink.put(f.path, f.bytes);

    // Each guide's print page is assembled as its pages are rendered, so no
    // page's Markdown is rendered twice.
    let (prints, print_diags) = if site.config.print {
        let guides = 0..site.guides.len();
        PrintPages::start(site.pages.len(), guides, |g| print_assembly(&prep, g), sink)?
    } else {
        (PrintPages::default(), Vec::new())
    };

    // Every page: render its own outputs, keep what the checks and search need.
    let page_job = |i: usize| -> Result<PageInfo> {
        let p = &site.pages[i];
        let (body, mut diags) = source.body(site, i);
        let (files, mut d) = page_files(&prep, i, &body);
        for f in files {
            put(f)?;
        }
        diags.append(&mut d);
        prints.add(i, || html_for_print(site, i, &body), sink)?;
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
                root_links: Cow::Borrowed(&b.root_links),
                search,
                diags,
            },
            Cow::Owned(b) => PageInfo {
                anchors: Cow::Owned(b.anchors),
                refs: Cow::Owned(b.anchor_refs),
                root_links: Cow::Owned(b.root_links),
                search,
                diags,
            },
        })
    };
    let mut infos: Vec<PageInfo> = in_guide_order(site, page_job)
        .into_iter()
        .collect::<Result<_>>()?;

    let mut diags: Vec<Diagnostic> = infos.iter().flat_map(|i| i.diags.iter().cloned()).collect();
    let anchors: Vec<PageAnchors> = infos
        .iter()
        .map(|i| PageAnchors {
            ids: &i.anchors,
            refs: &i.refs,
        })
        .collect();
    diags.extend(broken_anchors(site, &anchors)?);
    diags.extend(print_diags);

    // Site-wide outputs.
    let files = site_files(site);
    let entries: Vec<String> = infos
        .iter_mut()
        .map(|i| std::mem::take(&mut i.search))
        .collect();
    let results: Vec<Result<Option<Diagnostic>>> = files
        .par_iter()
        .filter(|(_, file)| file.is_template())
        .map(|(path, file)| match site_file(&prep, *file, &entries) {
            Ok(bytes) => sink.put(path.clone(), bytes).map(|()| None),
            Err(d) => Ok(Some(d)),
        })
        .collect();
    for r in results {
        diags.extend(r?);
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    for (path, file) in files.into_iter().filter(|(_, f)| !f.is_template()) {
        if let Ok(bytes) = site_file(&prep, file, &entries) {
            sink.put(path, bytes)?;
        }
    }
    for (path, bytes) in static_files(theme)? {
        sink.put(path, bytes)?;
    }
    Ok(infos
        .into_iter()
        .map(|i| i.root_links.into_owned())
        .collect())
}

/// Page `i`'s own files (its page, and its checklist page if it has one),
/// showing `body`, its rendered Markdown; template errors as diagnostics.
pub(crate) fn page_files(
    prep: &Prepared,
    i: usize,
    body: &Rendered,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let p = &prep.site.pages[i];
    let jobs = [
        Some(Job::Page(i)),
        p.has_checklist().then_some(Job::Checklist(i)),
    ];
    let (mut files, mut diags) = (Vec::new(), Vec::new());
    for job in jobs.into_iter().flatten() {
        match render_job(prep, job, body) {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}

/// A file of the site that belongs to no page and no guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFile {
    /// The home page, when there is no `content/_index.md`.
    Home,
    /// `404.html`.
    NotFound,
    /// The search index.
    SearchIndex,
    /// `.nojekyll`.
    NoJekyll,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The Atom feed.
    Atom,
}

impl SiteFile {
    /// Whether a template makes it (and may fail).
    pub fn is_template(self) -> bool {
        matches!(self, SiteFile::Home | SiteFile::NotFound)
    }
}

/// The files of `site` that belong to no page and no guide, by path.
pub(crate) fn site_files(site: &Site) -> Vec<(String, SiteFile)> {
    let mut files = Vec::new();
    if site.guides[0].index.is_none() {
        files.push((String::from("index.html"), SiteFile::Home));
    }
    files.push(("404.html".into(), SiteFile::NotFound));
    if site.config.search {
        files.push((search::INDEX_PATH.into(), SiteFile::SearchIndex));
    }
    files.push((".nojekyll".into(), SiteFile::NoJekyll));
    if site.config.base_url().is_some() {
        files.push(("sitemap.xml".into(), SiteFile::Sitemap));
        files.push(("robots.txt".into(), SiteFile::Robots));
    }
    if metadata::has_feed(site) {
        files.push(("atom.xml".into(), SiteFile::Atom));
    }
    files
}

/// The bytes of `file`; the search index is made of `entries`, every
/// page's search entries in page order.
pub(crate) fn site_file(
    prep: &Prepared,
    file: SiteFile,
    entries: &[impl AsRef<str>],
) -> Result<Vec<u8>, Diagnostic> {
    let site = prep.site;
    let empty = Rendered::default();
    let base = || site.config.base_url().unwrap_or_default();
    Ok(match file {
        SiteFile::Home => render_job(prep, Job::Home, &empty)?.bytes,
        SiteFile::NotFound => render_job(prep, Job::NotFound, &empty)?.bytes,
        SiteFile::SearchIndex => search::index(site, entries),
        SiteFile::NoJekyll => Vec::new(),
        SiteFile::Sitemap => metadata::sitemap(site, &base()).into_bytes(),
        SiteFile::Robots => metadata::robots(&base()).into_bytes(),
        SiteFile::Atom => metadata::atom(site, &base())
            .unwrap_or_default()
            .into_bytes(),
    })
}

/// The pages of guide `g`'s print page, in order: its overview, then its
/// pages.
pub(crate) fn print_members(site: &Site, g: usize) -> Vec<usize> {
    let guide = &site.guides[g];
    guide.index.iter().chain(&guide.pages).copied().collect()
}

/// Runs guide `g`'s print template with a placeholder for each page's HTML
/// (so the guide's whole text is never copied into the template context),
/// ready to take the pages' HTML.
pub(crate) fn print_assembly(prep: &Prepared, g: usize) -> Result<Assembly, Diagnostic> {
    let site = prep.site;
    let guide = &site.guides[g];
    let members = print_members(site, g);
    let sections: Vec<_> = members
        .iter()
        .map(|&i| prep.views.print_section(i, print::marker(i)))
        .collect();
    let path = guide.print_path.as_str();
    let title = guide.index.map_or(site.config.title.as_str(), |i| {
        site.pages[i].meta.title.as_str()
    });
    let mut view = synthetic_page(site, title, path);
    view.canonical = site.config.base_url().map(|b| absolute(&b, path));
    let mut ctx = tera::Context::new();
    ctx.insert("page", &view);
    ctx.insert("sections", &sections);
    ctx.insert_value("guide", prep.views.guides[g].clone());
    let file = finish(prep, ctx, "print.html".into(), path.to_string(), None)?;
    let html = String::from_utf8_lossy(&file.bytes);
    Ok(Assembly::new(file.path, &html, &members))
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

/// Renders one output; page and checklist jobs show `body`, the page's
/// rendered Markdown.
fn render_job(prep: &Prepared, job: Job, body: &Rendered) -> Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let mut ctx = tera::Context::new();
    let (template, current, source): (String, String, Option<&Page>) = match job {
        Job::Page(i) => {
            let p = &site.pages[i];
            ctx.insert("page", &prep.views.page(i, body));
            ctx.insert_value("guide", prep.views.guides[p.guide].clone());
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
            ctx.insert("page", &prep.views.page(i, body));
            ctx.insert_value("guide", prep.views.guides[p.guide].clone());
            let path = p.checklist_path.clone().unwrap_or_default();
            ("checklist.html".into(), path, Some(p))
        }
        Job::Home | Job::NotFound => {
            let (path, template, title) = if let Job::Home = job {
                ("", "index.html", site.config.title.as_str())
            } else {
                ("404.html", "404.html", "Page not found")
            };
            ctx.insert("page", &synthetic_page(site, title, path));
            ctx.insert_value("guide", prep.views.guides[0].clone());
            (template.into(), path.into(), None)
        }
    };
    finish(prep, ctx, template, current, source)
}

/// Runs `template` for the page at URL path `current` and names the file.
fn finish(
    prep: &Prepared,
    mut ctx: tera::Context,
    template: String,
    current: String,
    source: Option<&Page>,
) -> Result<OutputFile, Diagnostic> {
    let depth = current.matches('/').count();
    ctx.insert("root", &"../".repeat(depth));
    ctx.insert("current", &current);
    let html = prep.tera.render(&template, &ctx).map_err(|e| {
        let mut d = templates::diagnose(prep.theme, &e, source.map(|p| p.source.as_path()));
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
