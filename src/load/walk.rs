//! Finding the content files: every `.md` file under `content/`, sorted,
//! hidden files and folders left out.

use crate::error::Diagnostic;
use std::path::{Path, PathBuf};

/// Every `.md` file under `dir`, sorted, as (path relative to `content/`, absolute path).
pub fn walk(dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                let hidden = rel.split('/').any(|c| c.starts_with('.'));
                if rel.ends_with(".md") && !hidden {
                    files.push((rel, e.path().to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(dir, p))
                    .unwrap_or_else(|| "content".into());
                let d = if e.loop_ancestor().is_some() {
                    Diagnostic::file(
                        path,
                        "symlink loop: this link points back to a folder that contains it",
                    )
                    .with_hint("remove the link or point it somewhere outside its own parents")
                } else {
                    Diagnostic::file(path, format!("cannot read: {e}"))
                };
                diags.push(d);
            }
        }
    }
    (files, diags)
}

/// `content/...` as the user sees it, for a path under the content folder `dir`.
fn display_path(dir: &Path, p: &Path) -> PathBuf {
    match p.strip_prefix(dir) {
        Ok(rel) => Path::new("content").join(rel),
        Err(_) => p.to_path_buf(),
    }
}
