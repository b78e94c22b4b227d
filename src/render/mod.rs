//! Render stage. In: a loaded [`Site`] and its [`Theme`]. Out: every file
//! of the built site, each handed to a [`Sink`] as soon as it is rendered:
//! `build` writes them straight to disk, `check` keeps them in memory
//! ([`Collect`]), `serve` keeps what later edits need ([`Kept`]: per page,
//! the parts of the site-wide files; per guide, its print page) and renders
//! pages again when asked for. Broken links between pages, broken anchors,
//! control characters written as character references (`controls.rs`) and
//! template errors come back as diagnostics, all of them at once.
//!
//! Each page's Markdown ([`markdown`]) is rendered inside that page's job (in
//! parallel, `jobs.rs`) and dropped once its templates have run and its HTML
//! has gone into its guide's print page ([`print`](mod@print)), so a large site never
//! sits in memory whole; only what the checks need and the search entries
//! ([`search`]) are kept. Templates only ever see the small serializable
//! views (`views.rs`), never the model. [`metadata`] writes the structured
//! data, sitemap and feed; [`templates`] compiles the theme.

mod controls;
mod jobs;
mod kept;
mod links;
pub mod markdown;
pub mod metadata;
pub mod print;
mod rendered;
pub mod search;
pub mod sections;
pub mod templates;
mod terms;
mod views;

pub use kept::{Kept, Rerendered};

use crate::check::RootLink;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{Site, Theme};
use crate::sync::lock;
use jobs::{render, Source};
use markdown::Rendered;
use rayon::prelude::*;
use std::collections::BTreeMap;
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

/// Every page's Markdown, rendered, with the problems found in it (broken
/// `.md` links): `check` keeps it to inspect after the render.
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

    /// The problems found in page `i`'s Markdown.
    pub fn diagnostics(&self, i: usize) -> &[Diagnostic] {
        &self.diags[i]
    }

    /// Renders the Markdown of every page of `site`, in parallel.
    pub fn render(site: &Site) -> Self {
        let (rendered, diags) = (0..site.pages.len())
            .into_par_iter()
            .map(|i| markdown::render(site, i))
            .unzip();
        Bodies { rendered, diags }
    }
}

/// Compiles `theme`'s templates for `site`: their errors, before anything
/// is rendered.
pub fn check_templates(site: &Site, theme: &Theme) -> Result<()> {
    jobs::compile(site, theme).map(|_| ())
}

/// The files copied as they are: the theme's assets, then the site's
/// `static/` on top.
pub fn static_files(theme: &Theme) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme.assets.clone();
    for (rel, path) in &theme.site_static {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        files.insert(rel.clone(), bytes);
    }
    Ok(files)
}

/// Renders every page of `site` with `theme`, in memory, keeping every
/// page's text (the site can be rendered again). Reports every broken
/// link, anchor, checklist target and template error found.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    render_from(site, theme, &Bodies::default())
}

/// Renders every file of `site` into `sink`, rendering each page's Markdown
/// only for as long as it is needed (the lowest-memory path, used by `build`).
/// Returns each page's links to the site root (by page index), for the
/// link check to report a broken one where it is written.
pub fn render_into(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<Vec<Vec<RootLink>>> {
    render(site, theme, Source::OnDemand, sink)
}

/// Renders every file of `site` from Markdown already rendered in `bodies`,
/// through the same code as [`render_into`]: the result is exactly
/// [`render_site`]'s.
pub fn render_from(site: &Site, theme: &Theme, bodies: &Bodies) -> Result<Vec<OutputFile>> {
    let fresh;
    let bodies = if bodies.rendered.len() == site.pages.len() {
        bodies
    } else {
        fresh = Bodies::render(site);
        &fresh
    };
    let sink = Collect::default();
    render(site, theme, Source::Kept(bodies), &sink)?;
    Ok(sink.into_files())
}
