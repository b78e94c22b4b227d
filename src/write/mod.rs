//! Write stage. In: the built site's files, one at a time as they are
//! rendered. Out: the output folder, replaced in one step.
//!
//! Files are written to a temporary folder beside the output folder, which
//! is then swapped into place: a build that fails never touches the previous
//! output, and files of earlier builds that no longer exist are gone. This
//! stage knows nothing of what the files mean (links, pages): only paths and
//! bytes.

use crate::error::{Error, Result};
use crate::sync::lock;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// A temporary folder beside the output folder that takes each file as soon
/// as it is rendered. [`Staging::commit`] swaps it into place; dropping it
/// without committing removes it, leaving the output untouched.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Starts a fresh temporary folder for the output folder `out`.
    pub fn new(out: &Path) -> Result<Staging> {
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
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            dirs: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Writes `bytes` to `path` (`/`-separated, inside the output folder).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let file = self.tmp.join(path);
        if let Some(dir) = file.parent() {
            if !lock(&self.dirs).contains(dir) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                lock(&self.dirs).insert(dir.to_path_buf());
            }
        }
        std::fs::write(&file, bytes).map_err(|e| Error::io(&file, e))
    }

    /// Reads back the text of a file written, to quote it in a diagnostic.
    pub fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.tmp.join(path)).ok()
    }

    /// Swaps the written folder into place of the output folder.
    pub fn commit(mut self) -> Result<()> {
        let result = swap(&self.out, &self.tmp, &self.old);
        self.committed = result.is_ok();
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
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
