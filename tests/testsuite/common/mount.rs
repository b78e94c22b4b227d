//! Small file systems for the tests that need one of their own: a full
//! disk, a folder on another file system, a file system that records every
//! read. Mounting needs root (CAP_SYS_ADMIN); where it is refused, the test
//! says so and passes without running (CI runs as root).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted for the length of a test; unmounted when dropped.
pub struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs with `options` (`size=2m`, `strictatime`) at the
    /// folder `at`, made if missing; `None`, after saying why on stderr,
    /// when this machine does not let the tests mount one.
    pub fn mount(at: &Path, options: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).expect("mkdir");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs(at.to_path_buf())),
            Ok(o) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs here (needs root): {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}
