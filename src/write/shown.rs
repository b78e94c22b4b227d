//! Names of files as the output folder's messages show them (escaped as
//! everywhere, by [`crate::shown`]), and lists of them cut short: the first
//! few, then how many more.

use std::ffi::OsStr;
use std::path::Path;

/// How many names a list shows before counting the rest.
pub(crate) const SHOWN_NAMES: usize = 3;

/// `name` as every message shows it ([`crate::shown::path`]): control
/// characters and bytes that are not UTF-8 as visible escapes.
pub(crate) fn shown(name: &OsStr) -> String {
    crate::shown::path(Path::new(name))
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
            "esc\\e[2J\\nx\\u{85}"
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
