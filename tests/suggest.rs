//! `orgraf suggest`: the evaluation on the seed documents, the RON output
//! of the fictional test document loading with `check`, and hostile input.

mod util;

use orgraf::model::{self, ModelSource};
use orgraf::suggest::{self, eval};

/// Floors a little under the figures measured on the seed documents
/// (docs/SUGGEST.md), so that no document gets worse unnoticed: (file name
/// prefix, recall, precision). The issue asks for recall ≥ 70 % and
/// precision ≥ 60 % over all five; recall reaches 57 %.
const SEED_FLOORS: &[(&str, f64, f64)] = &[
    ("000_", 0.33, 0.80),
    ("001_", 0.58, 0.97),
    ("002_", 0.69, 0.89),
    ("003_", 0.72, 0.89),
    ("004_", 0.36, 0.80),
    ("all", 0.56, 0.89),
];

/// Likewise for the fictional documents, each written with the model a
/// careful reader makes of it: (folder, document, model file, recall,
/// precision). Their first readings, before the fixes they showed, are
/// in docs/SUGGEST.md; Åsbygden was the last held out.
const FICTIONAL: &[(&str, &str, &str, f64, f64)] = &[
    (
        "norralven",
        "uppdragsbeskrivning_norralven.txt",
        "norralven.ron",
        0.88,
        0.88,
    ),
    (
        "kustlandet",
        "uppdragshandling_kustlandet.txt",
        "kustlandet.ron",
        0.77,
        0.97,
    ),
    (
        "sjobygden",
        "uppdragsbeskrivning_sjobygden.txt",
        "sjobygden.ron",
        0.90,
        0.97,
    ),
    (
        "asbygden",
        "uppdragshandling_asbygden.txt",
        "asbygden.ron",
        0.70,
        0.93,
    ),
];

/// Asserts the floors of a measured row.
#[track_caller]
fn assert_floors(f: &eval::Figures, recall: f64, precision: f64, table: &str) {
    assert!(
        f.recall() >= recall && f.precision() >= precision,
        "suggest on {}: recall {:.1} % (floor {:.0} %), precision {:.1} % (floor {:.0} %)\n{table}",
        f.document,
        100.0 * f.recall(),
        100.0 * recall,
        100.0 * f.precision(),
        100.0 * precision,
    );
}

fn seed_documents() -> Vec<(String, String)> {
    let dir = util::seeds_dir();
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("read the seeds folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).expect("a seed document is UTF-8");
            (n, text)
        })
        .collect();
    docs.sort();
    assert_eq!(
        docs.len(),
        5,
        "expected the five seed documents in {}",
        dir.display()
    );
    docs
}

/// Reproduces docs/SUGGEST.md: `cargo test --test suggest seed_evaluation -- --nocapture`.
#[test]
fn seed_evaluation() {
    let loaded = model::load(&ModelSource::Bundled).expect("the bundled model loads");
    let patterns =
        suggest::load_patterns(&loaded.graph, &ModelSource::Bundled).expect("the patterns compile");
    let rows = eval::evaluate(&loaded.graph, &patterns, &seed_documents());
    println!("{}", eval::errors(&rows));
    let table = eval::table(&rows);
    println!("{table}");
    println!(
        "{}",
        eval::relation_table(rows.last().expect("a total row"))
    );
    assert_eq!(rows.len(), SEED_FLOORS.len());
    for (f, &(prefix, recall, precision)) in rows.iter().zip(SEED_FLOORS) {
        assert!(
            f.document.starts_with(prefix),
            "{} for {prefix}",
            f.document
        );
        assert_floors(f, recall, precision, &table);
    }
}

/// A model folder: the bundled model's files and `extra` as a new file.
fn model_with(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(util::root().join("model")).expect("model folder") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|x| x == "ron") {
            std::fs::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(dir.path().join("zz_suggested.ron"), extra).expect("write");
    dir
}

fn check_passes(ron: &str) {
    let dir = model_with(ron);
    let check = util::orgraf(
        &["check", "--model", dir.path().to_str().expect("UTF-8")],
        None,
    );
    assert_eq!(
        check.code, 0,
        "check failed:\n{}\n--- the RON:\n{ron}",
        check.stderr
    );
    assert!(check.stdout.starts_with("ok: "), "{}", check.stdout);
}

/// What suggest proposes from each seed, pasted beside the model that was
/// made from it, passes check: conflicts stay comments.
#[test]
fn ron_output_of_every_seed_passes_check() {
    let dir = util::seeds_dir();
    for (name, _) in seed_documents() {
        let path = dir.join(&name);
        let out = util::orgraf(
            &["suggest", path.to_str().expect("UTF-8"), "--format", "ron"],
            None,
        );
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        check_passes(&out.stdout);
    }
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/suggest/{name}")
}

/// The suggestions for the fictional document, pasted as a new model
/// file beside the bundled model, pass `orgraf check`.
#[test]
fn ron_output_of_the_test_document_passes_check() {
    let out = util::orgraf(
        &[
            "suggest",
            &fixture("uppdragshandling_hamnstaden.txt"),
            "--format",
            "ron",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The document is new: declared, with its new bodies and edges live.
    assert!(
        out.stdout
            .contains("documents: [(file: \"uppdragshandling_hamnstaden.txt\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("id: \"vardsamverkansrad_hamnstaden\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("(from: \"beredningsgruppen_hamnstaden\", rel: \"bereder\", to: \"vardsamverkansrad_hamnstaden\""),
        "{}",
        out.stdout
    );
    check_passes(&out.stdout);
    // Likewise the other two fictional documents, against the bundled model.
    for &(dir, doc, ..) in FICTIONAL {
        let doc = format!("{dir}/{doc}");
        let out = util::orgraf(&["suggest", &fixture(&doc), "--format", "ron"], None);
        assert_eq!(out.code, 0, "{doc}: {}", out.stderr);
        check_passes(&out.stdout);
    }
}

#[test]
fn text_json_and_stdin_agree() {
    let doc =
        std::fs::read_to_string(util::root().join(fixture("uppdragshandling_hamnstaden.txt")))
            .expect("fixture");
    let json = util::orgraf(&["suggest", "-", "--format", "json"], Some(&doc));
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(v["document"], "stdin");
    let edges = v["edges"].as_array().expect("edges");
    assert!(!edges.is_empty());
    for e in edges {
        assert!(
            e["quotes"][0]["line"].as_u64().is_some_and(|l| l > 0),
            "{e}"
        );
        assert!(!e["reason"].as_str().unwrap_or("").is_empty(), "{e}");
    }
    let text = util::orgraf(
        &["suggest", &fixture("uppdragshandling_hamnstaden.txt")],
        None,
    );
    assert_eq!(text.code, 0);
    let again = util::orgraf(
        &["suggest", &fixture("uppdragshandling_hamnstaden.txt")],
        None,
    );
    assert_eq!(text.stdout, again.stdout, "output is deterministic");
}

#[test]
fn binary_bytes_are_an_error_at_their_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("doc.pdf");
    std::fs::write(&p, b"%PDF-1.7\n\xff\xfe\x00binary").expect("write");
    let out = util::orgraf(&["suggest", p.to_str().expect("UTF-8")], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("not valid UTF-8"), "{}", out.stderr);
    assert!(out.stderr.contains(":2:1"), "{}", out.stderr);
}

#[test]
fn a_50_megabyte_file_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("big.txt");
    let f = std::fs::File::create(&p).expect("create");
    f.set_len(50 * 1024 * 1024).expect("a sparse 50 MB file");
    let out = util::orgraf(&["suggest", p.to_str().expect("UTF-8")], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("larger than 4 MB"), "{}", out.stderr);
}

#[test]
fn one_enormous_line_finishes() {
    // 3 MB on one line: words, names and pattern words, no full stop.
    let unit = "Styrgruppen bereder ärenden till PSG och rapporterar till VVG samt ";
    let line = unit.repeat(3 * 1024 * 1024 / unit.len());
    let out = util::orgraf(&["suggest", "-", "--format", "json"], Some(&line));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert!(v["edges"].as_array().is_some_and(|e| !e.is_empty()));
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let out = util::orgraf(&["suggest", "no/such/file.txt"], None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot read no/such/file.txt"),
        "{}",
        out.stderr
    );
}

/// Evaluates a fictional document against the bundled model plus the
/// model a careful reader made of it (`tests/fixtures/suggest/DIR/`).
fn fictional(dir: &str, doc: &str, model_file: &str) -> eval::Figures {
    let dir = util::root().join("tests/fixtures/suggest").join(dir);
    let mut files: Vec<(String, Vec<u8>)> = model::bundled_files()
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    files.push((
        model_file.into(),
        std::fs::read(dir.join(model_file)).expect("the reader's model"),
    ));
    let loaded = model::load_texts(files, None);
    assert!(
        !loaded.has_errors(),
        "the reader's model loads: {:?}",
        loaded.diagnostics
    );
    let patterns =
        suggest::load_patterns(&loaded.graph, &ModelSource::Bundled).expect("the patterns compile");
    let text = std::fs::read_to_string(dir.join(doc)).expect("the document");
    let rows = eval::evaluate(&loaded.graph, &patterns, &[(doc.to_string(), text)]);
    println!("{}", eval::errors(&rows));
    println!("{}", eval::table(&rows));
    rows.last().expect("a total row").clone()
}

/// The fictional documents, each written with its model before suggest
/// read it (docs/SUGGEST.md gives the history of each).
#[test]
fn fictional_documents_evaluation() {
    for &(dir, doc, model_file, recall, precision) in FICTIONAL {
        let f = fictional(dir, doc, model_file);
        assert!(f.model_edges > 15, "{f:?}");
        assert_floors(&f, recall, precision, "");
    }
}

/// A model folder adds its own phrases in `suggest/patterns.ron`; a
/// mistake there is an error naming the file.
#[test]
fn a_model_adds_its_own_patterns() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        util::fixture_model().join("model.ron"),
        dir.path().join("model.ron"),
    )
    .expect("copy");
    std::fs::create_dir(dir.path().join("suggest")).expect("mkdir");
    let patterns = dir.path().join("suggest/patterns.ron");
    std::fs::write(&patterns, r#"(relations: [(relation: "lyfter_ärenden_till", patterns: ["S skickar frågor till O"])])"#)
        .expect("write");
    let model = dir.path().to_str().expect("UTF-8");
    let doc = "NOSAM Lerum skickar frågor till SAMLA.\n";
    let out = util::orgraf(
        &["suggest", "-", "--model", model, "--format", "json"],
        Some(doc),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let edges: Vec<String> = v["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| format!("{} {} {} {}", e["from"], e["rel"], e["to"], e["reason"]))
        .collect();
    assert_eq!(
        edges,
        [r#""nosam_lerum" "lyfter_ärenden_till" "samla" "pattern \"S skickar frågor till O\"""#]
    );
    // Without the model's file the phrase means nothing.
    let plain = util::orgraf(
        &["suggest", "-", "--model", "tests/fixtures/query_model"],
        Some(doc),
    );
    assert!(
        !plain.stdout.contains("lyfter_ärenden_till"),
        "{}",
        plain.stdout
    );

    std::fs::write(
        &patterns,
        r#"(relations: [(relation: "skickar", patterns: ["S skickar O"])])"#,
    )
    .expect("write");
    let bad = util::orgraf(&["suggest", "-", "--model", model], Some(doc));
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(
        bad.stderr
            .contains("patterns.ron: unknown relation `skickar`"),
        "{}",
        bad.stderr
    );
    std::fs::write(
        &patterns,
        "(relations: [(relation: \"bereder\", patterns: [\"S bereder O\"],)",
    )
    .expect("write");
    let broken = util::orgraf(&["suggest", "-", "--model", model], Some(doc));
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    assert!(
        broken.stderr.contains("patterns.ron:1:"),
        "{}",
        broken.stderr
    );
}
