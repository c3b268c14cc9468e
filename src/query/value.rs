//! The answer to a statement, before it is rendered.
//!
//! A [`Value`] holds body and relation ids plus the evidence found; the
//! renderers in [`crate::output`] look names and labels up in the graph
//! but never compute anything.

use crate::graph::{BodyId, KindId, OrgGraph, RelId};
use crate::model::types::Source;

/// An edge as found in the graph, oriented as written in the model
/// (`from rel to`), with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub from: BodyId,
    pub rel: RelId,
    pub to: BodyId,
    pub count: Option<u32>,
    pub note: Option<String>,
    pub sources: Vec<Source>,
}

/// How a row's subject is related to its object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// One edge; `inverse` when the pattern followed it backwards.
    Edge { rel: RelId, inverse: bool },
    /// A relation path of several steps, in canonical source form.
    Path(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub subject: BodyId,
    pub via: Via,
    pub object: BodyId,
}

/// Why `path A -> B` found nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoPath {
    /// For `paths … max N`: the length of the shortest path when there is
    /// one, longer than N. The other fields are then empty.
    pub shortest: Option<usize>,
    /// Every body A reaches over the relations, sorted by id.
    pub reached: Vec<BodyId>,
    /// Of A and what it reaches, the bodies nearest to B counting any
    /// edge in either direction, with that distance; empty when B is not
    /// connected to them at all.
    pub closest: Vec<(BodyId, usize)>,
    /// Every body that reaches B over the relations, sorted by id.
    pub reaching: Vec<BodyId>,
}

/// What a node is and every edge that touches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub body: BodyId,
    /// Outgoing edges, sorted by relation then target id.
    pub outgoing: Vec<Hop>,
    /// Incoming edges, sorted by relation then source id.
    pub incoming: Vec<Hop>,
    /// The body's names and its dated facts, oldest first; empty when it
    /// has no former name and nothing about it is dated.
    pub history: Vec<Event>,
}

/// One entry of a body's history: a fact and when it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `valid_from`, as written; `None` when open.
    pub from: Option<String>,
    /// `valid_until`, as written; `None` when open.
    pub until: Option<String>,
    pub fact: Fact,
    /// The evidence for the dates (for an undated name, for the name).
    pub sources: Vec<Source>,
}

/// What an [`Event`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// The body existed.
    Lifetime,
    /// The body had this name.
    Name(String),
    /// An attribute had this value.
    Attribute { key: String, value: String },
    /// An edge to or from the body held.
    Edge(Hop),
}

/// The meaning of a word: a body, a relation or a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    Body(BodyId),
    Relation(RelId),
    Kind(KindId),
}

/// One hit of `search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub body: BodyId,
    /// 0–100, higher is better.
    pub score: u32,
    /// Which field matched: `id`, `name`, `alias`, `former name` or an
    /// attribute key.
    pub field: String,
    /// The text that matched.
    pub text: String,
}

/// The answer to one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A set of bodies, sorted by id, with the edges that connect them to
    /// the named end of the pattern (empty for `list`).
    Nodes { nodes: Vec<BodyId>, edges: Vec<Hop> },
    /// Pairs for a pattern with `?` at both ends, sorted by subject,
    /// relation, object.
    Rows(Vec<Row>),
    /// Yes or no for a pattern without `?`, with the chain that makes it
    /// true.
    Answer { answer: bool, chain: Vec<Hop> },
    /// `path` (at most one path) and `paths`; `truncated` when `paths`
    /// stopped listing at its limit.
    Paths {
        from: BodyId,
        to: BodyId,
        relations: Vec<RelId>,
        paths: Vec<Vec<Hop>>,
        max: Option<usize>,
        truncated: bool,
        no_path: Option<NoPath>,
    },
    /// `show X`
    Card(Card),
    /// `why A REL B`: the chain that makes it hold (empty for zero hops);
    /// when it does not hold, `reached` lists what A does reach over `path`.
    Evidence {
        holds: bool,
        from: BodyId,
        path: String,
        to: BodyId,
        chain: Vec<Hop>,
        reached: Vec<BodyId>,
    },
    /// `search TEXT`, best first.
    Search { text: String, hits: Vec<Hit> },
    /// `explain WORD`: every meaning the word has.
    Explain {
        word: String,
        meanings: Vec<Meaning>,
    },
    /// `relations`: the catalog's and the model's relations.
    Relations(Vec<RelId>),
    /// `kinds`, with how many bodies each has.
    Kinds(Vec<(KindId, usize)>),
    /// `help`: ready text.
    Help(String),
    /// `as of DATE STATEMENT`: the statement's answer on the graph as it
    /// stood then, which the answer carries for its renderers.
    AsOf(Box<AsOf>),
}

/// The answer of `as of DATE STATEMENT`.
#[derive(Debug, Clone)]
pub struct AsOf {
    /// The date as written.
    pub date: String,
    /// What a name in the statement meant then, e.g. that it is today's
    /// name of a body that was called otherwise.
    pub notes: Vec<String>,
    /// The graph as it stood then ([`OrgGraph::as_of`]); body ids are
    /// those of the whole graph. `None` when the graph dates nothing, so
    /// that it stood then as it stands now (see [`AsOf::graph`]).
    pub graph: Option<std::sync::Arc<OrgGraph>>,
    pub value: Value,
}

impl AsOf {
    /// The graph as it stood then, given the graph `now` the statement
    /// was asked of.
    pub fn graph<'a>(&'a self, now: &'a OrgGraph) -> &'a OrgGraph {
        self.graph.as_deref().unwrap_or(now)
    }
}

/// Answers compare by what they say; the graph behind them is the date's.
impl PartialEq for AsOf {
    fn eq(&self, o: &AsOf) -> bool {
        (&self.date, &self.notes, &self.value) == (&o.date, &o.notes, &o.value)
    }
}

impl Eq for AsOf {}

impl Value {
    /// The bodies and edges this answer mentions, for drawing it: bodies
    /// sorted and unique, edges as `(from, relation, to)`, sorted and
    /// unique. Rows over a multi-step path mention their ends only.
    pub fn subgraph(&self) -> (Vec<BodyId>, Vec<(BodyId, RelId, BodyId)>) {
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let mut hops = |hs: &[Hop], nodes: &mut Vec<BodyId>| {
            for h in hs {
                nodes.extend([h.from, h.to]);
                edges.push((h.from, h.rel, h.to));
            }
        };
        match self {
            Value::Nodes {
                nodes: ns,
                edges: es,
            } => {
                nodes.extend(ns);
                hops(es, &mut nodes);
            }
            Value::Rows(rows) => {
                for r in rows {
                    nodes.extend([r.subject, r.object]);
                    if let Via::Edge { rel, inverse } = r.via {
                        let (a, b) = if inverse {
                            (r.object, r.subject)
                        } else {
                            (r.subject, r.object)
                        };
                        edges.push((a, rel, b));
                    }
                }
            }
            Value::Answer { chain, .. } => hops(chain, &mut nodes),
            Value::Paths {
                from, to, paths, ..
            } => {
                nodes.extend([*from, *to]);
                for p in paths {
                    hops(p, &mut nodes);
                }
            }
            Value::Card(c) => {
                nodes.push(c.body);
                hops(&c.outgoing, &mut nodes);
                hops(&c.incoming, &mut nodes);
            }
            Value::Evidence {
                from, to, chain, ..
            } => {
                nodes.extend([*from, *to]);
                hops(chain, &mut nodes);
            }
            Value::Search { hits, .. } => nodes.extend(hits.iter().map(|h| h.body)),
            Value::Explain { meanings, .. } => {
                nodes.extend(meanings.iter().filter_map(|m| match m {
                    Meaning::Body(b) => Some(*b),
                    _ => None,
                }));
            }
            Value::Relations(_) | Value::Kinds(_) | Value::Help(_) => {}
            Value::AsOf(a) => return a.value.subgraph(),
        }
        nodes.sort();
        nodes.dedup();
        edges.sort();
        edges.dedup();
        (nodes, edges)
    }
}
