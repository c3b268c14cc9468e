//! `orgraf query` and `orgraf run`: parse, evaluate, render, and map the
//! outcome to an exit code (0 answered, 1 error in a query, 2 usage).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::commands::{INPUT_ERROR, OK, USAGE_ERROR, color_stderr, load_valid, write_stdout};
use crate::diag::{line_col, render};
use crate::graph::OrgGraph;
use crate::model::ModelSource;
use crate::output::{self, Format};

use super::{QUERY_FILE, eval_named, parse};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `orgraf query STATEMENT`: one statement, answered on stdout.
pub fn query(source: &ModelSource, statement: &str, format: Format, timings: bool) -> u8 {
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let start = Instant::now();
    let parsed = parse::parse_statement(statement, QUERY_FILE);
    let parse_time = start.elapsed();
    let stmt = match parsed {
        Ok(s) => s,
        Err(d) => {
            eprint!("{}", render(&d, statement, color_stderr()));
            return INPUT_ERROR;
        }
    };
    let start = Instant::now();
    let value = eval_named(&loaded.graph, &stmt, QUERY_FILE);
    if timings {
        eprintln!(
            "timing: parse {:.3} ms, eval {:.3} ms",
            ms(parse_time),
            ms(start.elapsed())
        );
    }
    match value {
        Ok(v) => write_stdout(output::render(&v, &loaded.graph, format).as_bytes()),
        Err(d) => {
            eprint!("{}", render(&d, statement, color_stderr()));
            INPUT_ERROR
        }
    }
}

/// `orgraf run FILE`: every statement of a script, in order. A failing
/// statement is reported on stderr with its line and the others still
/// run; the exit code is then 1.
pub fn script(source: &ModelSource, file: &Path, format: Format, timings: bool) -> u8 {
    let (name, text) = if file == Path::new("-") {
        let mut s = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
            eprintln!("error: cannot read the script from stdin: {e}");
            return USAGE_ERROR;
        }
        ("<stdin>".to_string(), s)
    } else {
        match std::fs::read(file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => (file.display().to_string(), s),
                Err(_) => {
                    eprintln!("error: {} is not UTF-8 text", file.display());
                    return INPUT_ERROR;
                }
            },
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", file.display());
                return USAGE_ERROR;
            }
        }
    };
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let failed = run_script(&loaded.graph, &text, &name, format, timings, &mut |chunk| {
        write_stdout(chunk.as_bytes());
    });
    if failed { INPUT_ERROR } else { OK }
}

/// Runs a script, handing each statement's output to `emit` as it is
/// ready (errors go to stderr). Returns whether any statement failed.
pub fn run_script(
    g: &OrgGraph,
    text: &str,
    name: &str,
    format: Format,
    timings: bool,
    emit: &mut dyn FnMut(&str),
) -> bool {
    let mut failed = false;
    let mut first = true;
    let mut statements = parse::statements(text, name);
    let mut n = 0;
    loop {
        let start = Instant::now();
        let Some(parsed) = statements.next() else {
            break;
        };
        let parse_time = start.elapsed();
        n += 1;
        let stmt = match parsed {
            Ok(s) => s,
            Err(d) => {
                eprint!("{}", render(&d, text, color_stderr()));
                failed = true;
                continue;
            }
        };
        let start = Instant::now();
        let value = eval_named(g, &stmt, name);
        if timings {
            let (line, _) = line_col(text, stmt.span.0.start);
            eprintln!(
                "timing: statement {n} (line {line}): parse {:.3} ms, eval {:.3} ms",
                ms(parse_time),
                ms(start.elapsed())
            );
        }
        let value = match value {
            Ok(v) => v,
            Err(d) => {
                eprint!("{}", render(&d, text, color_stderr()));
                failed = true;
                continue;
            }
        };
        let mut chunk = String::new();
        match format {
            Format::Text => {
                if !first {
                    chunk.push('\n');
                }
                for c in comments_before(text, stmt.span.0.start) {
                    let _ = writeln!(chunk, "{c}");
                }
                let _ = writeln!(chunk, "> {}", &text[stmt.span.range()]);
            }
            Format::Csv if !first => chunk.push_str("\r\n"),
            _ => {}
        }
        first = false;
        chunk.push_str(&output::render(&value, g, format));
        emit(&chunk);
    }
    failed
}

/// The `#` comment lines right above a statement that starts a line, to
/// show with its answer.
fn comments_before(text: &str, at: usize) -> Vec<&str> {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].trim().is_empty() {
        return Vec::new();
    }
    let mut out: Vec<&str> = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .take_while(|l| l.starts_with('#'))
        .collect();
    out.reverse();
    out
}
