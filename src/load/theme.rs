//! Themes: the default theme embedded in the binary, overridden file by file
//! by `themes/<theme>/templates/` and `themes/<theme>/static/` in the site.
//!
//! This module only reads templates and assets; compiling them and turning
//! Tera's errors into diagnostics is the render stage's (`render::templates`).

use crate::error::{Diagnostic, Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled into the binary.
const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "index.html",
    "guide.html",
    "page.html",
    "checklist.html",
    "404.html",
    "print.html",
    "partials/cards.html",
    "partials/overview.html",
    "partials/toc.html",
    "partials/file-links.js",
    "partials/checklist.css",
    "partials/checklist.js",
    "partials/progress.js",
    "partials/nav.js",
);

/// The default theme's assets, compiled into the binary.
const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
];

/// Ids the default theme's templates give elements of every page, which a
/// page's own headings should not take (`stepwise import` avoids them).
pub const TEMPLATE_IDS: &[&str] = &[
    "main",
    "search",
    "search-input",
    "steps-heading",
    "more-heading",
    "toc-heading",
];

/// A template's source and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Path shown in errors (`themes/x/templates/page.html`, or
    /// `<default theme>/templates/page.html` for an embedded one).
    pub display: PathBuf,
    /// The template text.
    pub text: String,
}

/// A theme: its templates and its static files.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name → source.
    pub templates: BTreeMap<String, TemplateSource>,
    /// Output path → bytes, for files copied as they are.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// Loads theme `name` for the site at `root`: the embedded default theme,
/// then every file of `themes/<name>/` on top of it.
pub fn load(root: &Path, name: &str) -> Result<Theme> {
    let mut theme = Theme::default();
    for (n, text) in TEMPLATES {
        theme.templates.insert(
            n.to_string(),
            TemplateSource {
                display: PathBuf::from(format!("<default theme>/templates/{n}")),
                text: text.to_string(),
            },
        );
    }
    for (n, bytes) in STATIC {
        theme.assets.insert(n.to_string(), bytes.to_vec());
    }
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name == "default" {
            return Ok(theme);
        }
        return Err(Diagnostic::file(
            "site.yaml",
            format!("theme `{name}` not found: no folder themes/{name}/"),
        )
        .with_hint("create the folder, or remove `theme:` to use the built-in default theme")
        .into());
    }
    for (rel, path) in files_under(&dir.join("templates"))? {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let display = PathBuf::from("themes")
            .join(name)
            .join("templates")
            .join(&rel);
        theme
            .templates
            .insert(rel, TemplateSource { display, text });
    }
    for (rel, path) in files_under(&dir.join("static"))? {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        theme.assets.insert(rel, bytes);
    }
    Ok(theme)
}

/// Every file under `dir` (if it exists), sorted, as (relative `/` path, path).
pub fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, std::io::Error::other(e.to_string()))
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !rel.split('/').any(|c| c.starts_with('.')) {
                out.push((rel, entry.path().to_path_buf()));
            }
        }
    }
    Ok(out)
}
