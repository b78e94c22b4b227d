//! Links and images: their addresses rewritten (`Link::rewrite` in
//! `render/link_rewrite.rs`: `.md` files, root-relative URLs and files
//! beside the pages to relative URLs, broken `.md` links reported), and
//! images recorded with their alt text for the publishing checks. An image
//! the site publishes gets the `width` and `height` its file states, and
//! every image after the page's first loads lazily (`loading="lazy"`), so
//! the page keeps their room and loads them as the reader gets to them.

use super::renderer::Renderer;
use crate::check::ImageRef;
use crate::load::link_targets::{resolve, Target};
use crate::render::char_refs::holds_control;
use pulldown_cmark::{CowStr, Event, TagEnd};

impl<'a> Renderer<'a> {
    /// A link to `dest` starts at `offset`: its address, rewritten.
    pub(super) fn start_link(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        self.in_link += 1;
        self.rewrite(dest, offset)
    }

    /// A link ends.
    pub(super) fn end_link(&mut self) -> Event<'a> {
        self.in_link = self.in_link.saturating_sub(1);
        Event::End(TagEnd::Link)
    }

    /// An image of `dest` starts at `offset`: its address, rewritten. Its
    /// alt text is collected until it ends.
    pub(super) fn start_image(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        self.image = Some(ImageRef {
            dest: dest.to_string(),
            alt: String::new(),
            offset,
            raw: false,
        });
        let published = match resolve(self.site, self.id, &dest) {
            Ok(Target::SiteRoot(to)) => Some(to.split(['#', '?']).next().unwrap_or("").to_string()),
            _ => None,
        };
        let at = self.writing().len();
        self.open_images.push((at, published));
        self.rewrite(dest, offset)
    }

    /// An image ends, and is recorded. Unless it is the page's first image
    /// and its size is not known, it is written here, as pulldown-cmark
    /// writes it, with its size and `loading="lazy"` added.
    pub(super) fn end_image(&mut self) -> Event<'a> {
        let first = self.out.images.is_empty();
        self.out.images.extend(self.image.take());
        let end = Event::End(TagEnd::Image);
        let Some((at, published)) = self.open_images.pop() else {
            return end;
        };
        // An image in another's alt text is only text there.
        if !self.open_images.is_empty() {
            return end;
        }
        let size = published.and_then(|p| self.images.size(&p));
        if first && size.is_none() {
            return end;
        }
        let events = self.writing();
        if at > events.len() {
            return end;
        }
        let image: Vec<Event> = events.drain(at..).chain([end]).collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, image.into_iter());
        let Some(open) = html.strip_suffix(" />") else {
            return Event::InlineHtml(html.into());
        };
        let mut attrs = String::new();
        if let Some(s) = size {
            attrs.push_str(&format!(" width=\"{}\" height=\"{}\"", s.width, s.height));
        }
        if !first {
            attrs.push_str(" loading=\"lazy\"");
        }
        Event::InlineHtml(format!("{open}{attrs} />").into())
    }

    /// The events being written: the open heading's, or the body's.
    fn writing(&mut self) -> &mut Vec<Event<'a>> {
        match self.heading.as_mut() {
            Some(heading) => &mut heading.events,
            None => &mut self.events,
        }
    }

    /// `dest`, a link's or image's address at `offset` of the body,
    /// rewritten; as written when it holds a control character, which
    /// [`References`](crate::render::char_refs::References) reports (a
    /// broken link message would show it raw).
    fn rewrite(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if holds_control(&dest) {
            return dest;
        }
        self.link
            .rewrite(dest, offset, &mut self.out, &mut self.problems)
    }
}
