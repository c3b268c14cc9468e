//! `orgraf query` and `orgraf run`: parse, evaluate, render, and map the
//! outcome to an exit code (0 answered, 1 error in a query, 2 usage).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::commands::{INPUT_ERROR, OK, USAGE_ERROR, color_stderr, load_valid, write_stdout};
use crate::diag::{SourceText, decode, line_col, render};
use crate::graph::OrgGraph;
use crate::model::ModelSource;
use crate::output::{self, Format};
use crate::repl::Outcome;

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
    let code = match value {
        Ok(v) => write_stdout(output::render(&v, &loaded.graph, format).as_bytes()),
        Err(d) => {
            eprint!("{}", render(&d, statement, color_stderr()));
            INPUT_ERROR
        }
    };
    crate::commands::end_with(loaded);
    code
}

/// `orgraf run FILE`: every statement of a script, in order. A failing
/// statement is reported on stderr with its line and the others still
/// run; the exit code is then 1.
pub fn script(source: &ModelSource, file: &Path, format: Format, timings: bool) -> u8 {
    let (name, bytes) = if file == Path::new("-") {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
            eprintln!("error: cannot read the script from stdin: {e}");
            return USAGE_ERROR;
        }
        ("<stdin>".to_string(), bytes)
    } else {
        match std::fs::read(file) {
            Ok(bytes) => (file.display().to_string(), bytes),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", file.display());
                return USAGE_ERROR;
            }
        }
    };
    let text = match decode(&name, bytes, "script", color_stderr()) {
        Ok(t) => t,
        Err(rendered) => {
            eprint!("{rendered}");
            return INPUT_ERROR;
        }
    };
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let options = Options {
        format,
        timings,
        echo: format == Format::Text,
        color: color_stderr(),
    };
    let ok = run_script(
        &loaded.graph,
        &text,
        &name,
        options,
        &mut |chunk| {
            write_stdout(chunk.as_bytes());
        },
        &mut |chunk| eprint!("{chunk}"),
    );
    crate::commands::end_with(loaded);
    if ok { OK } else { INPUT_ERROR }
}

/// Answers query text (one statement or several) the way the explorer
/// wants it: stdout and stderr as strings. Statements are echoed before
/// their answers (text format) only when there are several. Its type is
/// the explorer's [`crate::repl::Engine`].
pub fn answer(g: &OrgGraph, text: &str, name: &str, format: Format, timings: bool) -> Outcome {
    let several = parse::statements(text, name).nth(1).is_some();
    let options = Options {
        format,
        timings,
        echo: several && format == Format::Text,
        color: color_stderr(),
    };
    let (mut stdout, mut stderr) = (String::new(), String::new());
    let ok = run_script(
        g,
        text,
        name,
        options,
        &mut |c| stdout.push_str(c),
        &mut |c| stderr.push_str(c),
    );
    Outcome { stdout, stderr, ok }
}

/// `answer` is what the explorer expects of its engine.
const _: crate::repl::Engine = answer;

/// How [`run_script`] writes its answers.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    /// Parse and evaluation time of each statement, on the error stream.
    pub timings: bool,
    /// In text format, print each statement (and the `#` comments right
    /// above it) before its answer.
    pub echo: bool,
    /// Colour in diagnostics.
    pub color: bool,
}

/// Runs a script, handing each statement's output to `out` as it is
/// ready, and diagnostics and timings to `err`. Every statement runs even
/// when others fail. Returns whether all succeeded.
pub fn run_script(
    g: &OrgGraph,
    text: &str,
    name: &str,
    options: Options,
    out: &mut dyn FnMut(&str),
    err: &mut dyn FnMut(&str),
) -> bool {
    let mut ok = true;
    let mut first = true;
    let mut statements = parse::statements(text, name);
    // Indexed on the first error only: most scripts have none.
    let mut source: Option<SourceText<'_>> = None;
    let mut n = 0;
    loop {
        let start = Instant::now();
        let Some(parsed) = statements.next() else {
            break;
        };
        let parse_time = start.elapsed();
        n += 1;
        let start = Instant::now();
        let value = parsed.and_then(|stmt| eval_named(g, &stmt, name).map(|v| (stmt, v)));
        if options.timings {
            let at = match &value {
                Ok((stmt, _)) => stmt.span.0.start,
                Err(d) => d.span.start,
            };
            err(&format!(
                "timing: statement {n} (line {}): parse {:.3} ms, eval {:.3} ms\n",
                line_col(text, at).0,
                ms(parse_time),
                ms(start.elapsed())
            ));
        }
        let (stmt, value) = match value {
            Ok(sv) => sv,
            Err(d) => {
                let source = source.get_or_insert_with(|| SourceText::new(text));
                err(&source.render(&d, options.color));
                ok = false;
                continue;
            }
        };
        let mut chunk = String::new();
        match options.format {
            Format::Text if options.echo => {
                if !first {
                    chunk.push('\n');
                }
                for c in comments_before(text, stmt.span.0.start) {
                    let _ = writeln!(chunk, "{c}");
                }
                let _ = writeln!(chunk, "> {}", &text[stmt.span.range()]);
            }
            Format::Text | Format::Csv if !first => {
                chunk.push_str(if options.format == Format::Csv {
                    "\r\n"
                } else {
                    "\n"
                })
            }
            _ => {}
        }
        first = false;
        if !chunk.is_empty() {
            out(&chunk);
        }
        // Handed over apart from the echo, not appended to it: a large
        // answer is not copied.
        out(&output::render(&value, g, options.format));
    }
    ok
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
