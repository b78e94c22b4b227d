//! Reading the input: bytes to text, refusing what is not a text guide
//! (empty, binary, UTF-16, not UTF-8, an HTML page) with a located
//! diagnostic, and normalising a BOM and Windows or old Mac line ends.

use crate::error::Diagnostic;
use crate::load::control_chars::is_control;
use std::path::Path;

/// Decodes `bytes`, the contents of `path`, into text with `\n` line ends.
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::file(path, "the file is UTF-16 text, not UTF-8")
            .with_hint("re-save it as UTF-8 (in most editors: Save As… → Encoding: UTF-8)"));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = locate(bytes, at);
        let mut d = Diagnostic::file(
            path,
            "this is a binary file, not text (it contains NUL bytes)",
        )
        .with_hint("import the guide's text: copy it from the web page into a .txt file, or use a .md file");
        d.line = line;
        d.col = col;
        return Err(d);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let (line, col) = locate(bytes, at);
            let whole = String::from_utf8_lossy(bytes);
            return Err(Diagnostic::at(
                path,
                &whole,
                line,
                col,
                format!("not valid UTF-8 (byte 0x{:02X})", bytes[at]),
            )
            .with_hint("re-save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)"));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(Diagnostic::file(path, "the file is empty").with_hint(
            "copy the guide's text from the web page into this file, then import it again",
        ));
    }
    let head = text
        .trim_start()
        .get(..14)
        .unwrap_or_default()
        .to_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Err(Diagnostic::at(
            path,
            &text,
            1,
            1,
            "this is an HTML page, not the guide's text",
        )
        .with_hint(
            "open the page in a browser, select the article, copy it and paste it into a .txt file",
        ));
    }
    Ok(text)
}

/// `text` without the control characters a build refuses
/// ([`is_control`]), and how many there were: a form feed, vertical tab
/// or next-line character (page breaks copied from a PDF) becomes a line
/// break, a terminal's escape sequence (`\e[31m`, copied from a terminal)
/// goes whole, and any other control character goes.
pub(crate) fn drop_controls(text: &str) -> (String, usize) {
    if !text.chars().any(is_control) {
        return (text.to_string(), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_control(c) {
            out.push(c);
            continue;
        }
        count += 1;
        match c {
            '\u{b}' | '\u{c}' | '\u{85}' => out.push('\n'),
            // CSI: ESC [, parameters and intermediates, a final byte.
            '\u{1b}' if chars.peek() == Some(&'[') => {
                chars.next();
                while let Some(&n) = chars.peek() {
                    if !('\u{20}'..='\u{3f}').contains(&n) {
                        break;
                    }
                    chars.next();
                }
                chars.next_if(|n| ('\u{40}'..='\u{7e}').contains(n));
            }
            // Any other escape: ESC and the character after it.
            '\u{1b}' => {
                chars.next_if(|n| ('\u{20}'..='\u{7e}').contains(n));
            }
            _ => {}
        }
    }
    (out, count)
}

/// 1-based line and column (in characters) of byte `at`.
fn locate(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> Diagnostic {
        decode(Path::new("g.txt"), bytes).unwrap_err()
    }

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(err(b"").message, "the file is empty");
        assert_eq!(err(b" \n\n\t").message, "the file is empty");
        let d = err(b"Title\nab\0cd");
        assert!(d.message.contains("binary"));
        assert_eq!((d.line, d.col), (2, 3));
        let d = err(b"Title\n\ncaf\xe9\n");
        assert_eq!(d.message, "not valid UTF-8 (byte 0xE9)");
        assert_eq!((d.line, d.col), (3, 4));
        assert_eq!(d.source_line.as_deref(), Some("caf\u{fffd}"));
        assert!(err(b"\xff\xfeT\0i\0").message.contains("UTF-16"));
        assert!(err(b"<!DOCTYPE html><html>").message.contains("HTML"));
        assert!(d.hint.is_some());
    }

    #[test]
    fn drops_control_characters_and_counts_them() {
        assert_eq!(drop_controls("plain\ttext\n"), ("plain\ttext\n".into(), 0));
        assert_eq!(
            drop_controls(
                "page one\u{c}page two \u{1b}[31mred\u{1b}[0m and\u{7} bell \u{1b}Mx\u{85}y\u{7f}"
            ),
            ("page one\npage two red and bell x\ny".into(), 7)
        );
    }

    #[test]
    fn normalises() {
        assert_eq!(
            decode(Path::new("g.txt"), "\u{feff}a\r\nb\rc".as_bytes()).unwrap(),
            "a\nb\nc"
        );
    }
}
