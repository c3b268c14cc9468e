//! `orgraf diagram` and the explorer's `:diagram`: read the selection
//! arguments, render, write.
//!
//! Exit codes (see [`crate::commands`]): 0 success; 1 a name or relation
//! that the model does not know, or an output file that cannot be
//! written; 2 a usage or environment error: an output file whose
//! extension names no format, or SVG/PNG asked for without Graphviz's
//! `dot` on PATH (or `dot` failing). A `--query` statement that does not
//! parse or names something unknown is an input error (1), reported like
//! `orgraf query` reports it.

use std::io::IsTerminal as _;
use std::time::Instant;

use clap::Parser;

use super::{Around, DiagramFormat, EdgeKey, Selection, render};
use crate::cli::DiagramArgs;
use crate::commands::{INPUT_ERROR, OK, USAGE_ERROR, load_valid, write_stdout};
use crate::graph::{OrgGraph, RelId, ResolveError, names};
use crate::model::ModelSource;

/// Why a diagram was not made: the exit code, and the message (its first
/// line without `error: `, then `hint:` lines), or a rendered diagnostic
/// of the query (`rendered`), shown as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: u8,
    pub message: String,
    pub rendered: bool,
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: USAGE_ERROR,
            message: message.into(),
            rendered: false,
        }
    }

    pub(crate) fn input(message: impl Into<String>) -> Failure {
        Failure {
            code: INPUT_ERROR,
            message: message.into(),
            rendered: false,
        }
    }

    /// A diagnostic of the `--query` statement `text`.
    fn query(d: &crate::diag::Diagnostic, text: &str, color: bool) -> Failure {
        Failure {
            code: INPUT_ERROR,
            message: crate::diag::render(d, text, color),
            rendered: true,
        }
    }
}

/// Runs `orgraf diagram` and returns the exit code.
pub fn run(source: &ModelSource, args: &DiagramArgs, timings: bool) -> u8 {
    let format = match output_format(args) {
        Ok(f) => f,
        Err(f) => return fail(&f),
    };
    if format == DiagramFormat::Png && args.output.is_none() && std::io::stdout().is_terminal() {
        return fail(&Failure::usage(
            "PNG is binary and stdout is a terminal; write it to a file with -o FILE.png",
        ));
    }
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let start = Instant::now();
    let bytes = match draw(&loaded.graph, args, format, crate::commands::color_stderr()) {
        Ok(b) => b,
        Err(f) => return fail(&f),
    };
    if timings {
        eprintln!(
            "timing: diagram {:.3} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    match &args.output {
        Some(path) => match write(path, &bytes) {
            Ok(()) => OK,
            Err(f) => fail(&f),
        },
        None => write_stdout(&bytes),
    }
}

pub(crate) fn fail(f: &Failure) -> u8 {
    if f.rendered {
        eprint!("{}", f.message);
    } else {
        eprintln!("error: {}", f.message);
    }
    f.code
}

/// The selection `args` asks for, rendered.
fn draw(
    g: &OrgGraph,
    args: &DiagramArgs,
    format: DiagramFormat,
    color: bool,
) -> Result<Vec<u8>, Failure> {
    let sel = selection(g, args, color)?;
    render(g, &sel, format).map_err(|e| Failure::usage(e.to_string()))
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::fsutil::write_atomic(path, bytes)
        .map_err(|e| Failure::input(format!("cannot write {}: {e}", path.display())))
}

/// `--format`, else the extension of `-o`, else DOT.
fn output_format(args: &DiagramArgs) -> Result<DiagramFormat, Failure> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    match &args.output {
        None => Ok(DiagramFormat::Dot),
        Some(p) => DiagramFormat::from_path(p).ok_or_else(|| {
            Failure::usage(format!(
                "cannot tell the format from the file name {}; use .dot, .svg, .png or .mmd, or give --format",
                p.display()
            ))
        }),
    }
}

/// The selection the arguments ask for. A `--query` statement's errors
/// are rendered with colour when `color` is set.
pub fn selection(g: &OrgGraph, args: &DiagramArgs, color: bool) -> Result<Selection, Failure> {
    let relations = relations(g, &args.relations)?;
    if let Some(text) = &args.query {
        return answer(g, text, &relations, color);
    }
    let name = args.name.as_deref().unwrap_or("all");
    if name == "all" {
        let mut sel = Selection::all(g);
        if !relations.is_empty() {
            // The whole model over some relations: the bodies they connect.
            sel.edges.retain(|e| relations.contains(&e.rel));
            sel.nodes = sel.edges.iter().flat_map(|e| [e.from, e.to]).collect();
            sel.subtitle = Some(format!("Relationer: {}", relation_labels(g, &relations)));
        }
        return Ok(sel);
    }
    let centre = g.resolve(name).map_err(|e| {
        Failure::input(match e {
            ResolveError::Unknown { suggestions } => {
                let mut m = format!("no body is named `{name}`");
                if !suggestions.is_empty() {
                    m.push_str(&format!(
                        "\nhint: did you mean {}?",
                        quote_list(&suggestions)
                    ));
                }
                m.push_str("\nhint: `all` draws the whole model");
                m
            }
            ResolveError::Ambiguous { candidates } => format!(
                "`{name}` names several bodies: {}\nhint: give the id of the one you mean",
                quote_list(&candidates)
            ),
        })
    })?;
    let around = Around {
        depth: args.depth,
        relations,
        direction: args.direction,
    };
    Ok(Selection::around(g, &[centre], &around))
}

/// The bodies and edges of the answer to a query statement, e.g. a path or
/// a closure; `--relations` keeps only edges of those relations. The ends
/// of a path, the body of a card and the ends of a `why` are emphasised.
/// `orgraf export --query` takes its bodies and edges from here too.
pub fn answer(
    g: &OrgGraph,
    text: &str,
    relations: &[RelId],
    color: bool,
) -> Result<Selection, Failure> {
    use crate::query::{self, Value};
    let stmt = query::parse_statement(text).map_err(|d| Failure::query(&d, text, color))?;
    let value = query::eval(g, &stmt).map_err(|d| Failure::query(&d, text, color))?;
    let (nodes, edges) = value.subgraph();
    if nodes.is_empty() {
        return Err(Failure::input(format!(
            "the answer to `{}` names no bodies; there is nothing to draw\nhint: `orgraf query` shows the answer as text",
            text.trim()
        )));
    }
    let edges = edges
        .into_iter()
        .filter(|(_, r, _)| relations.is_empty() || relations.contains(r))
        .map(|(from, rel, to)| EdgeKey { from, rel, to });
    let mut sel = Selection::from_parts(text.trim(), nodes, edges);
    sel.subtitle = Some("Svaret på frågan".into());
    sel.focus = match &value {
        Value::Paths { from, to, .. } | Value::Evidence { from, to, .. } => [*from, *to].into(),
        Value::Card(c) => [c.body].into(),
        _ => Default::default(),
    };
    Ok(sel)
}

fn relations(g: &OrgGraph, given: &[String]) -> Result<Vec<RelId>, Failure> {
    let mut out = Vec::new();
    for r in given.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        match g.catalog.find_relation(r) {
            Some(id) => out.push(id),
            None => {
                let hint = match names::closest(r, g.catalog.relation_spellings(), 1).first() {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => {
                        let ids: Vec<&str> =
                            g.catalog.relations.iter().map(|r| r.id.as_str()).collect();
                        format!("relations: {}", ids.join(", "))
                    }
                };
                return Err(Failure::input(format!(
                    "unknown relation `{r}`\nhint: {hint}"
                )));
            }
        }
    }
    Ok(out)
}

fn relation_labels(g: &OrgGraph, rels: &[RelId]) -> String {
    let mut v: Vec<&str> = rels
        .iter()
        .map(|&r| g.catalog.relation(r).label.as_str())
        .collect();
    v.sort();
    v.dedup();
    v.join(", ")
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// The explorer takes this function as its `:diagram`.
const _: crate::repl::Drawer = repl_drawer;

/// `:diagram` in the explorer: the arguments of `orgraf diagram` as one
/// line (`PSG --depth 1 -o psg.svg`). With `-o` the chart is written to
/// the file and the answer says so; without it DOT or Mermaid text is the
/// answer (SVG and PNG need `-o`). Fits [`crate::repl::Drawer`].
pub fn repl_drawer(g: &OrgGraph, line: &str) -> Result<String, String> {
    #[derive(Parser)]
    #[command(name = ":diagram", no_binary_name = true)]
    struct Line {
        #[command(flatten)]
        args: DiagramArgs,
    }
    let words = split_words(line)?;
    let args = Line::try_parse_from(words)
        .map_err(|e| e.to_string().trim_end().to_string())?
        .args;
    let format = output_format(&args).map_err(|f| f.message)?;
    if args.output.is_none() && matches!(format, DiagramFormat::Svg | DiagramFormat::Png) {
        return Err(format!(
            "{} needs a file: add -o FILE.{}",
            format.extension().to_uppercase(),
            format.extension()
        ));
    }
    let bytes = draw(g, &args, format, false).map_err(|f| f.message)?;
    match &args.output {
        Some(path) => {
            write(path, &bytes).map_err(|f| f.message)?;
            Ok(format!("wrote {}", path.display()))
        }
        None => Ok(String::from_utf8_lossy(&bytes).trim_end().to_string()),
    }
}

/// Splits a line into words at spaces; `'…'` and `"…"` keep spaces.
fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if let Some(q) = quote {
        return Err(format!("unclosed {q} in the arguments"));
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_with_quotes() {
        assert_eq!(
            split_words(r#"  "Samordningsråd rättspsykiatri" --depth 2 -o 'a b.svg' "#).unwrap(),
            vec![
                "Samordningsråd rättspsykiatri",
                "--depth",
                "2",
                "-o",
                "a b.svg"
            ]
        );
        assert_eq!(split_words(r#"x "" y"#).unwrap(), vec!["x", "", "y"]);
        assert!(split_words("'open").is_err());
    }
}
