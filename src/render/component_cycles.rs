//! Where a theme's components call themselves.
//!
//! Tera stops a component that calls itself (directly, or through other
//! components or the templates they include) after a few levels, with a
//! message that names no template, line or column. This reads the theme's
//! templates (their text, not Tera's parse) to find such a cycle, so that
//! the error can point at the call that closes it. Not for checking a theme
//! in advance: a component may call itself on purpose, for a bounded depth.

use crate::load::Theme;
use std::collections::{BTreeMap, BTreeSet};

/// A component that calls itself, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cycle {
    /// The components of the cycle, from the one whose call closes it.
    pub(crate) components: Vec<String>,
    /// The template holding that call.
    pub(crate) template: String,
    /// The byte offset of the call (its `<`) in that template.
    pub(crate) offset: usize,
}

/// A call of a component: in which template, at which offset.
#[derive(Debug, Clone)]
struct Call {
    name: String,
    template: String,
    offset: usize,
}

/// The first cycle of component calls in `theme` (components and templates
/// in name order), if any.
pub(crate) fn find(theme: &Theme) -> Option<Cycle> {
    let texts: BTreeMap<&str, &str> = theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.text.as_str()))
        .collect();
    let defs: BTreeMap<String, (&str, std::ops::Range<usize>)> = texts
        .iter()
        .flat_map(|(name, text)| {
            definitions(text)
                .into_iter()
                .map(move |(c, body)| (c, (*name, body)))
        })
        .collect();
    let known: BTreeSet<&str> = defs.keys().map(String::as_str).collect();
    // Each component's calls: those in its body and in the templates it includes.
    let calls: BTreeMap<&str, Vec<Call>> = defs
        .iter()
        .map(|(c, (tpl, body))| {
            let mut out = Vec::new();
            let mut seen = BTreeSet::new();
            calls_in(&texts, &known, tpl, body.clone(), &mut seen, &mut out);
            (c.as_str(), out)
        })
        .collect();
    for start in defs.keys() {
        let mut path = vec![start.as_str()];
        if let Some(cycle) = walk(&calls, &mut path, &mut BTreeSet::new()) {
            return Some(cycle);
        }
    }
    None
}

/// Depth-first from the last component of `path`: the first call back to
/// `path[0]`.
fn walk<'a>(
    calls: &'a BTreeMap<&str, Vec<Call>>,
    path: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
) -> Option<Cycle> {
    let here = *path.last()?;
    for call in calls.get(here).into_iter().flatten() {
        if call.name == path[0] {
            let mut components: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            components.rotate_left(path.len() - 1);
            return Some(Cycle {
                components,
                template: call.template.clone(),
                offset: call.offset,
            });
        }
        if path.contains(&call.name.as_str()) || !done.insert(call.name.as_str()) {
            continue;
        }
        path.push(call.name.as_str());
        let found = walk(calls, path, done);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The calls of known components in `range` of template `tpl`, and in the
/// templates it includes there (each template once).
fn calls_in(
    texts: &BTreeMap<&str, &str>,
    known: &BTreeSet<&str>,
    tpl: &str,
    range: std::ops::Range<usize>,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<Call>,
) {
    let Some(text) = texts.get(tpl) else {
        return;
    };
    for (start, tag) in tags(text, range) {
        let inner = tag.trim_start_matches(['{', '%', '-']).trim_start();
        if let Some(rest) = inner.strip_prefix("include") {
            let name = rest.trim_start().trim_start_matches(['"', '\'']);
            let name = name.split(['"', '\'']).next().unwrap_or_default();
            if seen.insert(name.to_string()) {
                if let Some(included) = texts.get(name) {
                    calls_in(texts, known, name, 0..included.len(), seen, out);
                }
            }
            continue;
        }
        for (at, _) in tag.match_indices('<') {
            let after = &tag[at + 1..];
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(after.len());
            let name = &after[..end];
            if known.contains(name) {
                out.push(Call {
                    name: name.to_string(),
                    template: tpl.to_string(),
                    offset: start + at,
                });
            }
        }
    }
}

/// The `{{ … }}` and `{% … %}` tags in `range` of `text`, with their offsets.
fn tags(text: &str, range: std::ops::Range<usize>) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = range.start;
    while let Some(open) = text.get(at..range.end).and_then(|s| s.find('{')) {
        let start = at + open;
        let close = match text.as_bytes().get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                at = start + 1;
                continue;
            }
        };
        let Some(len) = text[start + 2..].find(close) else {
            break;
        };
        let end = (start + 2 + len + 2).min(range.end);
        out.push((start, &text[start..end]));
        at = end;
    }
    out
}

/// Each `{% component NAME(...) %}` of `text`, with the range of its body.
fn definitions(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let all = tags(text, 0..text.len());
    for (i, (start, tag)) in all.iter().enumerate() {
        let Some(rest) = statement(tag).strip_prefix("component ") else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let body_start = start + tag.len();
        let body_end = all[i + 1..]
            .iter()
            .find(|(_, t)| statement(t).starts_with("endcomponent"))
            .map_or(text.len(), |(s, _)| *s);
        out.push((name, body_start..body_end));
    }
    out
}

/// A `{% … %}` tag's statement, without its delimiters.
fn statement(tag: &str) -> &str {
    match tag.strip_prefix("{%") {
        Some(rest) => rest.trim_start_matches('-').trim_start(),
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::theme::TemplateSource;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        let mut theme = Theme::default();
        for (name, text) in templates {
            theme.templates.insert(
                name.to_string(),
                TemplateSource {
                    display: name.into(),
                    text: text.to_string(),
                },
            );
        }
        theme
    }

    #[test]
    fn finds_a_component_calling_itself() {
        let t = theme(&[(
            "c.html",
            "{% component badge(n: integer) %}<b>{{ <badge n={n} /> }}</b>{% endcomponent badge %}",
        )]);
        let cycle = find(&t).expect("a cycle");
        assert_eq!(cycle.components, ["badge"]);
        assert_eq!((cycle.template.as_str(), cycle.offset), ("c.html", 39));
    }

    #[test]
    fn finds_a_cycle_through_an_include() {
        let t = theme(&[
            (
                "a.html",
                "{% component a() %}{% include \"p.html\" %}{% endcomponent a %}",
            ),
            ("p.html", "x\n{{ <b /> }}"),
            (
                "b.html",
                "{% component b() %}{%- if true %}{% <a> %}y{% </a> %}{% endif %}{% endcomponent %}",
            ),
        ]);
        let cycle = find(&t).expect("a cycle");
        assert_eq!(cycle.components, ["b", "a"]);
        assert_eq!(cycle.template, "b.html");
        assert_eq!(&t.templates["b.html"].text[cycle.offset..][..2], "<a");
    }

    #[test]
    fn calls_outside_definitions_and_between_distinct_components_are_no_cycle() {
        let t = theme(&[
            (
                "c.html",
                "{% component a() %}{{ <b /> }}{% endcomponent a %}{% component b() %}<a>{% endcomponent b %}",
            ),
            ("page.html", "{{ <a /> }}{{ <b /> }}"),
        ]);
        assert_eq!(find(&t), None);
    }
}
