//! Reading the input: bytes to text, refusing what is not a text guide
//! (empty, binary, UTF-16, not UTF-8, an HTML page) with a located
//! diagnostic, and normalising a BOM and Windows or old Mac line ends.

use crate::error::Diagnostic;
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
    fn normalises() {
        assert_eq!(
            decode(Path::new("g.txt"), "\u{feff}a\r\nb\rc".as_bytes()).unwrap(),
            "a\nb\nc"
        );
    }
}
