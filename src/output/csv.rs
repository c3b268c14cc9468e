//! CSV (RFC 4180): a header row, then one row per answer.

use crate::graph::{BodyId, OrgGraph};
use crate::model::types::Source;
use crate::query::Value;
use crate::query::value::{Hop, Meaning, Via};

pub fn render(v: &Value, g: &OrgGraph) -> String {
    if let Value::AsOf(a) = v {
        // A table has no place for the date and notes: the answer's alone.
        return render(&a.value, a.graph(g));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = |h: &[&str]| rows.push(h.iter().map(|s| s.to_string()).collect());
    match v {
        Value::Nodes { nodes, .. } => {
            header(&["id", "name", "kind", "subkind", "aliases"]);
            rows.extend(nodes.iter().enumerate().map(|(i, &b)| {
                super::prefetch_ahead(g, nodes, i);
                node(g, b)
            }));
        }
        Value::Rows(rs) => {
            header(&[
                "subject_id",
                "subject_name",
                "relation",
                "object_id",
                "object_name",
            ]);
            for r in rs {
                let rel = match &r.via {
                    Via::Edge {
                        rel,
                        inverse: false,
                    } => g.catalog.relation(*rel).id.clone(),
                    Via::Edge { rel, inverse: true } => format!("^{}", g.catalog.relation(*rel).id),
                    Via::Path(p) => p.clone(),
                };
                let (s, o) = (g.node(r.subject), g.node(r.object));
                rows.push(vec![
                    s.id.to_string(),
                    s.name.to_string(),
                    rel,
                    o.id.to_string(),
                    o.name.to_string(),
                ]);
            }
        }
        Value::Answer { answer, .. } => {
            header(&["answer"]);
            rows.push(vec![answer.to_string()]);
        }
        Value::Paths { paths, .. } => {
            header(&HOP_HEADER);
            for (i, p) in paths.iter().enumerate() {
                rows.extend(hop_rows(g, i + 1, p));
            }
        }
        Value::Evidence { chain, .. } => {
            header(&HOP_HEADER);
            rows.extend(hop_rows(g, 1, chain));
        }
        Value::Card(c) => {
            header(&[
                "direction",
                "relation",
                "label",
                "id",
                "name",
                "doc",
                "quote",
            ]);
            for (dir, hops) in [("out", &c.outgoing), ("in", &c.incoming)] {
                for h in hops.iter() {
                    let r = g.catalog.relation(h.rel);
                    let (other, label) = if dir == "out" {
                        (h.to, &r.label)
                    } else {
                        (h.from, &r.inverse)
                    };
                    let n = g.node(other);
                    let (doc, quote) = first(&h.sources);
                    rows.push(vec![
                        dir.into(),
                        r.id.clone(),
                        label.clone(),
                        n.id.to_string(),
                        n.name.to_string(),
                        doc,
                        quote,
                    ]);
                }
            }
        }
        Value::Search { hits, .. } => {
            header(&["score", "id", "name", "field", "text"]);
            for h in hits {
                let n = g.node(h.body);
                rows.push(vec![
                    h.score.to_string(),
                    n.id.to_string(),
                    n.name.to_string(),
                    h.field.clone(),
                    h.text.clone(),
                ]);
            }
        }
        Value::Explain { meanings, .. } => {
            header(&["type", "id", "name", "description"]);
            for m in meanings {
                rows.push(match m {
                    Meaning::Body(b) => {
                        let n = g.node(*b);
                        let desc = g
                            .details(*b)
                            .and_then(|d| d.attributes.iter().find(|a| a.key == "beskrivning"))
                            .map(|a| a.value.clone())
                            .unwrap_or_default();
                        vec!["body".into(), n.id.to_string(), n.name.to_string(), desc]
                    }
                    Meaning::Relation(r) => {
                        let r = g.catalog.relation(*r);
                        vec![
                            "relation".into(),
                            r.id.clone(),
                            r.label.clone(),
                            r.description.clone().unwrap_or_default(),
                        ]
                    }
                    Meaning::Kind(k) => {
                        let k = g.catalog.kind(*k);
                        vec![
                            "kind".into(),
                            k.id.clone(),
                            k.label.clone(),
                            k.description.clone().unwrap_or_default(),
                        ]
                    }
                });
            }
        }
        Value::Relations(rels) => {
            header(&["id", "label", "inverse", "ascii", "english", "reachable"]);
            for &r in rels {
                let r = g.catalog.relation(r);
                rows.push(vec![
                    r.id.clone(),
                    r.label.clone(),
                    r.inverse.clone(),
                    r.ascii.clone(),
                    r.english.clone().unwrap_or_default(),
                    r.reachable.to_string(),
                ]);
            }
        }
        Value::Kinds(kinds) => {
            header(&["id", "label", "english", "count"]);
            for &(k, n) in kinds {
                let k = g.catalog.kind(k);
                rows.push(vec![
                    k.id.clone(),
                    k.label.clone(),
                    k.english.clone().unwrap_or_default(),
                    n.to_string(),
                ]);
            }
        }
        Value::Help(text) => {
            header(&["help"]);
            rows.push(vec![text.clone()]);
        }
        // Answered above.
        Value::AsOf(_) => {}
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in &rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

const HOP_HEADER: [&str; 9] = [
    "path",
    "hop",
    "from_id",
    "from_name",
    "relation",
    "to_id",
    "to_name",
    "doc",
    "quote",
];

fn node(g: &OrgGraph, b: BodyId) -> Vec<String> {
    let n = g.node(b);
    vec![
        n.id.to_string(),
        n.name.to_string(),
        g.kind_of(b).id.clone(),
        g.details(b)
            .and_then(|d| d.subkind.clone())
            .unwrap_or_default(),
        g.aliases(b).collect::<Vec<_>>().join("; "),
    ]
}

fn first(ss: &[Source]) -> (String, String) {
    ss.first()
        .map_or_else(Default::default, |s| (s.doc.clone(), s.quote.clone()))
}

fn hop_rows(g: &OrgGraph, path: usize, hops: &[Hop]) -> Vec<Vec<String>> {
    hops.iter()
        .enumerate()
        .map(|(i, h)| {
            let (f, t) = (g.node(h.from), g.node(h.to));
            let (doc, quote) = first(&h.sources);
            vec![
                path.to_string(),
                (i + 1).to_string(),
                f.id.to_string(),
                f.name.to_string(),
                g.catalog.relation(h.rel).id.clone(),
                t.id.to_string(),
                t.name.to_string(),
                doc,
                quote,
            ]
        })
        .collect()
}
