//! What each subcommand does. `main.rs` parses the arguments and hands
//! them here; every function returns the process exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{Cli, Command};
use crate::model::{self, Loaded, ModelSource};

/// Exit codes, documented in the README.
pub const OK: u8 = 0;
/// An error in the input: a query or a model.
pub const INPUT_ERROR: u8 = 1;
/// A usage error: wrong arguments, a missing file or folder.
pub const USAGE_ERROR: u8 = 2;

/// Why a command could not do its work: the exit code, and the message
/// (its first line without `error: `, then `hint:` lines), or a rendered
/// diagnostic of a statement (`rendered`), shown as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: u8,
    pub message: String,
    pub rendered: bool,
}

impl Failure {
    /// A usage or environment error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: USAGE_ERROR,
            message: message.into(),
            rendered: false,
        }
    }

    /// An error in the input (exit code 1).
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            code: INPUT_ERROR,
            message: message.into(),
            rendered: false,
        }
    }

    /// A diagnostic of the statement `text`, rendered as `orgraf query`
    /// renders it.
    pub fn query(d: &crate::diag::Diagnostic, text: &str, color: bool) -> Failure {
        Failure {
            code: INPUT_ERROR,
            message: crate::diag::render(d, text, color),
            rendered: true,
        }
    }
}

/// Prints `f` to stderr and returns its exit code.
pub fn fail(f: &Failure) -> u8 {
    if f.rendered {
        eprint!("{}", f.message);
    } else {
        eprintln!("error: {}", f.message);
    }
    f.code
}

/// The bodies and edges of the answer to the statement `text` (a path, a
/// closure, a card), for the faces that draw or export an answer
/// (`diagram --query`, `export --query`); with `relations`, only edges
/// of those. Errors are rendered with colour when `color` is set.
pub fn answer_selection(
    g: &crate::graph::OrgGraph,
    text: &str,
    relations: &[crate::graph::RelId],
    color: bool,
) -> Result<crate::diagram::Selection, Failure> {
    use crate::query;
    let stmt = query::parse_statement(text).map_err(|d| Failure::query(&d, text, color))?;
    let value = query::eval(g, &stmt).map_err(|d| Failure::query(&d, text, color))?;
    crate::diagram::Selection::of_answer(&value, text.trim(), relations).ok_or_else(|| {
        Failure::input(format!(
            "the answer to `{}` names no bodies; there is nothing to draw or export\nhint: `orgraf query` shows the answer as text",
            text.trim()
        ))
    })
}

/// Whether to colour output on stderr: a terminal, and NO_COLOR unset.
pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let source = match &cli.model {
        Some(dir) => ModelSource::Dir(dir.clone()),
        None => ModelSource::Bundled,
    };
    let code = match cli.command {
        Some(Command::Check) => check(&source),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Compile { dir, output }) => {
            let source = dir.map_or(source, ModelSource::Dir);
            model::compiled::command(&source, &output, cli.timings)
        }
        Some(Command::Query { statement, output }) => {
            crate::query::run::query(&source, &statement, output.format, cli.timings)
        }
        Some(Command::Run { file, output }) => {
            crate::query::run::script(&source, &file, output.format, cli.timings)
        }
        Some(Command::Serve { addr, open }) => crate::web::serve(&source, addr, open, cli.timings),
        Some(Command::Site { output }) => crate::web::site(&source, &output, cli.timings),
        Some(Command::Diagram(args)) => crate::diagram::command::run(&source, &args, cli.timings),
        Some(Command::Suggest(args)) => crate::suggest::run(&source, &args, cli.timings),
        Some(Command::Diff(args)) => crate::diff::run(&args, cli.model.as_deref(), cli.timings),
        Some(Command::Export(args)) => crate::export::run(&source, &args, cli.timings),
        None => crate::repl::run(
            source,
            cli.timings,
            crate::query::run::answer,
            crate::diagram::command::repl_drawer,
        ),
    };
    ExitCode::from(code)
}

/// `orgraf check`: all diagnostics, then a summary.
pub fn check(source: &ModelSource) -> u8 {
    let loaded = match model::load(source) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {}", e.0);
            return USAGE_ERROR;
        }
    };
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = loaded.diagnostics.len() - errors;
    eprint!(
        "{}",
        loaded.texts.render(&loaded.diagnostics, color_stderr())
    );
    if errors > 0 {
        eprintln!(
            "check failed: {}, {}",
            count(errors, "error"),
            count(warnings, "warning")
        );
        INPUT_ERROR
    } else {
        let line = format!("ok: {}{}\n", loaded.graph.summary(), warn_suffix(warnings));
        let code = write_stdout(line.as_bytes());
        end_with(loaded);
        code
    }
}

/// For a one-shot command about to end the process: lets the system
/// take back the model's memory at once, instead of freeing a large graph
/// string by string (a tenth of a second at a million nodes).
pub fn end_with(loaded: Loaded) {
    std::mem::forget(loaded);
}

fn warn_suffix(warnings: usize) -> String {
    match warnings {
        0 => String::new(),
        n => format!(" ({})", count(n, "warning")),
    }
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Loads a model for a command that needs a valid graph. On failure
/// prints why and returns the exit code to end with.
pub fn load_valid(source: &ModelSource, timings: bool) -> Result<Loaded, u8> {
    let start = Instant::now();
    let loaded = model::load(source).map_err(|e| {
        eprintln!("error: {}", e.0);
        USAGE_ERROR
    })?;
    if timings {
        eprintln!(
            "timing: model load {:.3} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    if loaded.has_errors() {
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        eprint!("{}", loaded.texts.render(&errors, color_stderr()));
        eprintln!(
            "error: the model has {}; run `orgraf check` for details",
            count(errors.len(), "error")
        );
        return Err(INPUT_ERROR);
    }
    Ok(loaded)
}

fn completions(shell: clap_complete::Shell) -> u8 {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "orgraf", &mut out);
    write_stdout(&out)
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
pub fn write_stdout(bytes: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            INPUT_ERROR
        }
    }
}
