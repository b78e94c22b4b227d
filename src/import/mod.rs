//! `stepwise import`: turns a guide copied from a web page (plain text) or a
//! single Markdown file into content files with front matter.
//!
//! The pipeline is plain functions over plain data:
//! [`input`] (bytes → text) → [`plain`] or [`md`] (text → [`model::Doc`]) →
//! [`pages`] (doc → pages) → [`checklist`] (a draft per step) → [`write`](mod@write)
//! (pages → Markdown files), all in memory ([`convert`]); only then does
//! [`run`] look at the output folder ([`files`]) and write, or not.

mod checklist;
mod chrome;
mod escape;
mod files;
mod input;
mod language;
mod md;
mod model;
mod paginate;
mod plain;
mod recognise;
mod summary;
mod tags;
mod write;

use crate::error::{Diagnostic, Error, Result};
use model::Doc;
use paginate::{Page, PageKind};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use summary::plural;

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The text or Markdown file to read.
    pub input: PathBuf,
    /// The folder to write content files into.
    pub into: PathBuf,
    /// Overwrite existing files.
    pub force: bool,
    /// Print what would be written, write nothing.
    pub dry_run: bool,
}

/// What an import did (or would do, with `--dry-run`).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// A human-readable summary, printed by the CLI.
    pub summary: String,
    /// The files written (or that would be), as paths under `--into`.
    pub files: Vec<PathBuf>,
}

/// One content file, computed in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// File name inside the output folder.
    pub name: String,
    /// Its page title.
    pub title: String,
    /// Its full text.
    pub text: String,
    /// Counts for the summary.
    pub counts: String,
    /// Its step number, for step pages.
    pub step: Option<u32>,
}

/// A guide converted in memory.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The parsed input.
    pub(crate) doc: Doc,
    /// The files to write, in reading order.
    pub files: Vec<OutFile>,
    /// Things the summary should say.
    pub(crate) notes: Vec<String>,
}

/// Whether `path` is read as Markdown (by its extension).
pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown"))
}

/// Converts `text`, the contents of `input`, into content files. Checklist
/// ids are kept clear of `taken` (ids already used in the site).
pub fn convert(input: &Path, text: &str, taken: &BTreeSet<String>) -> Result<Conversion> {
    let doc = if is_markdown(input) {
        md::parse(text)
    } else {
        plain::parse(text)
    };
    let pages = paginate::paginate(&doc, input, text).map_err(Error::Input)?;
    let mut used = taken.clone();
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let mut drafted = 0;
    for page in &pages {
        let draft = match page.kind {
            PageKind::Step(n) => checklist::draft(page, n, &mut used),
            _ => checklist::Draft::default(),
        };
        drafted += draft.items();
        if draft.left_out > 0 {
            notes.push(format!(
                "{}: {} more actionable {} left out of the checklist (at most {} per step)",
                page.file,
                draft.left_out,
                plural(draft.left_out, "item was", "items were"),
                checklist::MAX_ITEMS
            ));
        }
        if let Some(line) = page.closing {
            notes.push(format!(
                "the closing paragraph (line {line}) is kept at the end of {}, after a rule",
                page.file
            ));
        }
        files.push(OutFile {
            name: page.file.clone(),
            title: page.title.clone(),
            text: write::file(page, &draft),
            counts: counts(page, &draft),
            step: match page.kind {
                PageKind::Step(n) => Some(n),
                _ => None,
            },
        });
    }
    if let Some((_, line)) = &doc.keywords {
        notes.insert(0, format!("tags come from the keyword line (line {line})"));
    }
    if drafted > 0 {
        notes.push(format!(
            "the {drafted} checklist {} drafted from the text: step pages are marked `imported: true` until an editor reviews them",
            plural(drafted, "item was", "items were")
        ));
    }
    Ok(Conversion { doc, files, notes })
}

fn counts(page: &Page, draft: &checklist::Draft) -> String {
    let h = page.headings();
    let items = page.list_items();
    let base = format!(
        "{h} {}, {items} list {}",
        plural(h, "heading", "headings"),
        plural(items, "item", "items")
    );
    match page.kind {
        PageKind::Index => format!(
            "overview: {base}, {} {}",
            page.tags.len(),
            plural(page.tags.len(), "tag", "tags")
        ),
        PageKind::Step(n) => {
            let c = draft.items();
            let g = draft.groups.len();
            format!(
                "step {n}: {base}, checklist of {c} {} in {g} {}",
                plural(c, "item", "items"),
                plural(g, "group", "groups")
            )
        }
        PageKind::Faq => {
            let q = page.questions();
            format!(
                "FAQ: {q} {}, {items} list {}",
                plural(q, "question", "questions"),
                plural(items, "item", "items")
            )
        }
        PageKind::Extra => format!("closing section: {base}"),
    }
}

/// Runs an import: reads and converts the input, checks the output folder,
/// then writes every file (or, with `dry_run`, nothing).
pub fn run(opts: &ImportOptions) -> Result<ImportReport> {
    let bytes = std::fs::read(&opts.input).map_err(|e| Error::io(&opts.input, e))?;
    let text = input::decode(&opts.input, &bytes)?;
    let (text, controls) = input::drop_controls(&text);
    let first = convert(&opts.input, &text, &BTreeSet::new())?;
    let names: Vec<String> = first.files.iter().map(|f| f.name.clone()).collect();
    let writing: BTreeSet<String> = names.iter().cloned().collect();
    let site = files::scan(&opts.into, &writing);
    let conv = if site.ids.is_empty() {
        first
    } else {
        convert(&opts.input, &text, &site.ids)?
    };

    let into_is_file = opts.into.exists() && !opts.into.is_dir();
    let present = files::existing(&opts.into, &names);
    let mut problems: Vec<Diagnostic> = Vec::new();
    if into_is_file {
        problems.push(
            Diagnostic::file(&opts.into, "--into must be a folder, and this is a file")
                .with_hint("pass the content folder, e.g. --into content"),
        );
    }
    for p in &present {
        if p.is_dir() {
            problems.push(
                Diagnostic::file(p, "a folder is in the way of this file").with_hint(
                    "rename or move the folder, or import into another folder with --into",
                ),
            );
        } else if !opts.force {
            problems.push(
                Diagnostic::file(p, "already exists; the import would overwrite it").with_hint(
                    "pass --force to overwrite it, or import into another folder with --into",
                ),
            );
        }
    }
    for f in &conv.files {
        if let Some(other) = f.step.and_then(|n| site.steps.get(&n)) {
            problems.push(
                Diagnostic::file(
                    other,
                    format!(
                        "already has step {}, which the import would add again as {}",
                        f.step.unwrap_or_default(),
                        f.name
                    ),
                )
                .with_hint("import the guide into a folder of its own, e.g. --into content/<guide>, or remove the old step pages"),
            );
        }
    }

    let mut notes = conv.notes.clone();
    if controls > 0 {
        notes.insert(
            0,
            format!(
                "{controls} control {} removed from the text (a build refuses them): form feeds became line breaks, terminal escape sequences were dropped whole",
                plural(controls, "character was", "characters were")
            ),
        );
    }
    if opts.dry_run {
        for p in &problems {
            notes.push(format!(
                "a real import would stop here: {}: {}",
                p.location(),
                p.message
            ));
        }
    } else if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let lines: Vec<summary::FileLine> = conv
        .files
        .iter()
        .map(|f| summary::FileLine {
            name: f.name.clone(),
            title: f.title.clone(),
            counts: f.counts.clone(),
            exists: present.contains(&opts.into.join(&f.name)),
        })
        .collect();
    let cx = summary::Context {
        input: &opts.input,
        format: conv.doc.format,
        lines: conv.doc.lines,
        into: &opts.into,
        dry_run: opts.dry_run,
        force: opts.force,
    };
    let text_summary = summary::render(&cx, &lines, &conv.doc.dropped, &notes);
    if !opts.dry_run {
        let out: Vec<(String, String)> = conv
            .files
            .iter()
            .map(|f| (f.name.clone(), f.text.clone()))
            .collect();
        files::write_all(&opts.into, &out)?;
    }
    Ok(ImportReport {
        summary: text_summary,
        files: conv.files.iter().map(|f| opts.into.join(&f.name)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../tests/fixtures/import/raw-guide-derm.txt");

    #[test]
    fn sample_converts_deterministically() {
        let a = convert(Path::new("g.txt"), SAMPLE, &BTreeSet::new()).expect("convert");
        let b = convert(Path::new("g.txt"), SAMPLE, &BTreeSet::new()).expect("convert");
        assert_eq!(a.files, b.files);
        let names: Vec<&str> = a.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "_index.md",
                "step-1-plan-the-years-before-you-apply.md",
                "step-2-research-that-counts.md",
                "step-3-rotations-letters-and-the-final-list.md",
                "faq.md"
            ]
        );
    }

    #[test]
    fn taken_ids_are_avoided() {
        let a = convert(Path::new("g.txt"), SAMPLE, &BTreeSet::new()).expect("convert");
        let id = a.files[1]
            .text
            .lines()
            .find_map(|l| l.trim().strip_prefix("- id: "))
            .expect("an id")
            .to_string();
        let taken: BTreeSet<String> = [id.clone()].into();
        let b = convert(Path::new("g.txt"), SAMPLE, &taken).expect("convert");
        assert!(!b.files[1].text.contains(&format!("id: {id}\n")));
    }
}
