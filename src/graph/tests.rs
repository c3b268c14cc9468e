//! Name resolution on a small model.

use super::*;
use crate::model::load_texts;

const MODEL: &str = r#"(
    documents: [(file: "d.txt", title: "D")],
    nodes: [
        (id: "drno", name: "Delregional nämnd östra", kind: "nämnd", aliases: ["DRNÖ"],
         sources: [(doc: "d.txt", quote: "q")]),
        (id: "psg", name: "Politisk samrådsgrupp vårdsamverkan", kind: "organ", aliases: ["PSG"],
         former_names: [(name: "Politisk Samverkan Skaraborg", aliases: ["PSS"], changed: "2016", sources: [(doc: "d.txt", quote: "q")])],
         sources: [(doc: "d.txt", quote: "q")]),
        (id: "nosam_lerum", name: "NOSAM Lerum", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),
        (id: "nosam_alingsas", name: "NOSAM Alingsås", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),
        (id: "grupp_a", name: "Grupp", kind: "organ", aliases: ["GA"], sources: [(doc: "d.txt", quote: "q")]),
        (id: "grupp_b", name: "Gruppen", kind: "organ", aliases: ["GB"], former_names: [(name: "Grupp", changed: "x", sources: [(doc: "d.txt", quote: "q")])], sources: [(doc: "d.txt", quote: "q")]),
    ],
    edges: [
        (from: "drno", rel: "ordförande_i", to: "psg", sources: [(doc: "d.txt", quote: "q")]),
        (from: "nosam_lerum", rel: "ingår_i", to: "psg", sources: [(doc: "d.txt", quote: "q")]),
        (from: "nosam_alingsas", rel: "ingår_i", to: "psg", sources: [(doc: "d.txt", quote: "q")]),
        (from: "grupp_a", rel: "ingår_i", to: "grupp_b", sources: [(doc: "d.txt", quote: "q")]),
    ],
)"#;

fn graph() -> OrgGraph {
    let l = load_texts(vec![("m.ron".into(), MODEL.as_bytes().to_vec())], None);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    l.graph
}

fn id(g: &OrgGraph, name: &str) -> String {
    g.node(g.resolve(name).unwrap()).id.to_string()
}

#[test]
fn resolves_ids_names_aliases_case_and_diacritics() {
    let g = graph();
    for name in [
        "drno",
        "DRNÖ",
        "drnö",
        "DRNO",
        "Delregional nämnd östra",
        "delregional namnd ostra",
    ] {
        assert_eq!(id(&g, name), "drno", "{name}");
    }
    assert_eq!(id(&g, "NOSAM_Lerum"), "nosam_lerum");
    assert_eq!(id(&g, "nosam alingsas"), "nosam_alingsas");
}

#[test]
fn resolves_former_names() {
    let g = graph();
    assert_eq!(id(&g, "PSS"), "psg");
    assert_eq!(id(&g, "politisk samverkan skaraborg"), "psg");
}

#[test]
fn current_name_beats_former_name() {
    let g = graph();
    assert_eq!(id(&g, "Grupp"), "grupp_a");
}

#[test]
fn unknown_names_get_suggestions() {
    let g = graph();
    match g.resolve("PSF") {
        Err(ResolveError::Unknown { suggestions }) => assert!(
            suggestions.iter().any(|s| s.contains("psg")),
            "{suggestions:?}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ambiguous_names_list_candidates() {
    let text = r#"(documents: [(file: "d.txt", title: "D")], nodes: [
        (id: "a", name: "A", kind: "organ", former_names: [(name: "Gamla", changed: "x", sources: [(doc: "d.txt", quote: "q")])], sources: [(doc: "d.txt", quote: "q")]),
        (id: "b", name: "B", kind: "organ", former_names: [(name: "gamla", changed: "x", sources: [(doc: "d.txt", quote: "q")])], sources: [(doc: "d.txt", quote: "q")]),
    ])"#;
    let g = load_texts(vec![("m.ron".into(), text.as_bytes().to_vec())], None).graph;
    assert_eq!(
        g.resolve("Gamla"),
        Err(ResolveError::Ambiguous {
            candidates: vec!["a".into(), "b".into()]
        })
    );
}

#[test]
fn relations_by_id_ascii_and_english() {
    let g = graph();
    let c = &g.catalog;
    let member = c.find_relation("ingår_i").unwrap();
    assert_eq!(c.find_relation("ingar_i"), Some(member));
    assert_eq!(c.find_relation("member_of"), Some(member));
    assert_eq!(c.find_relation("prepares"), c.find_relation("bereder"));
}

/// Ids that share long prefixes and differ in length: the id rank must
/// order them as strings do.
#[test]
fn id_rank_sorts_like_the_ids() {
    let mut ids: Vec<String> = Vec::new();
    for i in 0..3000u32 {
        let tail = ["", "_a", "_ab", "-", "--x", ".", "_z.x"][(i % 7) as usize];
        ids.push(format!("k{}{tail}", i.wrapping_mul(2_654_435_761) % 97));
        ids.push(format!("prefix_shared_{}{tail}", i % 13));
        ids.push(format!("{}", i % 11));
    }
    ids.sort();
    ids.dedup();
    // Written in an order unlike id order.
    let mut nodes = String::new();
    let odd = ids.iter().skip(1).step_by(2).rev();
    for id in odd.chain(ids.iter().step_by(2)) {
        nodes.push_str(&format!("(id: \"{id}\", name: \"n {id}\", kind: \"organ\", sources: [(doc: \"d.txt\", quote: \"q\")]),"));
    }
    let text = format!("(documents: [(file: \"d.txt\", title: \"D\")], nodes: [{nodes}])");
    let l = load_texts(vec![("m.ron".into(), text.into_bytes())], None);
    assert!(!l.has_errors(), "{:?}", l.diagnostics.first());
    let g = l.graph;
    assert_eq!(g.node_count(), ids.len());
    let mut want: Vec<BodyId> = g.bodies().collect();
    want.sort_by(|a, b| g.node(*a).id.cmp(g.node(*b).id));
    // Small and large sets, sorted before the rank is known (by string)
    // and after (by rank).
    for known in [false, true] {
        assert_eq!(g.derived.id_order.get().is_some(), known);
        for n in [0, 1, 5, 100, want.len()] {
            let mut v: Vec<BodyId> = want.iter().rev().take(n).copied().collect();
            g.sort_by_id(&mut v);
            assert_eq!(v, want[want.len() - n..], "{n} bodies");
        }
        assert_eq!(g.bodies_sorted(), want);
    }
    let rank = g.id_rank();
    for pair in want.windows(2) {
        assert!(rank[pair[0].index()] < rank[pair[1].index()]);
    }
}

/// A built graph's rows list every body's edges as petgraph's lists do,
/// reversed (model order), so a search takes the same paths once a large
/// search has made them: on the bundled model, and on a copy of it as of
/// a date with bodies and edges left out.
#[test]
fn rows_list_the_edges_as_the_edge_lists_do() {
    let g = crate::model::load(&crate::model::ModelSource::Bundled)
        .unwrap()
        .graph;
    let then = g.as_of(Period::parse("2021").unwrap()).unwrap();
    for g in [&g, &then] {
        let lists = |g: &OrgGraph| -> Vec<Vec<(BodyId, RelId)>> {
            g.bodies()
                .flat_map(|b| {
                    [Direction::Outgoing, Direction::Incoming]
                        .map(|d| g.neighbours(b, d, |_| true).collect())
                })
                .collect()
        };
        assert!(
            g.row(g.bodies().next().unwrap(), Direction::Outgoing)
                .is_none()
        );
        let before = lists(g);
        assert!(before.iter().any(|l| l.len() > 1));
        g.prepare_rows(Direction::Outgoing);
        g.prepare_rows(Direction::Incoming);
        assert!(
            g.row(g.bodies().next().unwrap(), Direction::Outgoing)
                .is_some()
        );
        assert_eq!(lists(g), before);
    }
}

/// The place a prefetch guesses for a built graph's node is where the
/// node is (a wrong guess would only cost speed, so only a test sees it).
#[test]
fn a_nodes_guessed_place_is_its_place() {
    let g = crate::model::load(&crate::model::ModelSource::Bundled)
        .unwrap()
        .graph;
    for b in g.bodies() {
        let at = std::ptr::from_ref(g.g.node_weight(b.ix()).unwrap()).addr();
        assert_eq!(g.node_address(b), Some(at));
    }
}
