//! Write stage. In: the built site's files, one at a time as they are
//! rendered. Out: the output folder, replaced in one step, with only the
//! files whose bytes changed written.
//!
//! This stage knows nothing of what the files mean (links, pages): only
//! paths and bytes. It guarantees:
//!
//! - **Nothing outside the output folder.** Every path is checked
//!   ([`check_path`]): absolute paths, `..`, empty segments, control
//!   characters, backslashes and drive letters are refused, whatever
//!   produced them. An output folder that would hold the sources, a file, a
//!   folder stepwise did not build, a link that leads nowhere, a git
//!   repository, or a place inside a sidecar folder is refused before
//!   anything is written ([`check_target`]); so is a sidecar folder that is
//!   not stepwise's own (a link, or holding other files) or that is on
//!   another file system than the output folder (the swap is a rename).
//! - **Nothing of anyone else's deleted.** Everything in the output folder
//!   that the new site does not write goes at the swap. That is right only
//!   for what stepwise wrote: the marker says a folder is an output folder,
//!   but a copy of one (`cp -a output/. www/`) has it too. So what goes must
//!   be named by a manifest (the output folder's own, or, when its id
//!   changed because the folders were copied or restored, any in the
//!   sidecar); anything else makes the build refuse, naming it, unless the
//!   user asks for a clean folder (`--force-clean`), and then the summary
//!   names it as removed (`owned.rs`). A git repository is never deleted.
//! - **One whole site, always.** The output folder holds the previous site
//!   or the new one at every instant, also when the build fails, the disk
//!   fills or the process is killed.
//! - **Only what changed.** A file whose bytes did not change is neither
//!   read nor written, and keeps its modification time: the time of the
//!   build in which its bytes last changed. Files the site no longer has are
//!   removed, and named. A static file is copied through a small buffer and
//!   hashed on the way; while its `stat` is what the manifest recorded of
//!   it, it is not even read (`Update::put_file`).
//!
//! ## On disk
//!
//! For an output folder `output/`, stepwise keeps `.output.stepwise/`
//! beside it (same parent, so on the same file system):
//!
//! ```text
//! output/                  the site; its root holds the marker .stepwise-output
//! .output.stepwise/
//!   spare/                 the site as an earlier build left it (also marked)
//!   <id>.manifest          per folder: hash, time and stat of each file
//!   lock                   held by the build writing; holds its process id
//!   .gitignore, README.txt
//! ```
//!
//! The marker ([`MARKER`], fixed text, same time in both folders) is how a
//! build recognises a folder it may write into; the manifests say which of
//! its files stepwise wrote. A manifest is named by its folder's identity
//! (device and inode), so it stays with its folder through swaps. The
//! sidecar's README, written before anything else in it, is how a build
//! recognises the sidecar as its own (`sidecar.rs`).
//!
//! ## A build
//!
//! 1. Lock (`flock` on `lock`; a second build of the same folder waits,
//!    and says for which process). Read the output folder's manifest and
//!    walk it; a marked output folder without its manifest (restored from
//!    a CI cache, which gives it a new identity, or copied, or its sidecar
//!    deleted) is read back for its files' times: each file's hash, and its
//!    time as the time its bytes last changed. Walk `spare/` and trust each
//!    file its manifest lists only if `stat` still matches (size, mtime,
//!    inode, ctime): whatever touched the folder since is caught (why
//!    `stat` is enough: `manifest.rs`). What is not trusted (files a killed
//!    or failed build left, links and other strays) is removed before
//!    anything is written: it would be rewritten or removed anyway, and the
//!    space it frees may be what the build needs.
//! 2. For each rendered file: hash it. Its time is the output folder's time
//!    for it if its bytes are the same there, else this build's. If `spare/`
//!    already holds those bytes with that time: nothing. Same bytes, other
//!    time: set the time. Else write it in place (the spare is not live).
//!    Before the first change to `spare/`, its manifest is deleted.
//! 3. Check that whatever the output folder holds and the site no longer
//!    has is stepwise's (see above). Remove from `spare/` what the site no
//!    longer has; write its manifest
//!    (to a `.tmp` file, then renamed); swap `spare/` with `output/`:
//!    `renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on
//!    macOS, one atomic step. The previous output becomes the spare for the
//!    next build. The first build into a new folder renames `spare/` into
//!    place; the second writes every file once more (there is no spare yet);
//!    from the third on, only what changed is written.
//!
//! A build that fails (bad content, a broken link, a full disk) never
//! reaches the swap; it writes the manifest of what it left in `spare/`.
//! One that found the disk full first deletes every file it wrote there,
//! so that the next build has the room this one had (otherwise what it
//! wrote would stay until the next build's end, and that build, needing
//! room first, would fail too), and its error says the disk is full and
//! that stepwise keeps the site twice, where.
//!
//! ## After a kill
//!
//! The recovery rule: **`output/` is never touched before the swap, and
//! `spare/` is trusted file by file only through a manifest written after
//! its last change.** Killed before the swap, the output is the previous
//! site; `spare/` has no manifest (or a complete one), so the next build
//! rewrites what it cannot trust and removes what it does not need, in the
//! same folder: nothing piles up. A `.tmp` manifest is deleted. Killed after
//! the swap, the output is the new site and everything is in order.
//!
//! Where the system has no exchange (other platforms, or a file system
//! that refuses it), the swap is three renames: `output/` → `old/`,
//! `spare/` → `output/`, `old/` → `spare/`. Killed between the first two,
//! `output/` is missing until the next build, which first moves `old/` back
//! (`swap::recover`). No file is `fsync`ed: a power cut, unlike a kill,
//! may lose recent writes, as with other generators; after one, delete
//! `.output.stepwise/` to have the next build write everything.

mod lock;
mod manifest;
mod owned;
mod path;
mod shown;
mod sidecar;
mod spare;
mod swap;
mod target;
mod tree;

pub use path::MARKER;
pub(crate) use spare::{sidecar, Update};
pub use spare::{Changes, Options};
pub(crate) use target::check_target;
