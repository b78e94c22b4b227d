//! Where rendered files go: a [`Sink`] takes each file as soon as it is
//! made, from any of the render's threads. `build` writes it to the spare
//! output folder, `check` keeps it in memory ([`Collect`]), `serve` indexes
//! its links and hashes it, and a render that only looks for problems
//! drops it ([`Discard`]).

use crate::error::Result;
use crate::sync::lock;
use std::collections::BTreeMap;
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
