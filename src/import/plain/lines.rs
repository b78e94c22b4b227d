//! The lines of a plain-text guide, each with its indentation, its text
//! and what it is before any context is taken into account ([`Kind`]).

/// Characters that mark a bullet when they start a line.
const GLYPHS: &[char] = &[
    '•', '◦', '▪', '▫', '‣', '●', '○', '■', '□', '⁃', '◆', '◇', '►', '▸', '➢', '✓', '✔',
];

/// What a line is, before any context is taken into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind<'a> {
    Blank,
    /// A line left out as chrome; separates blocks like a blank line.
    Skip,
    Bullet(char, &'a str),
    Number(u64, &'a str),
    Text,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// 1-based line number.
    pub(super) no: usize,
    pub(super) indent: usize,
    /// The line without indentation or trailing space.
    pub(super) text: &'a str,
    pub(super) kind: Kind<'a>,
}

/// Line number `no`, `raw` as written: its indentation, its text, what it is.
pub(super) fn line(no: usize, raw: &str) -> Line<'_> {
    let mut indent = 0;
    let mut at = raw.len();
    for (i, c) in raw.char_indices() {
        match c {
            ' ' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{3000}' => indent += 1,
            '\t' => indent += 4,
            '\u{200b}' | '\u{feff}' => {}
            _ => {
                at = i;
                break;
            }
        }
    }
    let text = raw[at..].trim_end_matches(|c: char| c.is_whitespace() || c == '\u{200b}');
    let kind = if text.is_empty() {
        Kind::Blank
    } else {
        marker(text)
    };
    Line {
        no,
        indent,
        text,
        kind,
    }
}

/// Recognises a list marker at the start of `text`.
fn marker(text: &str) -> Kind<'_> {
    let mut cs = text.chars();
    let Some(first) = cs.next() else {
        return Kind::Blank;
    };
    let rest = cs.as_str();
    if GLYPHS.contains(&first) && !rest.trim().is_empty() {
        return Kind::Bullet(first, rest.trim());
    }
    if matches!(first, '-' | '*' | '+')
        && rest.starts_with(char::is_whitespace)
        && !rest.trim().is_empty()
    {
        return Kind::Bullet(first, rest.trim());
    }
    if let Some((num, rest)) = crate::import::recognise::number_prefix(text) {
        if let Ok(n) = num.parse() {
            return Kind::Number(n, rest);
        }
    }
    Kind::Text
}

/// Whether a line separates blocks: blank, or left out as chrome.
pub(super) fn is_blank(l: &Line) -> bool {
    matches!(l.kind, Kind::Blank | Kind::Skip)
}

/// Whether line `i` stands alone: blank (or nothing) before and after.
pub(super) fn alone(lines: &[Line], i: usize) -> bool {
    (i == 0 || is_blank(&lines[i - 1])) && lines.get(i + 1).is_none_or(is_blank)
}
