//! How well `suggest` does on documents a model was made from: recall
//! (the share of the model's edges citing a document that `suggest`
//! proposes from it) and precision (the share of its relation suggestions
//! that are edges of the model), per document and over all.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Report, Status, analyze, patterns::Patterns};
use crate::graph::OrgGraph;

/// The figures for one document (or, summed, for all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub document: String,
    /// Edges of the model with a source in the document.
    pub model_edges: usize,
    /// Of those, how many `suggest` proposed.
    pub found: usize,
    /// Relation suggestions.
    pub suggested: usize,
    /// Of those, how many are edges of the model.
    pub correct: usize,
    /// The model's edges citing the document that `suggest` did not
    /// propose: `relation: from -> to`, then the quote the model cites.
    pub missed: Vec<String>,
    /// The relation suggestions that are not edges of the model, with the
    /// reason and the sentence.
    pub wrong: Vec<String>,
    /// Per relation: the model's edges citing the document, and how many
    /// of them `suggest` proposed.
    pub by_relation: BTreeMap<String, (usize, usize)>,
}

impl Figures {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.model_edges)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.suggested)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

type EdgeKey = (String, String, String);

fn proposed(r: &Report) -> BTreeSet<EdgeKey> {
    r.edges
        .iter()
        .map(|e| {
            (
                r.nodes[e.from].id.clone(),
                e.rel.clone(),
                r.nodes[e.to].id.clone(),
            )
        })
        .collect()
}

/// Evaluates each `(file name, text)` against `g`; the last row is the
/// total over all documents.
pub fn evaluate(g: &OrgGraph, patterns: &Patterns, docs: &[(String, String)]) -> Vec<Figures> {
    let mut rows = Vec::new();
    let mut total = Figures {
        document: "all".into(),
        ..Figures::default()
    };
    for (doc, text) in docs {
        let r = analyze(g, patterns, doc, text);
        let got = proposed(&r);
        let mut f = Figures {
            document: doc.clone(),
            ..Figures::default()
        };
        for e in g.edges() {
            let Some(source) = e.sources().iter().find(|s| s.doc == *doc) else {
                continue;
            };
            f.model_edges += 1;
            let key = (
                g.node(e.from).id.to_string(),
                g.catalog.relation(e.rel).id.clone(),
                g.node(e.to).id.to_string(),
            );
            let counts = f.by_relation.entry(key.1.clone()).or_default();
            counts.0 += 1;
            if got.contains(&key) {
                f.found += 1;
                counts.1 += 1;
            } else {
                let (from, rel, to) = key;
                f.missed
                    .push(format!("{rel}: {from} -> {to}\n    {:?}", source.quote));
            }
        }
        f.suggested = r.edges.len();
        for e in &r.edges {
            if e.status == Status::Known {
                f.correct += 1;
            } else {
                f.wrong.push(format!(
                    "{}: {} -> {} ({:?}; {})\n    {:?}",
                    e.rel,
                    r.nodes[e.from].id,
                    r.nodes[e.to].id,
                    e.status,
                    e.reason,
                    e.quotes.first().map_or("", |q| q.text.as_str())
                ));
            }
        }
        total.model_edges += f.model_edges;
        total.found += f.found;
        total.suggested += f.suggested;
        total.correct += f.correct;
        total.missed.extend(f.missed.iter().cloned());
        total.wrong.extend(f.wrong.iter().cloned());
        for (rel, (n, found)) in &f.by_relation {
            let t = total.by_relation.entry(rel.clone()).or_default();
            t.0 += n;
            t.1 += found;
        }
        rows.push(f);
    }
    rows.push(total);
    rows
}

/// The figures as a Markdown table.
pub fn table(rows: &[Figures]) -> String {
    let mut o = String::from(
        "| document | model edges | proposed | recall | suggestions | in the model | precision |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for f in rows {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {:.1} % | {} | {} | {:.1} % |",
            f.document,
            f.model_edges,
            f.found,
            100.0 * f.recall(),
            f.suggested,
            f.correct,
            100.0 * f.precision()
        );
    }
    o
}

/// What the figures leave out: for each document, the model's edges it
/// missed (sorted, so that misses of one shape stand together) and the
/// suggestions the model does not have. For finding what to improve, with
/// `cargo test --test suggest -- --nocapture`.
pub fn errors(rows: &[Figures]) -> String {
    let mut o = String::new();
    for f in rows.iter().filter(|f| f.document != "all") {
        let mut missed = f.missed.clone();
        missed.sort();
        let _ = writeln!(o, "## {}: {} missed", f.document, missed.len());
        for m in &missed {
            let _ = writeln!(o, "- {m}");
        }
        let _ = writeln!(o, "## {}: {} not in the model", f.document, f.wrong.len());
        for w in &f.wrong {
            let _ = writeln!(o, "- {w}");
        }
    }
    o
}

/// The model's edges and how many `suggest` proposed, per relation, most
/// edges first, as a Markdown table.
pub fn relation_table(f: &Figures) -> String {
    let mut rels: Vec<(&String, &(usize, usize))> = f.by_relation.iter().collect();
    rels.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let mut o = String::from("| relation | model edges | proposed |\n|---|---:|---:|\n");
    for (rel, (n, found)) in rels {
        let _ = writeln!(o, "| `{rel}` | {n} | {found} |");
    }
    o
}
