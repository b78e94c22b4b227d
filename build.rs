//! Records the commit that `stepwise --version` prints, as the environment
//! variable `STEPWISE_COMMIT` seen by `env!` in `src/main.rs`.
//!
//! The commit comes from, in order:
//! 1. `STEPWISE_COMMIT` in the build's environment (the release workflow
//!    sets it; so can anyone building from a source archive);
//! 2. `.cargo_vcs_info.json`, which `cargo package` writes into a published
//!    crate (so `cargo install stepwise-ssg` knows its commit);
//! 3. `git rev-parse HEAD`, when the source is a git checkout;
//! 4. else `unknown`.
//!
//! Nothing else (no date, no host name) goes in: two builds of one commit
//! are the same. The script runs again only when its answer can change: the
//! variable, or git's HEAD and the branch it points to. Debug builds (those
//! of `cargo test`) leave git out, so committing does not rebuild the crate
//! and its tests; they print `unknown` unless the variable is set.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=STEPWISE_COMMIT");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let release = std::env::var("PROFILE").is_ok_and(|p| p != "debug");
    let commit = from_env()
        .or_else(|| from_vcs_info(&root))
        .or_else(|| if release { from_git(&root) } else { None })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=STEPWISE_COMMIT={commit}");
}

/// A commit is 7 to 64 hexadecimal digits; anything else is not used.
fn commit_like(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = (7..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| short(s))
}

/// The first 12 digits, as `git log --abbrev=12` shows them.
fn short(s: &str) -> String {
    s.chars().take(12).collect::<String>().to_ascii_lowercase()
}

fn from_env() -> Option<String> {
    commit_like(&std::env::var("STEPWISE_COMMIT").ok()?)
}

/// `{"git": {"sha1": "…"}, …}`, written by `cargo package`.
fn from_vcs_info(root: &Path) -> Option<String> {
    let path = root.join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&path).ok()?;
    watch(&path);
    let at = text.find("\"sha1\"")? + "\"sha1\"".len();
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    commit_like(&rest[..rest.find('"')?])
}

fn from_git(root: &Path) -> Option<String> {
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()?;
        out.status.success().then_some(())?;
        Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    // Only a checkout of this very folder: a crate unpacked inside some
    // other repository must not take that repository's commit.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != root.canonicalize().ok()? {
        return None;
    }
    let commit = commit_like(&git(&["rev-parse", "HEAD"])?)?;
    // HEAD names the branch; the branch's file (or packed-refs) names the
    // commit. A new commit changes one of them.
    let resolve = |p: String| {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            p
        } else {
            root.join(p)
        }
    };
    let git_dir = resolve(git(&["rev-parse", "--git-dir"])?);
    let common = resolve(git(&["rev-parse", "--git-common-dir"])?);
    watch(&git_dir.join("HEAD"));
    watch(&common.join("packed-refs"));
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch(&common.join(branch));
    }
    Some(commit)
}

/// Runs the script again when `path` changes. Cargo runs a script on every
/// build while a file it watches is missing, so only files that are there
/// are watched (a branch packed into packed-refs removes its own file,
/// which runs the script again, and from then on packed-refs is watched).
fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}
