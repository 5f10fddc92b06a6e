//! headerkit: a C header toolkit with its own preprocessor, needing no compiler.
//!
//! The pipeline: [`preprocess`] (phases 1–4 of translation) → parse → IR → writers.
//! See `docs/architecture.md` for the code map and invariants. Rust callers start with
//! [`generate`] and a [`Request`] ([`api`]); configuration files are read by [`config`].

pub mod api;
pub mod cli;
pub mod config;
pub mod diag;
pub mod ir;
pub mod libsyms;
pub mod parse;
pub mod preprocess;
pub mod writers;

pub use api::{Error, Request, generate, generate_all, generate_batch, generate_to};
