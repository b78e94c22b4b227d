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
