//! One build's update of the output folder: the spare generation is brought
//! up to date file by file as the render hands files over, then swapped in.
//! See the module documentation of [`crate::write`] for the layout on disk
//! and what a killed build leaves.

use super::lock::acquire;
use super::manifest::{self, Entry, Hash, Stamp};
use super::owned;
use super::path::{check_path, MARKER};
use super::shown::list;
use super::sidecar::{self, Sidecar};
use super::swap;
use super::target::{canonical, different_file_systems, sidecar_shown, Mount, GIT_HINT};
use super::tree::{self, Tree};
use crate::error::{Diagnostic, Error, Result};
use crate::hash::{ContentHash, ContentHasher};
use crate::sync::lock;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

/// The bytes of the marker at the root of every output folder.
pub(crate) const MARKER_TEXT: &str =
    "This folder is a site built by stepwise. Every `stepwise build` makes it\n\
match the site again: files that are not part of the site are removed.\n\
Put files that belong in the site in the site's static/ folder.\n";

/// How much of a static file is in memory at a time while it is copied.
const COPY_BUFFER: usize = 256 * 1024;

/// What a build changed in the output folder, compared with the previous
/// output: what a deploy tool will see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files that are new or whose bytes changed: written, with the build's time.
    pub written: usize,
    /// Files whose bytes did not change: their modification times are kept.
    pub unchanged: usize,
    /// What the previous output held that the site no longer has (with
    /// `--force-clean`, also what stepwise had not written), sorted, as
    /// messages show names.
    pub removed: Vec<String>,
}

impl Changes {
    /// The first few of [`Changes::removed`], then how many more.
    pub fn removed_list(&self) -> String {
        list(&self.removed)
    }
}

/// How a build may treat its output folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Delete what the output folder holds that stepwise did not write
    /// (it is named in [`Changes::removed`]); without it, the build is
    /// refused. A git repository is never deleted.
    pub force_clean: bool,
    /// Told when the build must wait for another build of the same output
    /// folder, with that build's process id when known.
    pub waiting: Option<fn(Option<u32>)>,
}

/// The output folder as the build found it.
#[derive(Default)]
struct Live {
    /// Its manifest (empty when it has none).
    manifest: HashMap<String, Entry>,
    /// When its own manifest cannot be found: every file that some other
    /// manifest in the sidecar names (see [`Sidecar::named_by_any_manifest`]).
    named: HashSet<String>,
    /// When it is marked but its own manifest cannot be found (restored
    /// from a CI cache, copied, its sidecar deleted): what the manifest
    /// would have said, read back from its files ([`tree::read_back`]),
    /// for their times only; what stepwise wrote is still only what a
    /// manifest names.
    read_back: HashMap<String, Entry>,
    /// Its marker, if it has one.
    marker: Option<Stamp>,
    /// What it holds, by name (its files are not `stat`ed).
    tree: Tree,
}

impl Live {
    /// Reads the output folder `out`, whose identity is `id`.
    fn read(out: &Path, id: &str, side: &Sidecar) -> Result<Live> {
        let marker = fs::symlink_metadata(out.join(MARKER))
            .ok()
            .filter(|m| m.is_file())
            .map(|m| Stamp::of(&m));
        let own = marker.and_then(|_| side.read_manifest(id));
        let named = match own {
            Some(_) => HashSet::new(),
            None => side.named_by_any_manifest(),
        };
        let read_back = match (&own, marker) {
            (None, Some(_)) => tree::read_back(out),
            _ => HashMap::new(),
        };
        Ok(Live {
            manifest: own.unwrap_or_default(),
            named,
            read_back,
            marker,
            tree: tree::names(out).map_err(|e| Error::io(out, e))?,
        })
    }

    /// What the output folder's manifest (or, without one, its files read
    /// back) says of `path`.
    fn known(&self, path: &str) -> Option<&Entry> {
        self.manifest.get(path).or_else(|| self.read_back.get(path))
    }

    /// Whether a manifest names the file `path`: stepwise wrote it.
    fn names(&self, path: &str) -> bool {
        self.manifest.contains_key(path) || self.named.contains(path)
    }
}

/// The spare folder as the build found it.
struct Spare {
    /// Its id, naming its manifest.
    id: String,
    /// What it holds, once what cannot be trusted is gone.
    tree: Tree,
    /// Its manifest's entries that match the files on disk.
    trusted: HashMap<String, Entry>,
    /// Whether it still had its manifest.
    had_manifest: bool,
}

impl Spare {
    /// Reads the spare folder, making it if needed, and removes what its
    /// manifest cannot vouch for (links and other strays, files a killed
    /// or failed build left): they would be rewritten or removed anyway,
    /// and going first they free the space the build needs. Returns
    /// whether anything was removed (the manifest is then gone).
    fn read(side: &Sidecar) -> Result<(Spare, bool)> {
        let spare = &side.spare;
        fs::create_dir_all(spare).map_err(|e| Error::io(spare, e))?;
        let meta = fs::metadata(spare).map_err(|e| Error::io(spare, e))?;
        let id = manifest::folder_id(&meta);
        let mut tree = tree::walk(spare).map_err(|e| Error::io(spare, e))?;
        let listed = side.read_manifest(&id);
        let had_manifest = listed.is_some();
        let trusted: HashMap<String, Entry> = listed
            .unwrap_or_default()
            .into_iter()
            .filter(|(p, e)| tree.files.get(p) == Some(&e.stamp))
            .collect();
        let mut doubtful: Vec<PathBuf> = std::mem::take(&mut tree.others);
        doubtful.extend(
            tree.files
                .keys()
                .filter(|p| !trusted.contains_key(*p))
                .map(PathBuf::from),
        );
        let cleared = !doubtful.is_empty();
        if cleared {
            remove_manifest(&side.manifest(&id))?;
            for p in &doubtful {
                remove_any(&spare.join(p))?;
            }
            tree.files.retain(|p, _| trusted.contains_key(p));
        }
        let spare = Spare {
            id,
            tree,
            trusted,
            had_manifest,
        };
        Ok((spare, cleared))
    }
}

/// An update of the output folder in progress. Take files with
/// [`Update::put`] and [`Update::put_file`], then [`Update::commit`];
/// dropped without a commit, it leaves the output folder as it was (and
/// records what it did to the spare generation, so the next build can
/// reuse it).
pub(crate) struct Update {
    /// The output folder, absolute and without links.
    out: PathBuf,
    /// The output folder as the user named it, for refusals.
    given: PathBuf,
    side: Sidecar,
    /// How messages name the sidecar folder.
    side_shown: String,
    /// Held until the update is dropped.
    _lock: File,
    /// Where messages say the output folder is.
    label: String,
    options: Options,
    /// This build's time: the modification time of every file it writes.
    now: i128,
    /// The output folder's id, when there is one.
    live_id: Option<String>,
    live: Live,
    spare: Spare,
    /// Folders known to exist in the spare folder.
    dirs: Mutex<HashSet<String>>,
    /// The files of this build: `None` while being written.
    produced: Mutex<HashMap<String, Option<Entry>>>,
    /// The files this build created or emptied in the spare folder.
    wrote: Mutex<Vec<String>>,
    /// Whether a write found the disk full: what this build wrote then goes.
    full: AtomicBool,
    /// Whether the spare folder has been changed (its manifest is then gone
    /// until the update ends).
    dirty: Mutex<bool>,
    committed: bool,
}

impl Update {
    /// Starts an update of the output folder `out` (already checked by
    /// [`super::check_target`]); `label` is how messages name it. Waits while
    /// another build updates the same folder.
    pub(crate) fn begin(out: &Path, label: &str, options: Options) -> Result<Update> {
        let given = out.to_path_buf();
        let out = canonical(out);
        let side = Sidecar::of(&out)?;
        let side_shown = sidecar_shown(&given, &out, &side);
        // Checked by `check_target`; again here, just before anything is
        // made in it, so that nothing is ever written through a link.
        if let Some((reason, hint)) = side
            .check_owned(&side_shown)
            .map_err(|e| Error::io(&side.dir, e))?
        {
            return Err(Error::UnsafeOutput {
                path: given,
                reason,
                hint,
            });
        }
        side.make()?;
        let lock_path = side.dir.join("lock");
        let waiting = |pid| {
            if let Some(tell) = options.waiting {
                tell(pid);
            }
        };
        let lock_file = acquire(&lock_path, &waiting).map_err(|e| Error::io(&lock_path, e))?;
        swap::recover(&side.spare, &out, &side.old).map_err(|e| Error::io(&side.old, e))?;
        if let Some(parent) = out.parent() {
            sidecar::remove_leftovers_of_old_versions(parent, &side.name);
        }

        let now = manifest::nanos(SystemTime::now());
        let (live_id, live) = match fs::metadata(&out) {
            Ok(m) if m.is_dir() => {
                let id = manifest::folder_id(&m);
                let live = Live::read(&out, &id, &side)?;
                (Some(id), live)
            }
            _ => (None, Live::default()),
        };
        let (spare, cleared) = Spare::read(&side)?;

        Ok(Update {
            dirs: Mutex::new(spare.tree.dirs.clone()),
            out,
            given,
            side,
            side_shown,
            _lock: lock_file,
            label: label.to_string(),
            options,
            now,
            live_id,
            live,
            spare,
            produced: Mutex::new(HashMap::new()),
            wrote: Mutex::new(Vec::new()),
            full: AtomicBool::new(false),
            dirty: Mutex::new(cleared),
            committed: false,
        })
    }

    /// Takes one file of the site: `path` is `/`-separated, inside the
    /// output folder. A file whose bytes the spare generation already holds
    /// is neither read nor written.
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.claim(path)?;
        let hash = manifest::hash(bytes);
        let changed = self.changed(path, hash);
        let entry = match self.spare.trusted.get(path) {
            Some(e) if e.hash == hash && e.changed == changed => Entry {
                source: None,
                ..e.clone()
            },
            Some(e) if e.hash == hash => self.set_time(path, hash, changed)?,
            _ => {
                let (mut f, file) = self.create(path)?;
                f.write_all(bytes)
                    .map_err(|e| self.failed(path, &file, e))?;
                dated(&f, &file, hash, changed)?
            }
        };
        lock(&self.produced).insert(path.to_string(), Some(entry));
        Ok(())
    }

    /// Takes one file of the site copied as it is from `source` (a file of
    /// `static/`), through a small buffer: memory does not grow with its
    /// size. While the manifests say what `source` held when its `stat`
    /// was the same, it is not read at all; if the spare generation then
    /// already holds those bytes, nothing is copied either. Returns the
    /// hash of its bytes.
    pub(crate) fn put_file(&self, path: &str, source: &Path) -> Result<ContentHash> {
        self.claim(path)?;
        let meta = fs::metadata(source).map_err(|e| Error::io(source, e))?;
        let src = Stamp::of(&meta);
        let spare = self.spare.trusted.get(path);
        let vouched = [self.live.manifest.get(path), spare]
            .into_iter()
            .flatten()
            .find(|e| e.source == Some(src))
            .map(|e| e.hash);
        let hash = match (vouched, spare) {
            (Some(hash), _) => Some(hash),
            // The spare's copy has the same size: most likely the same
            // bytes, so read the source once to see, rather than copy it.
            (None, Some(e)) if e.stamp.size == src.size => Some(hash_file(source)?),
            _ => None,
        };
        let entry = match (hash, spare) {
            (Some(hash), Some(e)) if e.hash == hash => {
                let changed = self.changed(path, hash);
                if e.changed == changed {
                    e.clone()
                } else {
                    self.set_time(path, hash, changed)?
                }
            }
            _ => self.copy(path, source)?,
        };
        let entry = Entry {
            source: Some(src),
            ..entry
        };
        let hash = entry.hash;
        lock(&self.produced).insert(path.to_string(), Some(entry));
        Ok(hash)
    }

    /// Checks `path` and claims it for one file of this build.
    fn claim(&self, path: &str) -> Result<()> {
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
        if self.full.load(Ordering::Relaxed) {
            let file = self.side.spare.join(path);
            return Err(self.failed(path, &file, io::ErrorKind::StorageFull.into()));
        }
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
        Ok(())
    }

    /// The time of a file of this build with bytes `hash`: the output
    /// folder's time for it if its bytes are the same there, else now.
    fn changed(&self, path: &str, hash: Hash) -> i128 {
        match self.live.known(path) {
            Some(e) if e.hash == hash => e.changed,
            _ => self.now,
        }
    }

    /// Reads back the text of a file taken, to quote it in a diagnostic.
    pub(crate) fn read(&self, path: &str) -> Option<String> {
        fs::read_to_string(self.side.spare.join(path)).ok()
    }

    /// Removes what the site no longer has from the spare generation,
    /// records its manifest and swaps it with the output folder. Refused
    /// when the output folder holds what stepwise did not write (unless
    /// [`Options::force_clean`]) or a git repository.
    pub(crate) fn commit(mut self) -> Result<Changes> {
        let produced: HashMap<String, Entry> = std::mem::take(&mut *lock(&self.produced))
            .into_iter()
            .filter_map(|(p, e)| e.map(|e| (p, e)))
            .collect();
        let foreign = self.foreign(&produced)?;
        self.remove_stale(&produced)?;
        self.ensure_marker()?;
        let dirty = *lock(&self.dirty);
        if dirty || !self.spare.had_manifest || produced.len() != self.spare.trusted.len() {
            self.record(produced.iter())?;
            // The manifest now says what the folder holds, also if the swap
            // below fails.
            *lock(&self.dirty) = false;
        }
        swap::swap(&self.side.spare, &self.out, &self.side.old).map_err(|e| {
            if e.kind() == io::ErrorKind::CrossesDevices {
                let (reason, hint) =
                    different_file_systems(&self.given, &self.side_shown, Mount::Unknown);
                Error::UnsafeOutput {
                    path: self.given.clone(),
                    reason,
                    hint,
                }
            } else {
                Error::io(&self.out, e)
            }
        })?;
        self.committed = true;
        // The manifests of other folders (copies, restored caches) go once
        // a build has succeeded: until then they still say what stepwise
        // wrote (see `Live::named`).
        let ids: Vec<String> = self
            .live_id
            .iter()
            .chain([&self.spare.id])
            .cloned()
            .collect();
        self.side.remove_other_manifests(&ids);
        // What was not stepwise's went to the spare folder with the rest of
        // the previous output; the user asked for it to go.
        for f in &foreign {
            let _ = remove_any(&self.side.spare.join(&f.path));
        }
        let written = produced
            .iter()
            .filter(|(p, e)| self.live.known(p).map(|l| l.hash) != Some(e.hash))
            .count();
        Ok(Changes {
            written,
            unchanged: produced.len() - written,
            removed: owned::removed(&self.live.tree, &|p| produced.contains_key(p)),
        })
    }

    /// What the output folder holds that stepwise did not write and this
    /// build would delete: refused, unless the user asked for a clean
    /// folder; a git repository is refused whatever was asked.
    fn foreign(&self, produced: &HashMap<String, Entry>) -> Result<Vec<owned::Foreign>> {
        let refuse = |reason: String, hint: &str| Error::UnsafeOutput {
            path: self.given.clone(),
            reason,
            hint: hint.to_string(),
        };
        if let Some(git) = owned::git_repository(&self.live.tree) {
            return Err(refuse(
                format!("it holds a git repository ({git}), which this build would delete"),
                GIT_HINT,
            ));
        }
        let live = &self.live;
        let foreign = owned::foreign(
            &live.tree,
            &|p| live.names(p),
            &mut live.manifest.keys().chain(&live.named).map(String::as_str),
            &|p| produced.contains_key(p),
            &mut produced.keys().map(String::as_str),
        );
        if foreign.is_empty() || self.options.force_clean {
            return Ok(foreign);
        }
        let shown: Vec<String> = foreign.iter().map(|f| f.shown.clone()).collect();
        let hint = if live.manifest.is_empty() && live.named.is_empty() {
            format!("stepwise finds no record in {}/ of what it wrote there (a copy of an output folder has none): move them elsewhere (files that belong in the site go in static/), or build with --force-clean to delete them", self.side_shown)
        } else {
            "move them elsewhere (files that belong in the site go in static/), or build with --force-clean to delete them".to_string()
        };
        Err(refuse(
            format!(
                "it holds files stepwise did not write, which this build would delete: {}",
                list(&shown)
            ),
            &hint,
        ))
    }

    /// Before the first change to the spare folder: its manifest goes, so
    /// that a build killed from here on leaves a folder nothing is trusted
    /// in.
    fn make_dirty(&self) -> Result<()> {
        let mut dirty = lock(&self.dirty);
        if !*dirty {
            remove_manifest(&self.side.manifest(&self.spare.id))?;
            *dirty = true;
        }
        Ok(())
    }

    /// Opens `path` in the spare folder to be written from its start,
    /// making its folders; returns the file and its full path.
    fn create(&self, path: &str) -> Result<(File, PathBuf)> {
        self.make_dirty()?;
        let file = self.side.spare.join(path);
        if let Some((parent, _)) = path.rsplit_once('/') {
            if !lock(&self.dirs).contains(parent) {
                self.make_dirs(parent)?;
            }
        }
        lock(&self.wrote).push(path.to_string());
        let f = match create(&file) {
            Ok(f) => f,
            Err(_) if fs::symlink_metadata(&file).is_ok_and(|m| m.is_dir()) => {
                // A folder of an earlier build where this build has a file.
                fs::remove_dir_all(&file).map_err(|e| Error::io(&file, e))?;
                create(&file).map_err(|e| self.failed(path, &file, e))?
            }
            Err(e) => return Err(self.failed(path, &file, e)),
        };
        Ok((f, file))
    }

    /// Copies `source` to `path` in the spare folder, hashing it on the way.
    fn copy(&self, path: &str, source: &Path) -> Result<Entry> {
        let mut from = File::open(source).map_err(|e| Error::io(source, e))?;
        let (mut to, file) = self.create(path)?;
        let mut hasher = ContentHasher::default();
        let mut buf = vec![0u8; COPY_BUFFER];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(source, e)),
            };
            hasher.update(&buf[..n]);
            to.write_all(&buf[..n])
                .map_err(|e| self.failed(path, &file, e))?;
        }
        let hash = hasher.finish();
        dated(&to, &file, hash, self.changed(path, hash))
    }

    /// The error for a failed write of `path` (at `file`): when the disk is
    /// full, one that says so and where stepwise keeps what, and what this
    /// build wrote goes when it stops (see `Drop`).
    fn failed(&self, path: &str, file: &Path, e: io::Error) -> Error {
        if !is_full(&e) {
            return Error::io(file, e);
        }
        self.full.store(true, Ordering::Relaxed);
        let side = &self.side_shown;
        Error::DiskFull {
            path: PathBuf::from(format!("{side}/spare/{path}")),
            source: e,
            hint: format!(
                "stepwise keeps the site twice: in {}/ and, beside it, in {side}/spare/ (the previous build, which the next one brings up to date and swaps in); what this build wrote there has been deleted again. Free some space, then build again",
                self.label
            ),
        }
    }

    /// Sets the time of `path` in the spare folder, whose bytes are right.
    fn set_time(&self, path: &str, hash: Hash, changed: i128) -> Result<Entry> {
        self.make_dirty()?;
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
                    Err(e) => return Err(self.failed(rel, &at, e)),
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
            .spare
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
        let right = self.spare.tree.marker.is_some_and(|s| {
            s.size == MARKER_TEXT.len() as u64
                && fs::read(&file).is_ok_and(|b| b == MARKER_TEXT.as_bytes())
        });
        if right {
            return Ok(());
        }
        self.make_dirty()?;
        let mut f = create(&file).map_err(|e| self.failed(MARKER, &file, e))?;
        f.write_all(MARKER_TEXT.as_bytes())
            .map_err(|e| self.failed(MARKER, &file, e))?;
        // The same time in both folders, so deploy tools never send it again.
        if let Some(t) = self
            .live
            .marker
            .filter(|s| s.size == MARKER_TEXT.len() as u64)
        {
            f.set_modified(manifest::time(t.mtime))
                .map_err(|e| Error::io(&file, e))?;
        }
        Ok(())
    }

    /// Writes the spare folder's manifest.
    fn record<'a>(&self, entries: impl Iterator<Item = (&'a String, &'a Entry)>) -> Result<()> {
        let id = &self.spare.id;
        let path = self.side.manifest(id);
        let tmp = self.side.dir.join(format!("{id}.manifest.tmp"));
        manifest::write(&tmp, &path, id, entries).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            let name = format!("../{id}.manifest");
            self.failed(&name, &path, e)
        })
    }
}

impl Drop for Update {
    /// A build that stopped before its commit records what the spare folder
    /// now holds, so the next build rewrites only what this one left
    /// unsure. One that found the disk full first deletes what it wrote, so
    /// that the next build has the room this one had.
    fn drop(&mut self) {
        if self.committed || !*lock(&self.dirty) {
            return;
        }
        let produced = std::mem::take(&mut *lock(&self.produced));
        let mut entries: HashMap<String, Entry> = self
            .spare
            .trusted
            .iter()
            .filter(|(p, _)| !produced.contains_key(*p))
            .map(|(p, e)| (p.clone(), e.clone()))
            .collect();
        entries.extend(produced.into_iter().filter_map(|(p, e)| e.map(|e| (p, e))));
        if self.full.load(Ordering::Relaxed) {
            for p in std::mem::take(&mut *lock(&self.wrote)) {
                let _ = fs::remove_file(self.side.spare.join(&p));
                entries.remove(&p);
            }
        }
        let _ = self.record(entries.iter());
    }
}

/// Whether `e` says the disk (or the user's quota on it) is full.
fn is_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// Hashes the file at `source` through a small buffer.
fn hash_file(source: &Path) -> Result<Hash> {
    let mut from = File::open(source).map_err(|e| Error::io(source, e))?;
    let mut hasher = ContentHasher::default();
    let mut buf = vec![0u8; COPY_BUFFER];
    loop {
        match from.read(&mut buf) {
            Ok(0) => return Ok(hasher.finish()),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(source, e)),
        }
    }
}

/// Deletes the manifest at `m`; one already gone is fine.
fn remove_manifest(m: &Path) -> Result<()> {
    match fs::remove_file(m) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(m, e)),
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
        source: None,
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

/// The sidecar folder of the output folder `out`, made (with its
/// `.gitignore` and README) if missing, once it is known to be stepwise's
/// own. Besides the build, `check --external` keeps its results there.
pub(crate) fn sidecar(out: &Path) -> Result<PathBuf> {
    let side = Sidecar::of(&canonical(out))?;
    let owned = side
        .check_owned(&side.dir.display().to_string())
        .map_err(|e| Error::io(&side.dir, e))?;
    if let Some((reason, hint)) = owned {
        return Err(Error::UnsafeOutput {
            path: out.to_path_buf(),
            reason,
            hint,
        });
    }
    side.make()?;
    Ok(side.dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_refuses_paths_that_leave_the_output_folder_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("output");
        let update = Update::begin(&out, "output", Options::default()).expect("begin");
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
