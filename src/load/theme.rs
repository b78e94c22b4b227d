//! Themes: the default theme embedded in the binary, overridden file by file
//! by `themes/<theme>/templates/` and `themes/<theme>/static/` in the site.
//!
//! This module only reads templates and assets; compiling them and turning
//! Tera's errors into diagnostics is the render stage's (`render::templates`).

use super::walk::Names;
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
    "calendar.html",
    "404.html",
    "print.html",
    "search.html",
    "about.html",
    "partials/cards.html",
    "partials/overview.html",
    "partials/toc.html",
    "partials/file-links.js",
    "partials/checklist.css",
    "partials/checklist.js",
    "partials/checklist-pager.html",
    "partials/page-checklist.html",
    "partials/plan.html",
    "partials/ask.html",
    "partials/coming-up.html",
    "partials/ticks.js",
    "partials/plan.js",
    "partials/progress.js",
    "partials/coming-up.js",
    "partials/calendar.js",
    "partials/nav.js",
    "partials/review.html",
    "partials/publishing.html",
    "partials/nav-bar.html",
    "partials/toc-open.js",
    "partials/offline.js",
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
    (
        "reading.js",
        include_bytes!("../../themes/default/static/reading.js"),
    ),
];

/// Ids the default theme's templates give elements of every page, which a
/// page's own headings should not take (`stepwise import` avoids them).
pub(crate) const TEMPLATE_IDS: &[&str] = &[
    "main",
    "search",
    "search-input",
    "steps-heading",
    "more-heading",
    "toc-heading",
    "coming-up",
    "coming-up-heading",
    "page-checklist",
    "page-checklist-heading",
    "plan",
    "plan-heading",
    "plan-share",
    "plan-export",
    "plan-import",
    "plan-file",
    "plan-link-box",
    "plan-link",
    "plan-msg",
    "ask",
    "ask-title",
    "ask-body",
    "ask-ok",
];

/// A template's source and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    /// Path shown in errors (`themes/x/templates/page.html`, or
    /// `<default theme>/templates/page.html` for an embedded one).
    pub(crate) display: PathBuf,
    /// The template text.
    pub(crate) text: String,
}

/// A theme: its templates and its static files, and the site's own static
/// files that go on top of them.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name → source.
    pub(crate) templates: BTreeMap<String, TemplateSource>,
    /// Output path → bytes, for files copied as they are.
    pub(crate) assets: BTreeMap<String, Vec<u8>>,
    /// The files of the site's `static/` folder, as (output path, file):
    /// found here, with the theme's, so that a bad link among them is a
    /// load problem; read when the site is rendered.
    pub(crate) site_static: Vec<(String, PathBuf)>,
}

/// Loads theme `name` for the site at `root`: the embedded default theme,
/// then every file of `themes/<name>/` on top of it; and finds the files of
/// the site's `static/`.
pub(crate) fn load(root: &Path, name: &str) -> Result<Theme> {
    match load_all(root, name)? {
        (theme, problems) if problems.is_empty() => Ok(theme),
        (_, problems) => Err(Error::Input(problems)),
    }
}

/// [`load`], as far as the theme's files allow: a file behind a bad link
/// (out of the site, broken, a loop) is left out and reported, and the rest
/// is loaded. Fails when the theme does not exist or a file cannot be read.
pub(crate) fn load_all(root: &Path, name: &str) -> Result<(Theme, Vec<Diagnostic>)> {
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
    let (site_static, mut problems) =
        super::walk::files(root, &root.join("static"), Names::Published, |_| true);
    theme.site_static = site_static;
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name == "default" {
            return Ok((theme, problems));
        }
        return Err(Diagnostic::file(
            "site.yaml",
            format!("theme `{name}` not found: no folder themes/{name}/"),
        )
        .with_hint("create the folder, or remove `theme:` to use the built-in default theme")
        .into());
    }
    if let Some(d) = super::walk::outside_the_site(root, &dir) {
        problems.push(d);
        return Ok((theme, problems));
    }
    let (templates, mut more) =
        super::walk::files(root, &dir.join("templates"), Names::Read, |_| true);
    problems.append(&mut more);
    let (assets, mut more) =
        super::walk::files(root, &dir.join("static"), Names::Published, |_| true);
    problems.append(&mut more);
    for (rel, path) in templates {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let display = PathBuf::from("themes")
            .join(name)
            .join("templates")
            .join(&rel);
        theme
            .templates
            .insert(rel, TemplateSource { display, text });
    }
    for (rel, path) in assets {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        theme.assets.insert(rel, bytes);
    }
    Ok((theme, problems))
}
