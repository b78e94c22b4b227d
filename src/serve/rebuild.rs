//! The rebuild thread: waits for changes, gathers a burst of them into one
//! batch, rebuilds, prints what happened and publishes the result to the
//! browsers.
//!
//! Rebuilds run on a thread pool of their own ([`Pool`], kept from one
//! rebuild to the next), on a clone of the [`Builder`]: the site served (the
//! last good generation) is never touched, and the pages rendered when the
//! browser asks for them, on the global pool, never wait behind a rebuild.
//! This thread waits for the rebuild's result and keeps watching for changes
//! meanwhile. A rebuild still running after [`slow_after`] (10 s) is shown in
//! the browser as such, naming the template it is in; when a save comes
//! after that, the rebuild is abandoned (its pool is let go: its threads
//! finish on their own, or never, and the result is dropped) and a new one
//! starts, on a new pool, with every change since the last good site, so a
//! save that fixes a runaway template brings the site back without a
//! restart.

use super::changes::{Changes, Msg};
use super::incremental::{Builder, Outcome};
use super::overlay::STILL_RENDERING;
use super::reload::{Event, Hub};
use super::watcher::Watcher;
use crate::error::{Diagnostic, Error};
use crate::render::progress;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A batch is complete when no further change arrives for this long (a bit
/// more than the debouncer's tick, so that its consecutive ticks of one
/// burst end up in one batch).
pub(crate) const QUIET: Duration = Duration::from_millis(5);

/// A batch never waits longer than this, even if changes keep coming.
pub(crate) const MAX_WAIT: Duration = Duration::from_millis(300);

/// How long a rebuild runs before the browser is told it is still running
/// (and a save after that abandons it): 10 s, or the milliseconds in
/// `STEPWISE_SLOW_RENDER_MS` (for tests, which cannot wait 10 s).
pub(crate) fn slow_after() -> Duration {
    std::env::var("STEPWISE_SLOW_RENDER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// How often the rebuild thread looks at changes and the clock while a
/// rebuild runs.
const TICK: Duration = Duration::from_millis(20);

/// Starts the rebuild thread. It owns the watcher and stops it when told to
/// stop (or when every sender is gone).
pub(crate) fn spawn(
    builder: Builder,
    mut watcher: Watcher,
    rx: Receiver<Msg>,
    hub: Arc<Hub>,
) -> std::io::Result<JoinHandle<()>> {
    let slow = slow_after();
    std::thread::Builder::new()
        .name("stepwise-rebuild".into())
        .spawn(move || {
            let mut builder = builder;
            let mut next = None;
            let mut pool = None;
            while let Some(mut changes) = next.take().or_else(|| next_batch(&rx)) {
                if changes.rewatch {
                    watcher.rewatch();
                }
                let start = Instant::now();
                let render = pool
                    .get_or_insert_with(Pool::new)
                    .start(builder.clone(), changes.clone());
                let (done, queued) = match wait(&render, &rx, &hub, &builder, &changes, slow) {
                    Waited::Done(done, queued) => (done, queued),
                    Waited::Superseded(more) => {
                        // Its pool is still busy with it: the next render
                        // gets a new one.
                        if let Some(old) = pool.take() {
                            progress::abandon(old.tag);
                        }
                        eprintln!(
                            "{}: abandoned after {} s; rendering again with the new changes",
                            changes.describe(),
                            start.elapsed().as_secs()
                        );
                        changes.merge(more);
                        next = Some(changes);
                        continue;
                    }
                    Waited::Stop => break,
                };
                next = queued;
                let elapsed = start.elapsed();
                let (rebuilt, outcome, told_slow) = done;
                builder = rebuilt;
                let event = match &outcome {
                    Outcome::Unchanged | Outcome::Styles { .. } if told_slow => Some(Event::Reload),
                    Outcome::Unchanged => None,
                    Outcome::Rebuilt { .. } => Some(Event::Reload),
                    Outcome::Styles { .. } => Some(Event::Styles),
                    Outcome::Failed(_) => builder.error().map(|e| Event::BuildError(e.clone())),
                };
                if event.is_some() {
                    hub.publish(builder.served(), builder.error(), event);
                }
                report(&outcome, &changes, elapsed);
            }
            drop(watcher);
        })
}

/// The thread pool rebuilds run on: deep stacks, threads tagged so that
/// `render::progress` can tell what they render. Kept from one rebuild to
/// the next (starting threads costs time and memory on every save); an
/// abandoned rebuild takes its pool with it.
struct Pool {
    /// `None` when the system would not start its threads: rebuilds then
    /// run on a thread of their own, with the global pool.
    threads: Option<rayon::ThreadPool>,
    tag: u64,
}

impl Pool {
    fn new() -> Pool {
        static POOLS: AtomicU64 = AtomicU64::new(0);
        let tag = POOLS.fetch_add(1, Ordering::Relaxed) + 1;
        Pool {
            threads: crate::render::deep_stack_pool(tag),
            tag,
        }
    }

    /// Starts applying `changes` to `builder` on this pool.
    fn start(&self, mut builder: Builder, changes: Changes) -> Render {
        let (tx, done) = mpsc::channel();
        let tag = self.tag;
        let run = move || {
            progress::tag_thread(tag);
            // A panic ends this rebuild only (the pool would abort the
            // process): `tx` is dropped, which `wait` reports as a render
            // that stopped unexpectedly.
            let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let outcome = builder.apply(&changes);
                (builder, outcome)
            }));
            if let Ok(done) = applied {
                let _ = tx.send(done);
            }
        };
        match &self.threads {
            Some(threads) => threads.spawn(run),
            None => {
                // A thread that cannot start drops `tx`: reported as a
                // failed rebuild.
                let _ = std::thread::Builder::new()
                    .name("stepwise-render".into())
                    .spawn(run);
            }
        }
        Render { done, tag }
    }
}

/// A rebuild running on a [`Pool`]; it sends the builder back with what it
/// did.
struct Render {
    done: Receiver<(Builder, Outcome)>,
    /// The tag of its pool's threads (`render::progress`).
    tag: u64,
}

/// How waiting for a rebuild ended.
enum Waited {
    /// It finished: the builder it made, its outcome, whether the browser
    /// was told it was slow; and changes that came meanwhile.
    Done((Builder, Outcome, bool), Option<Changes>),
    /// It ran past the slow mark and changes came: abandon it.
    Superseded(Changes),
    /// The server is stopping.
    Stop,
}

/// Waits for `render` (started from `builder` for `changes`), gathering the
/// changes that come meanwhile; tells the browser once it is slow.
fn wait(
    render: &Render,
    rx: &Receiver<Msg>,
    hub: &Hub,
    builder: &Builder,
    changes: &Changes,
    slow: Duration,
) -> Waited {
    let start = Instant::now();
    let mut queued: Option<Changes> = None;
    let mut told = false;
    loop {
        match render.done.recv_timeout(TICK) {
            Ok((b, outcome)) => return Waited::Done((b, outcome, told), queued),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                // The render thread died (a panic): the last good site stays.
                let text: Arc<str> = format!(
                    "error: the render of {} stopped unexpectedly; save again to retry",
                    changes.describe()
                )
                .into();
                let mut b = builder.clone();
                b.postpone(changes);
                return Waited::Done((b, Outcome::Failed(text), told), queued);
            }
        }
        loop {
            match rx.try_recv() {
                Ok(Msg::Changes(c)) => match &mut queued {
                    Some(q) => q.merge(c),
                    None => queued = Some(c),
                },
                Ok(Msg::WatchErrors(e)) => print_watch_errors(&e),
                Ok(Msg::Stop) | Err(TryRecvError::Disconnected) => return Waited::Stop,
                Err(TryRecvError::Empty) => break,
            }
        }
        if told {
            if let Some(more) = queued.take() {
                return Waited::Superseded(more);
            }
        } else if start.elapsed() >= slow {
            told = true;
            let text: Arc<str> = still_rendering(render.tag, changes, start.elapsed()).into();
            eprintln!("{text}");
            hub.publish(
                builder.served(),
                Some(text.clone()),
                Some(Event::BuildError(text)),
            );
        }
    }
}

/// What the terminal and the browser show about a rebuild (tagged `tag`)
/// still running after `elapsed`: at the template it has been in the
/// longest, naming the page, or else naming the changes that started it.
fn still_rendering(tag: u64, changes: &Changes, elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    let d = match progress::longest(tag) {
        Some((template, page, _)) => {
            let page = page
                .map(|p| format!(" for {}", p.display()))
                .unwrap_or_default();
            Diagnostic::file(
                template,
                format!(
                    "{}{page} after {secs} s: this template may run for too long",
                    STILL_RENDERING
                ),
            )
        }
        None => Diagnostic::file(
            "themes",
            format!(
                "{} after {secs} s, after the change to {}",
                STILL_RENDERING,
                changes.describe()
            ),
        ),
    };
    let d =
        d.with_hint("the last good version stays served; save a fix and the render starts again");
    Error::from(d).to_string()
}

/// Waits for the next change, then gathers what follows it closely into one
/// batch. `None` when told to stop.
pub(crate) fn next_batch(rx: &Receiver<Msg>) -> Option<Changes> {
    let mut changes = loop {
        match rx.recv() {
            Ok(Msg::Changes(c)) => break c,
            Ok(Msg::WatchErrors(e)) => print_watch_errors(&e),
            Ok(Msg::Stop) | Err(_) => return None,
        }
    };
    let start = Instant::now();
    loop {
        let left = MAX_WAIT.saturating_sub(start.elapsed());
        if left.is_zero() {
            return Some(changes);
        }
        match rx.recv_timeout(QUIET.min(left)) {
            Ok(Msg::Changes(c)) => changes.merge(c),
            Ok(Msg::WatchErrors(e)) => print_watch_errors(&e),
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(changes),
        }
    }
}

fn print_watch_errors(errors: &[String]) {
    for e in errors {
        eprintln!("warning: file watcher: {e}");
    }
}

/// Prints what the first build did.
pub(crate) fn report_first(outcome: &Outcome, builder: &Builder, elapsed: Duration) {
    match outcome {
        Outcome::Failed(_) => {
            if let Some(e) = builder.error() {
                eprintln!("{e}");
            }
            eprintln!("The site has errors: the browser shows them until the next good save.");
        }
        _ => println!(
            "Built {} files in memory in {} ms",
            builder.file_count(),
            elapsed.as_millis()
        ),
    }
}

/// Prints one line about a rebuild (and the errors, when it failed).
pub(crate) fn report(outcome: &Outcome, changes: &Changes, elapsed: Duration) {
    let what = changes.describe();
    let ms = elapsed.as_millis();
    match outcome {
        Outcome::Unchanged => println!("{what}: no change to the site ({ms} ms)"),
        Outcome::Rebuilt { files: 0, .. } => {
            println!("{what}: the errors are fixed ({ms} ms); reloading")
        }
        Outcome::Rebuilt { files, full } => println!(
            "{what}: {} changed in {ms} ms{}; reloading",
            count(*files, "file"),
            if *full { " (whole site rendered)" } else { "" }
        ),
        Outcome::Styles { files } => println!(
            "{what}: {} changed in {ms} ms; swapping in place",
            count(*files, "stylesheet")
        ),
        Outcome::Failed(text) => {
            eprintln!("{what}:\n{text}");
            eprintln!("The last good version stays served; the browser shows the error.");
        }
    }
}

/// `1 file`, `2 files`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::mpsc;

    fn change(p: &str) -> Msg {
        let mut c = Changes::default();
        c.add(Path::new(p));
        Msg::Changes(c)
    }

    #[test]
    fn a_burst_is_one_batch() {
        let (tx, rx) = mpsc::channel();
        for i in 0..20 {
            tx.send(change(&format!("content/page-{}.md", i % 3)))
                .expect("send");
        }
        tx.send(change("static/a.css")).expect("send");
        let batch = next_batch(&rx).expect("a batch");
        assert!(batch.content && batch.assets);
        assert_eq!(batch.paths.len(), 4);
        // Nothing is left for a second rebuild.
        tx.send(Msg::Stop).expect("send");
        assert!(next_batch(&rx).is_none());
    }

    #[test]
    fn stops_when_told_or_when_senders_are_gone() {
        let (tx, rx) = mpsc::channel::<Msg>();
        tx.send(Msg::WatchErrors(vec!["x".into()])).expect("send");
        tx.send(Msg::Stop).expect("send");
        assert!(next_batch(&rx).is_none());
        drop(tx);
        assert!(next_batch(&rx).is_none());
    }
}
