//! `orgraf diff OLD NEW`: what changed between two versions of a model.
//!
//! Both models are loaded through [`crate::model::load`] (folders, CSV
//! folders, workbooks, compiled files alike) and reduced to plain facts
//! keyed by body id ([`Facts`]); [`compare`] then lists the [`Change`]s,
//! grouped by body ([`BodyDiff`]) and sorted by id, so the same two
//! models always give the same report.
//!
//! Bodies are matched by id. A body whose id is only in OLD is matched to
//! one only in NEW when exactly one candidate shares a name, alias or
//! former name with it (and it with exactly one): that is reported as an
//! id change, and its edges are compared under the new id. Edges are
//! compared as (subject, relation, object) and listed under their
//! subject; the facts of an added or removed body are not listed one by
//! one, but its own edges are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::commands::{self, Failure, INPUT_ERROR, OK};
use crate::graph::OrgGraph;
use crate::model::ModelSource;

/// `orgraf diff` arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old model: a folder, CSV folder, workbook or compiled file.
    #[arg(required_unless_present = "rev")]
    pub old: Option<PathBuf>,
    /// The new model, in any of the same forms.
    #[arg(required_unless_present = "rev")]
    pub new: Option<PathBuf>,
    /// Compare the model folder (--model, default `model`) at two git
    /// revisions: `--rev OLD --rev NEW`.
    #[arg(long, value_name = "REV", conflicts_with_all = ["old", "new"])]
    pub rev: Vec<String>,
    /// Output: a review list grouped by body (text), or JSON for scripts.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiffFormat {
    #[default]
    Text,
    Json,
}

/// A source as a sortable pair: document, quote.
pub type Src = (String, String);

/// An edge as (subject id, relation id, object id).
pub type EdgeKey = (String, String, String);

/// What a model says about one body, as plain values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyFacts {
    pub name: String,
    pub kind: String,
    pub subkind: Option<String>,
    pub aliases: BTreeSet<String>,
    pub former_names: BTreeSet<String>,
    /// Attribute key → value → its sources.
    pub attributes: BTreeMap<String, BTreeMap<String, BTreeSet<Src>>>,
    pub sources: BTreeSet<Src>,
    /// The validity (`2017-01–`, empty when open) of the body (key ``),
    /// of each former name (`namn NAME`) and attribute value (`KEY: VALUE`).
    pub validity: BTreeMap<String, String>,
}

impl BodyFacts {
    /// Every name the body goes by: name, aliases, former names.
    fn spellings(&self) -> BTreeSet<&str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.former_names.iter().map(String::as_str))
            .collect()
    }
}

/// A model reduced to what `diff` compares: bodies by id, edges by
/// (subject, relation, object) with their sources, and the catalog's
/// labels of kinds and relations for the text report.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub bodies: BTreeMap<String, BodyFacts>,
    pub edges: BTreeMap<EdgeKey, BTreeSet<Src>>,
    /// Each edge's validity, as [`BodyFacts::validity`].
    pub edge_validity: BTreeMap<EdgeKey, String>,
    pub labels: BTreeMap<String, String>,
}

fn srcs(s: &[crate::model::types::Source]) -> BTreeSet<Src> {
    s.iter().map(|s| (s.doc.clone(), s.quote.clone())).collect()
}

impl Facts {
    /// The facts of graph `g`.
    pub fn of(g: &OrgGraph) -> Facts {
        let mut f = Facts::default();
        for k in &g.catalog.kinds {
            f.labels.insert(format!("kind:{}", k.id), k.label.clone());
        }
        for r in &g.catalog.relations {
            f.labels.insert(format!("rel:{}", r.id), r.label.clone());
        }
        for b in g.bodies() {
            let n = g.node(b);
            let mut body = BodyFacts {
                name: n.name.to_string(),
                kind: g.kind_of(b).id.clone(),
                aliases: g.aliases(b).map(str::to_string).collect(),
                ..BodyFacts::default()
            };
            if let Some(d) = g.details(b) {
                body.subkind = d.subkind.clone();
                body.former_names = d.former_names.iter().map(|f| f.name.clone()).collect();
                body.validity.insert(String::new(), d.valid.text());
                for f in &d.former_names {
                    body.validity
                        .insert(format!("namn {}", f.name), f.valid.text());
                }
                for a in &d.attributes {
                    body.validity
                        .insert(format!("{}: {}", a.key, a.value), a.valid.text());
                }
                for a in &d.attributes {
                    body.attributes
                        .entry(a.key.clone())
                        .or_default()
                        .entry(a.value.clone())
                        .or_default()
                        .extend(srcs(&a.sources));
                }
                body.sources = srcs(&d.sources);
            }
            f.bodies.insert(n.id.to_string(), body);
        }
        for e in g.edges() {
            let key = (
                g.node(e.from).id.to_string(),
                g.catalog.relation(e.rel).id.clone(),
                g.node(e.to).id.to_string(),
            );
            let valid = e.info.map(|i| i.valid.text()).unwrap_or_default();
            f.edge_validity.insert(key.clone(), valid);
            f.edges.entry(key).or_default().extend(srcs(e.sources()));
        }
        f
    }
}

/// Where a source was added or removed: the body itself, one of its
/// attributes, or one of its edges.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum SourceOn {
    Body,
    Attribute { key: String },
    Edge { relation: String, object: String },
}

/// One change to a body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    BodyAdded {
        name: String,
        kind: String,
    },
    BodyRemoved {
        name: String,
        kind: String,
    },
    IdChanged {
        old: String,
        new: String,
    },
    Renamed {
        old: String,
        new: String,
    },
    KindChanged {
        old: String,
        new: String,
    },
    SubkindChanged {
        old: Option<String>,
        new: Option<String>,
    },
    AliasAdded {
        alias: String,
    },
    AliasRemoved {
        alias: String,
    },
    FormerNameAdded {
        name: String,
    },
    FormerNameRemoved {
        name: String,
    },
    AttributeChanged {
        key: String,
        old: String,
        new: String,
    },
    AttributeAdded {
        key: String,
        value: String,
    },
    AttributeRemoved {
        key: String,
        value: String,
    },
    EdgeAdded {
        relation: String,
        object: String,
    },
    EdgeRemoved {
        relation: String,
        object: String,
    },
    /// When a fact held changed: `of` is empty for the body itself, else
    /// `namn NAME`, `KEY: VALUE` or `RELATION OBJECT`; a period is
    /// written `2022-10–2024` and is empty when open.
    ValidityChanged {
        of: String,
        old: String,
        new: String,
    },
    SourceAdded {
        #[serde(flatten)]
        on: SourceOn,
        doc: String,
        quote: String,
    },
    SourceRemoved {
        #[serde(flatten)]
        on: SourceOn,
        doc: String,
        quote: String,
    },
}

/// The changes of one body: its id (in NEW, or in OLD when removed), its
/// name, and what changed, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyDiff {
    pub id: String,
    pub name: String,
    pub changes: Vec<Change>,
}

/// The whole comparison, bodies sorted by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub identical: bool,
    pub bodies: Vec<BodyDiff>,
}

/// Pairs bodies only in OLD with bodies only in NEW that share a name,
/// when each has exactly one candidate: old id → new id.
fn match_renamed_ids(old: &Facts, new: &Facts) -> BTreeMap<String, String> {
    let gone: Vec<&String> = old
        .bodies
        .keys()
        .filter(|id| !new.bodies.contains_key(*id))
        .collect();
    let came: Vec<&String> = new
        .bodies
        .keys()
        .filter(|id| !old.bodies.contains_key(*id))
        .collect();
    let shares = |o: &String, n: &String| {
        let a = old.bodies[o].spellings();
        new.bodies[n].spellings().iter().any(|s| a.contains(s))
    };
    let mut map = BTreeMap::new();
    for o in &gone {
        let cands: Vec<&&String> = came.iter().filter(|n| shares(o, n)).collect();
        if let [n] = cands[..]
            && gone.iter().filter(|o2| shares(o2, n)).count() == 1
        {
            map.insert((*o).clone(), (*n).clone());
        }
    }
    map
}

fn diff_sets<T: Ord + Clone>(old: &BTreeSet<T>, new: &BTreeSet<T>) -> (Vec<T>, Vec<T>) {
    (
        new.difference(old).cloned().collect(),
        old.difference(new).cloned().collect(),
    )
}

fn source_changes(on: SourceOn, old: &BTreeSet<Src>, new: &BTreeSet<Src>, out: &mut Vec<Change>) {
    let (added, removed) = diff_sets(old, new);
    out.extend(added.into_iter().map(|(doc, quote)| Change::SourceAdded {
        on: on.clone(),
        doc,
        quote,
    }));
    out.extend(
        removed
            .into_iter()
            .map(|(doc, quote)| Change::SourceRemoved {
                on: on.clone(),
                doc,
                quote,
            }),
    );
}

fn body_changes(o: &BodyFacts, n: &BodyFacts, out: &mut Vec<Change>) {
    if o.name != n.name {
        out.push(Change::Renamed {
            old: o.name.clone(),
            new: n.name.clone(),
        });
    }
    if o.kind != n.kind {
        out.push(Change::KindChanged {
            old: o.kind.clone(),
            new: n.kind.clone(),
        });
    }
    if o.subkind != n.subkind {
        out.push(Change::SubkindChanged {
            old: o.subkind.clone(),
            new: n.subkind.clone(),
        });
    }
    let (added, removed) = diff_sets(&o.aliases, &n.aliases);
    out.extend(added.into_iter().map(|alias| Change::AliasAdded { alias }));
    out.extend(
        removed
            .into_iter()
            .map(|alias| Change::AliasRemoved { alias }),
    );
    let (added, removed) = diff_sets(&o.former_names, &n.former_names);
    out.extend(
        added
            .into_iter()
            .map(|name| Change::FormerNameAdded { name }),
    );
    out.extend(
        removed
            .into_iter()
            .map(|name| Change::FormerNameRemoved { name }),
    );
    let empty = BTreeMap::new();
    let keys: BTreeSet<&String> = o.attributes.keys().chain(n.attributes.keys()).collect();
    for key in keys {
        let ov = o.attributes.get(key).unwrap_or(&empty);
        let nv = n.attributes.get(key).unwrap_or(&empty);
        let gone: Vec<&String> = ov.keys().filter(|v| !nv.contains_key(*v)).collect();
        let came: Vec<&String> = nv.keys().filter(|v| !ov.contains_key(*v)).collect();
        if let ([old], [new]) = (&gone[..], &came[..]) {
            out.push(Change::AttributeChanged {
                key: key.clone(),
                old: (*old).clone(),
                new: (*new).clone(),
            });
        } else {
            out.extend(came.iter().map(|v| Change::AttributeAdded {
                key: key.clone(),
                value: (*v).clone(),
            }));
            out.extend(gone.iter().map(|v| Change::AttributeRemoved {
                key: key.clone(),
                value: (*v).clone(),
            }));
        }
        // Sources of a value kept in both.
        for (v, os) in ov {
            if let Some(ns) = nv.get(v) {
                let on = SourceOn::Attribute { key: key.clone() };
                source_changes(on, os, ns, out);
            }
        }
    }
    source_changes(SourceOn::Body, &o.sources, &n.sources, out);
    for (of, old) in &o.validity {
        if let Some(new) = n.validity.get(of).filter(|new| *new != old) {
            out.push(validity_changed(of, old, new));
        }
    }
}

fn validity_changed(of: &str, old: &str, new: &str) -> Change {
    Change::ValidityChanged {
        of: of.to_string(),
        old: old.to_string(),
        new: new.to_string(),
    }
}

/// The list of changes of body `id` in `bodies`, made when missing.
fn changes_of<'a>(
    bodies: &'a mut BTreeMap<String, BodyDiff>,
    id: &str,
    name: &str,
) -> &'a mut Vec<Change> {
    &mut bodies
        .entry(id.to_string())
        .or_insert_with(|| BodyDiff {
            id: id.to_string(),
            name: name.to_string(),
            changes: Vec::new(),
        })
        .changes
}

/// Compares two models' facts.
pub fn compare(old: &Facts, new: &Facts) -> Report {
    let renamed = match_renamed_ids(old, new);
    let new_id = |id: &String| renamed.get(id).unwrap_or(id).clone();
    let mut bodies: BTreeMap<String, BodyDiff> = BTreeMap::new();
    for (id, o) in &old.bodies {
        let nid = new_id(id);
        match new.bodies.get(&nid) {
            Some(n) => {
                let mut changes = Vec::new();
                if nid != *id {
                    changes.push(Change::IdChanged {
                        old: id.clone(),
                        new: nid.clone(),
                    });
                }
                body_changes(o, n, &mut changes);
                if !changes.is_empty() {
                    changes_of(&mut bodies, &nid, &n.name).extend(changes);
                }
            }
            None => {
                changes_of(&mut bodies, id, &o.name).push(Change::BodyRemoved {
                    name: o.name.clone(),
                    kind: o.kind.clone(),
                });
            }
        }
    }
    let matched: BTreeSet<&String> = renamed.values().collect();
    for (id, n) in &new.bodies {
        if !old.bodies.contains_key(id) && !matched.contains(id) {
            changes_of(&mut bodies, id, &n.name).push(Change::BodyAdded {
                name: n.name.clone(),
                kind: n.kind.clone(),
            });
        }
    }
    let old_edges: BTreeMap<EdgeKey, &BTreeSet<Src>> = old
        .edges
        .iter()
        .map(|((s, r, o), src)| ((new_id(s), r.clone(), new_id(o)), src))
        .collect();
    let old_validity: BTreeMap<EdgeKey, &String> = old
        .edge_validity
        .iter()
        .map(|((s, r, o), v)| ((new_id(s), r.clone(), new_id(o)), v))
        .collect();
    let name_of = |id: &str| {
        new.bodies
            .get(id)
            .map(|b| b.name.clone())
            .or_else(|| {
                let old_id = renamed.iter().find(|(_, n)| *n == id).map(|(o, _)| o);
                old.bodies
                    .get(old_id.map_or(id, String::as_str))
                    .map(|b| b.name.clone())
            })
            .unwrap_or_default()
    };
    let keys: BTreeSet<&EdgeKey> = old_edges.keys().chain(new.edges.keys()).collect();
    for key in keys {
        let (s, r, o) = key;
        let mut changes = Vec::new();
        match (old_edges.get(key), new.edges.get(key)) {
            (Some(_), None) => changes.push(Change::EdgeRemoved {
                relation: r.clone(),
                object: o.clone(),
            }),
            (None, Some(_)) => changes.push(Change::EdgeAdded {
                relation: r.clone(),
                object: o.clone(),
            }),
            (Some(os), Some(ns)) => {
                let on = SourceOn::Edge {
                    relation: r.clone(),
                    object: o.clone(),
                };
                source_changes(on, os, ns, &mut changes);
                let (ov, nv) = (old_validity.get(key), new.edge_validity.get(key));
                if let (Some(ov), Some(nv)) = (ov, nv)
                    && *ov != nv
                {
                    changes.push(validity_changed(&format!("{r} {o}"), ov, nv));
                }
            }
            (None, None) => {}
        }
        if !changes.is_empty() {
            changes_of(&mut bodies, s, &name_of(s)).extend(changes);
        }
    }
    let mut bodies: Vec<BodyDiff> = bodies.into_values().collect();
    for b in &mut bodies {
        b.changes.sort();
    }
    Report {
        identical: bodies.is_empty(),
        bodies,
    }
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

impl Report {
    /// The review list: one block per body, `+` added, `-` removed, `~`
    /// changed, with the catalog's Swedish labels of kinds and relations
    /// taken from `new` (or `old` for what NEW no longer has).
    pub fn text(&self, old: &Facts, new: &Facts) -> String {
        use std::fmt::Write as _;
        let label = |prefix: &str, id: &str| {
            let k = format!("{prefix}:{id}");
            new.labels
                .get(&k)
                .or_else(|| old.labels.get(&k))
                .cloned()
                .unwrap_or_else(|| id.to_string())
        };
        let rel = |r: &str| label("rel", r);
        let kind = |k: &str| label("kind", k);
        let mut out = String::new();
        if self.identical {
            return "inga skillnader\n".to_string();
        }
        for b in &self.bodies {
            let mark = match b.changes.first() {
                Some(Change::BodyAdded { .. }) => '+',
                Some(Change::BodyRemoved { .. }) => '-',
                _ => '~',
            };
            let _ = writeln!(out, "{mark} {} ({})", b.name, b.id);
            for c in &b.changes {
                let line = match c {
                    Change::BodyAdded { kind: k, .. } => format!("+ ny {}", kind(k)),
                    Change::BodyRemoved { kind: k, .. } => format!("- borttagen {}", kind(k)),
                    Change::IdChanged { old, new } => format!("~ id: {old} → {new}"),
                    Change::Renamed { old, new } => {
                        format!("~ namn: {} → {}", quoted(old), quoted(new))
                    }
                    Change::KindChanged { old, new } => {
                        format!("~ typ: {} → {}", kind(old), kind(new))
                    }
                    Change::SubkindChanged { old, new } => format!(
                        "~ undertyp: {} → {}",
                        old.as_deref().unwrap_or("(ingen)"),
                        new.as_deref().unwrap_or("(ingen)")
                    ),
                    Change::AliasAdded { alias } => format!("+ alias {}", quoted(alias)),
                    Change::AliasRemoved { alias } => format!("- alias {}", quoted(alias)),
                    Change::FormerNameAdded { name } => {
                        format!("+ tidigare namn {}", quoted(name))
                    }
                    Change::FormerNameRemoved { name } => {
                        format!("- tidigare namn {}", quoted(name))
                    }
                    Change::AttributeChanged { key, old, new } => {
                        format!("~ {key}: {} → {}", quoted(old), quoted(new))
                    }
                    Change::AttributeAdded { key, value } => {
                        format!("+ {key}: {}", quoted(value))
                    }
                    Change::AttributeRemoved { key, value } => {
                        format!("- {key}: {}", quoted(value))
                    }
                    Change::EdgeAdded { relation, object } => {
                        format!(
                            "+ {} {} ({object})",
                            rel(relation),
                            name_in(new, old, object)
                        )
                    }
                    Change::EdgeRemoved { relation, object } => {
                        format!(
                            "- {} {} ({object})",
                            rel(relation),
                            name_in(old, new, object)
                        )
                    }
                    Change::ValidityChanged { of, old, new } => {
                        let open = |p: &str| {
                            if p.is_empty() {
                                "(öppen)".to_string()
                            } else {
                                p.to_string()
                            }
                        };
                        let of = if of.is_empty() {
                            String::new()
                        } else {
                            format!(" för {of}")
                        };
                        format!("~ giltighet{of}: {} → {}", open(old), open(new))
                    }
                    Change::SourceAdded { on, doc, quote } => {
                        format!("+ källa {}: {doc}: {}", on_text(on, &rel), quoted(quote))
                    }
                    Change::SourceRemoved { on, doc, quote } => {
                        format!("- källa {}: {doc}: {}", on_text(on, &rel), quoted(quote))
                    }
                };
                let _ = writeln!(out, "    {line}");
            }
        }
        out
    }
}

/// The name of body `id` in `first`, else in `second`, else the id.
fn name_in(first: &Facts, second: &Facts, id: &str) -> String {
    first
        .bodies
        .get(id)
        .or_else(|| second.bodies.get(id))
        .map_or_else(|| id.to_string(), |b| b.name.clone())
}

fn on_text(on: &SourceOn, rel: &dyn Fn(&str) -> String) -> String {
    match on {
        SourceOn::Body => "till organet".to_string(),
        SourceOn::Attribute { key } => format!("till {key}"),
        SourceOn::Edge { relation, object } => format!("till {} {object}", rel(relation)),
    }
}

/// Runs git in `dir` and returns its stdout, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Failure> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            Failure::usage(format!(
                "cannot run git: {e}\nhint: --rev needs git on PATH"
            ))
        })?;
    if !out.status.success() {
        return Err(Failure::usage(format!(
            "git {} failed in {}: {}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// Writes the files of model folder `dir` as of git revision `rev` into
/// `into` (with `git ls-tree` and `git show`, nothing checked out).
pub fn extract_rev(dir: &Path, rev: &str, into: &Path) -> Result<(), Failure> {
    let prefix = String::from_utf8_lossy(&git(dir, &["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let tree = format!("{rev}:{prefix}");
    let names = git(
        dir,
        &["ls-tree", "-r", "-z", "--full-tree", "--name-only", &tree],
    )?;
    for name in names.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name);
        let bytes = git(dir, &["show", &format!("{tree}{name}")])?;
        let path = into.join(name.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::usage(format!("cannot write {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// The model folder that `flag` (`--rev`, `--diff-rev`) reads from git:
/// `model` (from `--model`), else `model/`; an error when it is no folder.
pub fn rev_folder<'a>(model: Option<&'a Path>, flag: &str) -> Result<&'a Path, Failure> {
    let dir = model.unwrap_or(Path::new("model"));
    if !dir.is_dir() {
        return Err(Failure::usage(format!(
            "{flag} reads a model folder from git, and {} is no folder\nhint: name it with --model DIR",
            dir.display()
        )));
    }
    Ok(dir)
}

/// The model folder `dir` as of git revision `rev`, written into a new
/// temporary folder (removed when the returned value is dropped). An
/// unknown revision is one line naming it.
pub fn checkout(dir: &Path, rev: &str) -> Result<tempfile::TempDir, Failure> {
    git(dir, &["rev-parse", "--git-dir"])?;
    let commit = format!("{rev}^{{commit}}");
    if git(dir, &["rev-parse", "--verify", "--quiet", &commit]).is_err() {
        return Err(Failure::usage(format!(
            "unknown revision `{rev}` in the git repository of {}",
            dir.display()
        )));
    }
    let t = tempfile::tempdir()
        .map_err(|e| Failure::usage(format!("cannot make a temporary folder: {e}")))?;
    extract_rev(dir, rev, t.path())?;
    Ok(t)
}

/// The two models to compare: OLD and NEW as given, or the model folder
/// at two revisions, extracted into temporary folders kept in `temp`.
fn sources(
    args: &DiffArgs,
    model: Option<&Path>,
    temp: &mut Vec<tempfile::TempDir>,
) -> Result<(PathBuf, PathBuf), Failure> {
    if args.rev.is_empty() {
        let (Some(old), Some(new)) = (&args.old, &args.new) else {
            return Err(Failure::usage("diff needs OLD and NEW, or --rev twice"));
        };
        if model.is_some() {
            return Err(Failure::usage(
                "--model is only used with --rev; OLD and NEW name the models\nhint: orgraf diff OLD NEW",
            ));
        }
        return Ok((old.clone(), new.clone()));
    }
    let [old, new] = &args.rev[..] else {
        return Err(Failure::usage(format!(
            "--rev needs exactly two revisions (`--rev OLD --rev NEW`), got {}",
            args.rev.len()
        )));
    };
    let dir = rev_folder(model, "--rev")?;
    let mut paths = Vec::new();
    for rev in [old, new] {
        let t = checkout(dir, rev)?;
        paths.push(t.path().to_path_buf());
        temp.push(t);
    }
    Ok((paths[0].clone(), paths[1].clone()))
}

/// `orgraf diff OLD NEW` (or `--rev OLD --rev NEW` of the `--model`
/// folder): exit 0 when the models are the same, 1 when they differ, 2
/// (or 1 for a model with errors) when one cannot be used.
pub fn run(args: &DiffArgs, model: Option<&Path>, timings: bool) -> u8 {
    let mut temp = Vec::new();
    let (old, new) = match sources(args, model, &mut temp) {
        Ok(p) => p,
        Err(f) => return commands::fail(&f),
    };
    let load = |p: &PathBuf| commands::load_valid(&ModelSource::Dir(p.clone()), timings);
    let old = match load(&old) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let new = match load(&new) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let (old, new) = (Facts::of(&old.graph), Facts::of(&new.graph));
    let report = compare(&old, &new);
    let text = match args.format {
        DiffFormat::Text => report.text(&old, &new),
        DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report).expect("a report serialises");
            s.push('\n');
            s
        }
    };
    match commands::write_stdout(text.as_bytes()) {
        OK if report.identical => OK,
        OK => INPUT_ERROR,
        code => code,
    }
}
