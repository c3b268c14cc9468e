//! Rendering a [`Value`] as text, JSON or CSV.
//!
//! Renderers look names, labels and document titles up in the graph but
//! never compute an answer: everything they show is in the value.

mod csv;
mod json;
mod text;

pub use crate::cli::Format;

use crate::graph::OrgGraph;
use crate::query::Value;

/// Renders `v` in `format`, ending with a newline. JSON is one line, so a
/// script's answers form JSON Lines.
pub fn render(v: &Value, g: &OrgGraph, format: Format) -> String {
    match format {
        Format::Text => text::render(v, g),
        Format::Json => {
            let mut s = json::render(v, g).to_string();
            s.push('\n');
            s
        }
        Format::Csv => csv::render(v, g),
    }
}

/// The value as a JSON tree, for callers that embed it.
pub fn to_json(v: &Value, g: &OrgGraph) -> serde_json::Value {
    json::render(v, g)
}
