//! Links and images: their addresses rewritten (`Link::rewrite` in
//! `render/link_rewrite.rs`: `.md` files and root-relative URLs to relative URLs,
//! broken `.md` links reported), and images recorded with their alt text
//! for the publishing checks.

use super::renderer::Renderer;
use crate::check::ImageRef;
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
        self.rewrite(dest, offset)
    }

    /// An image ends, and is recorded.
    pub(super) fn end_image(&mut self) -> Event<'a> {
        self.out.images.extend(self.image.take());
        Event::End(TagEnd::Image)
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
