//! Where the preview listens: binding the first free port from the one
//! asked for, and warning when the preview is visible beyond this machine.

use crate::error::{Diagnostic, Error, Result};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use tokio::net::TcpListener;

/// How many ports are tried, starting with the one asked for.
pub const PORTS_TRIED: u16 = 10;

/// Binds `addr` on `port`, or on the next free one of the following few.
/// Port 0 lets the system pick a free port. Returns the listener and its port.
pub async fn bind(addr: IpAddr, port: u16) -> Result<(TcpListener, u16)> {
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
pub fn exposure_warning(addr: IpAddr) -> Option<String> {
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
pub fn url(addr: IpAddr, port: u16) -> String {
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
