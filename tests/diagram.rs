//! `orgraf diagram`: snapshots of DOT and Mermaid, the real `dot` on the
//! output, hostile names, a missing Graphviz, and files that cannot be
//! written.

#[path = "util/graphviz.rs"]
mod graphviz;
mod util;

use std::path::Path;

use util::{Output, cmd, orgraf};

const SKARABORG: &str = "tests/fixtures/diagram/skaraborg";
const HOSTILE: &str = "tests/fixtures/diagram/hostile";

/// `orgraf --model MODEL diagram ARGS…`, which must succeed.
fn diagram(model: &str, args: &[&str]) -> String {
    let r = diagram_run(model, args);
    assert_eq!(r.code, 0, "orgraf diagram {args:?} failed:\n{}", r.stderr);
    r.stdout
}

fn diagram_run(model: &str, args: &[&str]) -> Output {
    let mut all = vec!["--model", model, "diagram"];
    all.extend_from_slice(args);
    orgraf(&all, None)
}

macro_rules! snapshot {
    ($($name:ident: $model:expr, [$($arg:expr),*];)*) => {$(
        #[test]
        fn $name() {
            let text = diagram($model, &[$($arg),*]);
            insta::assert_snapshot!(stringify!($name), text);
            if text.starts_with("digraph") {
                graphviz::svg(text.as_bytes());
            }
        }
    )*};
}

snapshot! {
    psg_depth_1_dot: SKARABORG, ["PSG", "--depth", "1"];
    psg_depth_1_mermaid: SKARABORG, ["PSG", "--depth", "1", "--format", "mermaid"];
    skaraborg_all_dot: SKARABORG, ["all"];
    skaraborg_all_mermaid: SKARABORG, ["all", "--format", "mermaid"];
    rattspsykiatri_up_dot: SKARABORG, ["Samordningsråd rättspsykiatri", "--depth", "2", "--direction", "up"];
    psg_prepared_by_dot: SKARABORG, ["psg", "--relations", "bereder,reports_to", "--direction", "up"];
    hostile_all_dot: HOSTILE, ["all"];
    hostile_all_mermaid: HOSTILE, ["all", "--format", "mermaid"];
    hostile_box_dot: HOSTILE, ["end"];
    hostile_box_mermaid: HOSTILE, ["end", "--format", "mermaid"];
    query_path_dot: SKARABORG, ["--query", "path regionala_processteam -> koncernledning_hs"];
    query_path_mermaid: SKARABORG, ["--query", "path regionala_processteam -> koncernledning_hs", "--format", "mermaid"];
}

#[test]
fn a_query_draws_its_answer() {
    let dot = diagram(
        SKARABORG,
        &["--query", "path regionala_processteam -> koncernledning_hs"],
    );
    for edge in [
        r#""regionala_processteam" -> "samordningsrad_rattspsykiatri""#,
        r#""samordningsrad_rattspsykiatri" -> "koncernledning_hs""#,
    ] {
        assert!(dot.contains(edge), "{edge} missing:\n{dot}");
    }
    assert_eq!(
        dot.matches(r#"penwidth="2.5""#).count(),
        2,
        "both ends emphasised:\n{dot}"
    );
    assert!(!dot.contains(r#""psg"["#), "only the path is drawn:\n{dot}");
}

#[test]
fn a_query_that_fails_or_finds_nothing_is_an_input_error() {
    let r = diagram_run(SKARABORG, &["--query", "? bereder PSGG"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown name"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean PSG"), "{}", r.stderr);
    let r = diagram_run(SKARABORG, &["--query", "? bereder styrgrupp_skaraborg"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("nothing to draw"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn same_arguments_give_byte_identical_output() {
    for format in ["dot", "mermaid"] {
        let a = diagram(SKARABORG, &["all", "--format", format]);
        let b = diagram(SKARABORG, &["all", "--format", format]);
        assert_eq!(a, b);
    }
}

#[test]
fn relations_and_direction_narrow_the_selection() {
    let dot = diagram(
        SKARABORG,
        &["PSG", "--relations", "bereder", "--direction", "up"],
    );
    assert!(dot.contains(r#""styrgrupp_skaraborg" -> "psg""#), "{dot}");
    assert!(
        !dot.contains(r#""drno"["#),
        "DRNÖ is not reached over bereder:\n{dot}"
    );
}

/// The names of the hostile model as a reader sees them in the SVG: every
/// line of every label, the frame titles, and the quotes in tooltips.
#[test]
fn hostile_names_survive_dot_and_svg_verbatim() {
    let dot = diagram(HOSTILE, &["all"]);
    let svg = graphviz::svg(dot.as_bytes());
    let (texts, tips) = graphviz::texts_and_tooltips(&svg);
    for line in [
        "Region \"Väst\"",
        "<b>fet</b> & \\N \\l \\G",
        "(R&D)",
        "Nämnd &amp; &#945;",
        "&lt;inte entitet&gt;",
        "#quot; #35;",
        "Två",
        "rader",
        "och tabb",
        "Delområde ]] --> end %% ; `kod` |rör|",
        "Region \"Väst\" <b>fet</b> & \\N \\l \\G (R&D)",
        "legend:",
        "\"Teckenförklaring\"",
        "Hälsoochsjukvårdsutvecklingsdirektörsstaben",
        "Fientlig \"modell\" <test> & co, 2024-01-01",
        "spöke \"<b>\" & \\N",
        "spökar \"för\" <&>",
    ] {
        assert!(
            texts.iter().any(|t| t == line),
            "no text {line:?} in the SVG; texts: {texts:#?}"
        );
    }
    assert!(
        texts.iter().any(|t| t.starts_with("Ünïcödé 🦀")),
        "Unicode name lost: {texts:#?}"
    );
    let quote = "”citat med \"citattecken\", <taggar> & \\backslash\\ och\nradbrytning” \
                 (Dokument <1> & \"citat\" \\ snedstreck)";
    assert!(
        tips.iter().any(|t| t.contains(quote)),
        "no tooltip with the quote {quote:?}; tooltips: {tips:#?}"
    );
    assert!(
        tips.iter()
            .any(|t| t.contains("(antal: 2)\nnot \"e\" <i>\n”bereder \"allt\" & <mer>”")),
        "edge tooltip lost: {tips:#?}"
    );
}

/// Mermaid has no validator here, so check the shape of every line: plain
/// ids, and labels with no character that could end or break them.
#[test]
fn hostile_names_give_well_formed_mermaid() {
    let text = diagram(HOSTILE, &["all", "--format", "mermaid"]);
    let is_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut labels = 0;
    for line in text.lines().map(str::trim) {
        if let Some(title) = line.strip_prefix("title: ") {
            // A YAML double-quoted string: only escaped quotes inside.
            let inner = title
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .unwrap();
            assert!(
                !inner.replace("\\\\", "").replace("\\\"", "").contains('"'),
                "{line}"
            );
            continue;
        }
        if let Some(first) = line.find('"') {
            let last = line.rfind('"').unwrap();
            assert!(last > first, "unbalanced quote in {line:?}");
            let label = &line[first + 1..last];
            let plain = without_entity_codes(&label.replace("<br/>", ""));
            for bad in ['"', '<', '>', '&', '|', '`', '\\', ';', '%', '#'] {
                assert!(!plain.contains(bad), "{bad:?} unescaped in {line:?}");
            }
            labels += 1;
        }
        let head = line.split(['[', '(', '>', '{', ' ']).next().unwrap();
        match head {
            "---" | "title:" | "flowchart" | "classDef" | "subgraph" | "end" | "style"
            | "class" | "linkStyle" => {}
            id => assert!(is_id(id), "bad id {id:?} in {line:?}"),
        }
    }
    assert!(labels > 10, "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.trim().starts_with("subgraph "))
            .count(),
        text.lines().filter(|l| l.trim() == "end").count(),
        "subgraph/end unbalanced:\n{text}"
    );
}

/// `s` without Mermaid entity codes (`#quot;`, `#35;`).
fn without_entity_codes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let code = after
            .find(';')
            .filter(|&j| j > 0 && after[..j].chars().all(|c| c.is_ascii_alphanumeric()));
        match code {
            Some(j) => rest = &after[j + 1..],
            None => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn svg_and_png_go_through_graphviz() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("psg.svg");
    let png = dir.path().join("psg.png");
    let dot = dir.path().join("psg.gv");
    for out in [&svg, &png, &dot] {
        let r = diagram_run(
            SKARABORG,
            &["PSG", "--depth", "1", "-o", out.to_str().unwrap()],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    graphviz::assert_well_formed(&std::fs::read_to_string(&svg).unwrap());
    assert!(
        std::fs::read(&png)
            .unwrap()
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );
    assert_eq!(
        std::fs::read_to_string(&dot).unwrap(),
        diagram(SKARABORG, &["PSG", "--depth", "1"])
    );
    // --format wins over the extension.
    let r = diagram_run(
        SKARABORG,
        &["PSG", "--format", "mermaid", "-o", svg.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&svg)
            .unwrap()
            .contains("flowchart BT")
    );
}

/// Runs orgraf with a PATH that has no `dot` on it.
fn without_dot(args: &[&str]) -> Output {
    let empty = tempfile::tempdir().unwrap();
    let mut all = vec!["--model", SKARABORG, "diagram"];
    all.extend_from_slice(args);
    cmd(&all)
        .env("PATH", empty.path())
        .output()
        .expect("orgraf runs")
        .into()
}

#[test]
fn svg_without_graphviz_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("psg.svg");
    for args in [
        vec!["PSG", "--format", "svg"],
        vec!["PSG", "-o", out.to_str().unwrap()],
        vec!["PSG", "--format", "png", "-o", "ignored.png"],
    ] {
        let r = without_dot(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
        for needle in [
            "`dot` was not found",
            "apt-get install graphviz",
            "brew install graphviz",
            "--format dot",
        ] {
            assert!(
                r.stderr.contains(needle),
                "{needle:?} missing from:\n{}",
                r.stderr
            );
        }
    }
    assert!(!out.exists());
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("ignored.png")
            .exists()
    );
    // DOT and Mermaid need no Graphviz.
    for format in ["dot", "mermaid"] {
        let r = without_dot(&["PSG", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stdout.is_empty());
    }
}

#[test]
fn unwritable_output_is_a_clear_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"keep").unwrap();
    for name in ["psg.dot", "psg.svg"] {
        let target = file.join(name);
        let r = diagram_run(SKARABORG, &["PSG", "-o", target.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("error: cannot write"), "{}", r.stderr);
        assert!(r.stderr.contains(name), "{}", r.stderr);
    }
    let missing = dir.path().join("no/such/dir/psg.dot");
    let r = diagram_run(SKARABORG, &["PSG", "-o", missing.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), b"keep");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("plain-file")],
        "something was left behind"
    );
}

#[test]
fn output_file_without_a_known_extension_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("psg.txt");
    let r = diagram_run(SKARABORG, &["PSG", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format"), "{}", r.stderr);
    assert!(!out.exists());
}

#[test]
fn unknown_names_and_relations_are_input_errors_with_suggestions() {
    let r = diagram_run(SKARABORG, &["PSGG"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no body is named `PSGG`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
    let r = diagram_run(SKARABORG, &["PSG", "--relations", "beredr"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `bereder`?"), "{}", r.stderr);
}
