//! Assembles a guide's print page from its pages' HTML as the pages are
//! rendered, in whatever order they finish.
//!
//! The print template is run once with a placeholder for each page (see
//! [`marker`]). [`Assembly`] splits its output at the placeholders, takes
//! each page's HTML as soon as it exists and appends every piece that is
//! ready, in order, so a build never renders a page's Markdown twice and
//! holds only the pages that finished early.

use super::jobs::{print_assembly, Prepared};
use super::markdown::{self, Rendered};
use super::Sink;
use crate::error::{Diagnostic, Result};
use crate::load::{Site, Theme};
use crate::sync::lock;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The placeholder for page `i`'s HTML in a print template's output (the
/// template must print `content` with `| safe`, as any HTML).
pub fn marker(i: usize) -> String {
    format!("<!--stepwise:print:{i}-->")
}

/// A print page being put together: the template's output cut at each
/// member page's placeholder, and the member pages' HTML received so far.
#[derive(Debug)]
pub struct Assembly {
    path: String,
    /// The guide's pages, in print order.
    members: Vec<usize>,
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
    done: bool,
}

impl Assembly {
    /// Cuts `template_html` (the print template's output for the page at
    /// `path`) at the placeholders of `members`, the guide's pages in order.
    pub fn new(path: String, template_html: &str, members: &[usize]) -> Assembly {
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
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// The finished page if the guide has no pages (nothing will be added).
    pub fn finish_empty(&self) -> Option<(String, Vec<u8>)> {
        if self.placed.is_empty() {
            self.complete(&mut lock(&self.state))
        } else {
            None
        }
    }

    /// Adds the HTML of the member at `position` (its index in `members`).
    /// Returns the path and bytes of the print page once the last member is
    /// in; `None` until then.
    pub fn add(&self, position: usize, html: String) -> Option<(String, Vec<u8>)> {
        let mut state = lock(&self.state);
        state.waiting.insert(position, html);
        while let Some(html) = {
            let next = state.next;
            state.waiting.remove(&next)
        } {
            let n = state.next;
            state.html.push_str(&self.pieces[n]);
            if self.placed[n] {
                state.html.push_str(&html);
            }
            state.next += 1;
        }
        if state.next == self.placed.len() {
            self.complete(&mut state)
        } else {
            None
        }
    }

    fn complete(&self, state: &mut State) -> Option<(String, Vec<u8>)> {
        if state.done {
            return None;
        }
        state.done = true;
        let mut html = std::mem::take(&mut state.html);
        html.push_str(&self.pieces[self.placed.len()]);
        Some((self.path.clone(), html.into_bytes()))
    }
}

/// The print pages of a build, assembled as their pages are rendered.
#[derive(Default)]
pub struct PrintPages {
    /// Per guide; `None` where its print template failed.
    assemblies: Vec<Option<Assembly>>,
    /// Per page: its guide and its position on the guide's print page.
    slots: Vec<Option<(usize, usize)>>,
}

impl PrintPages {
    /// Runs every guide's print template; a guide without pages has its
    /// print page written at once. Template errors are returned, not raised,
    /// to be reported with the rest.
    pub(crate) fn start(
        prep: &Prepared,
        theme: &Theme,
        sink: &dyn Sink,
    ) -> Result<(Self, Vec<Diagnostic>)> {
        let site = prep.site;
        let mut pages = PrintPages {
            assemblies: Vec::new(),
            slots: vec![None; site.pages.len()],
        };
        let mut diags = Vec::new();
        for g in 0..site.guides.len() {
            match print_assembly(prep, theme, g) {
                Ok(a) => {
                    for (k, &i) in a.members().iter().enumerate() {
                        pages.slots[i] = Some((g, k));
                    }
                    if let Some((path, bytes)) = a.finish_empty() {
                        sink.put(path, bytes)?;
                    }
                    pages.assemblies.push(Some(a));
                }
                Err(d) => {
                    diags.push(d);
                    pages.assemblies.push(None);
                }
            }
        }
        Ok((pages, diags))
    }

    /// Hands page `i`'s HTML to its guide's print page, and writes that page
    /// to `sink` if this was the last piece it waited for.
    pub(crate) fn add(
        &self,
        site: &Site,
        i: usize,
        body: &Rendered,
        sink: &dyn Sink,
    ) -> Result<()> {
        let Some(Some((g, k))) = self.slots.get(i) else {
            return Ok(());
        };
        if let Some(a) = &self.assemblies[*g] {
            if let Some((path, bytes)) = a.add(*k, markdown::html_for_print(site, i, body)) {
                sink.put(path, bytes)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(members: &[usize]) -> String {
        let mut t = String::from("<main>");
        for &i in members {
            t.push_str(&format!("<section id=\"s{i}\">{}</section>", marker(i)));
        }
        t.push_str("</main>");
        t
    }

    #[test]
    fn pages_arriving_in_any_order_come_out_in_guide_order() {
        let members = [7, 3, 9];
        let a = Assembly::new("g/print/index.html".into(), &template(&members), &members);
        assert_eq!(a.add(2, "<p>nine</p>".into()), None);
        assert_eq!(a.add(0, "<p>seven</p>".into()), None);
        let (path, bytes) = a.add(1, "<p>three</p>".into()).expect("complete");
        assert_eq!(path, "g/print/index.html");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "<main><section id=\"s7\"><p>seven</p></section><section id=\"s3\"><p>three</p></section><section id=\"s9\"><p>nine</p></section></main>"
        );
    }

    #[test]
    fn a_page_the_template_does_not_place_is_left_out() {
        let members = [1, 2];
        let a = Assembly::new("p".into(), &template(&[2]), &members);
        assert_eq!(a.add(0, "one".into()), None);
        let (_, bytes) = a.add(1, "two".into()).expect("complete");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "<main><section id=\"s2\">two</section></main>"
        );
    }

    #[test]
    fn a_guide_without_pages_is_finished_at_once() {
        let a = Assembly::new("p".into(), "<main></main>", &[]);
        let (_, bytes) = a.finish_empty().expect("complete");
        assert_eq!(bytes, b"<main></main>");
        assert_eq!(a.finish_empty(), None);
        let b = Assembly::new("p".into(), &template(&[1]), &[1]);
        assert_eq!(b.finish_empty(), None);
    }
}
