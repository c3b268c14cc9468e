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
    // Room for a large answer, so that it is not copied as it grows.
    let mut w = String::with_capacity(match v {
        Value::Nodes { nodes, .. } => 64 * nodes.len(),
        Value::Rows(rows) => 96 * rows.len(),
        _ => 256,
    });
    match v {
        Value::Nodes { nodes, .. } => {
            record(&mut w, &["id", "name", "kind", "subkind", "aliases"]);
            for (i, &b) in nodes.iter().enumerate() {
                super::prefetch_ahead(g, nodes, i);
                let n = g.node(b);
                let subkind = g.details(b).and_then(|d| d.subkind.as_deref());
                let kind = &g.catalog.kind(n.kind).id;
                record(
                    &mut w,
                    &[n.id, n.name, kind, subkind.unwrap_or(""), &aliases(g, b)],
                );
            }
        }
        Value::Rows(rs) => {
            record(
                &mut w,
                &[
                    "subject_id",
                    "subject_name",
                    "relation",
                    "object_id",
                    "object_name",
                ],
            );
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
                record(&mut w, &[s.id, s.name, &rel, o.id, o.name]);
            }
        }
        Value::Answer { answer, .. } => {
            record(&mut w, &["answer"]);
            record(&mut w, &[answer.to_string()]);
        }
        Value::Paths { paths, .. } => {
            record(&mut w, &HOP_HEADER);
            for (i, p) in paths.iter().enumerate() {
                for r in hop_rows(g, i + 1, p) {
                    record(&mut w, &r);
                }
            }
        }
        Value::Evidence { chain, .. } => {
            record(&mut w, &HOP_HEADER);
            for r in hop_rows(g, 1, chain) {
                record(&mut w, &r);
            }
        }
        Value::Card(c) => {
            record(
                &mut w,
                &[
                    "direction",
                    "relation",
                    "label",
                    "id",
                    "name",
                    "doc",
                    "quote",
                ],
            );
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
                    record(
                        &mut w,
                        &[
                            dir.into(),
                            r.id.clone(),
                            label.clone(),
                            n.id.to_string(),
                            n.name.to_string(),
                            doc,
                            quote,
                        ],
                    );
                }
            }
        }
        Value::Search { hits, .. } => {
            record(&mut w, &["score", "id", "name", "field", "text"]);
            for h in hits {
                let n = g.node(h.body);
                record(
                    &mut w,
                    &[
                        h.score.to_string(),
                        n.id.to_string(),
                        n.name.to_string(),
                        h.field.clone(),
                        h.text.clone(),
                    ],
                );
            }
        }
        Value::Explain { meanings, .. } => {
            record(&mut w, &["type", "id", "name", "description"]);
            for m in meanings {
                record(
                    &mut w,
                    &match m {
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
                    },
                );
            }
        }
        Value::Relations(rels) => {
            record(
                &mut w,
                &["id", "label", "inverse", "ascii", "english", "reachable"],
            );
            for &r in rels {
                let r = g.catalog.relation(r);
                record(
                    &mut w,
                    &[
                        r.id.clone(),
                        r.label.clone(),
                        r.inverse.clone(),
                        r.ascii.clone(),
                        r.english.clone().unwrap_or_default(),
                        r.reachable.to_string(),
                    ],
                );
            }
        }
        Value::Kinds(kinds) => {
            record(&mut w, &["id", "label", "english", "count"]);
            for &(k, n) in kinds {
                let k = g.catalog.kind(k);
                record(
                    &mut w,
                    &[
                        k.id.clone(),
                        k.label.clone(),
                        k.english.clone().unwrap_or_default(),
                        n.to_string(),
                    ],
                );
            }
        }
        Value::Help(text) => {
            record(&mut w, &["help"]);
            record(&mut w, &[text]);
        }
        // Answered above.
        Value::AsOf(_) => {}
    }
    w
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

/// Writes one record as the `csv` crate does with CRLF line ends: a
/// field is quoted (its quotes doubled) when it holds a comma, a quote or
/// a line break, and a record of one empty field is `""`.
fn record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    if let [only] = fields
        && only.as_ref().is_empty()
    {
        out.push_str("\"\"\r\n");
        return;
    }
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let f = f.as_ref();
        if f.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            out.push('"');
            for c in f.chars() {
                if c == '"' {
                    out.push('"');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
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

#[cfg(test)]
mod tests {
    /// Records are what the `csv` crate writes, byte for byte.
    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let records: [&[&str]; 8] = [
            &["id", "name", "kind"],
            &[""],
            &["", ""],
            &[
                "a,b",
                "say \"hi\"",
                "line\nbreak",
                "cr\r",
                "Västra Götaland",
            ],
            &["\"", ",", " spaced ", "#hash", "tab\tbed"],
            &["k12_ag0", "Arbetsgrupp 0 i kommun 12", "organ", "", ""],
            &["ends with quote\""],
            &["😀", "\u{1}"],
        ];
        for r in records {
            let mut want = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            want.write_record(r).unwrap();
            let want = want.into_inner().unwrap();
            let mut got = String::new();
            super::record(&mut got, r);
            assert_eq!(got, String::from_utf8(want).unwrap(), "{r:?}");
        }
    }
}
