//! CSV as spreadsheets write it: `;` separators, CRLF line ends, a byte
//! order mark, quoted fields with separators and line breaks, optional
//! columns with sources; problems located by line and column.

mod util;

use orgraf::model::{self, ModelSource};

/// A folder with these files; returns it and `orgraf check`'s output.
fn check(files: &[(&str, &[u8])]) -> (tempfile::TempDir, util::Output) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let r = util::orgraf(&["check", "--model", dir.path().to_str().unwrap()], None);
    (dir, r)
}

const META: &str = r#"(documents: [(file: "beslut.txt", title: "Beslut", date: "2024-01-31")])"#;

/// What Swedish Excel writes with "CSV UTF-8 (kommaavgränsad)".
const EXCEL_NODES: &str = "\u{feff}id;kind;name;subkind;aliases;doc;quote\r\n\
psg;organ;\"Politisk samrådsgrupp; Skaraborg\";politisk samrådsgrupp;\"PSG; PSS \";beslut.txt;\"PSG består av\r\npresidierna; \"\"ordförande\"\" leder\"\r\n\
styrgrupp;organ;Styrgrupp;styrgrupp;;beslut.txt;Styrgruppen bereder\r\n";
const EXCEL_EDGES: &str = "\u{feff}src;rel;dst;note;doc;quote;doc;quote\r\n\
styrgrupp;bereder;psg;\"två gånger; per år\";beslut.txt;Styrgruppen bereder;beslut.txt;\"PSG består av\r\npresidierna; \"\"ordförande\"\" leder\"\r\n";

#[test]
fn a_list_saved_by_swedish_excel_loads_with_its_sources() {
    let (dir, r) = check(&[
        ("meta.ron", META.as_bytes()),
        ("nodes.csv", EXCEL_NODES.as_bytes()),
        ("edges.csv", EXCEL_EDGES.as_bytes()),
    ]);
    // No warning either: every row carries its sources.
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "", "{r:?}");
    let l = model::load(&ModelSource::Dir(dir.path().to_path_buf())).unwrap();
    let g = &l.graph;
    let psg = g.by_id("psg").unwrap();
    assert_eq!(g.node(psg).name, "Politisk samrådsgrupp; Skaraborg");
    assert_eq!(g.aliases(psg).collect::<Vec<_>>(), ["PSG", "PSS"]);
    let d = g.details(psg).unwrap();
    assert_eq!(d.subkind.as_deref(), Some("politisk samrådsgrupp"));
    assert_eq!(
        d.sources[0].quote,
        "PSG består av\r\npresidierna; \"ordförande\" leder"
    );
    let e = g.out_edges(g.by_id("styrgrupp").unwrap()).next().unwrap();
    let info = e.info.unwrap();
    assert_eq!(info.note.as_deref(), Some("två gånger; per år"));
    assert_eq!(e.sources().len(), 2);
    assert_eq!(e.sources()[1].quote, d.sources[0].quote);
    // A PSS alias finds PSG in a query.
    assert_eq!(g.resolve("PSS"), Ok(psg));
}

#[test]
fn crlf_files_report_problems_on_their_own_line() {
    // The plain columns (the fast path).
    let (_d, r) = check(&[
        (
            "nodes.csv",
            b"id,kind,name\r\na,organ,A\r\nb,orgn,B\r\n\r\n",
        ),
        (
            "edges.csv",
            b"src,rel,dst\r\na,bereder,b\r\na,bereder,c\r\n",
        ),
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("nodes.csv:3:1 ]"), "{}", r.stderr);
    assert!(r.stderr.contains("edges.csv:3:1 ]"), "{}", r.stderr);
    // The caret line under `b,orgn,B` is as long as the row, not longer.
    assert!(
        r.stderr.contains(" 3 | b,orgn,B\n   | ^^^^|^^^\n"),
        "{}",
        r.stderr
    );
    // Three errors only (the node, and two edges to missing nodes): the
    // empty CRLF line is no row.
    assert!(r.stderr.contains("check failed: 3 errors"), "{}", r.stderr);

    // A quoted line break in an earlier row, `;`: the fast path points
    // at the row, the table path (optional columns) at its cell.
    for (header, at) in [
        ("aliases", "nodes.csv:4:1 ]"),
        ("subkind", "nodes.csv:4:3 ]"),
    ] {
        let nodes = format!("id;kind;name;{header}\r\na;organ;\"Två\r\nrader\";\r\nb;orgn;B;\r\n");
        let (_d, r) = check(&[("nodes.csv", nodes.as_bytes())]);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stderr.contains(at), "{}", r.stderr);
        assert!(
            r.stderr.contains("unknown kind `orgn`") && r.stderr.contains("did you mean `organ`?"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_byte_order_mark_and_a_semicolon_header_take_the_fast_path_too() {
    let (dir, r) = check(&[
        (
            "nodes.csv",
            "\u{feff}id;kind;name\r\na;organ;A\r\nb;organ;B\r\n".as_bytes(),
        ),
        ("edges.csv", b"src;rel;dst\r\na;bereder;b\r\n"),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.starts_with("ok: 2 nodes, 1 edges"), "{r:?}");
    // Without sources: one warning says so.
    assert!(r.stderr.contains("carry no sources"), "{r:?}");
    let l = model::load(&ModelSource::Dir(dir.path().to_path_buf())).unwrap();
    assert_eq!(
        l.graph.resolve("B").map(|b| l.graph.node(b).id.to_string()),
        Ok("b".into())
    );
}

#[test]
fn column_problems_are_located_with_suggestions() {
    let (_d, r) = check(&[
        ("meta.ron", META.as_bytes()),
        ("nodes.csv", b"id,kind,name,subknd\na,organ,A,\n"),
        (
            "edges.csv",
            b"src,rel,dst,count,doc\nx,bereder,a,two,beslut.txt\n",
        ),
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    let e = &r.stderr;
    assert!(
        e.contains("unknown column `subknd`") && e.contains("did you mean `subkind`?"),
        "{e}"
    );
    assert!(e.contains("nodes.csv:1:14 ]"), "{e}");
    assert!(
        e.contains("count `two` is not a whole number") && e.contains("edges.csv:2:13 ]"),
        "{e}"
    );

    let (_d, r) = check(&[
        ("meta.ron", META.as_bytes()),
        ("nodes.csv", b"id,name,doc,quote\na,A,beslut.txt,Citat\n"),
        (
            "edges.csv",
            b"src,rel,dst,doc,quote\na,bereder,a,beslutt.txt,\n",
        ),
    ]);
    let e = &r.stderr;
    assert!(e.contains("missing column `kind`"), "{e}");
    // The edge's own problems: its document and its empty quote.
    assert!(
        e.contains("unknown document `beslutt.txt`") && e.contains("did you mean `beslut.txt`?"),
        "{e}"
    );
    assert!(e.contains("empty quote"), "{e}");
}

#[test]
fn attributes_and_former_names_come_from_their_own_tables() {
    let (dir, r) = check(&[
        ("meta.ron", META.as_bytes()),
        ("nodes.csv", b"id,kind,name,doc,quote\npsg,organ,PSG,beslut.txt,Citat\nsg,organ,SG,beslut.txt,Citat\n"),
        ("edges.csv", b"src,rel,dst,doc,quote\nsg,bereder,psg,beslut.txt,Citat\n"),
        (
            "attributes.csv",
            b"id,key,value,doc,quote\npsg,mandat,Beslutar,beslut.txt,Citat\npsg,mandatt,X,beslut.txt,Citat\nnone,mandat,Y,beslut.txt,Citat\n",
        ),
        ("former_names.csv", b"id,name,aliases,changed,doc,quote\npsg,Politisk Samverkan,PSS,2020,beslut.txt,Citat\n"),
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    let e = &r.stderr;
    assert!(
        e.contains("unknown attribute key `mandatt`") && e.contains("attributes.csv:3:5 ]"),
        "{e}"
    );
    assert!(
        e.contains("unknown id `none`") && e.contains("attributes.csv:4:1 ]"),
        "{e}"
    );
    assert!(e.contains("check failed: 2 errors, 0 warnings"), "{e}");
    let l = model::load(&ModelSource::Dir(dir.path().to_path_buf())).unwrap();
    let g = &l.graph;
    let psg = g.by_id("psg").unwrap();
    let d = g.details(psg).unwrap();
    assert_eq!(d.attributes[0].value, "Beslutar");
    assert_eq!(d.former_names[0].aliases, ["PSS"]);
    // The former name's alias finds the body.
    assert_eq!(g.resolve("pss"), Ok(psg));
}
