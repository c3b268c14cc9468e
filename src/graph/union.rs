//! Two versions of a model in one graph: a newer graph with the bodies
//! and edges of an older one that it no longer has, so that a chart
//! (`orgraf diagram X --diff OLD`) can draw what was removed next to what
//! was added. Which of them is which is [`crate::diff`]'s business.

use std::collections::BTreeMap;

use super::index::{IdKey, Key};
use super::{BodyId, EdgeData, KindId, NONE, OrgGraph, RelId, StoredNode};

impl OrgGraph {
    /// This graph with the bodies and edges of `old` that it lacks.
    ///
    /// A body of `old` is the body of this graph with the same id, or
    /// with the id `renamed` maps its id to (a body whose id changed);
    /// any other is added, with its name, aliases, details and name
    /// entries. An edge of `old` whose ends and relation (by id) this
    /// graph has not joined is added with its evidence. Kinds and
    /// relations only `old` declares are appended to the catalog. Facts
    /// taken from `old` keep their sources but no origin: they were not
    /// written in this graph's files.
    pub fn union_with(&self, old: &OrgGraph, renamed: &BTreeMap<String, String>) -> OrgGraph {
        let mut u = self.built();
        let mut kinds: BTreeMap<KindId, KindId> = BTreeMap::new();
        let mut kind_of = |u: &mut OrgGraph, k: KindId| -> KindId {
            *kinds.entry(k).or_insert_with(|| {
                let kind = old.catalog.kind(k);
                match u.catalog.find_kind(&kind.id) {
                    Some(n) if u.catalog.kind(n).id == kind.id => n,
                    _ => {
                        u.catalog.kinds.push(kind.clone());
                        KindId((u.catalog.kinds.len() - 1) as u16)
                    }
                }
            })
        };
        let mut names: BTreeMap<u32, Vec<Key>> = BTreeMap::new();
        for (n, key) in old.name_entries() {
            names.entry(n).or_default().push(key);
        }
        let mut map: Vec<Option<BodyId>> = vec![None; old.node_bound()];
        for b in old.bodies() {
            let node = old.node(b);
            let id = renamed.get(node.id).map_or(node.id, String::as_str);
            if let Some(n) = u.by_id(id) {
                map[b.index()] = Some(n);
                continue;
            }
            let details = match old.details(b) {
                Some(d) => {
                    let mut d = d.clone();
                    d.origin = None;
                    u.details.push(d);
                    (u.details.len() - 1) as u32
                }
                None => NONE,
            };
            let kind = kind_of(&mut u, node.kind);
            let ix = u.g.add_node(StoredNode {
                id: node.id.into(),
                name: node.name.into(),
                kind,
                aliases: old.aliases(b).map(Into::into).collect(),
                details,
            });
            let n = ix.index() as u32;
            let OrgGraph { g: pg, ids, .. } = &mut u;
            ids.insert(IdKey::of(node.id), n, |m| {
                &pg[petgraph::stable_graph::NodeIndex::new(m as usize)].id
            });
            for &key in names.get(&(b.index() as u32)).into_iter().flatten() {
                u.names.insert(key, n);
            }
            map[b.index()] = Some(BodyId(n));
        }
        let mut rels: BTreeMap<RelId, RelId> = BTreeMap::new();
        for e in old.edges() {
            let (Some(from), Some(to)) = (map[e.from.index()], map[e.to.index()]) else {
                continue;
            };
            let rel = match rels.get(&e.rel) {
                Some(&r) => r,
                None => {
                    let r = old.catalog.relation(e.rel);
                    let found = u
                        .catalog
                        .relations
                        .iter()
                        .position(|x| x.id == r.id)
                        .map(|i| RelId(i as u16));
                    let id = found.unwrap_or_else(|| {
                        let mut r = r.clone();
                        for k in r.subject_kinds.iter_mut().chain(r.object_kinds.iter_mut()) {
                            *k = kind_of(&mut u, *k);
                        }
                        u.catalog.relations.push(r);
                        RelId((u.catalog.relations.len() - 1) as u16)
                    });
                    rels.insert(e.rel, id);
                    id
                }
            };
            if u.out_edges(from).any(|x| x.rel == rel && x.to == to) {
                continue;
            }
            let info = e.info.map(|i| {
                let mut i = i.clone();
                i.origin = None;
                u.edge_info.push(i);
                u.edge_info.len() - 1
            });
            u.g.add_edge(from.ix(), to.ix(), EdgeData::new(rel, info));
        }
        u
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::model::load_texts;

    fn graph(text: &str) -> crate::graph::OrgGraph {
        let l = load_texts(vec![("m.ron".into(), text.as_bytes().to_vec())], None);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        l.graph
    }

    const SRC: &str = r#"sources: [(doc: "d.txt", quote: "q")]"#;

    fn model(nodes: &[(&str, &str)], edges: &[(&str, &str)]) -> String {
        let nodes: Vec<String> = nodes
            .iter()
            .map(|(id, name)| format!(r#"(id: "{id}", name: "{name}", kind: "organ", {SRC}),"#))
            .collect();
        let edges: Vec<String> = edges
            .iter()
            .map(|(a, b)| format!(r#"(from: "{a}", rel: "bereder", to: "{b}", {SRC}),"#))
            .collect();
        format!(
            "(documents: [(file: \"d.txt\", title: \"D\")], nodes: [{}], edges: [{}])",
            nodes.join(""),
            edges.join("")
        )
    }

    #[test]
    fn the_union_holds_both_versions_once() {
        let old = graph(&model(
            &[("a", "A"), ("b", "B"), ("gone", "Gone"), ("c1", "C")],
            &[("a", "b"), ("gone", "b"), ("c1", "a")],
        ));
        let new = graph(&model(
            &[("a", "A"), ("b", "B"), ("c2", "C"), ("n", "N")],
            &[("b", "a"), ("c2", "a"), ("n", "a")],
        ));
        let renamed = BTreeMap::from([("c1".to_string(), "c2".to_string())]);
        let u = new.union_with(&old, &renamed);
        let mut ids: Vec<String> = u.bodies().map(|b| u.node(b).id.to_string()).collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "c2", "gone", "n"]);
        let mut edges: Vec<String> = u
            .edges()
            .map(|e| format!("{}>{}", u.node(e.from).id, u.node(e.to).id))
            .collect();
        edges.sort();
        assert_eq!(edges, ["a>b", "b>a", "c2>a", "gone>b", "n>a"]);
        let gone = u.resolve("Gone").expect("an old body's name resolves");
        assert_eq!(u.node(gone).id, "gone");
        assert!(u.details(gone).is_some_and(|d| d.origin.is_none()));
        assert_eq!(u.bodies_sorted().len(), 5);
    }
}
