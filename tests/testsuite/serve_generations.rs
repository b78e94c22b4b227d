//! `stepwise serve` while a render runs: the last good site keeps being
//! served, promptly; Ctrl-C and SIGTERM end the process at once; a render
//! that takes too long is shown in the browser, naming the template, and a
//! save that fixes it brings the site back without a restart.

use crate::serve::{save, Server};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A `page.html` whose every render runs for hours (10^10 loop turns).
const RUNAWAY: &str = "{% extends \"base.html\" %}\n{% block main %}\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n{% endblock main %}\n";

/// Saves the runaway `page.html` into the site at `root`, and gives the
/// server time to see it and start rendering.
fn start_runaway_render(root: &Path) {
    let dir = root.join("themes/default/templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    save(root, "themes/default/templates/page.html", RUNAWAY);
    std::thread::sleep(Duration::from_millis(800));
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_runaway_render_ends_serve_within_a_second() {
    let site = crate::common::fixture("serve");
    let mut server = Server::start(site.path());
    assert_eq!(server.get("/step-1/").status, 200);
    start_runaway_render(site.path());
    let pid = server.child.id().to_string();
    let sent = Instant::now();
    let kill = Command::new("kill").args(["-TERM", &pid]).status();
    assert!(kill.expect("run kill").success());
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "serve still running 5 s after SIGTERM:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = sent.elapsed();
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

/// How long a request for `target` takes to be answered, and its status.
fn timed_get(server: &Server, target: &str) -> (Duration, u16) {
    let start = Instant::now();
    let status = server.get(target).status;
    (start.elapsed(), status)
}

#[test]
fn pages_and_files_answer_within_100_ms_while_a_runaway_render_runs() {
    let site = crate::common::fixture("serve");
    let server = Server::start(site.path());
    assert_eq!(server.get("/step-1/").status, 200);
    start_runaway_render(site.path());
    // A file kept in memory, every time.
    for _ in 0..5 {
        let (took, status) = timed_get(&server, "/notes.txt");
        assert_eq!(status, 200);
        assert!(took < Duration::from_millis(100), "notes.txt took {took:?}");
    }
    // Pages are rendered on request (from the last good site, with the
    // templates it was made with): the median of five.
    let mut took: Vec<Duration> = ["/step-1/", "/step-2/", "/extra/", "/step-1/", "/"]
        .iter()
        .map(|target| {
            let (took, status) = timed_get(&server, target);
            assert_eq!(status, 200, "{target}");
            took
        })
        .collect();
    took.sort();
    assert!(took[2] < Duration::from_millis(100), "{took:?}");
    // The page served is the last good one, without the runaway template.
    let page = server.get("/step-1/").html();
    assert!(crate::serve::overlay_text(&page).is_none());
}

#[test]
fn a_render_still_running_is_shown_naming_the_template_and_a_fix_recovers() {
    let site = crate::common::fixture("serve");
    let root = site.path();
    let server = Server::start_with(root, 0, &[("STEPWISE_SLOW_RENDER_MS", "1000")]);
    let events = server.events();
    start_runaway_render(root);
    let shown = server.wait_for(&events, "build-error");
    assert!(
        shown.contains("themes/default/templates/page.html")
            && shown.contains("still rendering for content/"),
        "{shown}"
    );
    let overlay = crate::serve::overlay_text(&server.get("/step-1/").html()).unwrap_or_default();
    // Which page the render is stuck on, and for how long, vary.
    let page = overlay
        .split("still rendering for ")
        .nth(1)
        .and_then(|rest| rest.split(" after ").next())
        .unwrap_or_default()
        .to_string();
    assert!(
        page.starts_with("content/") && page.ends_with(".md"),
        "{overlay}"
    );
    let secs: String = overlay
        .split(" after ")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let pinned = overlay.replace(&page, "content/PAGE.md").replacen(
        &format!("after {secs} s"),
        "after N s",
        1,
    );
    insta::assert_snapshot!(pinned, @"
    error: themes/default/templates/page.html: still rendering for content/PAGE.md after N s: this template may run for too long
      = hint: the last good version stays served; save a fix and the render starts again
    ");
    // The fix: the default page.html, marked.
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .expect("default page.html");
    let fixed = default.replacen(
        "{% block main %}",
        "{% block main %}<p id=\"fixed\">Fixed</p>",
        1,
    );
    save(root, "themes/default/templates/page.html", &fixed);
    server.wait_for(&events, "reload");
    let page = server.get("/step-1/");
    assert_eq!(page.status, 200);
    let html = page.html();
    assert!(crate::serve::overlay_text(&html).is_none());
    assert!(
        html.select(&scraper::Selector::parse("#fixed").expect("selector"))
            .next()
            .is_some(),
        "{}",
        server.log()
    );
    assert!(server.errors().contains("abandoned"), "{}", server.errors());
}
