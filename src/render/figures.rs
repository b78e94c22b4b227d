//! Figures that stay on one line: a range of numbers ("245–255+", "1–2",
//! "$1,000 – $2,000", "2025–2026") is wrapped in `<span class="nobr">`,
//! which the default theme keeps from breaking (`white-space: nowrap`).
//! Browsers may break a line after an en or em dash, and at a space, so a
//! score range would otherwise end one line and start the next ("245–" /
//! "255+"). A number on its own never breaks inside ("1,072", "250+").
//!
//! The rule is general (any two numbers joined by a dash), so it holds
//! whatever figures the content says. It is applied to the text of pages
//! ([`wrap_events`], outside code and image descriptions) and, through the
//! `nobreak` template filter ([`to_html`]), to the plain text templates
//! print (checklist items, descriptions).

use crate::html::escape;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// Opens a figure's span.
const OPEN: &str = "<span class=\"nobr\">";
/// Closes it.
const CLOSE: &str = "</span>";

/// The byte ranges of `text` that hold a range of numbers a line could
/// break inside, in order.
pub(crate) fn ranges(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || letter_before(text, i) {
            i += 1;
            continue;
        }
        let start = prefix_start(text, i);
        let first_end = number_end(b, i);
        match joined(text, first_end) {
            Some((second, breakable)) if b.get(second).is_some_and(u8::is_ascii_digit) => {
                let end = number_end(b, second);
                if breakable && !letter_after(text, end) {
                    found.push(start..end);
                }
                i = end;
            }
            _ => i = first_end,
        }
    }
    found
}

/// Whether a letter comes right before byte `at` of `text`: "A1–2" is a
/// name, not a figure.
fn letter_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic)
}

/// Whether a letter comes right at byte `at` of `text`: "3–4b" is a name.
fn letter_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphabetic)
}

/// Where the figure whose digits start at `at` starts: a currency sign or
/// a sign right before it belongs to it ("$1,000", "~5").
fn prefix_start(text: &str, at: usize) -> usize {
    match text[..at].chars().next_back() {
        Some(c @ ('$' | '€' | '£' | '~' | '≈' | '<' | '>' | '≤' | '≥' | '+' | '−')) => {
            at - c.len_utf8()
        }
        _ => at,
    }
}

/// The end of the number whose digits start at `at`: digits, groups after
/// `,` or `.` ("1,000", "3.5"), and a `+` or `%` after it ("255+", "10%").
fn number_end(b: &[u8], mut at: usize) -> usize {
    loop {
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        match (b.get(at), b.get(at + 1)) {
            (Some(b',' | b'.'), Some(d)) if d.is_ascii_digit() => at += 1,
            _ => break,
        }
    }
    if matches!(b.get(at), Some(b'+' | b'%')) {
        at += 1;
    }
    at
}

/// After a number ending at `at`: a dash (en, em, minus or hyphen), with a
/// space on either side or none, and a second number's currency sign. Gives
/// where the second number's digits start, and whether a line could break
/// in between (any dash but the hyphen, or a space).
fn joined(text: &str, at: usize) -> Option<(usize, bool)> {
    let rest = &text[at..];
    let mut chars = rest.char_indices().peekable();
    let mut breakable = false;
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}');
    if chars.peek().is_some_and(|(_, c)| is_space(*c)) {
        breakable = true;
        chars.next();
    }
    match chars.next()? {
        (_, '–' | '—' | '−') => breakable = true,
        (_, '-') => {}
        _ => return None,
    }
    if chars.peek().is_some_and(|(_, c)| is_space(*c)) {
        breakable = true;
        chars.next();
    }
    let (k, c) = *chars.peek()?;
    let digits = match c {
        '$' | '€' | '£' => k + c.len_utf8(),
        _ => k,
    };
    Some((at + digits, breakable))
}

/// `text` as HTML (escaped), its figures wrapped: the `nobreak` filter.
pub(crate) fn to_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut done = 0;
    for r in ranges(text) {
        html.push_str(&escape(&text[done..r.start]));
        html.push_str(OPEN);
        html.push_str(&escape(&text[r.clone()]));
        html.push_str(CLOSE);
        done = r.end;
    }
    html.push_str(&escape(&text[done..]));
    html
}

/// `events` with the figures of their text wrapped, except in code blocks
/// and in an image's description (its alt text). Text the parser handed
/// over in pieces (smart punctuation makes `--` a piece of its own) is
/// read as one.
pub(crate) fn wrap_events(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let (mut code, mut image) = (0usize, 0usize);
    let mut text: Option<CowStr> = None;
    for event in events {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Text(t) if code == 0 && image == 0 => {
                text = Some(match text.take() {
                    None => t,
                    Some(before) => format!("{before}{t}").into(),
                });
            }
            other => {
                if let Some(t) = text.take() {
                    split(t, &mut out);
                }
                out.push(other);
            }
        }
    }
    if let Some(t) = text {
        split(t, &mut out);
    }
    out
}

/// Pushes `text` onto `out`, each figure between a span's tags.
fn split<'a>(text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    let found = ranges(&text);
    if found.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    let mut done = 0;
    for r in found {
        if r.start > done {
            out.push(Event::Text(text[done..r.start].to_string().into()));
        }
        out.push(Event::InlineHtml(OPEN.into()));
        out.push(Event::Text(text[r.clone()].to_string().into()));
        out.push(Event::InlineHtml(CLOSE.into()));
        done = r.end;
    }
    if done < text.len() {
        out.push(Event::Text(text[done..].to_string().into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<&str> {
        ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_ranges_a_line_could_break_inside() {
        assert_eq!(
            figures("a Step 2 CK target of 245–255+ (250+ for top programs)"),
            ["245–255+"]
        );
        assert_eq!(figures("1–2 projects, 25–40 programs"), ["1–2", "25–40"]);
        assert_eq!(
            figures("fees of $1,000 – $2,000 and 10 — 20%"),
            ["$1,000 – $2,000", "10 — 20%"]
        );
        assert_eq!(
            figures("the 2025–2026 season, 3.5 – 4.0"),
            ["2025–2026", "3.5 – 4.0"]
        );
        assert_eq!(figures("between 10 - 20 and 30−40"), ["10 - 20", "30−40"]);
    }

    #[test]
    fn leaves_what_cannot_break_or_is_no_range() {
        // A hyphen without spaces never breaks before a digit; one number
        // alone never breaks inside; a dash between words is prose.
        for text in [
            "2025-26",
            "1,072 px and 250+",
            "Step 2 — USMLE and transcripts",
            "below 235 and 244",
            "ISBN A1–2 and 3–4b",
            "",
            "–5",
        ] {
            assert_eq!(figures(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn writes_html_with_the_figures_wrapped_and_the_rest_escaped() {
        assert_eq!(
            to_html("<b> 245–255+ & more"),
            "&lt;b&gt; <span class=\"nobr\">245–255+</span> &amp; more"
        );
        assert_eq!(to_html("none"), "none");
    }

    #[test]
    fn wraps_text_events_but_not_code_or_alt_text() {
        let md = "Aim for 245–255+.\n\n![1–2 charts](c.png)\n\n```\n1–2\n```\n";
        let events: Vec<Event> = pulldown_cmark::Parser::new(md).collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, wrap_events(events).into_iter());
        assert_eq!(
            html,
            "<p>Aim for <span class=\"nobr\">245–255+</span>.</p>\n<p><img src=\"c.png\" alt=\"1–2 charts\" /></p>\n<pre><code>1–2\n</code></pre>\n"
        );
    }
}
