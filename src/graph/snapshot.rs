//! The graph as it stood during a period, for `as of DATE`.
//!
//! [`OrgGraph::as_of`] copies the graph and leaves out what did not hold
//! during the period: bodies, edges and attribute values whose validity
//! does not meet it ([`Validity::meets`]: an open end always does). A
//! body that had a dated former name then is called by that name, with
//! its aliases; today's name becomes one of its former names, so that it
//! still finds the body. The query engine then evaluates the statement on
//! the copy, unchanged: there is one engine, and `as of` only chooses the
//! graph it runs on. Copying costs a pass over the graph (well under a
//! millisecond for the bundled model). A graph that dates nothing (a
//! generated or CSV model) is the same at every date
//! ([`OrgGraph::is_dated`]): `as_of` then returns `None` and the query
//! engine answers from the graph itself, without a copy; a
//! compiled model that dates something is copied into a built graph
//! first ([`OrgGraph::built`]), which answers like the compiled one.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::index::{IdIndex, IdKey, NameIndex};
use super::{BodyId, FormerName, NONE, OrgGraph, Period, Validity};

impl OrgGraph {
    /// Whether `b` is in this graph (an `as of` copy leaves bodies out).
    pub fn contains(&self, b: BodyId) -> bool {
        match self.view() {
            Some(v) => b.index() < v.node_count(),
            None => self.g.contains_node(b.ix()),
        }
    }

    /// Whether any body, name, attribute or edge is dated: if none is,
    /// the graph as of any period is the graph itself.
    pub fn is_dated(&self) -> bool {
        self.details.iter().any(|d| {
            !d.valid.is_open()
                || d.former_names.iter().any(|f| !f.valid.is_open())
                || d.attributes.iter().any(|a| !a.valid.is_open())
        }) || self.edge_info.iter().any(|i| !i.valid.is_open())
    }

    /// When `b` existed, as the model dates it.
    pub fn lifetime(&self, b: BodyId) -> Validity {
        self.details(b).map(|d| d.valid.clone()).unwrap_or_default()
    }

    /// The dated former name `b` had during `p`, if any: of several, the
    /// one that ended last (a rename within the period).
    pub fn former_name_during(&self, b: BodyId, p: Period) -> Option<&FormerName> {
        let d = self.details(b)?;
        d.former_names
            .iter()
            .filter(|f| !f.valid.is_open() && f.valid.meets(p))
            .max_by_key(|f| f.valid.days().1)
    }

    /// The graph as it stood during `p`; see the module docs. `None` when
    /// the graph dates nothing: then it is itself on every date, and
    /// nothing is copied.
    pub fn as_of(&self, p: Period) -> Option<OrgGraph> {
        if !self.is_dated() {
            return None;
        }
        let mut s = self.built();
        let gone: Vec<NodeIndex> = self
            .bodies()
            .filter(|&b| !self.lifetime(b).meets(p))
            .map(BodyId::ix)
            .collect();
        for n in gone {
            s.g.remove_node(n);
        }
        let gone: Vec<EdgeIndex> =
            s.g.edge_indices()
                .filter(|&e| {
                    s.g[e]
                        .info()
                        .is_some_and(|i| !s.edge_info[i].valid.meets(p))
                })
                .collect();
        for e in gone {
            s.g.remove_edge(e);
        }
        let bodies: Vec<BodyId> = s.bodies().collect();
        for b in bodies {
            let then = self.former_name_during(b, p).cloned();
            let d = s.g[b.ix()].details;
            if d == NONE {
                continue;
            }
            let details = &mut s.details[d as usize];
            details.attributes.retain(|a| a.valid.meets(p));
            let Some(then) = then else { continue };
            let node = &mut s.g[b.ix()];
            let today = FormerName {
                name: node.name.to_string(),
                aliases: node.aliases.iter().map(|a| a.to_string()).collect(),
                changed: match then.valid.until_date() {
                    Some(d) => format!("namnet från {d} (dagens namn)"),
                    None => "dagens namn".into(),
                },
                valid: Validity {
                    from: then.valid.until.clone(),
                    until: None,
                },
                sources: then
                    .valid
                    .until
                    .iter()
                    .flat_map(|u| u.sources.clone())
                    .collect(),
            };
            node.name = then.name.as_str().into();
            node.aliases = then.aliases.iter().map(|a| a.as_str().into()).collect();
            for f in &mut details.former_names {
                if f.name == then.name {
                    *f = today.clone();
                }
            }
        }
        s.reindex();
        Some(s)
    }

    /// Files the bodies still in the graph again, after some were
    /// removed. Every spelling was filed when the graph was built (a
    /// former name too), so a body renamed by [`OrgGraph::as_of`] keeps
    /// its keys.
    fn reindex(&mut self) {
        let mut names = NameIndex::default();
        for (n, key) in self.names.entries() {
            if self.g.contains_node(NodeIndex::new(n as usize)) {
                names.insert(key, n);
            }
        }
        let mut ids = IdIndex::default();
        let g = &self.g;
        for n in g.node_indices() {
            ids.insert(IdKey::of(&g[n].id), n.index() as u32, |m| {
                &g[NodeIndex::new(m as usize)].id
            });
        }
        self.names = names;
        self.ids = ids;
    }
}
