//! Mermaid output parses in Mermaid itself: every committed `.mmd` in
//! diagrams/, the depth-1 chart of every body of the bundled model, the
//! whole model, the hostile model's charts and one chart of a comparison
//! (`diagram --diff`) go through `mermaid.parse`
//! of the Mermaid release pinned in tests/mermaid/ (run by Node with
//! jsdom). Needs `node` and `npm` on PATH and, the first time, the npm
//! registry; a missing `node` or `npm` is a failure, never a skip.

#[path = "util/model_edits.rs"]
mod model_edits;
mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use orgraf::diagram::{self, Around, ChartOptions, DiagramFormat, Selection};
use orgraf::model::{self, ModelSource};
use util::root;

fn run(cmd: &mut Command, what: &str) -> Output {
    cmd.output().unwrap_or_else(|e| {
        panic!(
            "`{what}` is needed by this test and could not be run ({e}); install Node.js and npm \
             (`apt-get install nodejs npm`)"
        )
    })
}

/// A folder under target/ with tests/mermaid/'s package, its locked
/// dependencies installed by `npm ci` (again only when the lock file
/// changed); once per test run.
fn checker() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(install)
}

fn install() -> PathBuf {
    let src = root().join("tests/mermaid");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mermaid-check");
    std::fs::create_dir_all(&dir).unwrap();
    let lock = std::fs::read(src.join("package-lock.json")).unwrap();
    let installed = std::fs::read(dir.join("installed.lock")).ok();
    for f in ["package.json", "package-lock.json", "check.mjs"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    if installed.as_deref() != Some(&lock[..]) || !dir.join("node_modules").is_dir() {
        let out = run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir),
            "npm",
        );
        assert!(
            out.status.success(),
            "`npm ci` in {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(dir.join("installed.lock"), &lock).unwrap();
    }
    dir
}

/// `node check.mjs FILES`: its exit status and what it printed.
fn check(dir: &Path, files: &[PathBuf]) -> (bool, String) {
    let out = run(
        Command::new("node")
            .arg("check.mjs")
            .args(files)
            .current_dir(dir),
        "node",
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn mermaid_output_parses_in_mermaid() {
    let dir = checker();
    let charts = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("diagrams"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "committed .mmd files: {files:?}");
    let mut write = |name: &str, g: &orgraf::graph::OrgGraph, sel: &Selection| {
        let bytes = diagram::render_with(g, sel, DiagramFormat::Mermaid, &ChartOptions::default())
            .expect("Mermaid needs no Graphviz");
        let path = charts.path().join(format!("{name}.mmd"));
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    };
    for (name, source) in [
        ("bundled", ModelSource::Bundled),
        (
            "hostile",
            ModelSource::Dir(root().join("tests/fixtures/diagram/hostile")),
        ),
    ] {
        let loaded = model::load(&source).expect("model loads");
        assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
        let g = loaded.graph;
        write(&format!("{name}-all"), &g, &Selection::all(&g));
        for (i, b) in g.bodies().enumerate() {
            let sel = Selection::around(&g, &[b], &Around::default());
            write(&format!("{name}-{i:03}"), &g, &sel);
        }
    }
    // A chart of a comparison: PSG in the bundled model and in a copy
    // with a body added, an edge removed and PSG renamed.
    let edited = model_edits::chart_edits();
    let load = |s: ModelSource| model::load(&s).expect("model loads").graph;
    let cmp = diagram::diff::Comparison::of(
        &load(ModelSource::Bundled),
        &load(ModelSource::Dir(edited.path().to_path_buf())),
    );
    let psg = cmp.graph.by_id("psg").expect("psg");
    let sel = Selection::around(&cmp.graph, &[psg], &Around::default());
    write("diff-psg", &cmp.graph, &cmp.mark(sel, "model", "kopian"));
    let diff_chart = std::fs::read_to_string(files.last().expect("written")).unwrap();
    for class in ["diff_ny", "diff_borttagen", "diff_andrad"] {
        assert!(
            diff_chart.contains(&format!("classDef {class} ")),
            "{class}"
        );
    }
    let (ok, text) = check(dir, &files);
    assert!(ok, "Mermaid output that Mermaid cannot parse:\n{text}");
    assert!(
        text.contains(&format!("{} of {} files parse", files.len(), files.len())),
        "{text}"
    );
}

/// The check can fail: a chart with a broken line is reported by name.
#[test]
fn the_mermaid_check_finds_a_broken_chart() {
    let dir = checker();
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.mmd");
    let bad = tmp.path().join("bad.mmd");
    std::fs::write(&good, "flowchart BT\n  a[\"A\"] --> b[\"B\"]\n").unwrap();
    std::fs::write(&bad, "flowchart BT\n  a[\"A\"] --> |broken b\n  subgraph\n").unwrap();
    let (ok, text) = check(dir, std::slice::from_ref(&good));
    assert!(ok, "{text}");
    let (ok, text) = check(dir, &[good, bad]);
    assert!(!ok, "{text}");
    assert!(text.contains("FAIL ") && text.contains("bad.mmd"), "{text}");
    assert!(text.contains("1 of 2 files parse"), "{text}");
}
