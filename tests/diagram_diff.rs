//! `orgraf diagram X --diff OLD` and `--diff-rev REV`: a copy of the
//! bundled model with known edits (PSG renamed, `drno sammankallar psg`
//! removed, `arbetsgrupp_skaraborg bereder psg` added) drawn against the
//! bundled model marks exactly those, in DOT, SVG, PDF, PNG and Mermaid;
//! the real `dot` draws the charts; one chart's DOT is a snapshot; git
//! revisions give the same marks; identical models and bad input.

#[path = "util/graphviz.rs"]
mod graphviz;
#[path = "util/model_edits.rs"]
mod model_edits;
mod util;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use model_edits::{chart_edits, copy_dir, git, model_copy};
use util::{orgraf, orgraf_in};

/// What a chart marks: nodes by mark, lines as `from rel to` by mark.
#[derive(Debug, Default, PartialEq, Eq)]
struct Marks {
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
    changed: BTreeSet<String>,
    added_lines: BTreeSet<String>,
    removed_lines: BTreeSet<String>,
}

/// The first quoted string in `s`, and the rest after it.
fn quoted(s: &str) -> Option<(&str, &str)> {
    let s = s.strip_prefix('"')?;
    let end = s.find('"')?;
    Some((&s[..end], &s[end + 1..]))
}

fn attr<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let at = line
        .find(&format!(" {key}=\""))
        .or_else(|| line.find(&format!("[{key}=\"")))?;
    let rest = &line[at + key.len() + 2..];
    quoted(rest).map(|(v, _)| v)
}

/// Reads the marks of a chart's DOT (one statement a line, as orgraf
/// writes it): nodes by their outline, lines by their label's word.
fn marks(dot: &str) -> Marks {
    let mut m = Marks::default();
    for line in dot.lines().map(str::trim) {
        let Some((first, rest)) = quoted(line) else {
            continue;
        };
        if first.starts_with("legend:") {
            continue;
        }
        if let Some(rest) = rest.strip_prefix(" -> ") {
            let (second, _) = quoted(rest).expect("an edge's head");
            let label = attr(line, "xlabel").unwrap_or("");
            let (from, to) = if attr(line, "dir") == Some("back") {
                (second, first)
            } else {
                (first, second)
            };
            for l in label.split("\\n") {
                let text = format!("{from} {l} {to}");
                if let Some(rel) = l.strip_suffix(" (ny)") {
                    assert_eq!(attr(line, "style"), Some("bold"), "{line}");
                    m.added_lines.insert(format!("{from} {rel} {to}"));
                } else if let Some(rel) = l.strip_suffix(" (borttagen)") {
                    assert_eq!(attr(line, "style"), Some("dashed"), "{line}");
                    m.removed_lines.insert(format!("{from} {rel} {to}"));
                } else {
                    assert!(!text.contains("(ny)") && !text.contains("(borttagen)"));
                }
            }
        } else if rest.starts_with('[') {
            if attr(line, "peripheries") == Some("2") {
                m.changed.insert(first.to_string());
            } else if attr(line, "style") == Some("filled,dashed") {
                assert!(
                    line.contains("<S>") && line.contains("(borttagen)"),
                    "{line}"
                );
                m.removed.insert(first.to_string());
            } else if attr(line, "penwidth") == Some("3") {
                assert_eq!(attr(line, "color"), Some("#1a7f37"), "{line}");
                assert!(line.contains("\\n(ny)\""), "{line}");
                m.added.insert(first.to_string());
            }
        }
    }
    m
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The marks the three edits give in PSG's chart, drawn from the old
/// model (`model/`) to the edited one.
fn psg_marks() -> Marks {
    Marks {
        added: set(&["arbetsgrupp_skaraborg"]),
        removed: set(&[]),
        changed: set(&["psg"]),
        added_lines: set(&["arbetsgrupp_skaraborg bereder psg"]),
        removed_lines: set(&["drno sammankallar psg"]),
    }
}

/// `orgraf --model NEW diagram NAME --diff model MORE…`, which must
/// succeed.
fn drawn(new: &Path, name: &str, more: &[&str]) -> util::Output {
    let mut args = vec!["--model", path(new), "diagram", name, "--diff", "model"];
    args.extend_from_slice(more);
    let out = orgraf(&args, None);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn known_edits_are_marked_exactly() {
    let new = chart_edits();
    let out = drawn(new.path(), "psg", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(marks(&out.stdout), psg_marks());
    let psg = out
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("\"psg\"["))
        .expect("PSG's node");
    assert!(
        psg.contains("tidigare: Politisk\\nsamrådsgrupp\\nvårdsamverkan\\nSkaraborg"),
        "the old name under the new: {psg}"
    );
    assert!(
        out.stdout
            .contains(&format!("Ändringar från model till {}", path(new.path()))),
        "the heading says what is compared"
    );
    for entry in [
        "ny: bara i den nya modellen",
        "borttagen: bara i den gamla modellen",
        "ändrad: namn eller uppgifter",
    ] {
        assert!(out.stdout.contains(entry), "legend: {entry}");
    }
    // The same model drawn alone marks nothing.
    let plain = orgraf(&["--model", path(new.path()), "diagram", "psg"], None);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(marks(&plain.stdout), Marks::default());
    assert!(!plain.stdout.contains("bara i den"));
    // Byte-identical from run to run.
    let again = drawn(new.path(), "psg", &[]);
    assert_eq!(again.stdout, out.stdout);
}

/// A body only in the old model is drawn from it, struck through; the
/// legend lists only the marks drawn.
#[test]
fn a_body_only_in_the_old_model_is_drawn_from_it() {
    let old = chart_edits();
    let out = orgraf(
        &[
            "diagram",
            "Arbetsgrupp Skaraborg",
            "--diff",
            path(old.path()),
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        marks(&out.stdout),
        Marks {
            removed: set(&["arbetsgrupp_skaraborg"]),
            changed: set(&["psg"]),
            removed_lines: set(&["arbetsgrupp_skaraborg bereder psg"]),
            ..Marks::default()
        }
    );
    assert!(
        out.stdout
            .contains("tidigare: Politisk\\nsamrådsgrupp Skaraborg")
    );
    assert!(out.stdout.contains("borttagen: bara i den gamla modellen"));
    assert!(!out.stdout.contains("ny: bara i den nya modellen"));
    let svg = graphviz::svg(out.stdout.as_bytes());
    assert!(
        svg.contains("text-decoration=\"line-through\""),
        "the removed body's name is struck through"
    );
}

#[test]
fn the_real_dot_draws_every_format() {
    let new = chart_edits();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dot = drawn(new.path(), "psg", &[]);
    let svg = graphviz::svg(dot.stdout.as_bytes());
    for word in [
        "bereder (ny)",
        "sammankallar (borttagen)",
        "tidigare: Politisk",
    ] {
        assert!(svg.contains(word), "SVG shows {word}");
    }
    for (file, magic) in [
        ("psg.svg", &b"<?xml"[..]),
        ("psg.pdf", b"%PDF"),
        ("psg.png", b"\x89PNG"),
    ] {
        let out_file = tmp.path().join(file);
        let out = drawn(new.path(), "psg", &["-o", path(&out_file)]);
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        let bytes = fs::read(&out_file).expect("the chart is written");
        assert!(bytes.starts_with(magic), "{file} starts with {magic:?}");
    }
    let mmd = drawn(new.path(), "psg", &["--format", "mermaid"]);
    assert_eq!(mmd.code, 0, "{}", mmd.stderr);
    for line in [
        "classDef diff_ny stroke:#1a7f37",
        "classDef diff_andrad ",
        "class n_arbetsgrupp_skaraborg diff_ny",
        "class n_psg diff_andrad",
        "==>|\"bereder (ny)\"| n_psg",
        "l_diff_ny[\"ny: bara i den nya modellen\"]:::diff_ny",
    ] {
        assert!(
            mmd.stdout.contains(line),
            "Mermaid has {line}:\n{}",
            mmd.stdout
        );
    }
    // The removed line is dashed, the new one thick.
    let links: Vec<&str> = mmd
        .stdout
        .lines()
        .filter(|l| l.contains("linkStyle"))
        .collect();
    assert!(
        links
            .iter()
            .any(|l| l.contains("#888888") && l.contains("dasharray"))
    );
    assert!(
        links
            .iter()
            .any(|l| l.contains("#1a7f37") && l.contains("3px"))
    );
}

/// The chart of the added body, from `gammal` to `ny` (relative folders,
/// so the heading is the same on every machine).
#[test]
fn snapshot_of_a_diff_chart() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let edited = chart_edits();
    copy_dir(&util::root().join("model"), &work.path().join("gammal"));
    copy_dir(edited.path(), &work.path().join("ny"));
    let out = orgraf_in(
        work.path(),
        &[
            "--model",
            "ny",
            "diagram",
            "arbetsgrupp_skaraborg",
            "--diff",
            "gammal",
            "--format",
            "dot",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    graphviz::svg(out.stdout.as_bytes());
    insta::assert_snapshot!("diff_chart_arbetsgrupp", out.stdout);
}

/// Identical models: the normal chart with a note; exit 0.
#[test]
fn identical_models_draw_the_normal_chart_with_a_note() {
    let out = orgraf(&["diagram", "psg", "--diff", "model"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Inga skillnader mellan model och den inbyggda modellen")
    );
    assert_eq!(marks(&out.stdout), Marks::default());
    assert!(!out.stdout.contains("bara i den"), "no legend of marks");
    // Otherwise the normal chart: the same bodies and lines.
    let plain = orgraf(&["diagram", "psg"], None);
    let statements = |dot: &str| -> Vec<String> {
        dot.lines()
            .filter(|l| !l.contains("graph[") && !l.contains("legend:"))
            .map(String::from)
            .collect()
    };
    assert_eq!(statements(&out.stdout), statements(&plain.stdout));
    // Changes elsewhere: said so.
    let new = chart_edits();
    let far = drawn(new.path(), "SAMLA", &[]);
    assert_eq!(far.code, 0, "{}", far.stderr);
    assert!(
        far.stdout.contains("Inga skillnader i det ritade")
            && far.stdout.contains("3 organ ändrade på annat håll"),
        "{}",
        far.stdout.lines().next().unwrap_or("")
    );
}

#[test]
fn bad_input_is_one_clear_line() {
    let out = orgraf(&["diagram", "psg", "--diff", "no_such_model"], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("no_such_model"), "{}", out.stderr);

    let new = chart_edits();
    let out = orgraf(
        &[
            "--model",
            path(new.path()),
            "diagram",
            "Zyxwvut Qqq",
            "--diff",
            "model",
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.starts_with(&format!(
            "error: no body is named `Zyxwvut Qqq` in model or in {}",
            path(new.path())
        )),
        "{}",
        out.stderr
    );

    let out = orgraf(&["diagram", "psg", "--diff-rev", "no-such-rev"], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: unknown revision `no-such-rev` in the git repository of model\n"
    );

    let out = orgraf(
        &["diagram", "--query", "? bereder PSG", "--diff", "model"],
        None,
    );
    assert_eq!(out.code, 2, "--query and --diff: {}", out.stderr);
    let out = orgraf(
        &[
            "diagram",
            "psg",
            "--diff-rev",
            "a",
            "--diff-rev",
            "b",
            "--diff-rev",
            "c",
        ],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("one revision"), "{}", out.stderr);
}

#[test]
fn git_revisions_give_the_same_marks() {
    let repo = tempfile::tempdir().expect("a temporary folder");
    let model = repo.path().join("model");
    copy_dir(&util::root().join("model"), &model);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "v1"]);
    git(repo.path(), &["tag", "v1"]);
    let edited = chart_edits();
    copy_dir(edited.path(), &model);
    // The working folder against v1.
    let run = |args: &[&str]| {
        let mut all = vec!["--model", "model", "diagram", "psg"];
        all.extend_from_slice(args);
        let out = orgraf_in(repo.path(), &all, None);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        out.stdout
    };
    let working = run(&["--diff-rev", "v1"]);
    assert_eq!(marks(&working), psg_marks());
    assert!(working.contains("Ändringar från model@v1 till model"));
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "v2"]);
    let revs = run(&["--diff-rev", "v1", "--diff-rev", "HEAD"]);
    assert_eq!(marks(&revs), psg_marks());
    assert!(revs.contains("Ändringar från model@v1 till model@HEAD"));
    let same = run(&["--diff-rev", "HEAD"]);
    assert!(same.contains("Inga skillnader mellan model@HEAD och model"));
    assert_eq!(marks(&same), Marks::default());
    // The bundled model (no --model) compares the `model` folder.
    let unknown = orgraf_in(repo.path(), &["diagram", "psg", "--diff-rev", "v9"], None);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("`v9`"), "{}", unknown.stderr);
}

/// Bodies gathered into a box are cells, marked like nodes: five new
/// matters of SRO in a box of their own (thick outline, `(ny)`), the
/// renamed one in the old box (double outline, its former name); the
/// other way round, the five are removed (dashed, struck through).
#[test]
fn cells_in_a_box_are_marked() {
    let new = model_copy();
    let d = new.path();
    model_edits::edit(
        d,
        "sro_2022.ron",
        "name: \"Lägesrapport om Ukraina\",",
        "name: \"Lägesrapport om kriget i Ukraina\",",
        1,
    );
    let src = r#"sources: [(doc: "002_5e607b810c5b478a.txt", quote: "Lägesrapport om Ukraina")]"#;
    let nodes: String = (0..5)
        .map(|i| format!(r#"(id: "nytt_{i}", name: "Nytt ärende {i}", kind: "ärende", {src}),"#))
        .collect();
    let edges: String = (0..5)
        .map(|i| format!(r#"(from: "sro", rel: "behandlar", to: "nytt_{i}", {src}),"#))
        .collect();
    fs::write(
        d.join("ny.ron"),
        format!("(nodes: [{nodes}], edges: [{edges}])"),
    )
    .expect("ny.ron");
    let cells = |dot: &str, look: &str| -> Vec<String> {
        dot.split("<TD PORT=\"m")
            .skip(1)
            .filter(|c| c.contains(look))
            .map(|c| {
                let text = &c[c.find("HREF=\"\">").expect("a cell's text") + 8..];
                text[..text.find("</TD>").expect("a cell's end")].to_string()
            })
            .collect()
    };
    let out = drawn(d, "sro", &[]);
    let added = cells(&out.stdout, "COLOR=\"#1a7f37\" BORDER=\"3\"");
    let want: Vec<String> = (0..5)
        .map(|i| format!("Nytt ärende {i}<BR/>(ny)"))
        .collect();
    assert_eq!(added, want);
    let changed = cells(
        &out.stdout,
        "COLOR=\"#a0522d\" BORDER=\"1\" CELLPADDING=\"1\"",
    );
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        changed[0].contains(
            "Lägesrapport om kriget i<BR/>Ukraina<BR/>tidigare: Lägesrapport<BR/>om Ukraina"
        ),
        "{changed:?}"
    );
    graphviz::svg(out.stdout.as_bytes());
    // The other way round.
    let back = orgraf(&["diagram", "sro", "--diff", path(d)], None);
    assert_eq!(back.code, 0, "{}", back.stderr);
    let removed = cells(&back.stdout, "STYLE=\"dashed\"");
    let want: Vec<String> = (0..5)
        .map(|i| format!("<FONT COLOR=\"#666666\"><S>Nytt ärende {i}</S><BR/>(borttagen)</FONT>"))
        .collect();
    assert_eq!(removed, want);
    let svg = graphviz::svg(back.stdout.as_bytes());
    assert!(svg.contains("line-through"));
}
