//! Drawing a part of the graph as an org chart: Graphviz DOT (and SVG,
//! PNG or PDF through Graphviz's `dot`), or Mermaid, laid out for a page.
//!
//! Three steps, one direction:
//!
//! ```text
//! Selection (which bodies and edges) ──plan──▶ Chart (frames, grids, page, styles, legend, sorted)
//!                                    ──dot::write / mermaid::write──▶ text ──graphviz──▶ svg | png | pdf
//! ```
//!
//! A [`Selection`] says *what* to draw: every body, the neighbourhood of
//! some bodies, or the bodies and edges of a query's answer. [`plan`]
//! decides *how*: it sorts everything by id (so that output is
//! byte-identical from run to run), puts bodies in frames, picks styles
//! from the catalog and lists what the legend must explain. The writers
//! only translate a [`Chart`]; they never look at the graph again.
//!
//! # Frames (clusters)
//!
//! A body is drawn inside the frame of a *container*: a node whose kind
//! has `cluster: true` in its style (in the standard catalog `huvudman`
//! and `delregion`). Membership is read from the graph data:
//!
//! 1. an edge `A rel C` whose relation has `membership: true` in its style
//!    (in the standard catalog `ingår_i`) and whose object C is a
//!    container puts A in C's frame;
//! 2. otherwise a `placering` attribute whose value names a container
//!    (by id, name or alias, as [`OrgGraph::resolve`] reads it) puts A in
//!    that container's frame.
//!
//! When several containers qualify, the innermost wins (a delregion
//! that is itself inside a huvudman beats the huvudman); among unrelated
//! ones, the kind declared first in the catalog (a body that belongs to
//! VGR and works in Skaraborg is drawn in VGR's frame), then the smallest
//! id. Containers nest by the same rule. A frame is drawn when at least one
//! drawn body lies in it, even if the container itself was not selected:
//! the frame is context (`DRNÖ` is drawn inside `VGR`). A membership edge
//! that a frame already shows is not drawn as a line. The container
//! itself is drawn as a node inside its frame only when some other drawn
//! edge touches it.
//!
//! # Ranks
//!
//! Charts are laid out bottom to top (`rankdir=BT`): for a relation whose
//! style has `rank: "up"` (the default: `bereder`, `rapporterar_till`,
//! `ingår_i`, …) the object is drawn above the subject, so political
//! bodies sit above the groups that prepare for them. `rank: "down"`
//! (`utser`) draws the object below the subject; `rank: "none"` leaves
//! the edge out of the ranking.
//!
//! # Pages
//!
//! A chart is laid out for a page ([`page`], `--page`, default A4): fans
//! of many bodies are gathered into boxes (a table node, a cell per
//! body), wide ranks wrapped into rows, and the orientation chosen ([`layout`]); Graphviz's `size` then
//! scales a drawing still larger than the page's printable area down to
//! it. Text is 11 pt or larger, so anything drawn at 73 % or more reads at
//! 8 pt; [`Rendered::warning`] says when a chart is too big for that.
//! `all` too big for one page is drawn as an [`atlas`] of pages that
//! fit.
//! Edge labels are Graphviz `xlabel`s and the layout uses the classic
//! ranking (no `newrank`): Graphviz 2.43 (Debian 12) lays every chart of
//! the bundled model out with these, where `label`s or `newrank` made it
//! fail with "trouble in init_rank" or lose edges in spline routing.
//!
//! # Comparisons
//!
//! A selection may carry the changes since an older model
//! ([`Selection::changes`], made by [`diff::Comparison`] for `orgraf
//! diagram X --diff OLD`): the planner then marks new, removed and changed
//! bodies and lines ([`ChartNode::change`], [`ChartEdge::change`]) in the
//! looks [`diff::Mark::style`] gives, gathers marked lines into boxes
//! only with their like, and lists the marks drawn in the legend.
//!
//! # Use from other modules
//!
//! [`render_with`] (or [`render_checked`], which also tells the page fit)
//! is the whole pipeline: a [`Selection`], a [`DiagramFormat`] and
//! [`ChartOptions`] in, bytes out — `DiagramFormat::Svg` gives the SVG to
//! embed in a web page, [`DiagramError::GraphvizMissing`] says that `dot`
//! is not installed. [`ChartOptions::node_href`] links every body node
//! (`/body/{id}`), off by default.

pub mod atlas;
pub mod command;
pub mod diff;
pub mod dot;
pub mod graphviz;
pub mod layout;
pub mod mermaid;
pub mod page;
pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt;

use petgraph::Direction as Dir;

pub use crate::cli::{DiagramFormat, Direction};
use crate::graph::{BodyId, KindId, OrgGraph, RelId};
pub use page::{ChartOptions, Page, PageArg};

/// One edge of the graph, by its ends and relation. Several model edges
/// with the same ends and relation (e.g. different validity periods) are
/// drawn as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeKey {
    pub from: BodyId,
    pub rel: RelId,
    pub to: BodyId,
}

/// What to draw: bodies and edges of the graph, a title, and the bodies to
/// emphasise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The chart's heading.
    pub title: String,
    /// A second heading line, e.g. how the neighbourhood was chosen.
    pub subtitle: Option<String>,
    /// Bodies drawn with a heavier outline (the centre of a neighbourhood,
    /// the ends of a path).
    pub focus: BTreeSet<BodyId>,
    pub nodes: BTreeSet<BodyId>,
    pub edges: BTreeSet<EdgeKey>,
    /// Bodies and edges new, removed or changed since an older model
    /// (see [`diff`]), of the whole comparison: the chart marks those it
    /// draws. Empty for a chart of one model.
    pub changes: diff::Changes,
}

/// How to grow a neighbourhood around some bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Around {
    /// Hops from the centre.
    pub depth: usize,
    /// Follow only these relations; empty means all.
    pub relations: Vec<RelId>,
    /// Follow edges forward (`Down`), backward (`Up`) or both.
    pub direction: Direction,
}

impl Default for Around {
    fn default() -> Self {
        Around {
            depth: 1,
            relations: Vec::new(),
            direction: Direction::Both,
        }
    }
}

impl Selection {
    /// The whole graph.
    pub fn all(g: &OrgGraph) -> Selection {
        let nodes: BTreeSet<BodyId> = g.bodies().collect();
        let edges = g
            .edges()
            .map(|e| EdgeKey {
                from: e.from,
                rel: e.rel,
                to: e.to,
            })
            .collect();
        Selection {
            title: "Hela modellen".into(),
            subtitle: None,
            focus: BTreeSet::new(),
            nodes,
            edges,
            changes: diff::Changes::default(),
        }
    }

    /// The bodies within `around.depth` hops of `centres` over the chosen
    /// relations and direction, and every edge of those relations between
    /// them (also edges between two neighbours: they are facts about the
    /// drawn bodies).
    pub fn around(g: &OrgGraph, centres: &[BodyId], around: &Around) -> Selection {
        let rel_ok = |r: RelId| around.relations.is_empty() || around.relations.contains(&r);
        let mut seen: BTreeSet<BodyId> = centres.iter().copied().collect();
        let mut queue: VecDeque<(BodyId, usize)> = centres.iter().map(|&c| (c, 0)).collect();
        let dirs: &[Dir] = match around.direction {
            Direction::Down => &[Dir::Outgoing],
            Direction::Up => &[Dir::Incoming],
            Direction::Both => &[Dir::Outgoing, Dir::Incoming],
        };
        while let Some((b, d)) = queue.pop_front() {
            if d == around.depth {
                continue;
            }
            for &dir in dirs {
                for (n, _) in g.neighbours(b, dir, rel_ok) {
                    if seen.insert(n) {
                        queue.push_back((n, d + 1));
                    }
                }
            }
        }
        let mut edges = BTreeSet::new();
        for &b in &seen {
            for e in g.out_edges(b) {
                if rel_ok(e.rel) && seen.contains(&e.to) {
                    edges.insert(EdgeKey {
                        from: e.from,
                        rel: e.rel,
                        to: e.to,
                    });
                }
            }
        }
        let mut names: Vec<String> = centres.iter().map(|&c| text::display_name(g, c)).collect();
        names.sort();
        let direction = match around.direction {
            Direction::Down => "framåt",
            Direction::Up => "bakåt",
            Direction::Both => "i båda riktningar",
        };
        let steps = if around.depth == 1 {
            "1 steg".to_string()
        } else {
            format!("{} steg", around.depth)
        };
        let mut subtitle = format!("Omgivning: {steps} {direction} längs relationerna");
        if !around.relations.is_empty() {
            let mut rels: Vec<&str> = around
                .relations
                .iter()
                .map(|&r| g.catalog.relation(r).label.as_str())
                .collect();
            rels.sort();
            rels.dedup();
            subtitle.push_str(&format!(" ({})", rels.join(", ")));
        }
        Selection {
            title: names.join(", "),
            subtitle: Some(subtitle),
            focus: centres.iter().copied().collect(),
            nodes: seen,
            edges,
            changes: diff::Changes::default(),
        }
    }

    /// Given bodies and edges, e.g. the answer to a query. Both ends of
    /// every edge are drawn.
    pub fn from_parts(
        title: impl Into<String>,
        nodes: impl IntoIterator<Item = BodyId>,
        edges: impl IntoIterator<Item = EdgeKey>,
    ) -> Selection {
        let edges: BTreeSet<EdgeKey> = edges.into_iter().collect();
        let mut nodes: BTreeSet<BodyId> = nodes.into_iter().collect();
        for e in &edges {
            nodes.insert(e.from);
            nodes.insert(e.to);
        }
        Selection {
            title: title.into(),
            subtitle: None,
            focus: BTreeSet::new(),
            nodes,
            edges,
            changes: diff::Changes::default(),
        }
    }

    /// The bodies and edges of an answer (a path, a closure, a card),
    /// titled `title`; with `relations`, only edges of those. The ends of
    /// a path or of a `why` and the body of a card are emphasised. `None`
    /// when the answer names no bodies.
    pub fn of_answer(
        value: &crate::query::Value,
        title: &str,
        relations: &[RelId],
    ) -> Option<Selection> {
        use crate::query::Value;
        let (nodes, edges) = value.subgraph();
        if nodes.is_empty() {
            return None;
        }
        let edges = edges
            .into_iter()
            .filter(|(_, r, _)| relations.is_empty() || relations.contains(r))
            .map(|(from, rel, to)| EdgeKey { from, rel, to });
        let mut sel = Selection::from_parts(title, nodes, edges);
        sel.subtitle = Some("Svaret på frågan".into());
        sel.focus = match value {
            Value::Paths { from, to, .. } | Value::Evidence { from, to, .. } => [*from, *to].into(),
            Value::Card(c) => [c.body].into(),
            _ => BTreeSet::new(),
        };
        Some(sel)
    }
}

/// Why a diagram could not be rendered.
#[derive(Debug)]
pub enum DiagramError {
    /// Graphviz's `dot` is not on PATH (needed for SVG, PNG and PDF).
    GraphvizMissing,
    /// `dot` ran and failed: the first line of what it said (or its exit
    /// status), and where the DOT it was given was kept.
    GraphvizFailed {
        reason: String,
        kept: Option<std::path::PathBuf>,
    },
    /// `dot` could not be started or talked to.
    Io(std::io::Error),
}

impl fmt::Display for DiagramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagramError::GraphvizMissing => write!(
                f,
                "Graphviz's `dot` was not found on PATH; SVG, PNG and PDF output need it.\n\
                 Install Graphviz: `apt-get install graphviz` (Debian, Ubuntu), `dnf install graphviz` (Fedora), \
                 `brew install graphviz` (macOS), or see https://graphviz.org/download/.\n\
                 DOT and Mermaid output work without it: --format dot or --format mermaid."
            ),
            DiagramError::GraphvizFailed { reason, kept } => {
                write!(f, "Graphviz's `dot` could not draw the chart ({reason})")?;
                match kept {
                    Some(p) => write!(f, "; the DOT it was given is kept in {}", p.display()),
                    None => write!(f, "; --format dot prints the DOT it was given"),
                }
            }
            DiagramError::Io(e) => write!(f, "cannot run Graphviz's `dot`: {e}"),
        }
    }
}

impl std::error::Error for DiagramError {}

/// Draws `sel` in `format` for an A4 page (see [`render_with`]).
pub fn render(
    g: &OrgGraph,
    sel: &Selection,
    format: DiagramFormat,
) -> Result<Vec<u8>, DiagramError> {
    render_with(g, sel, format, &ChartOptions::default())
}

/// Draws `sel` in `format`. DOT and Mermaid are built here and are
/// byte-identical for the same graph, selection and options; SVG, PNG and
/// PDF are made from the DOT by Graphviz's `dot`, which must be on PATH
/// (else [`DiagramError::GraphvizMissing`]). This is the whole pipeline
/// for any caller: `render_with(g, &sel, DiagramFormat::Svg, &opts)` gives
/// the SVG bytes of a chart, e.g. to embed in a web page.
pub fn render_with(
    g: &OrgGraph,
    sel: &Selection,
    format: DiagramFormat,
    opts: &ChartOptions,
) -> Result<Vec<u8>, DiagramError> {
    render_checked(g, sel, format, opts).map(|r| r.bytes)
}

/// A rendered chart, with how it sits on its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// The page the chart was laid out for.
    pub page: Option<Page>,
    /// The smallest text on the page in points (font size × the scale
    /// Graphviz drew at), when Graphviz drew the chart.
    pub smallest_text: Option<f64>,
}

/// Text smaller than this, in points, is hard to read in print.
pub const MIN_TEXT: f64 = 8.0;

impl Rendered {
    /// A warning when text on the page is smaller than [`MIN_TEXT`].
    pub fn warning(&self) -> Option<String> {
        let (page, pt) = (self.page?, self.smallest_text?);
        (pt < MIN_TEXT - 0.05).then(|| {
            let bigger = if page.width.max(page.height) < Page::A3.height - 1.0 {
                "--page a3 draws it larger"
            } else {
                "--page none draws it at full size, for the screen"
            };
            format!(
                "the chart is too big for {}: its smallest text is {pt:.1} pt (less than {MIN_TEXT} pt); {bigger}",
                page.name
            )
        })
    }
}

/// Like [`render_with`], and says how the chart sits on its page.
pub fn render_checked(
    g: &OrgGraph,
    sel: &Selection,
    format: DiagramFormat,
    opts: &ChartOptions,
) -> Result<Rendered, DiagramError> {
    if format == DiagramFormat::Mermaid {
        let chart = plan_with(g, sel, opts);
        return Ok(Rendered {
            bytes: mermaid::write(&chart).into_bytes(),
            page: chart.page,
            smallest_text: None,
        });
    }
    let (chart, svg) = match laid_out(g, sel, opts) {
        Ok(c) => c,
        // DOT needs no Graphviz: the page's orientation is then estimated.
        Err(DiagramError::GraphvizMissing) if format == DiagramFormat::Dot => {
            (plan_with(g, sel, opts), None)
        }
        Err(e) => return Err(e),
    };
    let svg = match (svg, format) {
        (Some(svg), _) => Some(svg),
        (None, DiagramFormat::Dot) => None,
        (None, _) => Some(graphviz::svg(&dot::write(&chart))?),
    };
    // DOT is not a page yet: no figure, no warning.
    let smallest_text = svg
        .as_deref()
        .filter(|_| format != DiagramFormat::Dot)
        .and_then(graphviz::smallest_text);
    let bytes = match format {
        DiagramFormat::Dot => dot::write(&chart).into_bytes(),
        DiagramFormat::Svg => svg.expect("drawn above"),
        DiagramFormat::Png => graphviz::png(&dot::write(&chart), opts.dpi)?,
        DiagramFormat::Pdf => graphviz::pdf(&dot::write(&chart), chart.page)?,
        DiagramFormat::Mermaid => unreachable!("handled above"),
    };
    Ok(Rendered {
        bytes,
        page: chart.page,
        smallest_text,
    })
}

/// The chart for `opts`, and its SVG when Graphviz was run to choose how
/// it is laid out: a page given as `a4` or `a3` is tried both ways, and
/// for each the stages of [`layout::Arrangement::stage`] (wide ranks and
/// frames wrapped into rows of several widths or not, with a narrower
/// legend or not, the bodies beside a frame moved under it or not; then
/// the legend under the chart, and gathered boxes with one column more
/// or less), an arrangement kept when the real `dot` draws the chart
/// larger with it. The largest drawing wins; on a tie the first tried
/// (portrait, [`layout::Arrangement::default`]). A chart drawn at full
/// size ends the search.
fn laid_out(
    g: &OrgGraph,
    sel: &Selection,
    opts: &ChartOptions,
) -> Result<(Chart, Option<Vec<u8>>), DiagramError> {
    let ways = match opts.page {
        PageArg::A4 => [Page::A4, Page::A4_LANDSCAPE],
        PageArg::A3 => [Page::A3, Page::A3_LANDSCAPE],
        _ => return Ok((plan_with(g, sel, opts), None)),
    };
    let plain = planned(g, sel, opts);
    let draw =
        |page: Page, arr: layout::Arrangement| -> Result<(f64, Chart, Vec<u8>), DiagramError> {
            let chart = anchored(layout::arranged(&plain, Some(page), arr));
            let svg = graphviz::svg(&dot::write(&chart))?;
            let scale = graphviz::svg_scale(&svg).unwrap_or(1.0);
            Ok((scale, chart, svg))
        };
    let mut best: Option<(f64, Chart, Vec<u8>)> = None;
    for page in ways {
        let mut arr = layout::Arrangement::default();
        let mut here = draw(page, arr)?;
        for stage in 0..layout::Arrangement::STAGES {
            // Nothing is drawn larger than at full size.
            if here.0 >= 1.0 - 1e-6 {
                break;
            }
            for alt in arr.stage(&plain, stage) {
                let drawn = draw(page, alt)?;
                if drawn.0 > here.0 + 1e-6 {
                    here = drawn;
                    arr = alt;
                }
            }
        }
        if best.as_ref().is_none_or(|(s, _, _)| here.0 > *s + 1e-6) {
            best = Some(here);
        }
        if best.as_ref().is_some_and(|(s, _, _)| *s >= 1.0 - 1e-6) {
            break;
        }
    }
    let (_, chart, svg) = best.expect("two ways tried");
    Ok((chart, Some(svg)))
}

impl DiagramFormat {
    /// The format a file name's extension asks for: `.dot`/`.gv`, `.svg`,
    /// `.png`, `.pdf`, `.mmd`/`.mermaid`.
    pub fn from_path(path: &std::path::Path) -> Option<DiagramFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "dot" | "gv" => Some(DiagramFormat::Dot),
            "svg" => Some(DiagramFormat::Svg),
            "png" => Some(DiagramFormat::Png),
            "pdf" => Some(DiagramFormat::Pdf),
            "mmd" | "mermaid" => Some(DiagramFormat::Mermaid),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            DiagramFormat::Dot => "dot",
            DiagramFormat::Svg => "svg",
            DiagramFormat::Png => "png",
            DiagramFormat::Pdf => "pdf",
            DiagramFormat::Mermaid => "mmd",
        }
    }
}

/// A chart ready to write: everything sorted, styled and labelled.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Heading lines: title, subtitle, model name and date.
    pub title: Vec<String>,
    /// Frames, parents before children.
    pub frames: Vec<Frame>,
    /// Nodes sorted by id.
    pub nodes: Vec<ChartNode>,
    /// Lines sorted by subject id, then object id.
    pub edges: Vec<ChartEdge>,
    /// Kinds drawn, in catalog order.
    pub legend_kinds: Vec<LegendKind>,
    /// Relations drawn, in catalog order.
    pub legend_relations: Vec<LegendRelation>,
    /// Marks of a comparison drawn (see [`diff`]), in [`diff::Mark`]'s
    /// order.
    pub legend_marks: Vec<diff::Mark>,
    /// The source documents of the drawn edges (of the drawn bodies when
    /// there are no edges), `title (file)`, sorted by file name.
    pub sources: Vec<String>,
    /// The page the chart is laid out for; `None` for its natural size.
    pub page: Option<Page>,
    /// Invisible lines `(lower, upper)` between node ids that wrap a wide
    /// rank into rows (see [`layout`]).
    pub spacers: Vec<(String, String)>,
    /// Node ids the legend is held below by invisible lines.
    pub legend_above: Vec<String>,
    /// The legend one column narrower than [`layout::legend_columns`]
    /// gives, its sources wrapped at [`layout::NARROW_LEGEND_WRAP`].
    pub legend_narrow: bool,
}

/// A frame around the members of a container.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The container's model id.
    pub id: String,
    /// The container's name and kind, e.g. `Skaraborg` and `delregion`.
    pub name: String,
    pub kind: String,
    pub fill: String,
    /// Index into [`Chart::frames`] of the enclosing frame.
    pub parent: Option<usize>,
    pub tooltip: String,
    /// Set for a box that gathers a fan of bodies (see [`layout`]).
    pub grid: Option<Grid>,
}

/// How the members of a gathered box are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    /// Members per row.
    pub columns: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartNode {
    pub id: String,
    /// Name (with a short alias), wrapped into lines.
    pub lines: Vec<String>,
    /// The kind's id (for class names) and style.
    pub kind: String,
    pub shape: String,
    pub fill: String,
    pub focus: bool,
    /// How the body differs from an older model, if it is compared. The
    /// word or notes of the mark are the last of [`ChartNode::lines`]
    /// (see [`diff::Changes::node_lines`]).
    pub change: Option<diff::Mark>,
    /// Index into [`Chart::frames`].
    pub frame: Option<usize>,
    pub tooltip: String,
    /// The link of [`ChartOptions::node_href`], filled in.
    pub href: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
/// One line between two nodes. Several relations from the same subject to
/// the same object share one line, drawn in the style of the first of
/// them (a relation with an arrow before a membership, then in catalog
/// order) and labelled with all of them.
pub struct ChartEdge {
    pub from: String,
    pub to: String,
    /// Relation ids, the one whose style is drawn first.
    pub relations: Vec<String>,
    /// Their Swedish labels, in the same order.
    pub labels: Vec<String>,
    pub line: String,
    pub color: String,
    pub arrow: bool,
    /// The Graphviz arrowhead (or end marker) of the lead relation.
    pub marker: String,
    pub rank: String,
    pub tooltip: String,
    /// How the line differs from an older model, if it is compared; its
    /// look is in `line`, `color` and the labels already.
    pub change: Option<diff::Mark>,
    /// Set when an end is a gathered box (index into [`Chart::frames`]):
    /// the line is drawn from or to the box, `from`/`to` then name a
    /// member in the box's row nearest to the other end.
    pub from_frame: Option<usize>,
    pub to_frame: Option<usize>,
    /// Set when the end is the own body of a frame (index into
    /// [`Chart::frames`]) and the other end lies below the frame: DOT
    /// draws the line to the member named here, in the frame's lowest
    /// row, and ends it at the frame's border (`lhead`/`ltail`), instead
    /// of around the frame up to its body. Mermaid draws it as it is.
    pub from_clip: Option<(String, usize)>,
    pub to_clip: Option<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendKind {
    pub id: String,
    pub label: String,
    pub shape: String,
    pub fill: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendRelation {
    pub id: String,
    pub label: String,
    pub line: String,
    pub color: String,
    pub arrow: bool,
    pub marker: String,
}

/// Container chosen for each body that has one (see the module docs); a
/// membership a comparison dropped ([`diff::Changes::dropped`]) does not
/// count.
fn containers(g: &OrgGraph, changes: &diff::Changes) -> HashMap<BodyId, BodyId> {
    let is_container = |b: BodyId| g.kind_of(b).style.cluster;
    let placement = "placering";
    let mut candidates: HashMap<BodyId, Vec<BodyId>> = HashMap::new();
    for b in g.bodies() {
        let mut cs: Vec<BodyId> = g
            .out_edges(b)
            .filter(|e| {
                g.catalog.relation(e.rel).style.membership
                    && e.to != b
                    && is_container(e.to)
                    && !changes.dropped(&EdgeKey {
                        from: e.from,
                        rel: e.rel,
                        to: e.to,
                    })
            })
            .map(|e| e.to)
            .collect();
        if cs.is_empty()
            && let Some(d) = g.details(b)
        {
            for a in d.attributes.iter().filter(|a| a.key == placement) {
                if let Ok(c) = g.resolve(&a.value)
                    && c != b
                    && is_container(c)
                {
                    cs.push(c);
                }
            }
        }
        if !cs.is_empty() {
            cs.sort_by(|x, y| g.node(*x).id.cmp(g.node(*y).id));
            cs.dedup();
            candidates.insert(b, cs);
        }
    }
    // Every container that encloses `c`, following all candidates.
    let ancestors = |c: BodyId| {
        let mut seen: Vec<BodyId> = Vec::new();
        let mut stack = vec![c];
        while let Some(x) = stack.pop() {
            for &p in candidates.get(&x).into_iter().flatten() {
                if !seen.contains(&p) {
                    seen.push(p);
                    stack.push(p);
                }
            }
        }
        seen
    };
    let mut chosen = HashMap::new();
    for (&b, cs) in &candidates {
        // The innermost: drop a candidate that encloses another one.
        let inner: Vec<BodyId> = cs
            .iter()
            .copied()
            .filter(|&c| !cs.iter().any(|&o| o != c && ancestors(o).contains(&c)))
            .collect();
        let pool = if inner.is_empty() { cs } else { &inner };
        // Then the kind declared first (huvudman before delregion), then
        // the smallest id (`cs` is sorted by id and min_by_key keeps the
        // first minimum).
        let best = pool
            .iter()
            .copied()
            .min_by_key(|&c| g.node(c).kind)
            .expect("non-empty");
        chosen.insert(b, best);
    }
    // Break cycles: a body must not end up inside its own frame.
    let mut out = HashMap::new();
    for (&b, &c) in &chosen {
        let mut cur = c;
        let mut ok = true;
        let mut steps = 0;
        loop {
            if cur == b {
                ok = false;
                break;
            }
            match chosen.get(&cur) {
                Some(&p) if steps < chosen.len() => {
                    cur = p;
                    steps += 1;
                }
                _ => break,
            }
        }
        if ok {
            out.insert(b, c);
        }
    }
    out
}

/// Decides frames, styles, labels and legend for a selection, for an A4
/// page.
pub fn plan(g: &OrgGraph, sel: &Selection) -> Chart {
    plan_with(g, sel, &ChartOptions::default())
}

/// Decides frames, styles, labels, grids, page and legend for a selection.
pub fn plan_with(g: &OrgGraph, sel: &Selection, opts: &ChartOptions) -> Chart {
    let mut chart = planned(g, sel, opts);
    chart.page = layout::fit(&mut chart, opts.page);
    anchored(chart)
}

/// The chart of a selection before it is arranged for a page.
fn planned(g: &OrgGraph, sel: &Selection, opts: &ChartOptions) -> Chart {
    let by_id = |a: &BodyId, b: &BodyId| g.node(*a).id.cmp(g.node(*b).id);
    let container_of = containers(g, &sel.changes);
    // Frames: every container that encloses a selected body, up the chain.
    let mut framed: BTreeSet<BodyId> = BTreeSet::new();
    for &b in &sel.nodes {
        let mut cur = b;
        while let Some(&c) = container_of.get(&cur) {
            if !framed.insert(c) {
                break;
            }
            cur = c;
        }
    }
    // Membership edges into a container are shown by its frame when the
    // member is inside the frame (directly or nested); a membership new in
    // a comparison is drawn as a line as well, to carry its mark.
    let inside = |member: BodyId, container: BodyId| {
        let mut cur = member;
        let mut steps = 0;
        while let Some(&c) = container_of.get(&cur) {
            if c == container {
                return true;
            }
            cur = c;
            steps += 1;
            if steps > container_of.len() {
                break;
            }
        }
        false
    };
    let mut edges: Vec<EdgeKey> = sel
        .edges
        .iter()
        .copied()
        .filter(|e| {
            !(g.catalog.relation(e.rel).style.membership
                && framed.contains(&e.to)
                && inside(e.from, e.to)
                && sel.changes.edges.get(e) != Some(&diff::Mark::Added))
        })
        .collect();
    let edge_mark = |e: &EdgeKey| sel.changes.edges.get(e).copied();
    edges.sort_by(|a, b| {
        by_id(&a.from, &b.from)
            .then_with(|| by_id(&a.to, &b.to))
            .then_with(|| edge_mark(a).cmp(&edge_mark(b)))
            .then_with(|| {
                g.catalog
                    .relation(a.rel)
                    .id
                    .cmp(&g.catalog.relation(b.rel).id)
            })
    });
    // Nodes: the selection, less containers whose frame stands for them and
    // that no drawn edge touches; plus the ends of every drawn edge.
    let touched: BTreeSet<BodyId> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
    let mut nodes: Vec<BodyId> = sel
        .nodes
        .iter()
        .copied()
        .chain(touched.iter().copied())
        .filter(|b| !framed.contains(b) || touched.contains(b))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    nodes.sort_by(by_id);
    // Frames in order: sorted by id, then parents before children.
    let mut frame_ids: Vec<BodyId> = framed.iter().copied().collect();
    frame_ids.sort_by(by_id);
    let mut ordered: Vec<BodyId> = Vec::new();
    fn visit(
        f: BodyId,
        frame_ids: &[BodyId],
        container_of: &HashMap<BodyId, BodyId>,
        ordered: &mut Vec<BodyId>,
        guard: usize,
    ) {
        if ordered.contains(&f) || guard > frame_ids.len() {
            return;
        }
        if let Some(&p) = container_of.get(&f)
            && frame_ids.contains(&p)
        {
            visit(p, frame_ids, container_of, ordered, guard + 1);
        }
        if !ordered.contains(&f) {
            ordered.push(f);
        }
    }
    for &f in &frame_ids {
        visit(f, &frame_ids, &container_of, &mut ordered, 0);
    }
    let frame_index: HashMap<BodyId, usize> =
        ordered.iter().enumerate().map(|(i, &b)| (b, i)).collect();
    let frames: Vec<Frame> = ordered
        .iter()
        .map(|&c| {
            let kind = g.kind_of(c);
            Frame {
                id: g.node(c).id.to_string(),
                name: sel.changes.frame_name(c, text::display_name(g, c)),
                kind: kind.label.clone(),
                fill: text::lighten(&kind.style.fill),
                parent: container_of
                    .get(&c)
                    .and_then(|p| frame_index.get(p).copied()),
                tooltip: text::node_tooltip(g, c),
                grid: None,
            }
        })
        .collect();
    let frame_of = |b: BodyId| {
        // A drawn container sits inside its own frame.
        if let Some(&i) = frame_index.get(&b) {
            return Some(i);
        }
        container_of
            .get(&b)
            .and_then(|c| frame_index.get(c).copied())
    };
    let chart_nodes: Vec<ChartNode> = nodes
        .iter()
        .map(|&b| {
            let kind = g.kind_of(b);
            ChartNode {
                id: g.node(b).id.to_string(),
                lines: {
                    let mut lines = text::label_lines(&text::display_name(g, b));
                    lines.extend(opts.notes.get(g.node(b).id).cloned());
                    sel.changes.node_lines(b, lines)
                },
                kind: kind.id.clone(),
                shape: kind.style.shape.clone(),
                fill: kind.style.fill.clone(),
                focus: sel.focus.contains(&b),
                change: sel.changes.bodies.get(&b).map(|c| c.mark),
                frame: frame_of(b),
                tooltip: diff::tooltip(
                    sel.changes.bodies.get(&b).map(|c| c.mark),
                    text::node_tooltip(g, b),
                ),
                href: opts
                    .node_href
                    .as_deref()
                    .map(|t| page::href(t, g.node(b).id)),
            }
        })
        .collect();
    // One line per (subject, object) and mark; the relation drawn first
    // leads.
    let lead_key = |r: RelId| {
        let st = &g.catalog.relation(r).style;
        (st.membership || !st.arrow, r)
    };
    let mut lines: Vec<Vec<EdgeKey>> = Vec::new();
    for e in &edges {
        match lines.last_mut() {
            Some(group)
                if group[0].from == e.from
                    && group[0].to == e.to
                    && edge_mark(&group[0]) == edge_mark(e) =>
            {
                group.push(*e)
            }
            _ => lines.push(vec![*e]),
        }
    }
    let markers = layout::markers(
        g.catalog
            .relations
            .iter()
            .map(|r| (r.style.line.as_str(), r.style.arrow)),
    );
    let marker = |r: RelId| markers[r.0 as usize].to_string();
    let mut drawn_rels: BTreeSet<RelId> = BTreeSet::new();
    let chart_edges: Vec<ChartEdge> = lines
        .iter_mut()
        .map(|group| {
            group.sort_by_key(|e| lead_key(e.rel));
            let lead = g.catalog.relation(group[0].rel);
            drawn_rels.insert(group[0].rel);
            let change = edge_mark(&group[0]);
            let style = change.map(diff::Mark::style);
            ChartEdge {
                from: g.node(group[0].from).id.to_string(),
                to: g.node(group[0].to).id.to_string(),
                relations: group
                    .iter()
                    .map(|e| g.catalog.relation(e.rel).id.clone())
                    .collect(),
                labels: group
                    .iter()
                    .map(|e| {
                        let label = &g.catalog.relation(e.rel).label;
                        match style {
                            Some(s) => format!("{label} ({})", s.word),
                            None => label.clone(),
                        }
                    })
                    .collect(),
                line: style
                    .and_then(|s| s.line)
                    .unwrap_or(&lead.style.line)
                    .to_string(),
                color: style.map_or(&*lead.style.color, |s| s.color).to_string(),
                change,
                arrow: lead.style.arrow,
                marker: marker(group[0].rel),
                rank: lead.style.rank.clone(),
                tooltip: diff::tooltip(
                    change,
                    group
                        .iter()
                        .map(|e| text::edge_tooltip(g, *e))
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                ),
                from_frame: None,
                to_frame: None,
                from_clip: None,
                to_clip: None,
            }
        })
        .collect();
    let kinds: BTreeSet<KindId> = nodes.iter().map(|&b| g.node(b).kind).collect();
    let legend_kinds = kinds
        .iter()
        .map(|&k| {
            let kind = g.catalog.kind(k);
            LegendKind {
                id: kind.id.clone(),
                label: kind.label.clone(),
                shape: kind.style.shape.clone(),
                fill: kind.style.fill.clone(),
            }
        })
        .collect();
    let legend_relations = drawn_rels
        .iter()
        .map(|&r| {
            let rel = g.catalog.relation(r);
            LegendRelation {
                id: rel.id.clone(),
                label: rel.label.clone(),
                line: rel.style.line.clone(),
                color: rel.style.color.clone(),
                arrow: rel.style.arrow,
                marker: marker(r),
            }
        })
        .collect();
    let mut title = vec![sel.title.clone()];
    title.extend(sel.subtitle.clone());
    if let Some(meta) = &g.catalog.meta {
        title.push(format!("{}, {}", meta.name, meta.date));
    }
    let marks: BTreeSet<diff::Mark> = chart_nodes
        .iter()
        .filter_map(|n| n.change)
        .chain(chart_edges.iter().filter_map(|e| e.change))
        .collect();
    let mut chart = Chart {
        title,
        frames,
        nodes: chart_nodes,
        edges: chart_edges,
        legend_kinds,
        legend_relations,
        legend_marks: marks.into_iter().collect(),
        sources: sources(g, &edges, &nodes),
        page: None,
        spacers: Vec::new(),
        legend_above: Vec::new(),
        legend_narrow: false,
    };
    gather(g, &mut chart);
    chart
}

/// An arranged chart with the lines to and from each gathered box drawn
/// from the box's anchor ([`Chart::grid_anchor`]).
fn anchored(mut chart: Chart) -> Chart {
    for i in 0..chart.edges.len() {
        if let Some(f) = chart.edges[i].from_frame
            && let Some(a) = chart.grid_anchor(f)
        {
            chart.edges[i].from = a.to_string();
        }
        if let Some(f) = chart.edges[i].to_frame
            && let Some(a) = chart.grid_anchor(f)
        {
            chart.edges[i].to = a.to_string();
        }
    }
    chart
}

/// `title (file)` of every document cited by the edges, or by the nodes
/// when there are no edges, sorted by file name.
fn sources(g: &OrgGraph, edges: &[EdgeKey], nodes: &[BodyId]) -> Vec<String> {
    let mut docs: BTreeSet<&str> = BTreeSet::new();
    for e in edges {
        for x in g
            .out_edges(e.from)
            .filter(|x| x.rel == e.rel && x.to == e.to)
        {
            docs.extend(
                x.info
                    .iter()
                    .flat_map(|i| i.sources.iter().map(|s| s.doc.as_str())),
            );
        }
    }
    if edges.is_empty() {
        for &b in nodes {
            docs.extend(
                g.details(b)
                    .iter()
                    .flat_map(|d| d.sources.iter().map(|s| s.doc.as_str())),
            );
        }
    }
    docs.into_iter()
        .map(|d| match g.catalog.document(d) {
            Some(doc) => format!("{} ({d})", doc.title),
            None => d.to_string(),
        })
        .collect()
}

/// Gathers the chart's fans into grid boxes (see [`layout`]): a frame for
/// each, its members moved into it, and one line to the box for the
/// lines of its members.
fn gather(g: &OrgGraph, chart: &mut Chart) {
    let fans = layout::find_groups(chart);
    let mut drop = vec![false; chart.edges.len()];
    let mut new_edges = Vec::new();
    for (k, fan) in fans.iter().enumerate() {
        let first = chart.edges[fan.lines[0]].clone();
        let partner = &chart.nodes[fan.partner];
        let partner_name = partner.lines.join(" ");
        let labels: Vec<String> = first
            .relations
            .iter()
            .filter_map(|r| g.catalog.find_relation(r))
            .map(|r| {
                let rel = g.catalog.relation(r);
                if fan.members_are_subjects {
                    rel.label.clone()
                } else {
                    rel.inverse.clone()
                }
            })
            .collect();
        let title = format!("{} {}", labels.join(", "), partner_name);
        let shared = chart.nodes[fan.members[0]].frame;
        let f = chart.frames.len();
        chart.frames.push(layout::grid_frame(
            format!("grupp:{}:{k}", partner.id),
            title,
            fan.members.len(),
            shared,
        ));
        let mut members = fan.members.clone();
        members.sort_by(|a, b| chart.nodes[*a].id.cmp(&chart.nodes[*b].id));
        for &m in &members {
            let node = &mut chart.nodes[m];
            node.frame = Some(f);
            if let Some(b) = g.by_id(&node.id) {
                // The name rewrapped for a cell; a comparison's word or
                // notes after it kept (see `diff::Changes::node_lines`).
                let name = text::display_name(g, b);
                let own = text::label_lines(&name).len().min(node.lines.len());
                let notes = node.lines.split_off(own);
                node.lines = text::cell_lines(&name);
                node.lines.extend(notes);
            }
        }
        for &l in &fan.lines {
            drop[l] = true;
        }
        let mut line = first;
        line.tooltip = fan
            .lines
            .iter()
            .map(|&l| chart.edges[l].tooltip.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        // The member the line is drawn from is set once the columns are
        // known (see `plan_with`); here the first one stands in.
        let rep = chart.nodes[members[0]].id.clone();
        if fan.members_are_subjects {
            line.from = rep;
            line.from_frame = Some(f);
        } else {
            line.to = rep;
            line.to_frame = Some(f);
        }
        new_edges.push(line);
    }
    let mut i = 0;
    chart.edges.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    // The other lines of gathered bodies do not rank them: the box's rows
    // stay rows.
    let gathered: BTreeSet<&str> = chart
        .nodes
        .iter()
        .filter(|n| n.frame.is_some_and(|f| chart.frames[f].grid.is_some()))
        .map(|n| n.id.as_str())
        .collect();
    let loose: Vec<usize> = (0..chart.edges.len())
        .filter(|&i| {
            let e = &chart.edges[i];
            gathered.contains(e.from.as_str()) || gathered.contains(e.to.as_str())
        })
        .collect();
    for &i in &loose {
        chart.edges[i].rank = "none".into();
    }
    chart.edges.extend(new_edges);
    bundle(chart, &loose);
}

/// Bundles the other lines of gathered bodies: two or more lines of the
/// same relations between members of one box and the same body outside
/// it become one line from (or to) the box, labelled with how many
/// members it stands for when not all of them (`berör (12 av 29)`), its
/// tooltip every fact. A line to the body of the box's own line, or
/// between members of two boxes, stays as it is. `loose` are the indices
/// of those lines in [`Chart::edges`].
fn bundle(chart: &mut Chart, loose: &[usize]) {
    let index = chart.node_index();
    let grid_of = |id: &str| {
        index
            .get(id)
            .and_then(|&n| chart.nodes[n].frame)
            .filter(|&f| chart.frames[f].grid.is_some())
    };
    // The body each box's own line goes to.
    let partner: BTreeSet<(usize, &str)> = chart
        .edges
        .iter()
        .filter_map(|e| match (e.from_frame, e.to_frame) {
            (Some(f), None) => Some((f, e.to.as_str())),
            (None, Some(f)) => Some((f, e.from.as_str())),
            _ => None,
        })
        .collect();
    // (box, member is the subject, other end, relations, mark) -> lines
    type BundleKey = (usize, bool, String, Vec<String>, Option<diff::Mark>);
    let mut groups: BTreeMap<BundleKey, Vec<usize>> = BTreeMap::new();
    for &i in loose {
        let e = &chart.edges[i];
        let key = match (grid_of(&e.from), grid_of(&e.to)) {
            (Some(f), None) => (f, true, e.to.clone()),
            (None, Some(f)) => (f, false, e.from.clone()),
            _ => continue,
        };
        if partner.contains(&(key.0, key.2.as_str())) {
            continue;
        }
        groups
            .entry((key.0, key.1, key.2, e.relations.clone(), e.change))
            .or_default()
            .push(i);
    }
    let mut drop = vec![false; chart.edges.len()];
    let mut bundled = Vec::new();
    for ((f, subject, _, _, _), lines) in groups {
        if lines.len() < 2 {
            continue;
        }
        let size = chart.grid_members(f).len();
        let mut line = chart.edges[lines[0]].clone();
        if lines.len() < size {
            let n = lines.len();
            for l in &mut line.labels {
                *l = format!("{l} ({n} av {size})");
            }
        }
        line.tooltip = lines
            .iter()
            .map(|&l| chart.edges[l].tooltip.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        if subject {
            line.from_frame = Some(f);
        } else {
            line.to_frame = Some(f);
        }
        for &l in &lines {
            drop[l] = true;
        }
        bundled.push(line);
    }
    let mut i = 0;
    chart.edges.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    chart.edges.extend(bundled);
}

impl Chart {
    /// Each node's index in [`Chart::nodes`] by its id.
    pub fn node_index(&self) -> std::collections::BTreeMap<&str, usize> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect()
    }

    /// How many entries the legend has: kinds, relations and marks.
    pub fn legend_entries(&self) -> usize {
        self.legend_kinds.len() + self.legend_relations.len() + self.legend_marks.len()
    }

    /// The members of a gathered box in row order: by their number of
    /// lines, then by id.
    pub fn grid_members(&self, frame: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.nodes.len())
            .filter(|&n| self.nodes[n].frame == Some(frame))
            .collect();
        // Cells of as many lines share rows: no row is taller than its
        // cells need.
        v.sort_by_key(|&n| (self.nodes[n].lines.len(), &self.nodes[n].id));
        v
    }

    /// The member a line to a gathered box is drawn from or to: the middle
    /// of the row nearest to the line's other end.
    pub fn grid_anchor(&self, frame: usize) -> Option<&str> {
        let members = self.grid_members(frame);
        let columns = self.frames[frame].grid?.columns.max(1);
        let first_row = columns.min(members.len());
        members
            .get(first_row / 2)
            .map(|&n| self.nodes[n].id.as_str())
    }
}

/// Frames with their direct member nodes and child frames, for writers
/// that nest output.
pub(crate) struct FrameTree {
    /// Child frames of each frame, and of the top level (last entry).
    pub children: Vec<Vec<usize>>,
    /// Nodes directly in each frame, and at the top level (last entry).
    pub nodes: Vec<Vec<usize>>,
}

impl FrameTree {
    pub(crate) fn of(chart: &Chart) -> FrameTree {
        let top = chart.frames.len();
        let mut children = vec![Vec::new(); top + 1];
        for (i, f) in chart.frames.iter().enumerate() {
            children[f.parent.unwrap_or(top)].push(i);
        }
        let mut nodes = vec![Vec::new(); top + 1];
        for (i, n) in chart.nodes.iter().enumerate() {
            nodes[n.frame.unwrap_or(top)].push(i);
        }
        FrameTree { children, nodes }
    }
}

#[cfg(test)]
mod tests;
