//! Escaping plain text so Markdown shows it as written: emphasis and code
//! markers, link brackets, HTML, entities, and the characters that would
//! start a heading, quote or list at the beginning of a line.
//!
//! Typography (’ “ ” — –) is left alone; so are straight quotes, which the
//! site renders with smart punctuation like every other page.

/// Escapes `text` for use inside a line (not at its start).
pub(crate) fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                // Intraword underscores never make emphasis.
                let inside = prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                if !inside {
                    out.push('\\');
                }
                out.push('_');
            }
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes `text` for use as a whole line (a paragraph line or the text
/// after a list marker).
pub(crate) fn line(text: &str) -> String {
    let text = text.trim();
    let mut out = inline(text);
    // Block starts: "# ", "> ", "- ", "+ ", "= ", "1. ", "1) ".
    if let Some(first) = out.chars().next() {
        if matches!(first, '#' | '>' | '-' | '+' | '=' | '|') {
            out.insert(0, '\\');
            return out;
        }
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &out[digits..];
        if rest.starts_with(['.', ')']) {
            let after = &rest[1..];
            if after.is_empty() || after.starts_with(char::is_whitespace) {
                out.insert(digits, '\\');
            }
        }
    }
    out
}

/// Escapes `text` for a heading line, which also ends in an `{#id}`.
pub(crate) fn heading(text: &str) -> String {
    // Inside a heading, "1." or "- " at the start starts nothing.
    let mut out = String::new();
    for c in inline(text.trim()).chars() {
        if matches!(c, '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    if out.ends_with('#') {
        out.insert(out.len() - 1, '\\');
    }
    out
}

/// Escapes `text` for a table cell.
pub(crate) fn cell(text: &str) -> String {
    inline(text.trim()).replace('|', "\\|")
}

fn looks_like_entity(rest: &[char]) -> bool {
    let name: String = rest
        .iter()
        .take(33)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.chars().count()) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    /// The text a reader would see, with the site's Markdown options but no
    /// smart punctuation.
    fn rendered(md: &str) -> (String, usize) {
        let opts =
            crate::render::markdown::options() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
        let mut text = String::new();
        let mut blocks = 0;
        for e in Parser::new_ext(md, opts) {
            match e {
                Event::Text(t) => text.push_str(&t),
                Event::Start(Tag::Paragraph) | Event::Start(Tag::Heading { .. }) => blocks += 1,
                Event::Start(_) | Event::End(TagEnd::Paragraph) | Event::End(_) => {}
                other => text.push_str(&format!("<{other:?}>")),
            }
        }
        (text, blocks)
    }

    #[test]
    fn lines_read_as_written() {
        for s in [
            "*not emphasis* and _nor this_ but snake_case",
            "# not a heading",
            "> not a quote",
            "- not a list",
            "+ not a list",
            "1. not a list",
            "2024) not a list",
            "[not a link](x) ![nor an image](y) [^1]",
            "<b>not html</b> & &amp; stay",
            "`not code` ~~not struck~~ ~1 ~2",
            "back\\slash\\",
            "| a | b |",
            "== not an underline",
            "Typography: it’s “quoted” — and – dashed",
            "[ ] not a task",
        ] {
            let (text, blocks) = rendered(&line(s));
            assert_eq!(text, s, "{s}");
            assert_eq!(blocks, 1, "{s}");
        }
    }

    #[test]
    fn headings_keep_braces_and_hashes() {
        for s in ["C# {braces} #", "1. Numbered?", "# hashed", "- dashed *x*"] {
            let md = format!("## {} {{#x}}", heading(s));
            let (text, blocks) = rendered(&md);
            assert_eq!((text.as_str(), blocks), (s, 1), "{md}");
        }
        assert_eq!(heading("1. Is it?"), "1. Is it?");
    }

    #[test]
    fn table_cells() {
        assert_eq!(cell("a | b"), "a \\| b");
    }

    #[test]
    fn list_item_text_stays_in_the_item() {
        let md = format!("- {}\n- {}", line("1. nested?"), line("- dash"));
        let (text, blocks) = rendered(&md);
        assert_eq!(text, "1. nested?- dash");
        assert_eq!(blocks, 0);
    }
}
