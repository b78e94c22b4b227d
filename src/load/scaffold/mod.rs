//! `stepwise init DIR`: writes a new site into an empty folder, as
//! `zola init` and `hugo new site` do: `site.yaml`, a guide overview, two
//! steps with checklists and a FAQ page, each opening with a comment that
//! says what the file is for, and (unless `--no-ci`) a GitHub Actions
//! workflow that publishes the site to GitHub Pages with this version of
//! stepwise. The files are embedded from `scaffold/site/`.
//!
//! It lives in `load` because it writes exactly what `load` reads: the
//! starter site is the smallest example of the format this stage defines,
//! and the unit test below loads and renders it, so a change to the format
//! that the scaffold no longer meets fails here, next to the format itself.
//! It is not a stage: no other stage runs, and it never overwrites a file.

use crate::error::{Diagnostic, Error, Result};
use crate::url::slugify;
use std::path::{Path, PathBuf};

/// The starter site: (path under the new site's root, text). `{title}` and
/// `{site_id}` are filled in from the folder's name, `{version}` with
/// stepwise's.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("site/site.yaml")),
    ("content/_index.md", include_str!("site/content/_index.md")),
    (
        "content/step-1-get-started.md",
        include_str!("site/content/step-1-get-started.md"),
    ),
    (
        "content/step-2-take-action.md",
        include_str!("site/content/step-2-take-action.md"),
    ),
    ("content/faq.md", include_str!("site/content/faq.md")),
    // Stored without its dot, so that it does not apply to this repository.
    (".gitignore", include_str!("site/gitignore")),
];

/// The workflow that publishes the site to GitHub Pages, installing the
/// stepwise that wrote it from PyPI (no Rust); left out with `--no-ci`.
/// Stored outside `.github/`, so that it does not run in this repository.
const CI_FILE: (&str, &str) = (
    ".github/workflows/pages.yml",
    include_str!("site/pages.yml"),
);

/// What [`init`] writes besides the site itself.
#[derive(Debug, Clone, Copy)]
pub struct InitOptions {
    /// Also write the GitHub Pages workflow, `.github/workflows/pages.yml`.
    pub ci: bool,
}

/// What [`init`] wrote.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// The new site's root folder, as given.
    pub dir: PathBuf,
    /// The files written, relative to `dir`, in the order written.
    pub files: Vec<&'static str>,
    /// Files of the scaffold left out because the folder already had them
    /// (only hidden ones can be there, such as `.gitignore`).
    pub kept: Vec<&'static str>,
}

/// Writes the starter site into `dir`, creating it (and its parents) if
/// needed. Refuses a folder that holds anything but hidden entries (a
/// folder with only `.git/` is fine, as with `zola init`), writing nothing.
/// If writing fails part way, removes what it wrote.
pub fn init(dir: &Path, opts: &InitOptions) -> Result<InitReport> {
    let label = dir.to_path_buf();
    if let Some((link, to)) = dangling_link(dir) {
        let what = if link == dir {
            "this is".to_string()
        } else {
            format!("{} is", crate::shown::path(&link))
        };
        return Err(Diagnostic::file(
            &label,
            format!(
                "{what} a symbolic link to {}, which does not exist",
                crate::shown::path(&to)
            ),
        )
        .with_hint("create the folder the link points to, remove the link, or give another name")
        .into());
    }
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(Diagnostic::file(&label, "this is a file, not a folder")
                .with_hint("give the name of a new folder: `stepwise init my-guide`")
                .into())
        }
        Ok(_) => {
            let visible = visible_entries(dir)?;
            if !visible.is_empty() {
                return Err(Diagnostic::file(
                    &label,
                    format!("this folder is not empty (it holds {})", list(&visible)),
                )
                .with_hint(
                    "give the name of a new folder, or empty this one: init never writes over your files",
                )
                .into());
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(dir, e)),
    }
    let (title, site_id) = names(dir);
    let mut written = Written::default();
    let mut report = InitReport {
        dir: dir.to_path_buf(),
        files: Vec::new(),
        kept: Vec::new(),
    };
    let ci = opts.ci.then_some(&CI_FILE);
    for &(rel, text) in FILES.iter().chain(ci) {
        let path = dir.join(rel);
        if path.exists() {
            report.kept.push(rel);
            continue;
        }
        let text = text
            .replace("{title}", &title)
            .replace("{site_id}", &site_id)
            .replace("{version}", env!("CARGO_PKG_VERSION"));
        written.write(&path, &text)?;
        report.files.push(rel);
    }
    written.keep();
    Ok(report)
}

/// The first of `dir` and the folders above it (nearest first) that is a
/// symbolic link leading nowhere, with where it leads: a folder cannot be
/// created there.
fn dangling_link(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    dir.ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| p.symlink_metadata().is_ok_and(|m| m.is_symlink()) && !p.exists())
        .map(|p| (p.to_path_buf(), std::fs::read_link(p).unwrap_or_default()))
}

/// The folder's entries whose names do not start with a dot, sorted, with
/// folders marked by a trailing `/`.
fn visible_entries(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let folder = entry.file_type().is_ok_and(|t| t.is_dir());
        names.push(if folder { format!("{name}/") } else { name });
    }
    names.sort();
    Ok(names)
}

/// Up to three names, then how many more.
fn list(names: &[String]) -> String {
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    match names.len() {
        n if n > 3 => format!("{shown} and {} more", n - 3),
        _ => shown,
    }
}

/// The site's title (a quoted YAML string) and `site_id`, from the folder's
/// name: `my-guide` gives "My guide" and `my-guide`. A site_id of its own
/// keeps two new sites previewed on the same address from sharing ticks.
fn names(dir: &Path) -> (String, String) {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    let title = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My guide".to_string(),
    };
    // site_id allows only a-z, 0-9 and -: other letters are dropped.
    let id = slugify(&name)
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let id = if id.is_empty() { "my-guide".into() } else { id };
    // A JSON string is a valid double-quoted YAML scalar, whatever the name holds.
    let title = serde_json::to_string(&title).unwrap_or_else(|_| "\"My guide\"".into());
    (title, id)
}

/// The files and folders written so far, removed again unless [`keep`]
/// is called: a failed init leaves nothing behind.
///
/// [`keep`]: Written::keep
#[derive(Default)]
struct Written {
    paths: Vec<PathBuf>,
    done: bool,
}

impl Written {
    fn write(&mut self, path: &Path, text: &str) -> Result<()> {
        if let Some(parent) = path.parent() {
            // Every folder created on the way is recorded, outermost first.
            let mut missing = Vec::new();
            let mut p = parent;
            while !p.as_os_str().is_empty() && !p.exists() {
                missing.push(p.to_path_buf());
                match p.parent() {
                    Some(up) => p = up,
                    None => break,
                }
            }
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            self.paths.extend(missing.into_iter().rev());
        }
        std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
        self.paths.push(path.to_path_buf());
        Ok(())
    }

    fn keep(mut self) {
        self.done = true;
    }
}

impl Drop for Written {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for p in self.paths.iter().rev() {
            // Best effort: a folder that is not empty stays.
            let _ = std::fs::remove_file(p).or_else(|_| std::fs::remove_dir(p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_folder() {
        assert_eq!(
            names(Path::new("/tmp/my-ir_guide")),
            ("\"My ir guide\"".to_string(), "my-ir-guide".to_string())
        );
        assert_eq!(
            names(Path::new("/tmp/Guía \"2026\"")),
            ("\"Guía \\\"2026\\\"\"".to_string(), "gua-2026".to_string())
        );
        assert_eq!(names(Path::new("/")).1, "my-guide");
    }

    #[test]
    fn the_new_site_builds_and_checks_without_a_word() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("new-site");
        let report = init(&dir, &InitOptions { ci: true }).expect("init");
        assert_eq!(report.files.len(), FILES.len() + 1);
        let report = crate::pipeline::check(&dir, &Default::default()).expect("check");
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        // What only the publisher can write is left as placeholders, which
        // check names (and the site leaves out) until they are filled in.
        let placeholders: Vec<&str> = report.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            placeholders,
            [
                "publisher is still the placeholder \"<who publishes this guide>\"",
                "reviewed is still the placeholder \"<YYYY-MM-DD: the day you last checked the facts>\"",
                "report_errors is still the placeholder \"<a URL or mailto: address where readers report errors>\""
            ]
        );
        let text = std::fs::read_to_string(dir.join("site.yaml")).expect("site.yaml");
        assert!(text.contains("title: \"New site\"\n") && text.contains("site_id: new-site\n"));
    }

    #[test]
    fn every_file_says_what_it_is_for() {
        for (rel, text) in FILES.iter().chain([&CI_FILE]) {
            let first = text.lines().find(|l| *l != "---").unwrap_or_default();
            assert!(
                first.starts_with("# "),
                "{rel} opens with a comment: {first}"
            );
        }
    }
}
