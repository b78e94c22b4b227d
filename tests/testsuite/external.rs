//! `stepwise check --external` against web servers on this machine
//! (`common/web.rs`): what it asks and how (HEAD, then GET; the user agent;
//! a 429 waited out; one request at a time per host, hosts at once), that
//! answers are kept so a second run asks nothing, and that without
//! `--external` nothing goes to the network. How each problem is worded is
//! pinned in `diagnostics.rs` (`outside_links`).

use crate::common::web::{Request, Web};
use crate::common::{output_text, run_in, site};
use std::time::Duration;

fn page(links: &str) -> String {
    format!("---\ntitle: Links\ndescription: Outside links.\n---\n{links}\n")
}

fn site_linking_to(links: &str) -> tempfile::TempDir {
    site(&[
        ("site.yaml", "title: Links\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
        ),
        ("content/links.md", &page(links)),
    ])
}

/// The requests for `path`, as "METHOD path".
fn asked(requests: &[Request], path: &str) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.path == path)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[test]
fn nothing_goes_to_the_network_without_external() {
    let web = Web::start();
    let dir = site_linking_to(&format!(
        "[a]({}) <a href=\"{}\">b</a> ![c]({})",
        web.url("/ok"),
        web.url("/gone"),
        web.url("/image.png")
    ));
    for args in [&["check"][..], &["build", "--quiet"]] {
        let out = run_in(dir.path(), args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            output_text(&out)
        );
    }
    // Anything sent would have arrived by now: stepwise has exited.
    std::thread::sleep(Duration::from_millis(200));
    assert!(web.requests().is_empty(), "{:?}", web.requests());
}

#[test]
fn head_first_get_where_head_is_refused_and_a_429_waited_out() {
    let web = Web::start();
    let dir = site_linking_to(&format!(
        "[a]({})\n[b]({})\n[c]({})\n[d]({})",
        web.url("/ok"),
        web.url("/no-head"),
        web.url("/busy-once"),
        web.url("/moved-for-now"),
    ));
    let out = run_in(dir.path(), &["check", "--external"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Checked 4 outside links: 4 asked now, 0 known from an earlier run.\nNo problems found.\n"
    );
    assert!(out.stderr.is_empty(), "{}", output_text(&out));
    let requests = web.requests();
    assert_eq!(
        asked(&requests, "/no-head"),
        ["HEAD /no-head", "GET /no-head"]
    );
    // A temporary redirect is followed (to /ok, also linked on its own),
    // and the link is fine as written.
    assert_eq!(asked(&requests, "/moved-for-now"), ["HEAD /moved-for-now"]);
    assert_eq!(asked(&requests, "/ok"), ["HEAD /ok", "HEAD /ok"]);
    assert_eq!(
        asked(&requests, "/busy-once"),
        ["HEAD /busy-once", "HEAD /busy-once"]
    );
    let busy: Vec<&Request> = requests.iter().filter(|r| r.path == "/busy-once").collect();
    assert!(
        busy[1].came.duration_since(busy[0].came) >= Duration::from_secs(1),
        "asked again before the second its Retry-After asked for"
    );
    let agent = format!(
        "stepwise/{} (link check; +{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    );
    assert!(
        requests.iter().all(|r| r.user_agent == agent),
        "{requests:?}"
    );
}

#[test]
fn answers_are_kept_so_a_second_run_asks_nothing() {
    let web = Web::start();
    let dir = site_linking_to(&format!(
        "[a]({})\n[b]({})",
        web.url("/ok"),
        web.url("/gone")
    ));
    let first = run_in(dir.path(), &["check", "--external"]);
    assert_eq!(first.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        "Checked 2 outside links: 2 asked now, 0 known from an earlier run.\n"
    );
    let asked_first = web.requests().len();
    assert_eq!(asked_first, 3, "HEAD /ok, HEAD and GET /gone");
    assert!(dir
        .path()
        .join(".output.stepwise/external-links.json")
        .is_file());

    // A build in between keeps them: they live beside its own files.
    assert_eq!(
        run_in(dir.path(), &["build", "--quiet"]).status.code(),
        Some(0)
    );
    let second = run_in(dir.path(), &["check", "--external"]);
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "Checked 2 outside links: 0 asked now, 2 known from an earlier run.\n"
    );
    assert_eq!(
        second.stderr, first.stderr,
        "the same words from the kept answers"
    );
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(web.requests().len(), asked_first, "nothing asked again");

    // An age of 0 trusts nothing kept.
    let third = run_in(
        dir.path(),
        &["check", "--external", "--external-max-age", "0"],
    );
    assert_eq!(
        String::from_utf8_lossy(&third.stdout),
        "Checked 2 outside links: 2 asked now, 0 known from an earlier run.\n"
    );
    assert_eq!(web.requests().len(), 2 * asked_first);

    // A new link is asked; the others come from the file.
    let more = page(&format!(
        "[a]({})\n[b]({})\n[c]({})",
        web.url("/ok"),
        web.url("/gone"),
        web.url("/moved")
    ));
    std::fs::write(dir.path().join("content/links.md"), more).expect("write");
    let fourth = run_in(dir.path(), &["check", "--external"]);
    assert_eq!(
        String::from_utf8_lossy(&fourth.stdout),
        "Checked 3 outside links: 1 asked now, 2 known from an earlier run.\n"
    );
}

#[test]
fn one_request_at_a_time_per_host_and_several_hosts_at_once() {
    let (a, b) = (Web::slow(), Web::slow());
    let dir = site_linking_to(&format!(
        "[1]({})\n[2]({})\n[3]({})\n[4]({})",
        a.url("/1"),
        a.url("/2"),
        b.url("/1"),
        b.url("/2")
    ));
    let out = run_in(
        dir.path(),
        &["check", "--external", "--external-timeout", "2"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches(": no answer within 2 s\n").count(),
        4,
        "{stderr}"
    );
    let (a, b) = (a.requests(), b.requests());
    assert_eq!((a.len(), b.len()), (2, 2), "{a:?} {b:?}");
    for host in [&a, &b] {
        // The second request waited for the first to time out.
        let gap = host[1].came.duration_since(host[0].came);
        assert!(gap >= Duration::from_millis(1900), "{gap:?}");
    }
    // The two hosts were asked at the same time, not one after the other.
    let apart = a[0].came.max(b[0].came) - a[0].came.min(b[0].came);
    assert!(apart < Duration::from_millis(1500), "{apart:?}");
}

#[test]
fn warnings_alone_do_not_fail_the_check() {
    let web = Web::start();
    let dir = site_linking_to(&format!("[a]({})", web.url("/moved")));
    let out = run_in(dir.path(), &["check", "--external"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Checked 1 outside link: 1 asked now, 0 known from an earlier run.\nNo errors found.\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: content/links.md:5:1: link ")
            && stderr.ends_with("\n\n0 errors, 1 warning\n"),
        "{stderr}"
    );
}

#[test]
fn external_options_need_external() {
    let dir = site_linking_to("");
    let out = run_in(dir.path(), &["check", "--external-max-age", "1h"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run_in(
        dir.path(),
        &["check", "--external", "--external-max-age", "soon"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("such as 12h or 7d"));
}
