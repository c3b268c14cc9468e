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

    /// The label of the frame of container `b` named `name`: with its
    /// mark's word, or its notes, in brackets (frames have no outline of
    /// their own to mark).
    pub fn frame_name(&self, b: BodyId, name: String) -> String {
        match self.bodies.get(&b) {
            Some(c) if c.mark == Mark::Changed => format!("{name} ({})", c.notes.join("; ")),
            Some(c) => format!("{name} ({})", c.mark.style().word),
            None => name,
        }
    }

    /// Whether `e` is an edge the new model no longer has between two
    /// bodies it still has: such a membership does not put its subject in
    /// a frame (a removed body is drawn where it was).
    pub fn dropped(&self, e: &EdgeKey) -> bool {
        self.edges.get(e) == Some(&Mark::Removed)
            && self.bodies.get(&e.from).map(|c| c.mark) != Some(Mark::Removed)
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
                    // When a body, a name, an attribute or an edge held:
                    // `orgraf diff` says which and from when to when.
                    Change::ValidityChanged { .. } => {
                        changed.insert("giltighet".into());
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

    /// `sel`, a selection of [`Comparison::graph`], with the changes and
    /// a heading line that names the two models (`old`, `new`) and says
    /// when nothing drawn differs.
    pub fn mark(&self, mut sel: Selection, old: &str, new: &str) -> Selection {
        let drawn = self.changes.bodies.keys().any(|b| sel.nodes.contains(b))
            || self.changes.edges.keys().any(|e| sel.edges.contains(e));
        sel.changes = self.changes.clone();
        let line = if self.report.identical {
            format!("Inga skillnader mellan {old} och {new}")
        } else if !drawn {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{Around, plan};
    use crate::model::load_texts;

    const SRC: &str = r#"sources: [(doc: "d.txt", quote: "q")]"#;

    /// A model with the organs `bodies` (and `mal`, and the huvudman
    /// `region`) and the edges `(from, rel, to)`.
    fn graph(bodies: &[&str], edges: &[(&str, &str, &str)]) -> OrgGraph {
        let mut nodes = format!(
            r#"(id: "mal", name: "Mål", kind: "organ", {SRC}), (id: "region", name: "Region", kind: "huvudman", {SRC}),"#
        );
        for b in bodies {
            // `id:kind`, else an organ.
            let (b, kind) = b.split_once(':').unwrap_or((b, "organ"));
            nodes.push_str(&format!(
                r#"(id: "{b}", name: "Organ {b}", kind: "{kind}", {SRC}),"#
            ));
        }
        let edges: String = edges
            .iter()
            .map(|(a, r, b)| format!(r#"(from: "{a}", rel: "{r}", to: "{b}", {SRC}),"#))
            .collect();
        let text = format!(
            r#"(documents: [(file: "d.txt", title: "D")], nodes: [{nodes}], edges: [{edges}])"#
        );
        let l = load_texts(vec![("m.ron".into(), text.into_bytes())], None);
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        l.graph
    }

    /// `g0`…`g5` and `h` prepare for `mal` in the old model, `h` is a
    /// member of `region`, `k` prepares for `mal` and is a member of the
    /// huvudman `gone`; the new one drops g4, g5, h's membership, `k` and
    /// `gone`, and adds g6…g9 and `m`, a member of `region` that prepares
    /// for `mal`.
    fn comparison() -> Comparison {
        let b = |r: std::ops::Range<usize>| r.map(|i| format!("g{i}")).collect::<Vec<_>>();
        let edges = |ids: &[String], more: &[(&'static str, &'static str, &'static str)]| {
            let mut v: Vec<(String, String, String)> = ids
                .iter()
                .map(|i| (i.clone(), "bereder".into(), "mal".into()))
                .collect();
            v.push(("h".into(), "bereder".into(), "mal".into()));
            v.extend(
                more.iter()
                    .map(|(a, r, c)| (a.to_string(), r.to_string(), c.to_string())),
            );
            v
        };
        let make = |ids: Vec<String>, more, extra: &[&'static str]| {
            let e = edges(&ids, more);
            let e: Vec<(&str, &str, &str)> = e
                .iter()
                .map(|(a, r, c)| (a.as_str(), r.as_str(), c.as_str()))
                .collect();
            let mut bodies: Vec<&str> = ids.iter().map(String::as_str).collect();
            bodies.push("h");
            bodies.extend_from_slice(extra);
            graph(&bodies, &e)
        };
        let old = make(
            b(0..6),
            &[
                ("h", "ingår_i", "region"),
                ("k", "bereder", "mal"),
                ("k", "ingår_i", "gone"),
            ],
            &["k", "gone:huvudman"],
        );
        let new = make(
            [b(0..4), b(6..10)].concat(),
            &[("m", "bereder", "mal"), ("m", "ingår_i", "region")],
            &["m"],
        );
        Comparison::of(&old, &new)
    }

    #[test]
    fn boxes_and_frames_follow_the_comparison() {
        let cmp = comparison();
        let g = &cmp.graph;
        let mal = g.by_id("mal").expect("mal");
        let around = |depth| {
            let a = Around {
                depth,
                ..Around::default()
            };
            plan(g, &cmp.mark(Selection::around(g, &[mal], &a), "a", "b"))
        };
        // h is a member of the region no more: outside its frame.
        // k is drawn where it was, in the frame of the removed huvudman;
        // h, a member of the region no more, is outside its frame.
        let chart = around(1);
        let in_region: Vec<&str> = chart
            .nodes
            .iter()
            .filter(|n| n.frame.is_some_and(|f| chart.frames[f].id == "region"))
            .map(|n| n.id.as_str())
            .collect();
        assert_eq!(in_region, ["m"], "h is a member no more");
        let gone = chart
            .frames
            .iter()
            .position(|f| f.id == "gone")
            .expect("a frame");
        assert_eq!(chart.frames[gone].name, "Organ gone (borttagen)");
        let k = chart.nodes.iter().find(|n| n.id == "k").expect("k");
        assert_eq!((k.frame, k.change), (Some(gone), Some(Mark::Removed)));
        let chart = around(2);
        let boxes: Vec<(Option<Mark>, Vec<String>)> = chart
            .edges
            .iter()
            .filter_map(|e| e.from_frame.map(|f| (e.change, f)))
            .map(|(m, f)| {
                let members = chart.grid_members(f);
                (
                    m,
                    members.iter().map(|&n| chart.nodes[n].id.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            boxes,
            [
                (
                    None,
                    vec![
                        "g0".into(),
                        "g1".into(),
                        "g2".into(),
                        "g3".into(),
                        "h".into()
                    ]
                ),
                (
                    Some(Mark::Added),
                    vec!["g6".into(), "g7".into(), "g8".into(), "g9".into()]
                ),
            ]
        );
        let removed: Vec<(&str, &str)> = chart
            .edges
            .iter()
            .filter(|e| e.change == Some(Mark::Removed))
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect();
        // The removed membership is a line.
        assert_eq!(
            removed,
            [("g4", "mal"), ("g5", "mal"), ("h", "region"), ("k", "mal")]
        );
        assert_eq!(chart.legend_marks, [Mark::Added, Mark::Removed]);
        // The new membership is a line as well as m's place in the frame.
        let m = chart.nodes.iter().find(|n| n.id == "m").expect("m");
        assert_eq!(chart.frames[m.frame.expect("framed")].id, "region");
        let added: Vec<(&str, &str)> = chart
            .edges
            .iter()
            .filter(|e| e.change == Some(Mark::Added) && e.from_frame.is_none())
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect();
        assert_eq!(added, [("m", "mal"), ("m", "region")]);
        let g4 = chart.nodes.iter().find(|n| n.id == "g4").expect("g4");
        assert_eq!(g4.change, Some(Mark::Removed));
        assert_eq!(g4.lines, ["Organ g4", "(borttagen)"]);
    }

    #[test]
    fn a_model_compared_with_itself_marks_nothing() {
        let g = graph(&["a"], &[("a", "bereder", "mal")]);
        let cmp = Comparison::of(&g, &g);
        assert!(cmp.report.identical && cmp.changes.is_empty());
        let mal = cmp.graph.by_id("mal").expect("mal");
        let sel = cmp.mark(
            Selection::around(&cmp.graph, &[mal], &Around::default()),
            "x",
            "y",
        );
        assert_eq!(
            sel.subtitle.as_deref().and_then(|s| s.lines().last()),
            Some("Inga skillnader mellan x och y")
        );
        let plain = Selection::around(&g, &[g.by_id("mal").expect("mal")], &Around::default());
        // The same chart but for the heading's last line.
        let (mut chart, mut normal) = (plan(&cmp.graph, &sel), plan(&g, &plain));
        assert_eq!(chart.title[..1], normal.title[..1]);
        chart.title.clear();
        normal.title.clear();
        assert_eq!(chart, normal);
    }
}
