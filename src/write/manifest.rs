//! The manifest of a generation folder: for every file stepwise wrote there,
//! the hash of its bytes, the time of the build in which those bytes last
//! changed, and what `stat` said of the file right after stepwise last
//! touched it. A build compares the files it renders against these hashes
//! without reading the files, and a file whose `stat` no longer matches
//! (someone edited, replaced or deleted it) is not trusted. A file copied
//! from `static/` also keeps what `stat` said of its source when it was
//! hashed, so that an unchanged source is neither read nor copied again.
//!
//! The manifest also says which files of its folder are stepwise's: a build
//! deletes from the output folder only files a manifest names or that the
//! site writes again (see [`crate::write`]).
//!
//! One text file per folder, `<id>.manifest` in the sidecar folder, where
//! `<id>` names the folder (its device and inode on Unix) so that a manifest
//! keeps describing its folder when the folders are swapped. Format: a
//! header line, the folder's id, then one line per file:
//! `hash size mtime inode ctime changed source path`, times in nanoseconds
//! since 1970, `source` either `-` or the source's `size,mtime,inode,ctime`,
//! sorted by path, then `end`. Version 1 (no `source`) is still read.
//!
//! ## Why `stat` is enough
//!
//! The manifest vouches for a file by `stat` alone, without reading it.
//! Every change to a file's bytes changes its change time (`ctime`), which
//! no system call sets by hand, or its inode (a file replaced); so every
//! edit, copy or restore made by a person or a tool is caught. What `stat`
//! cannot catch is a manifest rewritten to match an edited file (a forged
//! line): but whoever can write the manifest can write the output folder
//! itself, which is published as it is and which no build reads either, so
//! hashing every file of the spare copy again would cost each build a read
//! of the whole previous site and protect nothing. The manifest is a cache,
//! as git's index is: it guards against accidents, not against someone who
//! owns the folder.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The hash of a file's bytes: the crate's one content hash.
pub(crate) use crate::hash::ContentHash as Hash;

/// Hashes a file's bytes.
pub(crate) fn hash(bytes: &[u8]) -> Hash {
    Hash::of(bytes)
}

/// What `stat` says of a file. Any change to the file's bytes, times or
/// identity changes it: the change time and inode cannot be set by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Stamp {
    /// Size in bytes.
    pub(crate) size: u64,
    /// Modification time, ns since 1970.
    pub(crate) mtime: i128,
    /// Inode (0 where the platform has none).
    pub(crate) ino: u64,
    /// Status change time, ns since 1970 (0 where the platform has none).
    pub(crate) ctime: i128,
}

impl Stamp {
    /// The stamp of a file's metadata (`lstat` or `fstat`).
    pub(crate) fn of(m: &Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: m.len(),
                mtime: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
                ino: m.ino(),
                ctime: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                size: m.len(),
                mtime: m.modified().map(nanos).unwrap_or(0),
                ino: 0,
                ctime: 0,
            }
        }
    }
}

/// What the manifest knows of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The hash of its bytes.
    pub(crate) hash: Hash,
    /// The time of the build in which its bytes last changed (ns since
    /// 1970): the modification time it was given.
    pub(crate) changed: i128,
    /// `stat` right after stepwise last wrote it or set its time.
    pub(crate) stamp: Stamp,
    /// For a file copied from `static/`: `stat` of that file when its bytes
    /// were hashed; while it still matches, so does the hash.
    pub(crate) source: Option<Stamp>,
}

/// A time as ns since 1970 (negative before).
pub(crate) fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// The time `ns` ns after 1970.
pub(crate) fn time(ns: i128) -> SystemTime {
    let d = |n: i128| Duration::new((n / 1_000_000_000) as u64, (n % 1_000_000_000) as u32);
    if ns >= 0 {
        UNIX_EPOCH + d(ns)
    } else {
        UNIX_EPOCH - d(-ns)
    }
}

/// The id that names a folder's manifest: stable while the folder exists,
/// through renames and swaps.
pub(crate) fn folder_id(m: &Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        format!("{}-{}", m.dev(), m.ino())
    }
    #[cfg(not(unix))]
    {
        format!("c{}", m.created().map(nanos).unwrap_or(0))
    }
}

const HEADER: &str = "stepwise manifest 2";

/// The header of manifests written before sources were recorded.
const HEADER_1: &str = "stepwise manifest 1";

/// Reads the manifest at `path` if it describes the folder `id`; `None` when
/// it is missing, of another folder or damaged (then nothing in the folder
/// is trusted).
pub(crate) fn read(path: &Path, id: &str) -> Option<HashMap<String, Entry>> {
    read_any(path).and_then(|(of, entries)| (of == id).then_some(entries))
}

/// Reads the manifest at `path`, whichever folder it describes: that
/// folder's id and its entries.
pub(crate) fn read_any(path: &Path) -> Option<(String, HashMap<String, Entry>)> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.split('\n');
    let with_source = match lines.next()? {
        HEADER => true,
        HEADER_1 => false,
        _ => return None,
    };
    let id = lines.next()?.strip_prefix("folder ")?.to_string();
    let mut entries = HashMap::new();
    for line in lines.by_ref() {
        if line == "end" {
            // A manifest cut short (a full disk) has no end line.
            return (lines.next() == Some("") && lines.next().is_none()).then_some((id, entries));
        }
        let (path, entry) = parse_line(line, with_source)?;
        entries.insert(path, entry);
    }
    None
}

fn parse_line(line: &str, with_source: bool) -> Option<(String, Entry)> {
    let mut f = line.splitn(if with_source { 8 } else { 7 }, ' ');
    let hash = Hash::from_hex(f.next()?)?;
    let stamp = Stamp {
        size: f.next()?.parse().ok()?,
        mtime: f.next()?.parse().ok()?,
        ino: f.next()?.parse().ok()?,
        ctime: f.next()?.parse().ok()?,
    };
    let changed = f.next()?.parse().ok()?;
    let source = match with_source {
        true => parse_source(f.next()?)?,
        false => None,
    };
    let path = f.next()?;
    if path.is_empty() {
        return None;
    }
    let entry = Entry {
        hash,
        changed,
        stamp,
        source,
    };
    Some((path.to_string(), entry))
}

/// `-`, or a source's `size,mtime,inode,ctime`.
fn parse_source(field: &str) -> Option<Option<Stamp>> {
    if field == "-" {
        return Some(None);
    }
    let mut f = field.split(',');
    let stamp = Stamp {
        size: f.next()?.parse().ok()?,
        mtime: f.next()?.parse().ok()?,
        ino: f.next()?.parse().ok()?,
        ctime: f.next()?.parse().ok()?,
    };
    f.next().is_none().then_some(Some(stamp))
}

/// Writes the manifest of folder `id` to `tmp`, then renames it to `path`:
/// a reader sees the old manifest, none, or the whole new one.
pub(crate) fn write<'a>(
    tmp: &Path,
    path: &Path,
    id: &str,
    entries: impl Iterator<Item = (&'a String, &'a Entry)>,
) -> io::Result<()> {
    let mut sorted: Vec<_> = entries.collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::with_capacity(64 + sorted.len() * 120);
    writeln!(out, "{HEADER}\nfolder {id}")?;
    for (p, e) in sorted {
        let s = e.stamp;
        let source = match e.source {
            Some(c) => format!("{},{},{},{}", c.size, c.mtime, c.ino, c.ctime),
            None => "-".into(),
        };
        writeln!(
            out,
            "{} {} {} {} {} {} {source} {p}",
            e.hash, s.size, s.mtime, s.ino, s.ctime, e.changed
        )?;
    }
    out.extend_from_slice(b"end\n");
    std::fs::write(tmp, &out)?;
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_wrote_and_nothing_damaged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (tmp, path) = (dir.path().join("m.tmp"), dir.path().join("m"));
        let entry = Entry {
            hash: hash(b"x"),
            changed: -5,
            stamp: Stamp {
                size: 1,
                mtime: 1_700_000_000_123_456_789,
                ino: 42,
                ctime: 7,
            },
            source: None,
        };
        let copied = Entry {
            source: Some(Stamp {
                size: 9,
                mtime: -3,
                ino: 8,
                ctime: 1,
            }),
            ..entry.clone()
        };
        let mut entries = HashMap::new();
        entries.insert("a b/ü.html".to_string(), entry.clone());
        entries.insert("index.html".to_string(), entry);
        entries.insert("static file.bin".to_string(), copied);
        write(&tmp, &path, "1-2", entries.iter()).expect("write");
        assert_eq!(read(&path, "1-2"), Some(entries));
        assert!(!tmp.exists());
        assert_eq!(read(&path, "1-3"), None, "another folder's manifest");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, &text[..text.len() - 4]).expect("write");
        assert_eq!(read(&path, "1-2"), None, "cut short");
    }

    #[test]
    fn reads_manifests_of_the_first_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m");
        let hash = hash(b"x");
        std::fs::write(
            &path,
            format!("stepwise manifest 1\nfolder 1-2\n{hash} 1 2 3 4 5 a b.html\nend\n"),
        )
        .expect("write");
        let (id, entries) = read_any(&path).expect("read");
        assert_eq!(id, "1-2");
        let e = &entries["a b.html"];
        assert_eq!(
            (e.hash, e.changed, e.stamp.ctime, e.source),
            (hash, 5, 4, None)
        );
    }

    #[test]
    fn times_round_trip() {
        for ns in [0, 1, -1, 1_700_000_000_123_456_789, -86_400_000_000_001] {
            assert_eq!(nanos(time(ns)), ns);
        }
    }
}
