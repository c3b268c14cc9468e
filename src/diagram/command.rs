//! `orgraf diagram` and the explorer's `:diagram`: read the selection
//! arguments, render, write.
//!
//! Exit codes (see [`crate::commands`]): 0 success; 1 a name or relation
//! that the model does not know, or an output file that cannot be
//! written; 2 a usage or environment error: an output file whose
//! extension names no format, or SVG/PNG/PDF asked for without Graphviz's
//! `dot` on PATH (or `dot` failing: one line, and where the DOT was kept),
//! or with `--diff`/`--diff-rev` an old model that cannot be read or an
//! unknown git revision (a name in neither model, or an old model with
//! errors, is 1). A `--query` statement that does not
//! parse or names something unknown is an input error (1), reported like
//! `orgraf query` reports it.

use std::io::IsTerminal as _;
use std::time::Instant;

use clap::Parser;

use super::diff::Against;
use super::{Around, ChartOptions, DiagramFormat, Selection, atlas, render_checked};
use crate::cli::DiagramArgs;
use crate::commands::{Failure, OK, answer_selection, fail, load_valid, write_stdout};
use crate::graph::{OrgGraph, RelId, ResolveError, names};
use crate::model::ModelSource;

/// Runs `orgraf diagram` and returns the exit code.
pub fn run(source: &ModelSource, args: &DiagramArgs, timings: bool) -> u8 {
    if args.list {
        let loaded = match load_valid(source, timings) {
            Ok(l) => l,
            Err(code) => return code,
        };
        return write_stdout(list(&loaded.graph).as_bytes());
    }
    let format = match output_format(args) {
        Ok(f) => f,
        Err(f) => return fail(&f),
    };
    if matches!(format, DiagramFormat::Png | DiagramFormat::Pdf)
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        let ext = format.extension();
        return fail(&Failure::usage(format!(
            "{} is binary and stdout is a terminal; write it to a file with -o FILE.{ext}",
            ext.to_uppercase()
        )));
    }
    let against = match Against::of(source, args) {
        Ok(a) => a,
        Err(f) => return fail(&f),
    };
    let source = against
        .as_ref()
        .and_then(|a| a.new.as_ref())
        .unwrap_or(source);
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let start = Instant::now();
    let color = crate::commands::color_stderr();
    let drawn = match draw(&loaded.graph, args, format, color, against.as_ref()) {
        Ok(b) => b,
        Err(f) => return fail(&f),
    };
    if timings {
        eprintln!(
            "timing: diagram {:.3} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    match (&args.output, drawn) {
        (Some(path), drawn) => match write_drawn(path, drawn) {
            Ok(Some(note)) => {
                eprintln!("{note}");
                OK
            }
            Ok(None) => OK,
            Err(f) => fail(&f),
        },
        (None, Drawn::One(bytes)) => write_stdout(&bytes),
        (None, Drawn::Pages(_)) => unreachable!("pages are drawn only with -o"),
    }
}

/// A chart as one file, or an atlas's pages as SVG or PNG files.
pub enum Drawn {
    One(Vec<u8>),
    Pages(Vec<Vec<u8>>),
}

/// Writes `drawn` to `path`, an atlas's pages to `path` numbered
/// (`all-1.svg` …), each atomically; says which files when there are
/// several.
fn write_drawn(path: &std::path::Path, drawn: Drawn) -> Result<Option<String>, Failure> {
    match drawn {
        Drawn::One(bytes) => write(path, &bytes).map(|()| None),
        Drawn::Pages(pages) => {
            let paths = atlas::numbered(path, pages.len());
            for (p, bytes) in paths.iter().zip(&pages) {
                write(p, bytes)?;
            }
            let mut said = format!(
                "wrote an atlas of {} pages as {} … {} (one file per page; -o FILE.pdf writes them as one PDF)",
                pages.len(),
                paths[0].display(),
                paths[paths.len() - 1].display()
            );
            let stale = atlas::remove_stale(path, pages.len());
            if let (Some(first), Some(last)) = (stale.first(), stale.last()) {
                said.push_str(&format!(
                    "; removed {} … {}, pages of an earlier, longer atlas",
                    first.display(),
                    last.display()
                ));
            }
            Ok(Some(said))
        }
    }
}

/// The selection `args` asks for, rendered; with `against`, in the
/// comparison of `g` with that older model. `all` too big for one page
/// is drawn as an atlas (see [`atlas`]) in PDF, and in SVG or PNG when
/// written to a file (not for a comparison).
fn draw(
    g: &OrgGraph,
    args: &DiagramArgs,
    format: DiagramFormat,
    color: bool,
    against: Option<&Against>,
) -> Result<Drawn, Failure> {
    let compared;
    let (g, sel) = match against {
        Some(a) => {
            let (cmp, sel) = a.selection(g, args, color)?;
            compared = cmp;
            (&compared.graph, sel)
        }
        None => (g, selection(g, args, color)?),
    };
    let opts = ChartOptions {
        page: args.page,
        dpi: args.dpi,
        ..ChartOptions::default()
    };
    let usage = |e: super::DiagramError| Failure::usage(e.to_string());
    let r = render_checked(g, &sel, format, &opts).map_err(usage)?;
    let Some(w) = r.warning() else {
        return Ok(Drawn::One(r.bytes));
    };
    let whole = against.is_none()
        && args.query.is_none()
        && args.name.as_deref().is_none_or(|n| n == "all");
    let paged = match format {
        DiagramFormat::Pdf => true,
        DiagramFormat::Svg | DiagramFormat::Png => args.output.is_some(),
        _ => false,
    };
    if !(whole && paged) {
        eprintln!("warning: {w}");
        if whole && matches!(format, DiagramFormat::Svg | DiagramFormat::Png) {
            eprintln!("hint: with -o FILE orgraf draws it as an atlas of pages that fit");
        }
        return Ok(Drawn::One(r.bytes));
    }
    let pages = atlas::render(g, &sel, format, &opts).map_err(usage)?;
    for p in &pages {
        if let Some(w) = p.rendered.warning() {
            eprintln!("warning: atlas page `{}`: {w}", p.selection.title);
        }
    }
    let bytes: Vec<Vec<u8>> = pages.into_iter().map(|p| p.rendered.bytes).collect();
    if format == DiagramFormat::Pdf {
        let pdf = atlas::merge_pdf(&bytes)
            .map_err(|e| Failure::usage(format!("cannot merge the atlas's pages: {e}")))?;
        return Ok(Drawn::One(pdf));
    }
    Ok(Drawn::Pages(bytes))
}

/// `orgraf diagram --list`: every body (names cut to 60 characters) with
/// the size of its depth-1 chart, sorted by id, as an aligned table.
pub fn list(g: &OrgGraph) -> String {
    let mut rows: Vec<[String; 5]> = g
        .bodies()
        .map(|b| {
            let sel = Selection::around(g, &[b], &Around::default());
            let n = g.node(b);
            [
                n.id.to_string(),
                crate::diag::shorten(n.name, 60).into_owned(),
                g.kind_of(b).label.clone(),
                sel.nodes.len().to_string(),
                sel.edges.len().to_string(),
            ]
        })
        .collect();
    rows.sort();
    let header = [
        "id".to_string(),
        "name".into(),
        "kind".into(),
        "bodies".into(),
        "edges".into(),
    ];
    let mut widths = [0usize; 5];
    for r in std::iter::once(&header).chain(&rows) {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::from(
        "Bodies that can be drawn (`orgraf diagram ID`), with the size of their chart at --depth 1; `all` draws the whole model.\n",
    );
    for r in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (c, w)) in r.iter().zip(widths).enumerate() {
            let pad = w - c.chars().count();
            if i >= 3 {
                line.push_str(&" ".repeat(pad));
                line.push_str(c);
            } else {
                line.push_str(c);
                line.push_str(&" ".repeat(pad));
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
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
                "cannot tell the format from the file name {}; use .dot, .svg, .png, .pdf or .mmd, or give --format",
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
        return answer_selection(g, text, &relations, color);
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

pub(crate) fn quote_list(items: &[String]) -> String {
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
    if args.list {
        return Ok(list(g).trim_end().to_string());
    }
    if args.output.is_none()
        && matches!(
            format,
            DiagramFormat::Svg | DiagramFormat::Png | DiagramFormat::Pdf
        )
    {
        return Err(format!(
            "{} needs a file: add -o FILE.{}",
            format.extension().to_uppercase(),
            format.extension()
        ));
    }
    if !args.diff_rev.is_empty() {
        return Err(
            "--diff-rev reads the model folder from git and works in `orgraf diagram`; here use --diff OLD"
                .into(),
        );
    }
    let against = args
        .diff
        .as_deref()
        .map(|old| Against::path(old, "den laddade modellen".into()));
    let drawn = draw(g, &args, format, false, against.as_ref()).map_err(|f| f.message)?;
    match (&args.output, drawn) {
        (Some(path), drawn) => Ok(write_drawn(path, drawn)
            .map_err(|f| f.message)?
            .unwrap_or_else(|| format!("wrote {}", path.display()))),
        (None, Drawn::One(bytes)) => Ok(String::from_utf8_lossy(&bytes).trim_end().to_string()),
        (None, Drawn::Pages(_)) => unreachable!("pages are drawn only with -o"),
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
    fn the_explorer_draws_a_comparison() {
        let g = crate::model::load(&ModelSource::Bundled).unwrap().graph;
        let model = concat!(env!("CARGO_MANIFEST_DIR"), "/model");
        let dot = repl_drawer(&g, &format!("psg --diff '{model}'")).unwrap();
        assert!(dot.contains(&format!(
            "Inga skillnader mellan {model} och den laddade modellen"
        )));
        let err = repl_drawer(&g, "psg --diff-rev HEAD").unwrap_err();
        assert!(err.contains("here use --diff OLD"), "{err}");
    }

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
