//! Any text as import input, read as plain text or as Markdown (by the
//! first byte): converting never panics, and fails only with diagnostics
//! at a line of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = if first % 2 == 0 {
        "guide.txt"
    } else {
        "guide.md"
    };
    match stepwise::import::convert(Path::new(name), text, &BTreeSet::new()) {
        Ok(_) => {}
        Err(stepwise::Error::Input(diags)) => {
            let lines = text.split('\n').count();
            for d in diags {
                assert_eq!(d.file, Path::new(name));
                assert!(d.line <= lines, "line {} of {lines}: {d}", d.line);
                let _ = d.to_string();
            }
        }
        Err(e) => panic!("not a diagnostic: {e}"),
    }
});
