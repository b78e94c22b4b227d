//! The output folder (issue 14): refusals that change nothing, a folder that
//! always holds one whole site (also when the build is killed or the disk
//! fills), only changed files written, and modification times that say when
//! each file's bytes last changed.

use crate::common::{
    build, build_with, copy_dir, fixture, output_text, replace_in, run_in, snapshot, write,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// Every entry under `dir`: files with their bytes and modification time,
/// folders and links with theirs (`lstat`), so that "unchanged" means byte
/// for byte and time for time, and nothing added or removed.
pub(crate) fn state(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let meta = std::fs::symlink_metadata(e.path()).expect("lstat");
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                Vec::new()
            };
            let rel = e.path().strip_prefix(dir).expect("prefix").to_path_buf();
            (rel, (bytes, meta.modified().expect("mtime")))
        })
        .collect()
}

/// The modification time of every file under `dir`.
fn times(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    state(dir)
        .into_iter()
        .filter(|(p, _)| dir.join(p).is_file())
        .map(|(p, (_, t))| (p, t))
        .collect()
}

/// Builds `root` and returns the summary line.
fn built(root: &Path) -> String {
    let out = build(root);
    assert!(out.status.success(), "{}", output_text(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn refusals_name_the_folder_and_change_nothing() {
    let cases: &[(&str, &str)] = &[
        ("site.yaml", "refusing to write output to {root}/site.yaml: it is a file, not a folder\n"),
        ("notes", "refusing to write output to {root}/notes: stepwise did not build this folder (it has no .stepwise-output file) and it holds ideas/, todo.txt\n"),
        ("site.yaml/out", "refusing to write output to {root}/site.yaml/out: {root}/site.yaml is a file, not a folder\n"),
        ("content", "refusing to write output to {root}/content: it is inside content/, which holds your sources\n"),
    ];
    for (out, message) in cases {
        let dir = fixture("basic");
        let root = dir.path();
        write(root, "notes/todo.txt", "Call Ana.\n");
        write(root, "notes/ideas/one.md", "# One\n");
        // Times well in the past, so a rewrite could not keep them by chance.
        for p in ["site.yaml", "notes/todo.txt", "notes/ideas/one.md"] {
            let f = std::fs::File::options()
                .write(true)
                .open(root.join(p))
                .expect("open");
            f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000))
                .expect("set time");
        }
        let before = state(root);
        let result = run_in(
            root,
            &[
                "build",
                "--root",
                "{root}",
                "--out",
                &format!("{{root}}/{out}"),
            ],
        );
        let stderr = crate::common::normalise(&String::from_utf8_lossy(&result.stderr), root);
        assert_eq!(result.status.code(), Some(1), "{out}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: {message}  = hint: ")),
            "{out}: {stderr}"
        );
        assert!(result.stdout.is_empty(), "{out}");
        assert!(
            before == state(root),
            "{out}: something under the site's root changed"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_empty_folder_or_a_link_to_one_becomes_the_output() {
    let dir = fixture("basic");
    let root = dir.path();
    std::fs::create_dir(root.join("empty")).expect("mkdir");
    let out = build_with(
        root,
        &["--out", root.join("empty").to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", output_text(&out));
    assert!(root.join("empty/index.html").is_file());
    assert!(root.join("empty/.stepwise-output").is_file());

    // A link is followed: the site goes where it points, the link stays.
    std::fs::create_dir(root.join("real")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("real"), root.join("link")).expect("symlink");
    for _ in 0..3 {
        let out = build_with(root, &["--out", root.join("link").to_str().expect("utf-8")]);
        assert!(out.status.success(), "{}", output_text(&out));
    }
    assert!(std::fs::symlink_metadata(root.join("link"))
        .expect("lstat")
        .is_symlink());
    assert!(root.join("real/index.html").is_file());
    assert!(root.join(".real.stepwise/spare/index.html").is_file());
    assert_eq!(snapshot(&root.join("real")), snapshot(&root.join("empty")));
}

/// The mtime rule: a file's modification time is the time of the
/// build in which its bytes last changed.
#[test]
fn only_files_whose_bytes_change_get_a_new_time() {
    let dir = fixture("basic");
    let root = dir.path();
    let output = root.join("output");
    let first = built(root);
    assert!(
        first.contains("(33 files: 33 written, 0 unchanged, 0 removed)"),
        "{first}"
    );
    let (files0, times0) = (snapshot(&output), times(&output));
    // More than once: the second build updates the spare copy made by the first.
    for _ in 0..3 {
        let line = built(root);
        assert!(
            line.contains("(33 files: 0 written, 33 unchanged, 0 removed)"),
            "{line}"
        );
        assert_eq!(snapshot(&output), files0);
        assert_eq!(
            times(&output),
            times0,
            "an unchanged rebuild changed a time"
        );
    }

    // One word of one page.
    replace_in(root, "content/faq.md", "Yes.", "Yes, it is.");
    let line = built(root);
    let (files1, times1) = (snapshot(&output), times(&output));
    let changed_bytes: Vec<&PathBuf> = files1
        .keys()
        .filter(|p| files0.get(*p) != files1.get(*p))
        .collect();
    let changed_times: Vec<&PathBuf> = times1
        .keys()
        .filter(|p| times0.get(*p) != times1.get(*p))
        .collect();
    assert!(
        changed_bytes.contains(&&PathBuf::from("faq/index.html")),
        "{changed_bytes:?}"
    );
    assert!(changed_bytes.len() < files1.len() / 2, "{changed_bytes:?}");
    assert_eq!(
        changed_times, changed_bytes,
        "new times on exactly the changed files"
    );
    for p in &changed_times {
        assert!(times1[*p] > times0[*p], "{p:?} got an older time");
    }
    let n = changed_bytes.len();
    assert!(
        line.contains(&format!(
            "(33 files: {n} written, {} unchanged, 0 removed)",
            33 - n
        )),
        "{line}"
    );
    // Later builds copy the new bytes into the spare with the same time.
    for _ in 0..3 {
        built(root);
        assert_eq!(snapshot(&output), files1);
        assert_eq!(times(&output), times1, "a later build changed a time");
    }

    // Back to the old words: the bytes changed again, so a newer time.
    replace_in(root, "content/faq.md", "Yes, it is.", "Yes.");
    built(root);
    assert_eq!(snapshot(&output), files0);
    assert!(times(&output)[Path::new("faq/index.html")] > times1[Path::new("faq/index.html")]);

    // A deleted page's files are gone, and so are its folders.
    write(
        root,
        "content/extra.md",
        "---\ntitle: Extra\ndescription: Extra.\n---\nMore.\n",
    );
    built(root);
    assert!(output.join("extra/index.html").is_file());
    std::fs::remove_file(root.join("content/extra.md")).expect("remove");
    let line = built(root);
    // Its page, and a search fragment: the index has one document fewer.
    assert!(line.contains(" 2 removed)"), "{line}");
    assert!(!output.join("extra").exists());
    built(root);
    assert!(!output.join("extra").exists());
    assert!(!root.join(".output.stepwise/spare/extra").exists());
    assert_eq!(snapshot(&output), files0);
}

/// Copies the site at `from` into `to` as a CI cache restores it: new
/// files (new inodes, so no manifest names the folders), each keeping its
/// modification time to the whole second, as `tar` keeps it.
fn restore_as_a_cache_does(from: &Path, to: &Path) {
    copy_dir(from, to);
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let t = e.metadata().expect("stat").modified().expect("mtime");
            let secs = t
                .duration_since(SystemTime::UNIX_EPOCH)
                .expect("after 1970");
            let whole = SystemTime::UNIX_EPOCH + Duration::from_secs(secs.as_secs());
            let rel = e.path().strip_prefix(from).expect("prefix");
            let f = std::fs::File::options()
                .write(true)
                .open(to.join(rel))
                .expect("open");
            f.set_modified(whole).expect("set the time");
        }
    }
}

/// A CI runner starts from a fresh checkout and restores `output/` and
/// `.output.stepwise/` from its cache (as the workflow `init` writes
/// does): the folders are new to the file system, their manifests name
/// other folders, yet only the files a change touches get a new time, so
/// deploy tools that compare times send only those. The same holds after
/// `.output.stepwise/` is deleted.
#[test]
fn output_restored_from_a_cache_keeps_the_times_of_unchanged_files() {
    let dir = fixture("basic");
    built(dir.path());
    built(dir.path());
    let runner = tempfile::tempdir().expect("temp dir");
    let root = runner.path();
    restore_as_a_cache_does(dir.path(), root);
    let output = root.join("output");
    let (files0, times0) = (snapshot(&output), times(&output));

    replace_in(root, "content/faq.md", "Yes.", "Yes, it is.");
    let line = built(root);
    let (files1, times1) = (snapshot(&output), times(&output));
    let changed_bytes: Vec<&PathBuf> = files1
        .keys()
        .filter(|p| files0.get(*p) != files1.get(*p))
        .collect();
    let changed_times: Vec<&PathBuf> = times1
        .keys()
        .filter(|p| times0.get(*p) != times1.get(*p))
        .collect();
    assert!(
        changed_bytes.contains(&&PathBuf::from("faq/index.html")),
        "{changed_bytes:?}"
    );
    assert_eq!(
        changed_times, changed_bytes,
        "new times on exactly the changed files"
    );
    let n = changed_bytes.len();
    assert!(
        line.contains(&format!(
            "(33 files: {n} written, {} unchanged, 0 removed)",
            33 - n
        )),
        "{line}"
    );

    // Without the sidecar at all, nothing changes its time either.
    std::fs::remove_dir_all(root.join(".output.stepwise")).expect("remove the sidecar");
    let line = built(root);
    assert!(
        line.contains("(33 files: 0 written, 33 unchanged, 0 removed)"),
        "{line}"
    );
    assert_eq!(times(&output), times1);
}

/// What someone changes by hand in the output folder does not survive the
/// next build, and nothing is ever written through a link. A file added
/// there is stepwise's to delete only when the user says so (issue 27).
#[cfg(unix)]
#[test]
fn the_output_is_put_right_after_changes_by_hand() {
    let dir = fixture("basic");
    let root = dir.path();
    let output = root.join("output");
    built(root);
    built(root);
    let site = snapshot(&output);
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::write(elsewhere.path().join("keep.txt"), "mine\n").expect("write");
    let theirs = state(elsewhere.path());

    std::fs::write(output.join("stray.txt"), "x").expect("write");
    std::fs::remove_file(output.join("404.html")).expect("remove");
    std::fs::write(output.join("index.html"), "edited").expect("write");
    let faq = output.join("faq/index.html");
    let len = std::fs::metadata(&faq).expect("stat").len() as usize;
    std::fs::write(&faq, "y".repeat(len)).expect("write");
    std::fs::remove_dir_all(output.join("first")).expect("remove");
    std::os::unix::fs::symlink(elsewhere.path(), output.join("first")).expect("symlink");
    std::fs::remove_file(output.join("style.css")).expect("remove");
    std::os::unix::fs::symlink(elsewhere.path().join("keep.txt"), output.join("style.css"))
        .expect("symlink");

    let changed = state(&output);
    let refused = build(root);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        output_text(&refused).contains(
            "it holds files stepwise did not write, which this build would delete: stray.txt\n"
        ),
        "{}",
        output_text(&refused)
    );
    assert!(
        state(&output) == changed,
        "a refused build changed the output"
    );
    let line = output_text(&build_with(root, &["--force-clean"]));
    assert!(line.contains("\nRemoved: first, stray.txt\n"), "{line}");
    for i in 0..3 {
        built(root);
        assert!(snapshot(&output) == site, "build {i} after the changes");
        assert!(
            state(elsewhere.path()) == theirs,
            "build {i} wrote through a link"
        );
    }
}

/// A build that fails part-way (here: a file too large, as when the disk is
/// full) leaves the previous output; the next build finishes the job and
/// leaves nothing behind.
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_the_previous_output() {
    let dir = fixture("basic");
    let root = dir.path();
    let output = root.join("output");
    built(root);
    built(root);
    let before = state(&output);
    replace_in(root, "site.yaml", "Fixture Guide", "Fixture Guide, Again");
    // Files over 1 KiB cannot be written; SIGXFSZ is ignored so that the
    // write fails with EFBIG instead of killing the build.
    let bin = env!("CARGO_BIN_EXE_stepwise");
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" build --root \"$1\"")
        .arg(bin)
        .arg(root)
        .output()
        .expect("run sh");
    let text = output_text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("File too large"), "{text}");
    assert!(
        text.ends_with("build failed: the previous output was left as it was\n"),
        "{text}"
    );
    assert!(state(&output) == before, "the output changed");

    let line = built(root);
    assert!(line.contains("0 removed"), "{line}");
    let fresh = tempfile::tempdir().expect("temp dir");
    let out = build_with(
        root,
        &["--out", fresh.path().join("o").to_str().expect("utf-8")],
    );
    assert!(out.status.success());
    assert_eq!(snapshot(&output), snapshot(&fresh.path().join("o")));
    assert_eq!(leftovers(root), ["spare"]);
}

/// What the sidecar folder holds besides its fixed files.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(".output.stepwise"))
        .expect("sidecar")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| ![".gitignore", "README.txt", "lock"].contains(&n.as_str()))
        .filter(|n| !n.ends_with(".manifest"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_sidecar_is_described_and_ignored_by_git_and_old_leftovers_go() {
    let dir = fixture("basic");
    let root = dir.path();
    write(root, ".output.stepwise-tmp-4242/index.html", "half a build");
    write(root, ".output.stepwise-old-77/site.yaml", "a moved file");
    built(root);
    built(root);
    assert!(!root.join(".output.stepwise-tmp-4242").exists());
    assert!(
        root.join(".output.stepwise-old-77/site.yaml").exists(),
        "may hold a user's file"
    );
    let side = root.join(".output.stepwise");
    assert_eq!(
        std::fs::read_to_string(side.join(".gitignore")).expect("read"),
        "*\n"
    );
    let readme = std::fs::read_to_string(side.join("README.txt")).expect("read");
    assert!(
        readme.contains("swaps it\n             with output/ in one step"),
        "{readme}"
    );
    let manifests = std::fs::read_dir(&side)
        .expect("read")
        .filter(|e| {
            e.as_ref()
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .ends_with(".manifest")
        })
        .count();
    assert_eq!(manifests, 2, "one per folder");
    assert_eq!(leftovers(root), ["spare"]);
    let marker = std::fs::read_to_string(root.join("output/.stepwise-output")).expect("marker");
    assert!(
        marker.starts_with("This folder is a site built by stepwise."),
        "{marker}"
    );
    assert_eq!(
        std::fs::metadata(root.join("output/.stepwise-output"))
            .expect("stat")
            .modified()
            .ok(),
        std::fs::metadata(side.join("spare/.stepwise-output"))
            .expect("stat")
            .modified()
            .ok(),
        "the marker looks the same to deploy tools in both folders"
    );
}

#[test]
fn two_builds_at_once_both_finish_with_one_whole_site() {
    let dir = fixture("basic");
    let root = dir.path();
    built(root);
    let expected = snapshot(&root.join("output"));
    let bin = env!("CARGO_BIN_EXE_stepwise");
    let spawn = || {
        Command::new(bin)
            .args(["build", "--quiet", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn")
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().expect("wait").success() && b.wait().expect("wait").success());
    assert_eq!(snapshot(&root.join("output")), expected);
    assert_eq!(leftovers(root), ["spare"]);
}

/// A small pseudo-random generator (xorshift), seeded from the clock and
/// printed, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// State A or B of the kill test's site: B renames the site (every page
/// changes), drops ten pages, adds ten and changes a static file.
fn set_state(root: &Path, b: bool) {
    let (title, pages) = if b {
        ("Kill B", 10..50)
    } else {
        ("Kill A", 0..40)
    };
    let _ = std::fs::remove_dir_all(root.join("content"));
    write(
        root,
        "site.yaml",
        &format!("title: {title}\nsearch: false\n"),
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Home\ndescription: Home.\n---\nWelcome.\n",
    );
    for i in pages {
        write(
            root,
            &format!("content/guide/page-{i:02}.md"),
            &format!(
                "---\ntitle: Page {i}\ndescription: Page {i}.\nweight: {i}\n---\n## Part {i}\n\n{}\n",
                "Some words about this step. ".repeat(40)
            ),
        );
    }
    write(
        root,
        "content/guide/_index.md",
        "---\ntitle: Guide\ndescription: The guide.\n---\n",
    );
    write(
        root,
        "static/extra.css",
        if b {
            "b { color: red }\n"
        } else {
            "a { color: blue }\n"
        },
    );
}

/// The kill test: builds of B (or back to A) killed at random
/// instants, many times; after each kill the output is A or B exactly,
/// and after the next complete build nothing is left over.
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_instant_leaves_the_previous_site_or_the_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let output = root.join("output");
    set_state(root, false);
    built(root);
    let a = snapshot(&output);
    set_state(root, true);
    let started = Instant::now();
    built(root);
    let took = started.elapsed();
    let b = snapshot(&output);
    assert_ne!(a, b);

    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock")
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let bin = env!("CARGO_BIN_EXE_stepwise");
    let span = (took.as_micros() as u64 * 5 / 4).max(1000);
    let (mut now_b, mut saw) = (true, [0, 0]);
    for i in 0..60 {
        set_state(root, !now_b);
        let mut child = Command::new(bin)
            .args(["build", "--quiet", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let delay = rng.below(span);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&output);
        assert!(
            now == a || now == b,
            "kill {i} after {delay} µs (seed {seed}) left an output that is neither A nor B"
        );
        now_b = now == b;
        saw[usize::from(now_b)] += 1;
    }
    eprintln!(
        "kill test: {} kills left A, {} left B (seed {seed})",
        saw[0], saw[1]
    );

    let spare_before = snapshot(&output);
    set_state(root, true);
    built(root);
    assert_eq!(snapshot(&output), b);
    assert_eq!(leftovers(root), ["spare"]);
    assert_eq!(
        snapshot(&root.join(".output.stepwise/spare")),
        spare_before,
        "the spare holds exactly the previous output"
    );
    let mut entries: Vec<String> = std::fs::read_dir(root)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        [
            ".output.stepwise",
            "content",
            "output",
            "site.yaml",
            "static"
        ]
    );
}

/// serve renders in memory: it needs no output folder, and leaves alone
/// whatever is where the output folder would be.
#[test]
fn serve_does_not_depend_on_the_output_folder() {
    let dir = fixture("basic");
    let root = dir.path();
    std::fs::write(root.join("output"), "not a folder\n").expect("write");
    let before = state(root);
    let server = crate::serve::Server::start(root);
    let page = server.get("/faq/");
    assert_eq!(page.status, 200);
    let h2 = crate::common::texts(&page.html(), "main h2");
    assert!(
        h2.iter().any(|h| h.starts_with("Is this a question?")),
        "{h2:?}"
    );
    drop(server);
    assert!(
        before == state(root),
        "serve changed something under the site's root"
    );
}
