//! `--model lists.xlsx`: a workbook made here, with rust_xlsxwriter, as
//! an office keeps its lists; problems are reported at their cells.

mod util;

use orgraf::model::{self, ModelSource};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A cell: text, a number, or a date.
enum V {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
}

/// Writes a workbook with these sheets of rows to `path`.
fn workbook(path: &std::path::Path, sheets: &[(&str, Vec<Vec<V>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    V::S("") => {}
                    V::S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    V::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    V::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                }
            }
        }
    }
    wb.save(path).unwrap();
}

use V::{D, N, S};

fn documents() -> (&'static str, Vec<Vec<V>>) {
    (
        "documents",
        vec![
            vec![S("file"), S("title"), S("date")],
            vec![S("beslut.txt"), S("Beslut om samverkan"), D(2024, 1, 31)],
        ],
    )
}

#[test]
fn a_workbook_loads_with_its_sources_dates_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lists.xlsx");
    workbook(
        &path,
        &[
            documents(),
            (
                "nodes",
                vec![
                    vec![
                        S("id"),
                        S("kind"),
                        S("name"),
                        S("aliases"),
                        S("doc"),
                        S("quote"),
                    ],
                    vec![
                        S("psg"),
                        S("organ"),
                        S("Politisk samrådsgrupp"),
                        S("PSG; PSS"),
                        S("beslut.txt"),
                        S("PSG består av presidierna"),
                    ],
                    vec![
                        S("sg"),
                        S("organ"),
                        S("Styrgrupp"),
                        S(""),
                        S("beslut.txt"),
                        S("Styrgruppen bereder"),
                    ],
                ],
            ),
            (
                "edges",
                vec![
                    vec![
                        S("src"),
                        S("rel"),
                        S("dst"),
                        S("count"),
                        S("valid_from"),
                        S("doc"),
                        S("quote"),
                    ],
                    vec![
                        S("sg"),
                        S("bereder"),
                        S("psg"),
                        N(2.0),
                        D(2024, 2, 1),
                        S("beslut.txt"),
                        S("Styrgruppen bereder"),
                    ],
                ],
            ),
        ],
    );
    let p = path.to_str().unwrap();
    let r = util::orgraf(&["check", "--model", p], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "", "{r:?}");
    assert!(r.stdout.starts_with("ok: 2 nodes, 1 edges"), "{r:?}");
    let l = model::load(&ModelSource::Dir(path.clone())).unwrap();
    let g = &l.graph;
    let e = g.edges().next().unwrap();
    let info = e.info.unwrap();
    assert_eq!(info.count, Some(2));
    assert_eq!(info.valid.from_date(), Some("2024-02-01"));
    assert_eq!(e.sources()[0].doc, "beslut.txt");
    assert_eq!(
        g.catalog.document("beslut.txt").unwrap().date.as_deref(),
        Some("2024-01-31")
    );
    // It answers queries like any model, names and aliases included.
    let r = util::orgraf(&["query", "? bereder PSS", "--model", p], None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("Styrgrupp"), "{r:?}");
    // And exports to a CSV folder that loads back the same.
    let out = dir.path().join("out");
    let r = util::orgraf(
        &[
            "export",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            "--model",
            p,
        ],
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let json = |m: &str| util::orgraf(&["export", "--format", "json", "--model", m], None).stdout;
    assert_eq!(json(out.to_str().unwrap()), json(p));
}

#[test]
fn problems_are_reported_at_their_cells_with_the_csv_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lists.xlsx");
    let mut edges = vec![vec![S("src"), S("rel"), S("dst")]];
    for _ in 0..11 {
        edges.push(vec![S("sg"), S("bereder"), S("psg")]);
    }
    // Row 13: an unknown relation in column B; row 14: an unknown id in C.
    edges.push(vec![S("sg"), S("bereeder"), S("psg")]);
    edges.push(vec![S("sg"), S("bereder"), S("pgs")]);
    workbook(
        &path,
        &[
            (
                "nodes",
                vec![
                    vec![S("id"), S("kind"), S("name")],
                    vec![S("psg"), S("organ"), S("PSG")],
                    vec![S("sg"), S("organ"), S("Styrgrupp")],
                    vec![S("sg2"), S("orgna"), S("Styrgrupp 2")],
                ],
            ),
            ("edges", edges),
        ],
    );
    let r = util::orgraf(&["check", "--model", path.to_str().unwrap()], None);
    assert_eq!(r.code, 1, "{r:?}");
    let e = &r.stderr;
    let at = |cell: &str| format!("{}:{cell}: ", path.display());
    assert!(
        e.contains(&format!("{}unknown kind `orgna`", at("nodes!B4"))),
        "{e}"
    );
    assert!(e.contains("did you mean `organ`?"), "{e}");
    assert!(
        e.contains(&format!("{}unknown relation `bereeder`", at("edges!B13"))),
        "{e}"
    );
    assert!(
        e.contains(&format!("{}edge to unknown id `pgs`", at("edges!C14"))),
        "{e}"
    );
    assert!(e.contains("did you mean `psg`?"), "{e}");
    assert!(e.contains("check failed: 3 errors"), "{e}");

    // The same rows as CSV give the same messages.
    let csv = dir.path().join("csv");
    std::fs::create_dir(&csv).unwrap();
    std::fs::write(
        csv.join("nodes.csv"),
        "id,kind,name,subkind\npsg,organ,PSG,\nsg,orgna,Styrgrupp,\n",
    )
    .unwrap();
    let r = util::orgraf(&["check", "--model", csv.to_str().unwrap()], None);
    assert!(r.stderr.contains("Error: unknown kind `orgna`"), "{r:?}");

    // A workbook without the sheets, or not a workbook at all.
    let bad = dir.path().join("bad.xlsx");
    workbook(&bad, &[("Blad1", vec![vec![S("id")]])]);
    let r = util::orgraf(&["check", "--model", bad.to_str().unwrap()], None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("no sheet `nodes`") && r.stderr.contains("Blad1"),
        "{r:?}"
    );
    std::fs::write(&bad, "not a zip").unwrap();
    let r = util::orgraf(&["check", "--model", bad.to_str().unwrap()], None);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("cannot read the workbook"), "{r:?}");
}
