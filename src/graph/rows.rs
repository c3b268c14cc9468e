//! A built graph's edges as compressed sparse rows, for large searches.
//!
//! petgraph keeps a node's edges as a linked list threaded through the
//! edge array, so a search over a million-node graph waits for memory at
//! every edge. A compiled model stores each body's out- and in-edges as
//! rows of two plain arrays (the other ends, the relations); [`Csr`]
//! builds the same rows of one direction for a graph built from a
//! folder, in two passes over the edge array, the first time a search
//! that follows edges that way grows large
//! ([`super::OrgGraph::prepare_rows`]). A row lists the edges in model
//! order, as a compiled model's do, so a search takes the same paths
//! through either.

use petgraph::Direction;
use petgraph::stable_graph::StableDiGraph;
use petgraph::visit::{EdgeRef as _, IntoEdgeReferences as _};

use super::{EdgeData, StoredNode};

/// One direction's rows: body `i`'s edges are `ends[off[i]..off[i + 1]]`
/// with the relations at the same places of `rels`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Csr {
    pub(crate) off: Box<[u32]>,
    pub(crate) ends: Box<[u32]>,
    pub(crate) rels: Box<[u16]>,
}

impl Csr {
    /// The out-rows (`Outgoing`: the targets) or the in-rows (the
    /// sources) of `g`. Edges are taken in the order of their indices,
    /// which is the order they were added (a graph is only ever added
    /// to, or copied with some edges removed, never reuses a removed
    /// edge's slot): the model order, the reverse of the order petgraph
    /// walks a node's list in.
    pub(crate) fn of(g: &StableDiGraph<StoredNode, EdgeData>, dir: Direction) -> Csr {
        let row_and_other = |e: &petgraph::stable_graph::EdgeReference<'_, EdgeData>| {
            let (s, t) = (e.source().index(), e.target().index());
            match dir {
                Direction::Outgoing => (s, t as u32),
                Direction::Incoming => (t, s as u32),
            }
        };
        let mut off = vec![0u32; petgraph::visit::NodeIndexable::node_bound(g) + 1];
        for e in g.edge_references() {
            off[row_and_other(&e).0 + 1] += 1;
        }
        for i in 1..off.len() {
            off[i] += off[i - 1];
        }
        let m = off.last().copied().unwrap_or(0) as usize;
        let (mut ends, mut rels) = (vec![0u32; m], vec![0u16; m]);
        let mut next = off.clone();
        for e in g.edge_references() {
            let (row, other) = row_and_other(&e);
            let at = next[row] as usize;
            next[row] += 1;
            ends[at] = other;
            rels[at] = e.weight().rel.0;
        }
        Csr {
            off: off.into(),
            ends: ends.into(),
            rels: rels.into(),
        }
    }
}
