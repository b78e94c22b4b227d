//! Where rendered files go: a [`Sink`] takes each file as soon as it is
//! made, from any of the render's threads. `build` writes it to the spare
//! output folder, `check` keeps it in memory ([`Collect`]), `serve` indexes
//! its links and hashes it, and a render that only looks for problems
//! drops it ([`Discard`]). [`Noting`] passes files on and notes what a file
//! made from all the others needs to know of them (the offline worker's
//! list).

use crate::error::{Error, Result};
use crate::hash::ContentHash;
use crate::sync::lock;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputFile {
    /// Path inside the output folder, `/`-separated.
    pub(crate) path: String,
    /// The file's bytes.
    pub(crate) bytes: Vec<u8>,
}

/// Where rendered files go, as they are rendered (from several threads).
pub(crate) trait Sink: Sync {
    /// Takes one file of the site. An error stops the render.
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()>;

    /// Takes one file of the site that is a copy of the file at `source`
    /// (one of `static/`); returns the hash of its bytes. By default it is
    /// read whole and [`Sink::put`]; a sink that can copy it through a small
    /// buffer (the build's) does, so that memory does not grow with the
    /// file's size.
    fn put_file(&self, path: String, source: &Path) -> Result<ContentHash> {
        let bytes = std::fs::read(source).map_err(|e| Error::io(source, e))?;
        let hash = ContentHash::of(&bytes);
        self.put(path, bytes)?;
        Ok(hash)
    }
}

/// A [`Sink`] that keeps every file in memory.
#[derive(Debug, Default)]
pub(crate) struct Collect(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        lock(&self.0).insert(path, bytes);
        Ok(())
    }
}

impl Collect {
    /// The files, sorted by path.
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        self.0
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes })
            .collect()
    }
}

/// A [`Sink`] that keeps nothing: for a render that only looks for problems.
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _: String, _: Vec<u8>) -> Result<()> {
        Ok(())
    }
}

/// What [`Noting`] notes of a file that went by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Noted {
    /// Its path inside the output folder, `/`-separated.
    pub(crate) path: String,
    /// Its content hash.
    pub(crate) hash: ContentHash,
    /// Its size in bytes.
    pub(crate) len: u64,
}

/// A [`Sink`] that passes every file on to another and notes its path,
/// hash and size on the way.
pub(crate) struct Noting<'a> {
    /// Where the files go.
    pub(crate) to: &'a dyn Sink,
    noted: Mutex<Vec<Noted>>,
}

impl<'a> Noting<'a> {
    /// Notes the files going to `to`.
    pub(crate) fn new(to: &'a dyn Sink) -> Self {
        Noting {
            to,
            noted: Mutex::new(Vec::new()),
        }
    }

    /// The files that went by, in the order they came.
    pub(crate) fn noted(&self) -> Vec<Noted> {
        lock(&self.noted).clone()
    }
}

impl Sink for Noting<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        let noted = Noted {
            path: path.clone(),
            hash: ContentHash::of(&bytes),
            len: bytes.len() as u64,
        };
        self.to.put(path, bytes)?;
        lock(&self.noted).push(noted);
        Ok(())
    }

    /// Passes a static file on as a file to copy (never read whole here:
    /// the sink it goes to says its hash) and notes it.
    fn put_file(&self, path: String, source: &Path) -> Result<ContentHash> {
        let len = std::fs::metadata(source)
            .map_err(|e| Error::io(source, e))?
            .len();
        let hash = self.to.put_file(path.clone(), source)?;
        lock(&self.noted).push(Noted { path, hash, len });
        Ok(hash)
    }
}
