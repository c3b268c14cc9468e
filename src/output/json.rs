//! JSON: a stable shape per kind of answer, fields in reading order.
//!
//! Bodies are always `{"id","name","kind","subkind","aliases"}`; sets are
//! `{"results":[…],"edges":[…]}` (edges by id: the ones that connect the
//! results to the named end), pattern rows
//! `{"rows":[{"subject","relation","object"}]}`, paths
//! `{"paths":[{"hops":[…]}]}`, yes/no `{"answer":…}`.
//!
//! The answer is written straight to the output through `Serialize`
//! views that borrow from the [`Value`] and the graph: no JSON tree is
//! built first, so an answer of tens of thousands of rows costs its bytes
//! and nothing more. Each view's fields are declared in the order they
//! are written. A set of bodies, which on a large model holds tens of
//! thousands of them, is written by hand, byte for byte as serde_json
//! writes the same shape (a unit test holds the two together).

use serde::Serialize;
use serde::ser::{SerializeMap as _, SerializeSeq as _, Serializer};

use crate::graph::{BodyId, Kind, OrgGraph, Relation};
use crate::model::types::Source;
use crate::query::Value;
use crate::query::value::{Card, Event, Fact, Hop, Meaning, NoPath, Row, Via};

/// Writes `v` as one line of JSON (without the newline) to `out`.
pub fn write(v: &Value, g: &OrgGraph, out: &mut String) -> serde_json::Result<()> {
    match v {
        Value::Nodes { nodes, edges } => bodies_answer(out, g, nodes, edges),
        Value::AsOf(a) => {
            out.push_str("{\"as_of\":");
            string(out, &a.date);
            out.push_str(",\"notes\":");
            out.push_str(&serde_json::to_string(&a.notes)?);
            out.push_str(",\"answer\":");
            write(&a.value, a.graph(g), out)?;
            out.push('}');
        }
        _ => {
            // Into a buffer with room for a large answer (every pattern
            // row holds two bodies), so that it is not copied as it grows.
            let rows = if let Value::Rows(rows) = v {
                rows.len()
            } else {
                0
            };
            let mut buf = Vec::with_capacity(256 + 320 * rows);
            serde_json::to_writer(&mut buf, &Answer { g, v })?;
            let text = String::from_utf8(buf).map_err(serde::ser::Error::custom)?;
            if out.is_empty() {
                *out = text;
            } else {
                out.push_str(&text);
            }
        }
    }
    Ok(())
}

/// `{"results":[…],"edges":[…]}`, written by hand: the one answer that
/// holds tens of thousands of bodies on a large model, and whose strings
/// are ids and names that need no escaping (checked, and escaped by
/// serde_json where they do), so that it costs about what its bytes do.
/// Bodies and both ends of edges are prefetched a few places ahead (see
/// [`super::prefetch_ahead`]).
fn bodies_answer(out: &mut String, g: &OrgGraph, nodes: &[BodyId], edges: &[Hop]) {
    out.push_str("{\"results\":[");
    for (i, &b) in nodes.iter().enumerate() {
        super::prefetch_ahead(g, nodes, i);
        if i > 0 {
            out.push(',');
        }
        let n = g.node(b);
        out.push_str("{\"id\":");
        string(out, n.id);
        out.push_str(",\"name\":");
        string(out, n.name);
        out.push_str(",\"kind\":");
        string(out, &g.catalog.kind(n.kind).id);
        out.push_str(",\"subkind\":");
        match g.details(b).and_then(|d| d.subkind.as_deref()) {
            Some(sub) => string(out, sub),
            None => out.push_str("null"),
        }
        out.push_str(",\"aliases\":[");
        for (j, a) in g.aliases(b).enumerate() {
            if j > 0 {
                out.push(',');
            }
            string(out, a);
        }
        out.push_str("]}");
    }
    out.push_str("],\"edges\":[");
    for (i, h) in edges.iter().enumerate() {
        for (step, ahead) in super::AHEAD {
            if let Some(h) = edges.get(i + ahead) {
                g.prefetch_node(h.from, step);
                g.prefetch_node(h.to, step);
            }
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"from\":");
        string(out, g.node(h.from).id);
        out.push_str(",\"relation\":");
        string(out, &g.catalog.relation(h.rel).id);
        out.push_str(",\"to\":");
        string(out, g.node(h.to).id);
        out.push_str(",\"sources\":");
        if h.sources.is_empty() {
            out.push_str("[]");
        } else {
            // Serializing borrowed strings cannot fail.
            out.push_str(&serde_json::to_string(&sources(g, &h.sources)).unwrap_or_default());
        }
        out.push('}');
    }
    out.push_str("]}");
}

/// `s` as a JSON string, as serde_json writes it: copied as it is when
/// nothing in it needs escaping (a quote, a backslash, a control
/// character), which is every id and nearly every name.
fn string(out: &mut String, s: &str) {
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        // Serializing a string cannot fail.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// A sequence written element by element, each through `f`.
struct Each<'a, T, F>(&'a [T], F);

/// [`Each`], with the closure's argument typed by the slice's lifetime.
fn each<'a, T, R: Serialize, F: Fn(&'a T) -> R>(xs: &'a [T], f: F) -> Each<'a, T, F> {
    Each(xs, f)
}

impl<'a, T, R: Serialize, F: Fn(&'a T) -> R> Serialize for Each<'a, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for x in self.0 {
            seq.serialize_element(&(self.1)(x))?;
        }
        seq.end()
    }
}

struct Answer<'a> {
    g: &'a OrgGraph,
    v: &'a Value,
}

impl<'a> Serialize for Answer<'a> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (g, v): (&'a OrgGraph, &'a Value) = (self.g, self.v);
        let node = |b: &'a BodyId| NodeJ::of(g, *b);
        let hop = |h: &'a Hop| hop(g, h);
        match v {
            // Written by `write`, never through here.
            Value::Nodes { .. } | Value::AsOf(_) => Err(serde::ser::Error::custom(
                "a set of bodies and an as-of answer are written by json::write",
            )),
            Value::Rows(rows) => {
                #[derive(Serialize)]
                struct J<A> {
                    rows: A,
                }
                J {
                    rows: each(rows, |r: &Row| RowJ::of(g, r)),
                }
                .serialize(s)
            }
            Value::Answer { answer, chain } => {
                #[derive(Serialize)]
                struct J<A> {
                    answer: bool,
                    hops: A,
                }
                J {
                    answer: *answer,
                    hops: each(chain, hop),
                }
                .serialize(s)
            }
            Value::Paths {
                from,
                to,
                relations,
                paths,
                max,
                truncated,
                no_path,
            } => {
                #[derive(Serialize)]
                struct J<'a, A, B, C> {
                    from: NodeJ<'a>,
                    to: NodeJ<'a>,
                    relations: A,
                    max: Option<usize>,
                    paths: B,
                    truncated: bool,
                    no_path: Option<C>,
                }
                #[derive(Serialize)]
                struct PathJ<A> {
                    hops: A,
                }
                J {
                    from: NodeJ::of(g, *from),
                    to: NodeJ::of(g, *to),
                    relations: each(relations, |r| &g.catalog.relation(*r).id),
                    max: *max,
                    paths: each(paths, |p: &Vec<Hop>| PathJ { hops: each(p, hop) }),
                    truncated: *truncated,
                    no_path: no_path.as_ref().map(|n| NoPathJ { g, n }),
                }
                .serialize(s)
            }
            Value::Card(c) => CardJ { g, c }.serialize(s),
            Value::Evidence {
                holds,
                from,
                path,
                to,
                chain,
                reached,
            } => {
                #[derive(Serialize)]
                struct J<'a, A, B> {
                    holds: bool,
                    from: NodeJ<'a>,
                    relation: &'a str,
                    to: NodeJ<'a>,
                    hops: A,
                    reached: B,
                }
                J {
                    holds: *holds,
                    from: NodeJ::of(g, *from),
                    relation: path,
                    to: NodeJ::of(g, *to),
                    hops: each(chain, hop),
                    reached: each(reached, node),
                }
                .serialize(s)
            }
            Value::Search { text, hits } => {
                #[derive(Serialize)]
                struct J<'a, A> {
                    search: &'a str,
                    results: A,
                }
                #[derive(Serialize)]
                struct HitJ<'a> {
                    #[serde(flatten)]
                    node: NodeJ<'a>,
                    score: u32,
                    field: &'a str,
                    text: &'a str,
                }
                J {
                    search: text,
                    results: each(hits, |h: &crate::query::value::Hit| HitJ {
                        node: NodeJ::of(g, h.body),
                        score: h.score,
                        field: &h.field,
                        text: &h.text,
                    }),
                }
                .serialize(s)
            }
            Value::Explain { word, meanings } => {
                #[derive(Serialize)]
                struct J<'a, A> {
                    word: &'a str,
                    meanings: A,
                }
                J {
                    word,
                    meanings: each(meanings, |m: &Meaning| MeaningJ { g, m }),
                }
                .serialize(s)
            }
            Value::Relations(rels) => {
                #[derive(Serialize)]
                struct J<A> {
                    relations: A,
                }
                J {
                    relations: each(rels, |r| RelationJ::of(g.catalog.relation(*r))),
                }
                .serialize(s)
            }
            Value::Kinds(kinds) => {
                #[derive(Serialize)]
                struct J<A> {
                    kinds: A,
                }
                J {
                    kinds: each(kinds, |&(k, count)| KindJ {
                        kind: KindFieldsJ::of(g.catalog.kind(k)),
                        count,
                    }),
                }
                .serialize(s)
            }
            Value::Help(text) => {
                #[derive(Serialize)]
                struct J<'a> {
                    help: &'a str,
                }
                J { help: text }.serialize(s)
            }
        }
    }
}

/// `{"id","name","kind","subkind","aliases"}`
#[derive(Serialize)]
struct NodeJ<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    subkind: Option<&'a str>,
    aliases: Vec<&'a str>,
}

impl<'a> NodeJ<'a> {
    fn of(g: &'a OrgGraph, b: BodyId) -> Self {
        let n = g.node(b);
        NodeJ {
            id: n.id,
            name: n.name,
            kind: &g.catalog.kind(n.kind).id,
            subkind: g.details(b).and_then(|d| d.subkind.as_deref()),
            aliases: g.aliases(b).collect(),
        }
    }
}

/// `{"subject","relation","object"}`
#[derive(Serialize)]
struct RowJ<'a> {
    subject: NodeJ<'a>,
    relation: RelationName<'a>,
    object: NodeJ<'a>,
}

impl<'a> RowJ<'a> {
    fn of(g: &'a OrgGraph, r: &'a Row) -> Self {
        RowJ {
            subject: NodeJ::of(g, r.subject),
            relation: match &r.via {
                Via::Edge { rel, inverse } => RelationName::Edge {
                    id: &g.catalog.relation(*rel).id,
                    inverse: *inverse,
                },
                Via::Path(p) => RelationName::Path(p),
            },
            object: NodeJ::of(g, r.object),
        }
    }
}

/// A row's relation: an id, `^` and an id, or a path as written.
enum RelationName<'a> {
    Edge { id: &'a str, inverse: bool },
    Path(&'a str),
}

impl Serialize for RelationName<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RelationName::Edge { id, inverse: false } | RelationName::Path(id) => {
                s.serialize_str(id)
            }
            RelationName::Edge { id, inverse: true } => s.collect_str(&format_args!("^{id}")),
        }
    }
}

/// `{"doc","title","quote"}`
#[derive(Serialize)]
struct SourceJ<'a> {
    doc: &'a str,
    title: Option<&'a str>,
    quote: &'a str,
}

impl<'a> SourceJ<'a> {
    fn of(g: &'a OrgGraph, s: &'a Source) -> Self {
        SourceJ {
            doc: &s.doc,
            title: g.catalog.document(&s.doc).map(|d| d.title.as_str()),
            quote: &s.quote,
        }
    }
}

fn sources<'a>(g: &'a OrgGraph, ss: &'a [Source]) -> impl Serialize + 'a {
    each(ss, move |s| SourceJ::of(g, s))
}

/// `{"from","relation","label","to","count","note","source","sources"}`;
/// `source` is the first of `sources`, or null.
#[derive(Serialize)]
struct HopJ<'a, S> {
    from: NodeJ<'a>,
    relation: &'a str,
    label: &'a str,
    to: NodeJ<'a>,
    count: Option<u32>,
    note: Option<&'a str>,
    source: Option<SourceJ<'a>>,
    sources: S,
}

fn hop<'a>(g: &'a OrgGraph, h: &'a Hop) -> HopJ<'a, impl Serialize + 'a> {
    let r = g.catalog.relation(h.rel);
    HopJ {
        from: NodeJ::of(g, h.from),
        relation: &r.id,
        label: &r.label,
        to: NodeJ::of(g, h.to),
        count: h.count,
        note: h.note.as_deref(),
        source: h.sources.first().map(|s| SourceJ::of(g, s)),
        sources: sources(g, &h.sources),
    }
}

/// `{"shortest","reached","closest":[{"node","distance"}],"reaching"}`
struct NoPathJ<'a> {
    g: &'a OrgGraph,
    n: &'a NoPath,
}

impl Serialize for NoPathJ<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct J<A, B, C> {
            shortest: Option<usize>,
            reached: A,
            closest: B,
            reaching: C,
        }
        #[derive(Serialize)]
        struct Closest<'a> {
            node: NodeJ<'a>,
            distance: usize,
        }
        let (g, n) = (self.g, self.n);
        let node = |b: &BodyId| NodeJ::of(g, *b);
        J {
            shortest: n.shortest,
            reached: each(&n.reached, node),
            closest: each(&n.closest, |&(b, d)| Closest {
                node: NodeJ::of(g, b),
                distance: d,
            }),
            reaching: each(&n.reaching, node),
        }
        .serialize(s)
    }
}

/// The node object of `show`, then `former_names`, `attributes`,
/// `outgoing`, `incoming` (each edge `{"relation","label","to"|"from",
/// "count","note","sources"}`) and `sources`.
struct CardJ<'a> {
    g: &'a OrgGraph,
    c: &'a Card,
}

impl<'a> Serialize for CardJ<'a> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct FormerJ<'a, S> {
            name: &'a str,
            aliases: &'a [String],
            changed: &'a str,
            sources: S,
        }
        #[derive(Serialize)]
        struct AttributeJ<'a, S> {
            key: &'a str,
            label: &'a str,
            value: &'a str,
            sources: S,
        }
        #[derive(Serialize)]
        struct EdgeJ<'a, S> {
            relation: &'a str,
            label: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            to: Option<NodeJ<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            from: Option<NodeJ<'a>>,
            count: Option<u32>,
            note: Option<&'a str>,
            sources: S,
        }
        let (g, c): (&'a OrgGraph, &'a Card) = (self.g, self.c);
        let d = g.details(c.body);
        let edge = move |h: &'a Hop, out: bool| {
            let r = g.catalog.relation(h.rel);
            EdgeJ {
                relation: &r.id,
                label: if out { &r.label } else { &r.inverse },
                to: out.then(|| NodeJ::of(g, h.to)),
                from: (!out).then(|| NodeJ::of(g, h.from)),
                count: h.count,
                note: h.note.as_deref(),
                sources: sources(g, &h.sources),
            }
        };
        let mut m = s.serialize_map(None)?;
        NodeJ::of(g, c.body).entries(&mut m)?;
        m.serialize_entry(
            "former_names",
            &each(d.map_or(&[][..], |d| &d.former_names), |f| FormerJ {
                name: &f.name,
                aliases: &f.aliases,
                changed: &f.changed,
                sources: sources(g, &f.sources),
            }),
        )?;
        m.serialize_entry(
            "attributes",
            &each(d.map_or(&[][..], |d| &d.attributes), |a| AttributeJ {
                key: &a.key,
                label: g.catalog.attribute_label(&a.key),
                value: &a.value,
                sources: sources(g, &a.sources),
            }),
        )?;
        m.serialize_entry("outgoing", &each(&c.outgoing, |h| edge(h, true)))?;
        m.serialize_entry("incoming", &each(&c.incoming, |h| edge(h, false)))?;
        if !c.history.is_empty() {
            #[derive(Serialize)]
            struct EventJ<'a, S> {
                from: Option<&'a str>,
                until: Option<&'a str>,
                fact: &'a str,
                text: String,
                sources: S,
            }
            let event = |e: &'a Event| EventJ {
                from: e.from.as_deref(),
                until: e.until.as_deref(),
                fact: match &e.fact {
                    Fact::Lifetime => "lifetime",
                    Fact::Name(_) => "name",
                    Fact::Attribute { .. } => "attribute",
                    Fact::Edge(_) => "edge",
                },
                text: super::fact_text(g, c.body, &e.fact),
                sources: sources(g, &e.sources),
            };
            m.serialize_entry("history", &each(&c.history, event))?;
        }
        m.serialize_entry("sources", &sources(g, d.map_or(&[][..], |d| &d.sources)))?;
        m.end()
    }
}

impl NodeJ<'_> {
    /// The node's fields as entries of an enclosing map.
    fn entries<M: serde::ser::SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("id", self.id)?;
        m.serialize_entry("name", self.name)?;
        m.serialize_entry("kind", self.kind)?;
        m.serialize_entry("subkind", &self.subkind)?;
        m.serialize_entry("aliases", &self.aliases)
    }
}

/// `{"id","label","inverse","ascii","english","description","reachable"}`
#[derive(Serialize)]
struct RelationJ<'a> {
    id: &'a str,
    label: &'a str,
    inverse: &'a str,
    ascii: &'a str,
    english: Option<&'a str>,
    description: Option<&'a str>,
    reachable: bool,
}

impl<'a> RelationJ<'a> {
    fn of(r: &'a Relation) -> Self {
        RelationJ {
            id: &r.id,
            label: &r.label,
            inverse: &r.inverse,
            ascii: &r.ascii,
            english: r.english.as_deref(),
            description: r.description.as_deref(),
            reachable: r.reachable,
        }
    }
}

/// `{"id","label","english","description"}`
#[derive(Serialize)]
struct KindFieldsJ<'a> {
    id: &'a str,
    label: &'a str,
    english: Option<&'a str>,
    description: Option<&'a str>,
}

impl<'a> KindFieldsJ<'a> {
    fn of(k: &'a Kind) -> Self {
        KindFieldsJ {
            id: &k.id,
            label: &k.label,
            english: k.english.as_deref(),
            description: k.description.as_deref(),
        }
    }
}

/// A kind with the number of its bodies (`kinds`).
#[derive(Serialize)]
struct KindJ<'a> {
    #[serde(flatten)]
    kind: KindFieldsJ<'a>,
    count: usize,
}

/// A meaning of `explain`: `{"type":"body",…the node…,"former_names",
/// "attributes"}` (the last two for bodies with details),
/// `{"type":"relation",…}` or `{"type":"kind",…}`.
struct MeaningJ<'a> {
    g: &'a OrgGraph,
    m: &'a Meaning,
}

impl Serialize for MeaningJ<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Typed<T> {
            r#type: &'static str,
            #[serde(flatten)]
            fields: T,
        }
        #[derive(Serialize)]
        struct AttributeJ<'a> {
            key: &'a str,
            value: &'a str,
        }
        let g = self.g;
        match self.m {
            Meaning::Body(b) => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("type", "body")?;
                NodeJ::of(g, *b).entries(&mut m)?;
                if let Some(d) = g.details(*b) {
                    m.serialize_entry("former_names", &each(&d.former_names, |f| &f.name))?;
                    m.serialize_entry(
                        "attributes",
                        &each(&d.attributes, |a| AttributeJ {
                            key: &a.key,
                            value: &a.value,
                        }),
                    )?;
                }
                m.end()
            }
            Meaning::Relation(r) => Typed {
                r#type: "relation",
                fields: RelationJ::of(g.catalog.relation(*r)),
            }
            .serialize(s),
            Meaning::Kind(k) => Typed {
                r#type: "kind",
                fields: KindFieldsJ::of(g.catalog.kind(*k)),
            }
            .serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set of bodies, written by hand, is what serde_json writes for
    /// the same shape with each body as every other answer lists it
    /// (`NodeJ`), byte for byte: on the bundled model (subkinds, aliases,
    /// non-ASCII names), with a closure's edges, with and without sources.
    #[test]
    fn a_set_of_bodies_is_written_as_serde_json_writes_it() {
        #[derive(Serialize)]
        struct Edge<'a, S> {
            from: &'a str,
            relation: &'a str,
            to: &'a str,
            sources: S,
        }
        #[derive(Serialize)]
        struct Set<'a, S> {
            results: Vec<NodeJ<'a>>,
            edges: Vec<Edge<'a, S>>,
        }
        let g = crate::model::load(&crate::model::ModelSource::Bundled)
            .unwrap()
            .graph;
        let stmt = crate::query::parse_statement(
            "? (tillhör|ingår_i|rapporterar_till|bereder|lyfter_ärenden_till)* SRO",
        )
        .unwrap();
        let Value::Nodes { mut edges, .. } = crate::query::eval(&g, &stmt).unwrap() else {
            panic!("a set of bodies")
        };
        assert!(edges.len() > 10 && edges.iter().all(|h| !h.sources.is_empty()));
        // And an edge without sources, as every edge of a CSV model is.
        edges.push(Hop {
            sources: Vec::new(),
            ..edges[0].clone()
        });
        let all = g.bodies_sorted();
        let want = serde_json::to_string(&Set {
            results: all.iter().map(|&b| NodeJ::of(&g, b)).collect(),
            edges: edges
                .iter()
                .map(|h| Edge {
                    from: g.node(h.from).id,
                    relation: &g.catalog.relation(h.rel).id,
                    to: g.node(h.to).id,
                    sources: sources(&g, &h.sources),
                })
                .collect(),
        })
        .unwrap();
        let mut got = String::new();
        bodies_answer(&mut got, &g, &all, &edges);
        assert_eq!(got, want);
    }

    /// The hand-written strings are serde_json's, byte for byte.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "",
            "k12_ag0",
            "Vårdsamverkan Västra Götaland",
            "a \"quoted\" name",
            "back\\slash",
            "line\nbreak\ttab\r",
            "\u{1}\u{1f}\u{7f}\u{80}",
            "ends with a quote\"",
            "\"",
            "€ 😀",
        ] {
            let mut out = String::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }
}
