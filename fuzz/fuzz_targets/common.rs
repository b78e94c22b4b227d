#![allow(dead_code)] // each target uses part of it
//! What every target checks of a failure: each diagnostic names a line
//! that exists in the file it names.

use std::path::Path;
use stepwise::{Diagnostic, Error};

/// Panics (a finding for the fuzzer) unless `result` is a success or a list
/// of diagnostics, each at a line of its file under `root`.
pub fn check<T>(root: &Path, result: Result<T, Error>) {
    match result {
        Ok(_) => {}
        Err(Error::Input(diags)) => {
            assert!(!diags.is_empty(), "an error without a diagnostic");
            for d in &diags {
                located(root, d);
            }
        }
        Err(e) => panic!("not a diagnostic: {e}"),
    }
}

fn located(root: &Path, d: &Diagnostic) {
    if d.file.starts_with("output") {
        return;
    }
    let text = std::fs::read(root.join(&d.file))
        .unwrap_or_else(|e| panic!("{}: {e}\n{d}", d.file.display()));
    let lines = text.split(|&b| b == b'\n').count();
    assert!(d.line <= lines, "line {} of {lines}: {d}", d.line);
    // Rendering the message must not panic either.
    let _ = d.to_string();
}

/// A site folder reused for every run of one process (a folder per run
/// would spend the time in the file system).
pub fn site() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).expect("content/");
        std::fs::write(dir.path().join("site.yaml"), "title: Fuzz\n").expect("site.yaml");
        dir
    })
    .path()
}
