//! Which elements raw HTML in the Markdown leaves open, read tag by tag as
//! the page's HTML comes ([`RawElements::read`]): inside `<script>`,
//! `<style>`, `<textarea>`, `<title>` and the other elements whose content
//! a browser reads as raw text, and inside `<a>`, `<code>`, `<kbd>`,
//! `<samp>` and `<pre>`, the glossary links nothing (a link in a script is
//! a syntax error, a link in a link is cut by the browser), and the content
//! of a raw-text element goes out as it is written (no typographic quotes
//! in a script). A raw-text element never closed swallows the rest of the
//! page: it is reported, as an unclosed comment is.

/// Elements whose content a browser reads as raw text, up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Elements whose text the glossary leaves alone.
const INERT: &[&str] = &["a", "code", "kbd", "samp", "pre"];

/// A raw-text element left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct OpenRaw {
    /// Its name (`script`).
    pub(super) name: &'static str,
    /// Where its start tag's `<` is, in the body.
    pub(super) at: usize,
}

/// The elements raw HTML has open so far on a page.
#[derive(Debug, Default)]
pub(super) struct RawElements {
    /// How many inert elements are open.
    inert: usize,
    /// The raw-text element open, if any.
    open: Option<OpenRaw>,
}

impl RawElements {
    /// Reads the tags of `html`, raw HTML found at byte `offset` of the
    /// body. Returns where (in the body) the raw-text element open before
    /// it closes, when it closes in it.
    pub(super) fn read(&mut self, html: &str, offset: usize) -> Option<usize> {
        let b = html.as_bytes();
        let mut closed = None;
        let mut i = 0;
        while i < b.len() {
            if let Some(open) = self.open {
                // Only its end tag ends it.
                match find_end_tag(html, i, open.name) {
                    Some(at) => {
                        if closed.is_none() && open.at < offset {
                            closed = Some(offset + at);
                        }
                        self.open = None;
                        i = at + 2 + open.name.len();
                    }
                    None => return closed,
                }
                continue;
            }
            let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|k| i + k) else {
                break;
            };
            if html[lt..].starts_with("<!--") {
                // A comment hides tags; one left open is reported elsewhere.
                match html[lt + 4..].find("-->") {
                    Some(end) => i = lt + 4 + end + 3,
                    None => break,
                }
                continue;
            }
            let (end, name) = tag_name(b, lt + 1);
            i = end.max(lt + 1);
            let Some(name) = name else {
                continue;
            };
            let closing = b.get(lt + 1) == Some(&b'/');
            if let Some(&raw) = RAW_TEXT.iter().find(|r| r.eq_ignore_ascii_case(name)) {
                if !closing {
                    self.open = Some(OpenRaw {
                        name: raw,
                        at: offset + lt,
                    });
                }
            } else if INERT.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                if closing {
                    self.inert = self.inert.saturating_sub(1);
                } else if !self_closing(html, end) {
                    self.inert += 1;
                }
            }
        }
        closed
    }

    /// Whether the glossary may link text here.
    pub(super) fn allows_terms(&self) -> bool {
        self.inert == 0 && self.open.is_none()
    }

    /// The raw-text element open, if any.
    pub(super) fn open(&self) -> Option<OpenRaw> {
        self.open
    }
}

/// The name of the tag whose name starts at `i` (after `<`, or `</`), and
/// where the name ends; `None` when `<` starts no tag there.
fn tag_name(b: &[u8], mut i: usize) -> (usize, Option<&str>) {
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    let start = i;
    if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return (i, None);
    }
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        i += 1;
    }
    let ends = b
        .get(i)
        .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'));
    // `b` is `&str`'s bytes and the name is ASCII.
    let name = std::str::from_utf8(&b[start..i]).ok().filter(|_| ends);
    (i, name)
}

/// Whether the tag whose name ends at `from` ends with `/>`.
fn self_closing(html: &str, from: usize) -> bool {
    html[from..]
        .find('>')
        .is_some_and(|gt| html[from..from + gt].trim_end().ends_with('/'))
}

/// Where `</name` (any case, then a space, `/` or `>`) starts in `html`,
/// from byte `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(k) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + k;
        let (end, found) = tag_name(b, at + 1);
        if found.is_some_and(|f| f.eq_ignore_ascii_case(name)) {
            return Some(at);
        }
        i = end.max(at + 2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_raw_text_and_inert_elements() {
        let mut r = RawElements::default();
        assert_eq!(r.read("<p>x</p>", 0), None);
        assert!(r.allows_terms());
        assert_eq!(r.read("<SCRIPT type=x>", 10), None);
        assert_eq!(
            r.open(),
            Some(OpenRaw {
                name: "script",
                at: 10
            })
        );
        // Tags inside it are text; only its end tag counts.
        assert_eq!(r.read("<a href='</scripts>'>", 30), None);
        assert!(!r.allows_terms());
        assert_eq!(r.read("</script >", 60), Some(60));
        assert!(r.allows_terms());
        r.read("<code><kbd>", 70);
        r.read("</kbd>", 80);
        assert!(!r.allows_terms());
        r.read("</code><br/><a/>", 90);
        assert!(r.allows_terms());
        // Opened and closed in one piece: nothing was open before it.
        assert_eq!(r.read("<style>a{}</style><!-- <script> -->", 100), None);
        assert!(r.allows_terms() && r.open().is_none());
        assert_eq!(r.read("x <textarea>", 200), None);
        assert_eq!(
            r.open(),
            Some(OpenRaw {
                name: "textarea",
                at: 202
            })
        );
    }
}
