//! Templates at render time: compiling a [`Theme`]'s templates into Tera with
//! stepwise's helpers (`url(path=...)`, `human_date`, `nobreak`), and turning Tera's
//! errors into diagnostics located in the template.

use super::component_cycles;
use crate::error::{Diagnostic, Error, Result};
use crate::load::Theme;
use crate::load::{Date, DateFormat};
use std::path::{Path, PathBuf};

/// Compiles the theme's templates into a Tera instance, with stepwise's
/// template helpers: `url(path=...)`, the URL of a root-relative path from
/// the page being rendered, the `human_date` filter, which prints a
/// `YYYY-MM-DD` date the site's way (`dates`), and the `nobreak` filter:
/// text as HTML with its number ranges kept on one line (`figures.rs`).
pub(crate) fn compile(theme: &Theme, portable: bool, dates: DateFormat) -> Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_function("url", move |kwargs: tera::Kwargs, state: &tera::State| {
        let path: String = kwargs.must_get("path")?;
        let current: String = state.get("current")?.unwrap_or_default();
        Ok::<_, tera::Error>(crate::url::relative(&current, &path, portable))
    });
    tera.register_filter(
        "human_date",
        move |date: &str, _: tera::Kwargs, _: &tera::State| human_date(date, &dates),
    );
    tera.register_filter("nobreak", |text: &str, _: tera::Kwargs, _: &tera::State| {
        tera::Value::safe_string(&crate::render::figures::to_html(text))
    });
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
pub(crate) fn diagnose(theme: &Theme, err: &tera::Error, page: Option<&Path>) -> Diagnostic {
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
            if let Some(d) = diagnose_recursion(theme, err, &while_rendering) {
                return d;
            }
            // Inheritance problems name the template and what it refers to:
            // point at the line that refers to it. A circular extend is
            // shown where the loop is (the last of the chain), not at a
            // template that merely extends a template in it.
            let named = match err.kind() {
                tera::ErrorKind::MissingParent { current, parent } => Some((current, parent)),
                tera::ErrorKind::CircularExtend {
                    tpl,
                    inheritance_chain,
                } => {
                    let looped = inheritance_chain.last().unwrap_or(tpl);
                    Some((looped, looped))
                }
                tera::ErrorKind::CircularInclude { tpl, .. } => Some((tpl, tpl)),
                _ => None,
            };
            let message = match err.kind() {
                tera::ErrorKind::CircularExtend { .. } => format!(
                    "Circular extend detected for template '{}'",
                    named.map_or("", |(n, _)| n.as_str())
                ),
                _ => err.to_string(),
            };
            if let Some((name, target)) = named {
                if let Some(src) = theme.templates.get(name.as_str()) {
                    let (line, col) = tag_naming(&src.text, target);
                    return Diagnostic::at(
                        &src.display,
                        &src.text,
                        line,
                        col,
                        format!("template error: {message}{while_rendering}"),
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

/// The line and column (both from 1) of the first `{%` tag of `text` that
/// names `target` (an `{% include %}` or `{% extends %}`), or 1:1.
fn tag_naming(text: &str, target: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find(target) else {
            continue;
        };
        if let Some(open) = line[..at].rfind("{%") {
            return (i + 1, line[..open].chars().count() + 1);
        }
    }
    (1, 1)
}

/// Tera's "Maximum render recursion depth" names no template: point at the
/// call that closes the theme's cycle of components.
fn diagnose_recursion(
    theme: &Theme,
    err: &tera::Error,
    while_rendering: &str,
) -> Option<Diagnostic> {
    if !matches!(err.kind(), tera::ErrorKind::Msg(m) if m.contains("recursion depth")) {
        return None;
    }
    let cycle = component_cycles::find(theme)?;
    let source = theme.templates.get(&cycle.template)?;
    let first = &cycle.components[0];
    let through = match &cycle.components[1..] {
        [] => String::new(),
        rest => format!(
            " through {}",
            rest.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(
        Diagnostic::at_offset(
            &source.display,
            &source.text,
            cycle.offset,
            format!(
                "template error: component `{first}` calls itself{through} without end \
                 (Tera stops after {MAX_COMPONENT_DEPTH} levels){while_rendering}"
            ),
        )
        .with_hint(
            "call a component from itself only under a condition that ends the recursion \
             ({% if depth > 0 %}), or render the nested part another way",
        ),
    )
}

/// How deep Tera lets components call one another.
const MAX_COMPONENT_DEPTH: usize = 20;

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
pub(crate) const BASE_BLOCKS: &[&str] = &["title", "head", "main", "scripts"];

/// `2026-11-20` → `November 20, 2026` (as the site prints dates); anything
/// else is returned as it is. For themes: the views already give
/// `updated_human` and the like.
fn human_date(date: &str, dates: &DateFormat) -> String {
    Date::parse(date).map_or_else(|| date.to_string(), |d| d.format(dates))
}
