//! Any bytes as a content file (front matter and all): loading the site
//! never panics, and fails only with located diagnostics.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let root = common::site();
    std::fs::write(root.join("content/page.md"), data).expect("write page");
    common::check(root, stepwise::pipeline::load(root, false, None));
});
