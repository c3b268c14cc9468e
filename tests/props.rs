//! Property tests: random models never panic the loader or the checker,
//! and whatever loads is consistent.

use orgraf::model::load_texts;
use proptest::prelude::*;

const KINDS: &[&str] = &["organ", "nämnd", "roll", "huvudman", "orgna"];
const RELS: &[&str] = &[
    "bereder",
    "rapporterar_till",
    "utser",
    "ingår_i",
    "ordförande_i",
    "bereeder",
];

fn model_text(nodes: &[(u8, u8, String)], edges: &[(u8, u8, u8)], with_sources: bool) -> String {
    let src = if with_sources {
        r#"sources: [(doc: "d.txt", quote: "q")]"#
    } else {
        "sources: []"
    };
    let mut t = String::from(r#"(documents: [(file: "d.txt", title: "D")], nodes: ["#);
    for (id, kind, name) in nodes {
        let name = name.replace('\\', "\\\\").replace('"', "\\\"");
        t.push_str(&format!(
            r#"(id: "n{id}", name: "{name}", kind: "{}", {src}),"#,
            KINDS[*kind as usize % KINDS.len()]
        ));
    }
    t.push_str("], edges: [");
    for (a, r, b) in edges {
        t.push_str(&format!(
            r#"(from: "n{a}", rel: "{}", to: "n{b}", {src}),"#,
            RELS[*r as usize % RELS.len()]
        ));
    }
    t.push_str("])");
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_models_never_panic(
        nodes in prop::collection::vec((0u8..40, any::<u8>(), "\\PC{0,12}"), 0..30),
        edges in prop::collection::vec((0u8..45, any::<u8>(), 0u8..45), 0..60),
        with_sources in any::<bool>(),
    ) {
        let text = model_text(&nodes, &edges, with_sources);
        let l = load_texts(vec![("m.ron".into(), text.into_bytes())], None);
        // Every diagnostic points inside its file.
        for d in &l.diagnostics {
            prop_assert!(d.span.start <= d.span.end);
        }
        // Every edge that made it into the graph joins two real nodes.
        for e in l.graph.edges() {
            prop_assert!(l.graph.resolve(l.graph.node(e.from).id).is_ok());
            prop_assert!(l.graph.resolve(l.graph.node(e.to).id).is_ok());
        }
        let rendered = l.texts.render(&l.diagnostics, false);
        prop_assert_eq!(l.diagnostics.is_empty(), rendered.is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let l = load_texts(vec![("m.ron".into(), bytes)], None);
        let _ = l.texts.render(&l.diagnostics, false);
    }

    #[test]
    fn mangled_valid_models_never_panic(cut in 0usize..400, insert in "[()\\[\\],:\"a-z ]{0,5}") {
        let text = model_text(&[(1, 0, "A".into()), (2, 1, "B".into())], &[(1, 0, 2)], true);
        let cut = cut.min(text.len());
        let cut = (0..=cut).rev().find(|&c| text.is_char_boundary(c)).unwrap_or(0);
        let mangled = format!("{}{insert}{}", &text[..cut], &text[cut..]);
        let l = load_texts(vec![("m.ron".into(), mangled.into_bytes())], None);
        let _ = l.texts.render(&l.diagnostics, false);
    }
}
