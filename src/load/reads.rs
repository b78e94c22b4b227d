//! Which content files were read, for tests that check that an edit reads
//! only the files it changed (compiled in tests only).

use crate::sync::lock;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static READS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Notes that the content file at `path` is being read.
pub(crate) fn record(path: &Path) {
    lock(&READS).push(path.to_path_buf());
}

/// The content files under `dir` read so far, in the order read
/// (tests running at the same time each have a folder of their own).
pub(crate) fn under(dir: &Path) -> Vec<PathBuf> {
    lock(&READS)
        .iter()
        .filter(|p| p.starts_with(dir))
        .cloned()
        .collect()
}
