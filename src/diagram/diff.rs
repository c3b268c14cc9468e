//! Charts of what changed: `orgraf diagram X --diff OLD` draws the
//! surroundings of X in both versions of a model at once.
//!
//! The comparison is `orgraf diff`'s ([`crate::diff::compare`]); this
//! module only turns its report into marks on a chart:
//!
//! 1. the newer graph is joined with what only the older one has
//!    ([`OrgGraph::union_with`]; a body whose id changed is one body);
//! 2. the report's added and removed bodies and edges, and the bodies
//!    renamed or otherwise changed, become [`Changes`] of that graph;
//! 3. the surroundings of X are chosen in the joined graph like any
//!    chart's, and carry the changes ([`Selection::changes`]) into
//!    [`super::plan_with`], which marks nodes and lines ([`Mark`]) and
//!    lists the marks drawn for the legend.
//!
//! How a mark looks is data ([`Mark::style`]): a line style and a word as
//! well as a colour, so that a chart reads in black and white. Marked
//! lines are gathered into grid boxes only with lines of the same mark.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::{EdgeKey, Selection, text};
use crate::cli::DiagramArgs;
use crate::commands::{Failure, count};
use crate::diff::{Change, Facts, Report, compare};
use crate::graph::{BodyId, OrgGraph, ResolveError};
use crate::model::{self, ModelSource};

/// How a body or a line differs between the two models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// Only in the new model.
    Added,
    /// Only in the old model.
    Removed,
    /// In both, with another name, id, kind or other facts (bodies only).
    Changed,
}

/// How a [`Mark`] is drawn, in every output format.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkStyle {
    /// The word a marked label ends with: `ny`, `borttagen`; empty for
    /// [`Mark::Changed`], whose notes say what changed.
    pub word: &'static str,
    /// The legend's text.
    pub legend: &'static str,
    /// Outline and line colour.
    pub color: &'static str,
    /// Outline width of a node, in points.
    pub width: f64,
    /// Line style of a marked line (`bold`, `dashed`), as in the catalog;
    /// `None` keeps the relation's.
    pub line: Option<&'static str>,
    /// A dashed node outline.
    pub dashed: bool,
    /// A double node outline.
    pub double: bool,
    /// The name struck through (the word below it is not).
    pub strike: bool,
    /// Fill and text colour of a node instead of its kind's.
    pub fill: Option<&'static str>,
    pub font: Option<&'static str>,
}

const ADDED: MarkStyle = MarkStyle {
    word: "ny",
    legend: "ny: bara i den nya modellen",
    color: "#1a7f37",
    width: 3.0,
    line: Some("bold"),
    dashed: false,
    double: false,
    strike: false,
    fill: None,
    font: None,
};

const REMOVED: MarkStyle = MarkStyle {
    word: "borttagen",
    legend: "borttagen: bara i den gamla modellen",
    color: "#888888",
    width: 1.5,
    line: Some("dashed"),
    dashed: true,
    double: false,
    strike: true,
    fill: Some("#f2f2f2"),
    font: Some("#666666"),
};

const CHANGED: MarkStyle = MarkStyle {
    word: "",
    legend: "ändrad: namn eller uppgifter",
    color: "#a0522d",
    width: 1.5,
    line: None,
    dashed: false,
    double: true,
    strike: false,
    fill: None,
    font: None,
};

impl Mark {
    pub fn style(self) -> &'static MarkStyle {
        match self {
            Mark::Added => &ADDED,
            Mark::Removed => &REMOVED,
            Mark::Changed => &CHANGED,
        }
    }

    /// A short name for class names: `ny`, `borttagen`, `andrad`.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Added => "ny",
            Mark::Removed => "borttagen",
            Mark::Changed => "andrad",
        }
    }
}

/// A tooltip `t`, with the meaning of `mark` (the legend's text) as its
/// first line when there is one.
pub fn tooltip(mark: Option<Mark>, t: String) -> String {
    match mark {
        Some(m) => format!("{}\n{t}", m.style().legend),
        None => t,
    }
}

/// A marked body: its mark, and the lines a chart adds under its name
/// (`tidigare: PSS`, `ändrat: mötesfrekvens`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyChange {
    pub mark: Mark,
    pub notes: Vec<String>,
}

/// The marks of a selection's bodies and edges; empty for a chart that
/// compares nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub bodies: BTreeMap<BodyId, BodyChange>,
    pub edges: BTreeMap<EdgeKey, Mark>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty() && self.edges.is_empty()
    }

    /// The lines of a body's box: its name's `lines`, then the word of its
    /// mark or its notes, each wrapped like a name.
    pub fn node_lines(&self, b: BodyId, mut lines: Vec<String>) -> Vec<String> {
        if let Some(c) = self.bodies.get(&b) {
            let word = c.mark.style().word;
            if !word.is_empty() {
                lines.push(format!("({word})"));
            }
            for n in &c.notes {
                lines.extend(text::wrap(n, text::WRAP));
            }
        }
        lines
    }
}

/// Two models compared for drawing: the newer graph joined with what only
/// the older one has, the marks of that graph, and `orgraf diff`'s report.
#[derive(Debug)]
pub struct Comparison {
    pub graph: OrgGraph,
    pub changes: Changes,
    pub report: Report,
}

impl Comparison {
    /// Compares `old` with `new` as `orgraf diff OLD NEW` does.
    pub fn of(old: &OrgGraph, new: &OrgGraph) -> Comparison {
        let (fo, fnew) = (Facts::of(old), Facts::of(new));
        let report = compare(&fo, &fnew);
        let renamed: BTreeMap<String, String> = report
            .bodies
            .iter()
            .flat_map(|b| &b.changes)
            .filter_map(|c| match c {
                Change::IdChanged { old, new } => Some((old.clone(), new.clone())),
                _ => None,
            })
            .collect();
        let graph = new.union_with(old, &renamed);
        let label = |prefix: &str, id: &str| {
            let k = format!("{prefix}:{id}");
            fo.labels.get(&k).cloned().unwrap_or_else(|| id.to_string())
        };
        let mut changes = Changes::default();
        for b in &report.bodies {
            let Some(body) = graph.by_id(&b.id) else {
                continue;
            };
            let mut notes = Vec::new();
            let mut changed: BTreeSet<String> = BTreeSet::new();
            let mut mark = None;
            for c in &b.changes {
                match c {
                    Change::BodyAdded { .. } => mark = Some(Mark::Added),
                    Change::BodyRemoved { .. } => mark = Some(Mark::Removed),
                    Change::Renamed { old, .. } => notes.insert(0, format!("tidigare: {old}")),
                    Change::IdChanged { old, .. } => notes.push(format!("tidigare id: {old}")),
                    Change::KindChanged { old, .. } => {
                        notes.push(format!("tidigare typ: {}", label("kind", old)));
                    }
                    Change::SubkindChanged { .. } => {
                        changed.insert("undertyp".into());
                    }
                    Change::AliasAdded { .. } | Change::AliasRemoved { .. } => {
                        changed.insert("alias".into());
                    }
                    Change::FormerNameAdded { .. } | Change::FormerNameRemoved { .. } => {
                        changed.insert("tidigare namn".into());
                    }
                    Change::AttributeChanged { key, .. }
                    | Change::AttributeAdded { key, .. }
                    | Change::AttributeRemoved { key, .. } => {
                        changed.insert(graph.catalog.attribute_label(key).to_string());
                    }
                    Change::EdgeAdded { relation, object } => {
                        changes.mark_edge(&graph, body, relation, object, Mark::Added);
                    }
                    Change::EdgeRemoved { relation, object } => {
                        changes.mark_edge(&graph, body, relation, object, Mark::Removed);
                    }
                    // Sources are evidence, not structure: `orgraf diff`
                    // lists them.
                    Change::SourceAdded { .. } | Change::SourceRemoved { .. } => {}
                }
            }
            if !changed.is_empty() {
                let list: Vec<String> = changed.into_iter().collect();
                notes.push(format!("ändrat: {}", list.join(", ")));
            }
            let mark = mark.or((!notes.is_empty()).then_some(Mark::Changed));
            if let Some(mark) = mark {
                if mark != Mark::Changed {
                    notes.clear();
                }
                changes.bodies.insert(body, BodyChange { mark, notes });
            }
        }
        Comparison {
            graph,
            changes,
            report,
        }
    }

    /// `sel`, a selection of [`Comparison::graph`], with the changes of
    /// what it draws and a heading line that names the two models
    /// (`old`, `new`) and says when nothing drawn differs.
    pub fn mark(&self, mut sel: Selection, old: &str, new: &str) -> Selection {
        sel.changes = Changes {
            bodies: self
                .changes
                .bodies
                .iter()
                .filter(|(b, _)| sel.nodes.contains(b))
                .map(|(b, c)| (*b, c.clone()))
                .collect(),
            edges: self
                .changes
                .edges
                .iter()
                .filter(|(e, _)| sel.edges.contains(e))
                .map(|(e, m)| (*e, *m))
                .collect(),
        };
        let line = if self.report.identical {
            format!("Inga skillnader mellan {old} och {new}")
        } else if sel.changes.is_empty() {
            format!(
                "Inga skillnader i det ritade mellan {old} och {new} ({} ändrade på annat håll)",
                count_organ(self.report.bodies.len())
            )
        } else {
            format!("Ändringar från {old} till {new}")
        };
        sel.subtitle = Some(match sel.subtitle.take() {
            Some(s) => format!("{s}\n{line}"),
            None => line,
        });
        sel
    }
}

fn count_organ(n: usize) -> String {
    if n == 1 {
        "1 organ".into()
    } else {
        format!("{n} organ")
    }
}

impl Changes {
    fn mark_edge(&mut self, g: &OrgGraph, from: BodyId, rel: &str, to: &str, mark: Mark) {
        let rel = g.catalog.relations.iter().position(|r| r.id == rel);
        if let (Some(rel), Some(to)) = (rel, g.by_id(to)) {
            let key = EdgeKey {
                from,
                rel: crate::graph::RelId(rel as u16),
                to,
            };
            self.edges.insert(key, mark);
        }
    }
}

/// The older model a chart is compared with, and how the heading names
/// both: `--diff OLD`, or `--diff-rev REV` (the model folder at REV
/// against the folder as it is) or `--diff-rev OLD --diff-rev NEW`.
#[derive(Debug)]
pub struct Against {
    pub old: PathBuf,
    pub old_label: String,
    pub new_label: String,
    /// The new model when it is not the one `--model` names (a second
    /// revision, or the `model` folder for the built-in model).
    pub new: Option<ModelSource>,
    /// Revisions extracted from git, removed when this is dropped.
    _temp: Vec<tempfile::TempDir>,
}

impl Against {
    /// What `args` compare with, if anything; `source` is the model
    /// `--model` names.
    pub fn of(source: &ModelSource, args: &DiagramArgs) -> Result<Option<Against>, Failure> {
        if let Some(old) = &args.diff {
            let new_label = match source {
                ModelSource::Bundled => "den inbyggda modellen".into(),
                ModelSource::Dir(p) => p.display().to_string(),
            };
            return Ok(Some(Against::path(old, new_label)));
        }
        if args.diff_rev.is_empty() {
            return Ok(None);
        }
        if args.diff_rev.len() > 2 {
            return Err(Failure::usage(format!(
                "--diff-rev takes one revision (compared with the folder as it is) or two, got {}",
                args.diff_rev.len()
            )));
        }
        let model = match source {
            ModelSource::Dir(p) => Some(p.as_path()),
            ModelSource::Bundled => None,
        };
        let dir = crate::diff::rev_folder(model, "--diff-rev")?;
        let mut temp = Vec::new();
        for rev in &args.diff_rev {
            temp.push(crate::diff::checkout(dir, rev)?);
        }
        let at = |rev: &str| format!("{}@{rev}", dir.display());
        let (new, new_label) = match (temp.get(1), args.diff_rev.get(1)) {
            (Some(t), Some(rev)) => (ModelSource::Dir(t.path().to_path_buf()), at(rev)),
            _ => (
                ModelSource::Dir(dir.to_path_buf()),
                dir.display().to_string(),
            ),
        };
        Ok(Some(Against {
            old: temp[0].path().to_path_buf(),
            old_label: at(&args.diff_rev[0]),
            new_label,
            new: Some(new),
            _temp: temp,
        }))
    }

    /// The model at `old` (a folder or compiled file), compared with one
    /// the heading calls `new_label`.
    pub fn path(old: &std::path::Path, new_label: String) -> Against {
        Against {
            old: old.to_path_buf(),
            old_label: old.display().to_string(),
            new_label,
            new: None,
            _temp: Vec::new(),
        }
    }

    /// The older model, valid: a model with errors, or a path that holds
    /// none, is one line.
    pub fn load_old(&self) -> Result<OrgGraph, Failure> {
        let loaded = model::load(&ModelSource::Dir(self.old.clone()))
            .map_err(|e| Failure::usage(format!("the old model: {}", e.0)))?;
        let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            return Err(Failure::input(format!(
                "the old model {} has {}; run `orgraf --model {} check` for details",
                self.old_label,
                count(errors, "error"),
                self.old.display()
            )));
        }
        Ok(loaded.graph)
    }

    /// The comparison of the older model with `new`, and the selection
    /// `args` ask for in it, marked. A name found in neither model is an
    /// input error that says so.
    pub fn selection(
        &self,
        new: &OrgGraph,
        args: &DiagramArgs,
        color: bool,
    ) -> Result<(Comparison, Selection), Failure> {
        let cmp = Comparison::of(&self.load_old()?, new);
        if let Some(name) = args.name.as_deref().filter(|n| *n != "all")
            && let Err(ResolveError::Unknown { suggestions }) = cmp.graph.resolve(name)
        {
            let mut m = format!(
                "no body is named `{name}` in {} or in {}",
                self.old_label, self.new_label
            );
            if !suggestions.is_empty() {
                m.push_str(&format!(
                    "\nhint: did you mean {}?",
                    super::command::quote_list(&suggestions)
                ));
            }
            return Err(Failure::input(m));
        }
        let sel = super::command::selection(&cmp.graph, args, color)?;
        let sel = cmp.mark(sel, &self.old_label, &self.new_label);
        Ok((cmp, sel))
    }
}
