//! `stepwise import`: turns a guide copied from a web page (plain text) or a
//! single Markdown file into content files with front matter.

use crate::error::{Diagnostic, Result};
use std::path::PathBuf;

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
}

/// Runs an import.
pub fn run(opts: &ImportOptions) -> Result<ImportReport> {
    Err(Diagnostic::file(&opts.input, "import is not implemented yet").into())
}
