//! The CSV folder format: `nodes.csv` (`id,kind,name[,aliases]`) and
//! `edges.csv` (`src,rel,dst`), the shape graph databases import and
//! spreadsheets export. Aliases are separated by `;`. Relations are
//! matched by id or ASCII form; kinds by id, label or English name.
//!
//! A million-node folder loads in well under a second (see
//! `docs/PERFORMANCE.md`): each file is read on a thread of its own,
//! which parses rows and prepares them (see [`crate::graph::plain`])
//! while the builder adds the previous batch; the builder's tables are
//! sized from the file sizes up front, so none is ever held twice while
//! it grows; and nothing is allocated per edge row.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};

use super::table::{self, Cell, Row, Rows, Sheet};
use crate::graph::plain::{Lookup, PlainEdge, PlainNode};
use crate::graph::{Builder, RelId};

/// The files of a CSV model folder.
#[derive(Debug, Clone)]
pub struct CsvFolder {
    pub nodes: PathBuf,
    pub nodes_name: String,
    pub edges: Option<PathBuf>,
    pub edges_name: String,
}

/// A CSV reader for `path`, and about how many rows the file has.
fn reader(path: &PathBuf) -> std::io::Result<(csv::Reader<BufReader<File>>, usize)> {
    let f = File::open(path)?;
    let size = f.metadata()?.len() as usize;
    let mut buf = BufReader::with_capacity(1 << 20, f);
    let head = buf.fill_buf()?;
    let rows = estimate_rows(head, size);
    let r = Dialect::sniff(head)
        .reader_builder()
        .has_headers(true)
        .flexible(true)
        .from_reader(buf);
    Ok((r, rows))
}

/// How a CSV file is written, as its header line shows: the separator
/// (`,`; `;` as Excel writes CSV where the decimal mark is a comma, as in
/// Sweden; or a tab), whether lines end with CRLF, and the length of a
/// UTF-8 byte order mark before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    pub crlf: bool,
    pub bom: usize,
}

impl Dialect {
    /// Reads the dialect from the first bytes of a file: the separator
    /// that occurs most often in the header line outside quotes (a comma
    /// when none does), CRLF when that line ends so.
    pub fn sniff(head: &[u8]) -> Dialect {
        let bom = if head.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        let line = &head[bom..];
        let line = &line[..line.iter().position(|&c| c == b'\n').unwrap_or(line.len())];
        let (mut quoted, mut counts) = (false, [0usize; 3]);
        for &c in line {
            match c {
                b'"' => quoted = !quoted,
                b',' if !quoted => counts[0] += 1,
                b';' if !quoted => counts[1] += 1,
                b'\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        let delimiter = match counts {
            [c, s, t] if s > c && s >= t => b';',
            [c, _, t] if t > c => b'\t',
            _ => b',',
        };
        Dialect {
            delimiter,
            crlf: line.last() == Some(&b'\r'),
            bom,
        }
    }

    /// A reader for this dialect. With CRLF line ends, a record ends at
    /// the `\n` (its `\r` is trimmed with the last field), so that
    /// positions count from the start of the record's line: the reader's
    /// default would start them at the `\n` before it.
    pub fn reader_builder(self) -> csv::ReaderBuilder {
        let mut rb = csv::ReaderBuilder::new();
        rb.delimiter(self.delimiter);
        if self.crlf {
            rb.terminator(csv::Terminator::Any(b'\n'));
        }
        rb
    }
}

/// Whether the header line of the file at `path` names exactly one of
/// `plain`: such a file takes the fast path, any other header the table
/// path ([`super::table`]). An unreadable file takes the table path,
/// which reports why.
fn has_plain_header(path: &Path, plain: &[&[&str]]) -> bool {
    let Ok(f) = File::open(path) else {
        return false;
    };
    let mut line = Vec::new();
    if BufReader::new(f).read_until(b'\n', &mut line).is_err() {
        return false;
    }
    let d = Dialect::sniff(&line);
    let mut r = d
        .reader_builder()
        .has_headers(false)
        .from_reader(&line[d.bom..]);
    let mut rec = csv::ByteRecord::new();
    if !matches!(r.read_byte_record(&mut rec), Ok(true)) {
        return false;
    }
    let got: Vec<String> = rec
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
        .collect();
    plain.iter().any(|p| got == *p)
}

/// Reads a CSV file with any columns as a [`Table`] and adds its rows.
fn load_table(path: &Path, name: &str, sheet: Sheet, b: &mut Builder) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return b.report(name, 0..0, format!("cannot read: {e}"), None),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return b.report(
                name,
                at..at + 1,
                "the file is not valid UTF-8".into(),
                Some("save it as UTF-8 (in Excel: CSV UTF-8)".into()),
            );
        }
    };
    if let Err(p) = load_rows(name, &text, sheet, b) {
        p.report(name, b);
    }
}

/// Adds the rows of a CSV text as they are read, each cell with its
/// place; stops at a syntax error, which it returns.
fn load_rows(name: &str, text: &str, sheet: Sheet, b: &mut Builder) -> Result<(), Problem> {
    let d = Dialect::sniff(text.as_bytes());
    let mut r = d
        .reader_builder()
        .has_headers(false)
        .flexible(true)
        .from_reader(&text.as_bytes()[d.bom..]);
    let mut rows: Option<Rows> = None;
    let mut rec = csv::StringRecord::new();
    loop {
        match r.read_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                let span = error_span(&e);
                return Err(Problem {
                    span: span.start + d.bom..span.end + d.bom,
                    msg: format!("CSV syntax: {e}"),
                    hint: None,
                });
            }
        }
        let start = rec.position().map_or(0, |p| p.byte() as usize) + d.bom;
        let spans = table::cell_spans(text, start, d.delimiter, rec.len());
        let cells: Vec<Cell> = rec
            .iter()
            .zip(spans)
            .map(|(f, span)| Cell {
                text: f.trim().to_string(),
                span,
            })
            .collect();
        let end = cells.last().map_or(start, |c| c.span.end);
        let row = Row {
            span: start..end.max(start + 1),
            cells,
        };
        match &rows {
            Some(rows) => rows.add(&row, b),
            None => match Rows::start(name, &row.cells, sheet, b) {
                Some(r) => rows = Some(r),
                None => return Ok(()),
            },
        }
    }
}

/// Estimates the rows of a `size`-byte file from its first bytes, with
/// some slack: a little too much room costs only untouched memory, too
/// little means growing a table to twice its size near the end.
fn estimate_rows(head: &[u8], size: usize) -> usize {
    let lines = head.iter().filter(|&&b| b == b'\n').count();
    if lines == 0 || head.len() >= size {
        return lines + 1;
    }
    let per_line = head.len() / lines;
    size / per_line.max(1) * 11 / 10 + 16
}

impl CsvFolder {
    /// The folder's other tables that exist: `attributes.csv` and
    /// `former_names.csv` beside `nodes.csv`, with their names.
    pub fn extra_tables(&self) -> Vec<(Sheet, PathBuf, String)> {
        let mut out = Vec::new();
        for sheet in [Sheet::Attributes, Sheet::FormerNames] {
            let file = format!("{}.csv", sheet.name());
            let path = self.nodes.with_file_name(&file);
            if path.is_file() {
                let name = match self.nodes_name.strip_suffix("nodes.csv") {
                    Some(dir) => format!("{dir}{file}"),
                    None => file,
                };
                out.push((sheet, path, name));
            }
        }
        out
    }
}

/// Loads the files into `b`, reporting problems by line. A file with
/// exactly the plain columns takes the fast path; one with other columns
/// (see [`super::table`]) is read as a table.
pub fn load(folder: &CsvFolder, b: &mut Builder) {
    if has_plain_header(
        &folder.nodes,
        &[NODE_COLUMNS, &["id", "kind", "name", "aliases"]],
    ) {
        load_nodes(folder, b);
    } else {
        load_table(&folder.nodes, &folder.nodes_name, Sheet::Nodes, b);
    }
    if let Some(edges) = &folder.edges {
        if has_plain_header(edges, &[EDGE_COLUMNS]) {
            load_edges(edges, &folder.edges_name, b);
        } else {
            load_table(edges, &folder.edges_name, Sheet::Edges, b);
        }
    }
    for (sheet, path, name) in folder.extra_tables() {
        load_table(&path, &name, sheet, b);
    }
}

const NODE_COLUMNS: &[&str] = &["id", "kind", "name"];
const EDGE_COLUMNS: &[&str] = &["src", "rel", "dst"];

/// The span of a record: from its start to the end of its line.
fn record_span(pos: &csv::Position, rec: &csv::ByteRecord) -> Range<usize> {
    let start = pos.byte() as usize;
    // The fields and a separator between each two (without the `\r` of
    // a CRLF line end, which the last field keeps).
    let cr = usize::from(rec.as_slice().last() == Some(&b'\r'));
    let len = (rec.as_slice().len() + rec.len()).saturating_sub(1 + cr);
    start..start + len.max(1)
}

/// A line with nothing but white space: the `\r` of an empty CRLF line,
/// which the reader of a CRLF file sees as a record of one field.
fn blank_line(rec: &csv::ByteRecord) -> bool {
    rec.len() == 1 && rec[0].iter().all(u8::is_ascii_whitespace)
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

/// A problem with one row, found by the reading thread and reported by
/// the building one, in file order.
struct Problem {
    span: Range<usize>,
    msg: String,
    hint: Option<String>,
}

impl Problem {
    fn report(self, name: &str, b: &mut Builder) {
        b.report(name, self.span, self.msg, self.hint);
    }
}

/// Rows pass between the threads in batches of this many, with at most
/// `QUEUE` batches waiting: enough to keep both threads busy, too few to
/// matter for memory. Emptied batches go back to the reading thread to
/// be filled again, so that no memory is allocated per batch.
const BATCH: usize = 2048;
const QUEUE: usize = 4;

/// One direction between a reading thread and the building one.
type Channel<T> = (SyncSender<T>, Receiver<T>);

/// The two channels between a reading thread and the building one:
/// full batches one way, empty ones back.
fn channels<T>() -> (Channel<T>, Channel<T>) {
    (mpsc::sync_channel(QUEUE), mpsc::sync_channel(QUEUE + 2))
}

/// The first three fields of `rec` as text, or `None` with a problem
/// for each field that is not UTF-8.
fn three_fields<'a>(
    rec: &'a csv::ByteRecord,
    span: &Range<usize>,
    problems: &mut Vec<Problem>,
) -> Option<[&'a str; 3]> {
    // One validation of the whole row is much cheaper than one per
    // field; a field boundary inside a character fails the slicing and
    // falls back to checking field by field.
    let row = std::str::from_utf8(rec.as_slice()).ok();
    let field = |i: usize| row.zip(rec.range(i)).and_then(|(row, r)| row.get(r));
    if let (Some(a), Some(b), Some(c)) = (field(0), field(1), field(2)) {
        return Some([a, b, c]);
    }
    let fields = (
        utf8(&rec[0], span, problems),
        utf8(&rec[1], span, problems),
        utf8(&rec[2], span, problems),
    );
    match fields {
        (Some(a), Some(b), Some(c)) => Some([a, b, c]),
        _ => None,
    }
}

/// `s` without leading and trailing whitespace; quick when it has none.
fn trim(s: &str) -> &str {
    let solid = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    if solid(s.as_bytes().first()) && solid(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

fn utf8<'a>(field: &'a [u8], span: &Range<usize>, problems: &mut Vec<Problem>) -> Option<&'a str> {
    match std::str::from_utf8(field) {
        Ok(s) => Some(s),
        Err(_) => {
            problems.push(Problem {
                span: span.clone(),
                msg: "the row is not valid UTF-8".into(),
                hint: Some("save the file as UTF-8".into()),
            });
            None
        }
    }
}

/// What the reading thread makes of a node row.
enum NodeItem {
    Node(Range<usize>, PlainNode),
    Problem(Problem),
}

fn load_nodes(folder: &CsvFolder, b: &mut Builder) {
    let name = &folder.nodes_name;
    let (mut r, rows) = match reader(&folder.nodes) {
        Ok(r) => r,
        Err(e) => return b.report(name, 0..0, format!("cannot read: {e}"), None),
    };
    if !header_ok(&mut r, name, NODE_COLUMNS, b) {
        return;
    }
    b.reserve(rows, 0);
    let ix = b.file_index(name);
    let lookup = b.lookup();
    let ((tx, rx), (empty_tx, empty_rx)) = channels();
    std::thread::scope(|s| {
        s.spawn(|| read_nodes(r, &lookup, tx, empty_rx));
        for mut batch in rx {
            b.warm_for_plain_nodes(batch.iter().filter_map(|item| match item {
                NodeItem::Node(_, node) => Some(node),
                NodeItem::Problem(_) => None,
            }));
            for item in batch.drain(..) {
                match item {
                    NodeItem::Node(span, node) => b.add_plain_node(ix, span, node),
                    NodeItem::Problem(p) => p.report(name, b),
                }
            }
            let _ = empty_tx.try_send(batch);
        }
    });
}

/// The reading side of [`load_nodes`]: parses rows and prepares nodes.
fn read_nodes(
    mut r: csv::Reader<BufReader<File>>,
    lookup: &Lookup,
    tx: SyncSender<Vec<NodeItem>>,
    empty: Receiver<Vec<NodeItem>>,
) {
    let mut rec = csv::ByteRecord::new();
    let mut folded = String::new();
    let mut problems = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        match r.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (span, msg) = (error_span(&e), format!("CSV syntax: {e}"));
                batch.push(NodeItem::Problem(Problem {
                    span,
                    msg,
                    hint: None,
                }));
                break;
            }
        }
        let span = rec.position().map_or(0..0, |p| record_span(p, &rec));
        if rec.len() < 3 || rec.len() > 4 {
            if blank_line(&rec) {
                continue;
            }
            let msg = format!(
                "expected 3 or 4 fields (id,kind,name[,aliases]), found {}",
                rec.len()
            );
            batch.push(NodeItem::Problem(Problem {
                span,
                msg,
                hint: None,
            }));
        } else {
            let fields = three_fields(&rec, &span, &mut problems);
            let mut aliases: Vec<&str> = Vec::new();
            if fields.is_some()
                && rec.len() == 4
                && let Some(a) = utf8(&rec[3], &span, &mut problems)
            {
                aliases.extend(a.split(';').map(str::trim).filter(|a| !a.is_empty()));
            }
            if !problems.is_empty() {
                batch.extend(problems.drain(..).map(NodeItem::Problem));
            }
            if let Some([id, kind, nm]) = fields {
                let kind = trim(kind);
                let kind = lookup.kind(kind).ok_or(kind);
                let node = PlainNode::new(trim(id), kind, trim(nm), &aliases, &mut folded);
                batch.push(NodeItem::Node(span, node));
            }
        }
        if batch.len() >= BATCH {
            let next = empty
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(BATCH));
            if tx.send(std::mem::replace(&mut batch, next)).is_err() {
                return; // the building side has stopped
            }
        }
    }
    let _ = tx.send(batch);
}

/// What the reading thread makes of edge rows: their strings in one
/// buffer, and per row the places of its strings in it.
struct EdgeBatch {
    text: String,
    items: Vec<EdgeItem>,
}

/// Kept small (40 bytes): every item passes from one core's cache to the
/// other's. The ids are hashed on the building side, which has time to
/// spare while edges load.
enum EdgeItem {
    Edge {
        span: Range<usize>,
        /// Ends of `from`, `rel` and `to` in the batch's text.
        ends: [u32; 3],
        rel: Option<RelId>,
    },
    Problem(Box<Problem>),
}

const _: () = assert!(std::mem::size_of::<EdgeItem>() <= 40);

impl EdgeBatch {
    fn new() -> Self {
        EdgeBatch {
            text: String::with_capacity(BATCH * 48),
            items: Vec::with_capacity(BATCH),
        }
    }
}

fn load_edges(path: &PathBuf, name: &str, b: &mut Builder) {
    let (mut r, rows) = match reader(path) {
        Ok(r) => r,
        Err(e) => return b.report(name, 0..0, format!("cannot read: {e}"), None),
    };
    if !header_ok(&mut r, name, EDGE_COLUMNS, b) {
        return;
    }
    b.reserve(0, rows);
    let ix = b.file_index(name);
    let lookup = b.lookup();
    let ((tx, rx), (empty_tx, empty_rx)) = channels();
    std::thread::scope(|s| {
        s.spawn(|| read_edges(r, &lookup, tx, empty_rx));
        for mut batch in rx {
            let (mut start, mut edges) = (0, Vec::with_capacity(batch.items.len()));
            // Edges go to the builder a run at a time (see
            // `Builder::add_plain_edges`), problems between them in order.
            for item in batch.items.drain(..) {
                match item {
                    EdgeItem::Edge { span, ends, rel } => {
                        let t = &batch.text;
                        let [a, b, c] = ends.map(|e| e as usize);
                        let (from, rel_text, to) = (&t[start..a], &t[a..b], &t[b..c]);
                        start = c;
                        edges.push((span, PlainEdge::new(from, rel.ok_or(rel_text), to)));
                    }
                    EdgeItem::Problem(p) => {
                        b.add_plain_edges(ix, &edges);
                        edges.clear();
                        p.report(name, b);
                    }
                }
            }
            b.add_plain_edges(ix, &edges);
            drop(edges);
            batch.text.clear();
            let _ = empty_tx.try_send(batch);
        }
    });
}

/// The reading side of [`load_edges`]: parses rows, hashes the ids and
/// looks up the relation.
fn read_edges(
    mut r: csv::Reader<BufReader<File>>,
    lookup: &Lookup,
    tx: SyncSender<EdgeBatch>,
    empty: Receiver<EdgeBatch>,
) {
    let mut rec = csv::ByteRecord::new();
    let mut problems = Vec::new();
    let mut batch = EdgeBatch::new();
    loop {
        match r.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (span, msg) = (error_span(&e), format!("CSV syntax: {e}"));
                batch.items.push(EdgeItem::Problem(Box::new(Problem {
                    span,
                    msg,
                    hint: None,
                })));
                break;
            }
        }
        let span = rec.position().map_or(0..0, |p| record_span(p, &rec));
        if rec.len() != 3 {
            if blank_line(&rec) {
                continue;
            }
            let msg = format!("expected 3 fields (src,rel,dst), found {}", rec.len());
            batch.items.push(EdgeItem::Problem(Box::new(Problem {
                span,
                msg,
                hint: None,
            })));
        } else {
            let fields = three_fields(&rec, &span, &mut problems);
            if !problems.is_empty() {
                batch
                    .items
                    .extend(problems.drain(..).map(|p| EdgeItem::Problem(Box::new(p))));
            }
            if let Some([from, rel, to]) = fields {
                let (from, rel, to) = (trim(from), trim(rel), trim(to));
                let mut ends = [0; 3];
                for (end, s) in ends.iter_mut().zip([from, rel, to]) {
                    batch.text.push_str(s);
                    *end = batch.text.len() as u32;
                }
                batch.items.push(EdgeItem::Edge {
                    span,
                    ends,
                    rel: lookup.rel(rel),
                });
            }
        }
        // (A batch's text stays far below 4 GiB, for its `u32` ends.)
        if batch.items.len() >= BATCH || batch.text.len() >= 1 << 24 {
            let next = empty.try_recv().unwrap_or_else(|_| EdgeBatch::new());
            if tx.send(std::mem::replace(&mut batch, next)).is_err() {
                return; // the building side has stopped
            }
        }
    }
    let _ = tx.send(batch);
}
