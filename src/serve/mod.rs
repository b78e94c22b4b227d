//! `stepwise serve`: local preview with watch mode, incremental rebuilds and
//! live reload.
//!
//! The site is built in memory (never into `output/`) and served over HTTP
//! from there: what the site-wide files are made of is kept, pages are
//! rendered when they are asked for. A watcher turns saves into
//! [`changes::Changes`], with the paths that changed; the rebuild thread
//! loads those files again and renders again only what they affect
//! ([`incremental::Builder`]), publishes the result and tells open pages
//! to reload, or to swap their stylesheets, over server-sent events
//! ([`reload`]). A bad save keeps the last good site served, with the error
//! shown over it ([`inject`]).
//!
//! Modules, in the order a save travels through them: [`watcher`] (events
//! sorted into [`changes`]) → [`rebuild`] → [`incremental`] → [`reload`] →
//! [`http`] (with [`inject`] and [`overlay`]); [`listen`] picks the port.

mod changes;
mod http;
mod incremental;
mod inject;
mod listen;
mod overlay;
mod rebuild;
mod reload;
mod watcher;

use crate::error::{Diagnostic, Error, Result};
use reload::Hub;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// Address to bind (loopback by default).
    pub bind: IpAddr,
    /// First port to try.
    pub port: u16,
    /// Open the browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// How long open connections get to finish after Ctrl-C: the process must
/// be gone within a second of it, whatever is running.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(400);

/// How long the rebuild thread gets to finish after Ctrl-C before the
/// process ends without it (a render may be stuck in a template's loop).
const REBUILD_GRACE: Duration = Duration::from_millis(200);

/// Runs the preview server until Ctrl-C (or SIGTERM).
///
/// Fails only when serving cannot start (no `content/` folder, no free
/// port); errors in the site's files are shown in the browser and the
/// terminal while the server keeps running.
pub fn run(opts: &ServeOptions) -> Result<()> {
    if !opts.root.join("content").is_dir() {
        return Err(Diagnostic::file(
            "content",
            format!("no content folder in {}", opts.root.display()),
        )
        .with_hint("create content/_index.md, or pass --root to point at the site")
        .into());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("stepwise-serve")
        .build()
        .map_err(|e| Error::io(&opts.root, e))?;
    let result = runtime.block_on(serve(opts));
    // Requests still rendering a page are not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

async fn serve(opts: &ServeOptions) -> Result<()> {
    let (listener, port) = listen::bind(opts.bind, opts.port).await?;
    if port != opts.port && opts.port != 0 {
        println!("Port {} is in use; using port {port} instead.", opts.port);
    }
    if let Some(warning) = listen::exposure_warning(opts.bind) {
        eprintln!("warning: {warning}");
    }

    // Watch before the first build, so that nothing saved during it is missed.
    let (tx, rx) = mpsc::channel();
    let watcher = watcher::Watcher::start(&opts.root, tx.clone())?;
    let hub = Hub::new();
    let mut builder = incremental::Builder::new(&opts.root, opts.drafts);
    let start = Instant::now();
    let outcome = builder.apply(&changes::Changes::everything());
    rebuild::report_first(&outcome, &builder, start.elapsed());
    hub.publish(builder.served(), builder.error(), None);
    let rebuilder =
        rebuild::spawn(builder, watcher, rx, hub.clone()).map_err(|e| Error::io(&opts.root, e))?;

    let url = listen::url(opts.bind, port);
    println!("Serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    println!("Watching content/, themes/, static/ and site.yaml for changes.");
    if opts.open {
        open_browser(&url);
    }

    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let app = http::router(hub.clone(), http::Hosts::new(opts.bind));
    let server = listen::serve(listener, app, listen::HEADER_TIMEOUT, async move {
        let _ = stop_rx.changed().await;
    });
    let mut server = tokio::spawn(server);
    let served = tokio::select! {
        () = shutdown_signal() => None,
        r = &mut server => Some(r),
    };
    let _ = tx.send(changes::Msg::Stop);
    let result = match served {
        // The server stopped by itself: that is an error.
        Some(r) => Err(server_error(&opts.root, r)),
        None => {
            println!("Stopping…");
            hub.shutdown();
            let _ = stop_tx.send(true);
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
            Ok(())
        }
    };
    // The rebuild thread stops the watcher once its current rebuild (if any)
    // is done; a rebuild stuck in a template is left behind as the process
    // ends.
    let waited = Instant::now();
    while !rebuilder.is_finished() && waited.elapsed() < REBUILD_GRACE {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    if result.is_ok() {
        // Everything was kept in memory: there are no temporary files to remove.
        println!("Stopped.");
    }
    result
}

fn server_error(
    root: &std::path::Path,
    r: std::result::Result<(), tokio::task::JoinError>,
) -> Error {
    let e = match r {
        Ok(()) => std::io::Error::other("the HTTP server stopped"),
        Err(e) => std::io::Error::other(e.to_string()),
    };
    Error::io(root, e)
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No signal handling available: run until killed.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    () = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

/// Opens `url` in the default browser; says so when it cannot.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        eprintln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}
