//! Where a control character in a parsed YAML string was written.
//!
//! A file's own bytes hold none (`control_chars.rs` refuses them first), so a
//! control character in a parsed string can only come from an escape in a
//! double-quoted scalar: `"\e[31m"`, `"\x07"`, `"\u0085"`. [`yaml`](super::yaml)
//! finds such strings in the parsed value, which is the authority on what
//! the YAML means; this module only finds, in the text, the scalar each one
//! came from and the escapes in it, so that the diagnostic can point at the
//! escape itself. A guess here can only move the caret, never let a
//! character through.

use super::control_chars::is_control;

/// An escape that writes a control character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Escape<'a> {
    /// Byte offset of its backslash in the YAML text.
    pub(crate) offset: usize,
    /// The escape as written (`\e`, `\x07`).
    pub(crate) text: &'a str,
    /// The character it writes.
    pub(crate) char: char,
}

/// A double-quoted scalar with at least one escape that writes a control
/// character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quoted<'a> {
    /// What it decodes to, without spaces, tabs and line breaks (see
    /// [`squeeze`]).
    pub(crate) squeezed: String,
    /// Its escapes that write control characters, in order.
    pub(crate) escapes: Vec<Escape<'a>>,
}

/// `value` without spaces, tabs and line breaks: how a string is compared
/// with the scalars of [`scan`], which leaves YAML's folding of line breaks
/// (and the whitespace it trims) to the parser.
pub(crate) fn squeeze(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))
        .collect()
}

/// Every double-quoted scalar of `yaml` with an escape that writes a
/// control character, in order.
///
/// Any `"` is taken as a possible opening quote, also one inside a comment,
/// a plain or single-quoted scalar, or a closing quote: the text up to the
/// next unescaped `"` is read as a scalar. What is not a real scalar cannot
/// decode to a string the parser produced, except by a contrived
/// coincidence that would only move the caret.
pub(crate) fn scan(yaml: &str) -> Vec<Quoted<'_>> {
    let b = yaml.as_bytes();
    let mut found = Vec::new();
    let mut open = memchr::memchr(b'"', b);
    while let Some(start) = open {
        let (end, quoted) = read(yaml, start + 1);
        if let Some(q) = quoted.filter(|q| !q.escapes.is_empty()) {
            found.push(q);
        }
        // The closing quote may open the next candidate.
        open = end.filter(|&e| e < b.len());
    }
    found
}

/// Reads the scalar whose text starts at byte `from`: where its closing
/// quote is (`None` at the end of the text), and the scalar, unless an
/// escape in it is not one YAML knows.
fn read(yaml: &str, from: usize) -> (Option<usize>, Option<Quoted<'_>>) {
    let b = yaml.as_bytes();
    let mut q = Quoted {
        squeezed: String::new(),
        escapes: Vec::new(),
    };
    let mut valid = true;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'"' => return (Some(i), valid.then_some(q)),
            b'\\' => {
                let (len, c) = escape(&yaml[i + 1..]);
                valid &= len > 0;
                match c {
                    Some(c) if is_control(c) => {
                        q.escapes.push(Escape {
                            offset: i,
                            text: &yaml[i..=i + len],
                            char: c,
                        });
                        q.squeezed.push(c);
                    }
                    Some(c) if !matches!(c, ' ' | '\t' | '\n' | '\r') => q.squeezed.push(c),
                    _ => {}
                }
                // Escapes are ASCII: this is the start of a character.
                i += 1 + len;
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                let c = yaml[i..].chars().next().unwrap_or_default();
                q.squeezed.push(c);
                i += c.len_utf8();
            }
        }
    }
    (None, None)
}

/// The escape at the start of `after` (the text after a backslash): its
/// length and the character it writes. An escaped line break writes
/// nothing (`(1, None)`); what is not an escape is `(0, None)`.
fn escape(after: &str) -> (usize, Option<char>) {
    let Some(&first) = after.as_bytes().first() else {
        return (0, None);
    };
    let simple = match first {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'\n' => return (1, None),
        b'\r' => {
            return (
                1 + usize::from(after.as_bytes().get(1) == Some(&b'\n')),
                None,
            )
        }
        b'x' | b'u' | b'U' => {
            let digits = match first {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let code = after
                .get(1..=digits)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            return match code {
                Some(c) => (1 + digits, Some(c)),
                None => (0, None),
            };
        }
        _ => return (0, None),
    };
    (1, Some(simple))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escapes(yaml: &str) -> Vec<Vec<(usize, &str, char)>> {
        scan(yaml)
            .into_iter()
            .map(|q| {
                q.escapes
                    .into_iter()
                    .map(|e| (e.offset, e.text, e.char))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn finds_the_escapes_that_write_control_characters() {
        let yaml = "title: \"Freq\\e[31m \\x07 \\0 \\u0085\"\ndescription: \"ok \\t \\n \\\" \\\\ \\u00e9\"\ntags: [\"a\", \"\\f\\U0000009f\\N\"]\n";
        assert_eq!(
            escapes(yaml),
            [
                vec![
                    (12, "\\e", '\u{1b}'),
                    (19, "\\x07", '\u{7}'),
                    (24, "\\0", '\0'),
                    (27, "\\u0085", '\u{85}'),
                ],
                vec![
                    (85, "\\f", '\u{c}'),
                    (87, "\\U0000009f", '\u{9f}'),
                    (97, "\\N", '\u{85}')
                ],
            ]
        );
        assert_eq!(scan(yaml)[0].squeezed, "Freq\u{1b}[31m\u{7}\0\u{85}");
    }

    #[test]
    fn leaves_other_quotes_and_backslashes_alone() {
        for yaml in [
            "title: 'single \\e quoted'\n",
            "title: plain \\a text\n",
            "title: \"\\\\e is a backslash and an e\"\n",
            "title: \"escaped \\\"quote\\\" \\e",
            "title: \"bad \\q escape \\e\"\n",
        ] {
            assert_eq!(escapes(yaml), Vec::<Vec<_>>::new(), "{yaml}");
        }
    }

    #[test]
    fn folding_is_left_to_the_parser() {
        let yaml = "text: \"one \\\n    two \\a\n\n    three\"\n";
        let q = scan(yaml);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].squeezed, squeeze("onetwo \u{7}\nthree"));
    }
}
