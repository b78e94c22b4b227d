//! stepwise: a static site generator for step-by-step advising guides.
//!
//! The pipeline is load ([`content`]) → render ([`render`], with [`markdown`]
//! and [`theme`]) → write ([`output`]); [`build`] strings them together.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod import;
pub mod links;
pub mod markdown;
pub mod metadata;
pub mod output;
pub mod print;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
mod sync;
pub mod theme;
pub mod url;
pub mod yaml;

pub use error::{Diagnostic, Error, Result};
