//! Check stage. In: what the render produced (the built files, and what each
//! page's Markdown showed: its headings, links to anchors, h1s and images).
//! Out: diagnostics, each located in the content file or the built file it
//! comes from. Nothing here renders or writes.
//!
//! - [`anchors`](broken_anchors_in): content links and checklist `see:` must
//!   land on a heading; the render runs it once every page is rendered.
//! - [`LinkIndex`]: the one link index of a built site; `build`, `check` and
//!   `serve` all check internal links and anchors through it, and report
//!   a broken link written in content as a site-root link ([`RootLink`],
//!   [`ContentLinks`]) at its line in the content file.
//! - [`inspect`]: `stepwise check`'s publishing checks on top.
//! - [`check_external`]: `stepwise check --external` asks the server of
//!   every http(s) link; the only check that uses the network, and only
//!   when asked.
//! - [`reminders`]: `stepwise check`'s warnings, which do not fail it:
//!   placeholders left in `site.yaml`, sources checked too long ago.
//!
//! This stage depends on the site model only: the render feeds it plain
//! data, so the checks can be tested without rendering anything.

mod anchors;
mod external;
mod link_index;
mod link_info;
mod packed;
mod publish;
mod reminders;
mod root_links;

pub(crate) use anchors::{broken_anchors_in, AnchorRef, PageAnchors};
pub(crate) use external::{check_external, ExternalLink};
pub use external::{ExternalOptions, Summary as ExternalSummary};
pub(crate) use link_index::{info_of, is_indexed, Entry, LinkIndex, TextOf, OUTPUT_LABEL};
pub(crate) use publish::{inspect, BodyFacts, ImageRef};
pub(crate) use reminders::reminders;
pub(crate) use root_links::{Beside, ContentLinks, RootLink};
