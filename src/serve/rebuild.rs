//! The rebuild thread: waits for changes, gathers a burst of them into one
//! batch, rebuilds, prints what happened and publishes the result to the
//! browsers.
//!
//! Rendering is CPU work (spread over cores by rayon), so it runs on its own
//! thread, not on the async runtime that serves HTTP.

use super::changes::{Changes, Msg};
use super::incremental::{Builder, Outcome};
use super::reload::{Event, Hub};
use super::watcher::Watcher;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A batch is complete when no further change arrives for this long (a bit
/// more than the debouncer's tick, so that its consecutive ticks of one
/// burst end up in one batch).
pub(crate) const QUIET: Duration = Duration::from_millis(5);

/// A batch never waits longer than this, even if changes keep coming.
pub(crate) const MAX_WAIT: Duration = Duration::from_millis(300);

/// Starts the rebuild thread. It owns the watcher and stops it when told to
/// stop (or when every sender is gone).
pub(crate) fn spawn(
    mut builder: Builder,
    mut watcher: Watcher,
    rx: Receiver<Msg>,
    hub: Arc<Hub>,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("stepwise-rebuild".into())
        .spawn(move || {
            while let Some(changes) = next_batch(&rx) {
                if changes.rewatch {
                    watcher.rewatch();
                }
                let start = Instant::now();
                let outcome = builder.apply(&changes);
                let elapsed = start.elapsed();
                let event = match &outcome {
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
