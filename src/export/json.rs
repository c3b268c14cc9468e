//! The model as one JSON document, for scripts.
//!
//! The shape is the RON model format's (see README.md), with the whole
//! catalog, and fields in the same order:
//!
//! ```text
//! {"orgraf_export": 1,
//!  "model": {"name","date","description"} | null,
//!  "documents": [{"file","title","date","reference"}],
//!  "kinds": [{"id","label","english","description","subkinds","style","builtin"}],
//!  "relations": [{"id","label","inverse","ascii","english","description",
//!                 "subject_kinds","object_kinds","reachable","style","builtin"}],
//!  "attributes": [{"id","label","english","builtin"}],
//!  "nodes": [{"id","name","kind","subkind","aliases",
//!             "former_names": [{"name","aliases","changed","valid_from","valid_until","sources"}],
//!             "attributes": [{"key","value","valid_from","valid_until","sources"}],
//!             "valid_from","valid_until",
//!             "sources": [{"doc","quote"}]}],
//!  "edges": [{"from","rel","to","count","valid_from","valid_until","note","sources"}]}
//!
//! A `valid_from`/`valid_until` is `{"date","sources"}`, as in the RON
//! format, and only there when the model gives it (an edge's is `null`).
//! ```
//!
//! `builtin` marks the declarations of orgraf's standard catalog; without
//! them (and without the keys `orgraf_export` and `builtin`) the document
//! reads as a RON model file does (`crate::model::types::ModelFile`).
//! Absent optional values are `null`, lists are never left out. Nodes are
//! sorted by id, edges by subject, relation and object; declarations keep
//! the catalog's order. Two-space indented, ending with a newline.

use serde::Serialize;

use super::{Subset, builtin_ids};
use crate::graph::{BodyId, Edge, OrgGraph};
use crate::model::types::{
    AttributeDef, Bound, DocumentDef, EdgeStyle, ModelMeta, NodeStyle, Source,
};

/// The version of the shape; raised when a field changes meaning.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    orgraf_export: u32,
    model: Option<&'a ModelMeta>,
    documents: &'a [DocumentDef],
    kinds: Vec<Kind<'a>>,
    relations: Vec<Relation<'a>>,
    attributes: Vec<Attr<'a>>,
    nodes: Vec<Node<'a>>,
    edges: Vec<EdgeOut<'a>>,
}

#[derive(Serialize)]
struct Kind<'a> {
    id: &'a str,
    label: &'a str,
    english: Option<&'a str>,
    description: Option<&'a str>,
    subkinds: &'a [String],
    style: &'a NodeStyle,
    builtin: bool,
}

#[derive(Serialize)]
struct Relation<'a> {
    id: &'a str,
    label: &'a str,
    inverse: &'a str,
    ascii: &'a str,
    english: Option<&'a str>,
    description: Option<&'a str>,
    subject_kinds: Vec<&'a str>,
    object_kinds: Vec<&'a str>,
    reachable: bool,
    style: &'a EdgeStyle,
    builtin: bool,
}

#[derive(Serialize)]
struct Attr<'a> {
    #[serde(flatten)]
    def: &'a AttributeDef,
    builtin: bool,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    subkind: Option<&'a str>,
    aliases: Vec<&'a str>,
    former_names: Vec<Former<'a>>,
    attributes: Vec<AttrValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<&'a Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<&'a Bound>,
    sources: &'a [Source],
}

#[derive(Serialize)]
struct Former<'a> {
    name: &'a str,
    aliases: &'a [String],
    changed: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<&'a Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<&'a Bound>,
    sources: &'a [Source],
}

#[derive(Serialize)]
struct AttrValue<'a> {
    key: &'a str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<&'a Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<&'a Bound>,
    sources: &'a [Source],
}

#[derive(Serialize)]
struct EdgeOut<'a> {
    from: &'a str,
    rel: &'a str,
    to: &'a str,
    count: Option<u32>,
    valid_from: Option<&'a Bound>,
    valid_until: Option<&'a Bound>,
    note: Option<&'a str>,
    sources: &'a [Source],
}

fn node<'a>(g: &'a OrgGraph, b: BodyId) -> Node<'a> {
    let n = g.node(b);
    let d = g.details(b);
    Node {
        id: n.id,
        name: n.name,
        kind: &g.kind_of(b).id,
        subkind: d.and_then(|d| d.subkind.as_deref()),
        aliases: g.aliases(b).collect(),
        former_names: d.map_or_else(Vec::new, |d| {
            d.former_names
                .iter()
                .map(|f| Former {
                    name: &f.name,
                    aliases: &f.aliases,
                    changed: &f.changed,
                    valid_from: f.valid.from.as_ref(),
                    valid_until: f.valid.until.as_ref(),
                    sources: &f.sources,
                })
                .collect()
        }),
        attributes: d.map_or_else(Vec::new, |d| {
            d.attributes
                .iter()
                .map(|a| AttrValue {
                    key: &a.key,
                    value: &a.value,
                    valid_from: a.valid.from.as_ref(),
                    valid_until: a.valid.until.as_ref(),
                    sources: &a.sources,
                })
                .collect()
        }),
        valid_from: d.and_then(|d| d.valid.from.as_ref()),
        valid_until: d.and_then(|d| d.valid.until.as_ref()),
        sources: d.map_or(&[], |d| &d.sources),
    }
}

fn edge<'a>(g: &'a OrgGraph, e: &Edge<'a>) -> EdgeOut<'a> {
    let i = e.info;
    EdgeOut {
        from: g.node(e.from).id,
        rel: &g.catalog.relation(e.rel).id,
        to: g.node(e.to).id,
        count: i.and_then(|i| i.count),
        valid_from: i.and_then(|i| i.valid.from.as_ref()),
        valid_until: i.and_then(|i| i.valid.until.as_ref()),
        note: i.and_then(|i| i.note.as_deref()),
        sources: e.info.map_or(&[], |i| &i.sources),
    }
}

/// The JSON document.
pub fn write(s: &Subset<'_>) -> Vec<u8> {
    let g = s.g;
    let c = &g.catalog;
    let [kinds, rels, attrs] = builtin_ids();
    let doc = Document {
        orgraf_export: VERSION,
        model: c.meta.as_ref(),
        documents: &c.documents,
        kinds: c
            .kinds
            .iter()
            .map(|k| Kind {
                id: &k.id,
                label: &k.label,
                english: k.english.as_deref(),
                description: k.description.as_deref(),
                subkinds: &k.subkinds,
                style: &k.style,
                builtin: kinds.contains(&k.id),
            })
            .collect(),
        relations: c
            .relations
            .iter()
            .map(|r| Relation {
                id: &r.id,
                label: &r.label,
                inverse: &r.inverse,
                ascii: &r.ascii,
                english: r.english.as_deref(),
                description: r.description.as_deref(),
                subject_kinds: r
                    .subject_kinds
                    .iter()
                    .map(|&k| c.kind(k).id.as_str())
                    .collect(),
                object_kinds: r
                    .object_kinds
                    .iter()
                    .map(|&k| c.kind(k).id.as_str())
                    .collect(),
                reachable: r.reachable,
                style: &r.style,
                builtin: rels.contains(&r.id),
            })
            .collect(),
        attributes: c
            .attributes
            .iter()
            .map(|a| Attr {
                def: a,
                builtin: attrs.contains(&a.id),
            })
            .collect(),
        nodes: s.nodes.iter().map(|&b| node(g, b)).collect(),
        edges: s.edges.iter().map(|e| edge(g, e)).collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("serialising to memory does not fail");
    out.push(b'\n');
    out
}
