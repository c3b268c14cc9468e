//! GraphML, for yEd, Gephi and networkx.
//!
//! Every `<data>` refers to a `<key>` declared before the graph. Nodes
//! carry `label` (the name, which Gephi shows), `name`, `kind`,
//! `subkind`, `aliases` (joined by `; `), `former_names`, one key per
//! attribute key used (its `attr.name` is the attribute key) and
//! `sources`; edges carry `relation` (the id), `label` (the Swedish
//! label), the qualifiers and `sources`. Sources are one line each,
//! `DOC: "QUOTE"`. Node ids are model ids; edge ids are `FROM/REL/TO`
//! (see [`super::Subset::edge_names`]).
//!
//! Text is escaped for XML; characters XML 1.0 cannot carry at all (C0
//! controls other than tab, line feed and carriage return) are written
//! as U+FFFD.

use std::fmt::Write as _;

use super::Subset;
use crate::model::types::Source;

/// `text` escaped for an XML attribute value or element content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Sources as lines `DOC: "QUOTE"`.
pub(super) fn source_lines(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| format!("{}: \"{}\"", s.doc, s.quote))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The GraphML document.
pub fn write(s: &Subset<'_>) -> String {
    let g = s.g;
    // Attribute keys in catalog order, then any others by name.
    let mut attr_keys: Vec<&str> = Vec::new();
    for b in &s.nodes {
        for a in g.details(*b).into_iter().flat_map(|d| &d.attributes) {
            if !attr_keys.contains(&a.key.as_str()) {
                attr_keys.push(&a.key);
            }
        }
    }
    let rank = |k: &str| {
        g.catalog
            .attributes
            .iter()
            .position(|a| a.id == k)
            .unwrap_or(usize::MAX)
    };
    attr_keys.sort_by(|a, b| (rank(a), *a).cmp(&(rank(b), *b)));

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    let key = |out: &mut String, id: &str, on: &str, name: &str| {
        let _ = writeln!(
            out,
            "  <key id=\"{}\" for=\"{on}\" attr.name=\"{}\" attr.type=\"string\"/>",
            escape(id),
            escape(name)
        );
    };
    for k in [
        "label",
        "name",
        "kind",
        "subkind",
        "aliases",
        "former_names",
        "sources",
    ] {
        key(&mut out, &format!("n_{k}"), "node", k);
    }
    for (i, k) in attr_keys.iter().enumerate() {
        key(&mut out, &format!("n_attr{i}"), "node", k);
    }
    for k in [
        "label",
        "relation",
        "count",
        "valid_from",
        "valid_until",
        "note",
        "sources",
    ] {
        key(&mut out, &format!("e_{k}"), "edge", k);
    }
    let title = g
        .catalog
        .meta
        .as_ref()
        .map_or("orgraf", |m| m.name.as_str());
    let _ = writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"directed\">",
        escape(title)
    );
    let data = |out: &mut String, key: &str, value: &str| {
        if !value.is_empty() {
            let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", escape(value));
        }
    };
    for &b in &s.nodes {
        let n = g.node(b);
        let d = g.details(b);
        let _ = writeln!(out, "    <node id=\"{}\">", escape(n.id));
        data(&mut out, "n_label", n.name);
        data(&mut out, "n_name", n.name);
        data(&mut out, "n_kind", &g.kind_of(b).id);
        data(
            &mut out,
            "n_subkind",
            d.and_then(|d| d.subkind.as_deref()).unwrap_or(""),
        );
        data(
            &mut out,
            "n_aliases",
            &g.aliases(b).collect::<Vec<_>>().join("; "),
        );
        if let Some(d) = d {
            let former: Vec<&str> = d.former_names.iter().map(|f| f.name.as_str()).collect();
            data(&mut out, "n_former_names", &former.join("; "));
            for (i, k) in attr_keys.iter().enumerate() {
                let values: Vec<&str> = d
                    .attributes
                    .iter()
                    .filter(|a| a.key == *k)
                    .map(|a| a.value.as_str())
                    .collect();
                data(&mut out, &format!("n_attr{i}"), &values.join("\n"));
            }
            data(&mut out, "n_sources", &source_lines(&d.sources));
        }
        out.push_str("    </node>\n");
    }
    for (e, name) in s.edges.iter().zip(s.edge_names()) {
        let r = g.catalog.relation(e.rel);
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(&name),
            escape(g.node(e.from).id),
            escape(g.node(e.to).id)
        );
        data(&mut out, "e_label", &r.label);
        data(&mut out, "e_relation", &r.id);
        if let Some(i) = e.info {
            data(
                &mut out,
                "e_count",
                &i.count.map(|c| c.to_string()).unwrap_or_default(),
            );
            data(&mut out, "e_valid_from", i.valid.from_date().unwrap_or(""));
            data(
                &mut out,
                "e_valid_until",
                i.valid.until_date().unwrap_or(""),
            );
            data(&mut out, "e_note", i.note.as_deref().unwrap_or(""));
            data(&mut out, "e_sources", &source_lines(&i.sources));
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_unrepresentable_characters() {
        assert_eq!(
            escape("a<b>&\"c'\t\r\n\u{1}\u{ffff}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#9;&#13;&#10;\u{fffd}\u{fffd}"
        );
    }
}
