//! Running Graphviz's `dot` to turn DOT into SVG, PNG or PDF.
//!
//! The DOT goes through a pipe; a missing `dot` is
//! [`DiagramError::GraphvizMissing`], whose message says how to install
//! it. When `dot` fails, the user gets one line — the first line of what
//! `dot` said — and the DOT is kept in the temporary folder for a bug
//! report, never Graphviz's dump of its internals.

use std::io::{ErrorKind, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::DiagramError;
use super::page::Page;

/// `dot -Tsvg`.
pub fn svg(dot: &str) -> Result<Vec<u8>, DiagramError> {
    run(dot, &["-Tsvg"])
}

/// `dot -Tpng` at `dpi` pixels per inch.
pub fn png(dot: &str, dpi: u32) -> Result<Vec<u8>, DiagramError> {
    run(dot, &["-Tpng", &format!("-Gdpi={dpi}")])
}

/// `dot -Tpdf`: a vector PDF. With a page, the page is that size with
/// the chart in its middle: the chart is drawn once as SVG to learn its
/// size, then as PDF with the margins that fill up the page. Graphviz
/// rounds the page it writes, at times by a few points, so the margins
/// are corrected from the PDF's `/MediaBox` until the page is right.
pub fn pdf(dot: &str, page: Option<Page>) -> Result<Vec<u8>, DiagramError> {
    pdf_on_page(dot, page).map(fixed_creation_date)
}

/// The creation date orgraf writes into every PDF: Graphviz's cairo
/// writes the time of the run, so that the same chart would never give
/// the same bytes.
pub const PDF_DATE: &[u8; 14] = b"19700101000000";

/// The PDF with its `/CreationDate` set to [`PDF_DATE`], in place: the
/// value keeps its length, so the cross-reference table stays right.
pub fn fixed_creation_date(mut pdf: Vec<u8>) -> Vec<u8> {
    let key = b"/CreationDate (D:";
    if let Some(at) = pdf.windows(key.len()).position(|w| w == key) {
        let start = at + key.len();
        let digits = pdf[start..]
            .iter()
            .take(PDF_DATE.len())
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == PDF_DATE.len() {
            pdf[start..start + digits].copy_from_slice(PDF_DATE);
        }
    }
    pdf
}

fn pdf_on_page(dot: &str, page: Option<Page>) -> Result<Vec<u8>, DiagramError> {
    let Some(page) = page else {
        return run(dot, &["-Tpdf"]);
    };
    let svg = run(dot, &["-Tsvg", "-Gmargin=0"])?;
    let (w, h) = svg_size(&svg).ok_or_else(|| DiagramError::GraphvizFailed {
        reason: "its SVG has no size in points".into(),
        kept: keep(dot),
    })?;
    let (want_w, want_h) = (page.width.round(), page.height.round());
    let mut mx = ((page.width - w) / 2.0).max(0.0);
    let mut my = ((page.height - h) / 2.0).max(0.0);
    let mut pdf = Vec::new();
    for _ in 0..4 {
        pdf = run(
            dot,
            &[
                "-Tpdf",
                &format!("-Gmargin={:.4},{:.4}", mx / 72.0, my / 72.0),
            ],
        )?;
        let Some((pw, ph)) = media_box(&pdf) else {
            break;
        };
        if (pw - want_w).abs() < 0.5 && (ph - want_h).abs() < 0.5 {
            break;
        }
        mx = (mx - (pw - want_w) / 2.0).max(0.0);
        my = (my - (ph - want_h) / 2.0).max(0.0);
    }
    Ok(pdf)
}

/// The width and height of the first `/MediaBox` of a PDF.
pub fn media_box(pdf: &[u8]) -> Option<(f64, f64)> {
    let key = b"/MediaBox";
    let at = pdf.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = &pdf[at..pdf.len().min(at + 80)];
    let text = std::str::from_utf8(rest).ok()?;
    let inner = &text[text.find('[')? + 1..text.find(']')?];
    let n: Vec<f64> = inner
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    match n[..] {
        [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
        _ => None,
    }
}

/// The `width` and `height` in points of an SVG made by Graphviz.
pub fn svg_size(svg: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(svg).ok()?;
    let tag = &text[text.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[start..];
        value[..value.find('"')?].strip_suffix("pt")?.parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// The scale Graphviz drew an SVG at (below 1 when the chart was shrunk
/// to its `size`).
pub fn svg_scale(svg: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(svg).ok()?;
    let start = text.find("transform=\"scale(")? + "transform=\"scale(".len();
    let rest = &text[start..];
    rest[..rest.find([' ', ')'])?].parse().ok()
}

/// The smallest text of an SVG made by Graphviz as printed, in points:
/// the smallest `font-size` times the drawing's scale.
pub fn smallest_text(svg: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(svg).ok()?;
    let scale = svg_scale(svg).unwrap_or(1.0);
    text.split("font-size=\"")
        .skip(1)
        .filter_map(|rest| rest[..rest.find('"')?].parse::<f64>().ok())
        .reduce(f64::min)
        .map(|f| f * scale)
}

/// Runs `dot ARGS` on the DOT text and returns its output.
pub fn run(dot: &str, args: &[&str]) -> Result<Vec<u8>, DiagramError> {
    let mut child = Command::new("dot")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            ErrorKind::NotFound => DiagramError::GraphvizMissing,
            _ => DiagramError::Io(e),
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Feed stdin from another thread so that a large output cannot block
    // `dot` while we are still writing its input.
    let (output, written) = std::thread::scope(|s| {
        let writer = s.spawn(move || stdin.write_all(dot.as_bytes()));
        let output = child.wait_with_output();
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("writer thread panicked")));
        (output, written)
    });
    let output = output.map_err(DiagramError::Io)?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(DiagramError::GraphvizFailed {
            reason: reason(&output.status.to_string(), &output.stderr),
            kept: keep(dot),
        });
    }
    // A write error with a successful exit (a broken pipe) would mean `dot`
    // stopped reading early; treat it as a failure too.
    written.map_err(DiagramError::Io)?;
    Ok(output.stdout)
}

/// One line about a failure: the first line `dot` printed that is not a
/// warning, without its `Error: `, else the exit status.
pub fn reason(status: &str, stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Warning"))
        .map(|l| l.strip_prefix("Error:").unwrap_or(l).trim())
        .next();
    match line {
        Some(l) => {
            let short: String = l.chars().take(160).collect();
            format!("{status}: {short}")
        }
        None => status.to_string(),
    }
}

/// Keeps the DOT text in the temporary folder, under a name made from its
/// content, and returns where; `None` when it cannot be written.
fn keep(dot: &str) -> Option<PathBuf> {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::hash::DefaultHasher::new();
    dot.hash(&mut h);
    let path = std::env::temp_dir().join(format!("orgraf-failed-{:016x}.dot", h.finish()));
    crate::fsutil::write_atomic(&path, dot.as_bytes()).ok()?;
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_reasons() {
        assert_eq!(
            reason(
                "exit status: 1",
                b"Warning: x\nError: trouble in init_rank\n\t%0 1\n\t%0 1\n"
            ),
            "exit status: 1: trouble in init_rank"
        );
        assert_eq!(reason("signal: 11", b""), "signal: 11");
    }

    #[test]
    fn pdf_creation_date_is_fixed() {
        let pdf = b"%PDF-1.5\n<< /CreationDate (D:20261201143605Z) >>\n".to_vec();
        assert_eq!(
            fixed_creation_date(pdf),
            b"%PDF-1.5\n<< /CreationDate (D:19700101000000Z) >>\n"
        );
        // Anything else is left alone.
        let odd = b"<< /CreationDate (D:2026) >>".to_vec();
        assert_eq!(fixed_creation_date(odd.clone()), odd);
    }

    #[test]
    fn reads_the_media_box() {
        assert_eq!(
            media_box(b"%PDF-1.5 << /Type /Page /MediaBox [ 0 0 1191 842 ] >>"),
            Some((1191.0, 842.0))
        );
        assert_eq!(media_box(b"%PDF-1.5"), None);
    }

    #[test]
    fn reads_svg_size() {
        let svg = b"<?xml?>\n<svg width=\"559pt\" height=\"138.5pt\"\n viewBox=\"0 0 1 1\">";
        assert_eq!(svg_size(svg), Some((559.0, 138.5)));
        assert_eq!(svg_size(b"<svg width=\"5in\">"), None);
        let g = b"<g id=\"graph0\" class=\"graph\" transform=\"scale(0.62 0.62) rotate(0)\">";
        assert_eq!(svg_scale(g), Some(0.62));
        let svg = b"<g class=\"graph\" transform=\"scale(0.5 0.5)\"><text font-size=\"11.00\">a</text><text font-size=\"18.00\">b</text></g>";
        assert_eq!(smallest_text(svg), Some(5.5));
    }
}
