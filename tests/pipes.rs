//! `orgraf … | head -1`: a reader that goes away ends orgraf quietly,
//! with exit code 0 and no panic message (Rust's `println!` panics on a
//! closed pipe; every write to stdout must not).

mod util;

use util::with_stdout_closed;

const COMMANDS: &[&[&str]] = &[
    &["query", "list"],
    &["query", "list", "--format", "json"],
    &["query", "list", "--format", "csv"],
    &["run", "queries/newcomer.oq"],
    &["diagram", "all"],
    &["diagram", "all", "--format", "mermaid"],
    &["check"],
    &["completions", "bash"],
];

#[test]
fn a_closed_stdout_ends_quietly() {
    for args in COMMANDS {
        for after_lines in [0, 1] {
            let out = with_stdout_closed(args, None, after_lines);
            assert_eq!(
                (out.code, out.stderr.as_str()),
                (0, ""),
                "orgraf {} with stdout closed after {after_lines} lines",
                args.join(" ")
            );
            assert_eq!(out.stdout.lines().count(), after_lines, "{args:?}");
        }
    }
}

#[test]
fn a_closed_stdout_ends_the_explorer_quietly() {
    // Statements on stdin (not a terminal): answered like a script.
    let out = with_stdout_closed(&[], Some("list\nkinds\n"), 0);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let out = with_stdout_closed(&[], Some("list\nkinds\n"), 1);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}
