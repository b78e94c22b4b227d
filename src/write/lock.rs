//! The lock that keeps two builds of one output folder apart: `flock` on
//! `.<out>.stepwise/lock`, which also holds the process id of the build
//! that has it, so that a build that must wait can say for whom.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use std::time::Duration;

/// Takes the lock at `path`, waiting while another process holds it; then
/// `waiting` is told first, with that process's id when the lock file
/// says it. Held until the returned file is closed. The system drops it
/// when the process dies, so a killed build never leaves a stale lock.
/// (No lock outside Unix.)
pub(crate) fn acquire(path: &Path, waiting: &dyn Fn(Option<u32>)) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).truncate(false).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = o.open(path)?;
    if !flock(&file, false)? {
        waiting(holder(&mut file));
        flock(&file, true)?;
    }
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{}", std::process::id())?;
    Ok(file)
}

/// The process id written in the lock file by the build holding it. That
/// build writes it right after taking the lock, so an empty file is read
/// again for a moment.
fn holder(file: &mut File) -> Option<u32> {
    for _ in 0..20 {
        let mut text = String::new();
        if file.rewind().is_ok() && file.read_to_string(&mut text).is_ok() {
            if let Ok(pid) = text.trim().parse() {
                return Some(pid);
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// Takes the lock on `file`: waits for it when `wait`, else returns
/// whether it was free.
fn flock(file: &File, wait: bool) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let op = if wait {
            libc::LOCK_EX
        } else {
            libc::LOCK_EX | libc::LOCK_NB
        };
        loop {
            // SAFETY: the descriptor belongs to `file`, open for this call.
            if unsafe { libc::flock(file.as_raw_fd(), op) } == 0 {
                return Ok(true);
            }
            let e = io::Error::last_os_error();
            match e.kind() {
                io::ErrorKind::Interrupted => continue,
                io::ErrorKind::WouldBlock if !wait => return Ok(false),
                _ => return Err(e),
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, wait);
        Ok(true)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_second_holder_waits_and_is_told_whom_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lock");
        let first = acquire(&path, &|_| panic!("free")).expect("lock");
        let told = Mutex::new(None);
        std::thread::scope(|s| {
            let second = s.spawn(|| {
                acquire(&path, &|pid| *told.lock().expect("lock") = Some(pid)).expect("lock")
            });
            while told.lock().expect("lock").is_none() {
                std::thread::sleep(Duration::from_millis(5));
            }
            drop(first);
            drop(second.join().expect("join"));
        });
        let told = told.into_inner().expect("lock");
        assert_eq!(told, Some(Some(std::process::id())));
    }
}
