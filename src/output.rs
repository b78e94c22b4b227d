//! Write stage: puts the rendered files into the output folder atomically.
//!
//! Files are written to a temporary folder beside the output folder, which
//! is then swapped into place: a build that fails never touches the previous
//! output, and files of earlier builds that no longer exist are gone.

use crate::error::{Error, Result};
use crate::render::OutputFile;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Refuses output folders whose replacement would destroy the user's files:
/// the site root, a parent of it, `content/`, `themes/`, `static/` or
/// anything inside those.
pub fn check_target(root: &Path, out: &Path) -> Result<()> {
    let root_abs = canonical(root);
    let out_abs = canonical(out);
    let refuse = |reason: &str| {
        Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason: reason.into(),
        })
    };
    if out_abs == root_abs {
        return refuse("it is the site's root folder");
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site's root folder");
    }
    for keep in ["content", "themes", "static"] {
        if out_abs.starts_with(root_abs.join(keep)) {
            return refuse(&format!("it is inside {keep}/, which holds your sources"));
        }
    }
    Ok(())
}

/// An absolute, symlink-free version of `p`, even when `p` does not exist
/// yet (its nearest existing parent is resolved).
fn canonical(p: &Path) -> PathBuf {
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

/// Writes `files` into `out`, replacing its previous contents in one swap.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.stepwise-tmp-{pid}"));
    let old = parent.join(format!(".{name}.stepwise-old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = fill(&tmp, files).and_then(|()| swap(out, &tmp, &old));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(tmp: &Path, files: &[OutputFile]) -> Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|d| tmp.join(d)))
        .collect();
    dirs.push(tmp.to_path_buf());
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = tmp.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| Error::io(&path, e))
    })
}

fn swap(out: &Path, tmp: &Path, old: &Path) -> Result<()> {
    if out.exists() {
        let _ = std::fs::remove_dir_all(old);
        std::fs::rename(out, old).map_err(|e| Error::io(out, e))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(old, out);
            return Err(Error::io(out, e));
        }
        std::fs::remove_dir_all(old).map_err(|e| Error::io(old, e))?;
    } else {
        std::fs::rename(tmp, out).map_err(|e| Error::io(out, e))?;
    }
    Ok(())
}
