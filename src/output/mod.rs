//! Rendering a [`Value`] as text, JSON or CSV.
//!
//! Renderers look names, labels and document titles up in the graph but
//! never compute an answer: everything they show is in the value.

mod csv;
mod json;
mod text;

pub use crate::cli::Format;

use crate::graph::BodyId;
use crate::graph::OrgGraph;
use crate::model::types::Source;
use crate::query::Value;
use crate::query::value::{Event, Fact, Via};

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
    let mut out = String::new();
    if let Value::Nodes { nodes, edges } = v {
        out.reserve(256 + 128 * nodes.len() + 96 * edges.len());
    }
    // Serializing borrowed data into memory cannot fail.
    let _ = json::write(v, g, &mut out);
    out.push('\n');
    out
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

/// When an event of a card's history held: `2017-01–`, `–2022-10`,
/// `2022-09-29–2024`, or `odaterat` when the model gives no date.
pub fn period_text(e: &Event) -> String {
    match (&e.from, &e.until) {
        (None, None) => "odaterat".into(),
        (f, u) => format!(
            "{}–{}",
            f.as_deref().unwrap_or(""),
            u.as_deref().unwrap_or("")
        ),
    }
}

/// What an event of `body`'s history is, in words: `exists`, `name X`,
/// `KEY: VALUE`, or an edge as the card lists it (`ordförande i X`,
/// `leds av Y`; its note is on the card).
pub fn fact_text(g: &OrgGraph, body: BodyId, f: &Fact) -> String {
    match f {
        Fact::Lifetime => "exists".into(),
        Fact::Name(n) => format!("name {n}"),
        Fact::Attribute { key, value } => {
            format!("{}: {value}", g.catalog.attribute_label(key))
        }
        Fact::Edge(h) => {
            let r = g.catalog.relation(h.rel);
            if h.from == body {
                format!("{} {}", r.label, g.node(h.to).name)
            } else {
                format!("{} {}", r.inverse, g.node(h.from).name)
            }
        }
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

/// Each step of [`OrgGraph::prefetch_node`] and how many places ahead
/// of the body being read it is taken.
pub(crate) const AHEAD: [(u8, usize); 3] = [(0, 24), (1, 16), (2, 8)];

/// Prefetches the bodies a few places after `i` in `bs` (see
/// [`OrgGraph::prefetch_node`]), for a loop that reads the id, name and
/// kind of each in turn: on a compiled model of a million bodies, an
/// answer of tens of thousands then waits for memory a few times, not
/// three times a body.
pub(crate) fn prefetch_ahead(g: &OrgGraph, bs: &[BodyId], i: usize) {
    for (step, ahead) in AHEAD {
        if let Some(&b) = bs.get(i + ahead) {
            g.prefetch_node(b, step);
        }
    }
}
