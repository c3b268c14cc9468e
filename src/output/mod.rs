//! Rendering a [`Value`] as text, JSON or CSV.
//!
//! Renderers look names, labels and document titles up in the graph but
//! never compute an answer: everything they show is in the value.

mod csv;
mod json;
mod text;

pub use crate::cli::Format;

use crate::graph::OrgGraph;
use crate::model::types::Source;
use crate::query::Value;
use crate::query::value::Via;

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

/// How a row's subject reaches its object, in words: the relation's
/// label, its inverse label when followed backwards, or the path.
pub fn via_label(g: &OrgGraph, v: &Via) -> String {
    match v {
        Via::Edge { rel, inverse } => {
            let r = g.catalog.relation(*rel);
            if *inverse {
                r.inverse.clone()
            } else {
                r.label.clone()
            }
        }
        Via::Path(p) => p.clone(),
    }
}

/// Numbers each distinct source once, in order of first use: the
/// footnotes of a card, in text and on the web.
#[derive(Debug, Default)]
pub struct Footnotes {
    /// The sources, footnote 1 first.
    pub list: Vec<Source>,
}

impl Footnotes {
    /// The numbers (from 1) of `ss`, numbering the new ones.
    pub fn numbers(&mut self, ss: &[Source]) -> Vec<usize> {
        ss.iter()
            .map(|s| match self.list.iter().position(|x| x == s) {
                Some(i) => i + 1,
                None => {
                    self.list.push(s.clone());
                    self.list.len()
                }
            })
            .collect()
    }
}
