//! The serde shape of a model file (`model/*.ron`) and of the built-in
//! catalog (`src/catalog.ron`).
//!
//! Every struct denies unknown fields: a misspelt field name in a
//! hand-edited file is an error, never silently ignored.

use serde::{Deserialize, Serialize};

/// One `.ron` file of a model. Every section is optional, so a file can
/// hold one area's nodes and edges, or only declarations.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Title and date of the whole model; at most one file gives it.
    #[serde(default)]
    pub model: Option<ModelMeta>,
    /// The source documents that `sources` may cite.
    #[serde(default)]
    pub documents: Vec<DocumentDef>,
    #[serde(default)]
    pub kinds: Vec<KindDef>,
    #[serde(default)]
    pub relations: Vec<RelationDef>,
    /// Attribute keys that nodes may use.
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
    #[serde(default)]
    pub nodes: Vec<NodeDef>,
    #[serde(default)]
    pub edges: Vec<EdgeDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelMeta {
    pub name: String,
    /// The date the model describes, e.g. `2026-11-25`.
    pub date: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A source document, cited by its file name.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDef {
    /// File name in `../shared/seeds`, e.g. `000_c79e22084b67890b.txt`.
    pub file: String,
    pub title: String,
    #[serde(default)]
    pub date: Option<String>,
    /// Diarienummer or other reference.
    #[serde(default)]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KindDef {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub english: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Allowed values of a node's `subkind`; empty means any.
    #[serde(default)]
    pub subkinds: Vec<String>,
    #[serde(default)]
    pub style: Option<NodeStyle>,
}

/// How a kind is drawn in diagrams.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NodeStyle {
    /// A Graphviz shape name.
    pub shape: String,
    /// Fill colour, `#rrggbb`.
    pub fill: String,
    /// A coarse group (political, body, role, …) used for legend order.
    #[serde(default)]
    pub group: Option<String>,
    /// Whether a node of this kind is drawn as a frame (a Graphviz
    /// cluster, a Mermaid subgraph) around the nodes that are members of
    /// it, e.g. a huvudman or a delregion. See [`EdgeStyle::membership`].
    #[serde(default)]
    pub cluster: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelationDef {
    /// Swedish id, e.g. `ingår_i`.
    pub id: String,
    /// Reads forward: `A ingår i B`.
    pub label: String,
    /// Reads backward: `B har som del A`.
    pub inverse: String,
    /// ASCII form; derived by folding the id when absent.
    #[serde(default)]
    pub ascii: Option<String>,
    #[serde(default)]
    pub english: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Kinds allowed as subject; empty means any.
    #[serde(default)]
    pub subject_kinds: Vec<String>,
    /// Kinds allowed as object; empty means any.
    #[serde(default)]
    pub object_kinds: Vec<String>,
    /// Whether following this relation over several hops makes sense
    /// (used by `path` when no `via` is given).
    #[serde(default)]
    pub reachable: bool,
    #[serde(default)]
    pub style: Option<EdgeStyle>,
}

/// How a relation is drawn in diagrams.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeStyle {
    /// `solid`, `dashed`, `dotted` or `bold`.
    pub line: String,
    pub color: String,
    /// Whether the edge has an arrowhead.
    #[serde(default = "yes")]
    pub arrow: bool,
    /// Where the object sits in an org chart relative to the subject:
    /// `up` (above it: B in `A bereder B`), `down` (below it: B in
    /// `A utser B`) or `none` (the edge does not rank its ends).
    #[serde(default = "up")]
    pub rank: String,
    /// Whether `A rel B` puts A inside B's frame when B's kind is drawn as
    /// a frame ([`NodeStyle::cluster`]); such an edge is then shown by the
    /// frame and not drawn as a line.
    #[serde(default)]
    pub membership: bool,
}

impl Default for EdgeStyle {
    fn default() -> Self {
        EdgeStyle {
            line: "solid".into(),
            color: "#444444".into(),
            arrow: true,
            rank: up(),
            membership: false,
        }
    }
}

/// The values [`EdgeStyle::line`] may take.
pub const LINE_STYLES: &[&str] = &["solid", "dashed", "dotted", "bold"];
/// The values [`EdgeStyle::rank`] may take.
pub const RANKS: &[&str] = &["up", "down", "none"];

fn yes() -> bool {
    true
}

fn up() -> String {
    "up".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub english: Option<String>,
}

/// A body, principal, role, person or matter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NodeDef {
    /// Stable ASCII id, e.g. `styrgrupp_skaraborg`.
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub subkind: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub former_names: Vec<FormerName>,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    /// When the body came into being (see [`Bound`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Bound>,
    /// When the body ceased to be (see [`Bound`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Bound>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormerName {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When or by which document the name changed, in words.
    pub changed: String,
    /// Since when the body had this name (see [`Bound`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Bound>,
    /// Until when the body had this name, e.g. the date of the decision
    /// that renamed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Bound>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    pub key: String,
    pub value: String,
    /// Since when the value holds, e.g. a remit's decision date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Bound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Bound>,
    pub sources: Vec<Source>,
}

/// A relation between two nodes: `from rel to`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeDef {
    pub from: String,
    pub rel: String,
    pub to: String,
    /// How many, e.g. 2 for "två representanter".
    #[serde(default)]
    pub count: Option<u32>,
    /// Since when the edge holds (see [`Bound`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Bound>,
    /// Until when the edge holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Bound>,
    #[serde(default)]
    pub note: Option<String>,
    pub sources: Vec<Source>,
}

/// One end of the time a fact held: a date and the evidence for it,
/// `valid_from: (date: "2022-10", sources: [(doc: …, quote: …)])`.
///
/// The date is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and is read as the
/// whole period it names: `valid_from: 2022` holds from 2022-01-01,
/// `valid_until: 2022` through 2022-12-31 (both ends are inclusive). A
/// change written as `valid_until: 2022-10` on the old fact and
/// `valid_from: 2022-10` on the new one happened some day in October
/// 2022; on a day of that month both may hold (see
/// [`crate::graph::time`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    pub date: String,
    pub sources: Vec<Source>,
}

/// Evidence for a fact: a document and a verbatim quote from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub doc: String,
    pub quote: String,
}
