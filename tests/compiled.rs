//! Compiled models (`orgraf compile`, `--model FILE.orgraf`): the same
//! answers as the folder, byte for byte; clear errors for a file that is
//! truncated, damaged, foreign or of another version; `compile` never
//! writes over a model source.

#[path = "util/model_edits.rs"]
mod model_edits;
mod util;

use std::fs;
use std::path::{Path, PathBuf};

use orgraf::graph::{Kind, KindId, Relation};
use orgraf::model::types::{AttributeDef, EdgeStyle, NodeStyle};
use orgraf::model::{self, ModelSource, compiled, load_texts};
use orgraf::output::{self, Format};
use proptest::prelude::*;

/// Compiles `model` (a folder, or the bundled model when `None`) into
/// `dir/NAME.orgraf` with the binary.
fn compile(model: Option<&Path>, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.orgraf"));
    let out_s = out.to_string_lossy().into_owned();
    let mut args = vec!["compile".to_string(), "-o".into(), out_s];
    if let Some(m) = model {
        args.insert(1, m.to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = util::orgraf(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("compiled "), "{}", r.stdout);
    out
}

fn scripts(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(util::root().join(dir))
        .expect("the scripts folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "oq"))
        .map(|p| {
            dir.join(p.file_name().unwrap())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    assert!(!v.is_empty());
    v
}

/// Runs `args` with `--model source` and with `--model compiled` (or
/// without `--model` for the bundled model) and compares everything.
fn same_output(source: Option<&Path>, compiled: &Path, args: &[&str]) {
    let with = |m: Option<&Path>| {
        let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        if let Some(m) = m {
            a.extend(["--model".into(), m.to_string_lossy().into_owned()]);
        }
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        util::orgraf(&a, None)
    };
    let (a, b) = (with(source), with(Some(compiled)));
    assert_eq!(a.code, b.code, "{args:?}: {}\n{}", a.stderr, b.stderr);
    assert_eq!(a.stdout, b.stdout, "{args:?}");
    assert_eq!(a.stderr, b.stderr, "{args:?}");
    assert!(!a.stdout.is_empty() || !a.stderr.is_empty(), "{args:?}");
}

#[test]
fn example_scripts_answer_alike_from_the_compiled_bundled_model() {
    let dir = tempfile::tempdir().unwrap();
    let file = compile(None, dir.path(), "vgr");
    for script in scripts(Path::new("queries")) {
        for format in ["text", "json", "csv"] {
            same_output(None, &file, &["run", &script, "--format", format]);
        }
    }
    same_output(None, &file, &["check"]);
    same_output(None, &file, &["query", "show PSG", "--format", "json"]);
    same_output(
        None,
        &file,
        &["diagram", "PSG", "--depth", "2", "--format", "dot"],
    );
    same_output(None, &file, &["diagram", "all", "--format", "mermaid"]);
    // The explorer, fed from stdin.
    let stdin = "? bereder PSG\nsearch samordning\n";
    let a = util::orgraf(&[], Some(stdin));
    let b = util::orgraf(&["--model", file.to_str().unwrap()], Some(stdin));
    assert_eq!((a.code, &a.stdout), (b.code, &b.stdout));
}

/// `diagram --diff OLD` and `diff OLD NEW` read a compiled model on
/// either side like its folder: the graph that holds both versions is
/// made from a compiled one too, and so are the dates they compare.
#[test]
fn comparisons_read_compiled_models_like_folders() {
    let dir = tempfile::tempdir().unwrap();
    let edited = model_edits::chart_edits();
    let bundled = util::root().join("model");
    let compiled_edited = compile(Some(edited.path()), dir.path(), "edited");
    let compiled_bundled = compile(None, dir.path(), "bundled");
    let run = |args: &[&Path]| {
        let args: Vec<&str> = args.iter().map(|a| a.to_str().unwrap()).collect();
        let r = util::orgraf(&args, None);
        (r.code, r.stdout, r.stderr)
    };
    let p = |s: &'static str| Path::new(s);
    // Each pair as folders, then with either or both sides compiled.
    for (new, old) in [
        (edited.path(), bundled.as_path()),
        (bundled.as_path(), edited.path()),
    ] {
        let compiled = |m: &Path| {
            if m == bundled {
                compiled_bundled.clone()
            } else {
                compiled_edited.clone()
            }
        };
        let (cnew, cold) = (compiled(new), compiled(old));
        // Charts and diffs name the two models by their paths.
        let run_named = |args: &[&Path], n: &Path, o: &Path| {
            let (code, out, err) = run(args);
            let out = out
                .replace(n.to_str().unwrap(), "NEW")
                .replace(o.to_str().unwrap(), "OLD");
            (code, out, err)
        };
        for target in ["psg", "arbetsgrupp_skaraborg", "all"] {
            let chart = |n: &Path, o: &Path| {
                let args = [p("diagram"), p(target), p("--model"), n, p("--diff"), o];
                run_named(&[&args[..], &[p("--format"), p("dot")]].concat(), n, o)
            };
            let want = chart(new, old);
            assert_eq!(want.0, 0, "{target}: {}", want.2);
            assert!(want.1.contains("NEW"), "{target}: the paths are replaced");
            for (n, o, which) in [
                (cnew.as_path(), old, "new"),
                (new, cold.as_path(), "old"),
                (cnew.as_path(), cold.as_path(), "both"),
            ] {
                assert!(
                    chart(n, o) == want,
                    "{target}: {which} compiled draws otherwise"
                );
            }
        }
        let diff =
            |o: &Path, n: &Path| run_named(&[p("diff"), o, n, p("--format"), p("json")], n, o);
        let want = diff(old, new);
        assert_eq!(want.0, 1, "{}", want.2);
        assert!(
            diff(&cold, &cnew) == want,
            "the diff of the compiled models differs"
        );
    }
}

/// Every file below `dir`, as (relative path, bytes), sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The web explorer's pages (`orgraf site`, the pages `serve` serves)
/// are the same from the compiled model.
#[test]
fn the_static_site_is_the_same_from_the_compiled_model() {
    let dir = tempfile::tempdir().unwrap();
    let file = compile(None, dir.path(), "vgr");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let r = util::orgraf(&["site", "-o", a.to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = util::orgraf(
        &[
            "--model",
            file.to_str().unwrap(),
            "site",
            "-o",
            b.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 100, "{} files", ta.len());
    assert!(ta == tb, "the sites differ");
}

#[test]
fn fixture_scripts_answer_alike_from_the_compiled_fixture_model() {
    let dir = tempfile::tempdir().unwrap();
    let model = util::fixture_model();
    let file = compile(Some(&model), dir.path(), "fixture");
    for script in scripts(Path::new("tests/fixtures/queries")) {
        for format in ["text", "json", "csv"] {
            same_output(Some(&model), &file, &["run", &script, "--format", format]);
        }
    }
    same_output(Some(&model), &file, &["check"]);
}

#[test]
fn a_compiled_csv_model_keeps_its_answers_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("csv");
    // Large enough that a search over everything under the national
    // body passes the size at which the folder's graph switches to
    // reading its edges as rows: it must go on taking the same paths
    // (the JSON lists the edges it took).
    orgraf::synth::generate(30_000, 7, &csv).unwrap();
    let file = compile(Some(&csv), dir.path(), "csv");
    // `check` prints the same warnings, pointing at the same lines.
    same_output(Some(&csv), &file, &["check"]);
    let script = dir.path().join("s.oq");
    fs::write(
        &script,
        "? rapporterar_till+ nat\n? bereder ?\nk1_ag0 rapporterar_till+ nat\n\
         path k1_ag0_smk -> nat\nlist delregion\nshow k1_lsg\nkinds\nsearch k1\nexplain k2_ks\n\
         ? (ingår_i|rapporterar_till)+ d0_psa where kind = organ\n\
         nat ^(rapporterar_till|ingår_i|bereder)+ ?\n",
    )
    .unwrap();
    let script = script.to_string_lossy().into_owned();
    for format in ["text", "json", "csv"] {
        same_output(Some(&csv), &file, &["run", &script, "--format", format]);
    }
}

/// The bytes of a small compiled model, from the library.
fn small_compiled() -> Vec<u8> {
    let loaded = model::load(&ModelSource::Dir(util::fixture_model())).unwrap();
    assert!(!loaded.has_errors());
    compiled::to_bytes(&loaded).unwrap()
}

/// Answers of a few statements of every kind, as JSON.
fn answers(g: &orgraf::graph::OrgGraph, statements: &[&str]) -> Vec<String> {
    statements
        .iter()
        .map(|s| {
            let stmt = orgraf::query::parse_statement(s).unwrap();
            match orgraf::query::eval(g, &stmt) {
                Ok(v) => output::render(&v, g, Format::Json),
                Err(d) => d.message,
            }
        })
        .collect()
}

const STATEMENTS: &[&str] = &[
    "? bereder ?",
    "? (bereder|rapporterar_till)+ SRO",
    "list",
    "show PSG",
    "path NOSAM_Lerum -> SRO",
    "search samordning",
    "relations",
    "kinds",
];

fn expect_error(bytes: &[u8], words: &str) {
    match compiled::from_bytes(bytes) {
        Ok(_) => panic!("a damaged file loaded (expected: {words})"),
        Err(e) => assert!(e.contains(words), "{e}\n(expected: {words})"),
    }
}

#[test]
fn compiling_is_deterministic() {
    assert_eq!(small_compiled(), small_compiled());
    let loaded = model::load(&ModelSource::Bundled).unwrap();
    let a = compiled::to_bytes(&loaded).unwrap();
    let back = compiled::from_bytes(&a).unwrap();
    // A compiled model compiles to the same bytes again.
    assert_eq!(compiled::to_bytes(&back).unwrap(), a);
}

#[test]
fn truncated_foreign_and_other_version_files_are_refused_clearly() {
    let bytes = small_compiled();
    assert!(compiled::from_bytes(&bytes).is_ok());
    for len in [0, 1, 7] {
        expect_error(&bytes[..len], "truncated");
    }
    for len in [8, 23, 24, 100, bytes.len() / 2, bytes.len() - 1] {
        expect_error(&bytes[..len], "truncated");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    expect_error(&longer, "after its end");
    expect_error(b"(nodes: [])", "not a compiled orgraf model");
    expect_error(b"id,kind,name\nx,organ,X\n", "not a compiled orgraf model");
    let mut older = bytes.clone();
    older[8..12].copy_from_slice(&0u32.to_le_bytes());
    compiled::seal(&mut older);
    expect_error(&older, "compiled by an older orgraf (format version 0");
    let mut newer = bytes.clone();
    newer[8..12].copy_from_slice(&(compiled::FORMAT_VERSION + 1).to_le_bytes());
    compiled::seal(&mut newer);
    expect_error(&newer, "compiled by a newer orgraf");
}

/// Every single-byte change is detected (the checksum); sealed again so
/// that the records are read, no change panics, and whatever still loads
/// answers without panicking.
#[test]
fn every_single_byte_flip_is_detected_and_never_panics() {
    let bytes = small_compiled();
    let good = compiled::from_bytes(&bytes).unwrap();
    let want = answers(&good.graph, STATEMENTS);
    let mut loaded_after_reseal = 0;
    for i in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            match compiled::from_bytes(&b) {
                // Only a flip the layout ignores may load: then the
                // answers are the same.
                Ok(l) => assert_eq!(answers(&l.graph, STATEMENTS), want, "byte {i} ^ {flip:#x}"),
                Err(e) => assert!(!e.is_empty()),
            }
            compiled::seal(&mut b);
            if let Ok(l) = compiled::from_bytes(&b) {
                loaded_after_reseal += 1;
                let _ = answers(&l.graph, STATEMENTS);
            }
        }
    }
    // Most resealed flips change a name or a quote and still load.
    assert!(loaded_after_reseal > 0);
}

#[test]
fn compile_never_writes_over_a_model_source() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m");
    fs::create_dir(&model).unwrap();
    let ron = fs::read(util::fixture_model().join("model.ron")).unwrap();
    fs::write(model.join("model.ron"), &ron).unwrap();
    let other = dir.path().join("notes.txt");
    fs::write(&other, "my notes").unwrap();
    let m = model.to_str().unwrap();
    let refused = [
        (model.join("model.ron"), "part of a model folder"),
        (model.join("nodes.csv"), "part of a model folder"),
        (model.clone(), "is a folder"),
        (other.clone(), "not a compiled model"),
    ];
    for (out, words) in refused {
        let r = util::orgraf(&["compile", m, "-o", out.to_str().unwrap()], None);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(words), "{}", r.stderr);
    }
    assert_eq!(fs::read(model.join("model.ron")).unwrap(), ron);
    assert!(!model.join("nodes.csv").exists());
    assert_eq!(fs::read_to_string(&other).unwrap(), "my notes");
    // A compiled model is not compiled onto itself, and a compiled
    // model is replaced by compiling again.
    let file = compile(Some(&model), dir.path(), "m");
    let f = file.to_str().unwrap();
    let r = util::orgraf(&["compile", f, "-o", f], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("the model being compiled"),
        "{}",
        r.stderr
    );
    compile(Some(&model), dir.path(), "m");
    // A model with errors is not compiled, and nothing is written.
    fs::write(model.join("bad.ron"), "(nodes: [(id: \"x\")])").unwrap();
    let out = dir.path().join("bad.orgraf");
    let r = util::orgraf(&["compile", m, "-o", out.to_str().unwrap()], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!out.exists());
    // m, m.orgraf and notes.txt: no temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn bad_compiled_files_are_usage_errors_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = compile(None, dir.path(), "vgr");
    let mut bytes = fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x20;
    let damaged = dir.path().join("damaged.orgraf");
    fs::write(&damaged, &bytes).unwrap();
    let truncated = dir.path().join("truncated.orgraf");
    fs::write(&truncated, &bytes[..n / 3]).unwrap();
    let d = damaged.to_str().unwrap();
    let t = truncated.to_str().unwrap();
    for (file, words) in [(d, "damaged"), (t, "truncated")] {
        for args in [
            vec!["check"],
            vec!["query", "? bereder PSG"],
            vec!["diagram", "PSG"],
        ] {
            let mut a = vec!["--model", file];
            a.extend(args);
            let r = util::orgraf(&a, None);
            assert_eq!(r.code, 2, "{a:?}: {}", r.stderr);
            assert!(r.stderr.contains(words), "{}", r.stderr);
            assert!(r.stderr.contains("orgraf compile"), "{}", r.stderr);
            assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        }
    }
}

/// Changing what the compiled file holds must change [`FORMAT_VERSION`]:
/// this checksum of a small compiled model moves with any change of the
/// layout or of the serde shapes in it. When it fails, bump the version
/// and put the new checksum here.
#[test]
fn compiled_format_is_pinned() {
    let text = r#"(
        documents: [(file: "d.txt", title: "D")],
        nodes: [
            (id: "a", name: "Alfa", kind: "organ", subkind: "styrgrupp", aliases: ["A1"],
             attributes: [(key: "mandat", value: "inget", sources: [(doc: "d.txt", quote: "q")])],
             former_names: [(name: "Alef", changed: "c", valid_until: (date: "2016", sources: [(doc: "d.txt", quote: "q")]),
                             sources: [(doc: "d.txt", quote: "q")])],
             valid_from: (date: "2015-02", sources: [(doc: "d.txt", quote: "q")]),
             sources: [(doc: "d.txt", quote: "q")]),
            (id: "b", name: "Beta", kind: "nämnd", sources: [(doc: "d.txt", quote: "q")]),
        ],
        edges: [(from: "a", rel: "bereder", to: "b", count: 2, note: "n",
                 valid_until: (date: "2022-10-03", sources: [(doc: "d.txt", quote: "q")]),
                 sources: [(doc: "d.txt", quote: "q")])],
    )"#;
    let mut loaded = load_texts(vec![("m.ron".into(), text.as_bytes().to_vec())], None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    // The built-in catalog is data that may change; a fixed one of the
    // same types stands in for it.
    let c = &mut loaded.graph.catalog;
    c.kinds = vec![Kind {
        id: "k".into(),
        label: "k".into(),
        english: Some("e".into()),
        description: None,
        subkinds: vec!["s".into()],
        style: NodeStyle::default(),
    }];
    c.relations = vec![Relation {
        id: "r".into(),
        label: "r".into(),
        inverse: "i".into(),
        ascii: "r".into(),
        english: None,
        description: Some("d".into()),
        subject_kinds: vec![KindId(0)],
        object_kinds: vec![],
        reachable: true,
        style: EdgeStyle::default(),
    }];
    c.attributes = vec![AttributeDef {
        id: "mandat".into(),
        label: "mandat".into(),
        english: Some("mandate".into()),
    }];
    let bytes = compiled::to_bytes(&loaded).unwrap();
    let crc = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
    assert_eq!(
        (compiled::FORMAT_VERSION, crc),
        (3, 1_781_566_106),
        "the compiled format changed: bump FORMAT_VERSION and pin the new checksum"
    );
}

fn model_text(nodes: &[(u8, String, Vec<String>)], edges: &[(u8, u8, u8)]) -> String {
    const KINDS: &[&str] = &["organ", "nämnd", "roll", "huvudman"];
    const RELS: &[&str] = &["bereder", "rapporterar_till", "utser", "ingår_i"];
    let src = r#"sources: [(doc: "d.txt", quote: "q")]"#;
    let mut t = String::from(r#"(documents: [(file: "d.txt", title: "D")], nodes: ["#);
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    for (i, (kind, name, aliases)) in nodes.iter().enumerate() {
        let aliases: Vec<String> = aliases.iter().map(|a| format!("\"{}\"", esc(a))).collect();
        t.push_str(&format!(
            r#"(id: "n{i}", name: "{}", kind: "{}", aliases: [{}], {src}),"#,
            esc(name),
            KINDS[*kind as usize % KINDS.len()],
            aliases.join(",")
        ));
    }
    t.push_str("], edges: [");
    for (a, r, b) in edges {
        let n = nodes.len().max(1);
        t.push_str(&format!(
            r#"(from: "n{}", rel: "{}", to: "n{}", {src}),"#,
            *a as usize % n,
            RELS[*r as usize % RELS.len()],
            *b as usize % n
        ));
    }
    t.push_str("])");
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A random model and its compiled file answer every statement alike.
    #[test]
    fn random_models_answer_alike_compiled(
        nodes in prop::collection::vec(
            (any::<u8>(), "[A-Za-zåäöÅÄÖ0-9 _-]{1,12}", prop::collection::vec("[a-zåäö ]{1,8}", 0..3)),
            1..12,
        ),
        edges in prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..30),
    ) {
        let text = model_text(&nodes, &edges);
        let loaded = load_texts(vec![("m.ron".into(), text.into_bytes())], None);
        prop_assume!(!loaded.has_errors());
        let bytes = compiled::to_bytes(&loaded).unwrap();
        let back = compiled::from_bytes(&bytes).unwrap();
        let g = &loaded.graph;
        let mut statements: Vec<String> = STATEMENTS.iter().map(|s| s.to_string()).collect();
        for b in g.bodies() {
            let id = &g.node(b).id;
            statements.push(format!("show {id}"));
            statements.push(format!("{id} (bereder|rapporterar_till|ingår_i)* ?"));
            statements.push(format!("? ^utser/bereder {id}"));
            statements.push(format!("explain \"{}\"", g.node(b).name));
        }
        statements.push("? (bereder|utser)+ ?".into());
        let refs: Vec<&str> = statements.iter().map(String::as_str).collect();
        prop_assert_eq!(answers(&back.graph, &refs), answers(g, &refs));
        prop_assert_eq!(back.graph.summary(), g.summary());
        prop_assert_eq!(back.diagnostics, loaded.diagnostics);
    }
}

/// The edges of one graph as comparable lines, in the order each
/// accessor gives them (evidence included).
fn edge_lines(g: &orgraf::graph::OrgGraph) -> Vec<String> {
    let line =
        |e: orgraf::graph::Edge<'_>| format!("{:?} {:?} {:?} {:?}", e.from, e.rel, e.to, e.info);
    let mut out = Vec::new();
    for b in g.bodies() {
        let n = g.node(b);
        let aliases: Vec<&str> = g.aliases(b).collect();
        out.push(format!(
            "node {} {} {:?} {aliases:?} {:?}",
            n.id,
            n.name,
            n.kind,
            g.details(b)
        ));
        out.extend(g.out_edges(b).map(line).map(|l| format!("out {l}")));
        out.extend(g.in_edges(b).map(line).map(|l| format!("in {l}")));
        for dir in [petgraph::Direction::Outgoing, petgraph::Direction::Incoming] {
            out.extend(
                g.neighbours(b, dir, |_| true)
                    .map(|n| format!("next {n:?}")),
            );
        }
    }
    // `edges()` of a compiled model comes by source; compare in that order.
    let mut all: Vec<_> = g.edges().map(|e| (e.from, line(e))).collect();
    all.sort_by_key(|(from, _)| *from);
    out.extend(all.into_iter().map(|(_, l)| format!("edge {l}")));
    out
}

/// The compiled model reads every node, edge and neighbour in the order
/// the built graph gives them, evidence included: the searches, which
/// follow that order, then take the same paths.
#[test]
fn a_compiled_model_lists_nodes_and_edges_in_model_order() {
    for source in [
        ModelSource::Bundled,
        ModelSource::Dir(util::fixture_model()),
    ] {
        let loaded = model::load(&source).unwrap();
        let back = compiled::from_bytes(&compiled::to_bytes(&loaded).unwrap()).unwrap();
        let (want, got) = (edge_lines(&loaded.graph), edge_lines(&back.graph));
        assert!(loaded.graph.edge_count() > 5);
        assert_eq!(got, want);
        for b in loaded.graph.bodies() {
            let id = loaded.graph.node(b).id;
            assert_eq!(back.graph.by_id(id), Some(b));
            assert_eq!(
                back.graph.resolve(loaded.graph.node(b).name),
                loaded.graph.resolve(loaded.graph.node(b).name)
            );
        }
        assert_eq!(back.graph.by_id("no-such-id"), None);
        assert_eq!(back.graph.bodies_sorted(), loaded.graph.bodies_sorted());
    }
}
