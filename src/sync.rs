//! Locking shared between the threads of a render.

use std::sync::{Mutex, MutexGuard};

/// Locks `m`, also when another thread panicked while holding it: every
/// holder in this crate only inserts or appends whole values, so the data
/// is still sound, and the panic itself is reported where it happened.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
