//! Write stage: puts the rendered files into the output folder atomically.
//!
//! Files are written to a temporary folder beside the output folder, which
//! is then swapped into place: a build that fails never touches the previous
//! output, and files of earlier builds that no longer exist are gone.

use crate::check::{self, LinkInfo};
use crate::error::{Diagnostic, Error, Result};
use crate::render::Sink;
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

/// A [`Sink`] that writes each file into a temporary folder beside the
/// output folder as soon as it is rendered, remembering what the link check
/// needs of each HTML file. [`Staging::commit`] swaps the folder into place;
/// dropping it without committing removes it, leaving the output untouched.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    written: Mutex<Vec<(String, Option<LinkInfo>)>>,
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
            written: Mutex::new(Vec::new()),
            committed: false,
        })
    }

    /// Paths written so far, and how many of them are HTML pages.
    pub fn counts(&self) -> (usize, usize) {
        let written = lock(&self.written);
        let pages = written.iter().filter(|(p, _)| p.ends_with(".html")).count();
        (written.len(), pages)
    }

    /// Every broken internal link or anchor among the files written.
    /// `out_label` names the output folder in messages.
    pub fn link_problems(&self, out_label: &str) -> Vec<Diagnostic> {
        let written = lock(&self.written);
        let exists: HashSet<&str> = written.iter().map(|(p, _)| p.as_str()).collect();
        let infos: Vec<&LinkInfo> = written.iter().filter_map(|(_, i)| i.as_ref()).collect();
        let tmp = &self.tmp;
        check::check_links(
            &infos,
            &exists,
            &|path| std::fs::read_to_string(tmp.join(path)).ok(),
            out_label,
        )
    }

    /// Swaps the written folder into place of the output folder.
    pub fn commit(mut self) -> Result<()> {
        let result = swap(&self.out, &self.tmp, &self.old);
        self.committed = result.is_ok();
        result
    }
}

impl Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        let file = self.tmp.join(&path);
        if let Some(dir) = file.parent() {
            if !lock(&self.dirs).contains(dir) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                lock(&self.dirs).insert(dir.to_path_buf());
            }
        }
        let info = path
            .ends_with(".html")
            .then(|| {
                std::str::from_utf8(&bytes)
                    .ok()
                    .map(|t| LinkInfo::extract(&path, t))
            })
            .flatten();
        std::fs::write(&file, &bytes).map_err(|e| Error::io(&file, e))?;
        lock(&self.written).push((path, info));
        Ok(())
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
