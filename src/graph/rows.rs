//! A built graph's edges as compressed sparse rows, for large searches.
//!
//! petgraph keeps a node's edges as a linked list threaded through the
//! edge array, so a search over a million-node graph waits for memory at
//! every edge. A compiled model stores each body's out- and in-edges as
//! rows of two plain arrays (the other ends, the relations); [`Rows`]
//! builds the same rows for a graph built from a folder, in one pass
//! over the edge array, the first time a search grows large
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

/// The out-rows and the in-rows of a built graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    out: Csr,
    inc: Csr,
}

impl Rows {
    /// The rows of `g`. Edges are taken in the order of their indices,
    /// which is the order they were added (a graph is only ever added
    /// to, or copied with some edges removed, never reuses a removed
    /// edge's slot): the model order, the reverse of the order petgraph
    /// walks a node's list in.
    pub(crate) fn of(g: &StableDiGraph<StoredNode, EdgeData>) -> Rows {
        let n = petgraph::visit::NodeIndexable::node_bound(g);
        let mut out_deg = vec![0u32; n + 1];
        let mut in_deg = vec![0u32; n + 1];
        for e in g.edge_references() {
            out_deg[e.source().index() + 1] += 1;
            in_deg[e.target().index() + 1] += 1;
        }
        let fill = |mut off: Vec<u32>, end_of: &dyn Fn(usize, usize) -> (usize, u32)| {
            for i in 1..off.len() {
                off[i] += off[i - 1];
            }
            let m = off.last().copied().unwrap_or(0) as usize;
            let (mut ends, mut rels) = (vec![0u32; m], vec![0u16; m]);
            let mut next = off.clone();
            for e in g.edge_references() {
                let (row, other) = end_of(e.source().index(), e.target().index());
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
        };
        Rows {
            out: fill(out_deg, &|s, t| (s, t as u32)),
            inc: fill(in_deg, &|s, t| (t, s as u32)),
        }
    }

    pub(crate) fn csr(&self, dir: Direction) -> &Csr {
        match dir {
            Direction::Outgoing => &self.out,
            Direction::Incoming => &self.inc,
        }
    }
}
