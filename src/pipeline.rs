//! The commands' pipelines: load → render → check → write. `build` runs all
//! four, `check` inspects instead of writing; `serve` (in `serve/`) keeps the
//! stages' results in memory between saves, and `import` produces the
//! content files that load reads.

use crate::check::{self, BodyFacts, LinkIndex, OUTPUT_LABEL};
use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, theme, LoadOptions, Site, Theme};
use crate::render::{self, Bodies, OutputFile, Sink};
use crate::sync::lock;
use crate::write::{self, Staging};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
pub fn load(root: &Path, drafts: bool, base_url: Option<String>) -> Result<(Site, Theme)> {
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
    let indexed = Indexed {
        staging: &staging,
        index: Mutex::new(LinkIndex::default()),
    };
    render::render_into(&site, &theme, &indexed)?;
    let index = indexed.index();
    let broken = index.check(&|path| staging.read(path), &out_label(&opts.root, &out));
    if !broken.is_empty() {
        return Err(Error::Input(broken));
    }
    let (files, pages) = index.counts();
    staging.commit()?;
    Ok(BuildReport {
        pages,
        files,
        out,
        elapsed: start.elapsed(),
    })
}

/// A [`Sink`] that writes each file into the staging folder and keeps what
/// the link check needs of it: the file itself goes straight to disk.
struct Indexed<'a> {
    staging: &'a Staging,
    index: Mutex<LinkIndex>,
}

impl Indexed<'_> {
    fn index(self) -> LinkIndex {
        self.index.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Indexed<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        let info = check::info_of(&path, &bytes);
        self.staging.write(&path, &bytes)?;
        // Indexed as it comes, while other threads render: the index keeps
        // its links as numbers, so nothing large waits for the end.
        lock(&self.index).insert(path, info);
        Ok(())
    }
}

/// Runs everything `build` validates plus the publishing checks, without
/// writing anything. Returns the problems found (empty when all is well).
pub fn check(root: &Path, drafts: bool) -> Result<Vec<Diagnostic>> {
    let rendered = load(root, drafts, None).and_then(|(site, theme)| {
        // Markdown is rendered once and kept: the checks look at it again.
        let bodies = Bodies::render(&site);
        let files = render::render_from(&site, &theme, &bodies)?;
        let facts: Vec<BodyFacts> = (0..site.pages.len())
            .map(|i| {
                let b = bodies.get(i);
                BodyFacts {
                    h1_offsets: &b.h1_offsets,
                    images: &b.images,
                }
            })
            .collect();
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        Ok(check::inspect(&site, &facts, &files, OUTPUT_LABEL))
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
