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
mod checklist;
mod common;
mod diagnostics;
mod external;
mod glossary;
mod hostile;
mod hostile_load;
mod images;
mod import;
mod output;
mod publish;
mod reader;
mod serve;
