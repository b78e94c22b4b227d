//! Themes: the default theme embedded in the binary, overridden file by file
//! by `themes/<theme>/templates/` and `themes/<theme>/static/` in the site.
//!
//! This module loads templates and assets and turns Tera's errors into
//! diagnostics; it does not decide what is rendered (see `render`).

use crate::error::{Diagnostic, Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
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
    "partials/toc.html",
    "partials/file-links.js",
    "partials/checklist.css",
    "partials/checklist.js",
    "partials/progress.js",
);

/// The default theme's assets, compiled into the binary.
const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
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

/// Compiles the theme's templates into a Tera instance, with stepwise's
/// template helpers: `url(path=...)`, the URL of a root-relative path from
/// the page being rendered, and the `human_date` filter.
pub fn compile(theme: &Theme, portable: bool) -> Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_function("url", move |kwargs: tera::Kwargs, state: &tera::State| {
        let path: String = kwargs.must_get("path")?;
        let current: String = state.get("current")?.unwrap_or_default();
        Ok::<_, tera::Error>(crate::url::relative(&current, &path, portable))
    });
    tera.register_filter(
        "human_date",
        |date: &str, _: tera::Kwargs, _: &tera::State| human_date(date),
    );
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.text.as_str())),
    )
    .map_err(|e| Error::from(diagnose(theme, &e, None)))?;
    Ok(tera)
}

/// Turns a Tera error into a diagnostic located in the template, naming the
/// page being rendered when there is one.
pub fn diagnose(theme: &Theme, err: &tera::Error, page: Option<&Path>) -> Diagnostic {
    let while_rendering = page
        .map(|p| format!(" (while rendering {})", p.display()))
        .unwrap_or_default();
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let name = r.filename();
            let (display, text) = match theme.templates.get(name) {
                Some(s) => (s.display.clone(), s.text.as_str()),
                None => (PathBuf::from(name), ""),
            };
            let span = r.span();
            Diagnostic::at(
                display,
                text,
                span.start_line,
                span.start_col + 1,
                format!("template error: {}{while_rendering}", r.message()),
            )
            .with_hint(hint(r.message()))
        }
        None => {
            if let Some(d) = diagnose_listing(theme, &err.to_string(), &while_rendering) {
                return d;
            }
            // Inheritance problems name the template and what it refers to:
            // point at the line that refers to it.
            let named = match err.kind() {
                tera::ErrorKind::MissingParent { current, parent } => Some((current, parent)),
                tera::ErrorKind::CircularExtend { tpl, .. } => Some((tpl, tpl)),
                tera::ErrorKind::CircularInclude { tpl, .. } => Some((tpl, tpl)),
                _ => None,
            };
            if let Some((name, target)) = named {
                if let Some(src) = theme.templates.get(name.as_str()) {
                    let line = src
                        .text
                        .lines()
                        .position(|l| l.contains(target.as_str()) && l.contains("{%"))
                        .map_or(1, |i| i + 1);
                    return Diagnostic::at(
                        &src.display,
                        &src.text,
                        line,
                        1,
                        format!("template error: {err}{while_rendering}"),
                    )
                    .with_hint("extend or include a template the theme has, without cycles");
                }
            }
            let mut msg = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::file("themes", format!("template error: {msg}{while_rendering}"))
                .with_hint("check the theme's templates")
        }
    }
}

/// Tera reports several template problems at once as one text, each as
/// `error: MESSAGE\n --> NAME:LINE:COL`; this locates the first of them.
fn diagnose_listing(theme: &Theme, text: &str, while_rendering: &str) -> Option<Diagnostic> {
    let message = text
        .lines()
        .next()?
        .trim_start_matches("error: ")
        .to_string();
    let at = text.split("--> ").nth(1)?.lines().next()?;
    let mut parts = at.rsplitn(3, ':');
    let col: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?;
    let source = theme.templates.get(name)?;
    let more = text.matches("--> ").count().saturating_sub(1);
    let more = if more > 0 {
        format!(" (and {more} more template problems)")
    } else {
        String::new()
    };
    Some(
        Diagnostic::at(
            &source.display,
            &source.text,
            line,
            col,
            format!("template error: {message}{while_rendering}{more}"),
        )
        .with_hint(hint(&message)),
    )
}

/// What to do about a template error.
fn hint(message: &str) -> String {
    if message.contains("not defined in any parent template") {
        return format!(
            "the built-in templates extend base.html and fill its blocks {}: an overriding base.html must define all of them",
            BASE_BLOCKS.join(", ")
        );
    }
    "fix the template, or delete it to fall back to the default theme's".into()
}

/// The blocks of `base.html` that the built-in templates fill.
pub const BASE_BLOCKS: &[&str] = &["title", "head", "main", "scripts"];

/// `2026-11-20` → `20 November 2026`; anything else is returned as it is.
fn human_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_string();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => date.to_string(),
    }
}
