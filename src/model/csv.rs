//! The CSV folder format: `nodes.csv` (`id,kind,name[,aliases]`) and
//! `edges.csv` (`src,rel,dst`), the shape graph databases import and
//! spreadsheets export. Aliases are separated by `;`. Relations are
//! matched by id or ASCII form; kinds by id, label or English name.
//!
//! Rows stream straight into the graph builder without per-row
//! allocation, so a million-node folder loads in well under a second.

use std::fs::File;
use std::io::BufReader;
use std::ops::Range;
use std::path::PathBuf;

use crate::graph::Builder;

/// The files of a CSV model folder.
#[derive(Debug, Clone)]
pub struct CsvFolder {
    pub nodes: PathBuf,
    pub nodes_name: String,
    pub edges: Option<PathBuf>,
    pub edges_name: String,
}

fn reader(path: &PathBuf) -> std::io::Result<csv::Reader<BufReader<File>>> {
    let f = File::open(path)?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 20, f)))
}

/// Loads both files into `b`, reporting problems by line.
pub fn load(folder: &CsvFolder, b: &mut Builder) {
    load_nodes(folder, b);
    if let Some(edges) = &folder.edges {
        load_edges(edges, &folder.edges_name, b);
    }
}

/// The span of a record: from its start to the end of its line.
fn record_span(pos: &csv::Position, rec: &csv::ByteRecord) -> Range<usize> {
    let start = pos.byte() as usize;
    let len: usize = rec
        .iter()
        .map(|f| f.len() + 1)
        .sum::<usize>()
        .saturating_sub(1);
    start..start + len.max(1)
}

fn error_span(e: &csv::Error) -> Range<usize> {
    e.position()
        .map_or(0..1, |p| p.byte() as usize..p.byte() as usize + 1)
}

/// Checks the header against the expected columns; reports and returns
/// false on a mismatch.
fn header_ok(
    r: &mut csv::Reader<BufReader<File>>,
    name: &str,
    expected: &[&str],
    b: &mut Builder,
) -> bool {
    match r.byte_headers() {
        Ok(h) => {
            let got: Vec<String> = h
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
                .collect();
            let ok = expected
                .iter()
                .enumerate()
                .all(|(i, e)| got.get(i).is_some_and(|g| g == e));
            if !ok {
                b.report(
                    name,
                    0..h.as_slice().len().max(1),
                    format!("unexpected header: expected `{}`", expected.join(",")),
                    Some(format!(
                        "the first line must name the columns {}",
                        expected.join(",")
                    )),
                );
            }
            ok
        }
        Err(e) => {
            b.report(
                name,
                error_span(&e),
                format!("cannot read the header: {e}"),
                None,
            );
            false
        }
    }
}

fn utf8<'a>(field: &'a [u8], name: &str, span: &Range<usize>, b: &mut Builder) -> Option<&'a str> {
    match std::str::from_utf8(field) {
        Ok(s) => Some(s),
        Err(_) => {
            b.report(
                name,
                span.clone(),
                "the row is not valid UTF-8".into(),
                Some("save the file as UTF-8".into()),
            );
            None
        }
    }
}

fn load_nodes(folder: &CsvFolder, b: &mut Builder) {
    let name = &folder.nodes_name;
    let mut r = match reader(&folder.nodes) {
        Ok(r) => r,
        Err(e) => return b.report(name, 0..0, format!("cannot read: {e}"), None),
    };
    if !header_ok(&mut r, name, &["id", "kind", "name"], b) {
        return;
    }
    let mut rec = csv::ByteRecord::new();
    loop {
        match r.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                b.report(name, error_span(&e), format!("CSV syntax: {e}"), None);
                break;
            }
        }
        let span = rec.position().map_or(0..0, |p| record_span(p, &rec));
        if rec.len() < 3 || rec.len() > 4 {
            b.report(
                name,
                span,
                format!(
                    "expected 3 or 4 fields (id,kind,name[,aliases]), found {}",
                    rec.len()
                ),
                None,
            );
            continue;
        }
        let (Some(id), Some(kind), Some(nm)) = (
            utf8(&rec[0], name, &span, b),
            utf8(&rec[1], name, &span, b),
            utf8(&rec[2], name, &span, b),
        ) else {
            continue;
        };
        let mut aliases: Vec<&str> = Vec::new();
        if rec.len() == 4
            && let Some(a) = utf8(&rec[3], name, &span, b)
        {
            aliases.extend(a.split(';').map(str::trim).filter(|a| !a.is_empty()));
        }
        b.add_plain_node(name, span, id.trim(), kind.trim(), nm.trim(), &aliases);
    }
}

fn load_edges(path: &PathBuf, name: &str, b: &mut Builder) {
    let mut r = match reader(path) {
        Ok(r) => r,
        Err(e) => return b.report(name, 0..0, format!("cannot read: {e}"), None),
    };
    if !header_ok(&mut r, name, &["src", "rel", "dst"], b) {
        return;
    }
    let mut rec = csv::ByteRecord::new();
    loop {
        match r.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                b.report(name, error_span(&e), format!("CSV syntax: {e}"), None);
                break;
            }
        }
        let span = rec.position().map_or(0..0, |p| record_span(p, &rec));
        if rec.len() != 3 {
            b.report(
                name,
                span,
                format!("expected 3 fields (src,rel,dst), found {}", rec.len()),
                None,
            );
            continue;
        }
        let (Some(s), Some(rel), Some(d)) = (
            utf8(&rec[0], name, &span, b),
            utf8(&rec[1], name, &span, b),
            utf8(&rec[2], name, &span, b),
        ) else {
            continue;
        };
        b.add_plain_edge(name, span, s.trim(), rel.trim(), d.trim());
    }
}
