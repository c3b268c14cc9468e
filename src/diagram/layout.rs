//! Fitting a chart to its page: fans of many bodies gathered into grid
//! boxes, the chart's size estimated to pick the page's orientation and the
//! number of columns of each grid, and a marker (arrowhead) for every
//! relation so that charts read in black and white.
//!
//! # Grids
//!
//! The widest ranks of an org chart are fans: twenty participants that
//! all `ingår i` one group, thirty matters that one council `behandlar`.
//! Drawn as they are, they make a chart many times wider than high. When
//! at least [`GROUP_MIN`] bodies in the same frame share the same line
//! (same relations, same direction) to the same body, they are gathered
//! into a titled box laid out as a grid: one node whose label is a table,
//! a cell per body with its name (wrapped at [`super::text::CELL_WRAP`]
//! characters, wider than a box so that a cell takes fewer lines), fill,
//! tooltip and link, and the box gets one line to that body instead of
//! one line each. A body that is emphasised or
//! drawn as a frame of its own stays out; a body fits in one box only (the
//! biggest fan wins). Where two or more members of a box have the same
//! relations to the same body outside it, one line from the box stands
//! for their lines, labelled with its share when not all members have it
//! (`berör (12 av 29)`), every fact in its tooltip; it does not rank the
//! box (`constraint=false`). A member's own line, a line to the body of
//! the box's line, or between two boxes' members, is drawn as it is, to
//! the member's cell (a port of the table), without ranking it.
//! On a page, a box that hangs below its body is sunk under the chart's
//! lowest rank (one above it lifted over the highest) by invisible lines:
//! the box is the tallest thing on the chart, and on a rank of its own it
//! makes no rank of other bodies taller; the legend sits beside it.
//!
//! # Size, rows and orientation
//!
//! `estimate` lays the chart out roughly — ranks by longest path over the
//! ranking lines, widths and heights from the label lengths, frames as
//! boxes side by side — without running Graphviz. It sets the columns of
//! every grid for the page, wraps a rank much wider than the page into
//! rows (invisible lines hold each row one rank below the one before),
//! and puts the legend under the lowest rank. For a page given as `a4` or
//! `a3` the renderer ([`super::render_checked`]) then lays the chart out
//! with the real `dot` for portrait and landscape, wrapped or not, legend
//! under or beside, each box with the columns chosen for it, one more and
//! one less, and keeps the one drawn largest; without Graphviz
//! (DOT output only) the estimate picks the orientation.

use std::collections::BTreeMap;

use super::page::{Page, PageArg};
use super::{Chart, ChartEdge, Frame, Grid};

/// A fan of at least this many bodies becomes a grid box.
pub const GROUP_MIN: usize = 4;

/// Rough text metrics of the chart's fonts, in points.
const CHAR_W: f64 = 6.0;
const LINE_H: f64 = 13.5;
const NODE_PAD_W: f64 = 22.0;
const NODE_PAD_H: f64 = 14.0;
/// The title is wrapped at this many characters (18 pt bold), further
/// heading lines at [`SUBTITLE_WRAP`] (12 pt).
pub const TITLE_WRAP: usize = 48;
pub const SUBTITLE_WRAP: usize = 80;
/// Source lines in the legend are wrapped at this many characters.
pub const LEGEND_WRAP: usize = 64;
/// Graphviz `nodesep` and `ranksep` of the charts, in points.
pub const NODESEP: f64 = 9.0;
pub const RANKSEP: f64 = 16.0;
/// The space between the cells of a gathered box, in points.
pub const CELL_GAP: usize = 4;
/// A cell's padding and border around its text, in points.
const CELL_PAD: f64 = 8.0;
/// A rank is wrapped when its estimate takes more than this share of the
/// page's width (Graphviz spreads a rank wider than its nodes).
const WRAP_SHARE: f64 = 0.75;

/// The size of a node with these label lines.
fn node_size(lines: &[String]) -> (f64, f64) {
    let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (
        chars as f64 * CHAR_W + NODE_PAD_W,
        lines.len().max(1) as f64 * LINE_H + NODE_PAD_H,
    )
}

/// A group of nodes found by [`find_groups`]: the partner node, the
/// member nodes (indices into [`Chart::nodes`]), the lines they replace
/// (indices into [`Chart::edges`]), and whether the members are the
/// subjects of those lines.
pub(crate) struct Fan {
    pub partner: usize,
    pub members: Vec<usize>,
    pub lines: Vec<usize>,
    pub members_are_subjects: bool,
}

/// The fans of a chart that become grid boxes (see the module docs).
pub(crate) fn find_groups(chart: &Chart) -> Vec<Fan> {
    let index = chart.node_index();
    let own_frame = |n: usize| chart.frames.iter().any(|f| f.id == chart.nodes[n].id);
    // (partner, members are subjects, relations, frame, mark) -> (member,
    // line): a line of a comparison's mark is gathered only with its like.
    type Key<'a> = (
        usize,
        bool,
        &'a [String],
        Option<usize>,
        Option<super::diff::Mark>,
    );
    let mut fans: BTreeMap<Key, Vec<(usize, usize)>> = BTreeMap::new();
    for (li, e) in chart.edges.iter().enumerate() {
        let (Some(&from), Some(&to)) = (index.get(e.from.as_str()), index.get(e.to.as_str()))
        else {
            continue;
        };
        if from == to {
            continue;
        }
        for (member, partner, subject) in [(from, to, true), (to, from, false)] {
            let m = &chart.nodes[member];
            if m.focus || own_frame(member) {
                continue;
            }
            fans.entry((partner, subject, &e.relations, m.frame, e.change))
                .or_default()
                .push((member, li));
        }
    }
    let mut order: Vec<(Key, Vec<(usize, usize)>)> = fans.into_iter().collect();
    // Biggest first; ties in key order (stable sort).
    order.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    let mut taken_node = vec![false; chart.nodes.len()];
    let mut taken_line = vec![false; chart.edges.len()];
    let mut out = Vec::new();
    for ((partner, subject, _, _, _), cands) in order {
        if taken_node[partner] {
            continue;
        }
        let free: Vec<(usize, usize)> = cands
            .into_iter()
            .filter(|&(m, l)| !taken_node[m] && !taken_line[l])
            .collect();
        if free.len() < GROUP_MIN {
            continue;
        }
        for &(m, l) in &free {
            taken_node[m] = true;
            taken_line[l] = true;
        }
        out.push(Fan {
            partner,
            members: free.iter().map(|&(m, _)| m).collect(),
            lines: free.iter().map(|&(_, l)| l).collect(),
            members_are_subjects: subject,
        });
    }
    // Partners must stay out of boxes: drop a fan whose partner was
    // gathered into an earlier one (its members are released).
    let members: Vec<usize> = out.iter().flat_map(|f| f.members.clone()).collect();
    out.retain(|f| !members.contains(&f.partner));
    out
}

/// Whether a line's subject is drawn below its object.
pub(crate) fn subject_below(rank: &str) -> bool {
    rank != "down"
}

/// A grid's cell: the largest member's text, padded.
fn cell(chart: &Chart, f: usize) -> (f64, f64) {
    chart
        .nodes
        .iter()
        .filter(|n| n.frame == Some(f))
        .map(|n| {
            let chars = n.lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            (
                chars as f64 * CHAR_W + CELL_PAD,
                n.lines.len().max(1) as f64 * LINE_H + CELL_PAD,
            )
        })
        .fold((0.0, 0.0), |(w, h), (a, b)| {
            (f64::max(w, a), f64::max(h, b))
        })
}

/// The size of a gathered box of `n` cells in `columns`, with its title.
fn grid_size(n: usize, columns: usize, (cell_w, cell_h): (f64, f64)) -> (f64, f64) {
    let gap = CELL_GAP as f64;
    let columns = columns.clamp(1, n.max(1));
    (
        columns as f64 * (cell_w + gap) + gap,
        n.div_ceil(columns) as f64 * (cell_h + gap) + gap + LINE_H + 2.0 * gap,
    )
}

/// Columns for a grid of `n` cells of `cell_w` × `cell_h` points: the
/// count that lets the grid be drawn largest in an `area` (width, height)
/// — without a page, about as wide as high — balanced so that the rows
/// differ by at most one.
pub(crate) fn columns(n: usize, cell_w: f64, cell_h: f64, area: Option<(f64, f64)>) -> usize {
    let (aw, ah) = area.unwrap_or((1.0, 1.0));
    let size = |c: usize| grid_size(n, c, (cell_w, cell_h));
    // Never drawn larger than 100 %: among the counts that fit, the one
    // with the fewest rows.
    let cap = if area.is_some() { 1.0 } else { f64::INFINITY };
    let scale = |c: usize| {
        let (w, h) = size(c);
        (aw / w).min(ah / h).min(cap)
    };
    let mut best = 1;
    for c in 2..=n.max(1) {
        if scale(c) >= scale(best) - 1e-9 {
            best = c;
        }
    }
    let rows = n.div_ceil(best);
    n.div_ceil(rows)
}

/// Sets the columns of every grid for a page, or for no page.
pub(crate) fn set_columns(chart: &mut Chart, page: Option<Page>) {
    for f in 0..chart.frames.len() {
        if chart.frames[f].grid.is_none() {
            continue;
        }
        let n = chart.nodes.iter().filter(|x| x.frame == Some(f)).count();
        let (w, h) = cell(chart, f);
        // Nested frames take some of the page's width.
        let depth = std::iter::successors(chart.frames[f].parent, |&p| chart.frames[p].parent)
            .count() as f64;
        // The grid may take most of the page, less nested frames' borders.
        let area = page.map(|p| {
            let (aw, ah) = p.area();
            (aw * 0.8 - depth * 16.0, ah * 0.7)
        });
        chart.frames[f].grid = Some(Grid {
            columns: columns(n, w, h, area),
        });
    }
}

/// The chart with every gathered box `delta` columns wider (narrower when
/// negative), within one and its number of members.
pub(crate) fn with_columns(chart: &Chart, delta: isize) -> Chart {
    let mut c = chart.clone();
    for f in 0..c.frames.len() {
        let n = c.grid_members(f).len().max(1);
        if let Some(g) = &mut c.frames[f].grid {
            g.columns = g.columns.saturating_add_signed(delta).clamp(1, n);
        }
    }
    c
}

/// A rough layout: vertices (nodes outside grids, one per grid, and the
/// legend), their sizes and ranks (0 lowest).
struct Layering {
    sizes: Vec<(f64, f64)>,
    rank: Vec<usize>,
    /// For each vertex, the node that stands for it in DOT (none for the
    /// legend).
    node: Vec<Option<usize>>,
    /// The vertex of each node, and of each grid frame.
    vertex_of: Vec<usize>,
    grid_vertex: BTreeMap<usize, usize>,
}

/// The outermost frame around a node, if any.
fn top_frame(chart: &Chart, n: usize) -> Option<usize> {
    let mut f = chart.nodes[n].frame?;
    while let Some(p) = chart.frames[f].parent {
        f = p;
    }
    Some(f)
}

fn layering(chart: &Chart) -> Layering {
    let mut vertex_of = vec![0usize; chart.nodes.len()];
    let mut sizes: Vec<(f64, f64)> = Vec::new();
    let mut node: Vec<Option<usize>> = Vec::new();
    let mut grid_vertex: BTreeMap<usize, usize> = BTreeMap::new();
    let index = chart.node_index();
    for (i, n) in chart.nodes.iter().enumerate() {
        match n.frame.filter(|&f| chart.frames[f].grid.is_some()) {
            Some(f) => {
                vertex_of[i] = *grid_vertex.entry(f).or_insert_with(|| {
                    let grid = chart.frames[f].grid.expect("a grid");
                    let count = chart.nodes.iter().filter(|x| x.frame == Some(f)).count();
                    sizes.push(grid_size(count, grid.columns, cell(chart, f)));
                    node.push(chart.grid_anchor(f).and_then(|a| index.get(a).copied()));
                    sizes.len() - 1
                });
            }
            None => {
                sizes.push(node_size(&n.lines));
                node.push(Some(i));
                vertex_of[i] = sizes.len() - 1;
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = chart
        .edges
        .iter()
        .filter(|e| e.rank != "none")
        .filter_map(|e: &ChartEdge| {
            let a = vertex_of[*index.get(e.from.as_str())?];
            let b = vertex_of[*index.get(e.to.as_str())?];
            (a != b).then_some(if subject_below(&e.rank) {
                (a, b)
            } else {
                (b, a)
            })
        })
        .collect();
    for (lo, hi) in &chart.spacers {
        if let (Some(&a), Some(&b)) = (index.get(lo.as_str()), index.get(hi.as_str())) {
            ranked.push((vertex_of[a], vertex_of[b]));
        }
    }
    let legend = sizes.len();
    for hi in &chart.legend_above {
        if let Some(&b) = index.get(hi.as_str()) {
            ranked.push((legend, vertex_of[b]));
        }
    }
    // The legend and the sources sit in the lowest rank, or below the
    // nodes of [`Chart::legend_above`].
    let legend_lines =
        chart.legend_kinds.len() + chart.legend_relations.len() + chart.legend_marks.len() + 1;
    let source_chars = chart.sources.iter().map(|s| s.chars().count()).max();
    let source_lines: usize = chart
        .sources
        .iter()
        .map(|s| s.chars().count().div_ceil(LEGEND_WRAP))
        .sum();
    let columns = legend_columns(legend_lines - 1);
    sizes.push((
        (source_chars.unwrap_or(0).min(LEGEND_WRAP) as f64 * CHAR_W * 0.9)
            .max(170.0 * columns as f64),
        (legend_lines.div_ceil(columns) + source_lines + 1) as f64 * LINE_H * 1.3,
    ));
    node.push(None);
    let v = sizes.len();
    let mut rank = vec![0usize; v];
    for _ in 0..v {
        let mut changed = false;
        for &(lo, hi) in &ranked {
            if rank[hi] <= rank[lo] && rank[lo] < v {
                rank[hi] = rank[lo] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Layering {
        sizes,
        rank,
        node,
        vertex_of,
        grid_vertex,
    }
}

/// Sinks every gathered box that hangs below its body under the chart's
/// lowest rank, and lifts every box above its body over the highest, by
/// invisible lines ([`Chart::spacers`]) between the box and the bodies of
/// that rank: the box is the tallest thing on the chart, and at the edge
/// of the ranks it makes no rank of other bodies taller.
fn sink_grids(chart: &mut Chart) {
    let l = layering(chart);
    let index = chart.node_index();
    let grids: Vec<usize> = l.grid_vertex.values().copied().collect();
    // The bodies outside boxes (not the legend), by rank.
    let bodies: Vec<usize> = (0..l.sizes.len())
        .filter(|&v| l.node[v].is_some() && !grids.contains(&v))
        .collect();
    let (Some(bottom), Some(top)) = (
        bodies.iter().map(|&v| l.rank[v]).min(),
        bodies.iter().map(|&v| l.rank[v]).max(),
    ) else {
        return;
    };
    let id = |v: usize| chart.nodes[l.node[v].expect("a body")].id.clone();
    let mut spacers = Vec::new();
    for e in &chart.edges {
        let (f, partner) = match (e.from_frame, e.to_frame) {
            (Some(f), None) => (f, &e.to),
            (None, Some(f)) => (f, &e.from),
            _ => continue,
        };
        let (Some(&b), Some(&p)) = (l.grid_vertex.get(&f), index.get(partner.as_str())) else {
            continue;
        };
        let Some(&m) = chart.grid_members(f).first() else {
            continue;
        };
        let member = chart.nodes[m].id.clone();
        if e.rank == "none"
            || spacers
                .iter()
                .any(|(lo, hi)| *lo == member || *hi == member)
        {
            continue;
        }
        if l.rank[b] < l.rank[l.vertex_of[p]] {
            for &v in bodies.iter().filter(|&&v| l.rank[v] == bottom) {
                spacers.push((member.clone(), id(v)));
            }
        } else {
            for &v in bodies.iter().filter(|&&v| l.rank[v] == top) {
                spacers.push((id(v), member.clone()));
            }
        }
    }
    chart.spacers.extend(spacers);
}

/// Columns of the legend's entries: one for a few, up to three for many.
pub fn legend_columns(entries: usize) -> usize {
    match entries {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    }
}

/// The chart's rough size in points, as Graphviz would draw it without a
/// page (see the module docs).
pub(crate) fn estimate(chart: &Chart) -> (f64, f64) {
    let l = layering(chart);
    let ranks = l.rank.iter().copied().max().map_or(0, |r| r + 1);
    // A frame is a box over all its ranks: frames stand side by side, each
    // as wide as its widest rank, beside the widest rank of the unframed.
    let mut blocks: BTreeMap<Option<usize>, Vec<f64>> = BTreeMap::new();
    let mut heights = vec![0.0f64; ranks];
    for (i, &(w, h)) in l.sizes.iter().enumerate() {
        let block = l.node[i].and_then(|n| top_frame(chart, n));
        blocks.entry(block).or_insert_with(|| vec![0.0; ranks])[l.rank[i]] += w + NODESEP;
        heights[l.rank[i]] = heights[l.rank[i]].max(h);
    }
    let width: f64 = blocks
        .iter()
        .map(|(b, ws)| {
            ws.iter().copied().fold(0.0, f64::max) + if b.is_some() { 24.0 } else { 0.0 }
        })
        .sum();
    // The heading's lines: the title's characters are about 10 pt wide,
    // the others' 6.5 pt.
    let mut heading_w: f64 = 0.0;
    let mut heading_h = 0.0;
    for (i, t) in chart.title.iter().enumerate() {
        let (wrap, char_w, line_h) = if i == 0 {
            (TITLE_WRAP, 10.0, 22.0)
        } else {
            (SUBTITLE_WRAP, 6.5, 15.0)
        };
        for l in super::text::title_lines(t, wrap) {
            heading_w = heading_w.max(l.chars().count() as f64 * char_w);
            heading_h += line_h;
        }
    }
    let width = width.max(heading_w / 1.1);
    let height: f64 = heights.iter().sum::<f64>() + RANKSEP * ranks.saturating_sub(1) as f64;
    let extra = heading_h + 2.0 * LINE_H;
    (width * 1.1, height + extra)
}

/// Wraps every rank wider than `width` into rows: the rank's vertices
/// other than grids, in id order, fill rows as wide as the width the
/// rank's grids leave, and each vertex of a
/// further row is held one rank below the vertex above it by an
/// invisible line ([`Chart::spacers`]). Then puts the legend under the
/// lowest rank ([`Chart::legend_above`]), so that it widens no row.
pub(crate) fn wrap_ranks(chart: &mut Chart, width: Option<f64>) {
    chart.spacers.clear();
    let Some(width) = width else {
        return;
    };
    let width = width * WRAP_SHARE;
    let l = layering(chart);
    let ranks = l.rank.iter().copied().max().map_or(0, |r| r + 1);
    let mut spacers = Vec::new();
    let in_grid = |v: usize| {
        l.node[v].is_some_and(|n| {
            chart.nodes[n]
                .frame
                .is_some_and(|f| chart.frames[f].grid.is_some())
        })
    };
    for r in 0..ranks {
        // Boxes have a rank of their own (see `sink_grids`); the other
        // vertices of the rank wrap into rows.
        let mut vs: Vec<usize> = (0..l.sizes.len())
            .filter(|&v| l.rank[v] == r && l.node[v].is_some() && !in_grid(v))
            .collect();
        let total: f64 = vs.iter().map(|&v| l.sizes[v].0 + NODESEP).sum();
        if total <= width {
            continue;
        }
        vs.sort_by(|a, b| {
            let id = |v: usize| &chart.nodes[l.node[v].expect("a node")].id;
            id(*a).cmp(id(*b))
        });
        let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
        let mut used = 0.0;
        for v in vs {
            let w = l.sizes[v].0 + NODESEP;
            let row = rows.last_mut().expect("a row");
            if !row.is_empty() && used + w > width {
                rows.push(vec![v]);
                used = w;
            } else {
                row.push(v);
                used += w;
            }
        }
        for pair in rows.windows(2) {
            for (j, &v) in pair[1].iter().enumerate() {
                let above = pair[0][j.min(pair[0].len() - 1)];
                let top = chart.nodes[l.node[v].expect("a node")].id.clone();
                spacers.push((top, chart.nodes[l.node[above].expect("a node")].id.clone()));
            }
        }
    }
    chart.spacers = spacers;
}

/// Puts the legend under the lowest rank ([`Chart::legend_above`]), so
/// that it widens no row.
fn hold_legend(chart: &mut Chart) {
    let l = layering(chart);
    let mut above: Vec<String> = (0..l.sizes.len())
        .filter(|&v| l.rank[v] == 0)
        .filter_map(|v| l.node[v].map(|n| chart.nodes[n].id.clone()))
        .collect();
    above.sort();
    chart.legend_above = above;
}

/// The page for a chart, with every grid's columns set for it: a fixed
/// page as given; `a4` and `a3` in the orientation the estimate draws
/// larger (portrait on a tie).
pub(crate) fn fit(chart: &mut Chart, arg: PageArg) -> Option<Page> {
    let candidates: Vec<Option<Page>> = match arg {
        PageArg::A4 => vec![Some(Page::A4), Some(Page::A4_LANDSCAPE)],
        PageArg::A3 => vec![Some(Page::A3), Some(Page::A3_LANDSCAPE)],
        fixed => vec![Page::of(fixed)],
    };
    let mut best: Option<(f64, Option<Page>)> = None;
    for page in candidates {
        arrange(chart, page);
        let (w, h) = estimate(chart);
        let scale = match page {
            Some(p) => {
                let (aw, ah) = p.area();
                (aw / w).min(ah / h).min(1.0)
            }
            None => 1.0,
        };
        if best.is_none_or(|(s, _)| scale > s + 1e-9) {
            best = Some((scale, page));
        }
    }
    let page = best.and_then(|(_, p)| p);
    arrange(chart, page);
    page
}

/// Grids' columns, boxes sunk, wide ranks wrapped, for a page.
fn arrange(chart: &mut Chart, page: Option<Page>) {
    set_columns(chart, page);
    chart.legend_above.clear();
    wrap_ranks(chart, page.map(|p| p.area().0));
    if page.is_some() {
        sink_grids(chart);
        hold_legend(chart);
    }
}

/// Graphviz arrowheads for relations that point, and markers for those
/// that do not; the first is each list's plainest.
const ARROWS: &[&str] = &[
    "normal",
    "onormal",
    "vee",
    "normalnormal",
    "dotnormal",
    "odotnormal",
    "boxnormal",
    "teenormal",
    "diamondnormal",
    "odiamondnormal",
];
const MARKERS: &[&str] = &[
    "none", "odot", "dot", "obox", "box", "odiamond", "diamond", "tee", "crow",
];

/// A marker for each relation of the catalog (in its order), such that no
/// two relations share both line style and marker: the first marker of
/// the relation's kind (pointing or not) whose pair with its line style is
/// still free. Stable for a catalog, so a relation looks the same in every
/// chart of a model.
pub fn markers<'a>(relations: impl IntoIterator<Item = (&'a str, bool)>) -> Vec<&'static str> {
    let mut used: Vec<(&str, &str)> = Vec::new();
    let mut out = Vec::new();
    for (line, arrow) in relations {
        let list = if arrow { ARROWS } else { MARKERS };
        let m = list
            .iter()
            .copied()
            .find(|m| !used.contains(&(line, *m)))
            .unwrap_or(list[0]);
        used.push((line, m));
        out.push(m);
    }
    out
}

/// A glyph that pictures a marker in the legend's table.
pub fn marker_glyph(marker: &str) -> &'static str {
    match marker {
        "normal" => "▶",
        "onormal" => "▷",
        "vee" => "›",
        "normalnormal" => "▶▶",
        "dotnormal" => "●▶",
        "odotnormal" => "○▶",
        "boxnormal" => "■▶",
        "teenormal" => "|▶",
        "diamondnormal" => "◆▶",
        "odiamondnormal" => "◇▶",
        "odot" => "○",
        "dot" => "●",
        "obox" => "□",
        "box" => "■",
        "odiamond" => "◇",
        "diamond" => "◆",
        "tee" => "|",
        "crow" => "<",
        _ => "",
    }
}

/// A frame that holds a grid.
pub(crate) fn grid_frame(id: String, title: String, count: usize, parent: Option<usize>) -> Frame {
    Frame {
        id,
        name: title.clone(),
        kind: format!("{count} st."),
        fill: "#ffffff".into(),
        parent,
        tooltip: format!("{title} ({count} st.)"),
        grid: Some(Grid { columns: 1 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_balance_rows() {
        // 20 cells of 150 × 40 pt on 510 × 530 pt: 3 fit across, and 7
        // rows of 68 pt fit too.
        assert_eq!(columns(20, 150.0, 40.0, Some((510.0, 530.0))), 3);
        // A low page: more columns, even if drawn smaller.
        assert_eq!(columns(20, 150.0, 40.0, Some((510.0, 200.0))), 4);
        // 7 cells, 4 fit: two rows of 4 and 3.
        assert_eq!(columns(7, 100.0, 40.0, Some((500.0, 500.0))), 4);
        // Without a page, about square.
        let c = columns(50, 150.0, 40.0, None);
        assert!((3..=5).contains(&c), "{c}");
        // Everything fits in one row: one row.
        assert_eq!(columns(5, 50.0, 40.0, Some((510.0, 500.0))), 5);
    }

    #[test]
    fn markers_are_unique_per_line_style() {
        let m = markers([
            ("solid", true),
            ("solid", true),
            ("dashed", true),
            ("solid", false),
            ("solid", false),
        ]);
        assert_eq!(m, ["normal", "onormal", "normal", "none", "odot"]);
    }
}
