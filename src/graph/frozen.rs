//! The graph taken apart into flat records and put together again: what
//! a compiled model ([`crate::model::compiled`]) stores.
//!
//! Putting a graph together checks every index it is given (kinds,
//! relations, details, edge evidence, edge ends, name entries; that the
//! id order is a permutation), so that records that do not fit give an
//! error, never a panic or a graph that points outside itself. Whether
//! the records are the ones compiled is the checksum's business.

use petgraph::stable_graph::{NodeIndex, StableDiGraph};

use super::index::{IdKey, Key};
use super::{
    BodyId, Catalog, EdgeData, EdgeInfo, IdOrder, KindId, NONE, Node, NodeDetails, OrgGraph, RelId,
};

/// A node without its strings: kind, index of its details (or
/// `u32::MAX`) and how many aliases follow its id and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeRec {
    pub kind: u16,
    pub aliases: u16,
    pub details: u32,
}

/// An edge: its ends, relation, and the index + 1 of its evidence (or
/// `u32::MAX`), as [`EdgeData`] keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EdgeRec {
    pub from: u32,
    pub to: u32,
    pub rel: u16,
    pub info: u32,
}

/// What a graph holds besides nodes, edges and indexes, serialized as it is.
pub(crate) type Rich = (Catalog, Vec<String>, Vec<NodeDetails>, Vec<EdgeInfo>);

impl OrgGraph {
    /// The declarations, files, node details and edge evidence, borrowed.
    pub(crate) fn rich(&self) -> (&Catalog, &Vec<String>, &Vec<NodeDetails>, &Vec<EdgeInfo>) {
        (&self.catalog, &self.files, &self.details, &self.edge_info)
    }

    /// Whether the node indices are dense (no node was removed).
    pub(crate) fn is_dense(&self) -> bool {
        self.node_bound() == self.node_count()
            && self.g.edge_count() == petgraph::visit::EdgeIndexable::edge_bound(&self.g)
    }

    pub(crate) fn node_rec(&self, b: BodyId) -> NodeRec {
        let n = self.node(b);
        NodeRec {
            kind: n.kind.0,
            aliases: n.aliases.len() as u16,
            details: n.details,
        }
    }

    /// Every edge in index order.
    pub(crate) fn edge_recs(&self) -> impl Iterator<Item = EdgeRec> + '_ {
        self.g.edge_indices().map(|e| {
            let (s, t) = self.g.edge_endpoints(e).expect("edge index from the graph");
            let w = self.g[e];
            EdgeRec {
                from: s.index() as u32,
                to: t.index() as u32,
                rel: w.rel.0,
                info: w.info.get(),
            }
        })
    }

    /// The name index's entries: (node, key).
    pub(crate) fn name_entries(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.names.entries().map(|(n, k)| (n, k.0))
    }

    /// Puts a graph together from its parts, first its nodes: `nodes`
    /// gives each node's record, id, name and aliases in index order.
    /// Then [`OrgGraph::thaw_edges`] and [`OrgGraph::thaw_indexes`].
    pub(crate) fn thaw_nodes<'s>(
        rich: Rich,
        node_count: usize,
        edge_count: usize,
        nodes: impl Iterator<Item = Result<(NodeRec, &'s str, &'s str, Vec<&'s str>), String>>,
    ) -> Result<OrgGraph, String> {
        let (catalog, files, details, edge_info) = rich;
        check_catalog(&catalog)?;
        for (i, d) in details.iter().enumerate() {
            if d.origin.as_ref().is_some_and(|o| o.file >= files.len()) {
                return Err(format!("node details {i} name a file that is not listed"));
            }
        }
        if edge_info
            .iter()
            .any(|e| e.origin.as_ref().is_some_and(|o| o.file >= files.len()))
        {
            return Err("edge evidence names a file that is not listed".into());
        }
        if node_count >= NONE as usize
            || edge_count >= NONE as usize
            || edge_info.len() >= NONE as usize - 1
        {
            return Err("too many nodes or edges".into());
        }
        let mut g = OrgGraph {
            catalog,
            files,
            details,
            edge_info,
            ..OrgGraph::default()
        };
        g.g = StableDiGraph::with_capacity(node_count, edge_count);
        for (i, node) in nodes.enumerate() {
            let (rec, id, name, aliases) = node?;
            if usize::from(rec.kind) >= g.catalog.kinds.len() {
                return Err(format!("node {i} has an unknown kind"));
            }
            if rec.details != NONE && rec.details as usize >= g.details.len() {
                return Err(format!("node {i} points at missing details"));
            }
            g.g.add_node(Node {
                id: id.into(),
                name: name.into(),
                kind: KindId(rec.kind),
                aliases: aliases.into_iter().map(Into::into).collect(),
                details: rec.details,
            });
        }
        let n = g.g.node_count();
        if n != node_count {
            return Err(format!("{n} nodes where {node_count} were announced"));
        }
        Ok(g)
    }

    /// Adds the edges, in index order.
    pub(crate) fn thaw_edges(
        &mut self,
        edges: impl Iterator<Item = EdgeRec>,
    ) -> Result<(), String> {
        let n = self.g.node_count();
        for (i, e) in edges.enumerate() {
            let info = match e.info {
                NONE => None,
                0 => return Err(format!("edge {i} has a malformed evidence index")),
                k if k as usize > self.edge_info.len() => {
                    return Err(format!("edge {i} points at missing evidence"));
                }
                k => Some(k as usize - 1),
            };
            if e.from as usize >= n || e.to as usize >= n {
                return Err(format!("edge {i} joins a node that does not exist"));
            }
            if usize::from(e.rel) >= self.catalog.relations.len() {
                return Err(format!("edge {i} has an unknown relation"));
            }
            self.g.add_edge(
                NodeIndex::new(e.from as usize),
                NodeIndex::new(e.to as usize),
                EdgeData::new(RelId(e.rel), info),
            );
        }
        Ok(())
    }

    /// Rebuilds the id index from the ids, files the name index's
    /// entries `(node, key)` and takes the nodes in id order.
    pub(crate) fn thaw_indexes(
        &mut self,
        names: impl ExactSizeIterator<Item = (u32, u32)>,
        sorted: Vec<u32>,
    ) -> Result<(), String> {
        let n = self.g.node_count();
        {
            // Reserved first, so no id is hashed twice.
            let OrgGraph { g: pg, ids, .. } = self;
            let id_of = |m: u32| &*pg[NodeIndex::new(m as usize)].id;
            ids.reserve(n, id_of);
            for i in 0..n as u32 {
                let id = id_of(i);
                let key = IdKey::of(id);
                if ids.find(key, id, id_of).is_some() {
                    return Err(format!("the id `{id}` is given twice"));
                }
                ids.insert(key, i, id_of);
            }
        }
        self.names.reserve(names.len());
        for (node, key) in names {
            if node as usize >= n {
                return Err("a name entry points at a node that does not exist".into());
            }
            self.names.insert(Key(key), node);
        }
        if sorted.len() != n {
            return Err("the id order does not list every node".into());
        }
        let mut rank = vec![NONE; n].into_boxed_slice();
        for (place, &i) in sorted.iter().enumerate() {
            match rank.get_mut(i as usize) {
                Some(r) if *r == NONE => *r = place as u32,
                _ => return Err("the id order is not a permutation of the nodes".into()),
            }
        }
        self.set_id_order(IdOrder {
            sorted: sorted.into_boxed_slice(),
            rank,
        });
        Ok(())
    }
}

/// Every kind and relation index in the catalog is in range.
fn check_catalog(c: &Catalog) -> Result<(), String> {
    if c.kinds.len() > usize::from(u16::MAX) || c.relations.len() > usize::from(u16::MAX) {
        return Err("too many kinds or relations".into());
    }
    for r in &c.relations {
        let kinds = r.subject_kinds.iter().chain(&r.object_kinds);
        if kinds.into_iter().any(|k| usize::from(k.0) >= c.kinds.len()) {
            return Err(format!("relation `{}` names an unknown kind", r.id));
        }
    }
    Ok(())
}
