//! A CSV model folder that orgraf loads back into the same graph (see
//! "CSV folders" in README.md and [`crate::model::csv`]):
//!
//! | file | columns |
//! |---|---|
//! | `nodes.csv` | `id,kind,name,subkind,aliases,valid_from,valid_until`, then `doc,quote` pairs |
//! | `edges.csv` | `src,rel,dst,count,valid_from,valid_until,note`, then `doc,quote` pairs |
//! | `attributes.csv` | `id,key,value,valid_from,valid_until`, then `doc,quote` pairs (when a body has attributes) |
//! | `former_names.csv` | `id,name,aliases,changed,valid_from,valid_until`, then `doc,quote` pairs (when a body has former names) |
//!
//! A CSV row's dates cite the row's sources, so the sources a RON model
//! gives a date of its own are not written (the dates are).
//! | `model.ron` | the model's title and date, its documents and the kinds, relations and attribute keys it declares beyond the standard catalog |
//!
//! An optional column that no row fills is left out: a model without
//! subkinds, qualifiers and sources gets the plain columns, which load on
//! the fast path. Each file has as many `doc,quote` pairs as its row with
//! the most sources; aliases are separated by `;`. Comma-separated, LF line ends,
//! fields quoted only when they must be.

use super::{Subset, builtin_ids};
use crate::graph::Validity;
use crate::model::types::{AttributeDef, DocumentDef, KindDef, ModelFile, RelationDef, Source};

/// One CSV file, written row by row: the header's columns that are
/// kept, then `pairs` `doc,quote` pairs.
struct Table {
    w: csv::Writer<Vec<u8>>,
    keep: Vec<bool>,
    pairs: usize,
    rows: usize,
}

impl Table {
    /// A table of the columns of `header` whose `keep` is true (all when
    /// `keep` is empty).
    fn new(header: &[&str], keep: Vec<bool>, pairs: usize) -> Result<Self, String> {
        let keep = if keep.is_empty() {
            vec![true; header.len()]
        } else {
            keep
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut columns: Vec<&str> = header
            .iter()
            .zip(&keep)
            .filter_map(|(c, k)| k.then_some(*c))
            .collect();
        for _ in 0..pairs {
            columns.extend(["doc", "quote"]);
        }
        w.write_record(&columns).map_err(|e| e.to_string())?;
        Ok(Table {
            w,
            keep,
            pairs,
            rows: 0,
        })
    }

    fn row(&mut self, fields: &[&str], sources: &[Source]) -> Result<(), String> {
        let e = |e: csv::Error| e.to_string();
        for (f, _) in fields.iter().zip(&self.keep).filter(|(_, k)| **k) {
            self.w.write_field(f).map_err(e)?;
        }
        for i in 0..self.pairs {
            let s = sources.get(i);
            self.w.write_field(s.map_or("", |s| &s.doc)).map_err(e)?;
            self.w.write_field(s.map_or("", |s| &s.quote)).map_err(e)?;
        }
        self.w.write_record(None::<&[u8]>).map_err(e)?;
        self.rows += 1;
        Ok(())
    }

    fn bytes(self) -> Result<Vec<u8>, String> {
        self.w.into_inner().map_err(|e| e.to_string())
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

/// The most sources any of `lists` has.
fn most<'a>(lists: impl Iterator<Item = &'a [Source]>) -> usize {
    lists.map(<[Source]>::len).max().unwrap_or(0)
}

/// The files of the folder.
pub fn write(s: &Subset<'_>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let g = s.g;
    let details = || s.nodes.iter().filter_map(|&b| g.details(b));
    // Optional columns only when some row fills them: a model with none
    // gets the plain columns, which load on the fast path.
    let subkinds = details().any(|d| d.subkind.is_some());
    let aliases = s.nodes.iter().any(|&b| g.aliases(b).next().is_some());
    // Whether any of `valid` gives a `valid_from`, and a `valid_until`.
    fn dated<'a>(valid: impl Iterator<Item = &'a Validity> + Clone) -> [bool; 2] {
        [
            valid.clone().any(|v| v.from.is_some()),
            valid.clone().any(|v| v.until.is_some()),
        ]
    }
    fn dates(v: &Validity) -> [&str; 2] {
        [v.from_date().unwrap_or(""), v.until_date().unwrap_or("")]
    }
    let [from, until] = dated(details().map(|d| &d.valid));
    let mut nodes = Table::new(
        &[
            "id",
            "kind",
            "name",
            "subkind",
            "aliases",
            "valid_from",
            "valid_until",
        ],
        vec![true, true, true, subkinds, aliases, from, until],
        most(details().map(|d| &d.sources[..])),
    )?;
    let [from, until] = dated(details().flat_map(|d| &d.attributes).map(|a| &a.valid));
    let mut attributes = Table::new(
        &["id", "key", "value", "valid_from", "valid_until"],
        vec![true, true, true, from, until],
        most(
            details()
                .flat_map(|d| &d.attributes)
                .map(|a| &a.sources[..]),
        ),
    )?;
    let [from, until] = dated(details().flat_map(|d| &d.former_names).map(|f| &f.valid));
    let mut former = Table::new(
        &[
            "id",
            "name",
            "aliases",
            "changed",
            "valid_from",
            "valid_until",
        ],
        vec![true, true, true, true, from, until],
        most(
            details()
                .flat_map(|d| &d.former_names)
                .map(|f| &f.sources[..]),
        ),
    )?;
    for &b in &s.nodes {
        let n = g.node(b);
        let d = g.details(b);
        let aliases = alias_list(n.id, g.aliases(b))?;
        let [from, until] = d.map_or(["", ""], |d| dates(&d.valid));
        nodes.row(
            &[
                n.id,
                &g.kind_of(b).id,
                n.name,
                d.and_then(|d| d.subkind.as_deref()).unwrap_or(""),
                &aliases,
                from,
                until,
            ],
            d.map_or(&[], |d| &d.sources),
        )?;
        for a in d.into_iter().flat_map(|d| &d.attributes) {
            let [from, until] = dates(&a.valid);
            attributes.row(&[n.id, &a.key, &a.value, from, until], &a.sources)?;
        }
        for f in d.into_iter().flat_map(|d| &d.former_names) {
            let aliases = alias_list(n.id, f.aliases.iter().map(String::as_str))?;
            let [from, until] = dates(&f.valid);
            former.row(
                &[n.id, &f.name, &aliases, &f.changed, from, until],
                &f.sources,
            )?;
        }
    }
    let infos = || s.edges.iter().filter_map(|e| e.info);
    let mut edges = Table::new(
        &[
            "src",
            "rel",
            "dst",
            "count",
            "valid_from",
            "valid_until",
            "note",
        ],
        vec![
            true,
            true,
            true,
            infos().any(|i| i.count.is_some()),
            infos().any(|i| i.valid.from.is_some()),
            infos().any(|i| i.valid.until.is_some()),
            infos().any(|i| i.note.is_some()),
        ],
        most(s.edges.iter().map(|e| e.sources())),
    )?;
    for e in &s.edges {
        let i = e.info;
        fn opt(v: Option<&Option<String>>) -> &str {
            v.and_then(|v| v.as_deref()).unwrap_or("")
        }
        let count = i
            .and_then(|i| i.count)
            .map_or_else(String::new, |c| c.to_string());
        edges.row(
            &[
                g.node(e.from).id,
                &g.catalog.relation(e.rel).id,
                g.node(e.to).id,
                &count,
                i.and_then(|i| i.valid.from_date()).unwrap_or(""),
                i.and_then(|i| i.valid.until_date()).unwrap_or(""),
                opt(i.map(|i| &i.note)),
            ],
            e.sources(),
        )?;
    }
    let mut files = vec![
        ("model.ron".to_string(), declarations(s)?.into_bytes()),
        ("nodes.csv".to_string(), nodes.bytes()?),
        ("edges.csv".to_string(), edges.bytes()?),
    ];
    if attributes.rows > 0 {
        files.push(("attributes.csv".into(), attributes.bytes()?));
    }
    if former.rows > 0 {
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
