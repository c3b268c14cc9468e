//! `orgraf diagram`: parse the selection arguments, render, write.
//!
//! Exit codes (see [`crate::commands`]): 0 success; 1 a name or relation
//! that the model does not know, or an output file that cannot be
//! written; 2 a usage or environment error: an output file whose
//! extension names no format, `--query` before the query language exists,
//! or SVG/PNG asked for without Graphviz's `dot` on PATH (or `dot`
//! failing).

use std::io::IsTerminal as _;
use std::time::Instant;

use super::{Around, DiagramFormat, Selection, render};
use crate::cli::DiagramArgs;
use crate::commands::{INPUT_ERROR, OK, USAGE_ERROR, load_valid, write_stdout};
use crate::graph::{OrgGraph, ResolveError, names};
use crate::model::ModelSource;

/// Runs `orgraf diagram` and returns the exit code.
pub fn run(source: &ModelSource, args: &DiagramArgs, timings: bool) -> u8 {
    let format = match output_format(args) {
        Ok(f) => f,
        Err(msg) => {
            eprintln!("error: {msg}");
            return USAGE_ERROR;
        }
    };
    if format == DiagramFormat::Png && args.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "error: PNG is binary and stdout is a terminal; write it to a file with -o FILE.png"
        );
        return USAGE_ERROR;
    }
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let g = &loaded.graph;
    let selection = match selection(g, args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let start = Instant::now();
    let bytes = match render(g, &selection, format) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE_ERROR;
        }
    };
    if timings {
        eprintln!(
            "timing: diagram {:.3} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    match &args.output {
        Some(path) => match crate::fsutil::write_atomic(path, &bytes) {
            Ok(()) => OK,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                INPUT_ERROR
            }
        },
        None => write_stdout(&bytes),
    }
}

/// `--format`, else the extension of `-o`, else DOT.
fn output_format(args: &DiagramArgs) -> Result<DiagramFormat, String> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    match &args.output {
        None => Ok(DiagramFormat::Dot),
        Some(p) => DiagramFormat::from_path(p).ok_or_else(|| {
            format!(
                "cannot tell the format from the file name {}; use .dot, .svg, .png or .mmd, or give --format",
                p.display()
            )
        }),
    }
}

/// The selection the arguments ask for, or the exit code after printing
/// why there is none.
fn selection(g: &OrgGraph, args: &DiagramArgs) -> Result<Selection, u8> {
    if args.query.is_some() {
        eprintln!(
            "error: `diagram --query` needs the query language, which this build does not have yet"
        );
        return Err(USAGE_ERROR);
    }
    let name = args.name.as_deref().unwrap_or("all");
    let relations = relations(g, &args.relations)?;
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
        match e {
            ResolveError::Unknown { suggestions } => {
                eprintln!("error: no body is named `{name}`");
                if !suggestions.is_empty() {
                    eprintln!("hint: did you mean {}?", quote_list(&suggestions));
                }
                eprintln!("hint: `all` draws the whole model");
            }
            ResolveError::Ambiguous { candidates } => {
                eprintln!(
                    "error: `{name}` names several bodies: {}",
                    quote_list(&candidates)
                );
                eprintln!("hint: give the id of the one you mean");
            }
        }
        INPUT_ERROR
    })?;
    let around = Around {
        depth: args.depth,
        relations,
        direction: args.direction,
    };
    Ok(Selection::around(g, &[centre], &around))
}

fn relations(g: &OrgGraph, given: &[String]) -> Result<Vec<crate::graph::RelId>, u8> {
    let mut out = Vec::new();
    for r in given.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        match g.catalog.find_relation(r) {
            Some(id) => out.push(id),
            None => {
                eprintln!("error: unknown relation `{r}`");
                let close = names::closest(r, g.catalog.relation_spellings(), 1);
                match close.first() {
                    Some(c) => eprintln!("hint: did you mean `{c}`?"),
                    None => {
                        let ids: Vec<&str> =
                            g.catalog.relations.iter().map(|r| r.id.as_str()).collect();
                        eprintln!("hint: relations: {}", ids.join(", "));
                    }
                }
                return Err(INPUT_ERROR);
            }
        }
    }
    Ok(out)
}

fn relation_labels(g: &OrgGraph, rels: &[crate::graph::RelId]) -> String {
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
