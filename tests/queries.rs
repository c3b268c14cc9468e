//! Example scripts with their expected output, kept true.
//!
//! Every `queries/*.oq` runs against the bundled model and every
//! `tests/fixtures/queries/*.oq` against the fixture model; each must
//! print exactly its `.out` file (text) and, where one exists, its `.json`
//! file (`--format json`). Refresh the expected files after a deliberate
//! change with:
//!
//!     UPDATE_EXPECT=1 cargo test --test queries

mod util;

use std::fs;
use std::path::{Path, PathBuf};

fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "oq"));
    v.sort();
    v
}

/// Runs `script` and compares (or, with UPDATE_EXPECT, writes) the
/// output; returns a description of each mismatch.
fn check(script: &Path, model: Option<&Path>) -> Vec<String> {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let rel = script
        .strip_prefix(util::root())
        .unwrap_or(script)
        .to_string_lossy()
        .into_owned();
    let mut problems = Vec::new();
    for (ext, format) in [("out", "text"), ("json", "json")] {
        let expected_path = script.with_extension(ext);
        if ext == "json" && !expected_path.exists() {
            continue;
        }
        let mut args = vec!["run", rel.as_str(), "--format", format];
        let model_arg;
        if let Some(m) = model {
            model_arg = m.to_string_lossy().into_owned();
            args.extend(["--model", model_arg.as_str()]);
        }
        let out = util::orgraf(&args, None);
        if out.code != 0 {
            problems.push(format!(
                "{rel} ({format}) exited with {}:\n{}",
                out.code, out.stderr
            ));
            continue;
        }
        if update {
            fs::write(&expected_path, &out.stdout).expect("write expected output");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != out.stdout {
            problems.push(format!(
                "{rel} ({format}) differs from {}:\n--- expected\n{expected}\n--- got\n{}",
                expected_path.display(),
                out.stdout
            ));
        }
    }
    problems
}

#[test]
fn fixture_examples_give_their_expected_output() {
    let dir = util::root().join("tests/fixtures/queries");
    let all = scripts(&dir);
    assert!(!all.is_empty(), "no scripts in {}", dir.display());
    let model = util::fixture_model();
    let problems: Vec<String> = all.iter().flat_map(|s| check(s, Some(&model))).collect();
    assert!(
        problems.is_empty(),
        "{}\n(refresh with UPDATE_EXPECT=1 cargo test --test queries)",
        problems.join("\n")
    );
}

#[test]
fn bundled_model_examples_give_their_expected_output() {
    let problems: Vec<String> = scripts(&util::root().join("queries"))
        .iter()
        .flat_map(|s| check(s, None))
        .collect();
    assert!(
        problems.is_empty(),
        "{}\n(refresh with UPDATE_EXPECT=1 cargo test --test queries)",
        problems.join("\n")
    );
}
