//! Control characters in a site's text files (content files and
//! `site.yaml`) are refused, with the file, line and column of the first.
//!
//! They come from careless copy and paste (a form feed from a PDF, an
//! escape sequence from a terminal) and would reach the HTML, where they
//! are parse errors, and the Atom feed, which XML forbids outright. Dropping
//! them silently would hide text the author did not mean to lose and make
//! source and output disagree; refusing names the place so it can be fixed.
//! One pass over each file's bytes, before anything else reads it.
//!
//! The same characters can also be *written* in plain text: as escapes in
//! YAML's double-quoted strings (`"\e[31m"`, checked where the YAML is
//! parsed, `load/yaml.rs`) and as character references in Markdown
//! (`&#27;`, checked where the Markdown is rendered, `render/char_refs.rs`).
//! Both use [`is_control`] and [`describe`], so every route is refused alike.

use crate::error::{line_col, Diagnostic};
use std::path::Path;

/// The problem with the first control character in `text` (the contents of
/// `file`), if it has any: every C0 control but tab, line feed and carriage
/// return, DEL, every C1 control, and U+FFFE and U+FFFF, which XML also
/// forbids.
pub(crate) fn check(file: &Path, text: &str) -> Option<Diagnostic> {
    let (first, count) = find(text)?;
    let c = text[first..].chars().next().unwrap_or_default();
    let (line, col) = line_col(text, first);
    let mut d = Diagnostic::at(
        file,
        text,
        line,
        col,
        format!("control character {} is not allowed", describe(c)),
    )
    .with_hint(format!(
        "delete it{}: web pages and feeds cannot carry control characters",
        match count {
            1 => String::new(),
            2 => " and the other one in this file".into(),
            n => format!(" and the {} others in this file", n - 1),
        }
    ));
    // Shown as is, an escape or a backspace would garble the terminal.
    d.source_line = d.source_line.map(|l| l.chars().map(visible).collect());
    Some(d)
}

/// The byte offset of the first forbidden character in `text` and how many
/// there are.
fn find(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut first = None;
    let mut count = 0;
    // Most text has none: blocks without a byte that may start one are
    // skipped with a test the compiler turns into vector instructions.
    const BLOCK: usize = 64;
    for (n, block) in b.chunks(BLOCK).enumerate() {
        if !block.iter().fold(false, |any, &c| any | may_start(c)) {
            continue;
        }
        for i in n * BLOCK..n * BLOCK + block.len() {
            if is_forbidden_at(b, i) {
                first.get_or_insert(i);
                count += 1;
            }
        }
    }
    first.map(|f| (f, count))
}

/// Whether `c` is a character stepwise refuses: the same set as [`check`]
/// finds in a file's bytes.
pub(crate) fn is_control(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// Whether byte `c` may start a forbidden character (without branches).
fn may_start(c: u8) -> bool {
    (c < 0x20) & (c != b'\t') & (c != b'\n') & (c != b'\r')
        | (c == 0x7f)
        | (c == 0xc2)
        | (c == 0xef)
}

/// Whether a forbidden character starts at byte `i` of `b` (UTF-8, so 0xC2
/// and 0xEF there are always the first byte of a character).
fn is_forbidden_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\t' | b'\n' | b'\r' => false,
        0x00..=0x1f | 0x7f => true,
        0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xef => b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    }
}

/// `U+001B (ESC)`: a control character as messages name it.
pub(crate) fn describe(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
        "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
        "ESC", "FS", "GS", "RS", "US",
    ];
    let n = u32::from(c);
    let name = match n {
        0..=0x1f => C0[n as usize],
        0x7f => "DEL",
        0x80..=0x9f => "a C1 control",
        _ => "a noncharacter",
    };
    format!("U+{n:04X} ({name})")
}

/// `c` as a terminal can show it: a control character as its symbol
/// (`␛` for ESC), or `�`.
fn visible(c: char) -> char {
    match u32::from(c) {
        0x09 => c,
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        0x80..=0x9f | 0xfffe | 0xffff => '\u{fffd}',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_kind_and_only_those() {
        assert_eq!(find("tab\there\r\nand é ü — “quotes” \u{fffd}\n"), None);
        for (text, at) in [
            ("a\0b", 1),
            ("ab\u{7}", 2),
            ("\u{b}", 0),
            ("x\u{c}", 1),
            ("é\u{1b}[2J", 2),
            ("\u{7f}", 0),
            ("a\u{85}", 1),
            ("a\u{9f}", 1),
            ("a\u{fffe}", 1),
            ("\u{ffff}", 0),
        ] {
            assert_eq!(find(text).map(|(f, _)| f), Some(at), "{text:?}");
        }
        assert_eq!(find("\0\0 \u{1b}"), Some((0, 3)));
        // Across the blocks the scan skips by, and at their edges.
        let mut long = "é — ok. ".repeat(40);
        assert_eq!(find(&long), None);
        long.push('\u{85}');
        long.push_str(&"x".repeat(63));
        long.push('\u{1b}');
        assert_eq!(find(&long).map(|(_, n)| n), Some(2));
        let edge = format!("{}\u{9f}", "a".repeat(63));
        assert_eq!(find(&edge), Some((63, 1)));
    }

    /// The character test that checks decoded text agrees with the byte
    /// scan that checks files, for every character there is.
    #[test]
    fn the_char_test_is_the_byte_test() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(is_control(c), is_forbidden_at(bytes, 0), "{c:?}");
        }
    }

    #[test]
    fn names_the_place_and_shows_the_line_safely() {
        let d = check(Path::new("a.md"), "---\ntitle: a\u{1b}[31mred\u{7}\n---\n").expect("found");
        assert_eq!((d.line, d.col), (2, 9));
        assert_eq!(d.message, "control character U+001B (ESC) is not allowed");
        assert_eq!(d.source_line.as_deref(), Some("title: a␛[31mred␇"));
        assert_eq!(
            d.hint.as_deref(),
            Some("delete it and the other one in this file: web pages and feeds cannot carry control characters")
        );
    }
}
