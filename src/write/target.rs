//! Which output folders a build may use. Checked before anything is written:
//! a refused folder, and everything around it, stays exactly as it was.

use super::path::MARKER;
use super::shown::{list, shown};
use super::sidecar::{is_sidecar_name, Sidecar};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What to say when the output folder holds the site's sources.
const SOURCES_HINT: &str =
    "build into a folder of its own: leave out --out to use output/ in the site's root, or name a new or empty folder";

/// Refuses output folders that a build would damage or that would destroy
/// the user's files:
/// - a link that leads nowhere (or in a circle), or a path through one;
/// - the site root, a parent of it, `content/`, `themes/`, `static/` or
///   anything inside those;
/// - a folder where stepwise keeps a spare copy (`.<name>.stepwise/`), or
///   anything inside one, or inside an output folder;
/// - a file, or a path under a file;
/// - a folder holding a git repository;
/// - a folder that is not empty and has no [`MARKER`] (stepwise did not
///   build it);
/// - a folder whose sidecar `.<name>.stepwise/` is not stepwise's own (a
///   link, a file, a folder holding other files), or is on another file
///   system.
///
/// Files in a marked folder that stepwise did not write are found when the
/// build knows what it writes (see [`super::owned`]).
pub(crate) fn check_target(root: &Path, out: &Path) -> Result<()> {
    let refuse = |(reason, hint): (String, String)| {
        Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason,
            hint,
        })
    };
    if let Some(r) = broken_link(out) {
        return refuse(r);
    }
    let out_abs = canonical(out);
    if let Some(r) = place(&canonical(root), &out_abs) {
        return refuse(r);
    }
    match std::fs::metadata(out) {
        Ok(m) if m.is_dir() => {
            if std::fs::symlink_metadata(out.join(".git")).is_ok() {
                return refuse((
                    "it holds a git repository (.git), which a build would delete".into(),
                    GIT_HINT.into(),
                ));
            }
            if !is_output(out) {
                let held = contents(out).map_err(|e| Error::io(out, e))?;
                if !held.is_empty() {
                    return refuse((
                        format!(
                            "stepwise did not build this folder (it has no {MARKER} file) and it holds {}",
                            list(&held)
                        ),
                        "choose an empty folder, or move the files that belong in the site into static/ and delete this folder".into(),
                    ));
                }
            }
        }
        Ok(_) => return refuse(("it is a file, not a folder".into(), NEW_OR_EMPTY.into())),
        Err(_) => {
            // The nearest part of the path that exists must be a folder.
            let existing = out
                .ancestors()
                .skip(1)
                .find(|a| !a.as_os_str().is_empty() && std::fs::metadata(a).is_ok());
            if let Some(a) = existing.filter(|a| !a.is_dir()) {
                return refuse((
                    format!("{} is a file, not a folder", a.display()),
                    NEW_OR_EMPTY.into(),
                ));
            }
        }
    }
    let side = Sidecar::of(&out_abs)?;
    let side_shown = sidecar_shown(out, &out_abs, &side);
    if let Some(r) = side
        .check_owned(&side_shown)
        .map_err(|e| Error::io(&side.dir, e))?
    {
        return refuse(r);
    }
    match file_systems(&out_abs, &side) {
        Some(mount) => refuse(different_file_systems(out, &side_shown, mount)),
        None => Ok(()),
    }
}

/// What to say when the output folder holds a git repository.
pub(crate) const GIT_HINT: &str = "stepwise replaces the whole folder at every build: build into a folder of its own and copy the site into the repository (rsync -a --delete --exclude .git output/ repo/), or name another folder with --out";

/// What to do instead of writing into a file.
const NEW_OR_EMPTY: &str = "name a new or empty folder, or one stepwise built before";

/// Why `out`, or a folder on the way to it, is a link that leads nowhere:
/// to nothing, or around in a circle.
fn broken_link(out: &Path) -> Option<(String, String)> {
    let hint = "delete the link, or make it lead to a folder (the site is written where it leads)";
    for p in out.ancestors().filter(|a| !a.as_os_str().is_empty()) {
        let is_link = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink());
        let Err(e) = std::fs::metadata(p) else {
            continue;
        };
        if !is_link {
            continue;
        }
        let to = std::fs::read_link(p).unwrap_or_default();
        let to = shown(to.as_os_str());
        let what = if e.kind() == std::io::ErrorKind::NotFound {
            format!("a link to {to}, which does not exist")
        } else {
            format!("a link to {to}, which leads back to itself")
        };
        let reason = if p == out {
            format!("it is {what}")
        } else {
            format!("{} is {what}", p.display())
        };
        return Some((reason, hint.into()));
    }
    None
}

/// Why the folder at `out` (absolute) is in a place a build must not write
/// to, given the site's root (absolute): the sources, a sidecar folder, or
/// inside an output folder.
fn place(root: &Path, out: &Path) -> Option<(String, String)> {
    let sources = || SOURCES_HINT.to_string();
    if out == root {
        return Some(("it is the site's root folder".into(), sources()));
    }
    if root.starts_with(out) {
        return Some(("it contains the site's root folder".into(), sources()));
    }
    for keep in ["content", "themes", "static"] {
        if out.starts_with(root.join(keep)) {
            return Some((
                format!("it is inside {keep}/, which holds your sources"),
                sources(),
            ));
        }
    }
    for a in out.ancestors() {
        let name = a.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if is_sidecar_name(name) && !root.starts_with(a) {
            let built = &name[1..name.len() - ".stepwise".len()];
            let which = if a == out { "it is" } else { "it is inside" };
            return Some((
                format!(
                    "{which} {}, where stepwise keeps the spare copy of {built}/ and replaces what it holds",
                    a.display()
                ),
                "name a folder outside every .<name>.stepwise/ folder".into(),
            ));
        }
    }
    for above in out.ancestors().skip(1) {
        if is_output(above) {
            return Some((
                format!(
                    "it is inside {}, a folder stepwise builds and replaces",
                    above.display()
                ),
                "name a folder outside every output folder".into(),
            ));
        }
    }
    None
}

/// How messages name the sidecar of `out` (as given; `out_abs` resolved).
pub(crate) fn sidecar_shown(out: &Path, out_abs: &Path, side: &Sidecar) -> String {
    let dir_name = format!(".{}.stepwise", side.name);
    let path = match (out.file_name(), out_abs.file_name()) {
        (Some(a), Some(b)) if a == b => out.with_file_name(&dir_name),
        _ => side.dir.clone(),
    };
    shown(path.as_os_str())
}

/// Which of the output folder and its sidecar is a mount point, when they
/// are not on the file system of the folder they are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mount {
    /// The output folder is.
    Output,
    /// The sidecar folder, or the spare folder in it, is.
    Sidecar,
    /// Unknown: the swap (a rename) found them on different file systems.
    Unknown,
}

/// Whether the output folder `out` (absolute), its sidecar or its spare
/// folder is on another file system than the folder they are in.
fn file_systems(out: &Path, side: &Sidecar) -> Option<Mount> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let dev = |p: &Path| std::fs::metadata(p).ok().map(|m| m.dev());
        let parent = dev(out.parent()?)?;
        let other = |p: &Path| dev(p).is_some_and(|d| d != parent);
        if other(out) {
            return Some(Mount::Output);
        }
        if other(&side.dir) || other(&side.spare) {
            return Some(Mount::Sidecar);
        }
    }
    let _ = (out, side);
    None
}

/// The refusal of an output folder and its sidecar on different file
/// systems: the swap renames one into the other's place.
pub(crate) fn different_file_systems(out: &Path, side: &str, mount: Mount) -> (String, String) {
    let must = format!("the output folder and {side} must be on one file system, because each build swaps them by renaming");
    match mount {
        Mount::Output => (
            format!("it is a mount point, on another file system than {side} beside it"),
            format!("{must}: build into a folder inside the mounted one (--out {}), or mount the folder above both", shown(out.join("site").as_os_str())),
        ),
        Mount::Sidecar => (
            format!("{side} is on another file system than the output folder (it, or the spare folder in it, is a mount point)"),
            format!("{must}: let stepwise make {side} as a plain folder, or build into another folder with --out"),
        ),
        Mount::Unknown => (
            format!("it is on another file system than {side}"),
            format!("{must}: build into a folder on the same file system as {side}, or delete {side} while no build runs"),
        ),
    }
}

/// Whether stepwise built the folder `dir`: it has the marker at its root.
pub(crate) fn is_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// The names in `dir` (folders with a `/`), sorted, as messages show them.
fn contents(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let mut name = shown(&entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            name.push('/');
        }
        names.push(name);
    }
    names.sort();
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
