//! The pipeline: load → render → write. `build` runs all three; `serve` and
//! `check` reuse [`render()`] and do something else with the files.

use crate::check;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, LoadOptions, Site};
use crate::load::{theme, Theme};
use crate::render::markdown::Rendered;
use crate::render::{self, Bodies, OutputFile};
use crate::write::{self, Staging};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Where to write; defaults to `<root>/output`.
    pub out: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// The output folder.
    pub out: PathBuf,
    /// Wall time from start to the swap.
    pub elapsed: Duration,
}

/// Loads the site and its theme: the first stage of every command.
fn load(root: &Path, drafts: bool, base_url: Option<String>) -> Result<(Site, Theme)> {
    let site = load::load(root, &LoadOptions { drafts, base_url })?;
    let theme = theme::load(root, &site.config.theme)?;
    Ok((site, theme))
}

/// Loads and renders the site in memory: everything but writing.
pub fn render(
    root: &Path,
    drafts: bool,
    base_url: Option<String>,
) -> Result<(Site, Vec<OutputFile>)> {
    let (site, theme) = load(root, drafts, base_url)?;
    let files = render::render_site(&site, &theme)?;
    Ok((site, files))
}

/// Builds the site into its output folder, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("output"));
    write::check_target(&opts.root, &out)?;
    let (site, theme) = load(&opts.root, opts.drafts, opts.base_url.clone())?;
    // Files go to disk as they are rendered; the folder replaces the output
    // only if everything, links included, is right.
    let staging = Staging::new(&out)?;
    render::render_into(&site, &theme, &staging)?;
    let broken = staging.link_problems(&out_label(&opts.root, &out));
    if !broken.is_empty() {
        return Err(Error::Input(broken));
    }
    let (files, pages) = staging.counts();
    staging.commit()?;
    Ok(BuildReport {
        pages,
        files,
        out,
        elapsed: start.elapsed(),
    })
}

/// Runs everything `build` validates plus the publishing checks, without
/// writing anything. Returns the problems found (empty when all is well).
pub fn check(root: &Path, drafts: bool) -> Result<Vec<Diagnostic>> {
    let rendered = load(root, drafts, None).and_then(|(site, theme)| {
        // Markdown is rendered once and kept: the checks look at it again.
        let bodies = Bodies::render(&site);
        let files = render::render_selected(&site, &theme, &bodies, None)?;
        let bodies: Vec<&Rendered> = (0..site.pages.len()).map(|i| bodies.get(i)).collect();
        Ok(check::inspect(&site, &bodies, &files, "output"))
    });
    match rendered {
        Ok(problems) => Ok(problems),
        Err(Error::Input(diags)) => Ok(diags),
        Err(e) => Err(e),
    }
}

/// How the output folder is named in messages: relative to the root when inside it.
fn out_label(root: &Path, out: &Path) -> String {
    out.strip_prefix(root)
        .unwrap_or(out)
        .to_string_lossy()
        .replace('\\', "/")
}
