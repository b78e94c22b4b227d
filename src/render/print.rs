//! A guide's print page: every page of the guide on one page, each page's
//! HTML rewritten for its place there ([`html_for_print`]), assembled as the
//! pages are rendered, in whatever order they finish ([`PrintPages`]).
//!
//! The print template is run once with a placeholder for each page (see
//! [`marker`]). [`Assembly`] splits its output at the placeholders, takes
//! each page's HTML as soon as it exists and appends every piece that is
//! ready, in order, so a build never renders a page's Markdown twice and
//! holds only the pages that finished early.

use super::markdown::Rendered;
use super::sink::Sink;
use crate::error::{Diagnostic, Result};
use crate::html::escape;
use crate::load::link_targets::Target;
use crate::load::{Page, PageId, Site};
use crate::sync::lock;
use crate::url::{is_internal, normalize, relative};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Mutex;

/// The placeholder for page `id`'s HTML in a print template's output (the
/// template must print `content` with `| safe`, as any HTML).
pub(crate) fn marker(id: PageId) -> String {
    format!("<!--stepwise:print:{id}-->")
}

/// A print page being put together: the template's output cut at each
/// member page's placeholder, and the member pages' HTML received so far.
#[derive(Debug)]
pub(crate) struct Assembly {
    path: String,
    /// The guide's pages, in print order.
    members: Vec<PageId>,
    /// The template's text before each member's placeholder, then the tail.
    pieces: Vec<String>,
    /// Whether the template printed each member's placeholder; a page whose
    /// placeholder is missing is left out, as the template chose.
    placed: Vec<bool>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Members appended so far.
    next: usize,
    /// Members that arrived before those in front of them.
    waiting: BTreeMap<usize, String>,
    html: String,
    /// Where each member appended so far is in `html` (`None`: left out).
    ranges: Vec<Option<Range<usize>>>,
    done: bool,
}

/// A finished print page: its path, its bytes, and where each member
/// page's part is in them (`None` for a member the template leaves out),
/// so that `serve` can put a page's new part in without running the
/// template again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrintPage {
    /// Path in the output folder.
    pub(crate) path: String,
    /// The page's bytes.
    pub(crate) bytes: Vec<u8>,
    /// Where each member's part is in `bytes`, in print order.
    pub(crate) ranges: Vec<Option<Range<usize>>>,
}

/// A print page kept after a render (`serve` keeps them between edits),
/// its bytes compressed (LZ4): a large site's print pages hold all of its
/// pages' HTML again, tens of MB, and `serve`'s whole renders keep the
/// generation served beside the one they make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeptPrint {
    /// Path in the output folder.
    pub(crate) path: String,
    /// The page's bytes, packed by [`pack`].
    pub(crate) packed: Vec<u8>,
    /// Where each member's part is in the unpacked bytes, in print order.
    pub(crate) ranges: Vec<Option<Range<usize>>>,
}

/// `bytes`, compressed for keeping (see [`KeptPrint`]).
pub(crate) fn pack(bytes: &[u8]) -> Vec<u8> {
    lz4_flex::compress_prepend_size(bytes)
}

/// The bytes [`pack`] compressed.
pub(crate) fn unpack(packed: &[u8]) -> Vec<u8> {
    // Packed in this process from bytes in memory: unpacking cannot fail
    // but for a bug, and an empty page then shows it.
    lz4_flex::decompress_size_prepended(packed).unwrap_or_default()
}

impl Assembly {
    /// Cuts `template_html` (the print template's output for the page at
    /// `path`) at the placeholders of `members`, the guide's pages in order.
    pub(crate) fn new(path: String, template_html: &str, members: &[PageId]) -> Assembly {
        let mut pieces = Vec::with_capacity(members.len() + 1);
        let mut placed = Vec::with_capacity(members.len());
        let mut rest = template_html;
        for &i in members {
            let m = marker(i);
            match rest.find(&m) {
                Some(at) => {
                    pieces.push(rest[..at].to_string());
                    rest = &rest[at + m.len()..];
                    placed.push(true);
                }
                None => {
                    pieces.push(String::new());
                    placed.push(false);
                }
            }
        }
        pieces.push(rest.to_string());
        Assembly {
            path,
            members: members.to_vec(),
            pieces,
            placed,
            state: Mutex::new(State::default()),
        }
    }

    /// The guide's pages, in print order: [`Assembly::add`] takes a
    /// position in this list.
    pub(crate) fn members(&self) -> &[PageId] {
        &self.members
    }

    /// The finished page if the guide has no pages (nothing will be added).
    pub(crate) fn finish_empty(&self) -> Option<PrintPage> {
        if self.placed.is_empty() {
            self.complete(&mut lock(&self.state))
        } else {
            None
        }
    }

    /// Adds the HTML of the member at `position` (its index in `members`).
    /// Returns the print page once the last member is in; `None` until then.
    pub(crate) fn add(&self, position: usize, html: String) -> Option<PrintPage> {
        let mut state = lock(&self.state);
        state.waiting.insert(position, html);
        while let Some(html) = {
            let next = state.next;
            state.waiting.remove(&next)
        } {
            let n = state.next;
            state.html.push_str(&self.pieces[n]);
            let range = self.placed[n].then(|| {
                let start = state.html.len();
                state.html.push_str(&html);
                start..state.html.len()
            });
            state.ranges.push(range);
            state.next += 1;
        }
        if state.next == self.placed.len() {
            self.complete(&mut state)
        } else {
            None
        }
    }

    fn complete(&self, state: &mut State) -> Option<PrintPage> {
        if state.done {
            return None;
        }
        state.done = true;
        let mut html = std::mem::take(&mut state.html);
        html.push_str(&self.pieces[self.placed.len()]);
        Some(PrintPage {
            path: self.path.clone(),
            bytes: html.into_bytes(),
            ranges: std::mem::take(&mut state.ranges),
        })
    }
}

/// The print pages of a render, assembled as their pages are rendered.
/// Each goes to the sink when its last page is in; with `keep`, it is also
/// kept, with where each page's part is ([`PrintPages::into_kept`]).
#[derive(Default)]
pub(crate) struct PrintPages {
    /// Per guide; `None` where its print template failed or it is not rendered.
    assemblies: Vec<Option<Assembly>>,
    /// By page id: the page's guide and its position on the guide's print page.
    slots: Vec<Option<(usize, usize)>>,
    /// The finished print pages, by guide, when kept.
    kept: Option<Mutex<Vec<(usize, KeptPrint)>>>,
}

impl PrintPages {
    /// Starts the print page of each of `guides`, made by `assemble` (which
    /// runs the guide's print template) for a site whose page ids are below
    /// `pages` ([`Pages::bound`](crate::load::Pages::bound)); a guide
    /// without pages has its print page written at once. Template errors are
    /// returned, not raised, to be reported with the rest.
    pub(crate) fn start(
        pages: usize,
        guides: impl Iterator<Item = usize>,
        assemble: impl Fn(usize) -> std::result::Result<Assembly, Diagnostic>,
        keep: bool,
        sink: &dyn Sink,
    ) -> Result<(Self, Vec<(usize, Diagnostic)>)> {
        let mut prints = PrintPages {
            assemblies: Vec::new(),
            slots: vec![None; pages],
            kept: keep.then(|| Mutex::new(Vec::new())),
        };
        let mut diags = Vec::new();
        for g in guides {
            if prints.assemblies.len() <= g {
                prints.assemblies.resize_with(g + 1, || None);
            }
            match assemble(g) {
                Ok(a) => {
                    for (k, &id) in a.members().iter().enumerate() {
                        prints.slots[id.index()] = Some((g, k));
                    }
                    if let Some(page) = a.finish_empty() {
                        prints.finished(g, page, sink)?;
                    }
                    prints.assemblies[g] = Some(a);
                }
                Err(d) => diags.push((g, d)),
            }
        }
        Ok((prints, diags))
    }

    /// Whether page `id` has a place on a print page being assembled.
    pub(crate) fn wants(&self, id: PageId) -> bool {
        matches!(self.slots.get(id.index()), Some(Some((g, _))) if matches!(self.assemblies.get(*g), Some(Some(_))))
    }

    /// The pages with a place on a print page being assembled, in order.
    pub(crate) fn members(&self) -> impl Iterator<Item = PageId> + '_ {
        self.assemblies
            .iter()
            .flatten()
            .flat_map(|a| a.members().iter().copied())
    }

    /// Hands page `id`'s HTML (made by `html` only if a print page wants
    /// it) to its guide's print page, and writes that page to `sink` if this
    /// was the last piece it waited for.
    pub(crate) fn add(
        &self,
        id: PageId,
        html: impl FnOnce() -> String,
        sink: &dyn Sink,
    ) -> Result<()> {
        let Some(Some((g, k))) = self.slots.get(id.index()) else {
            return Ok(());
        };
        if let Some(Some(a)) = self.assemblies.get(*g) {
            if let Some(page) = a.add(*k, html()) {
                self.finished(*g, page, sink)?;
            }
        }
        Ok(())
    }

    /// The print pages finished and kept, by guide, in guide order.
    pub(crate) fn into_kept(self) -> Vec<(usize, KeptPrint)> {
        let mut kept = self
            .kept
            .map(|k| k.into_inner().unwrap_or_else(|e| e.into_inner()))
            .unwrap_or_default();
        kept.sort_by_key(|(g, _)| *g);
        kept
    }

    fn finished(&self, g: usize, page: PrintPage, sink: &dyn Sink) -> Result<()> {
        match &self.kept {
            Some(kept) => {
                let packed = pack(&page.bytes);
                let kept_page = KeptPrint {
                    path: page.path.clone(),
                    packed,
                    ranges: page.ranges,
                };
                sink.put(page.path, page.bytes)?;
                lock(kept).push((g, kept_page));
            }
            None => sink.put(page.path, page.bytes)?,
        }
        Ok(())
    }
}

/// Page `id`'s HTML as it appears on its guide's print page: ids
/// prefixed with the page's print anchor, links between pages of the guide
/// turned into links within the print page, other links made relative to
/// the print page.
pub fn html_for_print(site: &Site, id: PageId, body: &Rendered) -> String {
    let page = &site.pages[id];
    let prefix = &page.print_anchor;
    let print_path = &site.guides[page.guide].print_path;
    let links: HashMap<String, String> = body
        .links
        .iter()
        .filter(|(url, _)| !url.starts_with('#'))
        .map(|(url, target)| (escape(url), escape(&print_url(site, page, url, target))))
        .collect();
    let rewrite = |name: &str, value: &str, out: &mut String| match name {
        "id" => {
            out.push_str(prefix);
            out.push_str("--");
            out.push_str(value);
        }
        "href" if value.starts_with('#') => {
            out.push('#');
            out.push_str(prefix);
            out.push_str("--");
            out.push_str(&value[1..]);
        }
        "href" | "src" => match links.get(value) {
            Some(url) => out.push_str(url),
            None => match rebase(&page.path, print_path, value) {
                Some(url) => out.push_str(&url),
                None => out.push_str(value),
            },
        },
        _ => out.push_str(value),
    };
    let html = &body.html;
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html.as_str();
    // Text is copied as it is (it may hold `="`, in code say, or a `<` that
    // raw HTML left unescaped); only the attributes inside tags are
    // rewritten, and the content of `<script>` and `<style>` is left as
    // written.
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(rest.len(), |e| 4 + e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let starts_tag = rest[1..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
        if !starts_tag {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let name: String = rest[1..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
        rest = rewrite_tag(rest, &mut out, &rewrite);
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            // In any case, without a lower-case copy of the rest of the page.
            let end = rest
                .as_bytes()
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                .unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Copies the tag that `html` starts with to `out`, each attribute value
/// quoted with `"` given to `rewrite` (with the attribute's name) to
/// write; returns what follows the tag.
fn rewrite_tag<'h>(
    html: &'h str,
    out: &mut String,
    rewrite: &dyn Fn(&str, &str, &mut String),
) -> &'h str {
    let mut rest = html;
    loop {
        let Some(k) = rest.find(['"', '\'', '>']) else {
            out.push_str(rest);
            return "";
        };
        let (before, after) = rest.split_at(k);
        if after.starts_with('>') {
            out.push_str(&rest[..=k]);
            return &rest[k + 1..];
        }
        let quote = if after.starts_with('"') { '"' } else { '\'' };
        let value_and_more = &after[1..];
        let end = value_and_more.find(quote).unwrap_or(value_and_more.len());
        let value = &value_and_more[..end];
        out.push_str(before);
        out.push(quote);
        match before.strip_suffix('=') {
            Some(named) if quote == '"' => {
                // The name: the ASCII letters, digits and `-` before `=`.
                let start = named
                    .bytes()
                    .rposition(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
                    .map_or(0, |j| j + 1);
                rewrite(&named[start..], value, out);
            }
            _ => out.push_str(value),
        }
        rest = &value_and_more[end..];
        if let Some(after_quote) = rest.strip_prefix(quote) {
            out.push(quote);
            rest = after_quote;
        }
    }
}

/// A relative URL written on the page at `page_path` (`guide/step/`),
/// rewritten to lead to the same place from `print_path` (`guide/print/`):
/// `img/p.png` becomes `../step/img/p.png`. `None` for what needs no
/// rewriting (fragments, external and root-relative URLs) or cannot be
/// (a path that climbs out of the site, left for the link check to report).
fn rebase(page_path: &str, print_path: &str, url: &str) -> Option<String> {
    if url.is_empty() || url.starts_with('#') || !is_internal(url) {
        return None;
    }
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(cut);
    let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
    let mut resolved = normalize(&format!("{dir}{path}"))?;
    let folder = path.is_empty()
        || path.ends_with('/')
        || path
            .rsplit('/')
            .next()
            .is_some_and(|s| s == "." || s == "..");
    if folder && !resolved.is_empty() {
        resolved.push('/');
    }
    let mut out = relative(print_path, &resolved, false);
    out.push_str(rest);
    Some(out)
}

/// Where a link of `page` (written as `url`, leading to `target`) leads
/// from its guide's print page: a page of the same guide is a section of
/// it; anything else is reached relative to the print page.
fn print_url(site: &Site, page: &Page, url: &str, target: &Target) -> String {
    let from = &site.guides[page.guide].print_path;
    let portable = site.config.portable;
    match target {
        Target::Page { page: t, anchor } => {
            let to = &site.pages[*t];
            match anchor {
                _ if to.guide != page.guide => {
                    let anchor = anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
                    relative(from, &format!("{}{anchor}", to.path), portable)
                }
                Some(a) => format!("#{}--{a}", to.print_anchor),
                None => format!("#{}", to.print_anchor),
            }
        }
        Target::SiteRoot(to) => relative(from, to, portable),
        Target::Other => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{FrontMatter, Pages};

    /// The ids of a site of `n` pages.
    fn ids(n: usize) -> Vec<PageId> {
        let pages = (0..n).map(|k| Page::for_test(&format!("p{k}.md"), FrontMatter::default()));
        Pages::new(pages.collect()).ids().collect()
    }

    fn template(members: &[PageId]) -> String {
        let mut t = String::from("<main>");
        for &i in members {
            t.push_str(&format!("<section id=\"s{i}\">{}</section>", marker(i)));
        }
        t.push_str("</main>");
        t
    }

    #[test]
    fn pages_arriving_in_any_order_come_out_in_guide_order() {
        let p = ids(10);
        let members = [p[7], p[3], p[9]];
        let a = Assembly::new("g/print/index.html".into(), &template(&members), &members);
        assert_eq!(a.add(2, "<p>nine</p>".into()), None);
        assert_eq!(a.add(0, "<p>seven</p>".into()), None);
        let PrintPage { path, bytes, .. } = a.add(1, "<p>three</p>".into()).expect("complete");
        assert_eq!(path, "g/print/index.html");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "<main><section id=\"s7\"><p>seven</p></section><section id=\"s3\"><p>three</p></section><section id=\"s9\"><p>nine</p></section></main>"
        );
    }

    #[test]
    fn a_finished_page_knows_where_each_part_is() {
        let p = ids(7);
        let members = [p[4], p[5], p[6]];
        let t = template(&[p[4], p[6]]);
        let html = ["<p>four</p>", "<p>five</p>", "<p>six</p>"];
        let b = Assembly::new("p".into(), &t, &members);
        for k in [2, 0] {
            assert_eq!(b.add(k, html[k].into()), None);
        }
        let PrintPage { bytes, ranges, .. } = b.add(1, html[1].into()).expect("complete");
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(&text[ranges[0].clone().unwrap()], "<p>four</p>");
        assert_eq!(ranges[1], None);
        assert_eq!(&text[ranges[2].clone().unwrap()], "<p>six</p>");
    }

    #[test]
    fn a_page_the_template_does_not_place_is_left_out() {
        let p = ids(3);
        let members = [p[1], p[2]];
        let a = Assembly::new("p".into(), &template(&[p[2]]), &members);
        assert_eq!(a.add(0, "one".into()), None);
        let bytes = a.add(1, "two".into()).expect("complete").bytes;
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "<main><section id=\"s2\">two</section></main>"
        );
    }

    #[test]
    fn relative_urls_are_rebased_for_the_print_page() {
        let r = |url| rebase("guide/step/", "guide/print/", url);
        assert_eq!(r("img/p.png").as_deref(), Some("../step/img/p.png"));
        assert_eq!(
            r("./img/p.png?v=2#x").as_deref(),
            Some("../step/img/p.png?v=2#x")
        );
        assert_eq!(r("../other/").as_deref(), Some("../other/"));
        assert_eq!(r("..").as_deref(), Some("../"));
        assert_eq!(r("../../x.pdf").as_deref(), Some("../../x.pdf"));
        assert_eq!(r("?q=1").as_deref(), Some("../step/?q=1"));
        assert_eq!(r("../../../x"), None);
        for kept in [
            "#a",
            "https://e.org/",
            "/abs",
            "mailto:a@b",
            "data:image/png;base64,AA",
        ] {
            assert_eq!(r(kept), None, "{kept}");
        }
        assert_eq!(
            rebase("", "print/", "img/p.png").as_deref(),
            Some("../img/p.png")
        );
    }

    #[test]
    fn a_guide_without_pages_is_finished_at_once() {
        let a = Assembly::new("p".into(), "<main></main>", &[]);
        let bytes = a.finish_empty().expect("complete").bytes;
        assert_eq!(bytes, b"<main></main>");
        assert_eq!(a.finish_empty(), None);
        let p = ids(2);
        let b = Assembly::new("p".into(), &template(&[p[1]]), &[p[1]]);
        assert_eq!(b.finish_empty(), None);
    }
}
