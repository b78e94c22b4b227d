//! The text of a page by section, collected while its Markdown renders: for
//! the search index and for a FAQ page's structured data, and the rule that
//! makes a page a FAQ.

/// The plain text under one heading (or before the first), for search and
/// structured data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Section {
    /// The heading's id; `None` for text before the first heading.
    pub(crate) id: Option<String>,
    /// The heading's text.
    pub(crate) heading: String,
    /// Heading level (0 before the first heading).
    pub(crate) level: u8,
    /// The section's text, whitespace collapsed.
    pub(crate) text: String,
}

/// Closes the section being collected, collapsing its whitespace.
pub(crate) fn finish_section(sections: &mut Vec<Section>, section: &mut Section) {
    let mut section = std::mem::take(section);
    if section.text.ends_with(' ') {
        section.text.pop();
    }
    if section.id.is_some() || !section.text.is_empty() {
        sections.push(section);
    }
}

/// Appends `t` to `buf` with every run of whitespace as one space and none
/// at the start, so a section's text never needs collapsing afterwards.
///
/// Every page's whole text passes through here, so it copies runs of
/// non-space bytes at once and decodes only non-ASCII characters.
pub(crate) fn push_collapsed(buf: &mut String, t: &str) {
    // Most text is ASCII words with single spaces between them: copy it at
    // once when nothing in it would change.
    let mut space = buf.is_empty() || buf.ends_with(' ');
    let clean = t.bytes().all(|b| {
        let ok = b.is_ascii() && !matches!(b, b'\t'..=b'\r') && !(b == b' ' && space);
        space = b == b' ';
        ok
    });
    if clean {
        buf.push_str(t);
        return;
    }
    let bytes = t.as_bytes();
    let mut word = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = if bytes[i].is_ascii() {
            (matches!(bytes[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = t[i..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            buf.push_str(&t[word..i]);
            if !buf.is_empty() && !buf.ends_with(' ') {
                buf.push(' ');
            }
            word = i + len;
        }
        i += len;
    }
    buf.push_str(&t[word..]);
}

/// Whether a page reads as a FAQ: it has level-2 headings and every one of
/// them [`is_question`].
pub(crate) fn is_faq(sections: &[Section]) -> bool {
    let mut h2 = sections.iter().filter(|s| s.level == 2).peekable();
    h2.peek().is_some() && h2.all(|s| is_question(&s.heading))
}

/// Whether a heading asks a question, as a FAQ's h2s must.
pub(crate) fn is_question(heading: &str) -> bool {
    heading.trim_end().ends_with('?')
}

/// The questions of a FAQ page with their answers (the text under each h2,
/// including its h3 sections).
pub(crate) fn faq_entries(sections: &[Section]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in sections {
        match s.level {
            2 => out.push((s.heading.clone(), s.text.clone())),
            l if l > 2 => {
                if let Some(last) = out.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(&s.heading);
                    last.1.push_str(". ");
                    last.1.push_str(&s.text);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_like_split_whitespace() {
        for parts in [
            vec!["  a  b ", "\n c", " ", "d  "],
            vec![" "],
            vec!["x", "y", " z"],
            vec![
                "caf\u{e9}\u{a0}\u{a0}na\u{ef}ve",
                "\u{2003}\u{3000}",
                "\u{1F600} \t\u{b}\u{c}\rend",
            ],
            vec!["\u{85}lead", "", "trail\u{2029}"],
            vec![" lead", "two  spaces", " ", " x ", "y\n", "z"],
        ] {
            let mut buf = String::new();
            for p in &parts {
                push_collapsed(&mut buf, p);
            }
            if buf.ends_with(' ') {
                buf.pop();
            }
            let expected = parts
                .concat()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(buf, expected, "{parts:?}");
        }
    }

    fn sec(level: u8, heading: &str, text: &str) -> Section {
        Section {
            id: Some(heading.into()),
            heading: heading.into(),
            level,
            text: text.into(),
        }
    }

    #[test]
    fn faq_needs_every_h2_to_be_a_question() {
        assert!(is_faq(&[
            sec(2, "Why?", "a"),
            sec(3, "Detail", "b"),
            sec(2, "How?", "c")
        ]));
        assert!(!is_faq(&[sec(2, "Why?", "a"), sec(2, "Notes", "c")]));
        assert!(!is_faq(&[]));
        let entries = faq_entries(&[sec(2, "Why?", "a"), sec(3, "Detail", "b")]);
        assert_eq!(
            entries,
            vec![("Why?".to_string(), "a Detail. b".to_string())]
        );
    }
}
