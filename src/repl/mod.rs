//! The explorer: `orgraf` with no subcommand.
//!
//! A rustyline editor over the same language and the same answers as
//! `orgraf query`, with completion, hints, highlighting, multi-line
//! statements, a guided tour and history. When stdin is not a terminal it
//! answers statements like `orgraf run -`, with no prompt or banner.

pub mod helper;
mod history;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{CompletionType, Config, Editor};

use crate::cli::Format;
use crate::commands::{self, INPUT_ERROR, OK};
use crate::graph::OrgGraph;
use crate::model::ModelSource;
use crate::tour::TOUR;
use helper::{OrgHelper, Vocabulary};

/// `println!` that never panics: when stdout is closed (`orgraf | head`)
/// the line is dropped instead of aborting the session with a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` of an answer, likewise never panicking on a closed stdout.
fn say_raw(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// The answer to some query text: what goes to stdout and to stderr.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    /// False when any statement failed.
    pub ok: bool,
}

/// Answers query text against a graph. `name` is the source name used in
/// error positions; `timings` asks for parse and evaluation times on stderr.
pub type Engine = fn(&OrgGraph, &str, &str, Format, bool) -> Outcome;

/// Draws a diagram for `:diagram`: arguments as typed after the command.
pub type Drawer = fn(&OrgGraph, &str) -> Result<String, String>;

/// The REPL session's state.
struct Session {
    graph: OrgGraph,
    source: ModelSource,
    format: Format,
    timing: bool,
    /// Statements that were answered, for `:save`.
    statements: Vec<String>,
    engine: Engine,
    drawer: Drawer,
    color: bool,
    /// The date of `:asof`: every statement is answered `as of` it.
    as_of: Option<String>,
}

/// Runs the explorer; returns the exit code.
pub fn run(source: ModelSource, timings: bool, engine: Engine, drawer: Drawer) -> u8 {
    let loaded = match commands::load_valid(&source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if !std::io::stdin().is_terminal() {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("error: cannot read stdin: {e}");
            return commands::USAGE_ERROR;
        }
        let text = match crate::diag::decode("<stdin>", bytes, "input", commands::color_stderr()) {
            Ok(t) => t,
            Err(rendered) => {
                eprint!("{rendered}");
                return INPUT_ERROR;
            }
        };
        let out = engine(&loaded.graph, &text, "<stdin>", Format::Text, timings);
        eprint!("{}", out.stderr);
        let code = commands::write_stdout(out.stdout.as_bytes());
        return if out.ok { code } else { INPUT_ERROR };
    }
    let color = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let mut session = Session {
        graph: loaded.graph,
        source,
        format: Format::Text,
        timing: timings,
        statements: Vec::new(),
        engine,
        drawer,
        color,
        as_of: None,
    };
    session.interact()
}

impl Session {
    fn editor(&self) -> Option<Editor<OrgHelper, DefaultHistory>> {
        let config = Config::builder()
            .completion_type(CompletionType::List)
            .auto_add_history(false)
            .max_history_size(history::MAX_ENTRIES)
            .ok()?
            .build();
        let mut rl = Editor::with_config(config).ok()?;
        rl.set_helper(Some(OrgHelper {
            vocab: Vocabulary::new(&self.graph),
            color: self.color,
        }));
        Some(rl)
    }

    fn banner(&self) -> String {
        let g = &self.graph;
        let name = g.catalog.meta.as_ref().map_or("model", |m| m.name.as_str());
        format!(
            "orgraf: {name}: {} bodies, {} relations, {} sources. Type help, or :tour for a guided walk.",
            g.node_count(),
            g.edge_count(),
            g.source_count()
        )
    }

    fn interact(&mut self) -> u8 {
        let Some(mut rl) = self.editor() else {
            eprintln!("error: cannot open the terminal for editing");
            return commands::USAGE_ERROR;
        };
        let hist = history::History::open();
        for entry in hist.entries() {
            let _ = rl.add_history_entry(entry);
        }
        let mut new_entries: Vec<String> = Vec::new();
        say!("{}", self.banner());
        loop {
            let prompt = match &self.as_of {
                Some(d) => format!("orgraf({} as of {d})> ", self.source.label()),
                None => format!("orgraf({})> ", self.source.label()),
            };
            match rl.readline(&prompt) {
                Ok(line) => {
                    // A statement continued over several lines is one statement.
                    let joined = line.lines().map(str::trim).collect::<Vec<_>>().join(" ");
                    let trimmed = joined.trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    let _ = rl.add_history_entry(trimmed);
                    new_entries.push(trimmed.to_string());
                    if let Some(meta) = trimmed.strip_prefix(':') {
                        match self.meta(meta, &mut rl) {
                            Flow::Continue => {}
                            Flow::Quit => break,
                        }
                    } else {
                        self.answer(trimmed);
                    }
                }
                Err(ReadlineError::Interrupted) => continue,
                Err(ReadlineError::Eof) => break,
                Err(e) => {
                    eprintln!("error: {e}");
                    break;
                }
            }
        }
        if let Err(e) = hist.append(&new_entries) {
            eprintln!("note: history not saved: {e}");
        }
        OK
    }

    fn answer(&mut self, text: &str) {
        let dated;
        let text = match &self.as_of {
            Some(d) => {
                dated = crate::query::dated(text, d);
                dated.as_str()
            }
            None => text,
        };
        let out = (self.engine)(&self.graph, text, "<input>", self.format, self.timing);
        say_raw(&out.stdout);
        eprint!("{}", out.stderr);
        let _ = std::io::stdout().flush();
        if out.ok {
            self.statements.push(text.to_string());
        }
    }

    fn meta(&mut self, command: &str, rl: &mut Editor<OrgHelper, DefaultHistory>) -> Flow {
        let (name, rest) = command
            .split_once(char::is_whitespace)
            .unwrap_or((command, ""));
        let rest = rest.trim();
        match name {
            "q" | "quit" | "exit" => return Flow::Quit,
            "help" | "h" => say!("{}", meta_help(rest, &self.graph, self.engine)),
            "tour" => self.tour(rl),
            "format" => match rest {
                "text" => self.format = Format::Text,
                "json" => self.format = Format::Json,
                "csv" => self.format = Format::Csv,
                "" => say!("format: {}", format_name(self.format)),
                other => eprintln!("error: unknown format `{other}`; use text, json or csv"),
            },
            "timing" => match rest {
                "on" => self.timing = true,
                "off" => self.timing = false,
                _ => say!(
                    "timing is {}; use :timing on|off",
                    if self.timing { "on" } else { "off" }
                ),
            },
            "asof" => match rest {
                "" => match &self.as_of {
                    Some(d) => say!("answers are as of {d}; :asof off for today's"),
                    None => {
                        say!("answers are as of the model's date; :asof DATE to ask about another")
                    }
                },
                "off" => self.as_of = None,
                date => match crate::graph::Period::parse(date) {
                    Ok(_) => self.as_of = Some(date.to_string()),
                    Err(e) => eprintln!("error: {e}; {}", crate::graph::time::DATE_FORMS),
                },
            },
            "load" if rest.is_empty() => eprintln!("error: :load needs a folder, e.g. :load model"),
            "load" => self.load(ModelSource::Dir(PathBuf::from(rest)), rl),
            "reload" => self.load(self.source.clone(), rl),
            "diagram" => match (self.drawer)(&self.graph, rest) {
                Ok(msg) => say!("{msg}"),
                Err(e) => eprintln!("error: {e}"),
            },
            "save" if rest.is_empty() => {
                eprintln!("error: :save needs a file name, e.g. :save session.oq")
            }
            "save" => match save_script(Path::new(rest), &self.statements) {
                Ok(()) => say!("saved {} statements to {rest}", self.statements.len()),
                Err(e) => eprintln!("error: cannot write {rest}: {e}"),
            },
            other => {
                let known: Vec<&str> = helper::META_COMMANDS.iter().map(|c| &c[1..]).collect();
                let hint = crate::graph::names::closest(other, known, 1)
                    .first()
                    .map(|b| format!("; did you mean :{b}?"))
                    .unwrap_or_default();
                eprintln!("error: unknown command `:{other}`{hint} (type :help)");
            }
        }
        Flow::Continue
    }

    fn load(&mut self, source: ModelSource, rl: &mut Editor<OrgHelper, DefaultHistory>) {
        let start = Instant::now();
        match commands::load_valid(&source, false) {
            Ok(loaded) => {
                self.graph = loaded.graph;
                self.source = source;
                rl.set_helper(Some(OrgHelper {
                    vocab: Vocabulary::new(&self.graph),
                    color: self.color,
                }));
                say!(
                    "loaded {} in {:.1} ms: {}",
                    self.source.label(),
                    start.elapsed().as_secs_f64() * 1e3,
                    self.graph.summary()
                );
            }
            Err(_) => eprintln!("the current model stays loaded"),
        }
    }

    fn tour(&mut self, rl: &mut Editor<OrgHelper, DefaultHistory>) {
        if self.source != ModelSource::Bundled {
            eprintln!("the tour walks the bundled model; start orgraf without --model to take it");
            return;
        }
        let n = TOUR.len();
        for (i, step) in TOUR.iter().enumerate() {
            say!(
                "\n[{}/{n}] {} ({})\n{}\n",
                i + 1,
                step.question,
                step.english,
                step.text
            );
            say!("orgraf> {}", step.statement);
            self.answer(step.statement);
            if i + 1 == n {
                say!(
                    "\nThat was the tour. Type help for the language, :help for the explorer's commands."
                );
                break;
            }
            match rl.readline("\n[Enter] next step, q to leave the tour: ") {
                Ok(s) if s.trim().eq_ignore_ascii_case("q") => break,
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
}

enum Flow {
    Continue,
    Quit,
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Text => "text",
        Format::Json => "json",
        Format::Csv => "csv",
    }
}

/// Help for the explorer's commands, or the language's help on a topic.
fn meta_help(topic: &str, g: &OrgGraph, engine: Engine) -> String {
    if !topic.is_empty() {
        let t = topic.trim_start_matches(':');
        if let Some(line) = META_HELP.iter().find(|(c, _)| *c == t) {
            return format!(":{} {}", line.0, line.1);
        }
        let out = engine(g, &format!("help {t}"), "<help>", Format::Text, false);
        return format!("{}{}", out.stdout, out.stderr)
            .trim_end()
            .to_string();
    }
    let mut s = String::from("The explorer's commands (statements of the language: type help):\n");
    for (c, text) in META_HELP {
        s.push_str(&format!("  :{c:<9} {text}\n"));
    }
    s.push_str("Tab completes names, relations and keywords; an open quote, parenthesis, `->` or `|` continues on the next line; Ctrl-C cancels the line, Ctrl-D leaves.");
    s
}

const META_HELP: &[(&str, &str)] = &[
    (
        "help",
        "[topic]   this list, or help on a statement or command",
    ),
    (
        "tour",
        "a guided walk through the bundled model (Enter: next, q: leave)",
    ),
    ("format", "text|json|csv   how answers are printed"),
    ("timing", "on|off   print parse and evaluation times"),
    (
        "asof",
        "DATE|off   answer every statement as of DATE (YYYY, YYYY-MM or YYYY-MM-DD), shown in the prompt",
    ),
    ("load", "DIR   load another model folder"),
    (
        "reload",
        "load the current model again (after editing its files)",
    ),
    (
        "diagram",
        "NAME [--depth N] -o FILE   draw a part of the graph (.dot .svg .png .mmd)",
    ),
    (
        "save",
        "FILE   write this session's answered statements as an .oq script",
    ),
    ("quit", "leave (Ctrl-D works too)"),
];

/// Writes statements as a script that `orgraf run` replays.
fn save_script(path: &Path, statements: &[String]) -> std::io::Result<()> {
    let mut text = String::from("# orgraf session: replay with `orgraf run FILE`\n");
    for s in statements {
        text.push_str(s);
        text.push('\n');
    }
    crate::fsutil::write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step of the tour answers, and not with an empty answer, on
    /// the bundled model: the tour stays true as the model changes.
    #[test]
    fn every_tour_step_answers_on_the_bundled_model() {
        let loaded = crate::model::load(&ModelSource::Bundled).expect("bundled model loads");
        assert!(!loaded.has_errors());
        assert!((6..=8).contains(&TOUR.len()));
        for step in TOUR {
            let out = crate::query::run::answer(
                &loaded.graph,
                step.statement,
                "<tour>",
                Format::Text,
                false,
            );
            assert!(out.ok, "{}: {}", step.statement, out.stderr);
            assert!(
                !out.stdout.contains("(none)") && !out.stdout.trim().is_empty(),
                "{}",
                step.statement
            );
        }
    }

    #[test]
    fn saved_scripts_replay() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.oq");
        save_script(&p, &["? bereder PSG".into(), "show DRNO".into()]).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with("# orgraf session"));
        assert!(text.ends_with("? bereder PSG\nshow DRNO\n"));
    }
}
