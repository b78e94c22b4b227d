//! `stepwise serve` and the `Host` header: a request must name the server in
//! exactly one `Host` header, whatever else it sends.

use crate::serve::Server;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Sends `head` (a request line and headers, without the blank line that
/// ends them) and returns the status code and body of the answer.
fn raw(port: u16, head: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(stream, "{head}\r\nConnection: close\r\n\r\n").expect("send");
    let mut got = Vec::new();
    stream.read_to_end(&mut got).expect("read");
    let got = String::from_utf8_lossy(&got).into_owned();
    let status = got
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {got:?}"));
    let body = got.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, body.to_string())
}

#[test]
fn two_host_headers_are_a_bad_request_whichever_comes_first() {
    let site = crate::common::fixture("serve");
    let server = Server::start(site.path());
    let one = raw(server.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1");
    assert_eq!(one.0, 200, "{}", one.1);
    for head in [
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example",
        "GET / HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nhost: localhost",
    ] {
        let (status, body) = raw(server.port, head);
        assert_eq!(status, 400, "{head:?}: {body}");
        assert_eq!(
            body, "400 bad request: more than one Host header\n",
            "{head:?}"
        );
    }
    // No Host header at all, and a list of hosts in one header.
    assert_eq!(raw(server.port, "GET / HTTP/1.1").0, 400);
    let listed = raw(
        server.port,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1, evil.example",
    );
    assert_eq!(listed.0, 403, "{}", listed.1);
}
