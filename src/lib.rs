//! stepwise: a static site generator for step-by-step advising guides.
//!
//! The pipeline is load ([`load`]) → render ([`render`]) → check ([`check`])
//! → write ([`write`](mod@write)); [`pipeline`] strings the stages together for each
//! command. `serve` and `import` use the stages and re-implement none of them.
//!
//! What is public here is what the `stepwise` binary, the tests and the fuzz
//! targets use; everything else is `pub(crate)`.

#![warn(missing_docs)]

pub(crate) mod check;
pub mod error;
pub(crate) mod flavor;
pub(crate) mod hash;
pub(crate) mod html;
pub mod import;
pub mod load;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod shown;
pub(crate) mod url;
pub mod write;

pub use error::{Diagnostic, Error, Result};

/// Locking shared between the threads of a render.
pub(crate) mod sync {
    use std::sync::{Mutex, MutexGuard};

    /// Locks `m`, also when another thread panicked while holding it: every
    /// holder in this crate only inserts or appends whole values, so the data
    /// is still sound, and the panic itself is reported where it happened.
    pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|e| e.into_inner())
    }
}
