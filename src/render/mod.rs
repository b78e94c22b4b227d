//! Render stage. In: a loaded [`Site`](crate::load::Site) and its
//! [`Theme`](crate::load::Theme). Out: every file of the built site, each
//! handed to a [`Sink`] as soon as it is rendered: `build` writes them
//! straight to disk, `check` keeps them in memory ([`Collect`]), `serve`
//! indexes and hashes them and keeps what later edits need
//! (`serve/incremental/parts.rs`). Broken links
//! between pages, broken anchors, control characters written as character
//! references (`char_refs.rs`) and template errors come back as
//! diagnostics, all of them at once.
//!
//! One driver renders, for every command (`driver.rs`, [`render`]): the
//! caller says what to make ([`Work`]). Each page's Markdown
//! ([`markdown`]) is rendered inside that page's job (in parallel) and
//! dropped once its templates have run and its HTML has gone into its
//! guide's print page ([`print`](mod@print)), so a large site never sits
//! in memory whole; what the checks and `serve` need of each page comes
//! back ([`RenderFacts`]). What is made of a site is listed in `outputs.rs`.
//! Templates only ever see the small serializable views (`views.rs`),
//! never the model. [`metadata`] writes the structured data, sitemap and
//! feed; `offline/` the service worker that keeps the site for reading
//! offline (made last, from every file the render put) and the web app
//! manifest; `figures.rs` keeps ranges of numbers on one line;
//! [`templates`] compiles the theme.

mod calendar;
mod char_refs;
mod component_cycles;
mod driver;
mod figures;
mod image_files;
mod image_size;
mod link_rewrite;
pub mod markdown;
mod metadata;
mod offline;
mod outputs;
pub mod print;
pub(crate) mod progress;
mod rendered;
mod search;
pub(crate) mod sections;
mod sink;
mod templates;
mod terms;
mod views;

pub(crate) use driver::{
    Anchors, Guides, KnownPages, Make, NothingKnown, Order, PageFacts, Pages, RenderFacts,
    SiteFiles, Work,
};
pub(crate) use image_size::is_measured as is_measured_image;
pub(crate) use offline::RETIRED as RETIRED_WORKER;
#[cfg(test)]
pub(crate) use offline::WORKER_PATH;
pub(crate) use outputs::{static_files, SiteFile};
#[cfg(test)]
pub(crate) use sink::OutputFile;
pub(crate) use sink::{Collect, Discard, Sink};

pub(crate) use driver::render as render_with;
pub(crate) use outputs::{compile, print_members, site_files, RenderInput};
pub(crate) use print::{pack, unpack, KeptPrint};
pub(crate) use search::{fragment_paths, index_paths, Indexed, Numbers};
pub(crate) use views::{guide_view, SiteView, Views};

use crate::error::Result;
use crate::load::{Site, Theme};

/// Renders what `work` says of every page of `site` with `theme` (whose
/// templates are compiled first) into `sink`: the one way a whole site is
/// rendered (`build`, `check`). [`render_with`] is the other way in, for
/// `serve`: the same driver, with templates and views it keeps and what it
/// kept of the pages it does not render ([`KnownPages`]).
pub(crate) fn render(
    site: &Site,
    theme: &Theme,
    work: &Work,
    sink: &dyn Sink,
) -> Result<RenderFacts> {
    let tera = compile(site, theme)?;
    let input = RenderInput {
        site,
        theme,
        views: Views::new(site),
        tera: &tera,
    };
    driver::render(&input, work, &NothingKnown, sink)
}

/// Compiles `theme`'s templates for `site`: their errors, before anything
/// is rendered.
pub(crate) fn check_templates(site: &Site, theme: &Theme) -> Result<()> {
    compile(site, theme).map(|_| ())
}

/// The stack each render thread gets: Tera renders components that call
/// one another (20 deep at most) and the templates they include by
/// recursion, and 20 levels of them need more than a thread's default
/// 2 MiB in an unoptimized build. Only what is touched is ever used.
const RENDER_STACK: usize = 32 << 20;

/// Gives the threads that render (rayon's global pool) a stack deep enough
/// for any nesting Tera allows, so that a theme whose components call
/// themselves gets Tera's error instead of a crash. Call it once, first
/// thing; a later call (or one after the pool started) changes nothing.
pub fn use_deep_stacks() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(RENDER_STACK)
        .build_global();
}

/// A thread pool of its own, with deep stacks like the global one: for a
/// render that must not hold the global pool (`serve`'s rebuilds). `None`
/// when the system will not start its threads.
/// Its threads are tagged `tag` ([`progress`]) and run at a lower priority
/// than the rest of the process ([`lower_priority`]).
pub(crate) fn deep_stack_pool(tag: u64) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .stack_size(RENDER_STACK)
        .thread_name(|i| format!("stepwise-render-{i}"))
        .start_handler(move |_| {
            progress::tag_thread(tag);
            lower_priority();
        })
        .build()
        .ok()
}

/// Lowers the priority of the calling thread (nice 10), so that on a busy
/// machine `serve`'s threads answering the browser from the last good site
/// come before a rebuild's. Linux only: there the nice value belongs to a
/// thread; elsewhere `setpriority` would lower the whole process.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: setpriority takes plain integers and touches no memory
        // of ours; `0` names the calling thread on Linux. A failure (not
        // allowed, say) leaves the priority as it was, which is harmless.
        let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
    }
}
