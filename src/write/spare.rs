//! One build's update of the output folder: the spare generation is brought
//! up to date file by file as the render hands files over, then swapped in.
//! See the module documentation of [`crate::write`] for the layout on disk
//! and what a killed build leaves.

use super::manifest::{self, Entry, Hash, Stamp};
use super::path::{check_path, MARKER};
use super::swap;
use super::tree::{self, Tree};
use crate::error::{Diagnostic, Error, Result};
use crate::sync::lock;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// The bytes of the marker at the root of every output folder.
pub(crate) const MARKER_TEXT: &str =
    "This folder is a site built by stepwise. Every `stepwise build` makes it\n\
match the site again: files that are not part of the site are removed.\n\
Put files that belong in the site in the site's static/ folder.\n";

/// What a build changed in the output folder, compared with the previous
/// output: what a deploy tool will see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files that are new or whose bytes changed: written, with the build's time.
    pub written: usize,
    /// Files whose bytes did not change: their modification times are kept.
    pub unchanged: usize,
    /// Files of the previous output that the site no longer has.
    pub removed: usize,
}

/// The folders beside the output folder `out` that stepwise keeps.
struct Sidecar {
    /// `.<name>.stepwise/`
    dir: PathBuf,
    /// `.<name>.stepwise/spare/`
    spare: PathBuf,
    /// `.<name>.stepwise/old/`: only while a swap by renames is under way.
    old: PathBuf,
}

impl Sidecar {
    fn manifest(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.manifest"))
    }
}

/// An update of the output folder in progress. Take files with
/// [`Update::put`], then [`Update::commit`]; dropped without a commit, it
/// leaves the output folder as it was (and records what it did to the spare
/// generation, so the next build can reuse it).
pub(crate) struct Update {
    out: PathBuf,
    side: Sidecar,
    /// Held until the update is dropped.
    _lock: File,
    /// Where messages say the output folder is.
    label: String,
    /// This build's time: the modification time of every file it writes.
    now: i128,
    /// The output folder's manifest (empty when it has none).
    live: HashMap<String, Entry>,
    /// The output folder's marker, if it has one.
    live_marker: Option<Stamp>,
    /// The spare folder's id, naming its manifest.
    spare_id: String,
    /// What the walk found in the spare folder before the build.
    tree: Tree,
    /// The spare folder's manifest entries that match the files on disk.
    trusted: HashMap<String, Entry>,
    /// Whether the spare folder still has its manifest.
    had_manifest: bool,
    /// Folders known to exist in the spare folder.
    dirs: Mutex<HashSet<String>>,
    /// The files of this build: `None` while being written.
    produced: Mutex<HashMap<String, Option<Entry>>>,
    /// Whether the spare folder has been changed (its manifest is then gone
    /// until the update ends).
    dirty: Mutex<bool>,
    committed: bool,
}

impl Update {
    /// Starts an update of the output folder `out` (already checked by
    /// [`super::check_target`]); `label` is how messages name it. Waits while
    /// another build updates the same folder.
    pub(crate) fn begin(out: &Path, label: &str) -> Result<Update> {
        let out = super::target::canonical(out);
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Error::io(&out, io::ErrorKind::InvalidInput.into()));
        };
        let name = name.to_string_lossy().into_owned();
        let dir = sidecar(&out)?;
        let side = Sidecar {
            spare: dir.join("spare"),
            old: dir.join("old"),
            dir,
        };
        let lock_path = side.dir.join("lock");
        let lock_file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        swap::lock(&lock_file).map_err(|e| Error::io(&lock_path, e))?;
        swap::recover(&side.spare, &out, &side.old).map_err(|e| Error::io(&side.old, e))?;
        remove_leftovers_of_old_versions(parent, &name);

        let now = manifest::nanos(SystemTime::now());
        let mut ids = Vec::new();
        let (live, live_marker) = match fs::metadata(&out) {
            Ok(m) if m.is_dir() => {
                let id = manifest::folder_id(&m);
                let marker = fs::symlink_metadata(out.join(MARKER))
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| Stamp::of(&m));
                // A marked folder without its manifest is a site stepwise
                // built whose identity changed (restored from a cache,
                // copied) or whose sidecar went: read what it holds.
                let live = match marker {
                    Some(_) => manifest::read(&side.manifest(&id), &id)
                        .unwrap_or_else(|| tree::read_back(&out)),
                    None => HashMap::new(),
                };
                ids.push(id);
                (live, marker)
            }
            _ => (HashMap::new(), None),
        };

        match fs::symlink_metadata(&side.spare) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => fs::remove_file(&side.spare).map_err(|e| Error::io(&side.spare, e))?,
            Err(_) => {}
        }
        fs::create_dir_all(&side.spare).map_err(|e| Error::io(&side.spare, e))?;
        let spare_meta = fs::metadata(&side.spare).map_err(|e| Error::io(&side.spare, e))?;
        let spare_id = manifest::folder_id(&spare_meta);
        ids.push(spare_id.clone());
        let tree = tree::walk(&side.spare).map_err(|e| Error::io(&side.spare, e))?;
        let listed = manifest::read(&side.manifest(&spare_id), &spare_id);
        let had_manifest = listed.is_some();
        let trusted: HashMap<String, Entry> = listed
            .unwrap_or_default()
            .into_iter()
            .filter(|(p, e)| tree.files.get(p) == Some(&e.stamp))
            .collect();
        remove_other_manifests(&side.dir, &ids);

        let update = Update {
            dirs: Mutex::new(tree.dirs.clone()),
            out,
            side,
            _lock: lock_file,
            label: label.to_string(),
            now,
            live,
            live_marker,
            spare_id,
            tree,
            trusted,
            had_manifest,
            produced: Mutex::new(HashMap::new()),
            dirty: Mutex::new(false),
            committed: false,
        };
        // Links and other strays go before anything is written: a write must
        // never follow a link out of the folder.
        if !update.tree.others.is_empty() {
            update.make_dirty()?;
            for p in &update.tree.others {
                remove_any(p)?;
            }
        }
        Ok(update)
    }

    /// Takes one file of the site: `path` is `/`-separated, inside the
    /// output folder. A file whose bytes the spare generation already holds
    /// is neither read nor written.
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        if let Err(reason) = check_path(path) {
            return Err(Diagnostic::file(
                &self.label,
                format!("refusing to write {path:?} into the output folder: {reason}"),
            )
            .with_hint(
                "the path comes from a page's file or folder name or `slug:`, or from a file in static/ or the theme; rename it",
            )
            .into());
        }
        let hash = manifest::hash(bytes);
        let changed = match self.live.get(path) {
            Some(e) if e.hash == hash => e.changed,
            _ => self.now,
        };
        if lock(&self.produced)
            .insert(path.to_string(), None)
            .is_some()
        {
            return Err(Diagnostic::file(
                &self.label,
                format!("two files of the site would be written to {path:?}"),
            )
            .with_hint("a file in static/, beside the pages in content/ or in the theme has the path of a page or of another file stepwise writes; rename one of them")
            .into());
        }
        let entry = match self.trusted.get(path) {
            Some(e) if e.hash == hash && e.changed == changed => e.clone(),
            Some(e) if e.hash == hash => {
                self.make_dirty()?;
                self.set_time(path, hash, changed)?
            }
            _ => {
                self.make_dirty()?;
                self.write(path, bytes, hash, changed)?
            }
        };
        lock(&self.produced).insert(path.to_string(), Some(entry));
        Ok(())
    }

    /// Reads back the text of a file taken, to quote it in a diagnostic.
    pub(crate) fn read(&self, path: &str) -> Option<String> {
        fs::read_to_string(self.side.spare.join(path)).ok()
    }

    /// Removes what the site no longer has from the spare generation, records
    /// its manifest and swaps it with the output folder.
    pub(crate) fn commit(mut self) -> Result<Changes> {
        let produced: HashMap<String, Entry> = std::mem::take(&mut *lock(&self.produced))
            .into_iter()
            .filter_map(|(p, e)| e.map(|e| (p, e)))
            .collect();
        self.remove_stale(&produced)?;
        self.ensure_marker()?;
        let dirty = *lock(&self.dirty);
        if dirty || !self.had_manifest || produced.len() != self.trusted.len() {
            self.record(produced.iter())?;
            // The manifest now says what the folder holds, also if the swap
            // below fails.
            *lock(&self.dirty) = false;
        }
        swap::swap(&self.side.spare, &self.out, &self.side.old)
            .map_err(|e| Error::io(&self.out, e))?;
        self.committed = true;
        let written = produced
            .iter()
            .filter(|(p, e)| self.live.get(*p).map(|l| l.hash) != Some(e.hash))
            .count();
        Ok(Changes {
            written,
            unchanged: produced.len() - written,
            removed: self
                .live
                .keys()
                .filter(|p| !produced.contains_key(*p))
                .count(),
        })
    }

    /// Before the first change to the spare folder: its manifest goes, so
    /// that a build killed from here on leaves a folder nothing is trusted
    /// in.
    fn make_dirty(&self) -> Result<()> {
        let mut dirty = lock(&self.dirty);
        if !*dirty {
            let m = self.side.manifest(&self.spare_id);
            match fs::remove_file(&m) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&m, e)),
            }
            *dirty = true;
        }
        Ok(())
    }

    /// Writes `bytes` to `path` in the spare folder, dated `changed`.
    fn write(&self, path: &str, bytes: &[u8], hash: Hash, changed: i128) -> Result<Entry> {
        let file = self.side.spare.join(path);
        if let Some((parent, _)) = path.rsplit_once('/') {
            if !lock(&self.dirs).contains(parent) {
                self.make_dirs(parent)?;
            }
        }
        let mut f = match create(&file) {
            Ok(f) => f,
            Err(_) if fs::symlink_metadata(&file).is_ok_and(|m| m.is_dir()) => {
                // A folder of an earlier build where this build has a file.
                fs::remove_dir_all(&file).map_err(|e| Error::io(&file, e))?;
                create(&file).map_err(|e| Error::io(&file, e))?
            }
            Err(e) => return Err(Error::io(&file, e)),
        };
        f.write_all(bytes).map_err(|e| Error::io(&file, e))?;
        dated(&f, &file, hash, changed)
    }

    /// Sets the time of `path` in the spare folder, whose bytes are right.
    fn set_time(&self, path: &str, hash: Hash, changed: i128) -> Result<Entry> {
        let file = self.side.spare.join(path);
        let f = OpenOptions::new()
            .write(true)
            .open(&file)
            .map_err(|e| Error::io(&file, e))?;
        dated(&f, &file, hash, changed)
    }

    /// Creates the folder `rel` and its parents in the spare folder, removing
    /// files of earlier builds in the way.
    fn make_dirs(&self, rel: &str) -> Result<()> {
        let full = self.side.spare.join(rel);
        if fs::create_dir_all(&full).is_err() {
            let mut at = self.side.spare.clone();
            for part in rel.split('/') {
                at.push(part);
                match fs::symlink_metadata(&at) {
                    Ok(m) if m.is_dir() => continue,
                    Ok(_) => fs::remove_file(&at).map_err(|e| Error::io(&at, e))?,
                    Err(_) => {}
                }
                match fs::create_dir(&at) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists && at.is_dir() => {}
                    Err(e) => return Err(Error::io(&at, e)),
                }
            }
        }
        let mut dirs = lock(&self.dirs);
        let mut at = rel;
        loop {
            dirs.insert(at.to_string());
            match at.rsplit_once('/') {
                Some((parent, _)) => at = parent,
                None => break,
            }
        }
        Ok(())
    }

    /// Removes the files and folders of the spare folder that the site no
    /// longer has.
    fn remove_stale(&self, produced: &HashMap<String, Entry>) -> Result<()> {
        let mut needed: HashSet<&str> = HashSet::new();
        for p in produced.keys() {
            let mut at = p.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                if !needed.insert(parent) {
                    break;
                }
                at = parent;
            }
        }
        let dirs = lock(&self.dirs);
        let gone = |p: &str| {
            let mut at = p;
            while let Some((parent, _)) = at.rsplit_once('/') {
                if !needed.contains(parent) {
                    return true;
                }
                at = parent;
            }
            false
        };
        // The topmost folders no longer needed, then the files no longer
        // needed in the others. A path that changed from file to folder or
        // back was dealt with when it was written.
        let mut doomed: Vec<&String> = dirs
            .iter()
            .filter(|d| !needed.contains(d.as_str()) && !produced.contains_key(*d) && !gone(d))
            .collect();
        doomed.sort();
        let mut stale: Vec<&String> = self
            .tree
            .files
            .keys()
            .filter(|p| !produced.contains_key(*p) && !needed.contains(p.as_str()) && !gone(p))
            .collect();
        stale.sort();
        if doomed.is_empty() && stale.is_empty() {
            return Ok(());
        }
        self.make_dirty()?;
        for p in stale {
            remove_any(&self.side.spare.join(p))?;
        }
        for d in doomed {
            remove_any(&self.side.spare.join(d))?;
        }
        Ok(())
    }

    /// Puts the marker in the spare folder, dated like the output folder's.
    fn ensure_marker(&self) -> Result<()> {
        let file = self.side.spare.join(MARKER);
        let right = self.tree.marker.is_some_and(|s| {
            s.size == MARKER_TEXT.len() as u64
                && fs::read(&file).is_ok_and(|b| b == MARKER_TEXT.as_bytes())
        });
        if right {
            return Ok(());
        }
        self.make_dirty()?;
        let mut f = create(&file).map_err(|e| Error::io(&file, e))?;
        f.write_all(MARKER_TEXT.as_bytes())
            .map_err(|e| Error::io(&file, e))?;
        // The same time in both folders, so deploy tools never send it again.
        if let Some(t) = self
            .live_marker
            .filter(|s| s.size == MARKER_TEXT.len() as u64)
        {
            f.set_modified(manifest::time(t.mtime))
                .map_err(|e| Error::io(&file, e))?;
        }
        Ok(())
    }

    /// Writes the spare folder's manifest.
    fn record<'a>(&self, entries: impl Iterator<Item = (&'a String, &'a Entry)>) -> Result<()> {
        let path = self.side.manifest(&self.spare_id);
        let tmp = self
            .side
            .dir
            .join(format!("{}.manifest.tmp", self.spare_id));
        manifest::write(&tmp, &path, &self.spare_id, entries).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            Error::io(&path, e)
        })
    }
}

impl Drop for Update {
    /// A build that stopped before its commit records what the spare folder
    /// now holds, so the next build rewrites only what this one left unsure.
    fn drop(&mut self) {
        if self.committed || !*lock(&self.dirty) {
            return;
        }
        let produced = std::mem::take(&mut *lock(&self.produced));
        let mut entries: HashMap<String, Entry> = self
            .trusted
            .iter()
            .filter(|(p, _)| !produced.contains_key(*p))
            .map(|(p, e)| (p.clone(), e.clone()))
            .collect();
        entries.extend(produced.into_iter().filter_map(|(p, e)| e.map(|e| (p, e))));
        let _ = self.record(entries.iter());
    }
}

/// Opens `file` to be written from its start, never through a link.
fn create(file: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    o.open(file)
}

/// Gives the open file `f` the time `changed` and returns its entry.
fn dated(f: &File, file: &Path, hash: Hash, changed: i128) -> Result<Entry> {
    f.set_modified(manifest::time(changed))
        .map_err(|e| Error::io(file, e))?;
    let stamp = Stamp::of(&f.metadata().map_err(|e| Error::io(file, e))?);
    Ok(Entry {
        hash,
        changed,
        stamp,
    })
}

/// Removes a file, link or folder; one already gone is fine.
fn remove_any(p: &Path) -> Result<()> {
    let r = match fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(p),
        Ok(_) => fs::remove_file(p),
        Err(_) => Ok(()),
    };
    match r {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io(p, e)),
        _ => Ok(()),
    }
}

/// Writes `text` to `file` unless it holds it already.
fn ensure(file: &Path, text: &str) -> Result<()> {
    if fs::read(file).is_ok_and(|b| b == text.as_bytes()) {
        return Ok(());
    }
    fs::write(file, text).map_err(|e| Error::io(file, e))
}

/// The folder beside the output folder `out` where stepwise keeps its own
/// files, `.<name>.stepwise/` (see the module documentation), made if
/// missing, with the `.gitignore` that keeps it out of git and a README.
/// Besides the build, `check --external` keeps its results there.
pub(crate) fn sidecar(out: &Path) -> Result<PathBuf> {
    let out = super::target::canonical(out);
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(Error::io(&out, io::ErrorKind::InvalidInput.into()));
    };
    let name = name.to_string_lossy().into_owned();
    let dir = parent.join(format!(".{name}.stepwise"));
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    ensure(&dir.join(".gitignore"), "*\n")?;
    ensure(&dir.join("README.txt"), &readme(&name))?;
    Ok(dir)
}

/// Removes the manifests of folders that are neither the output folder nor
/// the spare one (and any a killed build was writing).
fn remove_other_manifests(dir: &Path, keep: &[String]) {
    let Ok(entries) = fs::read_dir(dir) else {
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

/// Removes the `.<name>.stepwise-tmp-<pid>` folders that earlier versions of
/// stepwise left beside the output folder when a build was killed.
/// (Their `.<name>.stepwise-old-<pid>` folders are left alone: one may hold
/// a file of the user's that such a build moved aside.)
fn remove_leftovers_of_old_versions(parent: &Path, name: &str) {
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
        "This folder belongs to stepwise: it keeps the folder {name}/ beside it up to date.\n\
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
    fn put_refuses_paths_that_leave_the_output_folder_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("output");
        let update = Update::begin(&out, "output").expect("begin");
        for (path, reason) in [
            ("/index.html", "it is an absolute path"),
            ("../index.html", ".."),
            ("a/../../index.html", ".."),
        ] {
            let e = update.put(path, b"<p>x</p>").expect_err(path).to_string();
            assert!(
                e.contains(&format!(
                    "refusing to write {path:?} into the output folder"
                )) && e.contains(reason),
                "{path}: {e}"
            );
        }
        update
            .put("index.html", b"<p>home</p>")
            .expect("a path inside");
        update.commit().expect("commit");
        assert!(!dir.path().join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "<p>home</p>"
        );
    }
}
