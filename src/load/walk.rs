//! Finding the content files: every `.md` file under `content/`, sorted,
//! hidden files and folders left out.

use crate::error::Diagnostic;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// Every `.md` file under `dir`, sorted, as (path relative to `content/`, absolute path).
pub fn walk(dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    walk_under(dir, dir)
}

/// Every `.md` file under `start`, a folder inside the content folder
/// `dir`, sorted, with paths relative to `dir`: for loading one folder again.
pub fn walk_under(dir: &Path, start: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let walker = walkdir::WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                if is_content_file(&rel) {
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

/// Whether the file at `rel` (relative to `content/`) is a content file: a
/// `.md` file, neither it nor a folder above it hidden.
pub fn is_content_file(rel: &str) -> bool {
    rel.ends_with(".md") && !rel.split('/').any(|c| c.starts_with('.'))
}

/// The order [`walk`] finds files in (each folder's entries sorted by name,
/// a folder's files where the folder's name sorts): the order of
/// `Site::pages`.
pub fn walk_order(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}

/// `content/...` as the user sees it, for a path under the content folder `dir`.
fn display_path(dir: &Path, p: &Path) -> PathBuf {
    match p.strip_prefix(dir) {
        Ok(rel) => Path::new("content").join(rel),
        Err(_) => p.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_of_pages_is_the_order_the_walk_finds_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        for rel in [
            "b.md", "b/x.md", "b-c.md", "a.md", "b/a/z.md", "c.md", ".h/x.md", "n.txt",
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "x").expect("write");
        }
        let (files, diags) = walk(dir.path());
        assert!(diags.is_empty());
        let found: Vec<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(
            found,
            ["a.md", "b/a/z.md", "b/x.md", "b-c.md", "b.md", "c.md"]
        );
        let mut sorted = found.clone();
        sorted.sort_by(|a, b| walk_order(a, b));
        assert_eq!(sorted, found);
        let (under, _) = walk_under(dir.path(), &dir.path().join("b"));
        let under: Vec<&str> = under.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(under, ["b/a/z.md", "b/x.md"]);
    }
}
