//! The reload channel: the site currently served (a [`Snapshot`], replaced
//! whole after each rebuild) and the events that tell open pages about it,
//! sent as server-sent events on [`EVENTS_PATH`].
//!
//! Events (`event:` name, `data:`):
//!
//! - `hello`, build id: sent on connecting. A page whose HTML came from
//!   another build (it missed an event while loading, or the server
//!   restarted) reloads.
//! - `reload`, build id: pages changed.
//! - `css`, build id: only stylesheets changed; swap them in place.
//! - `build-error`, the overlay's HTML as a JSON string: the last rebuild
//!   failed (also sent on connecting while it is so).

use super::overlay::overlay;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// Where pages listen for events.
pub(crate) const EVENTS_PATH: &str = "/__stepwise/events";

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them.
    Styles,
    /// A rebuild failed: show the error.
    BuildError(Arc<str>),
    /// The server is stopping: close the stream.
    Shutdown,
}

/// The files of the site being served, by path inside the site
/// (`step-1/index.html`). The served site renders pages when they are asked
/// for (see `incremental::ServedSite`); a map of files serves as it is.
pub(crate) trait SiteFiles: std::fmt::Debug + Send + Sync {
    /// Whether there is no site to serve (before the first good build).
    fn is_empty(&self) -> bool;
    /// Whether the site has a file at `path`.
    fn contains(&self, path: &str) -> bool;
    /// The file at `path`.
    fn get(&self, path: &str) -> Option<Bytes>;
}

impl SiteFiles for HashMap<String, Bytes> {
    fn is_empty(&self) -> bool {
        HashMap::is_empty(self)
    }

    fn contains(&self, path: &str) -> bool {
        self.contains_key(path)
    }

    fn get(&self, path: &str) -> Option<Bytes> {
        HashMap::get(self, path).cloned()
    }
}

/// The site as served at one moment.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// Every file.
    pub(crate) files: Arc<dyn SiteFiles>,
    /// Identifies this build (changes when the files do, and between runs).
    pub(crate) build: String,
    /// The error of the last rebuild, if it failed.
    pub(crate) error: Option<Arc<str>>,
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot {
            files: Arc::new(HashMap::new()),
            build: String::new(),
            error: None,
        }
    }
}

/// Holds the current snapshot and sends events to every open page.
#[derive(Debug)]
pub(crate) struct Hub {
    current: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Event>,
    /// Differs between runs, so a page open across a restart reloads.
    run: u64,
    builds: AtomicU64,
}

impl Hub {
    /// A hub serving nothing yet.
    pub(crate) fn new() -> Arc<Self> {
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id());
        let (events, _) = broadcast::channel(64);
        Arc::new(Hub {
            current: RwLock::new(Arc::new(Snapshot {
                build: format!("{run:x}-0"),
                ..Snapshot::default()
            })),
            events,
            run,
            builds: AtomicU64::new(0),
        })
    }

    /// The snapshot being served.
    pub(crate) fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Serves `files` (with `error` shown over them) from now on, then
    /// sends `event` to every open page.
    pub(crate) fn publish(
        &self,
        files: Arc<dyn SiteFiles>,
        error: Option<Arc<str>>,
        event: Option<Event>,
    ) {
        let n = self.builds.fetch_add(1, Ordering::Relaxed) + 1;
        let snapshot = Arc::new(Snapshot {
            files,
            build: format!("{:x}-{n}", self.run),
            error,
        });
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = snapshot;
        if let Some(e) = event {
            // No receiver (no page open) is fine.
            let _ = self.events.send(e);
        }
    }

    /// Ends every event stream, so that the server can stop.
    pub(crate) fn shutdown(&self) {
        let _ = self.events.send(Event::Shutdown);
    }

    /// A receiver of the events sent from now on.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }
}

/// `GET /__stepwise/events`: the event stream of one page.
pub(crate) async fn events(
    State(hub): State<Arc<Hub>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // Subscribe before reading the snapshot: an event sent in between is
    // then seen twice at worst, never missed.
    let rx = hub.subscribe();
    let snapshot = hub.current();
    let mut first = vec![SseEvent::default()
        .event("hello")
        .retry(Duration::from_millis(500))
        .data(&snapshot.build)];
    if let Some(error) = &snapshot.error {
        first.push(error_event(error));
    }
    let live = BroadcastStream::new(rx)
        .map(move |e| match e {
            Ok(e) => e,
            // Missed events: reloading shows the current state.
            Err(_) => Event::Reload,
        })
        .take_while(|e| *e != Event::Shutdown)
        .map(move |e| {
            let build = hub.current().build.clone();
            match e {
                Event::Reload | Event::Shutdown => SseEvent::default().event("reload").data(build),
                Event::Styles => SseEvent::default().event("css").data(build),
                Event::BuildError(text) => error_event(&text),
            }
        });
    let stream = tokio_stream::iter(first).chain(live).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn error_event(text: &str) -> SseEvent {
    let html = overlay(text);
    let json = serde_json::to_string(&html).unwrap_or_else(|_| "\"\"".into());
    SseEvent::default().event("build-error").data(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishing_changes_the_build_id() {
        let hub = Hub::new();
        let first = hub.current().build.clone();
        let mut rx = hub.subscribe();
        hub.publish(
            Arc::new(HashMap::new()),
            Some("error: x".into()),
            Some(Event::Reload),
        );
        assert_ne!(hub.current().build, first);
        assert_eq!(hub.current().error.as_deref(), Some("error: x"));
        assert_eq!(rx.try_recv().ok(), Some(Event::Reload));
    }
}
