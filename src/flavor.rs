//! The Markdown stepwise reads: pulldown-cmark with the extensions it
//! enables ([`options`]), and how a short text reads once rendered
//! ([`as_prose`]), for the load stage to know what a glossary term looks
//! like in a rendered page before any page is rendered.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions stepwise enables.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// `text` as it reads in a rendered page, when Markdown reads it as plain
/// text (its quotes made typographic, `\*` and `&amp;` decoded); else what
/// Markdown reads it as instead (`"emphasis"`, `"a list"`, ...).
pub(crate) fn as_prose(text: &str) -> Result<String, &'static str> {
    let mut out = String::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            other => return Err(what(&other)),
        }
    }
    Ok(out)
}

/// What Markdown made of text that is not plain, in words.
fn what(event: &Event) -> &'static str {
    match event {
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => "emphasis",
        Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => "code",
        Event::Start(Tag::Link { .. } | Tag::Image { .. }) => "a link",
        Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => "HTML",
        Event::Start(Tag::Heading { .. }) => "a heading",
        Event::Start(Tag::List(_) | Tag::Item) => "a list",
        Event::Start(Tag::BlockQuote(_)) => "a quotation",
        Event::SoftBreak | Event::HardBreak => "a line break",
        _ => "something other than text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_as_the_page_shows_it() {
        assert_eq!(as_prose("dean's letter"), Ok("dean\u{2019}s letter".into()));
        assert_eq!(as_prose("a.b*c"), Ok("a.b*c".into()));
        assert_eq!(as_prose("x < y"), Ok("x < y".into()));
        assert_eq!(as_prose("AT&amp;T"), Ok("AT&T".into()));
        assert_eq!(as_prose("a *b* c"), Err("emphasis"));
        assert_eq!(as_prose("`IR`"), Err("code"));
        assert_eq!(as_prose("<b>IR</b>"), Err("HTML"));
        assert_eq!(as_prose("1. Step"), Err("a list"));
        assert_eq!(as_prose("[IR](x)"), Err("a link"));
    }
}
