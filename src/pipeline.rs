//! The commands' pipelines: load → render → check → write. `build` runs all
//! four, `check` inspects instead of writing; `serve` (in `serve/`) keeps the
//! stages' results in memory between saves, and `import` produces the
//! content files that load reads.

use crate::check::{self, BodyFacts, ContentLinks, LinkIndex, OUTPUT_LABEL};
pub use crate::check::{ExternalOptions, ExternalSummary};
use crate::error::{Diagnostic, Error, Result};
use crate::hash::ContentHash;
use crate::load::{self, theme, Date, LoadOptions, PageId, Site, Theme};
use crate::render::{self, Collect, Discard, Sink, Work};
use crate::sync::lock;
use crate::write::{self, Update};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Where to write; defaults to `<root>/output`.
    pub out: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// How the output folder may be treated (`--force-clean`), and who is
    /// told when the build waits for another build of the same folder.
    pub output: write::Options,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files of the site.
    pub files: usize,
    /// What changed in the output folder: files written (new or changed
    /// bytes), unchanged (not rewritten, time kept) and removed.
    pub changes: write::Changes,
    /// The output folder.
    pub out: PathBuf,
    /// Wall time from start to the swap.
    pub elapsed: Duration,
}

/// Loads the site and its theme: the first stage of every command.
///
/// When some files do not load (a content file, or a theme or `static/`
/// file behind a bad link), what did load is still rendered (in memory,
/// written nowhere) so that its problems are reported in the same run: one
/// run shows a YAML error in one file and a broken link in another. Links
/// to the files that failed are left unchecked, and the rendered files are
/// not link-checked: without the failed pages, that check would report
/// links to them as broken. Nothing is rendered when `site.yaml` failed:
/// with default settings in its place, the render could fail where the
/// real one would not.
pub fn load(root: &Path, drafts: bool, base_url: Option<String>) -> Result<(Site, Theme)> {
    let loaded = load::load_all(root, &LoadOptions { drafts, base_url })?;
    let mut problems = loaded.problems;
    let theme = match theme::load_all(root, &loaded.site.config.theme) {
        Ok((theme, mut more)) => {
            problems.append(&mut more);
            Some(theme)
        }
        Err(Error::Input(mut more)) => {
            problems.append(&mut more);
            None
        }
        Err(e) if problems.is_empty() => return Err(e),
        Err(_) => None,
    };
    match theme {
        Some(theme) if problems.is_empty() => return Ok((loaded.site, theme)),
        Some(theme) if loaded.settings_ok => {
            let work = Work::build();
            if let Err(Error::Input(mut more)) =
                render::render(&loaded.site, &theme, &work, &Discard)
            {
                problems.append(&mut more);
            }
        }
        _ => {}
    }
    Err(Error::Input(problems))
}

/// Loads and renders the site in memory: everything but writing (what
/// `serve`'s tests compare with).
#[cfg(test)]
pub(crate) fn render(
    root: &Path,
    drafts: bool,
    base_url: Option<String>,
) -> Result<(Site, Vec<render::OutputFile>)> {
    let (site, theme) = load(root, drafts, base_url)?;
    let sink = Collect::default();
    render::render(&site, &theme, &Work::everything(), &sink)?;
    Ok((site, sink.into_files()))
}

/// Builds the site into its output folder, atomically, writing only the
/// files whose bytes changed.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("output"));
    write::check_target(&opts.root, &out)?;
    let label = out_label(&opts.root, &out);
    // Files go to the spare generation as they are rendered; it replaces the
    // output only if everything, links included, is right. Getting it ready
    // (a walk of the spare folder, the manifests) needs only the output
    // folder, so it runs while the site loads.
    let (loaded, update) = std::thread::scope(|s| {
        let update = s.spawn(|| Update::begin(&out, &label, opts.output));
        let loaded = load(&opts.root, opts.drafts, opts.base_url.clone());
        (loaded, update.join())
    });
    let (site, theme) = loaded?;
    let update = update.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let indexed = Indexed {
        update: &update,
        index: Mutex::new(LinkIndex::default()),
    };
    let facts = render::render(&site, &theme, &Work::build(), &indexed)?;
    // Only the root links are needed from here: the rest goes before the
    // link check, which holds the index of every file.
    let mut root_links = vec![Vec::new(); site.pages.bound()];
    for (id, f) in facts.pages {
        root_links[id.index()] = f.root_links;
    }
    let index = indexed.index();
    let links_of = |id: PageId| root_links[id.index()].as_slice();
    let content = ContentLinks::new(&site, &links_of);
    let broken = index.check(&|path| update.read(path), &label, &content)?;
    if !broken.is_empty() {
        return Err(Error::Input(broken));
    }
    let (files, pages) = index.counts();
    let changes = update.commit()?;
    Ok(BuildReport {
        pages,
        files,
        changes,
        out,
        elapsed: start.elapsed(),
    })
}

/// A [`Sink`] that hands each file to the output update and keeps what the
/// link check needs of it: the file itself is not kept.
struct Indexed<'a> {
    update: &'a Update,
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
        self.update.put(&path, &bytes)?;
        // Indexed as it comes, while other threads render: the index keeps
        // its links as numbers, so nothing large waits for the end.
        lock(&self.index).insert(path, info);
        Ok(())
    }

    /// A static file: an HTML one is read, for the link check to see its
    /// links and ids; any other is copied (or not even read, when the
    /// output already has it) and indexed by its path alone.
    fn put_file(&self, path: String, source: &Path) -> Result<ContentHash> {
        if check::is_indexed(&path) {
            let bytes = std::fs::read(source).map_err(|e| Error::io(source, e))?;
            let hash = ContentHash::of(&bytes);
            self.put(path, bytes)?;
            return Ok(hash);
        }
        let hash = self.update.put_file(&path, source)?;
        lock(&self.index).insert(path, None);
        Ok(hash)
    }
}

/// What `stepwise check` looks at.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Include drafts.
    pub drafts: bool,
    /// Also ask the server behind every http(s) link (`--external`). With
    /// `None`, nothing goes to the network.
    pub external: Option<ExternalOptions>,
}

/// What `stepwise check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Errors and warnings, the site's own first, then those of outside
    /// links (empty when all is well).
    pub problems: Vec<Diagnostic>,
    /// Reminders that do not fail `check`: placeholders left in
    /// `site.yaml`, sources checked too long ago.
    pub warnings: Vec<Diagnostic>,
    /// What the outside link check did: `None` when it was not asked for,
    /// or when the site did not render (its problems come first).
    pub external: Option<ExternalSummary>,
}

/// Runs everything `build` validates plus the publishing checks, without
/// writing anything, and the reminders (judged on today's date: see
/// `SOURCE_DATE_EPOCH` in the README), and, when asked, checks the outside
/// links (keeping their answers in the sidecar of `<root>/output`).
pub fn check(root: &Path, opts: &CheckOptions) -> Result<CheckReport> {
    let drafts = opts.drafts;
    let mut warnings = Vec::new();
    let rendered = load(root, drafts, None).and_then(|(site, theme)| {
        warnings = check::reminders(&site, Date::today())?;
        // What the publishing checks look at again comes back with the render.
        let sink = Collect::default();
        let fresh = render::render(&site, &theme, &Work::everything(), &sink)?;
        let files = sink.into_files();
        let facts = |id| match fresh.page(id) {
            Some(f) => BodyFacts {
                h1_offsets: &f.h1_offsets,
                images: &f.images,
                root_links: &f.root_links,
            },
            None => BodyFacts::default(),
        };
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        let mut problems = check::inspect(&site, &facts, &files, OUTPUT_LABEL)?;
        let mut external = None;
        if let Some(ext) = &opts.external {
            // Where the output folder cannot have its sidecar (a read-only
            // checkout), every link is asked each time.
            let cache = write::sidecar(&root.join(OUTPUT_LABEL))
                .ok()
                .map(|dir| dir.join("external-links.json"));
            let links_of = |id| {
                fresh
                    .page(id)
                    .map_or(&[][..], |f| f.external_links.as_slice())
            };
            let (mut found, summary) = check::check_external(
                &site,
                &links_of,
                &files,
                OUTPUT_LABEL,
                ext,
                cache.as_deref(),
            );
            problems.append(&mut found);
            external = Some(summary);
        }
        Ok((problems, external))
    });
    let (problems, external) = match rendered {
        Ok(found) => found,
        Err(Error::Input(diags)) => (diags, None),
        Err(e) => return Err(e),
    };
    Ok(CheckReport {
        problems,
        warnings,
        external,
    })
}

/// How the output folder is named in messages: relative to the root when inside it.
fn out_label(root: &Path, out: &Path) -> String {
    out.strip_prefix(root)
        .unwrap_or(out)
        .to_string_lossy()
        .replace('\\', "/")
}
