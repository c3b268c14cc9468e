//! Every chart of the bundled model renders with the real Graphviz and
//! fits its page: every body's depth-1 chart and the whole model, PDF page
//! sizes from `pdfinfo` (poppler-utils), a body of thirty members on A4,
//! `--list`, and a failing `dot` reported in one line.

#[path = "util/graphviz.rs"]
mod graphviz;
mod util;

use graphviz::{A4_AREA, Fit};
use orgraf::diagram::{self, Around, ChartOptions, DiagramFormat, PageArg, Selection};
use orgraf::graph::OrgGraph;
use orgraf::model::{self, ModelSource};
use util::{cmd, orgraf};

/// Text on a printed chart must be at least this large, in points.
const MIN_TEXT: f64 = 8.0;

fn bundled() -> OrgGraph {
    let loaded = model::load(&ModelSource::Bundled).expect("bundled model loads");
    assert!(!loaded.has_errors());
    loaded.graph
}

fn svg(g: &OrgGraph, sel: &Selection, page: PageArg) -> String {
    let opts = ChartOptions {
        page,
        ..ChartOptions::default()
    };
    let bytes = diagram::render_with(g, sel, DiagramFormat::Svg, &opts)
        .unwrap_or_else(|e| panic!("{}: {e}", sel.title));
    let text = String::from_utf8(bytes).expect("SVG is UTF-8");
    graphviz::assert_well_formed(&text);
    text
}

fn rendered(g: &OrgGraph, sel: &Selection, page: PageArg) -> (diagram::Rendered, Fit) {
    let opts = ChartOptions {
        page,
        ..ChartOptions::default()
    };
    let r = diagram::render_checked(g, sel, DiagramFormat::Svg, &opts)
        .unwrap_or_else(|e| panic!("{}: {e}", sel.title));
    let text = std::str::from_utf8(&r.bytes).expect("SVG is UTF-8");
    graphviz::assert_well_formed(text);
    let fit = graphviz::fit(text);
    (r, fit)
}

/// Every body's depth-1 chart on A4: rendered by the real `dot`, inside
/// the page's printable area, and no text smaller than 8 pt — or, for a
/// chart too big for A4, a warning that says so, and then A3 holds it
/// with text of at least 8 pt.
#[test]
fn every_depth_1_chart_renders_and_fits_a4() {
    let g = bundled();
    let mut too_big = Vec::new();
    let mut count = 0;
    for b in g.bodies() {
        let sel = Selection::around(&g, &[b], &Around::default());
        let (r, fit) = rendered(&g, &sel, PageArg::A4);
        let id = &g.node(b).id;
        assert!(fit.fits(A4_AREA), "{id}: {fit:?} is larger than A4");
        assert_eq!(
            r.smallest_text.map(|t| (t * 10.0).round()),
            Some((fit.min_text * 10.0).round())
        );
        if fit.min_text < MIN_TEXT - 0.05 {
            let warning = r
                .warning()
                .unwrap_or_else(|| panic!("{id}: {fit:?} and no warning"));
            assert!(warning.contains("--page a3"), "{warning}");
            let (_, a3) = rendered(&g, &sel, PageArg::A3);
            assert!(
                a3.min_text >= MIN_TEXT - 0.05,
                "{id}: {:.1} pt on A4, {:.1} pt on A3",
                fit.min_text,
                a3.min_text
            );
            too_big.push(id.to_string());
        } else {
            assert_eq!(r.warning(), None);
        }
        count += 1;
    }
    assert!(count > 100, "only {count} bodies");
    // VGR, with its organisation in its frame, thirteen matters and five
    // source documents, needs A3 (6.8 pt on A4); every other body fits
    // A4, SRO with its 29 matters included.
    assert!(too_big.len() <= 1, "too big for A4: {too_big:?}");
}

/// The whole model, with every relation, renders with the real `dot` and
/// fits an A3 page.
#[test]
fn the_whole_model_renders() {
    let g = bundled();
    let all = Selection::all(&g);
    for page in [PageArg::A4, PageArg::A3, PageArg::None] {
        let fit = graphviz::fit(&svg(&g, &all, page));
        if page == PageArg::A3 {
            assert!(fit.fits((1190.55 - 85.04, 841.89 - 85.04)), "{fit:?}");
        }
    }
}

/// The whole model over each relation alone, and the answers to a few
/// queries, render through the real `dot` and fit A4 or say they do not.
#[test]
fn relations_and_query_answers_render() {
    let g = bundled();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.svg");
    let out = out.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = g
        .catalog
        .relations
        .iter()
        .filter(|r| g.edges().any(|e| g.catalog.relation(e.rel).id == r.id))
        .map(|r| vec!["diagram", "all", "--relations", r.id.as_str(), "-o", out])
        .collect();
    for q in [
        "path NOSAM_Lerum -> politisk_samradsgrupp_samla",
        "NOSAM_Lerum lyfter_ärenden_till+ ?",
        "show DRNÖ",
        "? bereder ?",
    ] {
        runs.push(vec!["diagram", "--query", q, "-o", out]);
    }
    assert!(runs.len() > 10);
    for args in runs {
        // An atlas would write chart-1.svg …: no chart.svg left from before.
        let _ = std::fs::remove_file(out);
        let r = orgraf(&args, None);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        if r.stderr.contains("wrote an atlas") {
            // Too big for one page: pages chart-1.svg … that fit A4.
            for n in 1.. {
                let page = dir.path().join(format!("chart-{n}.svg"));
                let Ok(svg) = std::fs::read_to_string(&page) else {
                    assert!(n > 2, "{args:?}: {} pages", n - 1);
                    break;
                };
                let fit = graphviz::fit(&svg);
                assert!(
                    fit.fits(A4_AREA) && fit.min_text >= MIN_TEXT - 0.05,
                    "{args:?} page {n}: {fit:?}"
                );
                std::fs::remove_file(page).unwrap();
            }
            continue;
        }
        let fit = graphviz::fit(&std::fs::read_to_string(out).unwrap());
        assert!(fit.fits(A4_AREA), "{args:?}: {fit:?}");
        assert_eq!(
            fit.min_text < MIN_TEXT - 0.05,
            r.stderr.contains("too big for A4"),
            "{args:?}: {fit:?}, stderr: {}",
            r.stderr
        );
    }
}

/// Depth 2 and 3 around every body render too (the old `dot` failed on
/// many of them with "trouble in init_rank").
#[test]
fn every_depth_2_and_3_chart_renders() {
    let g = bundled();
    for depth in [2, 3] {
        for b in g.bodies() {
            let sel = Selection::around(
                &g,
                &[b],
                &Around {
                    depth,
                    ..Around::default()
                },
            );
            // DOT through the real `dot`, once: no orientation search.
            let dot = diagram::render_with(
                &g,
                &sel,
                DiagramFormat::Dot,
                &ChartOptions {
                    page: PageArg::A4Landscape,
                    ..ChartOptions::default()
                },
            )
            .expect("DOT");
            graphviz::svg(&dot);
        }
    }
}

fn pdf_page_size(path: &std::path::Path) -> (f64, f64) {
    graphviz::pdf_pages(path)
        .and_then(|p| p.first().copied())
        .unwrap_or_else(|| panic!("no page size of {}", path.display()))
}

/// `-o chart.pdf` is a vector PDF whose page is the page asked for.
#[test]
fn pdf_pages_have_the_page_size() {
    let dir = tempfile::tempdir().unwrap();
    for (page, w, h) in [
        ("a4", None, None),
        ("a4-landscape", Some(842.0), Some(595.0)),
        ("a4-portrait", Some(595.0), Some(842.0)),
        ("a3-landscape", Some(1191.0), Some(842.0)),
    ] {
        // `orgraf diagram VVG --page PAGE -o FILE`, and the bytes written.
        let draw = |file: &str| {
            let out = dir.path().join(file);
            let args = [
                "diagram",
                "VVG",
                "--page",
                page,
                "-o",
                out.to_str().unwrap(),
            ];
            let r = orgraf(&args, None);
            assert_eq!(r.code, 0, "{}", r.stderr);
            (std::fs::read(&out).unwrap(), out)
        };
        let (bytes, out) = draw(&format!("vvg-{page}.pdf"));
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
        let (pw, ph) = pdf_page_size(&out);
        match (w, h) {
            (Some(w), Some(h)) => assert!(
                (pw - w).abs() <= 1.0 && (ph - h).abs() <= 1.0,
                "{page}: {pw} x {ph}, expected {w} x {h}"
            ),
            _ => assert!(
                ((pw - 595.0).abs() <= 1.0 && (ph - 842.0).abs() <= 1.0)
                    || ((pw - 842.0).abs() <= 1.0 && (ph - 595.0).abs() <= 1.0),
                "{page}: {pw} x {ph} is not A4"
            ),
        }
        // Vector: the text is there as text, not as an image.
        assert!(
            !bytes.windows(15).any(|w| w == b"/Subtype /Image"),
            "{page}: the PDF holds an image"
        );
        // The same chart gives the same bytes: no time of the run in it.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let (again, _) = draw(&format!("vvg-{page}-again.pdf"));
        assert!(again == bytes, "{page}: PDF differs on re-run");
        let date: &[u8] = b"/CreationDate (D:19700101000000Z)";
        assert!(
            bytes.windows(date.len()).any(|w| w == date),
            "{page}: no fixed creation date"
        );
    }
}

/// `--dpi` sets the PNG's resolution: twice the dpi, twice the pixels.
#[test]
fn png_resolution_follows_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let size = |dpi: &str| {
        let out = dir.path().join(format!("psg-{dpi}.png"));
        let r = orgraf(
            &["diagram", "PSG", "--dpi", dpi, "-o", out.to_str().unwrap()],
            None,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let png = std::fs::read(&out).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        (f64::from(w), f64::from(h))
    };
    let (w150, h150) = size("150");
    let (w300, h300) = size("300");
    assert!((w300 / w150 - 2.0).abs() < 0.02, "{w150} -> {w300}");
    assert!((h300 / h150 - 2.0).abs() < 0.02, "{h150} -> {h300}");
    let r = orgraf(&["diagram", "PSG", "--dpi", "5", "-o", "x.png"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// A body with thirty members: gathered into a box laid out as a grid,
/// the chart fits A4 with text no smaller than 8 pt.
#[test]
fn a_body_with_thirty_members_fits_a4() {
    let mut ron = String::from(
        "(\n documents: [(file: \"d.txt\", title: \"Dokument\")],\n nodes: [\n  (id: \"rad\", name: \"Samverkansrådet för hälsa och vård\", kind: \"organ\", sources: [(doc: \"d.txt\", quote: \"q\")]),\n",
    );
    let mut edges = String::new();
    for i in 1..=30 {
        ron.push_str(&format!(
            "  (id: \"m{i:02}\", name: \"Deltagande förvaltning nummer {i}\", kind: \"förvaltning\", sources: [(doc: \"d.txt\", quote: \"q\")]),\n"
        ));
        edges.push_str(&format!(
            "  (from: \"m{i:02}\", rel: \"ingår_i\", to: \"rad\", sources: [(doc: \"d.txt\", quote: \"q\")]),\n"
        ));
    }
    ron.push_str(" ],\n edges: [\n");
    ron.push_str(&edges);
    ron.push_str(" ],\n)\n");
    let loaded = model::load_texts(vec![("m.ron".into(), ron.into_bytes())], None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let g = loaded.graph;
    let sel = Selection::around(&g, &[g.by_id("rad").unwrap()], &Around::default());
    let chart = diagram::plan(&g, &sel);
    let grid = chart
        .frames
        .iter()
        .find_map(|f| f.grid)
        .expect("the members are gathered into a box");
    assert!(grid.columns > 1 && grid.columns < 30, "{grid:?}");
    assert_eq!(
        chart.edges.len(),
        1,
        "one line from the box: {:?}",
        chart.edges
    );
    let fit: Fit = graphviz::fit(&svg(&g, &sel, PageArg::A4));
    assert!(fit.fits(A4_AREA), "{fit:?}");
    assert!(fit.min_text >= MIN_TEXT, "{fit:?}");
}

/// `orgraf diagram --list`: every body, its kind and the size of its
/// depth-1 chart, sorted by id.
#[test]
fn list_shows_what_can_be_drawn() {
    let r = orgraf(&["diagram", "--list"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = bundled();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[1].starts_with("id "), "{}", r.stdout);
    assert_eq!(lines.len(), 2 + g.bodies().count(), "{}", r.stdout);
    let psg = lines
        .iter()
        .find(|l| l.starts_with("psg "))
        .expect("psg is listed");
    let sel = Selection::around(&g, &[g.by_id("psg").unwrap()], &Around::default());
    let cols: Vec<&str> = psg.split_whitespace().collect();
    assert_eq!(cols[cols.len() - 2], sel.nodes.len().to_string(), "{psg}");
    assert_eq!(cols[cols.len() - 1], sel.edges.len().to_string(), "{psg}");
    let ids: Vec<&str> = lines[2..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

/// A `dot` that fails: one line with its first message, and where the
/// DOT was kept — never the dump that follows.
#[test]
fn a_failing_dot_is_one_line_and_the_dot_is_kept() {
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("dot");
    std::fs::write(
        &fake,
        "#!/bin/sh\ncat >/dev/null\necho 'Error: trouble in init_rank' >&2\nfor i in 1 2 3 4 5; do printf '\\t%%0 1\\n' >&2; done\nexit 1\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("psg.svg");
    let r = cmd(&["diagram", "PSG", "-o", out.to_str().unwrap()])
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.path().display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("TMPDIR", tmp.path())
        .output()
        .expect("orgraf runs");
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("trouble in init_rank"), "{stderr}");
    assert!(!stderr.contains("%0"), "{stderr}");
    let kept = stderr
        .trim_end()
        .rsplit_once("kept in ")
        .map(|(_, p)| std::path::PathBuf::from(p))
        .unwrap_or_else(|| panic!("no path in {stderr}"));
    let dot = std::fs::read_to_string(&kept).expect("the DOT is kept");
    assert!(dot.starts_with("digraph orgraf {"), "{dot}");
    assert!(!out.exists());
}

/// Graphviz-hostile names (quotes, braces, `<`, `&`, backslashes, line
/// breaks, Mermaid's syntax, a 500-character name with an 84-character
/// word) in every format: each is written, SVG and PNG and
/// PDF by the real `dot` without a word from it, and the chart fits A4.
#[test]
fn hostile_names_in_every_format() {
    let model = "tests/fixtures/diagram/hostile";
    let dir = tempfile::tempdir().unwrap();
    for name in ["all", "end", "lang"] {
        for ext in ["dot", "svg", "png", "pdf", "mmd"] {
            let out = dir.path().join(format!("{name}.{ext}"));
            let r = orgraf(
                &[
                    "--model",
                    model,
                    "diagram",
                    name,
                    "-o",
                    out.to_str().unwrap(),
                ],
                None,
            );
            assert_eq!(r.code, 0, "{name}.{ext}: {}", r.stderr);
            assert!(r.stderr.is_empty(), "{name}.{ext}: {}", r.stderr);
            let bytes = std::fs::read(&out).unwrap();
            match ext {
                "dot" => {
                    graphviz::svg(&bytes);
                }
                "svg" => {
                    let text = String::from_utf8(bytes).unwrap();
                    let fit = graphviz::fit(&text);
                    assert!(fit.fits(A4_AREA), "{name}: {fit:?}");
                    assert!(fit.min_text >= MIN_TEXT, "{name}: {fit:?}");
                    let (texts, tips) = graphviz::texts_and_tooltips(&text);
                    if name == "lang" {
                        // Boxes show six lines of 22 characters at most,
                        // the title three lines, the tooltip all of it.
                        let longest = texts.iter().map(|t| t.chars().count()).max().unwrap();
                        assert!(longest <= 80, "a line of {longest} characters: {texts:?}");
                        assert!(texts.iter().any(|t| t == "väldigt väldigt…"), "{texts:?}");
                        assert!(tips.iter().any(|t| t.contains("{klamrar} <vinkel>")));
                    }
                }
                "png" => assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
                "pdf" => {
                    assert!(bytes.starts_with(b"%PDF-"));
                    let (w, h) = pdf_page_size(&out);
                    assert!(
                        (w.min(h) - 595.0).abs() <= 1.0 && (w.max(h) - 842.0).abs() <= 1.0,
                        "{name}: {w} x {h}"
                    );
                }
                _ => {
                    let text = String::from_utf8(bytes).unwrap();
                    assert!(text.contains("flowchart BT"), "{text}");
                    let body: Vec<&str> =
                        text.lines().filter(|l| !l.starts_with("title: ")).collect();
                    assert!(
                        !body.iter().any(|l| l.contains("{klamrar}")),
                        "braces unescaped: {text}"
                    );
                }
            }
        }
    }
}

/// The members of `end` in the hostile model are gathered into a box
/// with hostile names: one node whose table has a cell (a port) per
/// member, the box's line drawn from the node, and an SVG with a tooltip
/// per cell that is well-formed.
#[test]
fn hostile_names_in_a_gathered_box() {
    let args = [
        "--model",
        "tests/fixtures/diagram/hostile",
        "diagram",
        "end",
    ];
    let r = orgraf(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"grupp:end:0\"[shape=\"plain\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\"grupp:end:0\" -> \"end\""),
        "{}",
        r.stdout
    );
    let cells = r.stdout.matches("<TD PORT=\"m").count();
    assert!(
        cells >= diagram::layout::GROUP_MIN,
        "{cells} cells: {}",
        r.stdout
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("end.svg");
    let r = orgraf(&[&args[..], &["-o", out.to_str().unwrap()]].concat(), None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = std::fs::read_to_string(&out).unwrap();
    graphviz::assert_well_formed(&svg);
    assert!(svg.matches("<a xlink:title=").count() > cells, "{svg}");
    // Names and tooltips in cells are verbatim.
    assert!(svg.contains(">Medlem \\N &amp; #35;<"), "{svg}");
    assert!(
        svg.contains("xlink:title=\"Medlem \\N &amp; #35;&#10;organ&#10;"),
        "{svg}"
    );
}

/// `node_href` links every body node, id percent-encoded, and is off by
/// default.
#[test]
fn node_links_for_the_web() {
    let g = bundled();
    let sel = Selection::around(&g, &[g.by_id("psg").unwrap()], &Around::default());
    let plain =
        diagram::render_with(&g, &sel, DiagramFormat::Svg, &ChartOptions::default()).expect("SVG");
    assert!(!String::from_utf8_lossy(&plain).contains("/body/"));
    let opts = ChartOptions {
        node_href: Some("/body/{id}".into()),
        ..ChartOptions::default()
    };
    let svg =
        String::from_utf8(diagram::render_with(&g, &sel, DiagramFormat::Svg, &opts).expect("SVG"))
            .unwrap();
    assert!(svg.contains(r#"xlink:href="/body/psg""#), "no link to PSG");
    assert!(svg.contains(r#"target="_top""#));
    let chart = diagram::plan_with(&g, &sel, &opts);
    assert!(
        chart
            .nodes
            .iter()
            .all(|n| n.href.as_deref() == Some(&format!("/body/{}", n.id)))
    );
    // SRO's 29 matters are cells of one box: each cell links to its body
    // and has the body's tooltip, and every drawn body is linked.
    let sro = Selection::around(&g, &[g.by_id("sro").unwrap()], &Around::default());
    let chart = diagram::plan_with(&g, &sro, &opts);
    assert!(chart.frames.iter().any(|f| f.grid.is_some()), "no box");
    let svg =
        String::from_utf8(diagram::render_with(&g, &sro, DiagramFormat::Svg, &opts).expect("SVG"))
            .unwrap();
    for n in &chart.nodes {
        let link = format!(r#"xlink:href="/body/{}""#, n.id);
        assert!(svg.contains(&link), "no link to {}", n.id);
    }
}
