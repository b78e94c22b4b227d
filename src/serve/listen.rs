//! Where the preview listens and how it takes connections: binding the
//! first free port from the one asked for, warning when the preview is
//! visible beyond this machine, and serving each connection with a limit on
//! how long its requests' headers may take.

use crate::error::{Diagnostic, Error, Result};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;
use tokio::net::TcpListener;

/// How long a client may take to send a request's headers (the first
/// request of a connection, or the next on a kept-alive one) before the
/// connection is closed. A browser sends them at once; a client that sends
/// half a request and stalls would otherwise hold its connection for ever,
/// and enough of them would exhaust the server's file descriptors.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `stop` resolves, then asks every open
/// connection to finish its current response and waits for them all.
///
/// What `axum::serve` does, plus [`HEADER_TIMEOUT`] (here `header_timeout`),
/// which it does not expose: hyper's header read timeout needs a timer.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) {
    // Connections watch `closing` (dropped: finish up) and each holds a
    // `done` receiver (all dropped: every connection has finished).
    let (closing_tx, closing) = tokio::sync::watch::channel(());
    let (done_tx, done) = tokio::sync::watch::channel(());
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait for some to free up.
                Err(e) if !is_per_connection(&e) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
                Err(_) => continue,
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut closing = closing.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = closing.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(done);
        });
    }
    drop(listener);
    drop(closing_tx);
    drop(done);
    done_tx.closed().await;
}

/// Whether an `accept` error concerns only the connection being accepted.
fn is_per_connection(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}

/// How many ports are tried, starting with the one asked for.
pub(crate) const PORTS_TRIED: u16 = 10;

/// Binds `addr` on `port`, or on the next free one of the following few.
/// Port 0 lets the system pick a free port. Returns the listener and its port.
pub(crate) async fn bind(addr: IpAddr, port: u16) -> Result<(TcpListener, u16)> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORTS_TRIED - 1)
    };
    for p in port..=last {
        let at = SocketAddr::new(addr, p);
        match TcpListener::bind(at).await {
            Ok(listener) => {
                let port = listener.local_addr().map_or(p, |a| a.port());
                return Ok((listener, port));
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(e) => return Err(Error::io(Path::new(&at.to_string()), e)),
        }
    }
    Err(Diagnostic::file(
        "--port",
        format!("ports {port} to {last} on {addr} are all in use"),
    )
    .with_hint("stop the other server, or pass --port with a free port")
    .into())
}

/// A warning when `addr` makes the preview reachable from other machines.
pub(crate) fn exposure_warning(addr: IpAddr) -> Option<String> {
    if addr.is_loopback() {
        return None;
    }
    Some(if addr.is_unspecified() {
        format!(
            "listening on all interfaces ({addr}): anyone who can reach this machine can see \
             the preview; use --bind 127.0.0.1 to keep it local"
        )
    } else {
        format!(
            "listening on {addr}, which other machines may reach; use --bind 127.0.0.1 to keep \
             the preview local"
        )
    })
}

/// The URL to open for a server bound to `addr` on `port`.
pub(crate) fn url(addr: IpAddr, port: u16) -> String {
    let host = match addr {
        IpAddr::V4(a) if a.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(a) if a.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    };
    format!("http://{host}:{port}/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn warns_beyond_loopback() {
        assert!(exposure_warning(IpAddr::V4(Ipv4Addr::LOCALHOST)).is_none());
        assert!(exposure_warning(IpAddr::V6(Ipv6Addr::LOCALHOST)).is_none());
        let all = exposure_warning(IpAddr::V4(Ipv4Addr::UNSPECIFIED)).unwrap_or_default();
        assert!(all.contains("all interfaces"), "{all}");
        let all6 = exposure_warning(IpAddr::V6(Ipv6Addr::UNSPECIFIED)).unwrap_or_default();
        assert!(all6.contains("all interfaces"), "{all6}");
        assert!(exposure_warning("192.168.1.5".parse().expect("ip")).is_some());
    }

    #[test]
    fn urls() {
        assert_eq!(
            url(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            url(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 80),
            "http://127.0.0.1:80/"
        );
        assert_eq!(url(IpAddr::V6(Ipv6Addr::LOCALHOST), 1), "http://[::1]:1/");
    }

    /// A client that sends half a request and stalls is cut off once the
    /// header timeout (here a short one) has passed; one that sends a whole
    /// request is answered.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_stalled_request_is_closed() {
        let (listener, port) = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), 0)
            .await
            .expect("a free port");
        let app = Router::new().fallback(|| async { "hello" });
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(
            listener,
            app,
            Duration::from_millis(200),
            async move {
                let _ = stop_rx.await;
            },
        ));
        // What the server sends back to `request` before it closes the
        // connection; a connection it leaves open fails the read (20 s).
        let answer = |request: &'static [u8]| {
            tokio::task::spawn_blocking(move || {
                use std::io::{Read, Write};
                let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(20)))
                    .expect("timeout");
                s.write_all(request).expect("send");
                let mut got = Vec::new();
                s.read_to_end(&mut got)
                    .expect("the server closes the connection");
                String::from_utf8_lossy(&got).into_owned()
            })
        };
        let stalled = answer(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .expect("client");
        assert!(!stalled.contains("hello"), "{stalled}");
        let whole = answer(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .await
            .expect("client");
        assert!(
            whole.starts_with("HTTP/1.1 200") && whole.ends_with("hello"),
            "{whole}"
        );
        let _ = stop_tx.send(());
        tokio::time::timeout(Duration::from_secs(20), server)
            .await
            .expect("the server stops")
            .expect("no panic");
    }

    #[tokio::test]
    async fn takes_the_next_port_when_taken() {
        let (first, port) = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), 0)
            .await
            .expect("a free port");
        match bind(IpAddr::V4(Ipv4Addr::LOCALHOST), port).await {
            Ok((_, other)) => assert!(other > port && other < port.saturating_add(PORTS_TRIED)),
            // All ten neighbours taken by other programs: rare, and reported.
            Err(e) => assert!(e.to_string().contains("in use"), "{e}"),
        }
        drop(first);
    }
}
