//! Graphviz DOT for a [`Chart`], built with graphviz-rust's structures.
//!
//! graphviz-rust prints identifiers as given, so every string goes
//! through [`quote`] (or [`html`] for the HTML-like title), which makes
//! any name valid DOT: quotes, backslashes, line breaks, `<`, `>`, `&`
//! and any Unicode.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Port, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter as _, PrinterContext};

use super::{Chart, ChartEdge, ChartNode, FrameTree};

/// The font of every text; a list, so that SVG viewers and fontconfig
/// (for PNG) both find one.
const FONT: &str = "Helvetica,Arial,sans-serif";
/// The legend's node id; model ids cannot contain `:`.
const LEGEND: &str = "legend:";
/// Outline colour of nodes and frames.
const OUTLINE: &str = "#555555";

/// A DOT quoted string holding `s` verbatim as Graphviz displays it in a
/// label.
///
/// Inside a quoted string DOT itself only treats `\"` specially, but
/// Graphviz then reads labels as escString (`\n`, `\l`, `\N`, `\G` …)
/// and decodes HTML entities (`&amp;`, `&#945;`), so `\` and `&` are
/// escaped as well. A line break becomes `\n`; other control characters,
/// and the two code points XML forbids in SVG (U+FFFE, U+FFFF), become a
/// space or U+FFFD.
pub fn quote(s: &str) -> String {
    quoted(s, "\\\\")
}

/// Like [`quote`], for a tooltip. Graphviz unescapes tooltips twice
/// (escString, then its tooltip preprocessing), so a backslash takes four.
pub fn quote_tooltip(s: &str) -> String {
    quoted(s, "\\\\\\\\")
}

fn quoted(s: &str, backslash: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str(backslash),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for an HTML-like label: `&`, `<`, `>` and `"` as entities, `\`
/// doubled (Graphviz expands `\G`, `\N` … in HTML labels too), line
/// breaks and control characters as spaces.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\\' => out.push_str("\\\\"),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn id(s: &str) -> Id {
    Id::Escaped(quote(s))
}

fn attr(key: &str, value: &str) -> Attribute {
    let v = if key == "tooltip" {
        quote_tooltip(value)
    } else {
        quote(value)
    };
    Attribute(Id::Plain(key.to_string()), Id::Escaped(v))
}

fn node_id(s: &str) -> NodeId {
    NodeId(id(s), None)
}

fn node(name: &str, attrs: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(node_id(name), attrs))
}

fn edge(from: &str, to: &str, attrs: Vec<Attribute>) -> Stmt {
    edge_between((from, None), (to, None), attrs)
}

/// A DOT node and, for a body in a gathered box, the port of its cell.
type End<'a> = (&'a str, Option<String>);

fn edge_between(from: End, to: End, attrs: Vec<Attribute>) -> Stmt {
    let vertex =
        |(n, port): End| Vertex::N(NodeId(id(n), port.map(|p| Port(Some(Id::Plain(p)), None))));
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(vertex(from), vertex(to)),
        attributes: attrs,
    })
}

/// Where lines end in DOT: a body drawn as a node of its own is that
/// node; a body in a gathered box is its cell (a port of the box's node);
/// a line to a box as a whole ends at the box.
struct Ends<'a> {
    chart: &'a Chart,
    /// For each body in a box: the box's node id and its cell's port.
    cells: std::collections::BTreeMap<&'a str, (&'a str, String)>,
}

impl<'a> Ends<'a> {
    fn of(chart: &'a Chart) -> Ends<'a> {
        let mut cells = std::collections::BTreeMap::new();
        for (f, fr) in chart.frames.iter().enumerate() {
            if fr.grid.is_some() {
                for (i, &m) in chart.grid_members(f).iter().enumerate() {
                    cells.insert(
                        chart.nodes[m].id.as_str(),
                        (fr.id.as_str(), format!("m{i}")),
                    );
                }
            }
        }
        Ends { chart, cells }
    }

    /// The end of a line at body `id`.
    fn body(&self, id: &'a str) -> End<'a> {
        match self.cells.get(id) {
            Some((node, port)) => (node, Some(port.clone())),
            None => (id, None),
        }
    }

    /// The end of a line at body `id`, or at the whole box `frame`.
    fn end(&self, id: &'a str, frame: Option<usize>) -> End<'a> {
        match frame {
            Some(f) => (self.chart.frames[f].id.as_str(), None),
            None => self.body(id),
        }
    }
}

fn graph_attrs(attrs: Vec<Attribute>) -> Stmt {
    Stmt::GAttribute(GraphAttributes::Graph(attrs))
}

/// Graphviz line style for a catalog line name.
fn line_style(line: &str) -> &'static str {
    match line {
        "dashed" => "dashed",
        "dotted" => "dotted",
        "bold" => "bold",
        _ => "solid",
    }
}

/// The DOT text of a chart, ending with a newline.
///
/// Edge labels are `xlabel`s: Graphviz 2.43 (Debian 12, Ubuntu 22.04)
/// fails with "trouble in init_rank" on many charts with clusters when
/// edges carry `label`s, which it ranks as nodes of their own; `xlabel`s
/// are placed after the layout and every version lays such charts out.
/// With a page, `size` is its printable area: a larger drawing is scaled
/// down to it.
pub fn write(chart: &Chart) -> String {
    let mut gattrs = vec![
        attr("rankdir", "BT"),
        attr("compound", "true"),
        attr("nodesep", &inches(super::layout::NODESEP)),
        attr("ranksep", &inches(super::layout::RANKSEP)),
        attr("fontname", FONT),
        attr("labelloc", "t"),
        attr("labeljust", "c"),
        Attribute(Id::Plain("label".into()), Id::Html(title(chart))),
        attr("tooltip", &chart.title.join("\n")),
    ];
    if let Some(page) = chart.page {
        let (w, h) = page.area();
        gattrs.push(attr("size", &format!("{},{}", inches(w), inches(h))));
    }
    let mut stmts = vec![
        graph_attrs(gattrs),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", FONT),
            attr("fontsize", "11"),
            attr("style", "filled"),
            attr("color", OUTLINE),
            attr("margin", "0.08,0.04"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", FONT),
            attr("fontsize", "11"),
            attr("arrowsize", "0.9"),
        ])),
    ];
    let tree = FrameTree::of(chart);
    let top = chart.frames.len();
    for &f in &tree.children[top] {
        stmts.push(frame(chart, &tree, f));
    }
    for &n in &tree.nodes[top] {
        stmts.push(chart_node(&chart.nodes[n]));
    }
    let ends = Ends::of(chart);
    for e in &chart.edges {
        stmts.push(chart_edge(&ends, e));
    }
    for (lower, upper) in &chart.spacers {
        let (a, b) = (ends.body(lower), ends.body(upper));
        if a.0 != b.0 {
            stmts.push(edge_between(a, b, vec![attr("style", "invis")]));
        }
    }
    if !chart.legend_kinds.is_empty()
        || !chart.legend_relations.is_empty()
        || !chart.legend_marks.is_empty()
        || !chart.sources.is_empty()
    {
        stmts.push(legend(chart));
        let mut above: Vec<String> = chart
            .legend_above
            .iter()
            .map(|u| ends.body(u).0.to_string())
            .collect();
        above.dedup();
        for upper in &above {
            stmts.push(edge(LEGEND, upper, vec![attr("style", "invis")]));
        }
    }
    let g = Graph::DiGraph {
        id: Id::Plain("orgraf".into()),
        strict: false,
        stmts,
    };
    let mut out = g.print(&mut PrinterContext::default());
    out.push('\n');
    out
}

/// Points as inches, the unit of Graphviz's sizes, to four places.
fn inches(points: f64) -> String {
    let s = format!("{:.4}", points / 72.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The heading: the title in bold, further lines smaller, each wrapped
/// (see [`super::layout::TITLE_WRAP`]).
fn title(chart: &Chart) -> String {
    use super::layout::{SUBTITLE_WRAP, TITLE_WRAP};
    let mut lines = chart.title.iter();
    let mut s = String::from("<");
    if let Some(first) = lines.next() {
        let wrapped: Vec<String> = super::text::title_lines(first, TITLE_WRAP)
            .iter()
            .map(|l| html(l))
            .collect();
        s.push_str(&format!(
            "<FONT POINT-SIZE=\"18\"><B>{}</B></FONT>",
            wrapped.join("<BR/>")
        ));
    }
    for l in lines {
        for part in super::text::title_lines(l, SUBTITLE_WRAP) {
            s.push_str(&format!(
                "<BR/><FONT POINT-SIZE=\"12\">{}</FONT>",
                html(&part)
            ));
        }
    }
    s.push_str("<BR/>>");
    s
}

fn frame(chart: &Chart, tree: &FrameTree, f: usize) -> Stmt {
    let fr = &chart.frames[f];
    if fr.grid.is_some() {
        return grid_node(chart, f);
    }
    let mut stmts = vec![graph_attrs(vec![
        Attribute(
            Id::Plain("label".into()),
            Id::Html(format!(
                "<<B>{}</B>  <FONT POINT-SIZE=\"11\">{}</FONT>>",
                html(&fr.name),
                html(&fr.kind)
            )),
        ),
        attr("style", "rounded,filled"),
        attr("fillcolor", &fr.fill),
        attr("color", OUTLINE),
        attr("fontsize", "12"),
        // rankdir=BT turns labelloc around: "b" puts the label on top.
        attr("labelloc", "b"),
        attr("labeljust", "l"),
        attr("tooltip", &fr.tooltip),
    ])];
    for &c in &tree.children[f] {
        stmts.push(frame(chart, tree, c));
    }
    for &n in &tree.nodes[f] {
        stmts.push(chart_node(&chart.nodes[n]));
    }
    Stmt::Subgraph(Subgraph {
        id: id(&cluster(fr)),
        stmts,
    })
}

/// The name of a frame's cluster.
fn cluster(fr: &super::Frame) -> String {
    format!("cluster_{}", fr.id)
}

/// A body's lines as HTML-like text, joined by `<BR/>`: for a mark that
/// strikes through, the name struck and the mark's word (the last line)
/// not.
fn html_lines(n: &ChartNode) -> String {
    let strike = n.change.is_some_and(|m| m.style().strike);
    let last = n.lines.len().saturating_sub(1);
    let lines: Vec<String> = n
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| match strike && i < last {
            true => format!("<S>{}</S>", html(l)),
            false => html(l),
        })
        .collect();
    lines.join("<BR/>")
}

/// A body's node. Every attribute of a body's node is written here.
fn chart_node(n: &ChartNode) -> Stmt {
    let style = n.change.map(super::diff::Mark::style);
    let label = match style {
        Some(st) if st.strike => Attribute(
            Id::Plain("label".into()),
            Id::Html(format!("<{}>", html_lines(n))),
        ),
        _ => attr("label", &n.lines.join("\n")),
    };
    let mut attrs = vec![
        label,
        attr("shape", &n.shape),
        attr("fillcolor", style.and_then(|s| s.fill).unwrap_or(&n.fill)),
        attr("tooltip", &n.tooltip),
    ];
    // The centre keeps its heavier outline, in its mark's colour.
    let focus = if n.focus { 2.5 } else { 0.0 };
    if let Some(st) = style {
        attrs.push(attr("color", st.color));
        attrs.push(attr("penwidth", &st.width.max(focus).to_string()));
        if st.dashed {
            attrs.push(attr("style", "filled,dashed"));
        }
        if st.double {
            attrs.push(attr("peripheries", "2"));
        }
        if let Some(font) = st.font {
            attrs.push(attr("fontcolor", font));
        }
    }
    if n.focus && style.is_none() {
        attrs.push(attr("penwidth", "2.5"));
        attrs.push(attr("color", "#000000"));
    }
    if let Some(href) = &n.href {
        attrs.push(attr("URL", href));
        attrs.push(attr("target", "_top"));
    }
    node(&n.id, attrs)
}

/// Edge attributes for a relation's style and marker, with the ends in
/// the order DOT must see them for the relation's rank.
fn styled(line: &str, color: &str, marker: &str, rank: &str) -> (bool, Vec<Attribute>) {
    let mut attrs = vec![attr("style", line_style(line)), attr("color", color)];
    if line == "bold" {
        attrs.push(attr("penwidth", "2"));
    }
    let reversed = rank == "down";
    match (marker, reversed) {
        ("none", _) => attrs.push(attr("dir", "none")),
        (m, true) => {
            attrs.push(attr("dir", "back"));
            attrs.push(attr("arrowtail", m));
        }
        (m, false) => attrs.push(attr("arrowhead", m)),
    }
    if rank == "none" {
        attrs.push(attr("constraint", "false"));
    }
    (reversed, attrs)
}

fn chart_edge(ends: &Ends, e: &ChartEdge) -> Stmt {
    let (reversed, mut attrs) = styled(&e.line, &e.color, &e.marker, &e.rank);
    attrs.push(attr("xlabel", &e.labels.join("\n")));
    attrs.push(attr("fontcolor", &e.color));
    attrs.push(attr("tooltip", &e.tooltip));
    let (from, to) = (ends.end(&e.from, e.from_frame), ends.end(&e.to, e.to_frame));
    if reversed {
        edge_between(to, from, attrs)
    } else {
        edge_between(from, to, attrs)
    }
}

/// A gathered box: one node whose label is a table, its title over rows
/// of [`super::Grid::columns`] cells, one cell per body with the body's
/// name, fill, tooltip and link, and a port (`m0`, `m1`, …) for lines to
/// that body. Graphviz shows a cell's tooltip only with an `HREF`; an
/// empty one makes no link.
fn grid_node(chart: &Chart, f: usize) -> Stmt {
    let fr = &chart.frames[f];
    let members = chart.grid_members(f);
    let columns = fr
        .grid
        .map_or(1, |g| g.columns.max(1))
        .min(members.len().max(1));
    let mut t = format!(
        "<<TABLE BORDER=\"1\" COLOR=\"#888888\" STYLE=\"rounded\" CELLBORDER=\"1\" \
         CELLSPACING=\"{}\" CELLPADDING=\"3\">\
         <TR><TD COLSPAN=\"{columns}\" BORDER=\"0\" ALIGN=\"LEFT\"><B>{}</B>  {}</TD></TR>",
        super::layout::CELL_GAP,
        html(&fr.name),
        html(&fr.kind)
    );
    for (r, row) in members.chunks(columns).enumerate() {
        t.push_str("<TR>");
        for (c, &m) in row.iter().enumerate() {
            let n = &chart.nodes[m];
            let (look, text) = cell_look(n);
            // Emphasised bodies are never gathered (see `layout`).
            t.push_str(&format!(
                "<TD PORT=\"m{}\"{look} \
                 TOOLTIP=\"{}\" HREF=\"{}\"{}>{}</TD>",
                r * columns + c,
                html_tooltip(&n.tooltip),
                n.href.as_deref().map(html).unwrap_or_default(),
                if n.href.is_some() {
                    " TARGET=\"_top\""
                } else {
                    ""
                },
                text
            ));
        }
        t.push_str("</TR>");
    }
    t.push_str("</TABLE>>");
    Stmt::Node(Node::new(
        node_id(&fr.id),
        vec![
            attr("shape", "plain"),
            attr("style", ""),
            Attribute(Id::Plain("label".into()), Id::Html(t)),
            attr("tooltip", &fr.tooltip),
        ],
    ))
}

/// The fill and outline attributes of a body's cell in a gathered box,
/// and its text: in the look of its mark when compared (a thick or dashed
/// outline; a double one as a table inside the cell).
fn cell_look(n: &ChartNode) -> (String, String) {
    let text = html_lines(n);
    let Some(st) = n.change.map(super::diff::Mark::style) else {
        return (
            format!(" BGCOLOR=\"{}\" COLOR=\"{OUTLINE}\"", html(&n.fill)),
            text,
        );
    };
    let fill = html(st.fill.unwrap_or(&n.fill));
    let color = html(st.color);
    let text = match st.font {
        Some(f) => format!("<FONT COLOR=\"{}\">{text}</FONT>", html(f)),
        None => text,
    };
    let border = if st.width >= 2.0 { 3 } else { 1 };
    let dashed = if st.dashed { " STYLE=\"dashed\"" } else { "" };
    let look = format!(" BGCOLOR=\"{fill}\" COLOR=\"{color}\" BORDER=\"{border}\"{dashed}");
    if st.double {
        let inner = format!(
            "<TABLE BORDER=\"1\" COLOR=\"{color}\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">\
             <TR><TD>{text}</TD></TR></TABLE>"
        );
        return (format!("{look} CELLPADDING=\"1\""), inner);
    }
    (look, text)
}

/// Text for a tooltip in an HTML-like label: as [`html`], with line
/// breaks kept (`&#10;`).
fn html_tooltip(s: &str) -> String {
    s.split('\n').map(html).collect::<Vec<_>>().join("&#10;")
}

/// The legend: one HTML-like table with a swatch for each kind drawn
/// and a line sample for each relation drawn, each with its Swedish name.
/// Its id begins with `legend:`, which model ids cannot contain.
fn legend(chart: &Chart) -> Stmt {
    // Each entry is a sample cell and a label cell.
    let mut entries: Vec<(String, String)> = Vec::new();
    for k in &chart.legend_kinds {
        let rounded = matches!(
            k.shape.as_str(),
            "ellipse" | "oval" | "circle" | "egg" | "point"
        );
        entries.push((
            format!(
                "<TD BGCOLOR=\"{}\" BORDER=\"1\" COLOR=\"{OUTLINE}\"{} WIDTH=\"44\" HEIGHT=\"16\" FIXEDSIZE=\"TRUE\"></TD>",
                html(&k.fill),
                if rounded { " STYLE=\"rounded\"" } else { "" },
            ),
            html(&k.label),
        ));
    }
    for r in &chart.legend_relations {
        let color = html(&r.color);
        let (border, style) = match r.line.as_str() {
            "bold" => ("3", ""),
            "dashed" => ("1", " STYLE=\"dashed\""),
            "dotted" => ("1", " STYLE=\"dotted\""),
            _ => ("1", ""),
        };
        let glyph = super::layout::marker_glyph(&r.marker);
        let glyph_w = 11 * glyph.chars().count() + 4;
        let width = 48 - glyph_w.min(30);
        let head = if glyph.is_empty() {
            String::new()
        } else {
            format!(
                "<TD WIDTH=\"{glyph_w}\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\" ALIGN=\"LEFT\"><FONT COLOR=\"{color}\" POINT-SIZE=\"11\">{glyph}</FONT></TD>"
            )
        };
        entries.push((
            format!(
                "<TD><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>\
                 <TD SIDES=\"B\" BORDER=\"{border}\" COLOR=\"{color}\"{style} WIDTH=\"{width}\" HEIGHT=\"7\" FIXEDSIZE=\"TRUE\"></TD>{head}\
                 </TR></TABLE></TD>"
            ),
            html(&r.label),
        ));
    }
    for &m in &chart.legend_marks {
        let st = m.style();
        let color = html(st.color);
        let border = if st.width >= 2.0 { 3 } else { 1 };
        let style = if st.dashed { " STYLE=\"dashed\"" } else { "" };
        let cell = format!(
            "BGCOLOR=\"{}\" BORDER=\"{border}\" COLOR=\"{color}\"{style}",
            html(st.fill.unwrap_or("#ffffff"))
        );
        let sample = if st.double {
            format!(
                "<TD BORDER=\"1\" COLOR=\"{color}\" CELLPADDING=\"1\"><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">\
                 <TR><TD {cell} WIDTH=\"38\" HEIGHT=\"10\" FIXEDSIZE=\"TRUE\"></TD></TR></TABLE></TD>"
            )
        } else {
            format!("<TD {cell} WIDTH=\"44\" HEIGHT=\"16\" FIXEDSIZE=\"TRUE\"></TD>")
        };
        entries.push((sample, html(st.legend)));
    }
    let columns = super::layout::legend_columns(entries.len());
    let span = 2 * columns;
    let mut t = format!(
        "<<TABLE BORDER=\"1\" COLOR=\"#aaaaaa\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\" STYLE=\"rounded\">\
         <TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\"><B>Teckenförklaring</B></TD></TR>"
    );
    for row in entries.chunks(columns) {
        t.push_str("<TR>");
        for (sample, label) in row {
            t.push_str(&format!("{sample}<TD ALIGN=\"LEFT\">{label}</TD>"));
        }
        if row.len() < columns {
            t.push_str(&format!(
                "<TD COLSPAN=\"{}\"></TD>",
                2 * (columns - row.len())
            ));
        }
        t.push_str("</TR>");
    }
    if !chart.sources.is_empty() {
        t.push_str(&format!(
            "<TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\"><B>Källor</B></TD></TR>"
        ));
        for s in &chart.sources {
            let lines: Vec<String> = super::text::wrap(s, super::layout::LEGEND_WRAP)
                .iter()
                .map(|l| html(l))
                .collect();
            t.push_str(&format!(
                "<TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\" BALIGN=\"LEFT\">{}</TD></TR>",
                lines.join("<BR/>")
            ));
        }
    }
    t.push_str("</TABLE>>");
    Stmt::Node(Node::new(
        node_id(LEGEND),
        vec![
            attr("shape", "plaintext"),
            attr("style", ""),
            attr("fontsize", "11"),
            Attribute(Id::Plain("label".into()), Id::Html(t)),
            attr("tooltip", "Teckenförklaring"),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_hostile_text() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("x\ny\r\nz\rw"), r#""x\ny\nz\nw""#);
        assert_eq!(quote("<b> & </b>"), r#""<b> &amp; </b>""#);
        assert_eq!(quote("tab\there\u{0}"), r#""tab here ""#);
        assert_eq!(quote("Ålö 🦀"), "\"Ålö 🦀\"");
        assert_eq!(quote_tooltip(r"a\G"), r#""a\\\\G""#);
    }

    #[test]
    fn html_escapes() {
        assert_eq!(
            html(r#"<a href="x">&</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(html(r"\G"), r"\\G");
    }
}
