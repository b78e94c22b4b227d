//! Issue 27's items on how a build writes its output folder: static files
//! streamed, never held whole in memory and not even read while the
//! manifest vouches for them (item 15); a full disk said plainly, with
//! what the failed build wrote deleted again so that the next one has room
//! (item 12); a build that waits for another one says so (item 27); and
//! the `stat` fields the manifest trusts (item 9).

use crate::common::mount::Tmpfs;
use crate::common::{build, build_with, copy_dir, fixture, output_text, snapshot, whole, write};
use insta::assert_snapshot;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// `bytes` bytes that do not compress to nothing, changing with `seed`.
fn noise(bytes: usize, seed: u8) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9 ^ u32::from(seed);
    (0..bytes)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// The peak resident memory, in KiB, of one `stepwise build` of `root`
/// into `out`: the largest `VmHWM` its `/proc` entry shows while it runs.
/// (`wait4`'s `ru_maxrss` would do, but it counts the peak of the test
/// process that spawned it, which other tests make large.)
#[cfg(target_os = "linux")]
fn peak_kib(root: &Path, out: &Path) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .spawn()
        .expect("spawn");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Some(done) = child.try_wait().expect("wait") {
            assert!(done.success(), "the build failed");
            return peak;
        }
        let hwm = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        });
        peak = peak.max(hwm.unwrap_or(0));
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Item 15: static files were read whole into memory (a 200 MB file took
/// 240 MB); now they are copied through a small buffer.
#[cfg(target_os = "linux")]
#[test]
fn memory_does_not_grow_with_a_static_file_s_size() {
    let dir = fixture("basic");
    let root = dir.path();
    let outs = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.join("static/big.bin"), noise(1024, 1)).expect("write");
    let small = peak_kib(root, &outs.path().join("small"));
    std::fs::write(root.join("static/big.bin"), noise(64 << 20, 2)).expect("write");
    let large = peak_kib(root, &outs.path().join("large"));
    let copied = std::fs::read(outs.path().join("large/big.bin")).expect("read");
    assert!(copied == std::fs::read(root.join("static/big.bin")).expect("read"));
    assert!(small > 0, "no peak seen");
    assert!(
        large.saturating_sub(small) < 16 << 10,
        "a 64 MiB static file took {} KiB more at peak ({small} KiB with 1 KiB)",
        large.saturating_sub(small)
    );
}

/// Item 15: a static file the manifest vouches for (same `stat` as when it
/// was hashed) is neither read nor copied. The site lives on a file system
/// that records every read (`strictatime`), so a read shows as a new
/// access time.
#[cfg(target_os = "linux")]
#[test]
fn an_unchanged_static_file_is_not_read_again() {
    let disk = tempfile::tempdir().expect("temp dir");
    let Some(_mounted) = Tmpfs::mount(disk.path(), "size=64m,strictatime") else {
        return;
    };
    let root = disk.path().join("site");
    let source = fixture("basic");
    copy_dir(source.path(), &root);
    let big = root.join("static/big.bin");
    std::fs::write(&big, noise(4 << 20, 3)).expect("write");
    let accessed = || {
        std::fs::metadata(&big)
            .expect("stat")
            .accessed()
            .expect("atime")
    };
    // The first two builds copy it (the second fills the spare copy).
    for _ in 0..2 {
        assert!(build(&root).status.success());
    }
    let before = accessed();
    std::thread::sleep(Duration::from_millis(20));
    for _ in 0..2 {
        let out = build(&root);
        assert!(out.status.success(), "{}", output_text(&out));
        assert_eq!(accessed(), before, "an unchanged static file was read");
    }
    // Changed, it is read and copied again.
    std::fs::write(&big, noise(4 << 20, 4)).expect("write");
    assert!(build(&root).status.success());
    assert!(std::fs::read(root.join("output/big.bin")).expect("read") == noise(4 << 20, 4));
}

/// Item 12: after a build failed on a full disk, the spare copy kept what
/// it had written, so every later build that had anything to write failed
/// too. Now the failed build deletes what it wrote, says that the disk is
/// full and what stepwise keeps where, and the next build has room again.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_and_the_next_build_has_room_again() {
    let dir = fixture("basic");
    let root = dir.path();
    let disk = tempfile::tempdir().expect("temp dir");
    let Some(_mounted) = Tmpfs::mount(disk.path(), "size=2m") else {
        return;
    };
    let out = disk.path().join("site");
    let out_arg = out.to_str().expect("utf-8");
    for _ in 0..2 {
        assert!(build_with(root, &["--out", out_arg]).status.success());
    }
    let site = snapshot(&out);
    // Larger than the whole disk.
    std::fs::write(root.join("static/big.bin"), noise(3 << 20, 5)).expect("write");
    let failed = build_with(root, &["--out", out_arg]);
    assert_eq!(failed.status.code(), Some(1));
    let disk_path = disk.path().canonicalize().expect("canonical");
    let stderr = String::from_utf8_lossy(&failed.stderr)
        .replace(disk_path.to_str().expect("utf-8"), "{disk}")
        .replace(disk.path().to_str().expect("utf-8"), "{disk}");
    assert_snapshot!(whole(stderr), @"
    error: the disk is full: {disk}/.site.stepwise/spare/big.bin: No space left on device (os error 28)
      = hint: stepwise keeps the site twice: in {disk}/site/ and, beside it, in {disk}/.site.stepwise/spare/ (the previous build, which the next one brings up to date and swaps in); what this build wrote there has been deleted again. Free some space, then build again
    build failed: the previous output was left as it was
    ");
    assert_eq!(snapshot(&out), site, "the output changed");
    assert!(!disk.path().join(".site.stepwise/spare/big.bin").exists());

    // The next build has more to write than before (a new page).
    std::fs::remove_file(root.join("static/big.bin")).expect("remove");
    write(
        root,
        "content/extra.md",
        &format!(
            "---\ntitle: Extra\ndescription: Extra.\n---\n{}\n",
            "More words. ".repeat(2000)
        ),
    );
    for _ in 0..2 {
        let next = build_with(root, &["--out", out_arg]);
        assert!(next.status.success(), "{}", output_text(&next));
    }
    assert!(out.join("extra/index.html").is_file());
}

/// Item 27: a build waiting for another build's lock printed nothing and
/// looked hung. The test holds the lock as a build does (`flock`, and its
/// process id in the file).
#[cfg(unix)]
#[test]
fn a_build_waiting_for_another_says_for_whom() {
    use std::io::{BufRead, Write};
    use std::os::unix::io::AsRawFd;
    let dir = fixture("basic");
    let root = dir.path();
    assert!(build(root).status.success());
    let lock_path = root.join(".output.stepwise/lock");
    let mut held = std::fs::File::options()
        .read(true)
        .write(true)
        .open(&lock_path)
        .expect("open lock");
    // SAFETY: the descriptor belongs to `held`, open for this call.
    assert_eq!(unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX) }, 0);
    held.set_len(0).expect("truncate");
    writeln!(held, "{}", std::process::id()).expect("write pid");

    let mut child = Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(["build", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = std::io::BufReader::new(stderr).lines();
        let _ = tx.send(lines.next().and_then(Result::ok));
        lines.map_while(Result::ok).collect::<Vec<_>>()
    });
    let first = rx.recv_timeout(Duration::from_secs(20)).ok().flatten();
    drop(held);
    let pid = child.id();
    let out = child.wait_with_output().expect("wait");
    let rest = reader.join().expect("reader");
    assert_eq!(
        first.as_deref(),
        Some(
            format!(
                "waiting for another build of this site (pid {})",
                std::process::id()
            )
            .as_str()
        )
    );
    assert!(out.status.success() && rest.is_empty(), "{rest:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Built 12 pages"));
    let written = std::fs::read_to_string(&lock_path).expect("read lock");
    assert_eq!(
        written.trim(),
        pid.to_string(),
        "a build names itself in the lock file"
    );
}

/// Item 9: the manifest vouches for a file by `stat` (size, modification
/// time, inode, change time); an edit that keeps the size and puts the
/// modification time back still moves the change time, which no one sets
/// by hand, and the build rewrites the file. (What `stat` cannot catch is
/// a manifest rewritten by hand to match; the module documentation of
/// `write/manifest.rs` says why that is left alone.)
#[test]
fn an_edit_that_keeps_size_and_time_is_still_caught() {
    let dir = fixture("basic");
    let root = dir.path();
    assert!(build(root).status.success());
    assert!(build(root).status.success());
    let site = snapshot(&root.join("output"));
    // The spare copy is what the next build brings up to date and swaps in.
    let faq = root.join(".output.stepwise/spare/faq/index.html");
    let meta = std::fs::metadata(&faq).expect("stat");
    let len = meta.len() as usize;
    std::fs::write(&faq, "y".repeat(len)).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&faq)
        .expect("open")
        .set_modified(meta.modified().expect("mtime"))
        .expect("set time");
    assert!(build(root).status.success());
    assert_eq!(snapshot(&root.join("output")), site);
}
