//! The summary printed after an import (or a dry run): each file with its
//! title and counts, every dropped block with its lines, and notes.

use super::model::{Dropped, Format};
use std::fmt::Write as _;
use std::path::Path;

/// One file of the import, as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileLine {
    /// File name inside the output folder.
    pub(crate) name: String,
    /// The page title.
    pub(crate) title: String,
    /// Counts: "step 1: 2 headings, 9 list items, checklist of 7 items in 2 groups".
    pub(crate) counts: String,
    /// The file exists already.
    pub(crate) exists: bool,
}

/// What the summary is about.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The input file.
    pub(crate) input: &'a Path,
    /// Its format.
    pub(crate) format: Format,
    /// Its number of lines.
    pub(crate) lines: usize,
    /// The output folder.
    pub(crate) into: &'a Path,
    /// A dry run: nothing written.
    pub(crate) dry_run: bool,
    /// Existing files are overwritten.
    pub(crate) force: bool,
}

/// Renders the summary.
pub(crate) fn render(
    cx: &Context,
    files: &[FileLine],
    dropped: &[Dropped],
    notes: &[String],
) -> String {
    let mut out = String::new();
    let format = match cx.format {
        Format::Text => "plain text",
        Format::Markdown => "Markdown",
    };
    let verb = if cx.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    let _ = writeln!(
        out,
        "{verb} {} ({format}, {} lines) into {}:\n",
        cx.input.display(),
        cx.lines,
        folder(cx.into)
    );
    for f in files {
        let mark = match (f.exists, cx.force) {
            (true, true) => "  (replaces the existing file)",
            (true, false) => "  (exists: needs --force)",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  {}{mark}\n      \"{}\"\n      {}",
            f.name, f.title, f.counts
        );
    }
    if dropped.is_empty() {
        out.push_str("\nNothing was dropped: no site chrome found.\n");
    } else {
        let _ = writeln!(
            out,
            "\nDropped {} {} that {} not part of the article:",
            dropped.len(),
            plural(dropped.len(), "block", "blocks"),
            plural(dropped.len(), "is", "are")
        );
        for d in dropped {
            let lines = if d.first == d.last {
                format!("line {}", d.first)
            } else {
                format!("lines {}–{}", d.first, d.last)
            };
            let _ = writeln!(out, "  {lines:<15} {:<17} {}", d.what, clip(&d.text, 60));
        }
    }
    if !notes.is_empty() {
        out.push_str("\nNotes:\n");
        for n in notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    let n = files.len();
    if cx.dry_run {
        let _ = writeln!(
            out,
            "\nDry run: nothing was written ({n} {} would be written).",
            plural(n, "file", "files")
        );
    } else {
        let _ = writeln!(
            out,
            "\nWrote {n} {} into {}.",
            plural(n, "file", "files"),
            folder(cx.into)
        );
    }
    out
}

/// `n` with the right form of a noun.
pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn folder(p: &Path) -> String {
    let s = p.display().to_string();
    if s.ends_with('/') {
        s
    } else {
        format!("{s}/")
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_and_drops() {
        let cx = Context {
            input: Path::new("g.txt"),
            format: Format::Text,
            lines: 10,
            into: Path::new("content"),
            dry_run: true,
            force: false,
        };
        let s = render(
            &cx,
            &[FileLine {
                name: "faq.md".into(),
                title: "FAQ".into(),
                counts: "2 questions".into(),
                exists: true,
            }],
            &[Dropped {
                first: 3,
                last: 5,
                what: "promotion".into(),
                text: "Buy now".into(),
            }],
            &[],
        );
        assert!(s.contains("faq.md  (exists: needs --force)"), "{s}");
        assert!(s.contains("lines 3–5"), "{s}");
        assert!(
            s.contains("Dry run: nothing was written (1 file would be written)."),
            "{s}"
        );
    }
}
