//! Running the real Graphviz `dot` on test output, and reading SVG.
//! These tests never skip: without `dot` they fail and say how to
//! install it.
#![allow(dead_code)]

use std::io::Write as _;
use std::process::{Command, Stdio};

const INSTALL: &str = "Graphviz's `dot` is needed by the diagram tests and was not found on PATH; \
     install Graphviz (`apt-get install graphviz`, `brew install graphviz`) and run the tests again";

/// Runs `dot -T<format>` on `dot_text`; fails the test when `dot` is
/// missing, fails, or prints anything on stderr (a warning means output
/// Graphviz had to guess about).
pub fn dot_to(format: &str, dot_text: &[u8]) -> Vec<u8> {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{INSTALL} ({e})"));
    let mut stdin = child.stdin.take().expect("piped");
    let input = dot_text.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("dot runs");
    writer
        .join()
        .expect("writer thread")
        .expect("dot reads its input");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "dot -T{format} rejected the DOT ({}):\n{stderr}\n--- input ---\n{}",
        out.status,
        String::from_utf8_lossy(dot_text)
    );
    out.stdout
}

/// `dot -Tsvg` of `dot_text`, checked to be well-formed XML.
pub fn svg(dot_text: &[u8]) -> String {
    let svg = String::from_utf8(dot_to("svg", dot_text)).expect("SVG is UTF-8");
    assert_well_formed(&svg);
    svg
}

/// An SVG parsed as XML (Graphviz writes a DOCTYPE).
fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"))
}

/// Fails unless `svg` parses as XML with an `<svg>` root.
pub fn assert_well_formed(svg: &str) {
    let doc = parse(svg);
    assert_eq!(doc.root_element().tag_name().name(), "svg");
}

/// Every `<text>` element's content, and every tooltip (`xlink:title`),
/// as a reader of the SVG sees them (entities decoded).
pub fn texts_and_tooltips(svg: &str) -> (Vec<String>, Vec<String>) {
    let doc = parse(svg);
    let mut texts = Vec::new();
    let mut tips = Vec::new();
    for n in doc.descendants() {
        if n.has_tag_name("text") {
            texts.push(n.text().unwrap_or_default().to_string());
        }
        if let Some(t) = n.attribute(("http://www.w3.org/1999/xlink", "title")) {
            tips.push(t.to_string());
        }
    }
    (texts, tips)
}

/// How an SVG made by Graphviz sits on a page: its size in points, the
/// scale Graphviz drew it at, and its smallest text in points as printed
/// (font size × scale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub width: f64,
    pub height: f64,
    pub scale: f64,
    pub min_text: f64,
}

/// A4's printable area (15 mm margins), portrait, in points.
pub const A4_AREA: (f64, f64) = (510.236, 756.85);
/// A3's printable area, portrait, in points.
pub const A3_AREA: (f64, f64) = (756.85, 1105.51);

impl Fit {
    /// Whether the drawing fits the area `(w, h)` in either orientation.
    pub fn fits(&self, (w, h): (f64, f64)) -> bool {
        let tol = 1.0;
        (self.width <= w + tol && self.height <= h + tol)
            || (self.width <= h + tol && self.height <= w + tol)
    }
}

/// Measures an SVG made by Graphviz (see [`Fit`]).
pub fn fit(svg: &str) -> Fit {
    let doc = parse(svg);
    let root = doc.root_element();
    let pt = |name: &str| -> f64 {
        let v = root
            .attribute(name)
            .unwrap_or_else(|| panic!("svg has no {name}"));
        v.strip_suffix("pt")
            .unwrap_or_else(|| panic!("{name}={v} is not in points"))
            .parse()
            .expect("a number")
    };
    let graph = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("graph"))
        .expect("the graph's <g>");
    let transform = graph.attribute("transform").unwrap_or("");
    let scale = transform
        .strip_prefix("scale(")
        .and_then(|t| t.split([' ', ')']).next())
        .map_or(1.0, |s| s.parse().expect("a scale"));
    let min_font = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.attribute("font-size"))
        .map(|s| s.parse::<f64>().expect("a font size"))
        .fold(f64::INFINITY, f64::min);
    Fit {
        width: pt("width"),
        height: pt("height"),
        scale,
        min_text: min_font * scale,
    }
}

/// The size of every page of a PDF in points, from `pdfinfo`
/// (poppler-utils); `None` when the file is missing or no PDF. Fails the
/// test when `pdfinfo` cannot be run.
pub fn pdf_pages(path: &std::path::Path) -> Option<Vec<(f64, f64)>> {
    if !path.exists() {
        return None;
    }
    let run = |args: &[&str]| {
        let out = Command::new("pdfinfo")
            .args(args)
            .arg(path)
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "`pdfinfo` is needed by this test and could not be run ({e}); \
                     install poppler-utils (`apt-get install poppler-utils`)"
                )
            });
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let info = run(&[])?;
    let count: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))?
        .trim()
        .parse()
        .ok()?;
    let sizes = run(&["-f", "1", "-l", &count.to_string()])?;
    Some(
        sizes
            .lines()
            .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
            .filter_map(|l| {
                let mut n = l
                    .split_once("size:")?
                    .1
                    .split_whitespace()
                    .filter_map(|w| w.parse::<f64>().ok());
                Some((n.next()?, n.next()?))
            })
            .collect(),
    )
}
