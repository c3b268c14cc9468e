//! The atlas of the whole model (`orgraf diagram all -o all.pdf`): every
//! body and every edge on some page, every page on A4 with text of 8 pt,
//! a PDF of all pages with the same bytes on re-run, SVG pages as
//! numbered files. Needs Graphviz's `dot` and `pdfinfo` (poppler-utils).

#[path = "util/graphviz.rs"]
mod graphviz;
mod util;

use std::collections::BTreeSet;

use graphviz::A4_AREA;
use orgraf::diagram::{self, ChartOptions, DiagramFormat, Selection, atlas};
use orgraf::graph::OrgGraph;
use orgraf::model::{self, ModelSource};
use util::orgraf;

fn bundled() -> OrgGraph {
    let loaded = model::load(&ModelSource::Bundled).expect("bundled model loads");
    assert!(!loaded.has_errors());
    loaded.graph
}

/// Every body of the model is drawn (linked) on some page, and every edge
/// is drawn on some page: its fact is a tooltip there, or it is a
/// membership the page shows by drawing the body inside its container's
/// frame. Every page fits A4 with text of at least 8 pt.
#[test]
fn the_atlas_covers_the_model_and_every_page_fits_a4() {
    let g = bundled();
    let all = Selection::all(&g);
    let opts = ChartOptions {
        node_href: Some("/body/{id}".into()),
        ..ChartOptions::default()
    };
    let pages = atlas::render(&g, &all, DiagramFormat::Svg, &opts).expect("atlas");
    assert!(pages.len() > 2, "{} pages", pages.len());
    let mut linked = BTreeSet::new();
    let mut tips = BTreeSet::new();
    let mut framed = BTreeSet::new();
    for (i, p) in pages.iter().enumerate() {
        let svg = std::str::from_utf8(&p.svg).expect("UTF-8");
        let fit = graphviz::fit(svg);
        assert!(
            fit.fits(A4_AREA),
            "page {}: {fit:?} is larger than A4",
            i + 1
        );
        assert!(
            fit.min_text >= 7.95,
            "page {}: text of {:.1} pt",
            i + 1,
            fit.min_text
        );
        assert_eq!(
            p.rendered.smallest_text.map(|t| (t * 10.0).round()),
            Some((fit.min_text * 10.0).round())
        );
        let (texts, tooltips) = graphviz::texts_and_tooltips(svg);
        let texts: Vec<String> = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
        let heading = format!("s. {} av {}", i + 1, pages.len());
        assert!(
            texts.iter().any(|t| t.contains(&heading)),
            "page {} has no `{heading}`",
            i + 1
        );
        tips.extend(tooltips);
        for b in g.bodies() {
            if svg.contains(&format!(r#"xlink:href="/body/{}""#, g.node(b).id)) {
                linked.insert(b);
            }
        }
        let chart = diagram::plan_with(&g, &p.selection, &opts);
        // Bodies and frames inside a frame, directly or nested.
        let members = chart
            .nodes
            .iter()
            .map(|n| (n.id.clone(), n.frame))
            .chain(chart.frames.iter().map(|f| (f.id.clone(), f.parent)));
        for (id, mut frame) in members {
            while let Some(f) = frame {
                framed.insert((id.clone(), chart.frames[f].id.clone()));
                frame = chart.frames[f].parent;
            }
        }
        // A container whose members alone are drawn is drawn as their
        // frame, titled with its name.
        for f in chart.frames.iter().filter(|f| f.grid.is_none()) {
            let b = g.by_id(&f.id).expect("a frame is a body");
            assert!(
                texts.iter().any(|t| t.contains(&f.name)),
                "page {}: no frame titled {}",
                i + 1,
                f.name
            );
            linked.insert(b);
        }
    }
    let missing: Vec<&str> = g
        .bodies()
        .filter(|b| !linked.contains(b))
        .map(|b| g.node(b).id)
        .collect();
    assert!(missing.is_empty(), "bodies on no page: {missing:?}");
    let mut lost = Vec::new();
    for e in &all.edges {
        let fact = diagram::text::edge_tooltip(&g, *e);
        let drawn = tips.iter().any(|t| t.contains(&fact));
        let shown_by_frame = g.catalog.relation(e.rel).style.membership
            && framed.contains(&(g.node(e.from).id.to_string(), g.node(e.to).id.to_string()));
        if !(drawn || shown_by_frame) {
            lost.push(fact.lines().next().unwrap_or_default().to_string());
        }
    }
    assert!(lost.is_empty(), "edges on no page: {lost:#?}");
}

/// `orgraf diagram all -o all.pdf` writes one PDF of A4 pages, the
/// overview first; the same model gives the same bytes.
#[test]
fn the_atlas_pdf_has_a4_pages_and_the_same_bytes_on_re_run() {
    let dir = tempfile::tempdir().unwrap();
    let draw = |file: &str, extra: &[&str]| {
        let out = dir.path().join(file);
        let mut args = vec!["diagram", "all"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["-o", out.to_str().unwrap()]);
        let r = orgraf(&args, None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stderr.contains("warning"), "{}", r.stderr);
        (std::fs::read(&out).unwrap(), out)
    };
    let (bytes, out) = draw("all.pdf", &[]);
    let sizes = graphviz::pdf_pages(&out).expect("a PDF");
    assert!(sizes.len() > 2, "{} pages", sizes.len());
    for (w, h) in sizes {
        assert!(
            (w.min(h) - 595.0).abs() <= 1.0 && (w.max(h) - 842.0).abs() <= 1.0,
            "not A4: {w} × {h}"
        );
    }
    let (again, _) = draw("again.pdf", &[]);
    assert!(again == bytes, "the atlas's PDF differs on re-run");
    // Some relations only: an atlas too, or one page when it fits.
    let (some, out) = draw(
        "flow.pdf",
        &[
            "--relations",
            "bereder,rapporterar_till,lyfter_ärenden_till,rekommenderar,eskalerar_till",
        ],
    );
    assert!(some.starts_with(b"%PDF-"));
    assert!(!graphviz::pdf_pages(&out).expect("a PDF").is_empty());
}

/// As SVG the atlas is one file per page, `all-1.svg` …, each on A4.
#[test]
fn the_atlas_as_svg_is_numbered_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.svg");
    let r = orgraf(&["diagram", "all", "-o", out.to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("all-1.svg"), "{}", r.stderr);
    assert!(!out.exists(), "all.svg was written beside the pages");
    let mut n = 0;
    while let Ok(svg) = std::fs::read_to_string(dir.path().join(format!("all-{}.svg", n + 1))) {
        let fit = graphviz::fit(&svg);
        assert!(
            fit.fits(A4_AREA) && fit.min_text >= 7.95,
            "page {}: {fit:?}",
            n + 1
        );
        n += 1;
    }
    assert!(n > 2, "{n} pages");
    let entries = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(entries, n, "files besides the pages");

    // Pages of an earlier, longer atlas are removed on the next run, up to
    // the first file that is not such a page; that one and all after it
    // are left.
    let page = |k: usize| dir.path().join(format!("all-{k}.svg"));
    let first = std::fs::read_to_string(page(1)).unwrap();
    let stale = |k: usize| {
        first.replace(
            &format!(" · s. 1 av {n}"),
            &format!(" · s. {k} av {}", n + 2),
        )
    };
    assert_ne!(stale(n + 1), first);
    std::fs::write(page(n + 1), stale(n + 1)).unwrap();
    std::fs::write(page(n + 2), stale(n + 2)).unwrap();
    std::fs::write(page(n + 3), "<svg>not a page of orgraf's</svg>").unwrap();
    std::fs::write(page(n + 4), stale(n + 4)).unwrap();
    // A page whose heading names another number is not taken for one.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join(format!("all-{}.svg", n + 1)), stale(n + 2)).unwrap();
    let r = orgraf(&["diagram", "all", "-o", out.to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("pages of an earlier, longer atlas"),
        "{}",
        r.stderr
    );
    assert!(page(n).exists() && !page(n + 1).exists() && !page(n + 2).exists());
    assert!(page(n + 3).exists() && page(n + 4).exists());
    let r = orgraf(
        &[
            "diagram",
            "all",
            "-o",
            other.join("all.svg").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("earlier"), "{}", r.stderr);
    assert!(other.join(format!("all-{}.svg", n + 1)).exists());
}

/// Numbered page files keep the folder and extension.
#[test]
fn page_files_are_numbered() {
    let p = atlas::numbered(std::path::Path::new("out/all.svg"), 3);
    assert_eq!(
        p,
        ["out/all-1.svg", "out/all-2.svg", "out/all-3.svg"].map(std::path::PathBuf::from)
    );
}
