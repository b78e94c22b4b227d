//! HTML text: escaping what goes into it, and reading the attributes back
//! out of HTML that stepwise wrote.
//!
//! The scanner is for stepwise's own output (the link check and the
//! publishing checks read every rendered file through it), not a parser for
//! arbitrary documents.

use std::borrow::Cow;

/// Escapes text for an HTML attribute or text node.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `json` (serialised JSON) made safe to embed in an inline `<script>`:
/// every `<`, `>` and `&` becomes its `\u` escape, which means the same in
/// JSON and JavaScript. `</script` would end the element early, and `<!--`
/// followed by `<script` switches the HTML tokenizer into its "double
/// escaped" state, where the real `</script>` no longer closes the element
/// and the rest of the page disappears into the script.
pub(crate) fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// One attribute of one tag in an HTML file, borrowed from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attr<'a> {
    /// Tag name, lowercase.
    pub(crate) tag: Cow<'a, str>,
    /// Attribute name, lowercase.
    pub(crate) name: Cow<'a, str>,
    /// Value, with the entities we emit decoded.
    pub(crate) value: Cow<'a, str>,
    /// Byte offset of the tag in the file.
    pub(crate) offset: usize,
    /// Byte range of the value as written (entities and all, without its
    /// quotes); empty, at the name's end, for an attribute without a value.
    pub(crate) span: (usize, usize),
}

/// Every attribute of every tag of `html`, skipping comments and the
/// contents of `<script>` and `<style>`. Meant for HTML that stepwise wrote,
/// not for arbitrary documents.
pub(crate) fn attributes(html: &str) -> Vec<Attr<'_>> {
    let mut out = Vec::new();
    for_each_attribute(html, |a| out.push(a));
    out
}

/// Calls `f` with each attribute [`attributes`] would return, in order,
/// without collecting them: every HTML file of a build goes through here.
pub(crate) fn for_each_attribute<'a>(html: &'a str, f: impl FnMut(Attr<'a>)) {
    for_each_tag(html, |_, _| {}, f);
}

/// Like [`for_each_attribute`], also calling `on_tag` with each start tag's
/// name (lowercase) and byte offset before its attributes, so tags without
/// attributes (`<h1>`, `<img>`) are seen too.
pub(crate) fn for_each_tag<'a>(
    html: &'a str,
    mut on_tag: impl FnMut(&str, usize),
    mut f: impl FnMut(Attr<'a>),
) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|j| i + j) {
        if b[lt..].starts_with(b"<!--") {
            i = memchr::memmem::find(&b[lt..], b"-->").map_or(b.len(), |j| lt + j + 3);
            continue;
        }
        let mut j = lt + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let tag = lower(&html[lt + 1..j]);
        if tag.is_empty() {
            i = lt + 1;
            continue;
        }
        on_tag(&tag, lt);
        // Attributes up to the closing '>'.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let name = lower(&html[start..j]);
            let mut value = Cow::Borrowed("");
            let mut span = (j, j);
            if j < b.len() && b[j] == b'=' {
                j += 1;
                let (end, skip) = match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j += 1;
                        (memchr::memchr(q, &b[j..]).map_or(b.len(), |k| j + k), 1)
                    }
                    _ => (
                        b[j..]
                            .iter()
                            .position(|&c| c.is_ascii_whitespace() || c == b'>')
                            .map_or(b.len(), |k| j + k),
                        0,
                    ),
                };
                value = decode(&html[j..end]);
                span = (j, end);
                j = (end + skip).min(b.len());
            }
            if name.is_empty() {
                j += 1;
                continue;
            }
            f(Attr {
                tag: tag.clone(),
                name,
                value,
                offset: lt,
                span,
            });
        }
        i = (j + 1).min(b.len());
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = memchr::memmem::find(&b[i..], close.as_bytes()).map_or(b.len(), |k| i + k);
        }
    }
}

fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// `s` in lowercase, borrowed when it already is (as in HTML stepwise writes).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_leaves_no_markup_and_the_same_value() {
        let value = serde_json::json!({"t": "<!-- <script> a && b </script> -->"});
        let out = script_json(&value.to_string());
        assert!(!out.contains(['<', '>', '&']), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn parses_attributes_and_skips_scripts() {
        let html = "<a href=\"x/\" id='y'><img src=a.png alt=\"A &amp; B\"><script>var s='<a href=\"no\">'</script><!-- <a href=z> -->";
        let got: Vec<(String, String)> = attributes(html)
            .into_iter()
            .map(|a| (a.name.into_owned(), a.value.into_owned()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("href".into(), "x/".into()),
                ("id".into(), "y".into()),
                ("src".into(), "a.png".into()),
                ("alt".into(), "A & B".into())
            ]
        );
    }
}
