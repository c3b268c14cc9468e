//! `orgraf export`: the model, or the bodies and edges of a statement's
//! answer, in the formats other tools read.
//!
//! ```text
//! OrgGraph ──Subset::all / Subset::of(answer)──▶ Subset (sorted) ──writer──▶ file | folder
//! ```
//!
//! A [`Subset`] holds the bodies sorted by id and the edges sorted by
//! subject id, relation id and object id (edges with the same three keep
//! their model order), so every writer produces byte-identical output for
//! the same model and arguments. A statement's answer becomes bodies and
//! edges the way `diagram --query` chooses them
//! ([`crate::commands::answer_selection`]); every model edge with the same
//! ends and relation as an answer edge is exported, with its sources.
//!
//! Writers, one module each: [`graphml`], [`rdf`] (Turtle and JSON-LD),
//! [`cypher`] (a Cypher script and neo4j-admin CSV files), [`json`] and
//! [`csv`] (a CSV model folder that loads back). Single-file formats go
//! to stdout or `-o FILE`; the folder formats need `-o DIR`, a folder
//! that does not exist yet or is empty, and appear there whole or not at
//! all ([`crate::fsutil::write_dir_atomic`]).

pub mod csv;
pub mod cypher;
pub mod graphml;
pub mod json;
pub mod rdf;

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use crate::cli::ExportArgs;
pub use crate::cli::ExportFormat;
use crate::commands::{Failure, answer_selection, fail};
use crate::commands::{OK, load_valid, write_stdout};
use crate::diagram::EdgeKey;
use crate::graph::{BodyId, Edge, OrgGraph};
use crate::model::ModelSource;

/// The bodies and edges to export, sorted.
#[derive(Debug, Clone)]
pub struct Subset<'g> {
    pub g: &'g OrgGraph,
    /// Sorted by id.
    pub nodes: Vec<BodyId>,
    /// Sorted by subject id, relation id, object id, then model order.
    pub edges: Vec<Edge<'g>>,
}

impl<'g> Subset<'g> {
    /// The whole model.
    pub fn all(g: &'g OrgGraph) -> Self {
        Self::sorted(g, g.bodies().collect(), g.edges().collect())
    }

    /// The given bodies, and every model edge whose ends and relation
    /// are among `edges`.
    pub fn of(g: &'g OrgGraph, nodes: &BTreeSet<BodyId>, edges: &BTreeSet<EdgeKey>) -> Subset<'g> {
        let chosen = g
            .edges()
            .filter(|e| {
                edges.contains(&EdgeKey {
                    from: e.from,
                    rel: e.rel,
                    to: e.to,
                })
            })
            .collect();
        Self::sorted(g, nodes.iter().copied().collect(), chosen)
    }

    fn sorted(g: &'g OrgGraph, mut nodes: Vec<BodyId>, mut edges: Vec<Edge<'g>>) -> Self {
        nodes.sort_by(|a, b| g.node(*a).id.cmp(g.node(*b).id));
        // A stable sort: edges with the same ends and relation keep the
        // model's order, in which `OrgGraph::edges` gives them.
        edges.sort_by(|a, b| {
            let key = |e: &Edge<'_>| {
                (
                    g.node(e.from).id,
                    g.catalog.relation(e.rel).id.as_str(),
                    g.node(e.to).id,
                )
            };
            key(a).cmp(&key(b))
        });
        Subset { g, nodes, edges }
    }

    /// A stable key for each edge, in [`Subset::edges`] order: the ids of
    /// subject, relation and object, and 1 for the first edge of these
    /// three, 2 for the second …
    pub fn edge_keys(&self) -> Vec<([&str; 3], usize)> {
        let mut seen: HashMap<(BodyId, u16, BodyId), usize> = HashMap::new();
        self.edges
            .iter()
            .map(|e| {
                let n = seen.entry((e.from, e.rel.0, e.to)).or_default();
                *n += 1;
                let ids = [
                    self.g.node(e.from).id,
                    self.g.catalog.relation(e.rel).id.as_str(),
                    self.g.node(e.to).id,
                ];
                (ids, *n)
            })
            .collect()
    }

    /// A stable name for each edge: `FROM/REL/TO`, with `/2`, `/3` … for
    /// the second and later edges of the same three.
    pub fn edge_names(&self) -> Vec<String> {
        self.edge_keys()
            .into_iter()
            .map(|(ids, n)| match n {
                1 => ids.join("/"),
                n => format!("{}/{n}", ids.join("/")),
            })
            .collect()
    }
}

/// What a writer produces: one file, or the files of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    File(Vec<u8>),
    Dir(Vec<(String, Vec<u8>)>),
}

/// The default base IRI of the RDF exports.
pub const DEFAULT_BASE: &str = "urn:orgraf:";

/// Writes `subset` in `format`. `base` is the RDF base IRI; an invalid
/// one is an error.
pub fn export(subset: &Subset<'_>, format: ExportFormat, base: &str) -> Result<Output, String> {
    Ok(match format {
        ExportFormat::Graphml => Output::File(graphml::write(subset).into_bytes()),
        ExportFormat::Turtle => Output::File(rdf::turtle(subset, base)?),
        ExportFormat::Jsonld => Output::File(rdf::jsonld(subset, base)?),
        ExportFormat::Cypher => Output::File(cypher::script(subset).into_bytes()),
        ExportFormat::Neo4jCsv => Output::Dir(cypher::neo4j_csv(subset)?),
        ExportFormat::Json => Output::File(json::write(subset)),
        ExportFormat::Csv => Output::Dir(csv::write(subset)?),
    })
}

/// Runs `orgraf export` and returns the exit code.
pub fn run(source: &ModelSource, args: &ExportArgs, timings: bool) -> u8 {
    let folder = matches!(args.format, ExportFormat::Neo4jCsv | ExportFormat::Csv);
    if folder && args.output.is_none() {
        return fail(&Failure::usage(
            "this format writes a folder of several files; give it with -o DIR",
        ));
    }
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let g = &loaded.graph;
    let start = Instant::now();
    let subset = match &args.query {
        None => Subset::all(g),
        Some(text) => match answer_selection(g, text, &[], crate::commands::color_stderr()) {
            Ok(sel) => Subset::of(g, &sel.nodes, &sel.edges),
            Err(f) => return fail(&f),
        },
    };
    let out = match export(
        &subset,
        args.format,
        args.base.as_deref().unwrap_or(DEFAULT_BASE),
    ) {
        Ok(o) => o,
        Err(e) => return fail(&Failure::usage(e)),
    };
    if timings {
        eprintln!(
            "timing: export {:.3} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    let written = match (&out, &args.output) {
        (Output::File(bytes), None) => return write_stdout(bytes),
        (Output::File(bytes), Some(path)) => crate::fsutil::write_atomic(path, bytes),
        (Output::Dir(files), Some(dir)) => crate::fsutil::write_dir_atomic(dir, files),
        (Output::Dir(_), None) => unreachable!("checked above"),
    };
    match written {
        Ok(()) => OK,
        Err(e) => {
            let path = args.output.as_deref().unwrap_or(std::path::Path::new("-"));
            fail(&Failure::input(format!(
                "cannot write {}: {e}",
                path.display()
            )))
        }
    }
}

/// The ids the standard catalog declares: kinds, relations, attribute
/// keys. Exports mark or leave out these declarations.
pub(crate) fn builtin_ids() -> [Vec<String>; 3] {
    let mut diags = Vec::new();
    let file = crate::model::parse_file(
        crate::model::CATALOG.0,
        crate::model::CATALOG.1.as_bytes(),
        &mut diags,
        &mut Default::default(),
    )
    .expect("the built-in catalog parses (tested)");
    let c = file.content;
    [
        c.kinds.into_iter().map(|k| k.id).collect(),
        c.relations.into_iter().map(|r| r.id).collect(),
        c.attributes.into_iter().map(|a| a.id).collect(),
    ]
}

/// `text` with every character outside ASCII letters, digits and `-._~`
/// (and letters and digits of the Basic Multilingual Plane below the
/// surrogates, which IRIs allow) percent-encoded: an id as one segment
/// of an IRI path.
pub fn iri_piece(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric()
            || "-._~".contains(c)
            || (!c.is_ascii() && c.is_alphanumeric() && (c as u32) < 0xD800)
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}
