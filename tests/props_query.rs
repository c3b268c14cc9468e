//! Property tests of the query engine and the diagram writer on random
//! small graphs:
//!
//! - every reachability answer (`A p ?`, `? p B`, `A p B`, `? p ?`,
//!   `path`, `paths`) agrees with a naive reference, the relation path
//!   read as boolean matrices (a relation is its adjacency matrix, `^` the
//!   transpose, `/` the product, `|` the union, `+` the transitive and `*`
//!   the reflexive-transitive closure);
//! - every yes comes with a chain of edges that exist;
//! - every DOT the diagram writer makes, for random models with hostile
//!   names and for random parts of the bundled model, is accepted by the
//!   real Graphviz `dot`.
// Matrices read best with indices.
#![allow(clippy::needless_range_loop)]

#[path = "util/graphviz.rs"]
mod graphviz;

use std::collections::BTreeSet;

use orgraf::diagram::{self, DiagramFormat, EdgeKey, Selection};
use orgraf::graph::{BodyId, OrgGraph};
use orgraf::model::{self, ModelSource, load_texts};
use orgraf::query::{self, Value};
use proptest::prelude::*;

/// Relations that may form cycles (unlike `rapporterar_till`).
const RELS: &[&str] = &["bereder", "utser", "ingår_i", "sammankallar"];
const KINDS: &[&str] = &[
    "huvudman",
    "delregion",
    "nämnd",
    "organ",
    "förvaltning",
    "roll",
    "person",
];
const SRC: &str = r#"sources: [(doc: "d.txt", quote: "q")]"#;

fn ron_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A model of nodes `n0…` with the given names and kinds, and edges
/// `(from, relation, to)` by index.
fn load(names: &[(String, usize)], edges: &BTreeSet<(usize, usize, usize)>) -> OrgGraph {
    let mut t = String::from(r#"(documents: [(file: "d.txt", title: "D")], nodes: ["#);
    for (i, (name, kind)) in names.iter().enumerate() {
        t.push_str(&format!(
            r#"(id: "n{i}", name: {}, kind: "{}", {SRC}),"#,
            ron_string(name),
            KINDS[kind % KINDS.len()]
        ));
    }
    t.push_str("], edges: [");
    for &(a, r, b) in edges {
        t.push_str(&format!(
            r#"(from: "n{a}", rel: "{}", to: "n{b}", {SRC}),"#,
            RELS[r]
        ));
    }
    t.push_str("])");
    let l = load_texts(vec![("m.ron".into(), t.clone().into_bytes())], None);
    assert!(!l.has_errors(), "{:?}\n{t}", l.diagnostics);
    l.graph
}

/// A relation path: the engine reads its text, the reference its tree.
#[derive(Debug, Clone)]
enum P {
    Rel(usize),
    Inv(Box<P>),
    Plus(Box<P>),
    Star(Box<P>),
    Seq(Box<P>, Box<P>),
    Alt(Box<P>, Box<P>),
}

impl P {
    fn text(&self) -> String {
        match self {
            P::Rel(r) => RELS[*r].to_string(),
            P::Inv(p) => format!("^({})", p.text()),
            P::Plus(p) => format!("({})+", p.text()),
            P::Star(p) => format!("({})*", p.text()),
            P::Seq(a, b) => format!("({})/({})", a.text(), b.text()),
            P::Alt(a, b) => format!("({})|({})", a.text(), b.text()),
        }
    }

    /// The reference: which pairs (i, j) the path connects.
    fn matrix(&self, n: usize, edges: &BTreeSet<(usize, usize, usize)>) -> Vec<Vec<bool>> {
        match self {
            P::Rel(r) => {
                let mut m = vec![vec![false; n]; n];
                for &(a, rel, b) in edges {
                    if rel == *r {
                        m[a][b] = true;
                    }
                }
                m
            }
            P::Inv(p) => {
                let m = p.matrix(n, edges);
                (0..n).map(|i| (0..n).map(|j| m[j][i]).collect()).collect()
            }
            P::Plus(p) => closure(p.matrix(n, edges)),
            P::Star(p) => {
                let mut m = closure(p.matrix(n, edges));
                for (i, row) in m.iter_mut().enumerate() {
                    row[i] = true;
                }
                m
            }
            P::Seq(a, b) => {
                let (x, y) = (a.matrix(n, edges), b.matrix(n, edges));
                (0..n)
                    .map(|i| (0..n).map(|j| (0..n).any(|k| x[i][k] && y[k][j])).collect())
                    .collect()
            }
            P::Alt(a, b) => {
                let (x, y) = (a.matrix(n, edges), b.matrix(n, edges));
                (0..n)
                    .map(|i| (0..n).map(|j| x[i][j] || y[i][j]).collect())
                    .collect()
            }
        }
    }
}

/// Transitive closure (Warshall).
fn closure(mut m: Vec<Vec<bool>>) -> Vec<Vec<bool>> {
    let n = m.len();
    for k in 0..n {
        for i in 0..n {
            if m[i][k] {
                for j in 0..n {
                    if m[k][j] {
                        m[i][j] = true;
                    }
                }
            }
        }
    }
    m
}

fn relpath() -> impl Strategy<Value = P> {
    let leaf = (0..RELS.len()).prop_map(P::Rel);
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|p| P::Inv(Box::new(p))),
            inner.clone().prop_map(|p| P::Plus(Box::new(p))),
            inner.clone().prop_map(|p| P::Star(Box::new(p))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| P::Seq(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| P::Alt(Box::new(a), Box::new(b))),
        ]
    })
}

/// A random graph: node count, and edges by index within it.
fn graph() -> impl Strategy<Value = (usize, BTreeSet<(usize, usize, usize)>)> {
    (2usize..=6).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::btree_set((0..n, 0..RELS.len(), 0..n), 0..14),
        )
    })
}

fn ask(g: &OrgGraph, src: &str) -> Value {
    let stmt = query::parse_statement(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    query::eval(g, &stmt).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

fn index(g: &OrgGraph, b: BodyId) -> usize {
    g.node(b).id[1..].parse().expect("ids are n0, n1, …")
}

fn set(g: &OrgGraph, v: &Value) -> BTreeSet<usize> {
    match v {
        Value::Nodes { nodes, .. } => nodes.iter().map(|&b| index(g, b)).collect(),
        other => panic!("not a node set: {other:?}"),
    }
}

fn row_of(m: &[Vec<bool>], i: usize) -> BTreeSet<usize> {
    (0..m.len()).filter(|&j| m[i][j]).collect()
}

fn column_of(m: &[Vec<bool>], j: usize) -> BTreeSet<usize> {
    (0..m.len()).filter(|&i| m[i][j]).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn reachability_agrees_with_matrices((n, edges) in graph(), p in relpath()) {
        let g = load(&(0..n).map(|i| (format!("Nod {i}"), 3)).collect::<Vec<_>>(), &edges);
        let m = p.matrix(n, &edges);
        let text = p.text();
        let model_edges: BTreeSet<(usize, String, usize)> = g
            .edges()
            .map(|e| (index(&g, e.from), g.catalog.relations[e.rel.0 as usize].id.clone(), index(&g, e.to)))
            .collect();
        for a in 0..n {
            prop_assert_eq!(set(&g, &ask(&g, &format!("n{a} {text} ?"))), row_of(&m, a), "n{} {} ?", a, text);
            prop_assert_eq!(set(&g, &ask(&g, &format!("? {text} n{a}"))), column_of(&m, a), "? {} n{}", text, a);
            for b in 0..n {
                match ask(&g, &format!("n{a} {text} n{b}")) {
                    Value::Answer { answer, chain } => {
                        prop_assert_eq!(answer, m[a][b], "n{} {} n{}", a, text, b);
                        for hop in &chain {
                            let rel = g.catalog.relations[hop.rel.0 as usize].id.clone();
                            let e = (index(&g, hop.from), rel, index(&g, hop.to));
                            prop_assert!(model_edges.contains(&e), "{:?} is no edge", e);
                        }
                        prop_assert_eq!(answer && a != b, !chain.is_empty() && a != b);
                    }
                    other => prop_assert!(false, "not yes/no: {:?}", other),
                }
            }
        }
        let pairs: BTreeSet<(usize, usize)> = match ask(&g, &format!("? {text} ?")) {
            Value::Rows(rows) => rows.iter().map(|r| (index(&g, r.subject), index(&g, r.object))).collect(),
            other => panic!("not rows: {other:?}"),
        };
        let expected: BTreeSet<(usize, usize)> =
            (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).filter(|&(i, j)| m[i][j]).collect();
        prop_assert_eq!(pairs, expected, "? {} ?", text);
    }

    #[test]
    fn path_and_paths_find_what_the_closure_reaches(
        (n, edges) in graph(),
        via in prop::collection::btree_set(0..RELS.len(), 1..=RELS.len()),
    ) {
        let g = load(&(0..n).map(|i| (format!("Nod {i}"), 3)).collect::<Vec<_>>(), &edges);
        let via_text: Vec<&str> = via.iter().map(|&r| RELS[r]).collect();
        let via_text = via_text.join("|");
        let mut m = vec![vec![false; n]; n];
        for &(a, r, b) in &edges {
            if via.contains(&r) {
                m[a][b] = true;
            }
        }
        let mut m = closure(m);
        for (i, row) in m.iter_mut().enumerate() {
            row[i] = true;
        }
        for a in 0..n {
            for b in 0..n {
                for stmt in [format!("path n{a} -> n{b} via {via_text}"), format!("paths n{a} -> n{b} via {via_text} max 12")] {
                    match ask(&g, &stmt) {
                        Value::Paths { paths, no_path, .. } => {
                            prop_assert_eq!(!paths.is_empty(), m[a][b], "{}", stmt);
                            prop_assert_eq!(no_path.is_some(), !m[a][b], "{}", stmt);
                            for path in &paths {
                                let ends = path.first().map(|h| index(&g, h.from)).zip(path.last().map(|h| index(&g, h.to)));
                                prop_assert!(ends.is_none_or(|e| e == (a, b)), "{}: {:?}", stmt, ends);
                                prop_assert!(path.windows(2).all(|w| w[0].to == w[1].from), "{}", stmt);
                            }
                        }
                        other => prop_assert!(false, "not paths: {:?}", other),
                    }
                }
            }
        }
    }
}

proptest! {
    // Each case runs the real `dot`: few cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn dot_accepts_diagrams_of_random_models(
        (n, edges) in graph(),
        names in prop::collection::vec(("[a-zåäöA-Z0-9 <>&\"'{}|\\\\\\[\\];:#.-]{1,14}|\\PC{1,10}", 0usize..KINDS.len()), 6),
    ) {
        // Names that fold alike ("ö" and "_ꤥ") make a model check rejects.
        let folded: BTreeSet<String> =
            names[..n].iter().map(|(s, _)| orgraf::graph::names::fold(s)).collect();
        prop_assume!(folded.len() == n);
        // A name that folds to another body's id ("N0" for `n0`) is
        // ambiguous, and check rejects that model too.
        prop_assume!(folded.iter().all(|f| !(0..n).any(|i| *f == format!("n{i}"))));
        let g = load(&names[..n], &edges);
        let dot = diagram::render(&g, &Selection::all(&g), DiagramFormat::Dot).expect("DOT is written");
        graphviz::svg(&dot);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn dot_accepts_diagrams_of_random_parts_of_the_bundled_model(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..40),
        focus in any::<prop::sample::Index>(),
    ) {
        let loaded = model::load(&ModelSource::Bundled).expect("the bundled model loads");
        let g = loaded.graph;
        let all = g.bodies_sorted();
        let nodes: BTreeSet<BodyId> = picks.iter().map(|i| *i.get(&all)).collect();
        let edges: BTreeSet<EdgeKey> = g
            .edges()
            .filter(|e| nodes.contains(&e.from) && nodes.contains(&e.to))
            .map(|e| EdgeKey { from: e.from, rel: e.rel, to: e.to })
            .collect();
        let focus = BTreeSet::from([*focus.get(&nodes.iter().copied().collect::<Vec<_>>())]);
        let sel = Selection { title: "Ett \"urval\" <&>".into(), subtitle: Some("slump".into()), focus, nodes, edges, ..Selection::default() };
        let dot = diagram::render(&g, &sel, DiagramFormat::Dot).expect("DOT is written");
        graphviz::svg(&dot);
    }
}
