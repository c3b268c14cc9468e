//! Mermaid `flowchart` text for a [`Chart`], with the same frames,
//! shapes, colours and line styles as the DOT output.
//!
//! The chart runs bottom to top (`flowchart BT`) like the DOT's
//! `rankdir=BT`: Mermaid has no per-edge `dir=back`, so in a top-to-bottom
//! flowchart a body that prepares for another (`A bereder B`) would be
//! drawn above it. Bottom to top keeps political bodies on top.
//!
//! Ids are sanitised (`n_`, `f_`, `l_` prefixes and ASCII letters, digits
//! and `_` only); every label is a quoted string in which Mermaid's
//! special characters are entity codes (`#quot;`, `#35;` …), so any name
//! is valid Mermaid.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use super::diff::Mark;
use super::text::hex_color;
use super::{Chart, FrameTree};
use crate::graph::names::fold;

/// A label's text as Mermaid entity codes where needed. `<br/>` between
/// the lines is added by the caller.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\\' => out.push_str("#92;"),
            '|' => out.push_str("#124;"),
            ';' => out.push_str("#59;"),
            '%' => out.push_str("#37;"),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `"…"` holding lines joined by `<br/>`.
fn quoted(lines: &[String]) -> String {
    let parts: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    format!("\"{}\"", parts.join("<br/>"))
}

/// ASCII letters, digits and `_`, after folding å/ä/ö.
fn sanitise(s: &str) -> String {
    fold(s)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Gives each key a unique sanitised id with `prefix`, in the order given.
fn ids<'a>(prefix: &str, keys: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, String> {
    let mut used = HashSet::new();
    let mut out = BTreeMap::new();
    for k in keys {
        let base = format!("{prefix}{}", sanitise(k));
        let mut candidate = base.clone();
        let mut n = 2;
        while !used.insert(candidate.clone()) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        out.insert(k, candidate);
    }
    out
}

/// Opening and closing brackets of a Mermaid node shape that resembles a
/// Graphviz shape.
fn shape(graphviz: &str) -> (&'static str, &'static str) {
    match graphviz {
        "ellipse" | "oval" => ("([", "])"),
        "circle" => ("((", "))"),
        "house" | "trapezium" => ("[/", "\\]"),
        "invhouse" | "invtrapezium" => ("[\\", "/]"),
        "tab" | "folder" | "component" | "box3d" => ("[[", "]]"),
        "note" => (">", "]"),
        "hexagon" => ("{{", "}}"),
        "cylinder" => ("[(", ")]"),
        "diamond" => ("{", "}"),
        _ => ("[", "]"),
    }
}

fn color(c: &str, fallback: &str) -> String {
    hex_color(c).unwrap_or_else(|| fallback.to_string())
}

/// The Mermaid text of a chart, ending with a newline.
pub fn write(chart: &Chart) -> String {
    let mut out = String::new();
    // Mermaid draws the title on one line: the heading's lines, each cut
    // short like the DOT's, joined by dashes.
    let title: Vec<String> = chart
        .title
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let width = if i == 0 {
                super::layout::TITLE_WRAP
            } else {
                super::layout::SUBTITLE_WRAP
            };
            yaml_str(&super::text::title_lines(t, width).join(" "))
        })
        .collect();
    if !title.is_empty() {
        writeln!(out, "---\ntitle: \"{}\"\n---", title.join(" – ")).expect("write to String");
    }
    out.push_str("flowchart BT\n");
    let classes = ids("k_", chart.legend_kinds.iter().map(|k| k.id.as_str()));
    for k in &chart.legend_kinds {
        writeln!(
            out,
            "  classDef {} fill:{},stroke:#555555,color:#000000",
            classes[k.id.as_str()],
            color(&k.fill, "#ffffff")
        )
        .expect("write to String");
    }
    out.push_str("  classDef focus stroke:#000000,stroke-width:3px\n");
    for &m in &chart.legend_marks {
        writeln!(out, "  classDef {} {}", mark_class(m), mark_css(m)).expect("write to String");
    }
    let node_ids = ids("n_", chart.nodes.iter().map(|n| n.id.as_str()));
    let frame_ids = ids("f_", chart.frames.iter().map(|f| f.id.as_str()));
    let tree = FrameTree::of(chart);
    let top = chart.frames.len();
    let w = Writer {
        chart,
        tree: &tree,
        classes: &classes,
        node_ids: &node_ids,
        frame_ids: &frame_ids,
    };
    for &f in &tree.children[top] {
        w.frame(&mut out, f, 1);
    }
    for &n in &tree.nodes[top] {
        w.node(&mut out, n, 1);
    }
    for f in &chart.frames {
        let stroke = if f.grid.is_some() {
            "#888888"
        } else {
            "#555555"
        };
        writeln!(
            out,
            "  style {} fill:{},stroke:{stroke}",
            frame_ids[f.id.as_str()],
            color(&f.fill, "#f7f7f7")
        )
        .expect("write to String");
    }
    for n in chart.nodes.iter().filter(|n| n.focus) {
        writeln!(out, "  class {} focus", node_ids[n.id.as_str()]).expect("write to String");
    }
    for n in &chart.nodes {
        if let Some(m) = n.change {
            writeln!(out, "  class {} {}", node_ids[n.id.as_str()], mark_class(m))
                .expect("write to String");
        }
    }
    for (i, e) in chart.edges.iter().enumerate() {
        // Mermaid's ends: an arrow, a circle or a cross.
        let head = match e.marker.as_str() {
            "none" => "",
            "odot" | "dot" | "obox" | "box" | "odiamond" | "diamond" => "o",
            "tee" | "crow" => "x",
            _ => ">",
        };
        let link = match (e.line.as_str(), head) {
            ("dotted", "") => "-.-".to_string(),
            ("dotted", h) => format!("-.-{h}"),
            ("bold", "") => "===".to_string(),
            ("bold", h) => format!("=={h}"),
            (_, "") => "---".to_string(),
            (_, h) => format!("--{h}"),
        };
        let end = |frame: Option<usize>, node: &str| match frame {
            Some(f) => frame_ids[chart.frames[f].id.as_str()].clone(),
            None => node_ids[node].clone(),
        };
        writeln!(
            out,
            "  {} {link}|{}| {}",
            end(e.from_frame, &e.from),
            quoted(&e.labels),
            end(e.to_frame, &e.to)
        )
        .expect("write to String");
        let mut style = format!("stroke:{}", color(&e.color, "#444444"));
        style.push_str(if e.line == "bold" {
            ",stroke-width:3px"
        } else {
            ",stroke-width:1.5px"
        });
        if e.line == "dashed" {
            style.push_str(",stroke-dasharray:6 4");
        }
        writeln!(out, "  linkStyle {i} {style}").expect("write to String");
    }
    // Wide ranks wrapped into rows, as in the DOT: invisible links.
    for (lower, upper) in &chart.spacers {
        writeln!(
            out,
            "  {} ~~~ {}",
            node_ids[lower.as_str()],
            node_ids[upper.as_str()]
        )
        .expect("write to String");
    }
    if !chart.legend_kinds.is_empty() {
        out.push_str("  subgraph l_legend[\"Teckenförklaring\"]\n");
        for (i, k) in chart.legend_kinds.iter().enumerate() {
            let (open, close) = shape(&k.shape);
            writeln!(
                out,
                "    l_{i}{open}{}{close}:::{}",
                quoted(std::slice::from_ref(&k.label)),
                classes[k.id.as_str()]
            )
            .expect("write to String");
        }
        for &m in &chart.legend_marks {
            writeln!(
                out,
                "    l_{}[{}]:::{}",
                mark_class(m),
                quoted(&[m.style().legend.to_string()]),
                mark_class(m)
            )
            .expect("write to String");
        }
        if !chart.sources.is_empty() {
            let mut lines = vec!["Källor:".to_string()];
            for src in &chart.sources {
                lines.extend(super::text::wrap(src, super::layout::LEGEND_WRAP));
            }
            writeln!(out, "    l_sources[{}]", quoted(&lines)).expect("write to String");
        }
        out.push_str("  end\n  style l_legend fill:#ffffff,stroke:#aaaaaa\n");
    }
    out
}

/// The class of a comparison's mark: `diff_ny`, `diff_borttagen`,
/// `diff_andrad`.
fn mark_class(m: Mark) -> String {
    format!("diff_{}", m.class())
}

/// The look of a mark's class: its colour and width, a dashed outline for
/// removed bodies and a dotted one for changed ones (Mermaid has no double
/// outline), so that it reads in black and white.
fn mark_css(m: Mark) -> String {
    let st = m.style();
    let mut css = format!(
        "stroke:{},stroke-width:{}px",
        st.color,
        st.width.max(1.0) + 1.0
    );
    if let Some(fill) = st.fill {
        css.push_str(&format!(",fill:{fill}"));
    }
    if let Some(font) = st.font {
        css.push_str(&format!(",color:{font}"));
    }
    if st.dashed {
        css.push_str(",stroke-dasharray:6 4");
    } else if st.double {
        css.push_str(",stroke-dasharray:2 2");
    }
    css
}

/// A YAML double-quoted scalar's content.
fn yaml_str(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

struct Writer<'a> {
    chart: &'a Chart,
    tree: &'a FrameTree,
    classes: &'a BTreeMap<&'a str, String>,
    node_ids: &'a BTreeMap<&'a str, String>,
    frame_ids: &'a BTreeMap<&'a str, String>,
}

impl Writer<'_> {
    fn frame(&self, out: &mut String, f: usize, depth: usize) {
        let fr = &self.chart.frames[f];
        let pad = "  ".repeat(depth);
        let label = quoted(&[fr.name.clone(), format!("({})", fr.kind)]);
        writeln!(
            out,
            "{pad}subgraph {}[{label}]",
            self.frame_ids[fr.id.as_str()]
        )
        .expect("write to String");
        for &c in &self.tree.children[f] {
            self.frame(out, c, depth + 1);
        }
        for &n in &self.tree.nodes[f] {
            self.node(out, n, depth + 1);
        }
        writeln!(out, "{pad}end").expect("write to String");
    }

    fn node(&self, out: &mut String, n: usize, depth: usize) {
        let node = &self.chart.nodes[n];
        let (open, close) = shape(&node.shape);
        writeln!(
            out,
            "{}{}{open}{}{close}:::{}",
            "  ".repeat(depth),
            self.node_ids[node.id.as_str()],
            quoted(&node.lines),
            self.classes[node.kind.as_str()]
        )
        .expect("write to String");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_specials() {
        assert_eq!(
            escape(r#"a"b#c<d>&`|;\%"#),
            "a#quot;b#35;c#lt;d#gt;#amp;#96;#124;#59;#92;#37;"
        );
        assert_eq!(escape("å\nä"), "å ä");
    }

    #[test]
    fn ids_are_unique_and_plain() {
        let m = ids("n_", ["a.b", "a-b", "å"]);
        assert_eq!(m["a.b"], "n_a_b");
        assert_eq!(m["a-b"], "n_a_b_2");
        assert_eq!(m["å"], "n_a");
    }
}
