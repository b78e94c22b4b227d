//! The file system side of an import: what the output folder already holds
//! (files that would be overwritten, step numbers and checklist ids in use
//! in the site), and writing every file at once, through temporary files in
//! the output folder, so nothing lands outside it and a failure leaves no
//! half-written file.

use crate::error::{Error, Result};
use crate::load::{split, FrontMatter, KEYS};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What the site around the output folder already uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Existing {
    /// Checklist ids used anywhere in the site's content.
    pub(crate) ids: BTreeSet<String>,
    /// Step numbers used by files directly in the output folder (that the
    /// import does not replace), with the file.
    pub(crate) steps: BTreeMap<u32, PathBuf>,
}

/// The site content folder around `into`: its nearest ancestor (or itself)
/// named `content`, else `into`.
pub(crate) fn content_root(into: &Path) -> &Path {
    into.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "content"))
        .unwrap_or(into)
}

/// Reads the front matter of every content file around `into`, except the
/// files named in `writing` (directly in `into`), which the import replaces.
pub(crate) fn scan(into: &Path, writing: &BTreeSet<String>) -> Existing {
    let mut found = Existing::default();
    let root = content_root(into);
    let walker = walkdir::WalkDir::new(root)
        .max_depth(12)
        .sort_by_file_name();
    for entry in walker.into_iter().filter_map(std::result::Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let hidden = path
            .strip_prefix(root)
            .map(|r| {
                r.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
            .unwrap_or(false);
        if !entry.file_type().is_file() || !name.ends_with(".md") || hidden {
            continue;
        }
        let direct = path.parent() == Some(into);
        if direct && writing.contains(name.as_ref()) {
            continue;
        }
        let Some(meta) = front_matter(path) else {
            continue;
        };
        found.ids.extend(
            meta.checklist
                .iter()
                .flat_map(|g| g.items.iter().map(|i| i.id.clone())),
        );
        if let (true, Some(n)) = (direct, meta.step) {
            found.steps.entry(n).or_insert_with(|| path.to_path_buf());
        }
    }
    found
}

fn front_matter(path: &Path) -> Option<FrontMatter> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let s = split(text).ok()?;
    crate::load::yaml::parse(s.front, path, text, s.front_line, KEYS).ok()
}

/// The files of `names` that already exist in `into`.
pub(crate) fn existing(into: &Path, names: &[String]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|n| into.join(n))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect()
}

/// Writes `files` (name, contents) into `into`, creating it if needed.
/// Every file is first written to a temporary file beside its target; the
/// targets are replaced only once all of them are written.
pub(crate) fn write_all(into: &Path, files: &[(String, String)]) -> Result<()> {
    std::fs::create_dir_all(into).map_err(|e| Error::io(into, e))?;
    let pid = std::process::id();
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, PathBuf)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (name, text) in files {
        let target = into.join(name);
        let temp = into.join(format!(".{name}.stepwise-tmp-{pid}"));
        if let Err(e) = std::fs::write(&temp, text) {
            cleanup(&temps);
            let _ = std::fs::remove_file(&temp);
            return Err(Error::io(&temp, e));
        }
        temps.push((temp, target));
    }
    for (k, (temp, target)) in temps.iter().enumerate() {
        if let Err(e) = std::fs::rename(temp, target) {
            cleanup(&temps[k..]);
            return Err(Error::io(target, e));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(
            content_root(Path::new("site/content/derm")),
            Path::new("site/content")
        );
        assert_eq!(content_root(Path::new("out")), Path::new("out"));
    }

    #[test]
    fn scans_ids_and_steps_and_writes() {
        let dir = tempfile::tempdir().expect("temp");
        let content = dir.path().join("content");
        let guide = content.join("derm");
        std::fs::create_dir_all(&guide).expect("mkdir");
        std::fs::write(
            content.join("step-1-x.md"),
            "---\ntitle: X\nstep: 1\nchecklist:\n  - group: G\n    items:\n      - id: s1-a\n        text: A\n---\n",
        )
        .expect("write");
        std::fs::write(guide.join("step-2-y.md"), "---\ntitle: Y\nstep: 2\n---\n").expect("write");
        std::fs::write(guide.join("faq.md"), "---\ntitle: F\nstep: 9\n---\n").expect("write");
        let writing: BTreeSet<String> = ["faq.md".to_string()].into();
        let found = scan(&guide, &writing);
        assert!(found.ids.contains("s1-a"));
        assert_eq!(found.steps.keys().copied().collect::<Vec<_>>(), vec![2]);

        write_all(
            &guide,
            &[("faq.md".into(), "new".into()), ("a.md".into(), "a".into())],
        )
        .expect("write");
        assert_eq!(
            std::fs::read_to_string(guide.join("faq.md")).expect("read"),
            "new"
        );
        let names: Vec<String> = std::fs::read_dir(&guide)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.contains("stepwise-tmp")),
            "{names:?}"
        );
    }
}
