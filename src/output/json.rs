//! JSON: a stable shape per kind of answer.
//!
//! Bodies are always `{"id","name","kind","subkind","aliases"}`; sets are
//! `{"results":[…],"edges":[…]}` (edges by id: the ones that connect the
//! results to the named end), pattern rows `{"rows":[…]}`, paths
//! `{"paths":[{"hops":[…]}]}`, yes/no `{"answer":…}`.

use serde_json::{Map, Value as Json, json};

use crate::graph::{BodyId, OrgGraph};
use crate::model::types::Source;
use crate::query::Value;
use crate::query::value::{Card, Hop, Meaning, NoPath, Via};

pub fn render(v: &Value, g: &OrgGraph) -> Json {
    match v {
        Value::Nodes { nodes, edges } => json!({
            "results": nodes.iter().map(|&b| node(g, b)).collect::<Vec<_>>(),
            "edges": edges.iter().map(|h| edge_ref(g, h)).collect::<Vec<_>>(),
        }),
        Value::Rows(rows) => json!({
            "rows": rows.iter().map(|r| json!({
                "subject": node(g, r.subject),
                "relation": match &r.via {
                    Via::Edge { rel, inverse: false } => g.catalog.relation(*rel).id.clone(),
                    Via::Edge { rel, inverse: true } => format!("^{}", g.catalog.relation(*rel).id),
                    Via::Path(p) => p.clone(),
                },
                "object": node(g, r.object),
            })).collect::<Vec<_>>(),
        }),
        Value::Answer { answer, chain } => json!({
            "answer": answer,
            "hops": hops(g, chain),
        }),
        Value::Paths {
            from,
            to,
            relations,
            paths,
            max,
            truncated,
            no_path: np,
        } => json!({
            "from": node(g, *from),
            "to": node(g, *to),
            "relations": relations.iter().map(|r| &g.catalog.relation(*r).id).collect::<Vec<_>>(),
            "max": max,
            "paths": paths.iter().map(|p| json!({"hops": hops(g, p)})).collect::<Vec<_>>(),
            "truncated": truncated,
            "no_path": np.as_ref().map(|n| no_path(g, n)),
        }),
        Value::Card(c) => card(g, c),
        Value::Evidence {
            holds,
            from,
            path,
            to,
            chain,
            reached,
        } => json!({
            "holds": holds,
            "from": node(g, *from),
            "relation": path,
            "to": node(g, *to),
            "hops": hops(g, chain),
            "reached": nodes(g, reached),
        }),
        Value::Search { text, hits } => json!({
            "search": text,
            "results": hits.iter().map(|h| {
                let mut n = node(g, h.body);
                if let Json::Object(m) = &mut n {
                    m.insert("score".into(), json!(h.score));
                    m.insert("field".into(), json!(h.field));
                    m.insert("text".into(), json!(h.text));
                }
                n
            }).collect::<Vec<_>>(),
        }),
        Value::Explain { word, meanings } => json!({
            "word": word,
            "meanings": meanings.iter().map(|m| meaning(g, m)).collect::<Vec<_>>(),
        }),
        Value::Relations(rels) => json!({
            "relations": rels.iter().map(|&r| {
                let r = g.catalog.relation(r);
                json!({
                    "id": r.id, "label": r.label, "inverse": r.inverse, "ascii": r.ascii,
                    "english": r.english, "description": r.description, "reachable": r.reachable,
                })
            }).collect::<Vec<_>>(),
        }),
        Value::Kinds(kinds) => json!({
            "kinds": kinds.iter().map(|&(k, count)| {
                let k = g.catalog.kind(k);
                json!({"id": k.id, "label": k.label, "english": k.english, "description": k.description, "count": count})
            }).collect::<Vec<_>>(),
        }),
        Value::Help(text) => json!({ "help": text }),
    }
}

/// `{"id","name","kind","subkind","aliases"}`
pub fn node(g: &OrgGraph, b: BodyId) -> Json {
    let n = g.node(b);
    json!({
        "id": n.id,
        "name": n.name,
        "kind": g.kind_of(b).id,
        "subkind": g.details(b).and_then(|d| d.subkind.clone()),
        "aliases": g.aliases(b).collect::<Vec<_>>(),
    })
}

fn nodes(g: &OrgGraph, bs: &[BodyId]) -> Vec<Json> {
    bs.iter().map(|&b| node(g, b)).collect()
}

fn source(g: &OrgGraph, s: &Source) -> Json {
    json!({
        "doc": s.doc,
        "title": g.catalog.document(&s.doc).map(|d| &d.title),
        "quote": s.quote,
    })
}

fn sources(g: &OrgGraph, ss: &[Source]) -> Vec<Json> {
    ss.iter().map(|s| source(g, s)).collect()
}

/// `{"from","relation","label","to","count","note","source","sources"}`;
/// `source` is the first of `sources`, or null.
fn hop(g: &OrgGraph, h: &Hop) -> Json {
    let r = g.catalog.relation(h.rel);
    json!({
        "from": node(g, h.from),
        "relation": r.id,
        "label": r.label,
        "to": node(g, h.to),
        "count": h.count,
        "note": h.note,
        "source": h.sources.first().map(|s| source(g, s)),
        "sources": sources(g, &h.sources),
    })
}

/// An edge between bodies listed elsewhere in the answer: ids only.
/// `{"from","relation","to","sources"}`
fn edge_ref(g: &OrgGraph, h: &Hop) -> Json {
    json!({
        "from": g.node(h.from).id,
        "relation": g.catalog.relation(h.rel).id,
        "to": g.node(h.to).id,
        "sources": sources(g, &h.sources),
    })
}

fn hops(g: &OrgGraph, hs: &[Hop]) -> Vec<Json> {
    hs.iter().map(|h| hop(g, h)).collect()
}

fn no_path(g: &OrgGraph, n: &NoPath) -> Json {
    json!({
        "shortest": n.shortest,
        "reached": nodes(g, &n.reached),
        "closest": n.closest.iter().map(|&(b, d)| json!({"node": node(g, b), "distance": d})).collect::<Vec<_>>(),
        "reaching": nodes(g, &n.reaching),
    })
}

/// The node object of `show`, with details, edges and sources.
fn card(g: &OrgGraph, c: &Card) -> Json {
    let mut m: Map<String, Json> = match node(g, c.body) {
        Json::Object(m) => m,
        _ => Map::new(),
    };
    let d = g.details(c.body);
    m.insert(
        "former_names".into(),
        json!(d.map(|d| d
            .former_names
            .iter()
            .map(|f| json!({"name": f.name, "aliases": f.aliases, "changed": f.changed, "sources": sources(g, &f.sources)}))
            .collect::<Vec<_>>())
            .unwrap_or_default()),
    );
    m.insert(
        "attributes".into(),
        json!(d.map(|d| d
            .attributes
            .iter()
            .map(|a| json!({"key": a.key, "label": g.catalog.attribute_label(&a.key), "value": a.value, "sources": sources(g, &a.sources)}))
            .collect::<Vec<_>>())
            .unwrap_or_default()),
    );
    let edge = |h: &Hop, out: bool| {
        let r = g.catalog.relation(h.rel);
        let (end, other, label) = if out {
            ("to", h.to, &r.label)
        } else {
            ("from", h.from, &r.inverse)
        };
        json!({"relation": r.id, "label": label, end: node(g, other), "count": h.count, "note": h.note, "sources": sources(g, &h.sources)})
    };
    m.insert(
        "outgoing".into(),
        json!(c.outgoing.iter().map(|h| edge(h, true)).collect::<Vec<_>>()),
    );
    m.insert(
        "incoming".into(),
        json!(
            c.incoming
                .iter()
                .map(|h| edge(h, false))
                .collect::<Vec<_>>()
        ),
    );
    m.insert(
        "sources".into(),
        json!(d.map(|d| sources(g, &d.sources)).unwrap_or_default()),
    );
    Json::Object(m)
}

fn meaning(g: &OrgGraph, m: &Meaning) -> Json {
    match m {
        Meaning::Body(b) => {
            let mut n = node(g, *b);
            if let (Json::Object(o), Some(d)) = (&mut n, g.details(*b)) {
                o.insert("type".into(), json!("body"));
                o.insert(
                    "former_names".into(),
                    json!(d.former_names.iter().map(|f| &f.name).collect::<Vec<_>>()),
                );
                o.insert(
                    "attributes".into(),
                    json!(
                        d.attributes
                            .iter()
                            .map(|a| json!({"key": a.key, "value": a.value}))
                            .collect::<Vec<_>>()
                    ),
                );
            } else if let Json::Object(o) = &mut n {
                o.insert("type".into(), json!("body"));
            }
            n
        }
        Meaning::Relation(r) => {
            let r = g.catalog.relation(*r);
            json!({"type": "relation", "id": r.id, "label": r.label, "inverse": r.inverse, "ascii": r.ascii,
                   "english": r.english, "description": r.description, "reachable": r.reachable})
        }
        Meaning::Kind(k) => {
            let k = g.catalog.kind(*k);
            json!({"type": "kind", "id": k.id, "label": k.label, "english": k.english, "description": k.description})
        }
    }
}
