//! The organisation as a graph.
//!
//! [`OrgGraph`] is one of two representations behind one interface: a
//! petgraph `StableDiGraph` with hash indexes, built from a model folder,
//! or the arrays of a compiled model read in place (the `mapped` module). The rest
//! of the code, the query engine included, speaks of bodies ([`BodyId`]),
//! relations ([`RelId`]) and kinds ([`KindId`]) through [`OrgGraph`]'s
//! methods, never of either representation.
//!
//! Nodes and edges are kept small so that a million-node CSV model fits in
//! memory: what only hand-written models carry (aliases, attributes,
//! sources) lives in side tables.

mod build;
mod index;
pub(crate) mod mapped;
pub mod names;
pub mod plain;
mod rows;
mod snapshot;
pub mod time;
mod union;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef as _;

use either::Either;

pub use build::{Builder, Origin, build};
use index::{IdIndex, IdKey, Key, NameIndex};
pub use time::{Period, Validity};

use crate::model::types::{AttributeDef, DocumentDef, EdgeStyle, ModelMeta, NodeStyle, Source};

/// A body, principal, role, person or matter in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BodyId(u32);

/// A relation of the catalog.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct RelId(pub u16);

/// A kind of the catalog.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct KindId(pub u16);

impl BodyId {
    fn ix(self) -> NodeIndex {
        NodeIndex::new(self.0 as usize)
    }

    /// A dense index below [`OrgGraph::node_bound`], for visited sets and
    /// other per-node tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The body at a dense index; only valid for indices taken from
    /// [`BodyId::index`] of the same graph.
    pub(crate) fn from_index(i: usize) -> BodyId {
        BodyId(i as u32)
    }
}

const NONE: u32 = u32::MAX;

/// A node as the built graph stores it.
#[derive(Debug, Clone)]
struct StoredNode {
    id: Box<str>,
    name: Box<str>,
    kind: KindId,
    aliases: Box<[Box<str>]>,
    details: u32,
}

/// A node's id, name and kind, borrowed from the graph.
#[derive(Debug, Clone, Copy)]
pub struct Node<'g> {
    pub id: &'g str,
    pub name: &'g str,
    pub kind: KindId,
}

/// What a hand-written model says about a node beyond id, name and kind.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct NodeDetails {
    pub subkind: Option<String>,
    pub former_names: Vec<FormerName>,
    pub attributes: Vec<Attribute>,
    /// When the body existed.
    pub valid: Validity,
    pub sources: Vec<Source>,
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FormerName {
    pub name: String,
    pub aliases: Vec<String>,
    pub changed: String,
    /// When the body had this name.
    pub valid: Validity,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Attribute {
    pub key: String,
    pub value: String,
    pub valid: Validity,
    pub sources: Vec<Source>,
}

/// An edge's weight in the petgraph graph: 8 bytes, and 8 as the
/// `Option` that `StableGraph` keeps (the non-zero `info` gives the
/// `None` a bit pattern of its own), so a million-node model's three
/// million edges take 24 bytes each rather than 28.
#[derive(Debug, Clone, Copy)]
struct EdgeData {
    rel: RelId,
    /// The index of the edge's [`EdgeInfo`] + 1, or `u32::MAX` for an
    /// edge without one (from CSV).
    info: std::num::NonZeroU32,
}

impl EdgeData {
    fn new(rel: RelId, info: Option<usize>) -> Self {
        let info = info.map_or(NONE, |i| i as u32 + 1);
        EdgeData {
            rel,
            info: std::num::NonZeroU32::new(info).expect("an index + 1 or u32::MAX"),
        }
    }

    fn info(self) -> Option<usize> {
        let i = self.info.get();
        (i != NONE).then(|| i as usize - 1)
    }
}

/// Qualifiers and evidence of an edge.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct EdgeInfo {
    pub count: Option<u32>,
    pub valid: Validity,
    pub note: Option<String>,
    pub sources: Vec<Source>,
    pub origin: Option<Origin>,
}

/// One edge, as the rest of the code sees it.
#[derive(Debug, Clone, Copy)]
pub struct Edge<'g> {
    pub from: BodyId,
    pub rel: RelId,
    pub to: BodyId,
    pub info: Option<&'g EdgeInfo>,
}

impl Edge<'_> {
    pub fn sources(&self) -> &[Source] {
        self.info.map_or(&[], |i| &i.sources)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Kind {
    pub id: String,
    pub label: String,
    pub english: Option<String>,
    pub description: Option<String>,
    pub subkinds: Vec<String>,
    pub style: NodeStyle,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Relation {
    pub id: String,
    pub label: String,
    pub inverse: String,
    pub ascii: String,
    pub english: Option<String>,
    pub description: Option<String>,
    pub subject_kinds: Vec<KindId>,
    pub object_kinds: Vec<KindId>,
    pub reachable: bool,
    pub style: EdgeStyle,
}

/// The declarations a graph was built with: kinds, relations, attribute
/// keys, documents and the model's title.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Catalog {
    pub meta: Option<ModelMeta>,
    pub kinds: Vec<Kind>,
    pub relations: Vec<Relation>,
    pub attributes: Vec<AttributeDef>,
    pub documents: Vec<DocumentDef>,
}

impl Catalog {
    pub fn kind(&self, k: KindId) -> &Kind {
        &self.kinds[k.0 as usize]
    }

    pub fn relation(&self, r: RelId) -> &Relation {
        &self.relations[r.0 as usize]
    }

    /// A kind by id, label or English name, folded.
    pub fn find_kind(&self, name: &str) -> Option<KindId> {
        let f = names::fold(name);
        self.kinds
            .iter()
            .position(|k| {
                names::fold(&k.id) == f
                    || names::fold(&k.label) == f
                    || k.english.as_deref().is_some_and(|e| names::fold(e) == f)
            })
            .map(|i| KindId(i as u16))
    }

    /// A relation by id, ASCII form, label or English alias, folded.
    pub fn find_relation(&self, name: &str) -> Option<RelId> {
        let f = names::fold(name);
        self.relations
            .iter()
            .position(|r| {
                names::fold(&r.id) == f
                    || names::fold(&r.ascii) == f
                    || names::fold(&r.label) == f
                    || r.english.as_deref().is_some_and(|e| names::fold(e) == f)
            })
            .map(|i| RelId(i as u16))
    }

    /// Every spelling of every relation, for suggestions and completion.
    pub fn relation_spellings(&self) -> Vec<&str> {
        let mut v = Vec::new();
        for r in &self.relations {
            v.push(r.id.as_str());
            v.push(r.ascii.as_str());
            if let Some(e) = &r.english {
                v.push(e.as_str());
            }
        }
        v
    }

    pub fn document(&self, file: &str) -> Option<&DocumentDef> {
        self.documents.iter().find(|d| d.file == file)
    }

    pub fn attribute_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.attributes
            .iter()
            .find(|a| a.id == key)
            .map_or(key, |a| a.label.as_str())
    }
}

/// What a graph holds besides nodes, edges and indexes, as a compiled
/// model stores it (serialized as it is).
pub(crate) type Rich = (Catalog, Vec<String>, Vec<NodeDetails>, Vec<EdgeInfo>);

/// Candidates for a name that did not resolve to one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// Nothing matched; the closest names, best first.
    Unknown { suggestions: Vec<String> },
    /// Several nodes matched equally well; their ids.
    Ambiguous { candidates: Vec<String> },
}

/// The organisation: bodies and the relations between them.
///
/// Built from a model folder, the nodes and edges are in `g` and found
/// through `ids` and `names`; read from a compiled model, they are the
/// arrays of `mapped`, and `g`, `ids`, `names` and `id_order` stay empty.
#[derive(Debug, Clone, Default)]
pub struct OrgGraph {
    g: StableDiGraph<StoredNode, EdgeData>,
    pub catalog: Catalog,
    details: Vec<NodeDetails>,
    edge_info: Vec<EdgeInfo>,
    /// Exact ids.
    ids: IdIndex,
    /// Hash of the folded id, name, aliases and former names.
    names: NameIndex,
    /// Model files the graph was built from.
    pub files: Vec<String>,
    /// What is computed from the built graph when first needed.
    derived: Derived,
    /// The graph read in place from a compiled model.
    mapped: Option<mapped::Mapped>,
}

/// What is computed from a built graph when first needed; a copy that
/// changes the graph starts from `Derived::default()`.
#[derive(Debug, Clone, Default)]
struct Derived {
    /// Every body's place in id order (a compiled model has its own).
    id_order: std::sync::OnceLock<IdOrder>,
    /// The edges as rows, out and in, for large searches
    /// ([`OrgGraph::prepare_rows`]).
    rows: [std::sync::OnceLock<rows::Csr>; 2],
}

/// The bodies in id order, and each body's place in it: sorting by id
/// becomes one integer sort.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdOrder {
    /// Body indices sorted by id.
    pub(crate) sorted: Box<[u32]>,
    /// By body index: the place in `sorted` (`u32::MAX` for a hole).
    pub(crate) rank: Box<[u32]>,
}

/// Answers with fewer bodies than this are sorted by comparing ids,
/// unless the id order is known already: computing it costs about as much
/// as sorting a tenth of the graph by string.
const SMALL_SORT: usize = 4096;

/// A hint to fetch the cache line of `at` (see [`OrgGraph::prefetch_row`]).
fn prefetch<T>(at: Option<&T>) {
    if let Some(at) = at {
        prefetch_address(std::ptr::from_ref(at).addr());
    }
}

/// A hint to fetch the cache line at `address`, which need not be of
/// anything: a prefetch never faults.
fn prefetch_address(address: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE, which the instruction needs, is part of every
        // x86-64 processor; a prefetch is a hint that never faults,
        // whatever the address, and changes no memory.
        #[allow(unsafe_code)]
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(std::ptr::without_provenance::<i8>(address));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

/// The first eight bytes of `id`, zero-padded, as a number that sorts
/// like the bytes.
fn prefix(id: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = id.len().min(8);
    b[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// How well a name matched a node, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Current,
    Former,
}

impl OrgGraph {
    /// The arrays of a compiled model, when the graph is read from one.
    fn view(&self) -> Option<&mapped::View<'_>> {
        self.mapped.as_ref().map(mapped::Mapped::view)
    }

    /// A graph that reads the arrays of a compiled model in place, with
    /// the declarations, files, node details and edge evidence the arrays
    /// point into (checked against them when the arrays were opened).
    pub(crate) fn from_mapped(rich: Rich, m: mapped::Mapped) -> OrgGraph {
        let (catalog, files, details, edge_info) = rich;
        OrgGraph {
            catalog,
            files,
            details,
            edge_info,
            mapped: Some(m),
            ..OrgGraph::default()
        }
    }

    /// The declarations, files, node details and edge evidence, borrowed.
    pub(crate) fn rich(&self) -> (&Catalog, &Vec<String>, &Vec<NodeDetails>, &Vec<EdgeInfo>) {
        (&self.catalog, &self.files, &self.details, &self.edge_info)
    }

    pub fn node_count(&self) -> usize {
        match self.view() {
            Some(v) => v.node_count(),
            None => self.g.node_count(),
        }
    }

    pub fn edge_count(&self) -> usize {
        match self.view() {
            Some(v) => v.edge_count(),
            None => self.g.edge_count(),
        }
    }

    /// An upper bound of [`BodyId::index`]: the size of a per-node table.
    pub fn node_bound(&self) -> usize {
        match self.view() {
            Some(v) => v.node_count(),
            None => petgraph::visit::NodeIndexable::node_bound(&self.g),
        }
    }

    pub fn node(&self, b: BodyId) -> Node<'_> {
        match self.view() {
            Some(v) => {
                let (id, name) = v.id_and_name(b.index());
                Node {
                    id,
                    name,
                    kind: KindId(v.kind.get(b.index()).copied().unwrap_or(0)),
                }
            }
            None => {
                let n = &self.g[b.ix()];
                Node {
                    id: &n.id,
                    name: &n.name,
                    kind: n.kind,
                }
            }
        }
    }

    /// The index of `b`'s details, or `NONE`.
    fn details_index(&self, b: BodyId) -> u32 {
        match self.view() {
            Some(v) => v.details.get(b.index()).copied().unwrap_or(NONE),
            None => self.g[b.ix()].details,
        }
    }

    pub fn details(&self, b: BodyId) -> Option<&NodeDetails> {
        self.details.get(self.details_index(b) as usize)
    }

    pub fn aliases(&self, b: BodyId) -> impl Iterator<Item = &str> {
        match self.view() {
            Some(v) => {
                let s = v.strings_of(b.index());
                Either::Left((s.start + 2..s.end).map(|j| v.string(j)))
            }
            None => Either::Right(self.g[b.ix()].aliases.iter().map(|a| &**a)),
        }
    }

    pub fn kind_of(&self, b: BodyId) -> &Kind {
        self.catalog.kind(self.node(b).kind)
    }

    /// All bodies in insertion order.
    pub fn bodies(&self) -> impl Iterator<Item = BodyId> + '_ {
        match self.view() {
            Some(v) => Either::Left((0..v.node_count() as u32).map(BodyId)),
            None => Either::Right(self.g.node_indices().map(|i| BodyId(i.index() as u32))),
        }
    }

    /// All bodies sorted by id: the order every listing uses.
    pub fn bodies_sorted(&self) -> Vec<BodyId> {
        self.sorted_ids().iter().map(|&i| BodyId(i)).collect()
    }

    /// The body indices in id order.
    fn sorted_ids(&self) -> &[u32] {
        match self.view() {
            Some(v) => v.sorted,
            None => &self.id_order().sorted,
        }
    }

    /// Each body's place in id order (see [`OrgGraph::id_rank`]).
    pub(crate) fn id_order(&self) -> &IdOrder {
        self.derived
            .id_order
            .get_or_init(|| self.compute_id_order())
    }

    /// Sorts by the first eight bytes of each id as one number, then the
    /// runs that share them by the whole id.
    fn compute_id_order(&self) -> IdOrder {
        let mut keys: Vec<(u64, u32)> = self
            .bodies()
            .map(|b| (prefix(self.node(b).id), b.0))
            .collect();
        keys.sort_unstable();
        let mut i = 0;
        while i < keys.len() {
            let j = i + keys[i..].iter().take_while(|k| k.0 == keys[i].0).count();
            if j - i > 1 {
                keys[i..j].sort_unstable_by(|a, b| self.id_of(a.1).cmp(self.id_of(b.1)));
            }
            i = j;
        }
        let mut rank = vec![u32::MAX; self.node_bound()].into_boxed_slice();
        for (place, &(_, n)) in keys.iter().enumerate() {
            rank[n as usize] = place as u32;
        }
        IdOrder {
            sorted: keys.into_iter().map(|(_, n)| n).collect(),
            rank,
        }
    }

    /// Each body's place among all bodies sorted by id, by
    /// [`BodyId::index`]: comparing two places compares the two ids.
    pub fn id_rank(&self) -> &[u32] {
        match self.view() {
            Some(v) => v.rank,
            None => &self.id_order().rank,
        }
    }

    /// Sorts bodies by id: through the id rank (one integer sort) when
    /// it is known or the set is large, else by comparing the ids.
    pub fn sort_by_id(&self, v: &mut [BodyId]) {
        match self.rank_for(v.len()) {
            Some(rank) => {
                // Each body's place read once (in the order given, which
                // is often by index: nearly sequential), then one sort
                // of integers.
                let mut keyed: Vec<u64> = v
                    .iter()
                    .map(|b| u64::from(rank[b.index()]) << 32 | b.index() as u64)
                    .collect();
                keyed.sort_unstable();
                for (b, k) in v.iter_mut().zip(keyed) {
                    *b = BodyId(k as u32);
                }
            }
            None => v.sort_unstable_by(|a, b| self.node(*a).id.cmp(self.node(*b).id)),
        }
    }

    /// The id rank for sorting `n` items: when it is known, or `n` is
    /// large enough to be worth computing it; else `None` (compare ids).
    pub fn rank_for(&self, n: usize) -> Option<&[u32]> {
        let known = self.mapped.is_some() || self.derived.id_order.get().is_some();
        (n >= SMALL_SORT || known).then(|| self.id_rank())
    }

    fn edge(&self, e: petgraph::stable_graph::EdgeReference<'_, EdgeData>) -> Edge<'_> {
        let w = e.weight();
        Edge {
            from: BodyId(e.source().index() as u32),
            rel: w.rel,
            to: BodyId(e.target().index() as u32),
            info: w.info().map(|i| &self.edge_info[i]),
        }
    }

    /// Whether any edge has evidence (qualifiers or sources): a model
    /// from CSV has none.
    pub fn has_evidence(&self) -> bool {
        !self.edge_info.is_empty()
    }

    /// The evidence at place `p` among a compiled model's out-edges.
    fn info_at(&self, v: &mapped::View<'_>, p: usize) -> Option<&EdgeInfo> {
        let w = *v.out_info.get(p)?;
        if w == NONE {
            return None;
        }
        self.edge_info.get(w as usize - 1)
    }

    /// A compiled model's out-edge at place `p`, leaving `b`.
    fn out_at<'a>(&'a self, v: &mapped::View<'a>, b: BodyId, p: usize) -> Edge<'a> {
        Edge {
            from: b,
            rel: RelId(v.out_rel.get(p).copied().unwrap_or(0)),
            to: BodyId(v.out_to.get(p).copied().unwrap_or(0)),
            info: self.info_at(v, p),
        }
    }

    /// Edges leaving `b`, newest first.
    pub fn out_edges(&self, b: BodyId) -> impl Iterator<Item = Edge<'_>> {
        match self.view() {
            Some(v) => Either::Left(
                v.out_range(b.index())
                    .rev()
                    .map(move |p| self.out_at(v, b, p)),
            ),
            None => Either::Right(
                self.g
                    .edges_directed(b.ix(), Direction::Outgoing)
                    .map(|e| self.edge(e)),
            ),
        }
    }

    /// Edges entering `b`, newest first.
    pub fn in_edges(&self, b: BodyId) -> impl Iterator<Item = Edge<'_>> {
        match self.view() {
            Some(v) => Either::Left(v.in_range(b.index()).rev().map(move |q| Edge {
                from: BodyId(v.in_from.get(q).copied().unwrap_or(0)),
                rel: RelId(v.in_rel.get(q).copied().unwrap_or(0)),
                to: b,
                info: v.in_pos.get(q).and_then(|&p| self.info_at(v, p as usize)),
            })),
            None => Either::Right(
                self.g
                    .edges_directed(b.ix(), Direction::Incoming)
                    .map(|e| self.edge(e)),
            ),
        }
    }

    /// Every edge: in model order, or (from a compiled model) by source
    /// and in model order among each source's edges. Either way, edges
    /// with the same ends and relation come in model order.
    pub fn edges(&self) -> impl Iterator<Item = Edge<'_>> {
        match self.view() {
            Some(v) => Either::Left(
                self.bodies()
                    .flat_map(move |b| v.out_range(b.index()).map(move |p| self.out_at(v, b, p))),
            ),
            None => Either::Right(self.g.edge_indices().map(|e: EdgeIndex| {
                let (s, t) = self.g.edge_endpoints(e).expect("edge index from the graph");
                let w = self.g[e];
                Edge {
                    from: BodyId(s.index() as u32),
                    rel: w.rel,
                    to: BodyId(t.index() as u32),
                    info: w.info().map(|i| &self.edge_info[i]),
                }
            })),
        }
    }

    /// Neighbours of `b` over relations accepted by `rel_ok`, following
    /// edges forward (`Outgoing`) or backward (`Incoming`), newest edge
    /// first. Allocation-free, for the hot loops of reachability.
    pub fn neighbours<'a>(
        &'a self,
        b: BodyId,
        dir: Direction,
        rel_ok: impl Fn(RelId) -> bool + 'a,
    ) -> impl Iterator<Item = (BodyId, RelId)> + 'a {
        match self.row(b, dir) {
            Some((ends, rels)) => Either::Left(
                ends.iter()
                    .zip(rels)
                    .rev()
                    .filter_map(move |(&o, &r)| rel_ok(RelId(r)).then_some((BodyId(o), RelId(r)))),
            ),
            None => Either::Right(self.g.edges_directed(b.ix(), dir).filter_map(move |e| {
                let rel = e.weight().rel;
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                rel_ok(rel).then_some((BodyId(other.index() as u32), rel))
            })),
        }
    }

    /// The edges leaving (`Outgoing`) or entering `b`, as rows: the
    /// other ends and the relations, in model order. A compiled model
    /// always has them; a built graph once a large search has asked for
    /// them ([`OrgGraph::prepare_rows`]); else `None` (use
    /// [`OrgGraph::neighbours`]).
    pub(crate) fn row(&self, b: BodyId, dir: Direction) -> Option<(&[u32], &[u16])> {
        let (off, ends, rels) = self.csr(dir)?;
        Some((
            mapped::View::row(off, ends, b.index()),
            mapped::View::row(off, rels, b.index()),
        ))
    }

    /// One direction's row starts, other ends and relations, from a
    /// compiled model or the built graph's rows.
    fn csr(&self, dir: Direction) -> Option<(&[u32], &[u32], &[u16])> {
        if let Some(v) = self.view() {
            return Some(match dir {
                Direction::Outgoing => (v.out_off, v.out_to, v.out_rel),
                Direction::Incoming => (v.in_off, v.in_from, v.in_rel),
            });
        }
        let c = self.derived.rows[dir.index()].get()?;
        Some((&c.off, &c.ends, &c.rels))
    }

    /// Builds a built graph's rows of one direction (see
    /// [`OrgGraph::row`]) unless it has them, in two passes over its
    /// edges: a search that has grown large asks for them, as reading
    /// rows takes a fraction of the time petgraph's edge lists do. They
    /// cost 6 bytes an edge and 4 a body, each way.
    pub(crate) fn prepare_rows(&self, dir: Direction) {
        if self.mapped.is_none() {
            self.derived.rows[dir.index()].get_or_init(|| rows::Csr::of(&self.g, dir));
        }
    }

    /// Asks the processor to fetch what [`OrgGraph::row`] of `b` will
    /// read: with `rows`, the row itself (its start must be in cache by
    /// then), else where the row starts. A search calls it for bodies a
    /// few places ahead in its queue, so that their cache misses overlap
    /// instead of coming one after the other. Only a hint: it reads
    /// nothing and does nothing on other processors.
    pub(crate) fn prefetch_row(&self, b: BodyId, dir: Direction, rows: bool) {
        let Some((off, ends, rels)) = self.csr(dir) else {
            return;
        };
        let i = b.index();
        if !rows {
            prefetch(off.get(i));
        } else if let Some(&start) = off.get(i) {
            // The row's ends and relations, at both ends of the row (a
            // search reads it from its end).
            let start = start as usize;
            let end = off.get(i + 1).map_or(start, |&e| e as usize);
            for at in [start, end.saturating_sub(1).max(start)] {
                prefetch(ends.get(at));
                prefetch(rels.get(at));
            }
        }
    }

    /// Asks the processor to fetch, for a compiled model, what
    /// [`OrgGraph::node`] of `b` will read, one step of three: (0) where
    /// its strings are listed and its kind, (1) where they end (step 0
    /// done), (2) the strings (steps 0 and 1 done). A loop over many
    /// bodies calls it for bodies a few places ahead, step 0 farthest, so
    /// that their cache misses overlap; see [`OrgGraph::prefetch_row`].
    pub(crate) fn prefetch_node(&self, b: BodyId, step: u8) {
        let Some(v) = self.view() else {
            // A built graph: (0) the node, where petgraph's array of
            // nodes would have it; (1) its strings, through the node.
            match step {
                0 => {
                    if let Some(at) = self.node_address(b) {
                        prefetch_address(at);
                    }
                }
                1 => {
                    if let Some(n) = self.g.node_weight(b.ix()) {
                        prefetch(n.id.as_bytes().first());
                        prefetch(n.name.as_bytes().first());
                    }
                }
                _ => {}
            }
            return;
        };
        let i = b.index();
        if step == 0 {
            prefetch(v.first.get(i));
            prefetch(v.kind.get(i));
            return;
        }
        let Some(&j) = v.first.get(i) else { return };
        let j = (j as usize).saturating_sub(1);
        if step == 1 {
            prefetch(v.ends.get(j));
            prefetch(v.ends.get(j + 2));
        } else if let Some(&start) = v.ends.get(j) {
            prefetch(v.strings.as_bytes().get(start as usize));
        }
    }

    /// Where a built graph's node `b` lies, for a prefetch: petgraph
    /// keeps the nodes in one array, so the place follows from where
    /// the first two lie (read, but not relied on: a wrong guess only
    /// fetches a line in vain). `None` when either is a hole.
    fn node_address(&self, b: BodyId) -> Option<usize> {
        let at = |i: usize| {
            let n = self.g.node_weight(NodeIndex::new(i))?;
            Some(std::ptr::from_ref(n).addr())
        };
        let (first, second) = (at(0)?, at(1)?);
        Some(first.wrapping_add(second.wrapping_sub(first).wrapping_mul(b.index())))
    }

    /// The body with exactly this id.
    pub fn by_id(&self, id: &str) -> Option<BodyId> {
        match self.view() {
            Some(v) => v.by_id(id).map(BodyId),
            None => self.by_key(IdKey::of(id), id),
        }
    }

    /// [`OrgGraph::by_id`] with the id's hash computed already.
    fn by_key(&self, key: IdKey, id: &str) -> Option<BodyId> {
        self.ids.find(key, id, |n| self.id_of(n)).map(BodyId)
    }

    /// [`OrgGraph::by_key`] starting from where the id index first
    /// points for the key (see [`IdIndex::candidate`]).
    fn by_guess(&self, guess: Option<u32>, key: IdKey, id: &str) -> Option<BodyId> {
        match guess {
            None => None,
            Some(n) if self.id_of(n) == id => Some(BodyId(n)),
            Some(_) => self.by_key(key, id),
        }
    }

    /// The id of the node at index `n`, for the id index.
    fn id_of(&self, n: u32) -> &str {
        &self.g[NodeIndex::new(n as usize)].id
    }

    /// The nodes filed under a spelling's hash, unverified.
    fn named(&self, key: Key) -> impl Iterator<Item = u32> + '_ {
        match self.view() {
            Some(v) => Either::Left(v.named(key.0)),
            None => Either::Right(self.names.get(key)),
        }
    }

    /// Every (body, spelling hash) pair of the name index.
    pub(crate) fn name_entries(&self) -> impl Iterator<Item = (u32, Key)> + '_ {
        match self.view() {
            Some(v) => Either::Left(
                v.name_nodes
                    .iter()
                    .zip(v.name_keys)
                    .map(|(&n, &k)| (n, Key(k))),
            ),
            None => Either::Right(self.names.entries()),
        }
    }

    /// Finds the one body `name` refers to: its exact id; else a
    /// case- and diacritic-insensitive match of id, name or alias; else of
    /// a former name. Several matches at the best tier are ambiguous.
    pub fn resolve(&self, name: &str) -> Result<BodyId, ResolveError> {
        if let Some(b) = self.by_id(name) {
            return Ok(b);
        }
        let folded = names::fold(name);
        let mut best: Vec<(Tier, BodyId)> = Vec::new();
        for n in self.named(Key::of(&folded)) {
            if let Some(t) = self.match_tier(BodyId(n), &folded) {
                best.push((t, BodyId(n)));
            }
        }
        best.sort();
        match best.as_slice() {
            [] => Err(ResolveError::Unknown {
                suggestions: self.suggest(name),
            }),
            [(_, b)] => Ok(*b),
            [(t0, b0), (t1, _), ..] if t0 < t1 => Ok(*b0),
            many => {
                let tier = many[0].0;
                let mut candidates: Vec<String> = many
                    .iter()
                    .filter(|(t, _)| *t == tier)
                    .map(|(_, b)| self.node(*b).id.to_string())
                    .collect();
                candidates.sort();
                Err(ResolveError::Ambiguous { candidates })
            }
        }
    }

    fn match_tier(&self, b: BodyId, folded: &str) -> Option<Tier> {
        let n = self.node(b);
        if names::fold(n.id) == folded || names::fold(n.name) == folded {
            return Some(Tier::Current);
        }
        if self.aliases(b).any(|a| names::fold(a) == folded) {
            return Some(Tier::Current);
        }
        let former = self.details(b).is_some_and(|d| {
            d.former_names.iter().any(|f| {
                names::fold(&f.name) == folded || f.aliases.iter().any(|a| names::fold(a) == folded)
            })
        });
        former.then_some(Tier::Former)
    }

    /// Every name a body answers to: id, name, aliases, former names.
    pub fn spellings(&self, b: BodyId) -> Vec<&str> {
        let n = self.node(b);
        let mut v = vec![n.id, n.name];
        v.extend(self.aliases(b));
        if let Some(d) = self.details(b) {
            for f in &d.former_names {
                v.push(&f.name);
                v.extend(f.aliases.iter().map(String::as_str));
            }
        }
        v
    }

    /// The names closest to `name`, for "did you mean". Shown as the
    /// spelling that matched, with the id when it differs.
    pub fn suggest(&self, name: &str) -> Vec<String> {
        let mut all: Vec<(&str, &str)> = Vec::new();
        for b in self.bodies() {
            let id = self.node(b).id;
            for s in self.spellings(b) {
                all.push((s, id));
            }
        }
        let close = names::closest(name, all.iter().map(|(s, _)| *s), 3);
        let mut out: Vec<String> = Vec::new();
        for c in close {
            let id = all.iter().find(|(s, _)| *s == c).map_or(c, |(_, id)| *id);
            let shown = if c == id {
                c.to_string()
            } else {
                format!("{c} ({id})")
            };
            if !out.contains(&shown) {
                out.push(shown);
            }
        }
        out
    }

    /// Number of distinct (document, quote) pairs cited anywhere.
    pub fn source_count(&self) -> usize {
        let mut set = std::collections::HashSet::new();
        for d in &self.details {
            for s in d
                .sources
                .iter()
                .chain(d.attributes.iter().flat_map(|a| &a.sources))
                .chain(d.former_names.iter().flat_map(|f| &f.sources))
            {
                set.insert(s);
            }
        }
        for i in &self.edge_info {
            set.extend(i.sources.iter());
        }
        set.len()
    }

    /// One line: `N bodies, M edges, R relations, S sources, F files`.
    pub fn summary(&self) -> String {
        format!(
            "{} nodes, {} edges, {} relations, {} sources, {} files",
            self.node_count(),
            self.edge_count(),
            self.catalog.relations.len(),
            self.source_count(),
            self.files.iter().filter(|f| !f.starts_with('<')).count()
        )
    }
}

#[cfg(test)]
mod tests;

// The size the `EdgeData` docs promise.
const _: () = assert!(std::mem::size_of::<Option<EdgeData>>() == 8);
