//! Tables: rows of named columns, as a spreadsheet keeps a list. A CSV
//! file whose header goes beyond the plain columns (see
//! [`super::csv`]), or a sheet of a workbook, is read here by column
//! name into the facts of the RON format and checked by the builder like
//! RON nodes and edges, with the same messages.
//!
//! | sheet | required columns | optional columns |
//! |---|---|---|
//! | nodes | `id`, `kind`, `name` | `subkind`, `aliases` (separated by `;`), `valid_from`, `valid_until` |
//! | edges | `src`, `rel`, `dst` | `count`, `valid_from`, `valid_until`, `note` |
//! | attributes | `id`, `key`, `value` | `valid_from`, `valid_until` |
//! | former_names | `id`, `name` | `aliases`, `changed`, `valid_from`, `valid_until` |
//!
//! A date in `valid_from` or `valid_until` has the row's sources as its
//! evidence.
//!
//! Every sheet may have `doc` and `quote` columns, repeated: the first
//! `doc` goes with the first `quote`, and so on; a pair left empty is no
//! source. Column names are matched case-insensitively, in any order; a
//! column without a name is ignored as long as it holds nothing. Rows
//! whose cells are all empty are skipped. A row without sources is
//! accepted; one warning says that CSV rows carry no sources.

use std::ops::Range;

use super::spans::SpanTree;
use super::types::{Attribute, Bound, EdgeDef, FormerName, NodeDef, Source};

/// The validity columns, named as the RON fields whose span trees they
/// stand in for.
const VF: &str = "valid_from";
const VU: &str = "valid_until";
use crate::graph::Builder;
use crate::graph::names::closest;

/// One cell: its text (trimmed) and where it is in the file's text.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub span: Range<usize>,
    pub cells: Vec<Cell>,
}

/// A header and rows; `name` is the file diagnostics name.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub name: String,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
}

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Nodes,
    Edges,
    Attributes,
    FormerNames,
}

impl Sheet {
    /// The sheet's name in a workbook, and its CSV file's stem.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Nodes => "nodes",
            Sheet::Edges => "edges",
            Sheet::Attributes => "attributes",
            Sheet::FormerNames => "former_names",
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Sheet::Nodes => &["id", "kind", "name"],
            Sheet::Edges => &["src", "rel", "dst"],
            Sheet::Attributes => &["id", "key", "value"],
            Sheet::FormerNames => &["id", "name"],
        }
    }

    fn optional(self) -> &'static [&'static str] {
        match self {
            Sheet::Nodes => &["subkind", "aliases", "valid_from", "valid_until"],
            Sheet::Edges => &["count", "valid_from", "valid_until", "note"],
            Sheet::Attributes => &["valid_from", "valid_until"],
            Sheet::FormerNames => &["aliases", "changed", "valid_from", "valid_until"],
        }
    }
}

/// Where each column is: named columns by index, and `(doc, quote)`
/// pairs; `ignored` are the columns without a name.
struct Columns {
    named: Vec<(&'static str, usize)>,
    sources: Vec<(usize, Option<usize>)>,
    ignored: Vec<usize>,
    width: usize,
}

/// Maps the header's names to columns; reports unknown, repeated and
/// missing columns (at the header) and returns `None` if any.
fn columns(name: &str, header: &[Cell], sheet: Sheet, b: &mut Builder) -> Option<Columns> {
    let known: Vec<&'static str> = sheet
        .required()
        .iter()
        .chain(sheet.optional())
        .copied()
        .collect();
    let mut cols = Columns {
        named: Vec::new(),
        sources: Vec::new(),
        ignored: Vec::new(),
        width: header.len(),
    };
    let (mut docs, mut quotes) = (Vec::new(), Vec::new());
    let mut ok = true;
    for (i, cell) in header.iter().enumerate() {
        let col = cell.text.to_lowercase();
        match col.as_str() {
            "" => cols.ignored.push(i),
            "doc" => docs.push(i),
            "quote" => quotes.push(i),
            n => match known.iter().find(|k| **k == n) {
                Some(k) if cols.named.iter().any(|(c, _)| c == k) => {
                    b.report(
                        name,
                        cell.span.clone(),
                        format!("column `{k}` is given twice"),
                        None,
                    );
                    ok = false;
                }
                Some(k) => cols.named.push((k, i)),
                None => {
                    let all: Vec<&str> = known.iter().copied().chain(["doc", "quote"]).collect();
                    let hint = match closest(n, all.iter().copied(), 1).first() {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => format!("the columns of {}: {}", sheet.name(), all.join(", ")),
                    };
                    b.report(
                        name,
                        cell.span.clone(),
                        format!("unknown column `{}`", cell.text),
                        Some(hint),
                    );
                    ok = false;
                }
            },
        }
    }
    for r in sheet.required() {
        if !cols.named.iter().any(|(c, _)| c == r) {
            let start = header.first().map_or(0, |c| c.span.start);
            let span = start..header.last().map_or(start, |c| c.span.end);
            b.report(
                name,
                span,
                format!("missing column `{r}`"),
                Some(format!(
                    "the first row must name the columns {}",
                    sheet.required().join(", ")
                )),
            );
            ok = false;
        }
    }
    if docs.len() < quotes.len() {
        let extra = &header[quotes[docs.len()]];
        b.report(
            name,
            extra.span.clone(),
            "a `quote` column without a `doc` column before it".into(),
            Some(
                "sources are `doc`, `quote` pairs: the document's file name, then the quote".into(),
            ),
        );
        ok = false;
    }
    cols.sources = docs
        .iter()
        .enumerate()
        .map(|(i, &d)| (d, quotes.get(i).copied()))
        .collect();
    ok.then_some(cols)
}

/// A span tree leaf.
fn leaf(span: Range<usize>) -> SpanTree {
    SpanTree {
        span,
        ..Default::default()
    }
}

/// One row seen through the columns.
struct RowView<'a> {
    row: &'a Row,
    cols: &'a Columns,
}

impl<'a> RowView<'a> {
    fn cell(&self, name: &str) -> Option<&'a Cell> {
        let (_, i) = self.cols.named.iter().find(|(c, _)| *c == name)?;
        self.row.cells.get(*i)
    }

    fn text(&self, name: &str) -> &'a str {
        self.cell(name).map_or("", |c| c.text.as_str())
    }

    fn opt(&self, name: &str) -> Option<String> {
        Some(self.text(name))
            .filter(|t| !t.is_empty())
            .map(String::from)
    }

    /// The date in column `name` (`valid_from`, `valid_until`), with the
    /// row's sources as its evidence.
    fn bound(&self, name: &str, sources: &[Source]) -> Option<Bound> {
        self.opt(name).map(|date| Bound {
            date,
            sources: sources.to_vec(),
        })
    }

    /// The span of column `name`, or of the row when it has no such cell.
    fn span(&self, name: &str) -> Range<usize> {
        self.cell(name)
            .map_or(self.row.span.clone(), |c| c.span.clone())
    }

    /// The sources of the row and their span tree (shaped like a RON
    /// `sources: [(doc, quote)]`).
    fn sources(&self) -> (Vec<Source>, SpanTree) {
        let mut sources = Vec::new();
        let mut tree = leaf(self.row.span.clone());
        for &(d, q) in &self.cols.sources {
            let doc = self.row.cells.get(d);
            let quote = q.and_then(|q| self.row.cells.get(q));
            fn text(c: Option<&Cell>) -> &str {
                c.map_or("", |c| c.text.as_str())
            }
            if text(doc).is_empty() && text(quote).is_empty() {
                continue;
            }
            let span = |c: Option<&Cell>| c.map_or(self.row.span.clone(), |c| c.span.clone());
            sources.push(Source {
                doc: text(doc).to_string(),
                quote: text(quote).to_string(),
            });
            tree.items.push(SpanTree {
                span: span(doc).start..span(quote).end.max(span(doc).end),
                fields: vec![
                    ("doc".into(), leaf(span(doc))),
                    ("quote".into(), leaf(span(quote))),
                ],
                items: Vec::new(),
            });
        }
        if let Some(first) = tree.items.first() {
            tree.span = first.span.clone();
        }
        (sources, tree)
    }

    /// `;`-separated names of column `name`, each with the column's span.
    fn list(&self, name: &str) -> (Vec<String>, SpanTree) {
        let span = self.span(name);
        let items: Vec<String> = self
            .text(name)
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        let mut tree = leaf(span.clone());
        tree.items = items.iter().map(|_| leaf(span.clone())).collect();
        (items, tree)
    }

    fn tree(&self, fields: &[&str]) -> SpanTree {
        SpanTree {
            span: self.row.span.clone(),
            fields: fields
                .iter()
                .map(|f| (f.to_string(), leaf(self.span(f))))
                .collect(),
            items: Vec::new(),
        }
    }
}

/// Whether every cell of `row` is empty.
fn blank(row: &Row) -> bool {
    row.cells.iter().all(|c| c.text.is_empty())
}

/// Adds the rows of `t`, a `sheet`, to `b`.
pub fn load(t: &Table, sheet: Sheet, b: &mut Builder) {
    if let Some(rows) = Rows::start(&t.name, &t.header, sheet, b) {
        for row in &t.rows {
            rows.add(row, b);
        }
    }
}

/// Rows of a sheet added one at a time, as they are read.
pub struct Rows {
    name: String,
    sheet: Sheet,
    cols: Columns,
    ix: usize,
}

impl Rows {
    /// Reads the header of file `name`; `None` (with the problems
    /// reported) when its columns are wrong.
    pub fn start(name: &str, header: &[Cell], sheet: Sheet, b: &mut Builder) -> Option<Rows> {
        let cols = columns(name, header, sheet, b)?;
        Some(Rows {
            name: name.to_string(),
            sheet,
            cols,
            ix: b.file_index(name),
        })
    }

    /// Adds one row (nothing for a row of empty cells).
    pub fn add(&self, row: &Row, b: &mut Builder) {
        let (cols, sheet, ix, name) = (&self.cols, self.sheet, self.ix, self.name.as_str());
        if blank(row) {
            return;
        }
        if row.cells.len() > cols.width {
            b.report(
                name,
                row.cells[cols.width].span.start..row.span.end,
                format!(
                    "expected {} fields, as many as the header names, found {}",
                    cols.width,
                    row.cells.len()
                ),
                None,
            );
            return;
        }
        if let Some(c) = cols
            .ignored
            .iter()
            .filter_map(|&i| row.cells.get(i))
            .find(|c| !c.text.is_empty())
        {
            b.report(
                name,
                c.span.clone(),
                "a value in a column without a name".into(),
                Some("name the column in the first row, or empty the cell".into()),
            );
            return;
        }
        let v = RowView { row, cols };
        let (sources, source_tree) = v.sources();
        let with_sources = |mut tree: SpanTree| {
            tree.fields.push(("sources".into(), source_tree.clone()));
            tree
        };
        match sheet {
            Sheet::Nodes => {
                if v.text("id").is_empty() {
                    b.report(name, v.span("id"), "empty id".into(), None);
                    return;
                }
                let kind = v.text("kind");
                let (aliases, alias_tree) = v.list("aliases");
                let n = NodeDef {
                    id: v.text("id").into(),
                    name: v.text("name").into(),
                    kind: b.kind_id(kind).unwrap_or(kind).to_string(),
                    subkind: v.opt("subkind"),
                    aliases,
                    former_names: Vec::new(),
                    attributes: Vec::new(),
                    valid_from: v.bound("valid_from", &sources),
                    valid_until: v.bound("valid_until", &sources),
                    sources,
                };
                let mut tree = with_sources(v.tree(&["id", "name", "kind", "subkind", VF, VU]));
                tree.fields.push(("aliases".into(), alias_tree));
                b.add_table_node(&n, ix, &tree);
            }
            Sheet::Edges => {
                let count = match v.opt("count").map(|c| c.parse::<u32>()) {
                    None => None,
                    Some(Ok(n)) => Some(n),
                    Some(Err(_)) => {
                        b.report(
                            name,
                            v.span("count"),
                            format!("count `{}` is not a whole number", v.text("count")),
                            None,
                        );
                        return;
                    }
                };
                let e = EdgeDef {
                    from: v.text("src").into(),
                    rel: v.text("rel").into(),
                    to: v.text("dst").into(),
                    count,
                    valid_from: v.bound("valid_from", &sources),
                    valid_until: v.bound("valid_until", &sources),
                    note: v.opt("note"),
                    sources,
                };
                let mut tree = with_sources(v.tree(&["rel", VF, VU]));
                tree.fields.push(("from".into(), leaf(v.span("src"))));
                tree.fields.push(("to".into(), leaf(v.span("dst"))));
                b.add_table_edge(&e, ix, &tree);
            }
            Sheet::Attributes => {
                let a = Attribute {
                    key: v.text("key").into(),
                    value: v.text("value").into(),
                    valid_from: v.bound("valid_from", &sources),
                    valid_until: v.bound("valid_until", &sources),
                    sources,
                };
                let tree = with_sources(v.tree(&["id", "key", "value", VF, VU]));
                b.add_table_attribute(ix, &tree, v.text("id"), &a);
            }
            Sheet::FormerNames => {
                let (aliases, _) = v.list("aliases");
                let f = FormerName {
                    name: v.text("name").into(),
                    aliases,
                    changed: v.text("changed").into(),
                    valid_from: v.bound("valid_from", &sources),
                    valid_until: v.bound("valid_until", &sources),
                    sources,
                };
                let tree = with_sources(v.tree(&["id", "name", "aliases", "changed", VF, VU]));
                b.add_table_former_name(ix, &tree, v.text("id"), &f);
            }
        }
    }
}

/// The cells of the record starting at byte `start` of `text`: where
/// each field begins and ends, quotes included, for diagnostics. `n` is
/// the number of fields the CSV reader found; if the scan disagrees, each
/// cell gets the whole row.
pub fn cell_spans(text: &str, start: usize, delimiter: u8, n: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut spans = Vec::with_capacity(n);
    let mut i = start;
    loop {
        let from = i;
        if b.get(i) == Some(&b'"') {
            i += 1;
            while i < b.len() {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < b.len() && b[i] != delimiter && b[i] != b'\n' && b[i] != b'\r' {
            i += 1;
        }
        spans.push(from..i);
        if b.get(i) == Some(&delimiter) {
            i += 1;
        } else {
            break;
        }
    }
    if spans.len() != n {
        let end = spans.last().map_or(start, |s| s.end);
        return vec![start..end; n];
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::cell_spans;

    #[test]
    fn cells_are_found_across_quotes_and_line_breaks() {
        let text = "a;\"b;\"\"c\r\nd\";e\r\nnext";
        let spans = cell_spans(text, 0, b';', 3);
        let cells: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(cells, ["a", "\"b;\"\"c\r\nd\"", "e"]);
        // A reader that disagrees: the whole row for each cell.
        assert_eq!(cell_spans("a,b", 0, b',', 3), vec![0..3, 0..3, 0..3]);
    }
}
