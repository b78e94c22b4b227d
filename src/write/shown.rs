//! Names of files as messages show them: a name is the user's (or anyone's)
//! and may hold control characters, which a terminal would obey (`ESC [2J`
//! clears the screen, a line feed splits a message); they are shown as
//! escapes (`\u{1b}`, `\n`), as are bytes that are not UTF-8 (`\xff`).

use std::ffi::OsStr;

/// How many names a list shows before counting the rest.
pub(crate) const SHOWN_NAMES: usize = 3;

/// `name` with every control character, and every byte that is not UTF-8,
/// written as a visible escape.
pub(crate) fn shown(name: &OsStr) -> String {
    let mut out = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                out.extend(c.escape_debug());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// The first [`SHOWN_NAMES`] of `names`, then how many more:
/// `a, b, c and 3 more`.
pub(crate) fn list(names: &[String]) -> String {
    let first = names[..names.len().min(SHOWN_NAMES)].join(", ");
    match names.len().saturating_sub(SHOWN_NAMES) {
        0 => first,
        more => format!("{first} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bad_bytes_are_escaped() {
        assert_eq!(shown(OsStr::new("plain é.txt")), "plain é.txt");
        assert_eq!(
            shown(OsStr::new("esc\u{1b}[2J\nx\u{85}")),
            "esc\\u{1b}[2J\\nx\\u{85}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            assert_eq!(shown(OsStr::from_bytes(b"dup\xff.txt")), "dup\\xff.txt");
        }
    }

    #[test]
    fn lists_the_first_few_then_counts() {
        let names: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(list(&names[..2]), "1, 2");
        assert_eq!(list(&names[..3]), "1, 2, 3");
        assert_eq!(list(&names), "1, 2, 3 and 4 more");
    }
}
