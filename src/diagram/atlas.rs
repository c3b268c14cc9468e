//! An atlas: a chart too big for one page drawn as several, for
//! `orgraf diagram all` on a page.
//!
//! Page 1 is an overview: a box per source document with its pages and
//! its count of bodies and relations, and lines between documents that
//! share bodies, labelled with how many. Every other page is a part
//! of the selection: the edges whose first source is one document, with
//! their ends (a body without edges goes with its own first source). A
//! part whose page has text under [`MIN_TEXT`] is split in two (its edges
//! sorted by the frame and id of their subject, cut in half) until every
//! page fits or is one edge. Every edge is drawn on exactly one page, so
//! no line leaves a page; a body drawn on several pages carries a line
//! `→ s. 4, 7` naming the others. Each page has the selection's title with
//! `s. N av M`, and a subtitle naming the document.
//!
//! PDF is one file of all pages (Debian 12's `dot` writes one page per
//! run: the pages are drawn one by one and merged with `lopdf`); SVG and
//! PNG are one file per page (see [`numbered`]).

use std::collections::{BTreeMap, BTreeSet};

use super::{
    ChartOptions, DiagramError, DiagramFormat, EdgeKey, MIN_TEXT, Page, Rendered, Selection, dot,
    graphviz, laid_out, text,
};
use crate::graph::{BodyId, OrgGraph};

/// One page of an atlas, drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct AtlasPage {
    /// The bodies and edges drawn (none for the overview).
    pub selection: Selection,
    /// The page's SVG (also when another format was asked for).
    pub svg: Vec<u8>,
    /// The page in the format asked for, its sheet and smallest text.
    pub rendered: Rendered,
}

/// A part of the selection: the edges of one document (or a half of
/// them), and the bodies they join.
#[derive(Debug, Clone)]
struct Part {
    /// The document's file name (`""` for edges without a source).
    doc: String,
    /// `(k, n)` when the document's edges are cut into `n` parts.
    piece: (usize, usize),
    nodes: BTreeSet<BodyId>,
    edges: BTreeSet<EdgeKey>,
}

/// The first (smallest) source document of an edge, or of a body.
fn edge_doc(g: &OrgGraph, e: &EdgeKey) -> String {
    g.out_edges(e.from)
        .filter(|x| x.rel == e.rel && x.to == e.to)
        .filter_map(|x| x.info.and_then(|i| i.sources.iter().map(|s| &s.doc).min()))
        .min()
        .cloned()
        .unwrap_or_default()
}

fn body_doc(g: &OrgGraph, b: BodyId) -> String {
    g.details(b)
        .into_iter()
        .flat_map(|d| d.sources.iter().map(|s| s.doc.clone()))
        .min()
        .unwrap_or_default()
}

/// The selection cut into one part per source document, sorted by file.
fn parts(g: &OrgGraph, sel: &Selection) -> Vec<Part> {
    let mut by_doc: BTreeMap<String, Part> = BTreeMap::new();
    fn part(by_doc: &mut BTreeMap<String, Part>, doc: String) -> &mut Part {
        by_doc.entry(doc.clone()).or_insert_with(|| Part {
            doc,
            piece: (1, 1),
            nodes: BTreeSet::new(),
            edges: BTreeSet::new(),
        })
    }
    for e in &sel.edges {
        let p = part(&mut by_doc, edge_doc(g, e));
        p.edges.insert(*e);
        p.nodes.extend([e.from, e.to]);
    }
    let joined: BTreeSet<BodyId> = sel.edges.iter().flat_map(|e| [e.from, e.to]).collect();
    for &b in sel.nodes.difference(&joined) {
        part(&mut by_doc, body_doc(g, b)).nodes.insert(b);
    }
    by_doc.into_values().collect()
}

/// `part` cut in two: its edges sorted by their subject's frame (its
/// container's id), subject and object, the first half and the rest; the
/// bodies without edges likewise. `None` when it holds one edge or body.
fn split(g: &OrgGraph, part: &Part) -> Option<(Part, Part)> {
    let container = super::containers(g, &super::diff::Changes::default());
    let key = |b: BodyId| {
        let frame = container.get(&b).map(|&c| g.node(c).id);
        (frame, g.node(b).id)
    };
    let mut edges: Vec<EdgeKey> = part.edges.iter().copied().collect();
    edges.sort_by_key(|e| (key(e.from), key(e.to), e.rel));
    let joined: BTreeSet<BodyId> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
    let mut alone: Vec<BodyId> = part.nodes.difference(&joined).copied().collect();
    alone.sort_by_key(|&b| key(b));
    if edges.len() + alone.len() < 2 {
        return None;
    }
    let half = |n: usize| n.div_ceil(2);
    let (ea, eb) = edges.split_at(half(edges.len()));
    let (na, nb) = alone.split_at(alone.len() / 2);
    let make = |es: &[EdgeKey], ns: &[BodyId], k: usize| Part {
        doc: part.doc.clone(),
        piece: (k, 2),
        nodes: es
            .iter()
            .flat_map(|e| [e.from, e.to])
            .chain(ns.iter().copied())
            .collect(),
        edges: es.iter().copied().collect(),
    };
    Some((make(ea, na, 1), make(eb, nb, 2)))
}

/// Numbers the pieces of each document `1 av n` after splitting.
fn number_pieces(parts: &mut [Part]) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in parts.iter() {
        *counts.entry(p.doc.clone()).or_default() += 1;
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for p in parts.iter_mut() {
        let k = seen.entry(p.doc.clone()).or_default();
        *k += 1;
        p.piece = (*k, counts[&p.doc]);
    }
}

/// The document's title as the page names it.
fn doc_title(g: &OrgGraph, doc: &str) -> String {
    match g.catalog.document(doc) {
        Some(d) => d.title.clone(),
        None if doc.is_empty() => "utan källa".into(),
        None => doc.to_string(),
    }
}

/// `→ s. 4, 7` for every body of page `at` (1-based) that is also drawn
/// on other pages.
fn notes(g: &OrgGraph, parts: &[Part], at: usize) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for &b in &parts[at - 2].nodes {
        let others: Vec<String> = parts
            .iter()
            .enumerate()
            .filter(|&(i, p)| i + 2 != at && p.nodes.contains(&b))
            .map(|(i, _)| (i + 2).to_string())
            .collect();
        if !others.is_empty() {
            out.insert(
                g.node(b).id.to_string(),
                format!("→ s. {}", others.join(", ")),
            );
        }
    }
    out
}

/// The selection of page `at` (1-based) of `total`.
fn page_selection(
    g: &OrgGraph,
    sel: &Selection,
    part: &Part,
    at: usize,
    total: usize,
) -> Selection {
    let mut sub = format!("Ur {} ({})", doc_title(g, &part.doc), part.doc);
    if part.piece.1 > 1 {
        sub.push_str(&format!(", del {} av {}", part.piece.0, part.piece.1));
    }
    if let Some(s) = &sel.subtitle {
        sub.push_str(&format!(" · {s}"));
    }
    Selection {
        title: format!("{} · s. {at} av {total}", sel.title),
        subtitle: Some(sub),
        focus: sel.focus.intersection(&part.nodes).copied().collect(),
        nodes: part.nodes.clone(),
        edges: part.edges.clone(),
        changes: super::diff::Changes::default(),
    }
}

/// Draws `sel` as an atlas for `opts.page` (a page must be given): the
/// overview, then a page per part, each in `format` (SVG, PNG or PDF;
/// DOT and Mermaid are drawn as one chart by [`super::render_checked`]).
pub fn render(
    g: &OrgGraph,
    sel: &Selection,
    format: DiagramFormat,
    opts: &ChartOptions,
) -> Result<Vec<AtlasPage>, DiagramError> {
    let mut parts = parts(g, sel);
    // Draw every part; split those too big, renumber, and draw again
    // (the references change with the numbers) until all fit.
    let drawn = loop {
        number_pieces(&mut parts);
        let total = parts.len() + 1;
        let mut drawn = Vec::new();
        let mut next = Vec::new();
        let mut changed = false;
        for (i, part) in parts.iter().enumerate() {
            let at = i + 2;
            let page_sel = page_selection(g, sel, part, at, total);
            let page_opts = ChartOptions {
                notes: notes(g, &parts, at),
                ..opts.clone()
            };
            let (chart, svg) = laid_out(g, &page_sel, &page_opts)?;
            let svg = match svg {
                Some(s) => s,
                None => graphviz::svg(&dot::write(&chart))?,
            };
            let pt = graphviz::smallest_text(&svg);
            let too_small = pt.is_some_and(|pt| pt < MIN_TEXT - 0.05);
            match too_small.then(|| split(g, part)).flatten() {
                Some((a, b)) => {
                    next.extend([a, b]);
                    changed = true;
                }
                None => next.push(part.clone()),
            }
            drawn.push((page_sel, chart, svg, pt));
        }
        parts = next;
        if !changed {
            break drawn;
        }
    };
    let total = drawn.len() + 1;
    let mut pages = vec![overview(g, sel, &parts, format, opts, total)?];
    for (selection, chart, svg, smallest_text) in drawn {
        let bytes = finish(&chart, &svg, format, opts)?;
        pages.push(AtlasPage {
            selection,
            svg,
            rendered: Rendered {
                bytes,
                page: chart.page,
                smallest_text,
            },
        });
    }
    Ok(pages)
}

/// A page's bytes in `format` from its chart (`svg` is its SVG).
fn finish(
    chart: &super::Chart,
    svg: &[u8],
    format: DiagramFormat,
    opts: &ChartOptions,
) -> Result<Vec<u8>, DiagramError> {
    let dot = dot::write(chart);
    match format {
        DiagramFormat::Png => graphviz::png(&dot, opts.dpi),
        DiagramFormat::Pdf => graphviz::pdf(&dot, chart.page),
        DiagramFormat::Svg => Ok(svg.to_vec()),
        DiagramFormat::Dot => Ok(dot.into_bytes()),
        DiagramFormat::Mermaid => Ok(super::mermaid::write(chart).into_bytes()),
    }
}

/// Page 1: a box per page (its document, bodies and relations) and a
/// line between two pages that share bodies, labelled with how many.
fn overview(
    g: &OrgGraph,
    sel: &Selection,
    parts: &[Part],
    format: DiagramFormat,
    opts: &ChartOptions,
    total: usize,
) -> Result<AtlasPage, DiagramError> {
    let mut title = vec![
        format!("{} · s. 1 av {total}", sel.title),
        format!(
            "Översikt: {} organ och {} relationer på {} sidor, en ruta per källdokument;",
            sel.nodes.len(),
            sel.edges.len(),
            total - 1
        ),
        "en linje mellan två dokument säger hur många organ båda ritar".into(),
    ];
    title.extend(sel.subtitle.clone());
    if let Some(meta) = &g.catalog.meta {
        title.push(format!("{}, {}", meta.name, meta.date));
    }
    // The documents, each with its pages and what they draw.
    let mut docs: BTreeMap<&str, (Vec<usize>, BTreeSet<BodyId>, usize)> = BTreeMap::new();
    for (i, p) in parts.iter().enumerate() {
        let d = docs.entry(p.doc.as_str()).or_default();
        d.0.push(i + 2);
        d.1.extend(p.nodes.iter().copied());
        d.2 += p.edges.len();
    }
    let mut out = String::from("graph atlas {\n");
    let label: Vec<String> = title
        .iter()
        .flat_map(|t| text::wrap(t, 70))
        .map(|t| dot::html(&t))
        .collect();
    out.push_str(&format!(
        "  graph [fontname=\"Helvetica,Arial,sans-serif\", fontsize=14, labelloc=t, label=<{}>, nodesep=0.4, ranksep=0.5];\n",
        label.join("<br/>")
    ));
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#555555\", fontname=\"Helvetica,Arial,sans-serif\", fontsize=12];\n  edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, color=\"#777777\"];\n",
    );
    let ids: Vec<&str> = docs.keys().copied().collect();
    for (i, (doc, (pages, nodes, edges))) in docs.iter().enumerate() {
        let pages = match (pages.first(), pages.last()) {
            (Some(a), Some(b)) if a != b => format!("s. {a}–{b}"),
            (Some(a), _) => format!("s. {a}"),
            _ => String::new(),
        };
        let mut lines = vec![pages];
        lines.extend(text::label_lines(&doc_title(g, doc)));
        lines.push(format!("({doc})"));
        lines.push(format!("{} organ, {edges} relationer", nodes.len()));
        out.push_str(&format!(
            "  d{i} [label={}];\n",
            dot::quote(&lines.join("\n"))
        ));
    }
    for (i, a) in ids.iter().enumerate() {
        for (j, b) in ids.iter().enumerate().skip(i + 1) {
            let shared = docs[a].1.intersection(&docs[b].1).count();
            if shared > 0 {
                out.push_str(&format!(
                    "  d{i} -- d{j} [label=\"{shared} organ\", penwidth={:.1}];\n",
                    1.0 + (shared as f64).ln() / 2.0
                ));
            }
        }
    }
    out.push_str("}\n");
    // Portrait or landscape, whichever draws it larger.
    let pages = Page::candidates(opts.page);
    let mut best: Option<(f64, Option<Page>, String, Vec<u8>)> = None;
    for page in pages {
        let sized = match page {
            Some(p) => {
                let (w, h) = p.area();
                out.replacen(
                    "graph atlas {\n",
                    &format!(
                        "graph atlas {{\n  size=\"{:.4},{:.4}\";\n",
                        w / 72.0,
                        h / 72.0
                    ),
                    1,
                )
            }
            None => out.clone(),
        };
        let svg = graphviz::svg(&sized)?;
        let scale = graphviz::svg_scale(&svg).unwrap_or(1.0);
        if best.as_ref().is_none_or(|(s, ..)| scale > *s + 1e-6) {
            best = Some((scale, page, sized, svg));
        }
    }
    let (_, page, out, svg) = best.expect("one page tried");
    let smallest_text = graphviz::smallest_text(&svg);
    let bytes = match format {
        DiagramFormat::Png => graphviz::png(&out, opts.dpi)?,
        DiagramFormat::Pdf => graphviz::pdf(&out, page)?,
        DiagramFormat::Svg => svg.clone(),
        DiagramFormat::Dot | DiagramFormat::Mermaid => out.clone().into_bytes(),
    };
    Ok(AtlasPage {
        selection: Selection::from_parts(title[0].clone(), [], []),
        svg,
        rendered: Rendered {
            bytes,
            page,
            smallest_text,
        },
    })
}

/// The pages of a PDF atlas as one PDF: the pages' objects renumbered
/// into one document, a page tree of them in order, no creation date.
pub fn merge_pdf(pages: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    use lopdf::{Dictionary, Document, Object};
    let mut merged = Document::with_version("1.5");
    let mut kids: Vec<Object> = Vec::new();
    let mut max_id = 1;
    let mut page_ids = Vec::new();
    for (n, bytes) in pages.iter().enumerate() {
        let mut doc = Document::load_mem(bytes).map_err(|e| format!("page {}: {e}", n + 1))?;
        doc.renumber_objects_with(max_id);
        max_id = doc.max_id + 1;
        for (_, id) in doc.get_pages() {
            // The page's inherited attributes, from its parent.
            let mut page = doc.get_dictionary(id).map_err(|e| e.to_string())?.clone();
            if let Ok(parent) = page.get(b"Parent").and_then(Object::as_reference)
                && let Ok(parent) = doc.get_dictionary(parent)
            {
                for key in [&b"MediaBox"[..], b"Resources", b"CropBox", b"Rotate"] {
                    if page.get(key).is_err()
                        && let Ok(v) = parent.get(key)
                    {
                        page.set(key.to_vec(), v.clone());
                    }
                }
            }
            page_ids.push((id, page));
        }
        for (id, object) in doc.objects {
            let kind = match &object {
                Object::Dictionary(d) => d.get(b"Type").and_then(Object::as_name).ok(),
                _ => None,
            };
            if !matches!(kind, Some(b"Catalog" | b"Pages")) {
                merged.objects.insert(id, object);
            }
        }
    }
    let pages_id = (max_id, 0);
    for (id, mut page) in page_ids {
        page.set("Parent", pages_id);
        merged.objects.insert(id, Object::Dictionary(page));
        kids.push(id.into());
    }
    let mut tree = Dictionary::new();
    tree.set("Type", "Pages");
    tree.set("Count", kids.len() as i64);
    tree.set("Kids", kids);
    merged.objects.insert(pages_id, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", "Catalog");
    catalog.set("Pages", pages_id);
    let catalog_id = (max_id + 1, 0);
    merged
        .objects
        .insert(catalog_id, Object::Dictionary(catalog));
    merged.trailer.set("Root", catalog_id);
    merged.max_id = max_id + 1;
    let mut out = Vec::new();
    merged.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Removes the pages an earlier, longer atlas left after the `count`
/// pages just written to `path` numbered ([`numbered`]): from page
/// `count + 1` on, as long as each is an SVG page of an orgraf atlas —
/// drawn by Graphviz from orgraf's DOT (the graph `orgraf`, or `atlas`
/// for the overview), its heading naming it `s. N av M` with its own
/// number — and stops at the first file that is missing or not such a
/// page, which is left as it is. PNG pages carry no heading to recognise them by and are never
/// removed. Returns the files removed.
pub fn remove_stale(path: &std::path::Path, count: usize) -> Vec<std::path::PathBuf> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let mut removed = Vec::new();
    if !is_svg {
        return removed;
    }
    for n in count + 1.. {
        let page = numbered(path, n).pop().expect("n pages");
        // A page of the bundled model's atlas is well under a megabyte.
        let ours = std::fs::metadata(&page).is_ok_and(|m| m.is_file() && m.len() < 16 << 20)
            && std::fs::read_to_string(&page).is_ok_and(|svg| {
                svg.contains("<!-- Generated by graphviz")
                    && (svg.contains("<title>orgraf</title>")
                        || svg.contains("<title>atlas</title>"))
                    && svg.contains(&format!(" · s. {n} av "))
            });
        if !ours || std::fs::remove_file(&page).is_err() {
            break;
        }
        removed.push(page);
    }
    removed
}

/// The file names of an atlas's pages in SVG or PNG: `all.svg` gives
/// `all-1.svg`, `all-2.svg`, …
pub fn numbered(path: &std::path::Path, count: usize) -> Vec<std::path::PathBuf> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (1..=count)
        .map(|n| path.with_file_name(format!("{stem}-{n}{ext}")))
        .collect()
}
