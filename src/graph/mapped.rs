//! A graph read in place from the bytes of a compiled model
//! ([`crate::model::compiled`]): the arrays the file holds are the graph,
//! so opening a million-node model costs checking them, not building
//! anything.
//!
//! The [`Layout`] is the graph as flat arrays: the node strings and where
//! each ends, each node's first string, kinds and details; the edges as
//! two compressed sparse rows (out-edges by source, in-edges by target,
//! each row in model order); the id order and each body's place in it; and
//! the name index as hashes of every folded spelling, sorted, with their
//! nodes. [`OrgGraph`] reads a [`View`] of these arrays wherever it would
//! read its petgraph graph and hash indexes, so the query engine and
//! everything else run unchanged over either. The few operations that
//! change a graph (`as of` leaves bodies and edges out, a comparison
//! adds another version's) work on a built copy ([`OrgGraph::built`]),
//! which answers exactly like the compiled graph.
//!
//! Opening checks every index the arrays hold against the arrays it points
//! into (and the strings for UTF-8), so that records that do not fit give
//! an error, never a panic or a read outside the file. Whether the records
//! are the ones compiled (ids sorted, rows the transpose of each other) is
//! the checksum's business.

use std::sync::Arc;

use yoke::{Yoke, Yokeable};
use zerocopy::{FromBytes, IntoBytes};

use petgraph::stable_graph::NodeIndex;

use super::index::{IdKey, Key};
use super::{Derived, EdgeData, KindId, NONE, OrgGraph, RelId, StoredNode};

/// A compiled model's bytes: the mapped file, or a copy kept 8-byte
/// aligned so that its arrays can be read in place.
pub(crate) enum Bytes {
    Map(memmap2::Mmap),
    Owned(Vec<u64>, usize),
}

impl Bytes {
    pub(crate) fn copy_of(bytes: &[u8]) -> Bytes {
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        words.as_mut_bytes()[..bytes.len()].copy_from_slice(bytes);
        Bytes::Owned(words, bytes.len())
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Map(m) => m,
            Bytes::Owned(w, len) => &w.as_bytes()[..*len],
        }
    }
}

/// The graph as flat arrays, owned: what a compiled model stores, in
/// this order, one section each.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Every node's id, name and aliases, in node order, UTF-8.
    pub strings: String,
    /// Where each string ends in `strings`.
    pub ends: Vec<u32>,
    /// Each node's first string (its id) in `ends`; one more at the end.
    pub first: Vec<u32>,
    pub kind: Vec<u16>,
    /// Each node's index in the node details, or `u32::MAX`; empty when
    /// no node has details.
    pub details: Vec<u32>,
    /// Out-edges: where each node's row starts (one more at the end),
    /// then per edge its target, relation, and evidence (index + 1, or
    /// `u32::MAX`; empty when no edge has evidence).
    pub out_off: Vec<u32>,
    pub out_to: Vec<u32>,
    pub out_rel: Vec<u16>,
    pub out_info: Vec<u32>,
    /// In-edges: rows as above, per edge its source, relation, and place
    /// among the out-edges (empty when no edge has evidence).
    pub in_off: Vec<u32>,
    pub in_from: Vec<u32>,
    pub in_rel: Vec<u16>,
    pub in_pos: Vec<u32>,
    /// The nodes sorted by id, and each node's place in that order.
    pub sorted: Vec<u32>,
    pub rank: Vec<u32>,
    /// The hash of every folded spelling (see the name index), sorted,
    /// and the node each belongs to.
    pub name_keys: Vec<u32>,
    pub name_nodes: Vec<u32>,
}

/// How many sections a [`Layout`] takes.
pub(crate) const SECTIONS: usize = 17;

impl Layout {
    /// The sections' bytes, little-endian.
    pub(crate) fn sections(&self) -> [Vec<u8>; SECTIONS] {
        fn w32(v: &[u32]) -> Vec<u8> {
            v.iter().flat_map(|x| x.to_le_bytes()).collect()
        }
        fn w16(v: &[u16]) -> Vec<u8> {
            v.iter().flat_map(|x| x.to_le_bytes()).collect()
        }
        [
            self.strings.as_bytes().to_vec(),
            w32(&self.ends),
            w32(&self.first),
            w16(&self.kind),
            w32(&self.details),
            w32(&self.out_off),
            w32(&self.out_to),
            w16(&self.out_rel),
            w32(&self.out_info),
            w32(&self.in_off),
            w32(&self.in_from),
            w16(&self.in_rel),
            w32(&self.in_pos),
            w32(&self.sorted),
            w32(&self.rank),
            w32(&self.name_keys),
            w32(&self.name_nodes),
        ]
    }
}

/// The arrays of a [`Layout`], borrowed from a compiled model's bytes.
#[derive(Yokeable, Clone, Copy, Debug)]
pub(crate) struct View<'a> {
    pub strings: &'a str,
    pub ends: &'a [u32],
    pub first: &'a [u32],
    pub kind: &'a [u16],
    pub details: &'a [u32],
    pub out_off: &'a [u32],
    pub out_to: &'a [u32],
    pub out_rel: &'a [u16],
    pub out_info: &'a [u32],
    pub in_off: &'a [u32],
    pub in_from: &'a [u32],
    pub in_rel: &'a [u16],
    pub in_pos: &'a [u32],
    pub sorted: &'a [u32],
    pub rank: &'a [u32],
    pub name_keys: &'a [u32],
    pub name_nodes: &'a [u32],
}

/// The sizes the arrays' indexes are checked against.
pub(crate) struct Limits {
    pub kinds: usize,
    pub relations: usize,
    pub details: usize,
    pub edge_info: usize,
}

/// A [`View`] that keeps its bytes alive.
#[derive(Clone)]
pub(crate) struct Mapped(Yoke<View<'static>, Arc<Bytes>>);

impl std::fmt::Debug for Mapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.view();
        write!(
            f,
            "Mapped({} nodes, {} edges)",
            v.kind.len(),
            v.out_to.len()
        )
    }
}

impl Mapped {
    /// Reads the arrays of sections `ranges` of `bytes`, checking them.
    pub(crate) fn open(
        bytes: Arc<Bytes>,
        ranges: &[std::ops::Range<usize>; SECTIONS],
        limits: &Limits,
    ) -> Result<Mapped, String> {
        if cfg!(target_endian = "big") {
            return Err("compiled models are read on little-endian machines only".into());
        }
        Yoke::try_attach_to_cart(bytes, |b: &Bytes| {
            let all = b.as_slice();
            let section = |i: usize| all.get(ranges[i].clone()).ok_or("a section is missing");
            let w32 = |i: usize| {
                <[u32]>::ref_from_bytes(section(i)?)
                    .map_err(|_| format!("section {} is not whole 4-byte words", i + 2))
            };
            let w16 = |i: usize| {
                <[u16]>::ref_from_bytes(section(i)?)
                    .map_err(|_| format!("section {} is not whole 2-byte words", i + 2))
            };
            let strings = simdutf8::basic::from_utf8(section(0)?)
                .map_err(|_| "a node string is not UTF-8")?;
            let v = View {
                strings,
                ends: w32(1)?,
                first: w32(2)?,
                kind: w16(3)?,
                details: w32(4)?,
                out_off: w32(5)?,
                out_to: w32(6)?,
                out_rel: w16(7)?,
                out_info: w32(8)?,
                in_off: w32(9)?,
                in_from: w32(10)?,
                in_rel: w16(11)?,
                in_pos: w32(12)?,
                sorted: w32(13)?,
                rank: w32(14)?,
                name_keys: w32(15)?,
                name_nodes: w32(16)?,
            };
            v.check(limits)?;
            Ok(v)
        })
        .map(Mapped)
    }

    pub(crate) fn view(&self) -> &View<'_> {
        self.0.get()
    }
}

/// Whether `rows` is a row index over `items` items for `n` nodes: `n + 1`
/// starts, from 0 to `items`, never falling.
fn rows_ok(rows: &[u32], n: usize, items: usize) -> bool {
    rows.len() == n + 1
        && rows.first() == Some(&0)
        && rows.last().is_some_and(|&l| l as usize == items)
        && rising(rows, 0)
}

/// Whether each value is at least `step` above the one before, in one
/// pass without branches (so that it vectorizes).
fn rising(values: &[u32], step: u32) -> bool {
    let tail = values.get(1..).unwrap_or_default();
    values.iter().zip(tail).fold(true, |ok, (&a, &b)| {
        ok & (u64::from(a) + u64::from(step) <= u64::from(b))
    })
}

/// Whether every value is below `bound` (one pass that vectorizes).
fn below(values: &[u32], bound: usize) -> bool {
    values.is_empty() || (values.iter().fold(0, |m, &v| m.max(v)) as usize) < bound
}

/// Whether every value is below `bound` (16-bit values).
fn below16(values: &[u16], bound: usize) -> bool {
    values.is_empty() || usize::from(values.iter().fold(0, |m, &v| m.max(v))) < bound
}

/// Whether every value is `u32::MAX` or from 1 to `count`.
fn refs_ok(values: &[u32], count: usize) -> bool {
    values
        .iter()
        .all(|&v| v == NONE || (v != 0 && v as usize <= count))
}

impl View<'_> {
    pub(crate) fn node_count(&self) -> usize {
        self.kind.len()
    }

    pub(crate) fn edge_count(&self) -> usize {
        self.out_to.len()
    }

    /// Every index in range, every string on a character boundary.
    fn check(&self, limits: &Limits) -> Result<(), String> {
        let (n, m) = (self.node_count(), self.edge_count());
        if n >= NONE as usize || m >= NONE as usize || limits.edge_info >= NONE as usize - 1 {
            return Err("too many nodes or edges".into());
        }
        // A string that ends inside a character reads as empty (see
        // `string`), never as a panic: no need to look at every end.
        let last = self.ends.last().map_or(0, |&e| e as usize);
        if !rising(self.ends, 0) || last != self.strings.len() {
            return Err("node strings are out of place".into());
        }
        if !rows_ok(self.first, n, self.ends.len()) || !rising(self.first, 2) {
            return Err("the node strings do not fit the nodes".into());
        }
        if !below16(self.kind, limits.kinds) {
            return Err("a node has an unknown kind".into());
        }
        let details_ok = self
            .details
            .iter()
            .all(|&d| d == NONE || (d as usize) < limits.details);
        if !(self.details.is_empty() || self.details.len() == n) || !details_ok {
            return Err("a node points at missing details".into());
        }
        for (what, off, ends, rel) in [
            ("out-edges", self.out_off, self.out_to, self.out_rel),
            ("in-edges", self.in_off, self.in_from, self.in_rel),
        ] {
            if !rows_ok(off, n, m) || ends.len() != m || rel.len() != m {
                return Err(format!("the {what} do not fit the nodes"));
            }
            if !below(ends, n) {
                return Err(format!(
                    "one of the {what} joins a node that does not exist"
                ));
            }
            if !below16(rel, limits.relations) {
                return Err(format!("one of the {what} has an unknown relation"));
            }
        }
        let evidence = if self.out_info.is_empty() {
            self.in_pos.is_empty()
        } else {
            self.out_info.len() == m && self.in_pos.len() == m && below(self.in_pos, m)
        };
        if !evidence || !refs_ok(self.out_info, limits.edge_info) {
            return Err("an edge points at missing evidence".into());
        }
        if self.sorted.len() != n || self.rank.len() != n || !below(self.sorted, n) {
            return Err("the id order does not list every node".into());
        }
        if self.name_keys.len() != self.name_nodes.len()
            || !below(self.name_nodes, n)
            || !rising(self.name_keys, 0)
        {
            return Err("the name index is out of order".into());
        }
        Ok(())
    }

    /// String `j` of the node strings; empty if it would end inside a
    /// character (only in a file made by hand).
    pub(crate) fn string(&self, j: usize) -> &str {
        let start = match j {
            0 => 0,
            _ => self.ends.get(j - 1).map_or(0, |&e| e as usize),
        };
        let end = self.ends.get(j).map_or(start, |&e| e as usize);
        self.strings.get(start..end).unwrap_or_default()
    }

    /// The strings of node `i`: id, name, aliases.
    pub(crate) fn strings_of(&self, i: usize) -> std::ops::Range<usize> {
        let at = |k: usize| self.first.get(k).map_or(0, |&f| f as usize);
        at(i)..at(i + 1)
    }

    /// The id and name of node `i`, read together.
    pub(crate) fn id_and_name(&self, i: usize) -> (&str, &str) {
        let j = self.first.get(i).map_or(0, |&f| f as usize);
        let (start, ends) = match j {
            0 => (0, self.ends.get(..2)),
            _ => {
                let e = self.ends.get(j - 1..j + 2);
                (e.map_or(0, |e| e[0] as usize), e.map(|e| &e[1..]))
            }
        };
        let Some(&[id_end, name_end]) = ends else {
            return ("", "");
        };
        let s = self.strings;
        let id = s.get(start..id_end as usize).unwrap_or_default();
        (
            id,
            s.get(id_end as usize..name_end as usize)
                .unwrap_or_default(),
        )
    }

    pub(crate) fn id(&self, i: u32) -> &str {
        self.string(self.strings_of(i as usize).start)
    }

    /// The slice `rows` gives node `i` of `items`.
    pub(crate) fn row<'s, T>(rows: &[u32], items: &'s [T], i: usize) -> &'s [T] {
        let at = |k: usize| rows.get(k).map_or(0, |&f| f as usize);
        items.get(at(i)..at(i + 1)).unwrap_or_default()
    }

    /// The range of out-edge places of node `i`.
    pub(crate) fn out_range(&self, i: usize) -> std::ops::Range<usize> {
        let at = |k: usize| self.out_off.get(k).map_or(0, |&f| f as usize);
        at(i)..at(i + 1)
    }

    pub(crate) fn in_range(&self, i: usize) -> std::ops::Range<usize> {
        let at = |k: usize| self.in_off.get(k).map_or(0, |&f| f as usize);
        at(i)..at(i + 1)
    }

    /// The body with exactly this id: a binary search of the id order.
    pub(crate) fn by_id(&self, id: &str) -> Option<u32> {
        let i = self.sorted.binary_search_by(|&n| self.id(n).cmp(id)).ok()?;
        self.sorted.get(i).copied()
    }

    /// The nodes filed under name hash `key`, unverified.
    pub(crate) fn named(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let from = self.name_keys.partition_point(|&k| k < key);
        self.name_keys[from..]
            .iter()
            .zip(&self.name_nodes[from..])
            .take_while(move |(k, _)| **k == key)
            .map(|(_, n)| *n)
    }

    /// The arrays, owned: to compile a compiled model again.
    pub(crate) fn owned(&self) -> Layout {
        Layout {
            strings: self.strings.to_string(),
            ends: self.ends.to_vec(),
            first: self.first.to_vec(),
            kind: self.kind.to_vec(),
            details: self.details.to_vec(),
            out_off: self.out_off.to_vec(),
            out_to: self.out_to.to_vec(),
            out_rel: self.out_rel.to_vec(),
            out_info: self.out_info.to_vec(),
            in_off: self.in_off.to_vec(),
            in_from: self.in_from.to_vec(),
            in_rel: self.in_rel.to_vec(),
            in_pos: self.in_pos.to_vec(),
            sorted: self.sorted.to_vec(),
            rank: self.rank.to_vec(),
            name_keys: self.name_keys.to_vec(),
            name_nodes: self.name_nodes.to_vec(),
        }
    }
}

impl OrgGraph {
    /// The graph as the arrays a compiled model stores; `None` if it has
    /// holes (nodes or edges removed).
    pub(crate) fn layout(&self) -> Option<Layout> {
        if let Some(v) = self.view() {
            return Some(v.owned());
        }
        let g = &self.g;
        let n = g.node_count();
        if self.node_bound() != n || g.edge_count() != petgraph::visit::EdgeIndexable::edge_bound(g)
        {
            return None;
        }
        let mut l = Layout::default();
        l.first.push(0);
        for b in self.bodies() {
            let node = &g[b.ix()];
            for s in [&node.id, &node.name]
                .into_iter()
                .chain(node.aliases.iter())
            {
                l.strings.push_str(s);
                l.ends.push(l.strings.len() as u32);
            }
            l.first.push(l.ends.len() as u32);
            l.kind.push(node.kind.0);
            l.details.push(node.details);
        }
        if l.details.iter().all(|&d| d == NONE) {
            l.details.clear();
        }
        let has_info = g.edge_weights().any(|w| w.info().is_some());
        // Rows in model order: petgraph lists a node's edges newest first.
        use petgraph::Direction::{Incoming, Outgoing};
        use petgraph::visit::EdgeRef as _;
        let mut place = vec![NONE; g.edge_count()];
        l.out_off.push(0);
        for b in self.bodies() {
            let row: Vec<_> = g.edges_directed(b.ix(), Outgoing).collect();
            for e in row.into_iter().rev() {
                place[e.id().index()] = l.out_to.len() as u32;
                l.out_to.push(e.target().index() as u32);
                l.out_rel.push(e.weight().rel.0);
                if has_info {
                    l.out_info.push(e.weight().info.get());
                }
            }
            l.out_off.push(l.out_to.len() as u32);
        }
        l.in_off.push(0);
        for b in self.bodies() {
            let row: Vec<_> = g.edges_directed(b.ix(), Incoming).collect();
            for e in row.into_iter().rev() {
                l.in_from.push(e.source().index() as u32);
                l.in_rel.push(e.weight().rel.0);
                if has_info {
                    l.in_pos.push(place[e.id().index()]);
                }
            }
            l.in_off.push(l.in_from.len() as u32);
        }
        l.sorted = self.id_order().sorted.to_vec();
        l.rank = self.id_order().rank.to_vec();
        let mut names: Vec<(u32, u32)> = self.names.entries().map(|(n, k)| (k.0, n)).collect();
        names.sort_unstable();
        (l.name_keys, l.name_nodes) = names.into_iter().unzip();
        Some(l)
    }
}

impl OrgGraph {
    /// This graph as a built one (petgraph and hash indexes), for the
    /// few operations that change a graph: [`OrgGraph::as_of`] removes
    /// bodies and edges, [`OrgGraph::union_with`] adds them. A built
    /// graph is cloned. The copy comes without what is computed from a
    /// graph when first needed (the id order, the rows): the change
    /// would make it stale.
    ///
    /// The built graph answers exactly like the compiled one: the same
    /// body indices, and each body's out- and in-edges in the same order.
    /// petgraph lists a node's edges newest first, so the edges are added
    /// in an order that keeps every out-row and every in-row in model
    /// order (a topological order of the two: any order the model was
    /// written in is one).
    pub(crate) fn built(&self) -> OrgGraph {
        let Some(v) = self.view() else {
            return OrgGraph {
                g: self.g.clone(),
                catalog: self.catalog.clone(),
                details: self.details.clone(),
                edge_info: self.edge_info.clone(),
                ids: self.ids.clone(),
                names: self.names.clone(),
                files: self.files.clone(),
                derived: Derived::default(),
                mapped: None,
            };
        };
        let mut g = OrgGraph {
            catalog: self.catalog.clone(),
            files: self.files.clone(),
            details: self.details.clone(),
            edge_info: self.edge_info.clone(),
            ..OrgGraph::default()
        };
        let n = v.node_count();
        for i in 0..n {
            let s = v.strings_of(i);
            let (id, name) = v.id_and_name(i);
            g.g.add_node(StoredNode {
                id: id.into(),
                name: name.into(),
                kind: KindId(v.kind.get(i).copied().unwrap_or(0)),
                aliases: (s.start + 2..s.end).map(|j| v.string(j).into()).collect(),
                details: v.details.get(i).copied().unwrap_or(NONE),
            });
            let pg = &g.g;
            g.ids.insert(IdKey::of(id), i as u32, |m| {
                &pg[NodeIndex::new(m as usize)].id
            });
        }
        for (&k, &node) in v.name_keys.iter().zip(v.name_nodes) {
            g.names.insert(Key(k), node);
        }
        let from: Vec<u32> = (0..n)
            .flat_map(|i| v.out_range(i).map(move |_| i as u32))
            .collect();
        for p in v.edge_order() {
            let info = match v.out_info.get(p) {
                Some(&w) if w != NONE => Some(w as usize - 1),
                _ => None,
            };
            let (Some(&s), Some(&t), Some(&r)) = (from.get(p), v.out_to.get(p), v.out_rel.get(p))
            else {
                continue;
            };
            g.g.add_edge(
                NodeIndex::new(s as usize),
                NodeIndex::new(t as usize),
                EdgeData::new(RelId(r), info),
            );
        }
        g
    }
}

impl View<'_> {
    /// The out-edge places in an order that keeps each out-row and each
    /// in-row in its order (see [`OrgGraph::built`]).
    fn edge_order(&self) -> Vec<usize> {
        let m = self.edge_count();
        let out_of = self.in_to_out();
        // Each place's predecessors: the place before it in its out-row,
        // and the out-place of the in-edge before it in its in-row.
        let mut before_in = vec![NONE; m];
        for t in 0..self.node_count() {
            let row = self.in_range(t);
            for q in row.clone().skip(1) {
                if let (Some(&p), Some(&b)) = (out_of.get(q), out_of.get(q - 1))
                    && let Some(slot) = before_in.get_mut(p as usize)
                {
                    *slot = b;
                }
            }
        }
        let mut first_out = vec![false; m];
        for i in 0..self.node_count() {
            if let Some(f) = first_out.get_mut(self.out_range(i).start) {
                *f = true;
            }
        }
        // 0 unseen, 1 on the stack, 2 placed. A predecessor on the stack
        // (a cycle, only in a file made by hand) counts as placed.
        let mut state = vec![0u8; m];
        let mut order = Vec::with_capacity(m);
        let mut stack = Vec::new();
        for start in 0..m {
            if state[start] != 0 {
                continue;
            }
            state[start] = 1;
            stack.push(start);
            while let Some(&p) = stack.last() {
                let preds = [
                    (!first_out[p]).then(|| p - 1),
                    (before_in[p] != NONE).then_some(before_in[p] as usize),
                ];
                match preds.into_iter().flatten().find(|&x| state[x] == 0) {
                    Some(x) => {
                        state[x] = 1;
                        stack.push(x);
                    }
                    None => {
                        state[p] = 2;
                        order.push(p);
                        stack.pop();
                    }
                }
            }
        }
        order
    }

    /// Each in-edge place's out-edge place: from the file's `in_pos`, or,
    /// for a model without evidence, by matching the edges with the same
    /// ends and relation in order (they are alike, so any matching of
    /// them gives the same graph).
    fn in_to_out(&self) -> Vec<u32> {
        let m = self.edge_count();
        if self.in_pos.len() == m {
            return self.in_pos.to_vec();
        }
        let mut outs: Vec<(u32, u32, u16, u32)> = Vec::with_capacity(m);
        let mut ins: Vec<(u32, u32, u16, u32)> = Vec::with_capacity(m);
        for i in 0..self.node_count() {
            for p in self.out_range(i) {
                let (t, r) = (self.out_to[p], self.out_rel[p]);
                outs.push((i as u32, t, r, p as u32));
            }
            for q in self.in_range(i) {
                let (s, r) = (self.in_from[q], self.in_rel[q]);
                ins.push((s, i as u32, r, q as u32));
            }
        }
        outs.sort_unstable();
        ins.sort_unstable();
        let mut out_of = vec![NONE; m];
        for (o, i) in outs.iter().zip(&ins) {
            out_of[i.3 as usize] = o.3;
        }
        out_of
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::plain::PlainEdge;
    use crate::graph::{Edge, OrgGraph, Period};
    use crate::model::{compiled, load_texts_with};

    const SRC: &str = r#"sources: [(doc: "d.txt", quote: "q")]"#;

    /// Every body with its out- and in-edges, in the order the graph
    /// gives them, evidence included.
    fn lines(g: &OrgGraph) -> Vec<String> {
        let line = |e: Edge<'_>| format!("{:?} {:?} {:?} {:?}", e.from, e.rel, e.to, e.info);
        let mut out = Vec::new();
        for b in g.bodies() {
            let n = g.node(b);
            let aliases: Vec<&str> = g.aliases(b).collect();
            out.push(format!("{b:?} {n:?} {aliases:?} {:?}", g.details(b)));
            out.extend(g.out_edges(b).map(|e| format!("out {}", line(e))));
            out.extend(g.in_edges(b).map(|e| format!("in {}", line(e))));
            out.push(format!("{:?}", g.resolve(n.name)));
        }
        out
    }

    /// A model whose edges come with evidence (RON) or without (rows, as
    /// from CSV), crossing so that no order by source or by target alone
    /// is the model's, with edges that share ends and relation.
    fn model(evidence: bool) -> OrgGraph {
        let ids = ["a", "b", "c", "d"];
        let edges = [
            ("c", "a"),
            ("a", "b"),
            ("d", "b"),
            ("a", "c"),
            ("c", "b"),
            ("a", "b"),
            ("b", "a"),
            ("d", "a"),
        ];
        let nodes: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    r#"(id: "{id}", name: "Organ {id}", kind: "organ", aliases: ["{id}x"],
                        valid_from: (date: "2015", {SRC}), {SRC}),"#
                )
            })
            .collect();
        let ron: Vec<String> = edges
            .iter()
            .enumerate()
            .filter(|_| evidence)
            .map(|(i, (a, b))| {
                format!(
                    r#"(from: "{a}", rel: "bereder", to: "{b}", note: "{i}",
                        valid_until: (date: "{}", {SRC}), {SRC}),"#,
                    2016 + i
                )
            })
            .collect();
        let text = format!(
            "(documents: [(file: \"d.txt\", title: \"D\")], nodes: [{}], edges: [{}])",
            nodes.concat(),
            ron.concat()
        );
        let loaded = load_texts_with(vec![("m.ron".into(), text.into_bytes())], |b, _| {
            let rel = b.lookup().rel("bereder").ok_or("bereder");
            for (x, y) in edges.iter().filter(|_| !evidence) {
                b.add_plain_edge(0, 0..0, PlainEdge::new(x, rel, y));
            }
        });
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.graph.edge_count(), edges.len());
        loaded.graph
    }

    #[test]
    fn a_built_copy_of_a_compiled_model_answers_alike() {
        for evidence in [true, false] {
            let g = model(evidence);
            let loaded = crate::model::Loaded {
                graph: g.clone(),
                diagnostics: Vec::new(),
                texts: Default::default(),
            };
            let back = compiled::from_bytes(&compiled::to_bytes(&loaded).unwrap()).unwrap();
            assert!(back.graph.mapped.is_some());
            let built = back.graph.built();
            assert!(built.mapped.is_none());
            assert_eq!(lines(&built), lines(&g), "evidence: {evidence}");
            assert_eq!(built.bodies_sorted(), g.bodies_sorted());
            for date in ["2014", "2017", "2019-06", "2030"] {
                let p = Period::parse(date).unwrap();
                assert_eq!(
                    lines(&back.graph.as_of(p).expect("a dated graph")),
                    lines(&g.as_of(p).expect("a dated graph")),
                    "{date}, evidence: {evidence}"
                );
            }
        }
    }

    #[test]
    fn an_undated_graph_is_itself_at_every_date() {
        let mut g = model(false);
        for d in &mut g.details {
            d.valid = Default::default();
        }
        assert!(!g.is_dated());
        assert!(model(false).is_dated());
        let p = Period::parse("1990").unwrap();
        assert!(g.as_of(p).is_none(), "an undated graph is not copied");
    }
}
