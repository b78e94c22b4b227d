//! Putting a finished generation in place of the output folder in one step.
//! With `lock.rs`, the only `unsafe` of the write stage: the system calls
//! std has no wrapper for.

use std::io;
use std::path::Path;

/// Puts the folder `new` at `out`, and what was at `out` at `new`.
///
/// - No `out` yet: one `rename`.
/// - Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`:
///   one atomic exchange; `out` always holds one whole site.
/// - Elsewhere, or where the file system refuses the exchange: `out` → `old`,
///   `new` → `out`, `old` → `new`. Killed between the first two renames,
///   `out` is missing for an instant; [`recover`] puts the previous output
///   back before the next build does anything else.
pub(crate) fn swap(new: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(new, out);
    }
    match exchange(new, out) {
        Ok(()) => Ok(()),
        Err(e) if unsupported(&e) => by_renames(new, out, old),
        Err(e) => Err(e),
    }
}

/// The fallback of [`swap`]: three renames.
pub(crate) fn by_renames(new: &Path, out: &Path, old: &Path) -> io::Result<()> {
    std::fs::rename(out, old)?;
    if let Err(e) = std::fs::rename(new, out) {
        // Put the previous output back before reporting.
        let _ = std::fs::rename(old, out);
        return Err(e);
    }
    std::fs::rename(old, new)
}

/// Finishes or undoes a [`by_renames`] that was killed half-way: with `old`
/// left over and no `out`, the previous output goes back to `out`; with both,
/// `old` becomes the spare `new`. Returns whether there was anything to do.
pub(crate) fn recover(new: &Path, out: &Path, old: &Path) -> io::Result<bool> {
    if std::fs::symlink_metadata(old).is_err() {
        return Ok(false);
    }
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(old, out)?;
    } else if std::fs::symlink_metadata(new).is_err() {
        std::fs::rename(old, new)?;
    } else {
        std::fs::remove_dir_all(old)?;
    }
    Ok(true)
}

fn unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
        ) || e.kind() == io::ErrorKind::Unsupported
    }
    #[cfg(not(unix))]
    {
        e.kind() == io::ErrorKind::Unsupported
    }
}

#[cfg(any(target_os = "linux", target_os = "macos"))]
fn c_path(p: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(p.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(target_os = "macos")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both are valid NUL-terminated strings that outlive the call.
    let r = unsafe { libc::renamex_np(a.as_ptr(), b.as_ptr(), libc::RENAME_SWAP) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn folder(p: &Path, name: &str) {
        fs::create_dir_all(p).expect("mkdir");
        fs::write(p.join(name), name).expect("write");
    }

    fn holds(p: &Path, name: &str) -> bool {
        fs::read_to_string(p.join(name)).ok().as_deref() == Some(name)
    }

    #[test]
    fn swaps_and_moves_into_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let [new, out, old] = ["new", "out", "old"].map(|n| dir.path().join(n));
        folder(&new, "b");
        swap(&new, &out, &old).expect("rename");
        assert!(holds(&out, "b") && !new.exists());
        folder(&new, "c");
        swap(&new, &out, &old).expect("swap");
        assert!(holds(&out, "c") && holds(&new, "b") && !old.exists());
        by_renames(&new, &out, &old).expect("renames");
        assert!(holds(&out, "b") && holds(&new, "c") && !old.exists());
    }

    /// The fallback's two instants a kill can leave behind.
    #[test]
    fn recovers_from_a_fallback_swap_killed_half_way() {
        let dir = tempfile::tempdir().expect("temp dir");
        let [new, out, old] = ["new", "out", "old"].map(|n| dir.path().join(n));
        // Killed after `out` → `old`: the previous output goes back.
        folder(&old, "a");
        folder(&new, "b");
        assert!(recover(&new, &out, &old).expect("recover"));
        assert!(holds(&out, "a") && holds(&new, "b") && !old.exists());
        // Killed after `new` → `out`: the new output stays, the old is the spare.
        fs::rename(&out, &old).expect("rename");
        fs::rename(&new, &out).expect("rename");
        assert!(recover(&new, &out, &old).expect("recover"));
        assert!(holds(&out, "b") && holds(&new, "a") && !old.exists());
        assert!(!recover(&new, &out, &old).expect("nothing to do"));
    }
}
