//! `orgraf suggest FILE`: read a governance document (UTF-8 text) and
//! propose model entries — bodies, roles, persons, relations and
//! attributes — each with the sentence it comes from, its line, the
//! pattern that found it, and whether the model already has it.
//!
//! The pipeline: [`text`] splits the document into headings, paragraphs,
//! list items and sentences; [`find`] finds mentions (names the model
//! knows, by [`crate::graph::OrgGraph::resolve`]; role words; new names)
//! and runs the phrase [`patterns`] (data: `src/suggest_patterns.ron`,
//! plus a model's `suggest/patterns.ron`); [`status`] marks each
//! suggestion new, known or in conflict; [`render`] prints text, JSON or
//! RON ready to paste into a model; [`eval`] measures it on documents
//! the model was made from.
//!
//! PDF and DOCX are out of scope: convert them to text first.

pub mod eval;
pub mod find;
pub mod patterns;
pub mod render;
pub mod status;
pub mod text;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::commands::{INPUT_ERROR, USAGE_ERROR, color_stderr, load_valid, write_stdout};
use crate::graph::OrgGraph;
use crate::model::ModelSource;
use patterns::{PatternFile, Patterns};

/// The largest document `suggest` reads. Governance documents are a few
/// hundred kilobytes at most; a bigger file is refused, not read.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// `orgraf suggest` arguments.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The document: UTF-8 text (PDF and DOCX are not read: convert them to
    /// text first), or `-` for stdin.
    pub file: PathBuf,
    /// Output: a review list (text), JSON, or RON to paste into a model.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Text)]
    pub format: SuggestFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SuggestFormat {
    #[default]
    Text,
    Json,
    Ron,
}

/// Whether a suggestion is already in the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "status", content = "why")]
pub enum Status {
    /// Not in the model.
    New,
    /// In the model (a node by its id; an edge exactly so).
    Known,
    /// The model says otherwise, or the name fits several bodies: a
    /// choice for the reviewer, said in the text.
    Conflict(String),
}

/// A sentence of the document: its line and its text (whitespace runs as
/// one space).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub line: usize,
    pub text: String,
}

/// A body, role or person.
#[derive(Debug, Clone, Serialize)]
pub struct NodeSuggestion {
    /// The model's id when known, else a proposed one.
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subkind: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(flatten)]
    pub status: Status,
    /// For an ambiguous name: the model's ids it fits.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Where it is first named.
    pub quote: Quote,
    pub reason: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttrSuggestion>,
}

/// An attribute of a body, from a heading (`Mötesfrekvens`) or a label
/// (`Mötesfrekvens: 4 ggr/år`).
#[derive(Debug, Clone, Serialize)]
pub struct AttrSuggestion {
    pub key: String,
    pub value: String,
    pub quotes: Vec<Quote>,
    pub reason: String,
}

/// A relation between two node suggestions (indices into
/// [`Report::nodes`]).
#[derive(Debug, Clone, Serialize)]
pub struct EdgeSuggestion {
    #[serde(skip)]
    pub from: usize,
    pub rel: String,
    #[serde(skip)]
    pub to: usize,
    #[serde(flatten)]
    pub status: Status,
    pub quotes: Vec<Quote>,
    pub reason: String,
}

/// Everything `suggest` found in one document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The document's file name, as cited in `sources`.
    pub document: String,
    /// Its first line of text.
    pub title: String,
    pub nodes: Vec<NodeSuggestion>,
    pub edges: Vec<EdgeSuggestion>,
    /// Sentences that name a body the model knows but matched no pattern.
    pub unmatched: Vec<Quote>,
}

/// Reads `text` (the document `doc`, by file name) against the model.
pub fn analyze(g: &OrgGraph, patterns: &Patterns, doc: &str, text: &str) -> Report {
    let mut report = find::Finder::new(g, patterns, doc).read(text);
    report.document = doc.to_string();
    report
}

/// The built-in patterns plus those of the model folder
/// (`DIR/suggest/patterns.ron`), checked against the model's catalog.
pub fn load_patterns(g: &OrgGraph, source: &ModelSource) -> Result<Patterns, String> {
    let mut files = vec![(
        BUILTIN_NAME,
        patterns::parse(BUILTIN_NAME, patterns::BUILTIN.1)?,
    )];
    let own_name;
    if let ModelSource::Dir(dir) = source {
        let own = dir.join("suggest").join("patterns.ron");
        if own.is_file() {
            own_name = own.display().to_string();
            let text = std::fs::read_to_string(&own)
                .map_err(|e| format!("cannot read {own_name}: {e}"))?;
            let parsed: PatternFile = patterns::parse(&own_name, &text)?;
            files.push((own_name.as_str(), parsed));
        }
    }
    Patterns::compile(&g.catalog, &files)
}

const BUILTIN_NAME: &str = patterns::BUILTIN.0;

/// Reads the document: a file or stdin, at most [`MAX_BYTES`], UTF-8.
fn read_document(file: &Path) -> Result<(String, String), (u8, String)> {
    let (name, mut reader): (String, Box<dyn std::io::Read>) = if file == Path::new("-") {
        ("stdin".to_string(), Box::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(file).map_err(|e| {
            (
                USAGE_ERROR,
                format!("error: cannot read {}: {e}", file.display()),
            )
        })?;
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        (name, Box::new(f))
    };
    let mut bytes = Vec::new();
    (&mut reader)
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            (
                USAGE_ERROR,
                format!("error: cannot read {}: {e}", file.display()),
            )
        })?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err((
            INPUT_ERROR,
            format!(
                "error: {} is larger than {} MB; suggest reads one governance document as text (split a larger file)",
                file.display(),
                MAX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = crate::diag::decode(
        &file.display().to_string(),
        bytes,
        "document",
        color_stderr(),
    )
    .map_err(|rendered| (INPUT_ERROR, rendered))?;
    Ok((name, text))
}

/// `orgraf suggest FILE`.
pub fn run(source: &ModelSource, args: &SuggestArgs, timings: bool) -> u8 {
    let (doc, text) = match read_document(&args.file) {
        Ok(t) => t,
        Err((code, msg)) => {
            eprint!("{msg}");
            if !msg.ends_with('\n') {
                eprintln!();
            }
            return code;
        }
    };
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let patterns = match load_patterns(&loaded.graph, source) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return INPUT_ERROR;
        }
    };
    let start = std::time::Instant::now();
    let report = analyze(&loaded.graph, &patterns, &doc, &text);
    if timings {
        eprintln!(
            "timing: suggest {:.3} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    let out = match args.format {
        SuggestFormat::Text => render::text(&report),
        SuggestFormat::Json => render::json(&report),
        SuggestFormat::Ron => render::ron(&report, &loaded.graph),
    };
    let code = write_stdout(out.as_bytes());
    crate::commands::end_with(loaded);
    code
}

#[cfg(test)]
mod tests;
