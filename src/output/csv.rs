//! CSV (RFC 4180): a header row, then one row per answer.

use std::borrow::Cow;

use crate::graph::{BodyId, OrgGraph};
use crate::model::types::Source;
use crate::query::Value;
use crate::query::value::{Hop, Meaning, Via};

pub fn render(v: &Value, g: &OrgGraph) -> String {
    if let Value::AsOf(a) = v {
        // A table has no place for the date and notes: the answer's alone.
        return render(&a.value, a.graph(g));
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(super::size_hint(v)));
    // Rows are written as they come; writing to a `Vec` cannot fail.
    if let Value::Nodes { nodes, .. } = v {
        let _ = w.write_record(["id", "name", "kind", "subkind", "aliases"]);
        for (i, &b) in nodes.iter().enumerate() {
            super::prefetch_ahead(g, nodes, i);
            let n = g.node(b);
            let subkind = g.details(b).and_then(|d| d.subkind.as_deref());
            let kind = &g.catalog.kind(n.kind).id;
            let _ = w.write_record([n.id, n.name, kind, subkind.unwrap_or(""), &aliases(g, b)]);
        }
        return finish(w);
    }
    if let Value::Rows(rs) = v {
        let _ = w.write_record([
            "subject_id",
            "subject_name",
            "relation",
            "object_id",
            "object_name",
        ]);
        for r in rs {
            let rel: Cow<'_, str> = match &r.via {
                Via::Edge {
                    rel,
                    inverse: false,
                } => Cow::Borrowed(&g.catalog.relation(*rel).id),
                Via::Edge { rel, inverse: true } => {
                    Cow::Owned(format!("^{}", g.catalog.relation(*rel).id))
                }
                Via::Path(p) => Cow::Borrowed(p),
            };
            let (s, o) = (g.node(r.subject), g.node(r.object));
            let _ = w.write_record([s.id, s.name, &rel, o.id, o.name]);
        }
        return finish(w);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = |h: &[&str]| rows.push(h.iter().map(|s| s.to_string()).collect());
    match v {
        // Written above.
        Value::Nodes { .. } | Value::Rows(_) => {}
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
    for r in &rows {
        let _ = w.write_record(r);
    }
    finish(w)
}

/// A body's aliases, separated by `; `.
fn aliases(g: &OrgGraph, b: BodyId) -> Cow<'_, str> {
    let mut all = g.aliases(b);
    let Some(first) = all.next() else {
        return Cow::Borrowed("");
    };
    let mut s = first.to_string();
    for a in all {
        s.push_str("; ");
        s.push_str(a);
    }
    Cow::Owned(s)
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
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
