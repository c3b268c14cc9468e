//! Hostile query input: deep nesting, megabyte names, huge scripts. Each
//! gets an answer or a clear error, never a stack overflow or a hang.

mod util;

use std::time::{Duration, Instant};

use orgraf::graph::OrgGraph;
use orgraf::model::{self, ModelSource};
use orgraf::output::Format;
use orgraf::query::run::{Options, run_script};

fn graph() -> OrgGraph {
    let loaded = model::load(&ModelSource::Bundled).expect("the bundled model loads");
    assert!(!loaded.has_errors());
    loaded.graph
}

/// The start of `s`, for messages about megabyte-long texts.
fn head(s: &str) -> &str {
    let mut end = s.len().min(400);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Runs `script` as `orgraf run` would, within `limit` (debug build):
/// (all ok, stdout, stderr).
fn run(g: &OrgGraph, script: &str, limit: Duration) -> (bool, String, String) {
    let (mut out, mut err) = (String::new(), String::new());
    let options = Options {
        format: Format::Text,
        timings: false,
        echo: false,
        color: false,
    };
    let start = Instant::now();
    let ok = run_script(
        g,
        script,
        "big.oq",
        options,
        &mut |c| out.push_str(c),
        &mut |c| err.push_str(c),
    );
    let took = start.elapsed();
    assert!(
        took < limit,
        "{} took {took:?} (limit {limit:?})",
        head(script)
    );
    (ok, out, err)
}

/// A guard against a hang or a quadratic blow-up (which took minutes),
/// not a speed target: generous, since CI runs the tests side by side on
/// a busy machine (speed is measured in `cargo bench`).
const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn ten_thousand_nested_parentheses_are_an_error() {
    let q = format!("? {}bereder{} ?", "(".repeat(10_000), ")".repeat(10_000));
    let out = util::orgraf(&["query", &q], None);
    assert_eq!(out.code, 1, "{}", head(&out.stderr));
    assert!(out.stderr.contains("<query>:1:"), "{}", head(&out.stderr));
    assert!(
        out.stderr.contains("nested more than 64 deep"),
        "{}",
        head(&out.stderr)
    );
    let q = format!("? {}bereder ?", "^(".repeat(10_000));
    let (ok, _, err) = run(&graph(), &q, LIMIT);
    assert!(!ok);
    assert!(err.contains("nested more than 64 deep"), "{}", head(&err));
}

#[test]
fn a_megabyte_name_is_unknown() {
    let g = graph();
    let big = "a".repeat(1 << 20);
    for q in [
        format!("show \"{big}\""),
        format!("? bereder {big}"),
        format!("{big} bereder+ ?"),
        format!("path {big} -> PSG"),
        format!("explain {big}"),
    ] {
        let (ok, out, err) = run(&g, &q, LIMIT);
        assert!(!ok && out.is_empty(), "{}", head(&q));
        assert!(err.contains("big.oq:1:"), "{}", head(&err));
        assert!(
            err.contains("unknown name") || err.contains("is not a name"),
            "{}",
            head(&err)
        );
        // The excerpt is cut, not a megabyte of `a`.
        assert!(err.len() < 2000, "{}", head(&err));
    }
    let (ok, out, _) = run(&g, &format!("search {big}"), LIMIT);
    assert!(ok);
    assert!(out.starts_with("nothing matches"), "{}", head(&out));
    let (ok, _, err) = run(&g, &format!("? {big} PSG"), LIMIT);
    assert!(!ok && err.contains("unknown relation"), "{}", head(&err));
}

#[test]
fn a_search_of_many_words_is_an_error() {
    let g = graph();
    let (ok, _, err) = run(&g, &format!("search {}", "i ".repeat(500_000)), LIMIT);
    assert!(!ok);
    assert!(
        err.contains("a search may have at most 16 words"),
        "{}",
        head(&err)
    );
    let (ok, out, err) = run(&g, &format!("search {}", "vård ".repeat(16)), LIMIT);
    assert!(ok, "{}", head(&err));
    assert!(!out.is_empty());
}

#[test]
fn ten_thousand_statements_run() {
    let g = graph();
    // Ten thousand statements, every tenth one an error, each located.
    let mut script = String::new();
    for i in 1..=10_000 {
        script.push_str(match i % 10 {
            0 => "show NoSuchBody\n",
            1 => "# a comment\nkinds\n",
            _ => "? bereder PSG\n",
        });
    }
    let (ok, out, err) = run(&g, &script, LIMIT);
    assert!(!ok);
    assert_eq!(err.matches("unknown name").count(), 1_000);
    assert!(err.contains("big.oq:11000:6"), "{}", head(&err));
    assert_eq!(out.matches("principal").count(), 1_000, "{}", head(&out));
    assert_eq!(out.matches("styrgrupp_skaraborg").count(), 8_000);
}

#[test]
fn a_five_megabyte_string_in_a_script() {
    let g = graph();
    let big = "å".repeat(5 * 1024 * 1024 / 2);
    let script = format!("kinds\nshow \"{big}\"\nsearch \"{big}\"\n\"{big}\nkinds\n");
    let (ok, out, err) = run(&g, &script, LIMIT);
    assert!(!ok);
    assert_eq!(out.matches("nothing matches").count(), 1, "{}", head(&out));
    assert!(err.contains("big.oq:2:6"), "{}", head(&err));
    assert!(err.contains("unknown name"), "{}", head(&err));
    assert!(err.contains("big.oq:4:1"), "{}", head(&err));
    assert!(err.contains("closing"), "{}", head(&err));
    assert!(err.len() < 5000, "{}", head(&err));
}

#[test]
fn errors_at_the_end_of_crlf_lines() {
    // Once a panic (subtract with overflow) when rendering an error that
    // points at the `\n` of a `\r\n`.
    let out = util::orgraf(&["query", "show\r\n"], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr.contains("expected a name after \"show\""),
        "{out:?}"
    );
    assert!(out.stderr.contains("<query>:1:5"), "{out:?}");
    let out = util::orgraf(&["run", "-"], Some("kinds\r\nshow\r\nlist roll\r\n"));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("<stdin>:2:"), "{out:?}");
    assert!(out.stdout.contains("principal"), "the others run: {out:?}");
}

#[test]
fn bad_bytes_in_a_script_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.oq");
    std::fs::write(&file, b"kinds\n? bereder \xc3\x28PSG\n").unwrap();
    let file = file.to_str().unwrap();
    let out = util::orgraf(&["run", file], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "nothing runs: {out:?}");
    assert!(
        out.stderr.contains("the script is not valid UTF-8"),
        "{out:?}"
    );
    assert!(out.stderr.contains(&format!("{file}:2:11")), "{out:?}");
    assert!(
        out.stderr.contains("? bereder"),
        "the line is shown: {out:?}"
    );
    assert!(
        out.stderr.contains("`-- invalid byte here"),
        "pointed at: {out:?}"
    );
    // On stdin, for `run -` and for the explorer.
    for args in [&["run", "-"][..], &[]] {
        let out: util::Output = util::cmd(args)
            .write_stdin(b"kinds\nlist \xff\n".to_vec())
            .output()
            .unwrap()
            .into();
        assert_eq!(out.code, 1, "{out:?}");
        assert!(out.stderr.contains("not valid UTF-8"), "{out:?}");
        assert!(out.stderr.contains("<stdin>:2:6"), "{out:?}");
        let out = util::orgraf(args, Some("kinds\nshow PSG\0\n"));
        assert_eq!(out.code, 1, "{out:?}");
        assert!(out.stderr.contains("contains a NUL byte"), "{out:?}");
        assert!(out.stderr.contains("<stdin>:2:9"), "{out:?}");
        assert!(out.stderr.contains("show PSG"), "{out:?}");
    }
}
