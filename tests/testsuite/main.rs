//! stepwise's integration tests, as one test binary (mdBook's
//! `tests/testsuite/` pattern): the crate and its dependencies are linked
//! into one executable instead of one per file, so `cargo test` compiles
//! and links once. Every test runs the real `stepwise` binary over sites in
//! temporary folders; the sites they start from are in `tests/fixtures/`.
//!
//! Run a subset with `cargo test --test testsuite <filter>`, e.g.
//! `cargo test --test testsuite serve::` or `... diagnostics::`.

mod build;
mod bundles;
mod calendar;
mod checklist;
mod common;
mod diagnostics;
mod diagnostics_input;
mod external;
mod glossary;
mod hostile;
mod hostile_load;
mod images;
mod import;
mod input_check;
mod input_limits;
mod input_markup;
mod input_names;
mod input_yaml;
mod offline;
mod output;
mod output_owned;
mod output_writes;
mod publish;
mod publishing;
mod reader;
mod serve;
mod serve_generations;
mod serve_host;
mod template_recursion;
