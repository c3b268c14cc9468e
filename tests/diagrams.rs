//! The charts in `diagrams/` are what the current code draws from the
//! bundled model. Each is made by the `orgraf diagram` command shown in
//! `diagrams/README.md`.
//!
//! Regenerate all of them (DOT, Mermaid, SVG and the README) with
//!
//! ```sh
//! UPDATE_DIAGRAMS=1 cargo test --test diagrams
//! ```
//!
//! Without `UPDATE_DIAGRAMS` the test compares the committed `.dot`,
//! `.mmd` and README byte for byte, runs the real `dot -Tsvg` on every
//! committed `.dot`, and checks that every `.svg` exists and is
//! well-formed. SVG bytes are not compared: they vary with the Graphviz
//! version.

#[path = "util/graphviz.rs"]
mod graphviz;
mod util;

use std::fs;
use std::path::{Path, PathBuf};

use util::{orgraf, root};

/// One committed chart: file stem, heading in the README, and the
/// arguments after `orgraf diagram`.
struct Chart {
    stem: &'static str,
    heading: &'static str,
    about: &'static str,
    args: &'static [&'static str],
}

const CHARTS: &[Chart] = &[
    Chart {
        stem: "oversikt",
        heading: "Översikt: hur ärenden och rapporter går",
        about: "The whole model over the relations that carry matters upward: who prepares for, \
                reports to, raises matters to, recommends to and escalates to whom. On A3: on A4 its \
                text would be smaller than 8 pt.",
        args: &[
            "all",
            "--relations",
            "bereder,rapporterar_till,lyfter_ärenden_till,rekommenderar,eskalerar_till",
            "--page",
            "a3",
        ],
    },
    Chart {
        stem: "skaraborg_psg",
        heading: "Skaraborg och PSG",
        about: "Politisk samrådsgrupp vårdsamverkan Skaraborg and everything one step from it (document 000).",
        args: &["PSG", "--depth", "1"],
    },
    Chart {
        stem: "lansniva_vvg_sro",
        heading: "VVG, SRO och länsnivån",
        about: "Vårdsamverkan Västra Götaland and everything one step from it, SRO included (documents 001, 002).",
        args: &["VVG", "--depth", "1"],
    },
    Chart {
        stem: "sro_arenden",
        heading: "SRO och dess ärenden",
        about: "Politiskt samrådsorgan Västra Götaland and everything one step from it: its 29 matters \
                gathered into one box, a cell per matter, on A4 (documents 001, 002).",
        args: &["SRO", "--depth", "1"],
    },
    Chart {
        stem: "samla_nosam",
        heading: "SAMLA med NOSAM",
        about: "Samordningsgruppen SAMLA – Lerum Alingsås, NOSAM Lerum and Alingsås and the groups around them (document 003).",
        args: &["SAMLA", "--depth", "1"],
    },
    Chart {
        stem: "rattspsykiatri",
        heading: "Samordningsråd rättspsykiatri",
        about: "The VGR-internal coordination council for forensic psychiatry and everything one step from it (document 004).",
        args: &["samordningsrad_rattspsykiatri", "--depth", "1"],
    },
];

const REGENERATE: &str = "UPDATE_DIAGRAMS=1 cargo test --test diagrams";

/// The atlas of the whole model: `atlas.pdf`, and its pages as
/// `atlas-1.svg` … (see `orgraf diagram all`).
const ATLAS: &str = "atlas";

/// The committed atlas pages, in order.
fn atlas_pages() -> Vec<PathBuf> {
    (1..)
        .map(|n| dir().join(format!("{ATLAS}-{n}.svg")))
        .take_while(|p| p.exists())
        .collect()
}

/// `orgraf diagram all -o DIR/atlas.EXT`.
fn draw_atlas(dir: &Path, ext: &str) {
    let out = dir.join(format!("{ATLAS}.{ext}"));
    let r = orgraf(&["diagram", "all", "-o", out.to_str().unwrap()], None);
    assert_eq!(
        r.code,
        0,
        "orgraf diagram all -o {}: {}",
        out.display(),
        r.stderr
    );
}

/// Each page's heading: the first line of its title.
fn headings(pages: &[PathBuf]) -> Vec<String> {
    pages
        .iter()
        .map(|p| {
            let svg = fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let (texts, _) = graphviz::texts_and_tooltips(&svg);
            texts
                .into_iter()
                .find(|t| !t.trim().is_empty())
                .unwrap_or_default()
        })
        .collect()
}

fn dir() -> PathBuf {
    root().join("diagrams")
}

/// `orgraf diagram ARGS --format FORMAT` on the bundled model.
fn draw(args: &[&str], format: &str) -> String {
    let mut all = vec!["diagram"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", format]);
    let r = orgraf(&all, None);
    assert_eq!(r.code, 0, "orgraf {all:?} failed:\n{}", r.stderr);
    r.stdout
}

fn command_line(args: &[&str]) -> String {
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if a.chars().all(|c| c.is_alphanumeric() || "_-.,".contains(c)) {
                a.to_string()
            } else {
                format!("'{a}'")
            }
        })
        .collect();
    format!("orgraf diagram {}", shown.join(" "))
}

/// The page-fit figures of the committed SVGs: a Markdown table.
fn figures() -> String {
    let mut s = String::from(
        "## Page fit\n\n\
         Measured from the committed SVGs: the drawing's size in points (1/72 inch), the page's\n\
         printable area (the sheet less 15 mm on every side) in the orientation orgraf chose,\n\
         the scale Graphviz drew at to fit it, and the smallest text as printed (font size × scale).\n\
         `cargo test` fails when a chart is larger than its page or has text under 8 pt.\n\n\
         | chart | SVG size (pt) | page, printable area (pt) | scale | smallest text (pt) |\n\
         |---|---|---|---|---|\n",
    );
    for c in CHARTS {
        let path = dir().join(format!("{}.svg", c.stem));
        let Ok(svg) = fs::read_to_string(&path) else {
            continue;
        };
        let fit = graphviz::fit(&svg);
        let (name, area) = page_of(c, &fit);
        s.push_str(&format!(
            "| [{}]({}.svg) | {:.0} × {:.0} | {name}, {:.0} × {:.0} | {:.2} | {:.1} |\n",
            c.heading, c.stem, fit.width, fit.height, area.0, area.1, fit.scale, fit.min_text
        ));
    }
    for (n, path) in atlas_pages().iter().enumerate() {
        let Ok(svg) = fs::read_to_string(path) else {
            continue;
        };
        let fit = graphviz::fit(&svg);
        let (name, area) = a4_of(&fit);
        s.push_str(&format!(
            "| [Atlas, s. {}]({ATLAS}-{}.svg) | {:.0} × {:.0} | {name}, {:.0} × {:.0} | {:.2} | {:.1} |\n",
            n + 1, n + 1, fit.width, fit.height, area.0, area.1, fit.scale, fit.min_text
        ));
    }
    s
}

/// A4 portrait, or landscape when the drawing is wider than portrait.
fn a4_of(fit: &graphviz::Fit) -> (&'static str, (f64, f64)) {
    let (w, h) = graphviz::A4_AREA;
    if fit.width > w + 1.0 {
        ("A4 landscape", (h, w))
    } else {
        ("A4 portrait", (w, h))
    }
}

/// The page a chart was drawn for: A3 when its arguments say so, else
/// A4; landscape when the drawing is wider than the portrait area.
fn page_of(c: &Chart, fit: &graphviz::Fit) -> (&'static str, (f64, f64)) {
    let a3 = c.args.windows(2).any(|w| w == ["--page", "a3"]);
    let (w, h) = if a3 {
        graphviz::A3_AREA
    } else {
        graphviz::A4_AREA
    };
    if fit.width > w + 1.0 {
        (if a3 { "A3 landscape" } else { "A4 landscape" }, (h, w))
    } else {
        (if a3 { "A3 portrait" } else { "A4 portrait" }, (w, h))
    }
}

fn readme() -> String {
    let mut s = String::from(
        "# Diagrams of the bundled model\n\n\
         Generated by `orgraf diagram` from the model in [`../model`](../model); do not edit by hand.\n\
         Each chart is here as Graphviz DOT (`.dot`), SVG (`.svg`) and Mermaid (`.mmd`).\n\
         `cargo test` fails when a committed `.dot` or `.mmd` differs from what the current code\n\
         and model draw; regenerate everything with\n\n",
    );
    s.push_str(&format!("```sh\n{REGENERATE}\n```\n\n"));
    s.push_str(
        "How to read them: political bodies sit above the groups that prepare for them\n\
         (the charts run bottom to top); frames show the huvudman or delregion a body belongs\n\
         to; line style and colour follow the relation, and each line is labelled; the legend\n\
         lists only what the chart shows; hover over a box or line in the SVG for the source quote.\n",
    );
    s.push('\n');
    s.push_str(&figures());
    for c in CHARTS {
        s.push_str(&format!(
            "\n## {}\n\n{}\n\n```sh\n{} -o {}.svg\n```\n\n![{}]({}.svg)\n\n[DOT]({}.dot) · [Mermaid]({}.mmd)\n",
            c.heading,
            c.about,
            command_line(c.args),
            c.stem,
            c.heading,
            c.stem,
            c.stem,
            c.stem
        ));
    }
    let pages = atlas_pages();
    s.push_str(&format!(
        "\n## Atlas: the whole model on A4\n\n\
         The whole model on {} A4 pages, every body and every edge on at least one: page 1 is an \
         overview, a box per source document with its pages and counts, lines between documents \
         that share bodies; then the edges of each document with the bodies they join, a document \
         split into parts until its pages have text of 8 pt. A body drawn on several pages names \
         the others (`→ s. 4, 7`).\n\n\
         ```sh\norgraf diagram all -o {ATLAS}.pdf   # one PDF, {} pages\norgraf diagram all -o {ATLAS}.svg   # {ATLAS}-1.svg … {ATLAS}-{}.svg\n```\n\n\
         [PDF]({ATLAS}.pdf) · pages:",
        pages.len(),
        pages.len(),
        pages.len()
    ));
    for n in 1..=pages.len() {
        s.push_str(&format!(" [{n}]({ATLAS}-{n}.svg)"));
    }
    s.push_str(&format!("\n\n![Atlas, page 1]({ATLAS}-1.svg)\n"));
    s
}

/// Every file `diagrams/` should hold, with its expected text (`None`
/// for SVG, whose bytes are Graphviz's).
fn expected() -> Vec<(PathBuf, Option<String>, &'static [&'static str])> {
    let mut v = Vec::new();
    for c in CHARTS {
        v.push((
            dir().join(format!("{}.dot", c.stem)),
            Some(draw(c.args, "dot")),
            c.args,
        ));
        v.push((
            dir().join(format!("{}.mmd", c.stem)),
            Some(draw(c.args, "mermaid")),
            c.args,
        ));
        v.push((dir().join(format!("{}.svg", c.stem)), None, c.args));
    }
    v
}

fn update(files: &[(PathBuf, Option<String>, &[&str])]) {
    fs::create_dir_all(dir()).expect("create diagrams/");
    for (path, text, args) in files {
        match text {
            Some(t) => {
                fs::write(path, t).unwrap_or_else(|e| panic!("write {}: {e}", path.display()))
            }
            None => {
                let svg = graphviz::svg(draw(args, "dot").as_bytes());
                fs::write(path, svg).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            }
        }
    }
}

#[test]
fn committed_diagrams_are_current() {
    let mut files = expected();
    if std::env::var_os("UPDATE_DIAGRAMS").is_some_and(|v| v == "1") {
        update(&files);
        for p in atlas_pages() {
            fs::remove_file(&p).unwrap_or_else(|e| panic!("remove {}: {e}", p.display()));
        }
        draw_atlas(&dir(), "svg");
        draw_atlas(&dir(), "pdf");
        fs::write(dir().join("README.md"), readme()).expect("write diagrams/README.md");
    }
    // The README's figures come from the committed SVGs.
    files.push((dir().join("README.md"), Some(readme()), &[]));
    let mut problems = Vec::new();
    for (path, text, _) in &files {
        let name = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        let Ok(committed) = fs::read_to_string(path) else {
            problems.push(format!("{name} is missing"));
            continue;
        };
        match text {
            Some(t) if *t != committed => problems.push(format!("{name} is out of date")),
            Some(_) => {}
            None => {
                graphviz::assert_well_formed(&committed);
                let chart = CHARTS
                    .iter()
                    .find(|c| path.ends_with(format!("{}.svg", c.stem)))
                    .expect("a chart");
                let fit = graphviz::fit(&committed);
                let (page, area) = page_of(chart, &fit);
                if !fit.fits(area) || fit.min_text < 8.0 - 0.05 {
                    problems.push(format!(
                        "{name} does not fit {page} with text of 8 pt: {fit:?}"
                    ));
                }
            }
        }
        if path.extension().is_some_and(|e| e == "dot") {
            graphviz::svg(committed.as_bytes());
        }
    }
    // The atlas: as many pages, with the same headings, as the current
    // code draws; each on A4 with text of 8 pt; the PDF of as many A4 pages.
    let committed = atlas_pages();
    let fresh_dir = tempfile::tempdir().expect("a temporary folder");
    draw_atlas(fresh_dir.path(), "svg");
    let fresh: Vec<PathBuf> = (1..)
        .map(|n| fresh_dir.path().join(format!("{ATLAS}-{n}.svg")))
        .take_while(|p| p.exists())
        .collect();
    if headings(&committed) != headings(&fresh) {
        problems.push(format!(
            "diagrams/{ATLAS}-N.svg: {} pages committed, {} drawn now, or their headings differ",
            committed.len(),
            fresh.len()
        ));
    }
    for (n, p) in committed.iter().enumerate() {
        let svg = fs::read_to_string(p).expect("read an atlas page");
        graphviz::assert_well_formed(&svg);
        let fit = graphviz::fit(&svg);
        let (page, area) = a4_of(&fit);
        if !fit.fits(area) || fit.min_text < 8.0 - 0.05 {
            problems.push(format!(
                "{ATLAS}-{}.svg does not fit {page} with text of 8 pt: {fit:?}",
                n + 1
            ));
        }
    }
    let pdf = dir().join(format!("{ATLAS}.pdf"));
    match graphviz::pdf_pages(&pdf) {
        Some(sizes) if sizes.len() == committed.len() => {
            for (n, (w, h)) in sizes.iter().enumerate() {
                let a4 = |a: f64, b: f64| (a - 595.0).abs() <= 1.0 && (b - 842.0).abs() <= 1.0;
                if !(a4(*w, *h) || a4(*h, *w)) {
                    problems.push(format!("{ATLAS}.pdf: page {} is {w} × {h}, not A4", n + 1));
                }
            }
        }
        other => problems.push(format!(
            "{ATLAS}.pdf: {:?} pages, not the {} of the SVG pages",
            other.map(|s| s.len()),
            committed.len()
        )),
    }
    let mut listed: Vec<&Path> = files.iter().map(|(p, _, _)| p.as_path()).collect();
    listed.extend(committed.iter().map(PathBuf::as_path));
    listed.push(&pdf);
    for entry in fs::read_dir(dir()).into_iter().flatten() {
        let p = entry.expect("read diagrams/").path();
        if !listed.contains(&p.as_path()) {
            problems.push(format!(
                "{} is not made by any chart here; remove it",
                p.display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "diagrams/ does not match the current code and model:\n  {}\nregenerate with: {REGENERATE}",
        problems.join("\n  ")
    );
}
