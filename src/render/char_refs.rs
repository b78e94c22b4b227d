//! Control characters written as character references in Markdown
//! (`&#27;`, `&#x7;`, `&#x85;`) are refused, as the load stage refuses them
//! in a file's bytes (`load::control_chars`): Markdown decodes the references in
//! text and in link and image titles, so they would reach the HTML and the
//! feed as the characters themselves. Link and image addresses are checked
//! too: there they would be percent-encoded, but a message naming the
//! address (a broken link) would show the character on the terminal.
//!
//! The decoded events are the authority on what reaches the page (text in
//! code is not decoded, `\&#27;` is not a reference, `&#0;` becomes U+FFFD);
//! the source is read only to point at each reference. References in an
//! HTML block or inside a tag (`<abbr title="&#27;">`) are not decoded by
//! Markdown but passed on as written, and are left alone; text between
//! inline tags is Markdown text, and is checked.

use crate::load::control_chars::{describe, is_control};
use pulldown_cmark::{Event, RefDefs, Tag};
use std::collections::HashSet;
use std::ops::Range;

/// Finds the control characters a page's Markdown writes as references.
pub(super) struct References<'a> {
    body: &'a str,
    /// Whether the body holds `&#` at all: most pages do not, and cost
    /// nothing more.
    active: bool,
    /// The references reported: a reference definition's title shows in
    /// every link that uses it, and is reported once.
    reported: HashSet<usize>,
}

impl<'a> References<'a> {
    /// For the Markdown `body` of a page.
    pub(super) fn new(body: &'a str) -> Self {
        References {
            body,
            active: memchr::memmem::find(body.as_bytes(), b"&#").is_some(),
            reported: HashSet::new(),
        }
    }

    /// Adds to `problems` (offset in the body, message, hint) each reference
    /// to a control character that `event`, found at `range` of the body,
    /// holds: in text, or in a link's or image's address or title. `defs`
    /// are the body's link reference definitions, where a reference link's
    /// address and title are written.
    pub(super) fn check(
        &mut self,
        event: &Event,
        range: &Range<usize>,
        defs: &RefDefs,
        problems: &mut Vec<(usize, String, String)>,
    ) {
        if !self.active {
            return;
        }
        // What the event holds, in the order it is written in `span`.
        let (span, parts): (_, [(&str, &str); 2]) = match event {
            Event::Text(t) => (range.clone(), [(t, ""), ("", "")]),
            Event::Start(Tag::Link {
                dest_url,
                title,
                id,
                ..
            }) => (
                span_of(defs, id, range),
                [
                    (dest_url, " in a link address"),
                    (title, " in a link title"),
                ],
            ),
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) => (
                span_of(defs, id, range),
                [
                    (dest_url, " in an image address"),
                    (title, " in an image title"),
                ],
            ),
            _ => return,
        };
        let counts = parts.map(|(text, _)| text.chars().filter(|&c| is_control(c)).count());
        let total: usize = counts.iter().sum();
        if total == 0 {
            return;
        }
        let refs = control_refs(&self.body[span.clone()]);
        if refs.len() < total {
            // Not found in the source (never seen): still refused, at the event.
            for (text, place) in parts {
                if let Some(c) = text.chars().find(|&c| is_control(c)) {
                    let message = format!(
                        "a character reference{place} stands for control character {}",
                        describe(c)
                    );
                    self.report(span.start, message, None, problems);
                }
            }
            return;
        }
        // An address and a title come last in a link (or its definition),
        // in that order: their references are the last ones there, after
        // those of the link's text, which are reported with the text.
        let mut refs = &refs[refs.len() - total..];
        for ((_, place), count) in parts.into_iter().zip(counts) {
            let (mine, rest) = refs.split_at(count);
            refs = rest;
            for &(at, len, c) in mine {
                let written = &self.body[span.start + at..span.start + at + len];
                let message = format!(
                    "character reference `{written}`{place} stands for control character {}",
                    describe(c)
                );
                // In an address `&amp;` would not show the reference.
                let shown = (!place.contains("address")).then_some(written);
                self.report(span.start + at, message, shown, problems);
            }
        }
    }

    fn report(
        &mut self,
        offset: usize,
        message: String,
        written: Option<&str>,
        problems: &mut Vec<(usize, String, String)>,
    ) {
        if !self.reported.insert(offset) {
            return;
        }
        let mut hint = "delete it: web pages and feeds cannot carry control characters".to_string();
        if let Some(written) = written {
            hint.push_str(&format!(
                " (to show the reference itself, write `&amp;{}`)",
                &written[1..]
            ));
        }
        problems.push((offset, message, hint));
    }
}

/// Whether `s` holds a control character.
pub(super) fn holds_control(s: &str) -> bool {
    s.chars().any(is_control)
}

/// Where a link's title is written: in its reference definition, for a
/// reference link, or in the link itself.
fn span_of(defs: &RefDefs, id: &str, link: &Range<usize>) -> Range<usize> {
    match defs.get(id) {
        Some(def) if !id.is_empty() => def.span.clone(),
        _ => link.clone(),
    }
}

/// The numeric character references in `src` that stand for control
/// characters: offset, length and character of each, in order. A reference
/// after a backslash is text, not a reference.
fn control_refs(src: &str) -> Vec<(usize, usize, char)> {
    let b = src.as_bytes();
    let mut found = Vec::new();
    for at in memchr::memmem::find_iter(b, b"&#") {
        let backslashes = b[..at].iter().rev().take_while(|&&c| c == b'\\').count();
        if backslashes % 2 == 1 {
            continue;
        }
        if let Some((len, c)) = numeric_ref(&src[at..]) {
            if is_control(c) {
                found.push((at, len, c));
            }
        }
    }
    found
}

/// The numeric character reference at the start of `s` (`&#27;`, `&#x1B;`),
/// as CommonMark reads it: its length and the character it stands for
/// (U+FFFD for zero, surrogates and numbers past Unicode).
fn numeric_ref(s: &str) -> Option<(usize, char)> {
    let rest = s.strip_prefix("&#")?;
    let (hex, digits) = match rest.as_bytes().first() {
        Some(b'x' | b'X') => (true, &rest[1..]),
        _ => (false, rest),
    };
    let (radix, max) = if hex { (16, 6) } else { (10, 7) };
    let n = digits
        .bytes()
        .take_while(|c| c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()))
        .count();
    if n == 0 || n > max || digits.as_bytes().get(n) != Some(&b';') {
        return None;
    }
    let code = u32::from_str_radix(&digits[..n], radix).ok()?;
    let c = match code {
        0 => '\u{fffd}',
        code => char::from_u32(code).unwrap_or('\u{fffd}'),
    };
    Some((2 + usize::from(hex) + n + 1, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_references_as_commonmark_does() {
        assert_eq!(numeric_ref("&#27;[31m"), Some((5, '\u{1b}')));
        assert_eq!(numeric_ref("&#x7;"), Some((5, '\u{7}')));
        assert_eq!(numeric_ref("&#X85;"), Some((6, '\u{85}')));
        assert_eq!(numeric_ref("&#0000011;"), Some((10, '\u{b}')));
        assert_eq!(numeric_ref("&#0;"), Some((4, '\u{fffd}')));
        assert_eq!(numeric_ref("&#xD800;"), Some((8, '\u{fffd}')));
        assert_eq!(numeric_ref("&#233;"), Some((6, 'é')));
        for not in [
            "&#27",
            "&#;",
            "&#x;",
            "&#00000027;",
            "&#x0000007;",
            "&amp;",
            "&#-1;",
        ] {
            assert_eq!(numeric_ref(not), None, "{not}");
        }
    }

    #[test]
    fn finds_references_to_control_characters_only() {
        assert_eq!(
            control_refs("a &#27;[31m \\&#7; \\\\&#x7; &#233; &#0; &#x85;"),
            [(2, 5, '\u{1b}'), (20, 5, '\u{7}'), (38, 6, '\u{85}')]
        );
    }
}
