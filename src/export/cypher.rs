//! For graph databases: a Cypher script (Neo4j, Memgraph) and the files
//! of `neo4j-admin database import`.
//!
//! Every body is a node labelled `Body` and its kind (`:Body:organ`),
//! every edge a relationship typed by its relation id (`:bereder`).
//! Properties: `id`, `name`, `kind`, `subkind`, `aliases` (a list),
//! `former_names` (a list), each attribute under its key (a key that
//! would clash with these gets the prefix `attr_`; several values of one
//! key are joined by a line break), and the evidence as parallel lists:
//! `source_docs` and `source_quotes` (the body's or edge's own sources),
//! `attribute_source_keys`, `attribute_source_docs` and
//! `attribute_source_quotes` (an attribute's). Edges have `count`,
//! `valid_from`, `valid_until` and `note` when the model gives them.
//!
//! The script is one statement per line: `CREATE` for each body, then
//! `MATCH … CREATE` for each edge. Strings are single-quoted with `\\`,
//! `\'` and `\n`-style escapes, names in backticks with backticks
//! doubled: no name or quote can break out of its literal.

use std::fmt::Write as _;

use super::Subset;
use crate::graph::{BodyId, Edge, OrgGraph};
use crate::model::types::Source;

/// `text` as a Cypher string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `name` as a Cypher identifier in backticks.
pub fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A property value: a string, a number or a list of strings.
enum Prop {
    Str(String),
    Int(u32),
    List(Vec<String>),
}

/// The properties of a body, in a fixed order.
fn node_props(g: &OrgGraph, b: BodyId) -> Vec<(String, Prop)> {
    let n = g.node(b);
    let d = g.details(b);
    let mut props = vec![
        ("id".to_string(), Prop::Str(n.id.to_string())),
        ("name".into(), Prop::Str(n.name.to_string())),
        ("kind".into(), Prop::Str(g.kind_of(b).id.clone())),
    ];
    if let Some(k) = d.and_then(|d| d.subkind.clone()) {
        props.push(("subkind".into(), Prop::Str(k)));
    }
    props.push((
        "aliases".into(),
        Prop::List(g.aliases(b).map(str::to_string).collect()),
    ));
    let Some(d) = d else {
        return props;
    };
    props.push((
        "former_names".into(),
        Prop::List(d.former_names.iter().map(|f| f.name.clone()).collect()),
    ));
    const OWN: &[&str] = &[
        "id",
        "name",
        "kind",
        "subkind",
        "aliases",
        "former_names",
        "source_docs",
        "source_quotes",
        "attribute_source_keys",
        "attribute_source_docs",
        "attribute_source_quotes",
    ];
    let mut keys: Vec<&str> = Vec::new();
    for a in &d.attributes {
        if !keys.contains(&a.key.as_str()) {
            keys.push(&a.key);
        }
    }
    for k in keys {
        let values: Vec<&str> = d
            .attributes
            .iter()
            .filter(|a| a.key == k)
            .map(|a| a.value.as_str())
            .collect();
        let name = if OWN.contains(&k) || k.starts_with("attr_") {
            format!("attr_{k}")
        } else {
            k.to_string()
        };
        props.push((name, Prop::Str(values.join("\n"))));
    }
    props.extend(source_props("source", &d.sources));
    let mut keys = Vec::new();
    let mut docs = Vec::new();
    let mut quotes = Vec::new();
    for a in &d.attributes {
        for s in &a.sources {
            keys.push(a.key.clone());
            docs.push(s.doc.clone());
            quotes.push(s.quote.clone());
        }
    }
    props.push(("attribute_source_keys".into(), Prop::List(keys)));
    props.push(("attribute_source_docs".into(), Prop::List(docs)));
    props.push(("attribute_source_quotes".into(), Prop::List(quotes)));
    props
}

fn source_props(prefix: &str, sources: &[Source]) -> [(String, Prop); 2] {
    [
        (
            format!("{prefix}_docs"),
            Prop::List(sources.iter().map(|s| s.doc.clone()).collect()),
        ),
        (
            format!("{prefix}_quotes"),
            Prop::List(sources.iter().map(|s| s.quote.clone()).collect()),
        ),
    ]
}

fn edge_props(e: &Edge<'_>) -> Vec<(String, Prop)> {
    let mut props = Vec::new();
    let Some(i) = e.info else {
        return props;
    };
    if let Some(c) = i.count {
        props.push(("count".into(), Prop::Int(c)));
    }
    for (k, v) in [
        ("valid_from", i.valid.from_date()),
        ("valid_until", i.valid.until_date()),
        ("note", i.note.as_deref()),
    ] {
        if let Some(v) = v {
            props.push((k.into(), Prop::Str(v.to_string())));
        }
    }
    props.extend(source_props("source", &i.sources));
    props
}

fn cypher_map(props: &[(String, Prop)]) -> String {
    let fields: Vec<String> = props
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Prop::Str(s) => string(s),
                Prop::Int(n) => n.to_string(),
                Prop::List(items) => list(items),
            };
            format!("{}: {v}", ident(k))
        })
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// The Cypher script.
pub fn script(s: &Subset<'_>) -> String {
    let g = s.g;
    let mut out = String::new();
    let title = g
        .catalog
        .meta
        .as_ref()
        .map_or_else(String::new, |m| format!("{}, {}: ", m.name, m.date));
    let _ = writeln!(
        out,
        "// orgraf export: {}{} bodies, {} edges.",
        title.replace('\n', " "),
        s.nodes.len(),
        s.edges.len()
    );
    out.push_str("// Run with `cypher-shell -f FILE` (Neo4j) or `mgconsole < FILE` (Memgraph), into an empty database.\n");
    out.push_str("// On a large model, create an index on :Body(id) first.\n");
    for &b in &s.nodes {
        let label = ident(&g.kind_of(b).id);
        let _ = writeln!(
            out,
            "CREATE (:Body:{label} {});",
            cypher_map(&node_props(g, b))
        );
    }
    for e in &s.edges {
        let props = edge_props(e);
        let map = if props.is_empty() {
            String::new()
        } else {
            format!(" {}", cypher_map(&props))
        };
        let _ = writeln!(
            out,
            "MATCH (a:Body {{id: {}}}), (b:Body {{id: {}}}) CREATE (a)-[:{}{map}]->(b);",
            string(g.node(e.from).id),
            string(g.node(e.to).id),
            ident(&g.catalog.relation(e.rel).id)
        );
    }
    out
}

/// The separators an array field may use, in order of preference; the
/// first that occurs in no array element is taken.
const ARRAY_DELIMITERS: [char; 5] = [';', '|', '¦', '¤', '§'];

/// The neo4j-admin import files: `neo4j_nodes.csv`,
/// `neo4j_relationships.csv` and `IMPORT.txt` with the command that
/// imports them.
pub fn neo4j_csv(s: &Subset<'_>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let g = s.g;
    let nodes: Vec<Vec<(String, Prop)>> = s.nodes.iter().map(|&b| node_props(g, b)).collect();
    let edges: Vec<Vec<(String, Prop)>> = s.edges.iter().map(edge_props).collect();
    // The arrays' elements, to pick a delimiter none of them holds.
    let mut elements: Vec<&str> = s.nodes.iter().map(|&b| g.kind_of(b).id.as_str()).collect();
    for props in nodes.iter().chain(&edges) {
        for (_, p) in props {
            if let Prop::List(items) = p {
                elements.extend(items.iter().map(String::as_str));
            }
        }
    }
    let delim = ARRAY_DELIMITERS
        .into_iter()
        .find(|d| !elements.iter().any(|e| e.contains(*d)))
        .ok_or_else(|| {
            format!(
                "every array separator neo4j-admin could use ({}) occurs in a name or quote; use --format cypher",
                ARRAY_DELIMITERS.iter().collect::<String>()
            )
        })?;
    let d = delim.to_string();

    // Columns: every property name in first-seen order, typed.
    let columns = |rows: &[Vec<(String, Prop)>], skip: &[&str]| {
        let mut cols: Vec<(String, &'static str)> = Vec::new();
        for props in rows {
            for (k, v) in props {
                if skip.contains(&k.as_str()) || cols.iter().any(|(c, _)| c == k) {
                    continue;
                }
                let ty = match v {
                    Prop::Str(_) => "",
                    Prop::Int(_) => ":int",
                    Prop::List(_) => ":string[]",
                };
                cols.push((k.clone(), ty));
            }
        }
        cols
    };
    let cell = |props: &[(String, Prop)], col: &str| {
        props
            .iter()
            .find(|(k, _)| k == col)
            .map_or_else(String::new, |(_, v)| match v {
                Prop::Str(s) => s.clone(),
                Prop::Int(n) => n.to_string(),
                Prop::List(items) => items.join(&d),
            })
    };

    let node_cols = columns(&nodes, &["id"]);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id:ID".to_string(), ":LABEL".to_string()];
    header.extend(node_cols.iter().map(|(c, t)| format!("{c}{t}")));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for (&b, props) in s.nodes.iter().zip(&nodes) {
        let mut row = vec![
            g.node(b).id.to_string(),
            format!("Body{d}{}", g.kind_of(b).id),
        ];
        row.extend(node_cols.iter().map(|(c, _)| cell(props, c)));
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    let node_file = w.into_inner().map_err(|e| e.to_string())?;

    let edge_cols = columns(&edges, &[]);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        ":START_ID".to_string(),
        ":END_ID".to_string(),
        ":TYPE".to_string(),
    ];
    header.extend(edge_cols.iter().map(|(c, t)| format!("{c}{t}")));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for (e, props) in s.edges.iter().zip(&edges) {
        let mut row = vec![
            g.node(e.from).id.to_string(),
            g.node(e.to).id.to_string(),
            g.catalog.relation(e.rel).id.clone(),
        ];
        row.extend(edge_cols.iter().map(|(c, _)| cell(props, c)));
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    let edge_file = w.into_inner().map_err(|e| e.to_string())?;

    let import = format!(
        "Import into a new Neo4j database (stop it first; DATABASE is e.g. neo4j):\n\n\
         neo4j-admin database import full --nodes=neo4j_nodes.csv --relationships=neo4j_relationships.csv \
         --array-delimiter='{d}' --multiline-fields=true --overwrite-destination DATABASE\n"
    );
    Ok(vec![
        ("IMPORT.txt".into(), import.into_bytes()),
        ("neo4j_nodes.csv".into(), node_file),
        ("neo4j_relationships.csv".into(), edge_file),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_names_cannot_break_out() {
        assert_eq!(string("a'b\\c\nd\u{1}"), "'a\\'b\\\\c\\nd\\u0001'");
        assert_eq!(ident("a`b"), "`a``b`");
    }
}
