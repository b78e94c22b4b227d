//! Which output folders a build may use. Checked before anything is written:
//! a refused folder, and everything around it, stays exactly as it was.

use super::path::MARKER;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What to say when the output folder holds the site's sources.
const SOURCES_HINT: &str =
    "build into a folder of its own: leave out --out to use output/ in the site's root, or name a new or empty folder";

/// Refuses output folders that a build would damage or that would destroy
/// the user's files:
/// - the site root, a parent of it, `content/`, `themes/`, `static/` or
///   anything inside those;
/// - a file, or a path under a file;
/// - a folder that is not empty and has no [`MARKER`] (stepwise did not
///   build it), or a folder inside one that has.
pub(crate) fn check_target(root: &Path, out: &Path) -> Result<()> {
    let root_abs = canonical(root);
    let out_abs = canonical(out);
    let refuse = |reason: String, hint: &str| {
        Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason,
            hint: hint.into(),
        })
    };
    if out_abs == root_abs {
        return refuse("it is the site's root folder".into(), SOURCES_HINT);
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site's root folder".into(), SOURCES_HINT);
    }
    for keep in ["content", "themes", "static"] {
        if out_abs.starts_with(root_abs.join(keep)) {
            return refuse(
                format!("it is inside {keep}/, which holds your sources"),
                SOURCES_HINT,
            );
        }
    }
    for above in out_abs.ancestors().skip(1) {
        if is_output(above) {
            return refuse(
                format!(
                    "it is inside {}, a folder stepwise builds and replaces",
                    above.display()
                ),
                "name a folder outside every output folder",
            );
        }
    }
    match std::fs::metadata(out) {
        Ok(m) if m.is_dir() => {
            if is_output(out) {
                return Ok(());
            }
            let held = contents(out).map_err(|e| Error::io(out, e))?;
            if !held.is_empty() {
                return refuse(
                    format!(
                        "stepwise did not build this folder (it has no {MARKER} file) and it holds {}",
                        held.join(", ")
                    ),
                    "choose an empty folder, or move the files that belong in the site into static/ and delete this folder",
                );
            }
            Ok(())
        }
        Ok(_) => refuse(
            "it is a file, not a folder".into(),
            "name a new or empty folder, or one stepwise built before",
        ),
        Err(_) => {
            // The nearest part of the path that exists must be a folder.
            let existing = out
                .ancestors()
                .skip(1)
                .find(|a| !a.as_os_str().is_empty() && std::fs::metadata(a).is_ok());
            match existing {
                Some(a) if !a.is_dir() => refuse(
                    format!("{} is a file, not a folder", a.display()),
                    "name a new or empty folder, or one stepwise built before",
                ),
                _ => Ok(()),
            }
        }
    }
}

/// Whether stepwise built the folder `dir`: it has the marker at its root.
pub(crate) fn is_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// The first few names in `dir` (folders with a `/`), sorted, for a message.
fn contents(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let mut name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            name.push('/');
        }
        names.push(name);
    }
    names.sort();
    if names.len() > 3 {
        let more = names.len() - 3;
        names.truncate(3);
        names.push(format!("{more} more"));
    }
    Ok(names)
}

/// An absolute, symlink-free version of `p`, even when `p` does not exist
/// yet (its nearest existing parent is resolved).
pub(crate) fn canonical(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut c = c;
            for r in rest.iter().rev() {
                c.push(r);
            }
            return c;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}
