//! Selection, frames and ranks on a small inline model.

use super::*;
use crate::model::load_texts;

const MODEL: &str = r#"(
    documents: [(file: "d.txt", title: "D")],
    nodes: [
        (id: "vgr", name: "Västra Götalandsregionen", kind: "huvudman", aliases: ["VGR"], sources: [(doc: "d.txt", quote: "q")]),
        (id: "ost", name: "Östra", kind: "delregion", sources: [(doc: "d.txt", quote: "q")]),
        (id: "syd", name: "Södra", kind: "delregion", sources: [(doc: "d.txt", quote: "q")]),
        (id: "drno", name: "Delregional nämnd östra", kind: "nämnd", aliases: ["DRNÖ"], sources: [(doc: "d.txt", quote: "q")]),
        (id: "psg", name: "Politisk samrådsgrupp", kind: "organ", aliases: ["PSG"], sources: [(doc: "d.txt", quote: "q")]),
        (id: "styr", name: "Styrgrupp", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),
        (id: "team", name: "Team", kind: "organ",
         attributes: [(key: "placering", value: "Östra", sources: [(doc: "d.txt", quote: "q")])],
         sources: [(doc: "d.txt", quote: "q")]),
        (id: "ledning", name: "Ledning", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),
        (id: "ordf", name: "Ordförande", kind: "roll", sources: [(doc: "d.txt", quote: "q")]),
        (id: "k1", name: "Kommun ett", kind: "huvudman", sources: [(doc: "d.txt", quote: "q")]),
        (id: "k2", name: "Kommun två", kind: "huvudman", sources: [(doc: "d.txt", quote: "q")]),
    ],
    edges: [
        (from: "drno", rel: "ingår_i", to: "vgr", sources: [(doc: "d.txt", quote: "q")]),
        (from: "drno", rel: "ingår_i", to: "syd", sources: [(doc: "d.txt", quote: "q")]),
        (from: "ost", rel: "ingår_i", to: "vgr", sources: [(doc: "d.txt", quote: "q")]),
        (from: "psg", rel: "ingår_i", to: "ost", sources: [(doc: "d.txt", quote: "q")]),
        (from: "styr", rel: "ingår_i", to: "ost", sources: [(doc: "d.txt", quote: "q")]),
        (from: "styr", rel: "ingår_i", to: "vgr", sources: [(doc: "d.txt", quote: "q")]),
        (from: "drno", rel: "ingår_i", to: "psg", sources: [(doc: "d.txt", quote: "q")]),
        (from: "drno", rel: "ordförande_i", to: "psg", sources: [(doc: "d.txt", quote: "q")]),
        (from: "styr", rel: "bereder", to: "psg", sources: [(doc: "d.txt", quote: "q")]),
        (from: "team", rel: "rapporterar_till", to: "styr", sources: [(doc: "d.txt", quote: "q")]),
        (from: "ledning", rel: "utser", to: "ordf", sources: [(doc: "d.txt", quote: "q")]),
        (from: "psg", rel: "rekommenderar", to: "vgr", sources: [(doc: "d.txt", quote: "q")]),
        (from: "k1", rel: "ingår_i", to: "k2", sources: [(doc: "d.txt", quote: "q")]),
        (from: "k2", rel: "ingår_i", to: "k1", sources: [(doc: "d.txt", quote: "q")]),
    ],
)"#;

fn graph() -> OrgGraph {
    let l = load_texts(vec![("m.ron".into(), MODEL.as_bytes().to_vec())], None);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    l.graph
}

fn b(g: &OrgGraph, id: &str) -> BodyId {
    g.by_id(id).unwrap()
}

fn around(g: &OrgGraph, id: &str, depth: usize) -> Selection {
    Selection::around(
        g,
        &[b(g, id)],
        &Around {
            depth,
            ..Around::default()
        },
    )
}

fn ids(sel: &Selection, g: &OrgGraph) -> Vec<String> {
    let mut v: Vec<String> = sel
        .nodes
        .iter()
        .map(|&n| g.node(n).id.to_string())
        .collect();
    v.sort();
    v
}

fn frame_of<'c>(chart: &'c Chart, node: &str) -> Option<&'c str> {
    let n = chart.nodes.iter().find(|n| n.id == node)?;
    n.frame.map(|f| chart.frames[f].id.as_str())
}

#[test]
fn neighbourhood_follows_direction_and_relations() {
    let g = graph();
    assert_eq!(
        ids(&around(&g, "psg", 1), &g),
        ["drno", "ost", "psg", "styr", "vgr"]
    );
    let up = Selection::around(
        &g,
        &[b(&g, "psg")],
        &Around {
            depth: 2,
            relations: vec![
                g.catalog.find_relation("bereder").unwrap(),
                g.catalog.find_relation("reports_to").unwrap(),
            ],
            direction: Direction::Up,
        },
    );
    assert_eq!(ids(&up, &g), ["psg", "styr", "team"]);
    assert!(
        up.subtitle
            .as_deref()
            .unwrap()
            .contains("bereder, rapporterar till")
    );
    let down = Selection::around(
        &g,
        &[b(&g, "team")],
        &Around {
            depth: 5,
            relations: Vec::new(),
            direction: Direction::Down,
        },
    );
    assert_eq!(ids(&down, &g), ["ost", "psg", "styr", "team", "vgr"]);
}

#[test]
fn frames_come_from_membership_and_placement() {
    let g = graph();
    let chart = plan(&g, &Selection::all(&g));
    assert_eq!(
        frame_of(&chart, "drno"),
        Some("vgr"),
        "huvudman before an unrelated delregion"
    );
    assert_eq!(frame_of(&chart, "psg"), Some("ost"));
    assert_eq!(
        frame_of(&chart, "styr"),
        Some("ost"),
        "the innermost container wins"
    );
    assert!(
        chart.frames.iter().all(|f| f.id != "syd"),
        "no member drawn in Södra"
    );
    assert_eq!(
        frame_of(&chart, "team"),
        Some("ost"),
        "placering names a container"
    );
    assert_eq!(frame_of(&chart, "ledning"), None);
    // The delregion's frame nests in the huvudman's.
    let ost = chart.frames.iter().position(|f| f.id == "ost").unwrap();
    let vgr = chart.frames.iter().position(|f| f.id == "vgr").unwrap();
    assert_eq!(chart.frames[ost].parent, Some(vgr));
    assert!(vgr < ost, "parents come first");
}

#[test]
fn frame_shows_context_even_when_the_container_is_not_selected() {
    let g = graph();
    let sel = Selection::from_parts("t", [b(&g, "drno")], []);
    let chart = plan(&g, &sel);
    assert_eq!(chart.frames.len(), 1);
    assert_eq!(frame_of(&chart, "drno"), Some("vgr"));
    assert!(chart.nodes.iter().all(|n| n.id != "vgr"));
}

#[test]
fn membership_shown_by_a_frame_is_not_drawn_but_other_membership_is() {
    let g = graph();
    let chart = plan(&g, &Selection::all(&g));
    let has = |from: &str, rel: &str, to: &str| {
        chart
            .edges
            .iter()
            .any(|e| e.from == from && e.relations.iter().any(|r| r == rel) && e.to == to)
    };
    assert!(!has("drno", "ingår_i", "vgr"));
    assert!(!has("psg", "ingår_i", "ost"));
    assert!(has("drno", "ingår_i", "psg"), "PSG is not a container");
}

#[test]
fn a_container_is_a_node_only_when_another_edge_touches_it() {
    let g = graph();
    let chart = plan(&g, &Selection::all(&g));
    // PSG rekommenderar VGR: VGR is drawn, inside its own frame.
    assert_eq!(frame_of(&chart, "vgr"), Some("vgr"));
    // Östra has only members: a frame, no node.
    assert!(chart.nodes.iter().all(|n| n.id != "ost"));
}

#[test]
fn membership_cycles_do_not_hang_or_nest_a_body_in_itself() {
    let g = graph();
    let chart = plan(&g, &Selection::all(&g));
    for f in &chart.frames {
        let mut seen = vec![f.id.clone()];
        let mut p = f.parent;
        while let Some(i) = p {
            assert!(
                !seen.contains(&chart.frames[i].id),
                "frame cycle through {}",
                chart.frames[i].id
            );
            seen.push(chart.frames[i].id.clone());
            p = chart.frames[i].parent;
        }
    }
}

#[test]
fn legend_lists_only_what_is_drawn() {
    let g = graph();
    let chart = plan(&g, &around(&g, "team", 1));
    let kinds: Vec<&str> = chart.legend_kinds.iter().map(|k| k.id.as_str()).collect();
    let rels: Vec<&str> = chart
        .legend_relations
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(kinds, ["organ"]);
    assert_eq!(rels, ["rapporterar_till"]);
}

#[test]
fn appointing_edges_rank_downward() {
    let g = graph();
    let dot = dot::write(&plan(&g, &around(&g, "ledning", 1)));
    assert!(
        dot.contains(r##""ordf" -> "ledning" [style="dotted" color="#7f6000" dir="back""##),
        "{dot}"
    );
}

#[test]
fn output_is_deterministic_and_sorted() {
    let g = graph();
    let sel = Selection::all(&g);
    let a = render(&g, &sel, DiagramFormat::Dot).unwrap();
    let b = render(&g, &sel, DiagramFormat::Dot).unwrap();
    assert_eq!(a, b);
    let m1 = render(&g, &sel, DiagramFormat::Mermaid).unwrap();
    let m2 = render(&g, &sel, DiagramFormat::Mermaid).unwrap();
    assert_eq!(m1, m2);
    let chart = plan(&g, &sel);
    let ids: Vec<&str> = chart.nodes.iter().map(|n| n.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

#[test]
fn formats_from_file_names() {
    use std::path::Path;
    assert_eq!(
        DiagramFormat::from_path(Path::new("a/psg.SVG")),
        Some(DiagramFormat::Svg)
    );
    assert_eq!(
        DiagramFormat::from_path(Path::new("x.gv")),
        Some(DiagramFormat::Dot)
    );
    assert_eq!(
        DiagramFormat::from_path(Path::new("x.mmd")),
        Some(DiagramFormat::Mermaid)
    );
    assert_eq!(
        DiagramFormat::from_path(Path::new("x.png")),
        Some(DiagramFormat::Png)
    );
    assert_eq!(DiagramFormat::from_path(Path::new("x.txt")), None);
    assert_eq!(DiagramFormat::from_path(Path::new("x")), None);
}

#[test]
fn the_explorer_draws_with_the_same_arguments() {
    let g = graph();
    let dot = command::repl_drawer(&g, "PSG --depth 1").unwrap();
    assert!(dot.starts_with("digraph orgraf {"), "{dot}");
    assert_eq!(
        dot + "\n",
        String::from_utf8(render(&g, &around(&g, "psg", 1), DiagramFormat::Dot).unwrap()).unwrap()
    );
    let err = command::repl_drawer(&g, "PSG --format svg").unwrap_err();
    assert!(err.contains("-o FILE.svg"), "{err}");
    let err = command::repl_drawer(&g, "PSGX").unwrap_err();
    assert!(err.contains("no body is named `PSGX`"), "{err}");
    let err = command::repl_drawer(&g, "PSG --depht 1").unwrap_err();
    assert!(err.contains("--depth"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("psg chart.mmd");
    let msg = command::repl_drawer(
        &g,
        &format!("'Politisk samrådsgrupp' -o '{}'", out.display()),
    )
    .unwrap();
    assert!(msg.starts_with("wrote "), "{msg}");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("flowchart BT")
    );
}

#[test]
fn the_explorer_draws_a_query_answer() {
    let g = graph();
    let dot = command::repl_drawer(&g, "--query 'path team -> psg'").unwrap();
    assert!(dot.contains(r#""team" -> "styr""#), "{dot}");
    assert!(dot.contains(r#""styr" -> "psg""#), "{dot}");
    let err = command::repl_drawer(&g, "--query '? bereder nobody'").unwrap_err();
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn other_lines_of_a_box_are_bundled_per_body_and_relation() {
    // Five groups are part of a council; three report to `x`, one to `y`,
    // and the council reports to one of them.
    let mut nodes = String::from(
        r#"(id: "rad", name: "Rådet", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),
        (id: "x", name: "X", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),
        (id: "y", name: "Y", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),"#,
    );
    let mut edges = String::new();
    for i in 1..=5 {
        nodes.push_str(&format!(
            r#"(id: "m{i}", name: "Grupp {i}", kind: "organ", sources: [(doc: "d.txt", quote: "q")]),"#
        ));
        edges.push_str(&format!(
            r#"(from: "m{i}", rel: "ingår_i", to: "rad", sources: [(doc: "d.txt", quote: "q")]),"#
        ));
    }
    for (m, to) in [
        ("m1", "x"),
        ("m2", "x"),
        ("m4", "x"),
        ("m5", "y"),
        ("rad", "m3"),
    ] {
        edges.push_str(&format!(
            r#"(from: "{m}", rel: "rapporterar_till", to: "{to}", sources: [(doc: "d.txt", quote: "{m} rapporterar till {to}")]),"#
        ));
    }
    let text = format!(
        r#"(documents: [(file: "d.txt", title: "D")], nodes: [{nodes}], edges: [{edges}])"#
    );
    let l = load_texts(vec![("m.ron".into(), text.into_bytes())], None);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    let g = l.graph;
    let chart = plan(&g, &around(&g, "rad", 2));
    let boxed = chart
        .frames
        .iter()
        .position(|f| f.grid.is_some())
        .expect("the matters are gathered");
    let lines: Vec<(&str, &str, Vec<&str>)> = chart
        .edges
        .iter()
        .map(|e| {
            fn end(frame: Option<usize>, boxed: usize, id: &str) -> &str {
                if frame == Some(boxed) { "box" } else { id }
            }
            (
                end(e.from_frame, boxed, &e.from),
                end(e.to_frame, boxed, &e.to),
                e.labels.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            ("box", "rad", vec!["ingår i"]),
            ("box", "x", vec!["rapporterar till (3 av 5)"]),
            ("m5", "y", vec!["rapporterar till"]),
            ("rad", "m3", vec!["rapporterar till"]),
        ],
        "{lines:?}"
    );
    let to_x = chart.edges.iter().find(|e| e.to == "x").unwrap();
    for m in ["m1", "m2", "m4"] {
        assert!(
            to_x.tooltip.contains(&format!("{m} rapporterar till x")),
            "{}",
            to_x.tooltip
        );
    }
    // Bundled lines do not rank the box; the box's own line is drawn from
    // the box's node, and the box is sunk under the lowest rank (x, y).
    assert_eq!(to_x.rank, "none");
    let text = dot::write(&chart);
    assert!(text.contains(r#""grupp:rad:0" -> "rad" ["#), "{text}");
    for low in ["x", "y"] {
        let sink = format!(r#""grupp:rad:0":m0 -> "{low}" [style="invis"]"#);
        assert!(text.contains(&sink), "{text}");
    }
}
