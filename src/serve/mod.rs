//! `stepwise serve`: local preview with watch mode and live reload.

use crate::error::{Diagnostic, Result};
use std::net::IpAddr;
use std::path::PathBuf;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// Address to bind (loopback by default).
    pub bind: IpAddr,
    /// First port to try.
    pub port: u16,
    /// Open the browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// Runs the preview server until Ctrl-C.
pub fn run(opts: &ServeOptions) -> Result<()> {
    Err(Diagnostic::file(&opts.root, "serve is not implemented yet").into())
}
