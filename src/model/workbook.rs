//! An Excel workbook as a model: `--model lists.xlsx`.
//!
//! The sheets `nodes` and `edges` (required), `attributes` and
//! `former_names` hold the columns of the CSV tables ([`super::table`]),
//! read and checked the same way with the same messages; a sheet
//! `documents` (columns `file`, `title`, and optionally `date` and
//! `reference`) declares the documents that `doc` columns cite. Cells are
//! read as text: whole numbers without a decimal point, dates as
//! `YYYY-MM-DD`. A problem is reported at its cell, as
//! `lists.xlsx:edges!C14`.
//!
//! Each sheet becomes a [`Table`] whose cells have made-up spans, one
//! byte per cell; after building, every diagnostic in a sheet is moved
//! from its span to the cell's name.

use std::ops::Range;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::table::{self, Cell, Row, Sheet, Table};
use super::types::{DocumentDef, ModelFile};
use super::{LoadFailure, Loaded};

/// Whether `path` is a workbook orgraf reads (an `.xlsx` file).
pub fn is_workbook(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// A sheet as a table: the table, and the name of the cell at each
/// made-up span start.
struct SheetTable {
    table: Table,
    cells: Vec<String>,
}

/// A cell's value as text, or why it has none.
fn cell_text(d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds the error value {e}")),
    })
}

/// Reads a sheet as a table named `FILE:SHEET`; cells holding an error
/// value are reported and read as empty.
fn sheet_table(
    name: &str,
    range: &calamine::Range<Data>,
    problems: &mut Vec<(String, String)>,
) -> SheetTable {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut st = SheetTable {
        table: Table {
            name: name.to_string(),
            ..Table::default()
        },
        cells: Vec::new(),
    };
    for (r, cells) in range.rows().enumerate() {
        let mut row = Row::default();
        for (c, d) in cells.iter().enumerate() {
            let at = st.cells.len();
            let cell_name = format!("{}{}", column_name(col0 + c as u32), row0 as usize + r + 1);
            let text = cell_text(d).unwrap_or_else(|msg| {
                problems.push((format!("{name}!{cell_name}"), msg));
                String::new()
            });
            st.cells.push(cell_name);
            row.cells.push(Cell {
                text,
                span: at..at + 1,
            });
        }
        let start = row.cells.first().map_or(st.cells.len(), |c| c.span.start);
        row.span = start..row.cells.last().map_or(start + 1, |c| c.span.end);
        if st.table.header.is_empty() && r == 0 {
            st.table.header = row.cells;
        } else {
            st.table.rows.push(row);
        }
    }
    st
}

/// The documents sheet as a RON file declaring them.
fn documents(st: &SheetTable) -> Result<String, String> {
    let t = &st.table;
    let col = |name: &str| {
        t.header
            .iter()
            .position(|c| c.text.eq_ignore_ascii_case(name))
    };
    let (Some(file), Some(title)) = (col("file"), col("title")) else {
        return Err(format!(
            "{}: the sheet needs the columns `file` and `title` (and may have `date`, `reference`)",
            t.name
        ));
    };
    let (date, reference) = (col("date"), col("reference"));
    let text = |row: &Row, i: Option<usize>| {
        i.and_then(|i| row.cells.get(i))
            .map(|c| c.text.clone())
            .filter(|t| !t.is_empty())
    };
    let docs = t
        .rows
        .iter()
        .filter_map(|row| {
            let file = text(row, Some(file))?;
            Some(DocumentDef {
                title: text(row, Some(title)).unwrap_or_else(|| file.clone()),
                file,
                date: text(row, date),
                reference: text(row, reference),
            })
        })
        .collect();
    let m = ModelFile {
        documents: docs,
        ..ModelFile::default()
    };
    ron::ser::to_string(&m).map_err(|e| e.to_string())
}

/// Loads and validates the workbook at `path`.
pub fn load(path: &Path) -> Result<Loaded, LoadFailure> {
    let shown = path.display().to_string();
    let mut wb: Xlsx<_> = open_workbook(path)
        .map_err(|e| LoadFailure(format!("cannot read the workbook {shown}: {e}")))?;
    let names = wb.sheet_names();
    let find = |want: &str| {
        names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(want))
            .cloned()
    };
    let mut problems = Vec::new();
    let mut sheets: Vec<(Sheet, SheetTable)> = Vec::new();
    for sheet in [
        Sheet::Nodes,
        Sheet::Edges,
        Sheet::Attributes,
        Sheet::FormerNames,
    ] {
        let Some(n) = find(sheet.name()) else {
            if matches!(sheet, Sheet::Nodes | Sheet::Edges) {
                return Err(LoadFailure(format!(
                    "the workbook {shown} has no sheet `{}` (it has: {})",
                    sheet.name(),
                    names.join(", ")
                )));
            }
            continue;
        };
        let range = wb
            .worksheet_range(&n)
            .map_err(|e| LoadFailure(format!("cannot read the sheet {n} of {shown}: {e}")))?;
        let name = format!("{shown}:{}", sheet.name());
        sheets.push((sheet, sheet_table(&name, &range, &mut problems)));
    }
    let mut files = Vec::new();
    if let Some(n) = find("documents") {
        let range = wb
            .worksheet_range(&n)
            .map_err(|e| LoadFailure(format!("cannot read the sheet {n} of {shown}: {e}")))?;
        let st = sheet_table(&format!("{shown}:documents"), &range, &mut problems);
        let ron = documents(&st).map_err(LoadFailure)?;
        files.push((format!("{shown}:documents"), ron.into_bytes()));
    }
    let mut loaded = super::load_texts_with(files, |b, _| {
        for (sheet, st) in &sheets {
            table::load(&st.table, *sheet, b);
        }
    });
    for d in &mut loaded.diagnostics {
        if let Some((_, st)) = sheets.iter().find(|(_, st)| st.table.name == d.file) {
            if let Some(cell) = st.cells.get(d.span.start).filter(|_| d.span != (0..0)) {
                d.file = format!("{}!{cell}", d.file);
            }
            d.span = Range::default();
        }
    }
    let cell_problems = problems
        .into_iter()
        .map(|(at, msg)| crate::diag::Diagnostic::error(at, 0..0, msg));
    loaded.diagnostics.splice(0..0, cell_problems);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::column_name;

    #[test]
    fn columns_are_named_like_excel() {
        let names: Vec<String> = [0, 2, 25, 26, 27, 51, 52, 701, 702].map(column_name).into();
        assert_eq!(names, ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
