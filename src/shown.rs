//! File names as messages show them: every control character and every
//! byte that is not UTF-8 written as a visible escape (`\e`, `\n`, `\x07`,
//! `\xff`), so that a name cannot clear the terminal, colour it, or split an
//! error's first line in two, there or in `serve`'s overlay.
//!
//! Names reach messages from the file system (a content file called
//! `esc\e[2J.md`), from the command line (`--out`) and from links; a file
//! whose name holds such characters is refused where it is found
//! (`load/walk.rs`), and this is how that refusal, and every other message,
//! names it.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// `path` as a message shows it: [`text`] of its name, with the bytes that
/// are not UTF-8 as `\xNN`.
pub fn path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&text(chunk.valid()));
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        text(&path.to_string_lossy()).into_owned()
    }
}

/// `s` with each control character (C0, DEL, C1) written as a visible
/// escape: `\t`, `\n`, `\r`, `\0`, `\e` (ESC), `\xNN` for the other C0
/// controls and DEL, `\u{NN}` for C1 controls.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{1b}' => out.push_str("\\e"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is shown as an escape: a C0 or C1 control, or DEL.
pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bad_bytes_become_visible() {
        assert_eq!(text("plain é — ok"), "plain é — ok");
        assert_eq!(
            text("esc\u{1b}[2J\u{1b}[31mRED\n\tx\0\u{7}\u{7f}\u{85}"),
            "esc\\e[2J\\e[31mRED\\n\\tx\\0\\x07\\x7f\\u{85}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let p = Path::new(std::ffi::OsStr::from_bytes(b"static/dup\xff\xfe.txt"));
            assert_eq!(path(p), "static/dup\\xff\\xfe.txt");
        }
    }
}
