//! The folder stepwise keeps beside an output folder `out/`:
//! `.out.stepwise/`, with the spare generation, the manifests, the lock and
//! a README. It is stepwise's own, and a build changes what it holds, so a
//! build first makes sure it is: a folder of its own (not a link, not a
//! mount point), holding only the names stepwise puts there, with
//! stepwise's README once it holds more than the lock.

use super::manifest::{self, Entry};
use super::shown::shown;
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The folders beside the output folder `out` that stepwise keeps.
#[derive(Debug, Clone)]
pub(crate) struct Sidecar {
    /// `.<name>.stepwise/`
    pub(crate) dir: PathBuf,
    /// `.<name>.stepwise/spare/`
    pub(crate) spare: PathBuf,
    /// `.<name>.stepwise/old/`: only while a swap by renames is under way.
    pub(crate) old: PathBuf,
    /// The output folder's name.
    pub(crate) name: String,
}

/// The names stepwise keeps in a sidecar folder besides its manifests:
/// files, then folders.
/// (`external-links.json` is what `check --external` learned of each
/// outside link, its `.tmp` while it is written.)
const FILES: [&str; 5] = [
    "lock",
    ".gitignore",
    "README.txt",
    "external-links.json",
    "external-links.json.tmp",
];
const FOLDERS: [&str; 2] = ["spare", "old"];

/// How every README stepwise has written in a sidecar folder begins.
const README_START: &str = "This folder belongs to stepwise";

impl Sidecar {
    /// The sidecar of the output folder `out` (absolute, without links).
    pub(crate) fn of(out: &Path) -> Result<Sidecar> {
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Error::io(out, io::ErrorKind::InvalidInput.into()));
        };
        let name = name.to_string_lossy().into_owned();
        let dir = parent.join(format!(".{name}.stepwise"));
        Ok(Sidecar {
            spare: dir.join("spare"),
            old: dir.join("old"),
            dir,
            name,
        })
    }

    /// The manifest of the folder `id`.
    pub(crate) fn manifest(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.manifest"))
    }

    /// `Ok` when the sidecar folder is missing or is stepwise's own;
    /// otherwise why not and what to do, for a refusal. `shown_dir` is how
    /// messages name it.
    pub(crate) fn check_owned(&self, shown_dir: &str) -> io::Result<Option<(String, String)>> {
        let meta = match fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            other => other?,
        };
        let out = &self.name;
        if meta.is_symlink() {
            let to = fs::read_link(&self.dir).unwrap_or_default();
            return Ok(Some((
                format!(
                    "{shown_dir} is a link (to {}), not a folder stepwise made",
                    shown(to.as_os_str())
                ),
                format!("stepwise keeps the spare copy of {out}/ in a folder of its own there and changes what it holds: delete the link (what it points to stays as it is), or build into another folder with --out"),
            )));
        }
        if !meta.is_dir() {
            return Ok(Some((
                format!("{shown_dir} is a file, not a folder stepwise made"),
                format!("stepwise keeps the spare copy of {out}/ there: move the file elsewhere, or build into another folder with --out"),
            )));
        }
        let mut strangers = Vec::new();
        let mut holds_more_than_the_lock = false;
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let name = entry.file_name();
            let ours = match name.to_str() {
                Some(n) if FOLDERS.contains(&n) => kind.is_dir(),
                Some(n) if FILES.contains(&n) => kind.is_file(),
                Some(n) => {
                    kind.is_file() && (n.ends_with(".manifest") || n.ends_with(".manifest.tmp"))
                }
                None => false,
            };
            if !ours {
                let mut s = shown(&name);
                if kind.is_dir() {
                    s.push('/');
                }
                strangers.push(s);
            } else if name != "lock" && name != ".gitignore" {
                holds_more_than_the_lock = true;
            }
        }
        let readme = fs::read(self.dir.join("README.txt")).ok();
        let readme_ours = readme
            .as_ref()
            .is_some_and(|t| t.starts_with(README_START.as_bytes()));
        let hint = format!("stepwise keeps the spare copy of {out}/ there and deletes what it does not need: move what is yours elsewhere and delete {shown_dir} (stepwise makes it again), or build into another folder with --out");
        if !strangers.is_empty() {
            strangers.sort();
            return Ok(Some((
                format!(
                    "{shown_dir} holds files stepwise did not put there: {}",
                    super::shown::list(&strangers)
                ),
                hint,
            )));
        }
        if (holds_more_than_the_lock || readme.is_some()) && !readme_ours {
            return Ok(Some((
                format!("stepwise did not make {shown_dir} (it has no README.txt of stepwise's)"),
                hint,
            )));
        }
        Ok(None)
    }

    /// Makes the folder (when missing) with its `.gitignore` and README:
    /// the README first, as what says the folder is stepwise's.
    pub(crate) fn make(&self) -> Result<()> {
        fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        ensure(&self.dir.join("README.txt"), &readme(&self.name))?;
        ensure(&self.dir.join(".gitignore"), "*\n")
    }

    /// Every file some manifest in the sidecar names, whichever folder it
    /// describes: what stepwise wrote into its folders lately. For an
    /// output folder whose own manifest cannot be found (the folders were
    /// copied or restored from a cache, which changes their ids).
    pub(crate) fn named_by_any_manifest(&self) -> HashSet<String> {
        let mut named = HashSet::new();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return named;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().ends_with(".manifest") {
                if let Some((_, files)) = manifest::read_any(&entry.path()) {
                    named.extend(files.into_keys());
                }
            }
        }
        named
    }

    /// Removes the manifests of folders that are neither the output folder
    /// nor the spare one (`keep`), and any a killed build was writing.
    pub(crate) fn remove_other_manifests(&self, keep: &[String]) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.ends_with(".manifest") || name.ends_with(".manifest.tmp");
            let kept = keep.iter().any(|id| name == format!("{id}.manifest"));
            if ours && !kept {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Reads the manifest of the folder `id`.
    pub(crate) fn read_manifest(&self, id: &str) -> Option<HashMap<String, Entry>> {
        manifest::read(&self.manifest(id), id)
    }
}

/// Whether `name` is the name of a sidecar folder: `.<name>.stepwise`.
pub(crate) fn is_sidecar_name(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".stepwise"))
        .is_some_and(|middle| !middle.is_empty())
}

/// Writes `text` to `file` unless it holds it already.
fn ensure(file: &Path, text: &str) -> Result<()> {
    if fs::read(file).is_ok_and(|b| b == text.as_bytes()) {
        return Ok(());
    }
    fs::write(file, text).map_err(|e| Error::io(file, e))
}

/// Removes the `.<name>.stepwise-tmp-<pid>` folders that earlier versions of
/// stepwise left beside the output folder when a build was killed.
/// (Their `.<name>.stepwise-old-<pid>` folders are left alone: one may hold
/// a file of the user's that such a build moved aside.)
pub(crate) fn remove_leftovers_of_old_versions(parent: &Path, name: &str) {
    let prefix = format!(".{name}.stepwise-tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The sidecar folder's README.
fn readme(name: &str) -> String {
    format!(
        "{README_START}: it keeps the folder {name}/ beside it up to date.\n\
         \n\
         spare/       the site as an earlier build left it. The next build brings it\n\
         \x20            up to date, writing only the files that changed, and swaps it\n\
         \x20            with {name}/ in one step.\n\
         *.manifest   for {name}/ and spare/: each file's content hash and time.\n\
         lock         held while a build writes.\n\
         external-links.json  what `stepwise check --external` learned of each\n\
         \x20            outside link, and when.\n\
         \n\
         It is safe to delete while no build runs: the next build then reads {name}/\n\
         back and writes every file into a new spare copy; files keep their times.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_names() {
        for yes in [".output.stepwise", ".a.stepwise", ".my site.stepwise"] {
            assert!(is_sidecar_name(yes), "{yes}");
        }
        for no in [
            ".stepwise",
            "..stepwise",
            "output.stepwise",
            ".output.stepwise-tmp-1",
        ] {
            assert!(!is_sidecar_name(no), "{no}");
        }
    }

    #[test]
    fn only_a_folder_of_stepwise_s_own_is_taken() {
        let dir = tempfile::tempdir().expect("temp dir");
        let side = Sidecar::of(&dir.path().join("out")).expect("sidecar");
        let refused = |side: &Sidecar| side.check_owned("S").expect("check").map(|r| r.0);
        assert_eq!(refused(&side), None, "missing");
        side.make().expect("make");
        fs::create_dir(&side.spare).expect("mkdir");
        fs::write(side.dir.join("lock"), "").expect("write");
        fs::write(side.dir.join("1-2.manifest"), "").expect("write");
        assert_eq!(refused(&side), None, "stepwise's");
        fs::write(side.dir.join("notes.txt"), "mine").expect("write");
        assert_eq!(
            refused(&side).as_deref(),
            Some("S holds files stepwise did not put there: notes.txt")
        );
        fs::remove_file(side.dir.join("notes.txt")).expect("remove");
        fs::write(side.dir.join("README.txt"), "My notes.").expect("write");
        assert_eq!(
            refused(&side).as_deref(),
            Some("stepwise did not make S (it has no README.txt of stepwise's)")
        );
        fs::remove_file(side.dir.join("README.txt")).expect("remove");
        assert!(refused(&side).is_some(), "a spare folder but no README");
    }
}
