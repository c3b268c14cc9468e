//! A CSV model folder that orgraf loads back into the same graph (see
//! "CSV folders" in README.md and [`crate::model::csv`]):
//!
//! | file | columns |
//! |---|---|
//! | `nodes.csv` | `id,kind,name,subkind,aliases`, then `doc,quote` pairs |
//! | `edges.csv` | `src,rel,dst,count,valid_from,valid_to,note`, then `doc,quote` pairs |
//! | `attributes.csv` | `id,key,value`, then `doc,quote` pairs (when a body has attributes) |
//! | `former_names.csv` | `id,name,aliases,changed`, then `doc,quote` pairs (when a body has former names) |
//! | `model.ron` | the model's title and date, its documents and the kinds, relations and attribute keys it declares beyond the standard catalog |
//!
//! Each file has as many `doc,quote` pairs as its row with the most
//! sources; aliases are separated by `;`. Comma-separated, LF line ends,
//! fields quoted only when they must be.

use super::{Subset, builtin_ids};
use crate::model::types::{AttributeDef, DocumentDef, KindDef, ModelFile, RelationDef, Source};

/// One CSV file: a header and rows, each row with its sources.
struct Table {
    header: Vec<&'static str>,
    rows: Vec<(Vec<String>, Vec<Source>)>,
}

impl Table {
    fn new(header: &[&'static str]) -> Self {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        let pairs = self.rows.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<&str> = self.header.clone();
        for _ in 0..pairs {
            header.extend(["doc", "quote"]);
        }
        w.write_record(&header).map_err(|e| e.to_string())?;
        for (row, sources) in &self.rows {
            let mut fields = row.clone();
            for i in 0..pairs {
                let s = sources.get(i);
                fields.push(s.map_or_else(String::new, |s| s.doc.clone()));
                fields.push(s.map_or_else(String::new, |s| s.quote.clone()));
            }
            w.write_record(&fields).map_err(|e| e.to_string())?;
        }
        w.into_inner().map_err(|e| e.to_string())
    }
}

/// Aliases joined by `;`; an alias holding `;` cannot be written.
fn alias_list<'a>(id: &str, aliases: impl IntoIterator<Item = &'a str>) -> Result<String, String> {
    let aliases: Vec<&str> = aliases.into_iter().collect();
    if let Some(a) = aliases.iter().find(|a| a.contains(';')) {
        return Err(format!(
            "the alias `{a}` of `{id}` contains `;`, which separates aliases in CSV; use --format json"
        ));
    }
    Ok(aliases.join(";"))
}

/// The files of the folder.
pub fn write(s: &Subset<'_>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let g = s.g;
    let mut nodes = Table::new(&["id", "kind", "name", "subkind", "aliases"]);
    let mut attributes = Table::new(&["id", "key", "value"]);
    let mut former = Table::new(&["id", "name", "aliases", "changed"]);
    for &b in &s.nodes {
        let n = g.node(b);
        let d = g.details(b);
        nodes.rows.push((
            vec![
                n.id.to_string(),
                g.kind_of(b).id.clone(),
                n.name.to_string(),
                d.and_then(|d| d.subkind.clone()).unwrap_or_default(),
                alias_list(&n.id, g.aliases(b))?,
            ],
            d.map_or_else(Vec::new, |d| d.sources.clone()),
        ));
        for a in d.into_iter().flat_map(|d| &d.attributes) {
            attributes.rows.push((
                vec![n.id.to_string(), a.key.clone(), a.value.clone()],
                a.sources.clone(),
            ));
        }
        for f in d.into_iter().flat_map(|d| &d.former_names) {
            former.rows.push((
                vec![
                    n.id.to_string(),
                    f.name.clone(),
                    alias_list(&n.id, f.aliases.iter().map(String::as_str))?,
                    f.changed.clone(),
                ],
                f.sources.clone(),
            ));
        }
    }
    let mut edges = Table::new(&[
        "src",
        "rel",
        "dst",
        "count",
        "valid_from",
        "valid_to",
        "note",
    ]);
    for e in &s.edges {
        let i = e.info;
        let opt = |v: Option<&String>| v.cloned().unwrap_or_default();
        edges.rows.push((
            vec![
                g.node(e.from).id.to_string(),
                g.catalog.relation(e.rel).id.clone(),
                g.node(e.to).id.to_string(),
                i.and_then(|i| i.count)
                    .map_or_else(String::new, |c| c.to_string()),
                opt(i.and_then(|i| i.valid_from.as_ref())),
                opt(i.and_then(|i| i.valid_to.as_ref())),
                opt(i.and_then(|i| i.note.as_ref())),
            ],
            e.sources().to_vec(),
        ));
    }
    let mut files = vec![
        ("model.ron".to_string(), declarations(s)?.into_bytes()),
        ("nodes.csv".to_string(), nodes.bytes()?),
        ("edges.csv".to_string(), edges.bytes()?),
    ];
    if !attributes.rows.is_empty() {
        files.push(("attributes.csv".into(), attributes.bytes()?));
    }
    if !former.rows.is_empty() {
        files.push(("former_names.csv".into(), former.bytes()?));
    }
    files.sort();
    Ok(files)
}

/// `model.ron`: what the model declares beyond the standard catalog.
fn declarations(s: &Subset<'_>) -> Result<String, String> {
    let c = &s.g.catalog;
    let [kinds, rels, attrs] = builtin_ids();
    let file = ModelFile {
        model: c.meta.clone(),
        documents: c
            .documents
            .iter()
            .map(|d| DocumentDef { ..d.clone() })
            .collect(),
        kinds: c
            .kinds
            .iter()
            .filter(|k| !kinds.contains(&k.id))
            .map(|k| KindDef {
                id: k.id.clone(),
                label: k.label.clone(),
                english: k.english.clone(),
                description: k.description.clone(),
                subkinds: k.subkinds.clone(),
                style: Some(k.style.clone()),
            })
            .collect(),
        relations: c
            .relations
            .iter()
            .filter(|r| !rels.contains(&r.id))
            .map(|r| RelationDef {
                id: r.id.clone(),
                label: r.label.clone(),
                inverse: r.inverse.clone(),
                ascii: Some(r.ascii.clone()),
                english: r.english.clone(),
                description: r.description.clone(),
                subject_kinds: r
                    .subject_kinds
                    .iter()
                    .map(|&k| c.kind(k).id.clone())
                    .collect(),
                object_kinds: r
                    .object_kinds
                    .iter()
                    .map(|&k| c.kind(k).id.clone())
                    .collect(),
                reachable: r.reachable,
                style: Some(r.style.clone()),
            })
            .collect(),
        attributes: c
            .attributes
            .iter()
            .filter(|a| !attrs.contains(&a.id))
            .map(|a| AttributeDef { ..a.clone() })
            .collect(),
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let body = ron::ser::to_string_pretty(&file, config).map_err(|e| e.to_string())?;
    Ok(format!(
        "// Written by `orgraf export --format csv`: the model's declarations.\n\
         // Its bodies, edges, attributes and former names are in the .csv files beside this one.\n{body}\n"
    ))
}
