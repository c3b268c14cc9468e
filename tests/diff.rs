//! `orgraf diff OLD NEW`: the bundled model against itself and against a
//! copy with known edits (text and JSON), random edit sets on a small
//! model, and bad arguments.

#[path = "util/model_edits.rs"]
mod model_edits;
mod util;

use std::fs;

use model_edits::{copy_dir, edit, git, model_copy, remove_edge, rename_psg};
use orgraf::diff::{Change, Facts, SourceOn, compare};
use proptest::prelude::*;
use util::{orgraf, root};

/// The bundled model with one body renamed, one edge removed, one
/// attribute changed and one id changed.
fn edited_model() -> tempfile::TempDir {
    let dir = model_copy();
    let d = dir.path();
    rename_psg(d);
    remove_edge(
        d,
        "skaraborg.ron",
        "from: \"psg\", rel: \"ingår_i\", to: \"vardsamverkan_skaraborg\",",
    );
    edit(
        d,
        "lansniva.ron",
        "value: \"Minst fyra gånger per år, förslagsvis",
        "value: \"Minst sex gånger per år, förslagsvis",
        1,
    );
    // Every mention of the id: the node and its edges.
    let uses = fs::read_to_string(d.join("samla.ron"))
        .expect("samla.ron")
        .matches("\"samla\"")
        .count();
    assert!(uses > 1, "samla has edges");
    edit(
        d,
        "samla.ron",
        "\"samla\"",
        "\"samla_lerum_alingsas\"",
        uses,
    );
    dir
}

#[test]
fn the_bundled_model_against_itself_is_identical() {
    let out = orgraf(&["diff", "model", "model"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, "inga skillnader\n"));
    let out = orgraf(&["diff", "model", "model", "--format", "json"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v, serde_json::json!({"identical": true, "bodies": []}));
}

#[test]
fn known_edits_are_reported_exactly_in_text() {
    let dir = edited_model();
    let new = dir.path().to_str().expect("UTF-8 path");
    let out = orgraf(&["diff", "model", new], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let expected = "\
~ Politisk samrådsgrupp Skaraborg (psg)
    ~ namn: \"Politisk samrådsgrupp vårdsamverkan Skaraborg\" → \"Politisk samrådsgrupp Skaraborg\"
    - ingår i Vårdsamverkan Skaraborg (vardsamverkan_skaraborg)
~ Samordningsgruppen SAMLA (samla_lerum_alingsas)
    ~ id: samla → samla_lerum_alingsas
~ Vårdsamverkan Västra Götaland (vvg)
    ~ mötesfrekvens: \"Minst fyra gånger per år, förslagsvis en gång per kvartal; ordföranden kan kalla till ytterligare sammanträde.\" → \"Minst sex gånger per år, förslagsvis en gång per kvartal; ordföranden kan kalla till ytterligare sammanträde.\"
";
    assert_eq!(out.stdout, expected);
    // The same two models, the other way round, and the same output twice.
    let back = orgraf(&["diff", new, "model"], None);
    assert_eq!(back.code, 1);
    assert!(back.stdout.contains("+ ingår i Vårdsamverkan Skaraborg"));
    assert!(back.stdout.contains("~ id: samla_lerum_alingsas → samla"));
    assert_eq!(orgraf(&["diff", "model", new], None).stdout, expected);
}

#[test]
fn known_edits_are_reported_exactly_in_json() {
    let dir = edited_model();
    let new = dir.path().to_str().expect("UTF-8 path");
    let out = orgraf(&["diff", "model", new, "--format", "json"], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let rest =
        "förslagsvis en gång per kvartal; ordföranden kan kalla till ytterligare sammanträde.";
    assert_eq!(
        v,
        serde_json::json!({
            "identical": false,
            "bodies": [
                {"id": "psg", "name": "Politisk samrådsgrupp Skaraborg", "changes": [
                    {"change": "renamed", "old": "Politisk samrådsgrupp vårdsamverkan Skaraborg",
                     "new": "Politisk samrådsgrupp Skaraborg"},
                    {"change": "edge_removed", "relation": "ingår_i", "object": "vardsamverkan_skaraborg"},
                ]},
                {"id": "samla_lerum_alingsas", "name": "Samordningsgruppen SAMLA", "changes": [
                    {"change": "id_changed", "old": "samla", "new": "samla_lerum_alingsas"},
                ]},
                {"id": "vvg", "name": "Vårdsamverkan Västra Götaland", "changes": [
                    {"change": "attribute_changed", "key": "mötesfrekvens",
                     "old": format!("Minst fyra gånger per år, {rest}"),
                     "new": format!("Minst sex gånger per år, {rest}")},
                ]},
            ]
        })
    );
}

#[test]
fn a_compiled_model_compares_with_its_folder() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("vgr.orgraf");
    let file = file.to_str().expect("UTF-8 path");
    let out = orgraf(&["compile", "model", "-o", file], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = orgraf(&["diff", file, "model"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, "inga skillnader\n"));
}

#[test]
fn sources_added_and_removed_are_reported() {
    let dir = model_copy();
    let quote = "(doc: \"000_c79e22084b67890b.txt\", quote: \"Grupperingen för politisk styrning av vårdsamverkan i Skaraborg\"),";
    edit(dir.path(), "skaraborg.ron", quote, "", 1);
    let out = orgraf(
        &["diff", "model", dir.path().to_str().expect("UTF-8 path")],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "~ Politisk samrådsgrupp vårdsamverkan Skaraborg (psg)\n    \
- källa till ingår i vardsamverkan_skaraborg: 000_c79e22084b67890b.txt: \
\"Grupperingen för politisk styrning av vårdsamverkan i Skaraborg\"\n"
    );
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    let out = orgraf(&["diff", "model", "no_such_model"], None);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains("no_such_model"),
        "names the folder: {}",
        out.stderr
    );
    let out = orgraf(&["diff", "model"], None);
    assert_eq!(out.code, 2, "NEW is required: {}", out.stderr);
    assert!(out.stderr.contains("<NEW>"), "{}", out.stderr);
    let out = orgraf(&["diff", "model", "model", "--model", "model"], None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("only used with --rev"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------
// Random edit sets on a small model.
// ---------------------------------------------------------------------

const DOC: &str = "000_c79e22084b67890b.txt";

/// What happens to body i: renamed, attribute changed, id changed, kind
/// changed, an alias added, a source added.
#[derive(Debug, Clone, Copy, Default)]
struct BodyEdit {
    rename: bool,
    attribute: bool,
    new_id: bool,
    kind: bool,
    alias: bool,
    source: bool,
}

/// A small model: bodies b0…, each with alias `B<i>` and one attribute,
/// an edge b_i bereder b_{i+1} (removed where `removed[i]`) and an edge
/// b_i bereder b_{i+2} where `added[i]`, with `edits` applied (all
/// false: the base model).
fn small_model(edits: &[BodyEdit], removed: &[bool], added: &[bool]) -> String {
    let id = |i: usize| {
        if edits[i].new_id {
            format!("ny_b{i}")
        } else {
            format!("b{i}")
        }
    };
    let src = |q: &str| format!("sources: [(doc: \"{DOC}\", quote: \"{q}\")]");
    let mut nodes = String::new();
    for (i, e) in edits.iter().enumerate() {
        let name = if e.rename {
            format!("Nytt organ {i}")
        } else {
            format!("Organ {i}")
        };
        let value = if e.attribute {
            "varje vecka"
        } else {
            "varje år"
        };
        let kind = if e.kind { "nämnd" } else { "organ" };
        let alias = if e.alias {
            format!(", \"Extra {i}\"")
        } else {
            String::new()
        };
        let more = if e.source {
            format!(", (doc: \"{DOC}\", quote: \"mer {i}\")")
        } else {
            String::new()
        };
        nodes += &format!(
            "(id: \"{}\", name: \"{name}\", kind: \"{kind}\", aliases: [\"B{i}\"{alias}], \
attributes: [(key: \"mötesfrekvens\", value: \"{value}\", {})], \
sources: [(doc: \"{DOC}\", quote: \"organ {i}\"){more}]),\n",
            id(i),
            src(&format!("möte {i}")),
        );
    }
    let mut edges = String::new();
    for i in 0..edits.len() {
        if i + 1 < edits.len() && !removed[i] {
            edges += &format!(
                "(from: \"{}\", rel: \"bereder\", to: \"{}\", {}),\n",
                id(i),
                id(i + 1),
                src(&format!("kant {i}"))
            );
        }
        if i + 2 < edits.len() && added[i] {
            edges += &format!(
                "(from: \"{}\", rel: \"bereder\", to: \"{}\", {}),\n",
                id(i),
                id(i + 2),
                src(&format!("ny kant {i}"))
            );
        }
    }
    format!(
        "(model: (name: \"Prov\", date: \"2026-01-01\"),\n\
documents: [(file: \"{DOC}\", title: \"Prov\")],\nnodes: [\n{nodes}],\nedges: [\n{edges}],\n)\n"
    )
}

fn facts(text: String) -> Facts {
    let loaded = orgraf::model::load_texts(vec![("prov.ron".to_string(), text.into_bytes())], None);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "the small model loads: {errors:?}");
    Facts::of(&loaded.graph)
}

fn edit_set() -> impl Strategy<Value = (Vec<BodyEdit>, Vec<bool>, Vec<bool>)> {
    (3usize..8).prop_flat_map(|n| {
        (
            prop::collection::vec(
                prop::array::uniform6(any::<bool>()).prop_map(
                    |[rename, attribute, new_id, kind, alias, source]| BodyEdit {
                        rename,
                        attribute,
                        new_id,
                        kind,
                        alias,
                        source,
                    },
                ),
                n,
            ),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(any::<bool>(), n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_random_edit_set_is_reported_exactly((edits, removed, added) in edit_set()) {
        let n = edits.len();
        let none = BodyEdit::default();
        let old = facts(small_model(&vec![none; n], &vec![false; n], &vec![false; n]));
        let new = facts(small_model(&edits, &removed, &added));
        let id = |i: usize| if edits[i].new_id { format!("ny_b{i}") } else { format!("b{i}") };
        let mut expected = Vec::new();
        for (i, e) in edits.iter().enumerate() {
            if e.new_id {
                expected.push(format!("{} id_changed b{i}", id(i)));
            }
            if e.rename {
                expected.push(format!("{} renamed", id(i)));
            }
            if e.attribute {
                expected.push(format!("{} attribute_changed", id(i)));
            }
            if e.kind {
                expected.push(format!("{} kind_changed organ nämnd", id(i)));
            }
            if e.alias {
                expected.push(format!("{} alias_added Extra {i}", id(i)));
            }
            if e.source {
                expected.push(format!("{} source_added mer {i}", id(i)));
            }
            if i + 1 < n && removed[i] {
                expected.push(format!("{} edge_removed {}", id(i), id(i + 1)));
            }
            if i + 2 < n && added[i] {
                expected.push(format!("{} edge_added {}", id(i), id(i + 2)));
            }
        }
        let report = compare(&old, &new);
        let mut got = Vec::new();
        for b in &report.bodies {
            for c in &b.changes {
                got.push(match c {
                    Change::IdChanged { old, .. } => format!("{} id_changed {old}", b.id),
                    Change::Renamed { .. } => format!("{} renamed", b.id),
                    Change::AttributeChanged { .. } => format!("{} attribute_changed", b.id),
                    Change::KindChanged { old, new } => format!("{} kind_changed {old} {new}", b.id),
                    Change::AliasAdded { alias } => format!("{} alias_added {alias}", b.id),
                    Change::SourceAdded { on: SourceOn::Body, quote, .. } => {
                        format!("{} source_added {quote}", b.id)
                    }
                    Change::EdgeRemoved { relation, object } if relation == "bereder" => {
                        format!("{} edge_removed {object}", b.id)
                    }
                    Change::EdgeAdded { relation, object } if relation == "bereder" => {
                        format!("{} edge_added {object}", b.id)
                    }
                    other => format!("{} unexpected {other:?}", b.id),
                });
            }
        }
        expected.sort();
        got.sort();
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(report.identical, expected.is_empty());
        // Bodies come sorted by id, and the text is the same every time.
        let ids: Vec<&String> = report.bodies.iter().map(|b| &b.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        prop_assert_eq!(ids, sorted);
        prop_assert_eq!(report.text(&old, &new), compare(&old, &new).text(&old, &new));
    }
}

#[test]
fn two_git_revisions_of_a_model_folder() {
    let repo = tempfile::tempdir().expect("a temporary folder");
    let model = repo.path().join("model");
    let edited = edited_model();
    copy_dir(&root().join("model"), &model);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "v1"]);
    git(repo.path(), &["tag", "v1"]);
    copy_dir(edited.path(), &model);
    git(repo.path(), &["commit", "-qam", "v2"]);
    let dir = model.to_str().expect("UTF-8 path");
    let by_rev = orgraf(
        &["diff", "--rev", "v1", "--rev", "HEAD", "--model", dir],
        None,
    );
    let by_dir = orgraf(
        &["diff", "model", edited.path().to_str().expect("UTF-8")],
        None,
    );
    assert_eq!(by_rev.code, 1, "{}", by_rev.stderr);
    assert_eq!(by_rev.stdout, by_dir.stdout);
    let same = orgraf(
        &["diff", "--rev", "v1", "--rev", "v1", "--model", dir],
        None,
    );
    assert_eq!((same.code, same.stdout.as_str()), (0, "inga skillnader\n"));
    let bad = orgraf(
        &["diff", "--rev", "v9", "--rev", "HEAD", "--model", dir],
        None,
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("v9"), "{}", bad.stderr);
    let one = orgraf(&["diff", "--rev", "v1", "--model", dir], None);
    assert_eq!(one.code, 2);
    assert!(one.stderr.contains("exactly two"), "{}", one.stderr);
}

#[test]
fn a_changed_date_is_reported_as_a_validity_change() {
    let dir = model_copy();
    let d = dir.path();
    edit(
        d,
        "lansniva.ron",
        "valid_from: (date: \"2017-01\"",
        "valid_from: (date: \"2016-12\"",
        1,
    );
    edit(
        d,
        "lansniva.ron",
        "valid_until: (date: \"2022-10\", sources: [(doc: \"002_5e607b810c5b478a.txt\", quote: \"Ställningstaganden av SRO oktober 2022\"), (doc: \"002_5e607b810c5b478a.txt\", quote: \"Byta namn på Politisk",
        "valid_until: (date: \"2022-11\", sources: [(doc: \"002_5e607b810c5b478a.txt\", quote: \"Ställningstaganden av SRO oktober 2022\"), (doc: \"002_5e607b810c5b478a.txt\", quote: \"Byta namn på Politisk",
        1,
    );
    let new = d.to_str().expect("a UTF-8 path");
    let out = orgraf(&["diff", "model", new], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "~ Politisk beredningsgrupp för hjälpmedel (politisk_beredningsgrupp_hjalpmedel)\n    \
         ~ giltighet för namn Politisk beredningsgrupp MTP: –2022-10 → –2022-11\n\
         ~ Vårdsamverkan Västra Götaland (vvg)\n    ~ giltighet: 2017-01– → 2016-12–\n"
    );
    let out = orgraf(&["diff", "model", new, "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        v["bodies"][1]["changes"],
        serde_json::json!([{"change": "validity_changed", "of": "", "old": "2017-01–", "new": "2016-12–"}])
    );
}
