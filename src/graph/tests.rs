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
