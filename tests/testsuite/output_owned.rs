//! Issue 27's output folder and its sidecar (items 1 to 5 and 24): a build
//! deletes only what stepwise wrote, unless told to (`--force-clean`), and
//! then names it; never a git repository; never through a link that leads
//! nowhere, a sidecar that is not stepwise's own, or into one; and an output
//! folder on another file system than its sidecar is explained.

use crate::common::mount::Tmpfs;
use crate::common::{
    build, build_with, fixture, normalise, output_text, run_in, snapshot, whole, write,
};
use crate::output::state;
use insta::assert_snapshot;
use std::path::Path;

/// Runs `stepwise` with `args` in the site at `root`; checks that it was
/// refused (exit code 1, nothing on stdout) and returns its stderr with
/// `{root}` for the site's path.
fn refused(root: &Path, args: &[&str]) -> String {
    let out = run_in(root, args);
    let stderr = normalise(&String::from_utf8_lossy(&out.stderr), root);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}: {}", output_text(&out));
    whole(stderr)
}

/// The summary a successful build prints, with its time left out.
fn summary(out: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{}", output_text(out));
    let cut = |line: &str| match line.rfind(" in ") {
        Some(i) if line.starts_with("Built ") => line[..i].to_string(),
        _ => line.to_string(),
    };
    text.lines().map(cut).collect::<Vec<_>>().join("\n")
}

/// Item 1: `cp -a output/. www/` copies the marker with the site, and the
/// files that were in `www/` before are not stepwise's to delete. Today's
/// code took the marker as proof and deleted them in the second build with
/// "0 removed".
#[cfg(unix)]
#[test]
fn a_copied_output_folder_is_refused_and_force_clean_names_what_it_deletes() {
    let dir = fixture("basic");
    let root = dir.path();
    assert!(build(root).status.success());
    write(root, "www/other-site/index.html", "x\n");
    write(root, "www/notes.txt", "n\n");
    let www = ["build", "--root", "{root}", "--out", "{root}/www"];
    refused(root, &www);
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(root.join("output/."))
        .arg(root.join("www/"))
        .status()
        .expect("cp");
    assert!(copied.success());
    let before = state(&root.join("www"));
    let stderr = refused(root, &www);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/www: it holds files stepwise did not write, which this build would delete: notes.txt, other-site/
      = hint: stepwise finds no record in {root}/.www.stepwise/ of what it wrote there (a copy of an output folder has none): move them elsewhere (files that belong in the site go in static/), or build with --force-clean to delete them
    build failed: the previous output was left as it was
    ");
    assert_eq!(stderr, refused(root, &www), "refused again");
    assert!(
        state(&root.join("www")) == before,
        "a refused build changed www/"
    );
    let www = root.join("www");
    let www = www.to_str().expect("utf-8");
    let line = summary(&build_with(root, &["--out", www, "--force-clean"]));
    assert_snapshot!(normalise(&line, root), @"
    Built 12 pages (33 files: 0 written, 33 unchanged, 2 removed) into {root}/www
    Removed: notes.txt, other-site/index.html
    ");
    assert_eq!(snapshot(&root.join("www")), snapshot(&root.join("output")));
    assert!(!root.join(".www.stepwise/spare/other-site").exists());
    let line = summary(&build_with(root, &["--out", www]));
    assert!(
        line.contains("(33 files: 0 written, 33 unchanged, 0 removed)"),
        "{line}"
    );
}

/// Item 1 in an output folder stepwise built: what was added by hand is
/// named, and deleted only when the user says so.
#[test]
fn files_added_to_the_output_by_hand_are_named_not_deleted() {
    let dir = fixture("basic");
    let root = dir.path();
    assert!(build(root).status.success());
    write(root, "output/stray.txt", "mine\n");
    write(root, "output/drafts/a.txt", "mine\n");
    write(root, "output/faq/notes.txt", "mine\n");
    let before = state(&root.join("output"));
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: it holds files stepwise did not write, which this build would delete: drafts/, faq/notes.txt, stray.txt
      = hint: move them elsewhere (files that belong in the site go in static/), or build with --force-clean to delete them
    build failed: the previous output was left as it was
    ");
    assert!(
        state(&root.join("output")) == before,
        "a refused build changed output/"
    );
    let line = summary(&build_with(root, &["--force-clean"]));
    assert_snapshot!(normalise(&line, root), @"
    Built 12 pages (33 files: 0 written, 33 unchanged, 3 removed) into {root}/output
    Removed: drafts/a.txt, faq/notes.txt, stray.txt
    ");
    assert!(!root.join("output/stray.txt").exists() && !root.join("output/drafts").exists());
}

/// Item 1, the other way round: an output folder and its sidecar copied
/// together (as a CI cache restores them) get new ids, so the output
/// folder's own manifest is not found; the sidecar's manifests still say
/// what stepwise wrote, and a page deleted since goes without a word of
/// refusal, named.
#[cfg(unix)]
#[test]
fn an_output_restored_with_its_sidecar_keeps_its_record() {
    let dir = fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/extra.md",
        "---\ntitle: Extra\ndescription: Extra.\n---\nMore.\n",
    );
    assert!(build(root).status.success());
    assert!(build(root).status.success());
    let restored = tempfile::tempdir().expect("temp dir");
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(root.join("."))
        .arg(restored.path())
        .status()
        .expect("cp");
    assert!(copied.success());
    let root = restored.path();
    std::fs::remove_file(root.join("content/extra.md")).expect("remove");
    let line = summary(&build(root));
    assert!(
        line.ends_with("\nRemoved: extra/index.html, search/p/8.js"),
        "{line}"
    );
}

/// Item 3: `git init output` then a build deleted the repository and said
/// "0 removed". A git repository is refused, also with `--force-clean`.
#[test]
fn a_git_repository_in_the_output_is_never_deleted() {
    let dir = fixture("basic");
    let root = dir.path();
    assert!(build(root).status.success());
    write(root, "output/.git/HEAD", "ref: refs/heads/main\n");
    write(root, "output/first/.git", "gitdir: ../../elsewhere\n");
    let before = state(&root.join("output"));
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: it holds a git repository (.git), which a build would delete
      = hint: stepwise replaces the whole folder at every build: build into a folder of its own and copy the site into the repository (rsync -a --delete --exclude .git output/ repo/), or name another folder with --out
    build failed: the previous output was left as it was
    ");
    assert_eq!(
        stderr,
        refused(root, &["build", "--root", "{root}", "--force-clean"])
    );
    assert!(
        state(&root.join("output")) == before,
        "a refused build changed output/"
    );
    // Deeper down, it is found once the build knows what it writes.
    std::fs::remove_dir_all(root.join("output/.git")).expect("remove");
    let stderr = refused(root, &["build", "--root", "{root}", "--force-clean"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: it holds a git repository (first/.git), which this build would delete
      = hint: stepwise replaces the whole folder at every build: build into a folder of its own and copy the site into the repository (rsync -a --delete --exclude .git output/ repo/), or name another folder with --out
    build failed: the previous output was left as it was
    ");
    assert!(root.join("output/first/.git").is_file());
}

/// Item 3: whatever a build removes is counted and named, the first few
/// and then how many more.
#[test]
fn what_a_build_removes_is_counted_and_named() {
    let dir = fixture("basic");
    let root = dir.path();
    for i in 1..=5 {
        write(
            root,
            &format!("content/extra-{i}.md"),
            &format!("---\ntitle: Extra {i}\ndescription: Extra.\n---\nMore.\n"),
        );
    }
    assert!(build(root).status.success());
    for i in 1..=5 {
        std::fs::remove_file(root.join(format!("content/extra-{i}.md"))).expect("remove");
    }
    let line = summary(&build(root));
    assert_snapshot!(normalise(&line, root), @"
    Built 12 pages (33 files: 21 written, 12 unchanged, 10 removed) into {root}/output
    Removed: extra-1/index.html, extra-2/index.html, extra-3/index.html and 7 more
    ");
    assert!(!root.join("output/extra-1").exists());
}

/// Item 4: an output folder that is a link leading nowhere, or back to
/// itself, was replaced by a real folder without a word.
#[cfg(unix)]
#[test]
fn an_output_that_is_a_broken_link_is_refused_naming_it() {
    use std::os::unix::fs::symlink;
    let dir = fixture("basic");
    let root = dir.path();
    symlink(root.join("nowhere"), root.join("output")).expect("symlink");
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: it is a link to {root}/nowhere, which does not exist
      = hint: delete the link, or make it lead to a folder (the site is written where it leads)
    build failed: the previous output was left as it was
    ");
    std::fs::remove_file(root.join("output")).expect("remove");
    symlink("output", root.join("output")).expect("symlink");
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: it is a link to output, which leads back to itself
      = hint: delete the link, or make it lead to a folder (the site is written where it leads)
    build failed: the previous output was left as it was
    ");
    symlink("gone", root.join("site-link")).expect("symlink");
    let stderr = refused(
        root,
        &["build", "--root", "{root}", "--out", "{root}/site-link/www"],
    );
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/site-link/www: {root}/site-link is a link to gone, which does not exist
      = hint: delete the link, or make it lead to a folder (the site is written where it leads)
    build failed: the previous output was left as it was
    ");
    assert!(std::fs::symlink_metadata(root.join("output"))
        .expect("lstat")
        .is_symlink());
    assert!(!root.join("gone").exists() && !root.join(".output.stepwise").exists());
}

/// Item 5: `--out .output.stepwise/spare` was accepted: stepwise's own
/// spare copy, marked like an output folder.
#[test]
fn an_output_inside_a_sidecar_is_refused() {
    let dir = fixture("basic");
    let root = dir.path();
    assert!(build(root).status.success());
    assert!(build(root).status.success());
    let side = root.join(".output.stepwise");
    let before = state(&side);
    let stderr = refused(
        root,
        &[
            "build",
            "--root",
            "{root}",
            "--out",
            "{root}/.output.stepwise/spare",
        ],
    );
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/.output.stepwise/spare: it is inside {root}/.output.stepwise, where stepwise keeps the spare copy of output/ and replaces what it holds
      = hint: name a folder outside every .<name>.stepwise/ folder
    build failed: the previous output was left as it was
    ");
    for out in [
        "{root}/.output.stepwise",
        "{root}/.output.stepwise/new/x",
        "{root}/.other.stepwise",
    ] {
        refused(root, &["build", "--root", "{root}", "--out", out]);
    }
    assert!(
        state(&side) == before,
        "a refused build changed the sidecar"
    );
}

/// Item 2: `ln -s victim .output.stepwise` made a build empty
/// `victim/spare/` and overwrite `victim/README.txt`; a sidecar folder
/// holding other files was emptied too.
#[cfg(unix)]
#[test]
fn a_sidecar_stepwise_did_not_make_is_refused() {
    let dir = fixture("basic");
    let root = dir.path();
    write(root, "victim/README.txt", "The victim's notes.\n");
    write(root, "victim/spare/keep.txt", "keep\n");
    let victim = state(&root.join("victim"));
    std::os::unix::fs::symlink(root.join("victim"), root.join(".output.stepwise"))
        .expect("symlink");
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: {root}/.output.stepwise is a link (to {root}/victim), not a folder stepwise made
      = hint: stepwise keeps the spare copy of output/ in a folder of its own there and changes what it holds: delete the link (what it points to stays as it is), or build into another folder with --out
    build failed: the previous output was left as it was
    ");
    assert!(
        state(&root.join("victim")) == victim,
        "the build changed the link's target"
    );

    // The same files in a folder of that name.
    std::fs::remove_file(root.join(".output.stepwise")).expect("remove");
    crate::common::copy_dir(&root.join("victim"), &root.join(".output.stepwise"));
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: stepwise did not make {root}/.output.stepwise (it has no README.txt of stepwise's)
      = hint: stepwise keeps the spare copy of output/ there and deletes what it does not need: move what is yours elsewhere and delete {root}/.output.stepwise (stepwise makes it again), or build into another folder with --out
    build failed: the previous output was left as it was
    ");
    std::fs::remove_dir_all(root.join(".output.stepwise")).expect("remove");

    // stepwise's own sidecar, with files added.
    assert!(build(root).status.success());
    write(root, ".output.stepwise/notes.txt", "mine\n");
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: {root}/.output.stepwise holds files stepwise did not put there: notes.txt
      = hint: stepwise keeps the spare copy of output/ there and deletes what it does not need: move what is yours elsewhere and delete {root}/.output.stepwise (stepwise makes it again), or build into another folder with --out
    build failed: the previous output was left as it was
    ");
    assert!(root.join(".output.stepwise/notes.txt").is_file());
}

/// Item 24: an output folder or a sidecar mounted from another file system
/// failed at the swap with a raw "Invalid cross-device link" (or "Device
/// or resource busy"), after the whole build.
#[cfg(target_os = "linux")]
#[test]
fn an_output_and_sidecar_on_two_file_systems_are_explained() {
    let dir = fixture("basic");
    let root = dir.path();
    let Some(side) = Tmpfs::mount(&root.join(".output.stepwise"), "size=4m") else {
        return;
    };
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: {root}/.output.stepwise is on another file system than the output folder (it, or the spare folder in it, is a mount point)
      = hint: the output folder and {root}/.output.stepwise must be on one file system, because each build swaps them by renaming: let stepwise make {root}/.output.stepwise as a plain folder, or build into another folder with --out
    build failed: the previous output was left as it was
    ");
    drop(side);
    std::fs::remove_dir_all(root.join(".output.stepwise")).expect("remove");
    let Some(_out) = Tmpfs::mount(&root.join("output"), "size=4m") else {
        return;
    };
    let stderr = refused(root, &["build", "--root", "{root}"]);
    assert_snapshot!(stderr, @"
    error: refusing to write output to {root}/output: it is a mount point, on another file system than {root}/.output.stepwise beside it
      = hint: the output folder and {root}/.output.stepwise must be on one file system, because each build swaps them by renaming: build into a folder inside the mounted one (--out {root}/output/site), or mount the folder above both
    build failed: the previous output was left as it was
    ");
    let inside = root.join("output/site");
    assert!(
        build_with(root, &["--out", inside.to_str().expect("utf-8")])
            .status
            .success()
    );
    assert!(inside.join("index.html").is_file());
}
