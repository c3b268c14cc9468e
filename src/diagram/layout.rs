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
//! ranking lines (less those that close a cycle), a body with nothing
//! below it just under the lowest body above it, widths and heights from
//! the label lengths, frames as boxes side by side — without running
//! Graphviz. `arranged` uses that layering to arrange a chart for a
//! page: it sets the columns of every grid, draws the lines that close a
//! cycle without ranking (so that Graphviz breaks the cycle where the
//! estimate does), hangs a frame's loose members under the frame's own
//! body, wraps wide ranks and frames into rows (invisible lines hold each
//! row one rank below the one before), sinks the boxes, holds the legend
//! under the lowest rank or not, and ends a line from below a frame to
//! the frame's own body at the frame's border. For a page given as `a4`
//! or `a3` the renderer ([`super::render_checked`]) then lays the chart
//! out with the real `dot` for portrait and landscape, each in the
//! arrangements of `Arrangement::stage`, and keeps the one drawn
//! largest; without Graphviz (DOT output only) the estimate picks the
//! orientation.

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
/// Source lines in the legend are wrapped at this many characters, in a
/// narrow legend ([`super::Chart::legend_narrow`]) at
/// [`NARROW_LEGEND_WRAP`].
pub const LEGEND_WRAP: usize = 64;
pub const NARROW_LEGEND_WRAP: usize = 48;
/// Graphviz `nodesep` and `ranksep` of the charts, in points.
pub const NODESEP: f64 = 9.0;
pub const RANKSEP: f64 = 10.0;
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
    let legend_lines = chart.legend_entries() + 1;
    let (columns, wrap) = legend_shape(chart);
    let source_chars = chart.sources.iter().map(|s| s.chars().count()).max();
    let source_lines: usize = chart
        .sources
        .iter()
        .map(|s| s.chars().count().div_ceil(wrap))
        .sum();
    sizes.push((
        (source_chars.unwrap_or(0).min(wrap) as f64 * CHAR_W * 0.9).max(170.0 * columns as f64),
        (legend_lines.div_ceil(columns) + source_lines + 1) as f64 * LINE_H * 1.3,
    ));
    node.push(None);
    let v = sizes.len();
    let back = back_lines(v, &ranked);
    let ranked: Vec<(usize, usize)> = ranked
        .iter()
        .zip(back)
        .filter(|&(_, b)| !b)
        .map(|(&l, _)| l)
        .collect();
    let mut rank = vec![0usize; v];
    for _ in 0..v {
        let mut changed = false;
        for &(lo, hi) in &ranked {
            if rank[hi] <= rank[lo] {
                rank[hi] = rank[lo] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // As Graphviz shortens lines: a vertex with nothing below it sits
    // just under the lowest vertex above it, not on the lowest rank.
    let mut below = vec![false; v];
    let mut lowest_above: Vec<Option<usize>> = vec![None; v];
    for &(lo, hi) in &ranked {
        below[hi] = true;
        lowest_above[lo] = Some(lowest_above[lo].map_or(rank[hi], |r| r.min(rank[hi])));
    }
    for i in 0..v {
        if let (false, Some(r)) = (below[i], lowest_above[i]) {
            rank[i] = r.saturating_sub(1);
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

/// The ranking lines `(lower, upper)` among `v` vertices less those that
/// close a cycle, as Graphviz breaks cycles: a depth-first search from
/// each vertex in order drops every line back to a vertex on its path.
/// Longest paths over what is left are finite (a cycle — one body that
/// `ingår i` another that `rekommenderar` it — would otherwise push the
/// ranks of everything above it up by the number of vertices).
fn back_lines(v: usize, ranked: &[(usize, usize)]) -> Vec<bool> {
    let mut out_lines: Vec<Vec<usize>> = vec![Vec::new(); v];
    for (i, &(lo, _)) in ranked.iter().enumerate() {
        out_lines[lo].push(i);
    }
    // 0 unvisited, 1 on the path, 2 done.
    let mut state = vec![0u8; v];
    let mut back = vec![false; ranked.len()];
    for start in 0..v {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (at, ref mut next)) = path.last_mut() {
            let Some(&line) = out_lines[at].get(*next) else {
                state[at] = 2;
                path.pop();
                continue;
            };
            *next += 1;
            let to = ranked[line].1;
            match state[to] {
                0 => {
                    state[to] = 1;
                    path.push((to, 0));
                }
                1 => back[line] = true,
                _ => {}
            }
        }
    }
    back
}

/// The lines that close a cycle of ranking lines (see [`back_lines`]), as
/// indices into [`Chart::edges`]: drawn without ranking
/// (`constraint=false`), so that Graphviz breaks the cycle where the
/// estimate does, not wherever its own search happens to.
fn cycle_lines(chart: &Chart) -> Vec<usize> {
    let l = layering(chart);
    let index = chart.node_index();
    let mut lines = Vec::new();
    let mut pairs = Vec::new();
    for (i, e) in chart.edges.iter().enumerate() {
        if e.rank == "none" {
            continue;
        }
        let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        let (a, b) = (l.vertex_of[a], l.vertex_of[b]);
        if a == b {
            continue;
        }
        lines.push(i);
        pairs.push(if subject_below(&e.rank) {
            (a, b)
        } else {
            (b, a)
        });
    }
    let back = back_lines(l.sizes.len(), &pairs);
    lines
        .into_iter()
        .zip(back)
        .filter(|&(_, b)| b)
        .map(|(i, _)| i)
        .collect()
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

/// The columns of a chart's legend and the width its sources are wrapped
/// at: [`legend_columns`] and [`LEGEND_WRAP`], or for a narrow legend one
/// column fewer and [`NARROW_LEGEND_WRAP`].
pub fn legend_shape(chart: &Chart) -> (usize, usize) {
    let columns = legend_columns(chart.legend_entries());
    if chart.legend_narrow {
        (columns.saturating_sub(1).max(1), NARROW_LEGEND_WRAP)
    } else {
        (columns, LEGEND_WRAP)
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

/// Wraps wide ranks into rows as wide as `width`, each vertex of a
/// further row held one rank below a vertex of the row above by an
/// invisible line ([`Chart::spacers`]); boxes keep a rank of their own
/// (see [`sink_grids`]).
///
/// A frame with a rank wider than that is laid out as a stack of rows:
/// its ranks from the top down, the bodies of each in id order filling
/// rows, every row held under the row before — a frame as wide as a row
/// and no taller than its rows, instead of one as wide as its widest
/// rank or as tall as its bodies can drift. With `outsiders_below`, the
/// bodies outside any frame on the ranks of such a frame's rows (below
/// its top) form rows held under its last row. Any other rank wider than
/// `width` (of bodies outside frames, or of many small frames) wraps on
/// its own, each frame's bodies together and the unframed last.
pub(crate) fn wrap_ranks(chart: &mut Chart, width: f64, outsiders_below: bool) {
    let l = layering(chart);
    let mut spacers = std::mem::take(&mut chart.spacers);
    let in_grid = |v: usize| {
        l.node[v].is_some_and(|n| {
            chart.nodes[n]
                .frame
                .is_some_and(|f| chart.frames[f].grid.is_some())
        })
    };
    let node = |v: usize| l.node[v].expect("a node");
    let id = |v: usize| chart.nodes[node(v)].id.clone();
    let block = |v: usize| top_frame(chart, node(v));
    let span = |vs: &[usize]| -> f64 { vs.iter().map(|&v| l.sizes[v].0 + NODESEP).sum() };
    // Bodies with lines to a gathered box last, in the row nearest the
    // box.
    let boxed = to_boxes(chart);
    let by_id = |vs: &[usize]| {
        let mut vs = vs.to_vec();
        vs.sort_by_key(|&v| (boxed[node(v)], id(v)));
        vs
    };
    // Block (outermost frame or none) -> rank, top first -> vertices.
    type Ranks = BTreeMap<std::cmp::Reverse<usize>, Vec<usize>>;
    let mut blocks: BTreeMap<Option<usize>, Ranks> = BTreeMap::new();
    for v in (0..l.sizes.len()).filter(|&v| l.node[v].is_some() && !in_grid(v)) {
        blocks
            .entry(block(v))
            .or_default()
            .entry(std::cmp::Reverse(l.rank[v]))
            .or_default()
            .push(v);
    }
    let mut placed: Vec<usize> = Vec::new();
    for (&b, ranks) in &blocks {
        if b.is_none() || !ranks.values().any(|vs| span(vs) > width) {
            continue;
        }
        let mut rows: Vec<Vec<usize>> = Vec::new();
        for vs in ranks.values() {
            rows.extend(fill_rows(&by_id(vs), width, &l.sizes));
        }
        if outsiders_below {
            let top = ranks.keys().next().map_or(0, |r| r.0);
            let bottom = ranks.keys().last().map_or(0, |r| r.0);
            let outside: Vec<usize> = blocks
                .get(&None)
                .into_iter()
                .flat_map(|r| r.values().flatten().copied())
                .filter(|&v| (bottom..top).contains(&l.rank[v]) && !placed.contains(&v))
                .collect();
            rows.extend(fill_rows(&by_id(&outside), width, &l.sizes));
        }
        placed.extend(rows.iter().flatten().copied());
        chain(&rows, &id, &mut spacers);
    }
    let ranks = l.rank.iter().copied().max().map_or(0, |r| r + 1);
    for r in 0..ranks {
        let mut vs: Vec<usize> = (0..l.sizes.len())
            .filter(|&v| l.rank[v] == r && l.node[v].is_some() && !in_grid(v))
            .filter(|v| !placed.contains(v))
            .collect();
        if span(&vs) <= width {
            continue;
        }
        vs.sort_by_key(|&v| {
            let b = block(v);
            (b.is_none(), b, id(v))
        });
        // A frame's bodies begin a row of their own unless all of them
        // fit beside the row before.
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let mut start = 0;
        while start < vs.len() {
            let b = block(vs[start]);
            let end = start + vs[start..].iter().take_while(|&&v| block(v) == b).count();
            let group = &vs[start..end];
            match rows.last_mut() {
                Some(row) if span(row) + span(group) <= width => row.extend_from_slice(group),
                _ => rows.extend(fill_rows(group, width, &l.sizes)),
            }
            start = end;
        }
        chain(&rows, &id, &mut spacers);
    }
    chart.spacers = spacers;
}

/// `vs` in rows at most `width` wide (each at least one vertex).
fn fill_rows(vs: &[usize], width: f64, sizes: &[(f64, f64)]) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0.0;
    for &v in vs {
        let w = sizes[v].0 + NODESEP;
        match rows.last_mut() {
            Some(row) if used + w <= width => {
                row.push(v);
                used += w;
            }
            _ => {
                rows.push(vec![v]);
                used = w;
            }
        }
    }
    rows
}

/// Invisible lines that hold each row under the row before: the `j`th
/// vertex under the `j`th above (or the last).
fn chain(rows: &[Vec<usize>], id: &dyn Fn(usize) -> String, spacers: &mut Vec<(String, String)>) {
    for pair in rows.windows(2) {
        for (j, &v) in pair[1].iter().enumerate() {
            let above = pair[0][j.min(pair[0].len() - 1)];
            spacers.push((id(v), id(above)));
        }
    }
}

/// Invisible lines that hang every loose member of a frame below the
/// frame's own body, when that body is drawn in it: a member whose
/// membership the frame stands for, and that no other line ranks, would
/// otherwise float to whatever rank Graphviz finds emptiest, above its
/// organisation as often as below it, and make the frame tall and the
/// bodies outside it stand beside it.
fn hangers(chart: &Chart) -> Vec<(String, String)> {
    let index = chart.node_index();
    // A member with a line to a gathered box is left to the frame's
    // lowest rank, next to the box (see `wrap_ranks`).
    let mut ranked = to_boxes(chart);
    for e in chart.edges.iter().filter(|e| e.rank != "none") {
        let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        if a != b {
            ranked[a] = true;
            ranked[b] = true;
        }
    }
    let mut out = Vec::new();
    for (f, fr) in chart.frames.iter().enumerate() {
        if fr.grid.is_some() {
            continue;
        }
        let Some(&body) = index.get(fr.id.as_str()) else {
            continue;
        };
        if chart.nodes[body].frame != Some(f) {
            continue;
        }
        for (i, n) in chart.nodes.iter().enumerate() {
            if n.frame == Some(f) && i != body && !ranked[i] {
                out.push((n.id.clone(), fr.id.clone()));
            }
        }
    }
    out
}

/// For each node, whether a line joins it to a body in a gathered box.
fn to_boxes(chart: &Chart) -> Vec<bool> {
    let index = chart.node_index();
    let boxed = |n: usize| {
        chart.nodes[n]
            .frame
            .is_some_and(|f| chart.frames[f].grid.is_some())
    };
    let mut out = vec![false; chart.nodes.len()];
    for e in &chart.edges {
        let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        if boxed(a) && !boxed(b) {
            out[b] = true;
        }
        if boxed(b) && !boxed(a) {
            out[a] = true;
        }
    }
    out
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

/// The widths of rows tried, as shares of the page's width (see
/// [`Arrangement::rows`]).
const ROW_SHARES: [Option<f64>; 5] = [Some(WRAP_SHARE), None, Some(0.5), Some(0.9), Some(1.1)];

/// How a chart is arranged on its page: the choices that
/// [`super::render_checked`] tries with the real `dot` (see
/// [`Arrangement::variants`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Arrangement {
    /// Wide ranks and frames wrapped into rows as wide as this share of
    /// the page's width ([`wrap_ranks`]); `None`: not wrapped.
    pub rows: Option<f64>,
    /// Bodies outside a frame wrapped into rows, on the ranks of its
    /// rows, held under its last row instead of standing beside it.
    pub outsiders_below: bool,
    /// The legend held under the lowest rank; else Graphviz puts it
    /// beside the lowest rank.
    pub legend_under: bool,
    /// See [`Chart::legend_narrow`].
    pub legend_narrow: bool,
    /// Every box this many columns wider (narrower when negative) than
    /// [`set_columns`] chooses, within one and its number of members.
    pub grid_delta: isize,
}

impl Default for Arrangement {
    fn default() -> Self {
        Arrangement {
            rows: Some(WRAP_SHARE),
            outsiders_below: false,
            legend_under: false,
            legend_narrow: false,
            grid_delta: 0,
        }
    }
}

impl Arrangement {
    /// The arrangements the renderer tries, in stages: first every
    /// combination of the rows' width ([`ROW_SHARES`]), the legend's
    /// width and the bodies beside frames; then, from the best of those,
    /// the legend under the chart, and boxes with a column more or less.
    /// Each stage's arrangements are built from the best so far
    /// (`self`).
    pub fn stage(self, chart: &Chart, stage: usize) -> Vec<Arrangement> {
        let narrow: &[bool] =
            if legend_columns(chart.legend_entries()) > 1 || !chart.sources.is_empty() {
                &[false, true]
            } else {
                &[false]
            };
        let framed = chart.frames.iter().any(|f| f.grid.is_none());
        let below: &[bool] = if framed { &[false, true] } else { &[false] };
        let with = |f: &dyn Fn(&mut Arrangement)| {
            let mut a = self;
            f(&mut a);
            a
        };
        match stage {
            0 => ROW_SHARES
                .iter()
                .flat_map(|&rows| {
                    narrow.iter().flat_map(move |&n| {
                        below.iter().map(move |&b| Arrangement {
                            rows,
                            legend_narrow: n,
                            outsiders_below: b,
                            ..Arrangement::default()
                        })
                    })
                })
                .filter(|&a| a != self)
                .collect(),
            1 => vec![with(&|a| a.legend_under = !self.legend_under)],
            2 if chart.frames.iter().any(|f| f.grid.is_some()) => [1, -1]
                .into_iter()
                .map(|d| with(&|a| a.grid_delta = d))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The number of stages of [`Arrangement::stage`].
    pub const STAGES: usize = 3;
}

/// The page for a chart, with every grid's columns set for it: a fixed
/// page as given; `a4` and `a3` in the orientation the estimate draws
/// larger (portrait on a tie). The chart is arranged as
/// [`Arrangement::default`] with the legend under the chart.
pub(crate) fn fit(chart: &mut Chart, arg: PageArg) -> Option<Page> {
    let candidates = Page::candidates(arg);
    let plain = chart.clone();
    let arr = Arrangement {
        legend_under: true,
        ..Arrangement::default()
    };
    // Each candidate's arranged chart is kept with its scale: the
    // winner is not arranged again.
    let mut best: Option<(f64, Option<Page>, Chart)> = None;
    for page in candidates {
        let arranged = arranged(&plain, page, arr);
        let (w, h) = estimate(&arranged);
        let scale = match page {
            Some(p) => {
                let (aw, ah) = p.area();
                (aw / w).min(ah / h).min(1.0)
            }
            None => 1.0,
        };
        if best.as_ref().is_none_or(|(s, _, _)| scale > s + 1e-9) {
            best = Some((scale, page, arranged));
        }
    }
    let (page, arranged) = match best {
        Some((_, page, arranged)) => (page, arranged),
        None => (None, arranged(&plain, None, arr)),
    };
    *chart = arranged;
    page
}

/// `plain` (a chart as planned, before any arranging) arranged for a
/// page: boxes' columns set, lines that close a cycle drawn without
/// ranking, loose frame members hung under their frame's body, wide
/// ranks and frames wrapped, boxes sunk, the legend held, and lines from
/// below a frame to its body ended at the frame.
pub(crate) fn arranged(plain: &Chart, page: Option<Page>, arr: Arrangement) -> Chart {
    let mut chart = plain.clone();
    chart.page = page;
    chart.legend_narrow = arr.legend_narrow;
    set_columns(&mut chart, page);
    for f in 0..chart.frames.len() {
        let n = chart.grid_members(f).len().max(1);
        if let Some(g) = &mut chart.frames[f].grid {
            g.columns = g.columns.saturating_add_signed(arr.grid_delta).clamp(1, n);
        }
    }
    let Some(page) = page else {
        return chart;
    };
    for i in cycle_lines(&chart) {
        chart.edges[i].rank = "none".into();
    }
    chart.spacers = hangers(&chart);
    if let Some(share) = arr.rows {
        wrap_ranks(&mut chart, page.area().0 * share, arr.outsiders_below);
    }
    sink_grids(&mut chart);
    if arr.legend_under {
        hold_legend(&mut chart);
    }
    clip_at_frames(&mut chart);
    chart
}

/// Sets [`ChartEdge::from_clip`] and [`ChartEdge::to_clip`]: a line
/// between a frame's own body and a body (or box) below all of the
/// frame's members is drawn to a member of the frame's lowest row and
/// ends at the frame's border. Graphviz routes a line only around a
/// frame it does not belong to, so the line up to the body at the top of
/// a tall frame would run beside all of it.
fn clip_at_frames(chart: &mut Chart) {
    let l = layering(chart);
    let index = chart.node_index();
    // For each frame whose own body is drawn in it: its lowest rank and
    // the first member (by id) on it.
    let mut lowest: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new();
    for (f, fr) in chart.frames.iter().enumerate() {
        let Some(&body) = index.get(fr.id.as_str()) else {
            continue;
        };
        if fr.grid.is_some() || chart.nodes[body].frame != Some(f) {
            continue;
        }
        let members = (0..chart.nodes.len())
            .filter(|&n| n != body && within(chart, n, f))
            .map(|n| (l.rank[l.vertex_of[n]], n));
        if let Some((rank, member)) = members.min() {
            lowest.insert(f, (body, rank, member));
        }
    }
    let mut clips = Vec::new();
    for (i, e) in chart.edges.iter().enumerate() {
        let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        for (f, &(body, rank, member)) in &lowest {
            for (this, other, is_from) in [(a, b, true), (b, a, false)] {
                let below = l.rank[l.vertex_of[other]] < rank;
                let outside = !within(chart, other, *f);
                let end_frame = if is_from { e.from_frame } else { e.to_frame };
                if this == body && end_frame.is_none() && outside && below {
                    clips.push((i, is_from, chart.nodes[member].id.clone(), *f));
                }
            }
        }
    }
    for (i, is_from, member, f) in clips {
        let clip = Some((member, f));
        if is_from {
            chart.edges[i].from_clip = clip;
        } else {
            chart.edges[i].to_clip = clip;
        }
    }
}

/// Whether node `n` is inside frame `f`, directly or in a nested frame.
fn within(chart: &Chart, n: usize, f: usize) -> bool {
    std::iter::successors(chart.nodes[n].frame, |&p| chart.frames[p].parent).any(|x| x == f)
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
    fn cycles_lose_their_closing_line() {
        // 0 under 1 under 2 under 0: the search from 0 finds 2 -> 0 last.
        assert_eq!(
            back_lines(3, &[(0, 1), (1, 2), (2, 0)]),
            [false, false, true]
        );
        // Two lines between the same vertices, both ways: one goes.
        assert_eq!(back_lines(2, &[(0, 1), (1, 0)]), [false, true]);
        // No cycle: nothing goes.
        assert_eq!(back_lines(4, &[(0, 1), (0, 2), (1, 3), (2, 3)]), [false; 4]);
    }

    #[test]
    fn rows_fill_to_the_width() {
        let sizes = [(100.0, 30.0), (100.0, 30.0), (250.0, 30.0), (50.0, 30.0)];
        // 109 + 109 fit in 250; 259 stands alone; 59 starts a row.
        assert_eq!(
            fill_rows(&[0, 1, 2, 3], 250.0, &sizes),
            [vec![0, 1], vec![2], vec![3]]
        );
        // A vertex wider than the width gets a row of its own.
        assert_eq!(fill_rows(&[2], 100.0, &sizes), [vec![2]]);
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
