//! orgraf: the governance of Västra Götaland's health and care
//! collaboration (vårdsamverkan) as a graph to query and draw.
//!
//! The pipeline runs one way:
//!
//! ```text
//! model/*.ron ──load──▶ ModelFile ──build/validate──▶ OrgGraph
//! query text ──lex──▶ tokens ──parse──▶ Ast ──eval(&OrgGraph)──▶ Value
//! Value ──render──▶ text | json | csv | dot | mermaid | html
//! ```
// No unsafe code, except mapping a compiled model file into memory
// (`model::compiled::load`, the one `allow`).
#![deny(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod diag;
pub mod diagram;
pub mod diff;
pub mod export;
pub mod fsutil;
pub mod graph;
pub mod model;
pub mod output;
pub mod query;
pub mod repl;
pub mod suggest;
pub mod synth;
pub mod tour;
pub mod web;
