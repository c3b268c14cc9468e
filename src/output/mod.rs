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
/// script's answers form JSON Lines. Every face that shows an answer
/// (`query`, `run`, the explorer) renders it here, so the same answer is
/// the same bytes everywhere.
pub fn render(v: &Value, g: &OrgGraph, format: Format) -> String {
    match format {
        Format::Text => text::render(v, g),
        Format::Json => json(v, g),
        Format::Csv => csv::render(v, g),
    }
}

/// The JSON document of an answer (what `--format json` prints): one
/// line, ending with a newline, written straight from the answer with
/// its fields in reading order.
pub fn json(v: &Value, g: &OrgGraph) -> String {
    let mut out = Vec::with_capacity(256);
    json::write(v, g, &mut out).expect("writing to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
