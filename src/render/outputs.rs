//! What a render makes of a site: each page's own files (its page, its
//! checklist page), each guide's print page (run once with a placeholder
//! per page, see [`print`](super::print)), and the files of the whole site
//! ([`SiteFile`]), each from the small views templates see.
//!
//! A new site-wide file is a new [`SiteFile`]: its path in [`site_files`]
//! and its bytes in [`site_file`]; the driver makes it for `build`, `check`
//! and `serve` alike. A site file may be split over several files made
//! together (the search index: its term files and `search/meta.js`), each
//! listed under its own path. One made from every other file of the render
//! (the offline worker's list, [`SiteFile::is_last`]) is made once they all
//! are.

use super::calendar;
use super::markdown::Rendered;
use super::metadata;
use super::offline;
use super::print::{self, Assembly};
use super::search::{fragment_paths, index_files, index_paths, Indexed, Numbers, DIR};
use super::sink::{Noted, OutputFile};
use super::templates;
use super::views::{synthetic_page, SiteView, Views};
use crate::error::{Diagnostic, Error, Result};
use crate::load::{Page, PageId, Site, Theme};
use crate::url::absolute;
use std::collections::{BTreeMap, HashMap};

/// What every file of a render is made from: the site, its theme, its
/// compiled templates and the views templates see.
pub(crate) struct RenderInput<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) views: Views<'a>,
    pub(crate) tera: &'a tera::Tera,
}

/// The theme's templates compiled for `site`, with its settings as `site`.
pub(crate) fn compile(site: &Site, theme: &Theme) -> Result<tera::Tera> {
    let mut tera = templates::compile(
        theme,
        site.config.portable,
        site.config.parsed.dates.clone(),
    )?;
    tera.global_context().insert("site", &SiteView::of(site));
    Ok(tera)
}

/// An output of a page, or of the site as a whole.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(PageId),
    Checklist(PageId),
    Home,
    NotFound,
    Search,
}

/// Page `id`'s own files (its page, its checklist page if it has one, and
/// that checklist's calendar file if it has a dated item), showing `body`,
/// its rendered Markdown; template errors as diagnostics.
pub(crate) fn page_files(
    prep: &RenderInput,
    id: PageId,
    body: &Rendered,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let p = &prep.site.pages[id];
    let jobs = [
        Some(Job::Page(id)),
        p.has_checklist().then_some(Job::Checklist(id)),
    ];
    let (mut files, mut diags) = (Vec::new(), Vec::new());
    for job in jobs.into_iter().flatten() {
        match render_job(prep, job, body) {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if let Some(path) = calendar::page_calendar_path(p) {
        files.push(OutputFile {
            path,
            bytes: calendar::page_calendar(prep.site, id),
        });
    }
    (files, diags)
}

/// A file of the site that belongs to no page and no guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SiteFile {
    /// The home page, when there is no `content/_index.md`.
    Home,
    /// `404.html`.
    NotFound,
    /// The search index's term files and `search/meta.js` (the fragments
    /// are made with their pages).
    SearchIndex,
    /// The search results page, `search/index.html`.
    SearchPage,
    /// `.nojekyll`.
    NoJekyll,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The Atom feed.
    Atom,
    /// A guide's calendar file (`dates.ics`), by guide index.
    GuideCalendar(usize),
    /// The web app manifest (offline reading).
    Manifest,
    /// The service worker that keeps the site for reading offline: made
    /// last, from every other file the render made ([`Self::is_last`]).
    Worker,
    /// The service worker of a site without offline reading, which takes
    /// away a worker an earlier build installed.
    RetiredWorker,
}

impl SiteFile {
    /// What it is, for messages (`404 page`).
    pub(crate) fn describe(self) -> &'static str {
        match self {
            SiteFile::Home => "home page",
            SiteFile::NotFound => "404 page",
            SiteFile::SearchIndex => "search index",
            SiteFile::SearchPage => "search results page",
            SiteFile::NoJekyll => ".nojekyll file",
            SiteFile::Sitemap => "sitemap",
            SiteFile::Robots => "robots.txt",
            SiteFile::Atom => "Atom feed",
            SiteFile::GuideCalendar(_) => "guide's calendar file",
            SiteFile::Manifest => "web app manifest",
            SiteFile::Worker | SiteFile::RetiredWorker => "service worker",
        }
    }

    /// Whether a template makes it (and may fail).
    pub(crate) fn is_template(self) -> bool {
        matches!(
            self,
            SiteFile::Home | SiteFile::NotFound | SiteFile::SearchPage
        )
    }

    /// Whether it is made from every other file of the render, once they
    /// are all made (see [`site_file`]).
    pub(crate) fn is_last(self) -> bool {
        self == SiteFile::Worker
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
        files.push((format!("{DIR}index.html"), SiteFile::SearchPage));
        files.extend(
            index_paths(site)
                .into_iter()
                .map(|p| (p, SiteFile::SearchIndex)),
        );
    }
    files.push((".nojekyll".into(), SiteFile::NoJekyll));
    if site.config.base_url().is_some() {
        files.push(("sitemap.xml".into(), SiteFile::Sitemap));
        files.push(("robots.txt".into(), SiteFile::Robots));
    }
    if metadata::has_feed(site) {
        files.push(("atom.xml".into(), SiteFile::Atom));
    }
    for g in 0..site.guides.len() {
        if let Some(path) = calendar::guide_calendar_path(site, g) {
            files.push((path, SiteFile::GuideCalendar(g)));
        }
    }
    if site.config.offline {
        files.push((offline::MANIFEST_PATH.into(), SiteFile::Manifest));
        files.push((offline::WORKER_PATH.into(), SiteFile::Worker));
    } else {
        files.push((offline::WORKER_PATH.into(), SiteFile::RetiredWorker));
    }
    files
}

/// The problems of the files copied as they are that would take the path of
/// a file the site makes (a page, a checklist or print page, the 404 page,
/// the search index, its fragments and results page...): a static file
/// `faq/index.html` and a page `faq.md`. One for each such file, named
/// where it is.
pub(crate) fn static_collisions(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let mut made: HashMap<String, String> = HashMap::new();
    for p in site.pages.iter() {
        let source = crate::shown::path(&p.source);
        made.insert(
            format!("{}index.html", p.path),
            format!("the page of {source}"),
        );
        if let Some(c) = &p.checklist_path {
            made.insert(
                format!("{c}index.html"),
                format!("the checklist page of {source}"),
            );
        }
    }
    if site.config.print {
        for g in &site.guides {
            made.insert(
                format!("{}index.html", g.print_path),
                "a guide's print page".into(),
            );
        }
    }
    if site.config.search {
        for (path, id) in fragment_paths(&Numbers::of(site)) {
            let source = crate::shown::path(&site.pages[id].source);
            made.insert(path, format!("a search fragment of {source}"));
        }
    }
    for (path, file) in site_files(site) {
        made.insert(path, format!("the site's {}", file.describe()));
    }
    // A site's static file replaces the theme's of the same name; the
    // default theme's files never take a path the site makes.
    let from_site = theme
        .site_static
        .iter()
        .map(|(rel, _)| (format!("static/{rel}"), rel));
    let from_theme = theme
        .assets
        .keys()
        .filter(|rel| !theme.site_static.iter().any(|(r, _)| r == *rel))
        .map(|rel| (format!("themes/{}/static/{rel}", site.config.theme), rel));
    let mut diags = Vec::new();
    for (shown, rel) in from_site.chain(from_theme) {
        if let Some(what) = made.get(rel.as_str()) {
            diags.push(
                Diagnostic::file(
                    &shown,
                    format!("this file would be written to {rel}, where {what} goes"),
                )
                .with_hint(
                    "rename or move the file (or give the page another `slug:`): two files cannot have one path",
                ),
            );
        }
    }
    diags
}

/// The files copied as they are: the theme's assets, then the site's
/// `static/` on top, and the files beside the pages under `content/`. A
/// file of `static/` and one of `content/` published at the same path are
/// an error naming both ([`bundle_clashes`]). Without search, the theme's
/// search script is left out ([`theme_assets`]).
pub(crate) fn static_files(site: &Site, theme: &Theme) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme_assets(site, theme)
        .map(|(rel, bytes)| (rel.clone(), bytes.clone()))
        .collect();
    let read = |path: &std::path::Path| std::fs::read(path).map_err(|e| Error::io(path, e));
    for (rel, path) in &theme.site_static {
        files.insert(rel.clone(), read(path)?);
    }
    let clashes = bundle_clashes(site, theme);
    if !clashes.is_empty() {
        return Err(Error::Input(clashes));
    }
    for file in site.content_files.values() {
        files.insert(file.path.clone(), read(&file.source)?);
    }
    Ok(files)
}

/// The theme's assets the site publishes: all of them but, without
/// search, the search script (nothing links to it).
pub(crate) fn theme_assets<'t>(
    site: &Site,
    theme: &'t Theme,
) -> impl Iterator<Item = (&'t String, &'t Vec<u8>)> {
    let search = site.config.search;
    theme
        .assets
        .iter()
        .filter(move |(rel, _)| search || rel.as_str() != "search.js")
}

/// Each file beside the pages under `content/` published at the path of a
/// file of `static/`, as an error naming both.
pub(crate) fn bundle_clashes(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let in_static: std::collections::HashSet<&str> =
        theme.site_static.iter().map(|(s, _)| s.as_str()).collect();
    site.content_files
        .iter()
        .filter(|(_, file)| in_static.contains(file.path.as_str()))
        .map(|(rel, file)| {
            Diagnostic::file(
                format!("content/{rel}"),
                format!(
                    "this file and static/{} would both be published as {}",
                    file.path, file.path
                ),
            )
            .with_hint("rename or move one of the two files")
        })
        .collect()
}

/// What [`site_file`] makes a site file from, besides the site.
pub(crate) struct SiteFileInput<'a, 'b> {
    /// How the search index numbers pages and documents.
    pub(crate) numbers: &'b Numbers,
    /// What the search index kept of each page.
    pub(crate) indexed: &'b (dyn Fn(PageId) -> Option<&'a Indexed> + Sync),
    /// Every other file the render made, for the offline worker (empty
    /// for the others).
    pub(crate) emitted: &'b [Noted],
}

/// The files `file`, listed at `path`, makes: one, or for the search index
/// every one of its files, made from what it kept of each page; the
/// offline worker from every other file the render made.
pub(crate) fn site_file(
    prep: &RenderInput,
    path: &str,
    file: SiteFile,
    from: &SiteFileInput,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let site = prep.site;
    let empty = Rendered::default();
    let base = || site.config.base_url().unwrap_or_default();
    let bytes = match file {
        SiteFile::SearchIndex => return Ok(index_files(site, from.numbers, from.indexed)),
        SiteFile::Home => render_job(prep, Job::Home, &empty)?.bytes,
        SiteFile::NotFound => render_job(prep, Job::NotFound, &empty)?.bytes,
        SiteFile::SearchPage => render_job(prep, Job::Search, &empty)?.bytes,
        SiteFile::NoJekyll => Vec::new(),
        SiteFile::Sitemap => metadata::sitemap(site, &base()).into_bytes(),
        SiteFile::Robots => metadata::robots(&base()).into_bytes(),
        SiteFile::Atom => metadata::atom(site, &base())
            .unwrap_or_default()
            .into_bytes(),
        SiteFile::GuideCalendar(g) => calendar::guide_calendar(site, g),
        SiteFile::Manifest => offline::manifest(&site.config),
        SiteFile::Worker => offline::worker(&site.config, from.emitted),
        SiteFile::RetiredWorker => offline::RETIRED.as_bytes().to_vec(),
    };
    Ok(vec![(path.to_string(), bytes)])
}

/// The pages of guide `g`'s print page, in order: its overview, then its
/// pages.
pub(crate) fn print_members(site: &Site, g: usize) -> Vec<PageId> {
    let guide = &site.guides[g];
    guide.index.iter().chain(&guide.pages).copied().collect()
}

/// Runs guide `g`'s print template with a placeholder for each page's HTML
/// (so the guide's whole text is never copied into the template context),
/// ready to take the pages' HTML.
pub(crate) fn print_assembly(prep: &RenderInput, g: usize) -> Result<Assembly, Diagnostic> {
    let site = prep.site;
    let guide = &site.guides[g];
    let members = print_members(site, g);
    let sections: Vec<_> = members
        .iter()
        .map(|&id| prep.views.print_section(id, print::marker(id)))
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

/// Renders one output; page and checklist jobs show `body`, the page's
/// rendered Markdown.
fn render_job(prep: &RenderInput, job: Job, body: &Rendered) -> Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let mut ctx = tera::Context::new();
    let (template, current, source): (String, String, Option<&Page>) = match job {
        Job::Page(id) => {
            let p = &site.pages[id];
            ctx.insert("page", &prep.views.page(id, body));
            ctx.insert_value("guide", prep.views.guides[p.guide].clone());
            let default = match (p.is_index, p.path.is_empty()) {
                (true, true) => "index.html",
                (true, false) => "guide.html",
                _ => "page.html",
            };
            let t = p.meta.template.clone().unwrap_or_else(|| default.into());
            (t, p.path.clone(), Some(p))
        }
        Job::Checklist(id) => {
            let p = &site.pages[id];
            ctx.insert("page", &prep.views.page(id, body));
            ctx.insert_value("guide", prep.views.guides[p.guide].clone());
            let path = p.checklist_path.clone().unwrap_or_default();
            ("checklist.html".into(), path, Some(p))
        }
        Job::Home | Job::NotFound | Job::Search => {
            let (path, template, title) = match job {
                Job::Home => ("", "index.html", site.config.title.as_str()),
                Job::Search => (DIR, "search.html", "Search"),
                _ => ("404.html", "404.html", "Page not found"),
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
    prep: &RenderInput,
    mut ctx: tera::Context,
    template: String,
    current: String,
    source: Option<&Page>,
) -> Result<OutputFile, Diagnostic> {
    let depth = current.matches('/').count();
    ctx.insert("root", &"../".repeat(depth));
    ctx.insert("current", &current);
    let shown = || {
        prep.theme
            .templates
            .get(&template)
            .map_or_else(|| template.clone().into(), |t| t.display.clone())
    };
    let running = super::progress::rendering(shown, source.map(|p| p.source.clone()));
    let html = prep.tera.render(&template, &ctx);
    drop(running);
    let html = html.map_err(|e| {
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
