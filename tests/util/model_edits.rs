//! Copies of the bundled model with known edits, and git runs, for the
//! tests that compare two versions of a model (`orgraf diff`,
//! `orgraf diagram --diff`).
#![allow(dead_code)] // each test crate uses a part

use std::fs;
use std::path::Path;

use crate::util::root;

/// Copies the files of folder `from` into `to`, made when missing.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("a folder");
    for entry in fs::read_dir(from).expect("a model folder") {
        let p = entry.expect("a folder entry").path();
        fs::copy(&p, to.join(p.file_name().expect("a file name"))).expect("copy a model file");
    }
}

/// Copies the bundled model's folder into a temporary folder.
pub fn model_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&root().join("model"), dir.path());
    dir
}

/// Replaces `from` by `to` in `file` of `dir`; `from` must occur `times` times.
pub fn edit(dir: &Path, file: &str, from: &str, to: &str, times: usize) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).expect("a model file");
    assert_eq!(text.matches(from).count(), times, "{from} in {file}");
    fs::write(&path, text.replace(from, to)).expect("write a model file");
}

/// Removes the edge block whose first line is `line` from `file` of `dir`.
pub fn remove_edge(dir: &Path, file: &str, line: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).expect("a model file");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == line)
        .unwrap_or_else(|| panic!("no edge `{line}` in {file}"));
    assert_eq!(lines[at - 1].trim(), "(", "the edge block opens above");
    let end = at
        + lines[at..]
            .iter()
            .position(|l| l.trim() == "),")
            .expect("block end");
    let kept: Vec<&str> = lines[..at - 1]
        .iter()
        .chain(&lines[end + 1..])
        .copied()
        .collect();
    fs::write(&path, kept.join("\n") + "\n").expect("write a model file");
}

/// Runs git in `dir`, with a fixed identity; the test fails if it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git is on PATH (apt-get install git)");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// Renames PSG in the model folder `d` to `Politisk samrådsgrupp
/// Skaraborg`.
pub fn rename_psg(d: &Path) {
    edit(
        d,
        "skaraborg.ron",
        "name: \"Politisk samrådsgrupp vårdsamverkan Skaraborg\"",
        "name: \"Politisk samrådsgrupp Skaraborg\"",
        1,
    );
}

/// A quote of the PSG document, the source of what [`chart_edits`] adds.
const PSG_QUOTE: &str = "Beredning av ärenden till PSG:s sammanträden ska ske av styrgruppen för Vårdssamverkan Skaraborg.";

/// The bundled model with three edits around PSG: PSG renamed
/// (`Politisk samrådsgrupp Skaraborg`), the edge `drno sammankallar psg`
/// removed, and a body `arbetsgrupp_skaraborg` that `bereder` PSG added
/// (in a file of its own, `ny.ron`).
pub fn chart_edits() -> tempfile::TempDir {
    let dir = model_copy();
    let d = dir.path();
    rename_psg(d);
    remove_edge(
        d,
        "skaraborg.ron",
        "from: \"drno\", rel: \"sammankallar\", to: \"psg\",",
    );
    let src = format!("sources: [(doc: \"000_c79e22084b67890b.txt\", quote: \"{PSG_QUOTE}\")]");
    fs::write(
        d.join("ny.ron"),
        format!(
            "(\n    nodes: [(id: \"arbetsgrupp_skaraborg\", name: \"Arbetsgrupp Skaraborg\", kind: \"organ\", {src})],\n    \
             edges: [(from: \"arbetsgrupp_skaraborg\", rel: \"bereder\", to: \"psg\", {src})],\n)\n"
        ),
    )
    .expect("write ny.ron");
    dir
}
