//! Hostile model input: huge strings, many nodes, cycles and self-loops,
//! bad bytes. Each gets an answer or a clear error, never a panic, a
//! stack overflow or a hang.

mod util;

use orgraf::model::{Loaded, load_texts};

fn load(files: &[(&str, String)]) -> Loaded {
    load_texts(
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.clone().into_bytes()))
            .collect(),
        None,
    )
}

const DOCS: &str = r#"documents: [(file: "d.txt", title: "D")],"#;
const SRC: &str = r#"sources: [(doc: "d.txt", quote: "q")]"#;

fn node(id: &str, name: &str) -> String {
    format!(r#"(id: "{id}", name: "{name}", kind: "organ", {SRC}),"#)
}

fn edge(from: &str, rel: &str, to: &str) -> String {
    format!(r#"(from: "{from}", rel: "{rel}", to: "{to}", {SRC}),"#)
}

#[test]
fn a_five_megabyte_string_loads() {
    let big = "å".repeat(5 * 1024 * 1024 / 2);
    let text = format!(
        "({DOCS} nodes: [{}{}], edges: [{}])",
        node("a", &big),
        node("b", "B"),
        edge("a", "bereder", "b")
    );
    let l = load(&[("m.ron", text)]);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    assert_eq!(l.graph.node_count(), 2);
    assert_eq!(
        l.graph.node(l.graph.resolve("a").unwrap()).name,
        big.as_str()
    );
}

#[test]
fn a_hundred_thousand_nodes_in_one_file_load() {
    let mut text = format!("({DOCS} nodes: [");
    for i in 0..100_000 {
        text.push_str(&node(&format!("n{i}"), &format!("Nod {i}")));
    }
    text.push_str("], edges: [");
    // A long reporting chain, in the order that makes a recursive
    // depth-first search overflow the stack (it once did, in the cycle check).
    for i in 1..100_000 {
        text.push_str(&edge(
            &format!("n{}", i - 1),
            "rapporterar_till",
            &format!("n{i}"),
        ));
    }
    text.push_str("])");
    let l = load(&[("big.ron", text)]);
    assert!(
        !l.has_errors(),
        "{:?}",
        &l.diagnostics[..l.diagnostics.len().min(3)]
    );
    assert_eq!(l.graph.node_count(), 100_000);
    assert_eq!(l.graph.edge_count(), 99_999);
}

#[test]
fn cycles_in_every_relation_and_self_loops() {
    let mut nodes = String::new();
    let mut edges = String::new();
    for id in ["a", "b", "c"] {
        nodes.push_str(&node(id, &id.to_uppercase()));
    }
    for rel in [
        "bereder",
        "utser",
        "ingår_i",
        "sammankallar",
        "rekommenderar",
    ] {
        edges.push_str(&edge("a", rel, "b"));
        edges.push_str(&edge("b", rel, "c"));
        edges.push_str(&edge("c", rel, "a"));
        edges.push_str(&edge("a", rel, "a"));
    }
    let l = load(&[(
        "m.ron",
        format!("({DOCS} nodes: [{nodes}], edges: [{edges}])"),
    )]);
    assert!(
        !l.has_errors(),
        "cycles are allowed outside rapporterar_till: {:?}",
        l.diagnostics
    );
    // A self-loop in rapporterar_till is a cycle, and is reported.
    let text = format!(
        "({DOCS} nodes: [{}], edges: [{}])",
        node("a", "A"),
        edge("a", "rapporterar_till", "a")
    );
    let l = load(&[("m.ron", text)]);
    assert!(
        l.diagnostics
            .iter()
            .any(|d| d.message.contains("forms a cycle")),
        "{:?}",
        l.diagnostics
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!(
        "({DOCS} nodes: {}{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let l = load(&[("deep.ron", text)]);
    assert!(l.has_errors());
    let msg = &l.diagnostics[0].message;
    assert!(msg.contains("RON syntax"), "{msg}");
}

#[test]
fn bad_bytes_are_located() {
    let l = load_texts(
        vec![("bad.ron".into(), b"(\n  nodes: [\xc3\x28],\n)".to_vec())],
        None,
    );
    let d = &l.diagnostics[0];
    assert!(d.message.contains("not valid UTF-8"), "{d:?}");
    assert_eq!(d.span.start, 12);
    let l = load_texts(vec![("nul.ron".into(), b"(nodes: [\0])".to_vec())], None);
    assert!(
        l.diagnostics[0].message.contains("NUL"),
        "{:?}",
        l.diagnostics
    );
}

#[test]
fn check_never_writes_to_model_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.ron");
    let text = format!(
        "({DOCS} nodes: [{}{}], edges: [{}])",
        node("a", "A"),
        node("b", "B"),
        edge("a", "bereder", "b")
    );
    std::fs::write(&p, &text).unwrap();
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    let r = util::orgraf(&["check", "--model", dir.path().to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
