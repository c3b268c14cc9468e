//! Printing a [`Report`]: a review list (text), JSON, or RON in the
//! model's format, ready to paste.
//!
//! The RON holds only what is new and needs no choice: new nodes (with
//! their attributes) and new edges, each with `sources` (the document's
//! file name and the sentence). What is already in the model, attributes
//! of bodies the model has (they belong inside those nodes), and every
//! conflict are comments, so the pasted file passes `orgraf check`; a
//! conflict says which choice is needed.

use std::fmt::Write as _;

use super::{AttrSuggestion, EdgeSuggestion, NodeSuggestion, Quote, Report, Status};
use crate::graph::OrgGraph;

fn status_word(s: &Status) -> String {
    match s {
        Status::New => "new".into(),
        Status::Known => "in the model".into(),
        Status::Conflict(why) => format!("CONFLICT: {why}"),
    }
}

fn quote_line(q: &Quote) -> String {
    format!("line {}: \"{}\"", q.line, q.text)
}

fn edge_line(r: &Report, e: &EdgeSuggestion) -> String {
    format!("{} {} {}", r.nodes[e.from].id, e.rel, r.nodes[e.to].id)
}

/// The review list.
pub fn text(r: &Report) -> String {
    let mut o = String::new();
    let new = |s: &Status| *s == Status::New;
    let known = |s: &Status| *s == Status::Known;
    let nodes_new = r.nodes.iter().filter(|n| new(&n.status)).count();
    let nodes_known = r.nodes.iter().filter(|n| known(&n.status)).count();
    let edges_new = r.edges.iter().filter(|e| new(&e.status)).count();
    let edges_known = r.edges.iter().filter(|e| known(&e.status)).count();
    let _ = writeln!(
        o,
        "{}: {} bodies, roles and persons ({} new, {} in the model, {} to choose); {} relations ({} new, {} in the model, {} to choose); {} sentences to read",
        r.document,
        r.nodes.len(),
        nodes_new,
        nodes_known,
        r.nodes.len() - nodes_new - nodes_known,
        r.edges.len(),
        edges_new,
        edges_known,
        r.edges.len() - edges_new - edges_known,
        r.unmatched.len()
    );
    o.push_str("\nBodies, roles and persons\n");
    for n in &r.nodes {
        let sub = n
            .subkind
            .as_deref()
            .map_or(String::new(), |s| format!(" ({s})"));
        let _ = writeln!(
            o,
            "  {} \"{}\" {}{} [{}]",
            n.id,
            n.name,
            n.kind,
            sub,
            status_word(&n.status)
        );
        if !n.aliases.is_empty() {
            let _ = writeln!(o, "      aliases: {}", n.aliases.join(", "));
        }
        let _ = writeln!(o, "      {} ({})", quote_line(&n.quote), n.reason);
        for a in &n.attributes {
            let _ = writeln!(o, "      attribute {}: {}", a.key, a.value);
            for q in &a.quotes {
                let _ = writeln!(o, "        {} ({})", quote_line(q), a.reason);
            }
        }
    }
    o.push_str("\nRelations\n");
    for e in &r.edges {
        let _ = writeln!(o, "  {} [{}]", edge_line(r, e), status_word(&e.status));
        for q in &e.quotes {
            let _ = writeln!(o, "      {}", quote_line(q));
        }
        let _ = writeln!(o, "      reason: {}", e.reason);
    }
    if !r.unmatched.is_empty() {
        o.push_str("\nSentences that name a known body but matched no pattern\n");
        for q in &r.unmatched {
            let _ = writeln!(o, "  {}", quote_line(q));
        }
    }
    o
}

/// The report as one JSON document: nodes, edges (`from`/`to` as ids),
/// unmatched sentences.
pub fn json(r: &Report) -> String {
    #[derive(serde::Serialize)]
    struct Edge<'a> {
        from: &'a str,
        #[serde(flatten)]
        edge: &'a EdgeSuggestion,
        to: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Out<'a> {
        document: &'a str,
        title: &'a str,
        nodes: &'a [NodeSuggestion],
        edges: Vec<Edge<'a>>,
        unmatched: &'a [Quote],
    }
    let out = Out {
        document: &r.document,
        title: &r.title,
        nodes: &r.nodes,
        edges: r
            .edges
            .iter()
            .map(|e| Edge {
                from: &r.nodes[e.from].id,
                edge: e,
                to: &r.nodes[e.to].id,
            })
            .collect(),
        unmatched: &r.unmatched,
    };
    let mut s = serde_json::to_string_pretty(&out).expect("a report serialises");
    s.push('\n');
    s
}

/// A RON string literal.
fn lit(s: &str) -> String {
    ron::to_string(s).expect("a string serialises")
}

fn sources(doc: &str, quotes: &[Quote], indent: &str) -> String {
    let mut o = String::from("sources: [\n");
    for q in quotes {
        let _ = writeln!(
            o,
            "{indent}    (doc: {}, quote: {}), // line {}",
            lit(doc),
            lit(&q.text),
            q.line
        );
    }
    let _ = write!(o, "{indent}]");
    o
}

fn attributes_ron(doc: &str, attrs: &[AttrSuggestion], indent: &str) -> String {
    let mut o = String::from("attributes: [\n");
    for a in attrs {
        let _ = writeln!(
            o,
            "{indent}    (key: {}, value: {},\n{indent}     {}),",
            lit(&a.key),
            lit(&a.value),
            sources(doc, &a.quotes, &format!("{indent}     "))
        );
    }
    let _ = write!(o, "{indent}]");
    o
}

fn comment_out(s: &str) -> String {
    s.lines().map(|l| format!("        // {l}\n")).collect()
}

fn node_ron(doc: &str, n: &NodeSuggestion) -> String {
    let mut o = String::from("        (\n");
    let _ = writeln!(o, "            id: {},", lit(&n.id));
    let _ = writeln!(o, "            name: {},", lit(&n.name));
    let _ = writeln!(o, "            kind: {},", lit(&n.kind));
    if let Some(s) = &n.subkind {
        let _ = writeln!(o, "            subkind: {},", lit(s));
    }
    if !n.aliases.is_empty() {
        let a: Vec<String> = n.aliases.iter().map(|a| lit(a)).collect();
        let _ = writeln!(o, "            aliases: [{}],", a.join(", "));
    }
    if !n.attributes.is_empty() {
        let _ = writeln!(
            o,
            "            {},",
            attributes_ron(doc, &n.attributes, "            ")
        );
    }
    let _ = writeln!(o, "            // {}", n.reason);
    let _ = writeln!(
        o,
        "            {},",
        sources(doc, std::slice::from_ref(&n.quote), "            ")
    );
    o.push_str("        ),\n");
    o
}

fn edge_ron(doc: &str, r: &Report, e: &EdgeSuggestion) -> String {
    format!(
        "        (from: {}, rel: {}, to: {}, // {}\n         {}),\n",
        lit(&r.nodes[e.from].id),
        lit(&e.rel),
        lit(&r.nodes[e.to].id),
        e.reason,
        sources(doc, &e.quotes, "         ")
    )
}

/// RON to paste into a model folder as a new file.
pub fn ron(r: &Report, g: &OrgGraph) -> String {
    let doc = r.document.as_str();
    let mut o = String::new();
    let _ = writeln!(
        o,
        "// Suggested by `orgraf suggest` from {doc}: review every entry against the document.\n// New entries are live; entries already in the model and choices to make are comments."
    );
    o.push_str("(\n");
    if g.catalog.document(doc).is_none() {
        let title = if r.title.is_empty() {
            doc
        } else {
            r.title.as_str()
        };
        let _ = writeln!(
            o,
            "    documents: [(file: {}, title: {})],",
            lit(doc),
            lit(title)
        );
    }
    o.push_str("    nodes: [\n");
    for n in r.nodes.iter().filter(|n| n.status == Status::New) {
        o.push_str(&node_ron(doc, n));
    }
    for n in r
        .nodes
        .iter()
        .filter(|n| n.status == Status::Known && !n.attributes.is_empty())
    {
        let _ = writeln!(
            o,
            "        // Attributes for {} (in the model: add them to its node):",
            n.id
        );
        o.push_str(&comment_out(&attributes_ron(doc, &n.attributes, "")));
    }
    for n in r.nodes.iter() {
        if let Status::Conflict(why) = &n.status {
            let _ = writeln!(o, "        // CHOICE NEEDED for \"{}\": {}", n.name, why);
        }
    }
    o.push_str("    ],\n    edges: [\n");
    for e in r.edges.iter().filter(|e| e.status == Status::New) {
        o.push_str(&edge_ron(doc, r, e));
    }
    for e in &r.edges {
        match &e.status {
            Status::Known => {
                let _ = writeln!(o, "        // in the model: {}", edge_line(r, e));
            }
            Status::Conflict(why) => {
                let _ = writeln!(o, "        // CHOICE NEEDED: {why}");
                o.push_str(&comment_out(edge_ron(doc, r, e).trim_start()));
            }
            Status::New => {}
        }
    }
    o.push_str("    ],\n)\n");
    o
}
