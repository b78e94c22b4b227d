//! What the threads of a tagged render are rendering now: which template,
//! for which page, since when. `serve` tags the threads of each rebuild's
//! pool, so that a rebuild still running after a while can name the
//! template it is in. Untagged threads (`build`, `check`, pages rendered on
//! request) record nothing.

use crate::sync::lock;
use std::cell::Cell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

thread_local! {
    /// The tag of the render this thread works for; 0 for none.
    static TAG: Cell<u64> = const { Cell::new(0) };
}

/// One template being rendered.
struct Running {
    thread: ThreadId,
    tag: u64,
    /// The template as errors show it.
    template: PathBuf,
    /// The content file of the page, if the file is a page's.
    page: Option<PathBuf>,
    since: Instant,
}

static RUNNING: Mutex<Vec<Running>> = Mutex::new(Vec::new());

/// Renders tagged up to this were abandoned (tags only grow).
static ABANDONED_UP_TO: AtomicU64 = AtomicU64::new(0);

/// Marks the current thread as working for the render tagged `tag`.
pub(crate) fn tag_thread(tag: u64) {
    TAG.with(|t| t.set(tag));
}

/// Abandons the renders tagged `tag` and lower: their threads take no
/// further page ([`abandoned`]), so their render ends after the pages it
/// is in (a template that never ends keeps its thread).
pub(crate) fn abandon(tag: u64) {
    ABANDONED_UP_TO.fetch_max(tag, AtomicOrdering::Relaxed);
}

/// Whether the render this thread works for was abandoned.
pub(crate) fn abandoned() -> bool {
    let tag = TAG.with(Cell::get);
    tag != 0 && tag <= ABANDONED_UP_TO.load(AtomicOrdering::Relaxed)
}

/// Records that this thread renders `template` for `page` until the guard
/// is dropped (only on a tagged thread).
pub(crate) fn rendering(template: impl FnOnce() -> PathBuf, page: Option<PathBuf>) -> Rendering {
    let tag = TAG.with(Cell::get);
    if tag == 0 {
        return Rendering(None);
    }
    let thread = std::thread::current().id();
    lock(&RUNNING).push(Running {
        thread,
        tag,
        template: template(),
        page,
        since: Instant::now(),
    });
    Rendering(Some(thread))
}

/// Forgets what its thread was rendering when dropped.
pub(crate) struct Rendering(Option<ThreadId>);

impl Drop for Rendering {
    fn drop(&mut self) {
        if let Some(thread) = self.0 {
            lock(&RUNNING).retain(|r| r.thread != thread);
        }
    }
}

/// The template the render tagged `tag` has been in the longest, the page
/// it renders with it, and for how long.
pub(crate) fn longest(tag: u64) -> Option<(PathBuf, Option<PathBuf>, Duration)> {
    lock(&RUNNING)
        .iter()
        .filter(|r| r.tag == tag)
        .min_by_key(|r| r.since)
        .map(|r| (r.template.clone(), r.page.clone(), r.since.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tagged_threads_record_and_a_guard_forgets() {
        let untagged = rendering(|| "page.html".into(), None);
        assert!(untagged.0.is_none());
        std::thread::spawn(|| {
            tag_thread(7);
            let guard = rendering(|| "t/page.html".into(), Some("content/a.md".into()));
            let (template, page, _) = longest(7).expect("recorded");
            assert_eq!(template, PathBuf::from("t/page.html"));
            assert_eq!(page, Some(PathBuf::from("content/a.md")));
            assert!(longest(8).is_none());
            drop(guard);
            assert!(longest(7).is_none());
            assert!(!abandoned());
            abandon(7);
            assert!(abandoned());
            tag_thread(8);
            assert!(!abandoned(), "a later render goes on");
        })
        .join()
        .expect("thread");
    }
}
