//! `orgraf check`: the bundled model is clean; every broken fixture fails
//! with located, complete diagnostics (snapshots of the exact output).

mod util;

use util::{Output, orgraf, orgraf_in};

fn check(fixture: &str) -> Output {
    orgraf(
        &[
            "check",
            "--model",
            &format!("tests/fixtures/check/{fixture}"),
        ],
        None,
    )
}

/// A fixture that must fail: exit 1, and the diagnostics as snapshot.
fn fails(fixture: &str) -> String {
    let r = check(fixture);
    assert_eq!(
        r.code, 1,
        "{fixture} should fail:\n{}{}",
        r.stdout, r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    r.stderr
}

macro_rules! broken_fixture {
    ($($name:ident => $needle:expr,)*) => {$(
        #[test]
        fn $name() {
            let out = fails(stringify!($name));
            assert!(out.contains($needle), "expected {:?} in:\n{out}", $needle);
            insta::assert_snapshot!(stringify!($name), out);
        }
    )*};
}

broken_fixture! {
    syntax_error => "model.ron:4:50",
    unknown_field => "did you mean `name`?",
    duplicate_id => "first defined at tests/fixtures/check/duplicate_id/model.ron:4:9",
    unknown_edge_end => "did you mean `psg`?",
    unknown_relation => "did you mean `bereder`?",
    unknown_kind => "did you mean `organ`?",
    name_collision => "is also a name or alias of `drno`",
    kind_violation => "takes objects of kind organ, nämnd",
    two_chairs => "two chairs at the same time",
    report_cycle => "forms a cycle through `a`, `b`, `c`",
    missing_source => "missing field `sources` in an edge",
    unknown_document => "did you mean `doc.txt`?",
    invalid_utf8 => "model.ron:2:32",
    nul_byte => "NUL byte",
    csv_problems => "edges.csv:3:1",
    many_problems => "5 errors",
    bad_date => "`2023-02-29` is not a date: 2023-02 has days 1–28",
    until_before_from => "model.ron:10:30",
    overlapping_names => "names `Politisk Samverkan Skaraborg` (–2020) and `Politiska gruppen` (2019-06–2021) overlap in time",
    edge_outside_lifetime => "after `sro` has ceased (`valid_until: 2022`)",
    csv_bad_date => "before `styrgrupp` exists (`valid_from: 2016`)",
}

#[test]
fn many_problems_are_all_reported_in_one_run() {
    let out = fails("many_problems");
    for needle in [
        "c.ron:2:23",
        "unknown kind `orgna`",
        "duplicate id `a`",
        "unknown id `x`",
        "empty quote",
    ] {
        assert!(out.contains(needle), "{needle} missing in:\n{out}");
    }
}

#[test]
fn empty_sources_list_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.ron"),
        r#"(documents: [(file: "d.txt", title: "D")], nodes: [(id: "a", name: "A", kind: "organ", sources: [])])"#,
    )
    .unwrap();
    let r = orgraf(&["check", "--model", dir.path().to_str().unwrap()], None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("node `a` has no source"), "{}", r.stderr);
    assert!(r.stderr.contains("m.ron:1:"), "{}", r.stderr);
}

#[test]
fn a_clean_fixture_passes_with_a_summary() {
    let r = check("ok");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "ok: 2 nodes, 1 edges, 8 relations, 1 sources, 1 files\n"
    );
}

#[test]
fn warnings_do_not_fail() {
    let r = check("isolated_warning");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("node `a` has no edges"), "{}", r.stderr);
    assert!(r.stdout.contains("(1 warning)"), "{}", r.stdout);
}

#[test]
fn csv_folder_loads_with_relations_by_ascii_form() {
    let r = check("csv_ok");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("ok: 3 nodes, 2 edges"), "{}", r.stdout);
}

#[test]
fn missing_or_empty_folder_is_a_usage_error() {
    let r = orgraf(
        &["check", "--model", "tests/fixtures/check/no_such_folder"],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read model folder"),
        "{}",
        r.stderr
    );
    let r = check("empty");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no model in"), "{}", r.stderr);
}

#[test]
fn bad_arguments_are_usage_errors() {
    assert_eq!(orgraf(&["check", "--bogus"], None).code, 2);
    assert_eq!(orgraf(&["no-such-command"], None).code, 2);
}

#[test]
fn bundled_model_checks_clean_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let r = orgraf_in(dir.path(), &["check"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("ok: "), "{}", r.stdout);
    assert!(!r.stderr.contains("Error"), "{}", r.stderr);
}

#[test]
fn bundled_model_checks_clean_from_its_folder() {
    let r = orgraf(&["check", "--model", "model"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The folder and the compiled-in copy are the same model.
    assert_eq!(r.stdout, orgraf(&["check"], None).stdout);
}

#[test]
fn completions_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let r = orgraf(&["completions", shell], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("orgraf"), "{shell}");
        assert!(r.stdout.contains("check"), "{shell}");
    }
}
