//! Building an [`OrgGraph`] from parsed model files, checking every fact
//! on the way: declarations, nodes, edges, then whole-graph rules.
//!
//! Each problem becomes a located [`Diagnostic`]; building goes on past
//! it, so one run reports everything.

use std::collections::HashMap;
use std::ops::Range;

use petgraph::algo::kosaraju_scc;
use petgraph::visit::{EdgeFiltered, EdgeRef as _, IntoEdgeReferences as _, NodeIndexable as _};
use rustc_hash::FxHashMap;

use super::index::Key;
use super::names::{closest, fold, fold_into};
use super::plain::{Lookup, PlainEdge, PlainNode};
use super::{
    Attribute, BodyId, EdgeData, EdgeInfo, FormerName, Kind, KindId, NONE, NodeDetails, OrgGraph,
    RelId, Relation, StoredNode, Validity,
};
use crate::diag::{Diagnostic, line_col};
use crate::model::LoadedFile;
use crate::model::spans::SpanTree;
use crate::model::types::{EdgeDef, LINE_STYLES, NodeDef, NodeStyle, RANKS, Source};
use petgraph::stable_graph::NodeIndex;

mod validity;

/// Where a fact was written: a file of [`OrgGraph::files`] and a span.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    pub file: usize,
    pub span: Range<usize>,
}

/// Builds a graph and collects diagnostics. Files are taken in three
/// passes (declarations, nodes, edges) so that order between files never
/// matters.
pub struct Builder {
    g: OrgGraph,
    diags: Vec<Diagnostic>,
    /// Kind by exact id.
    kinds: FxHashMap<String, KindId>,
    /// Relation by exact id and by ASCII form.
    rels: FxHashMap<String, RelId>,
    /// Folded spelling → the node that owns it, for collision checks.
    collisions_in_csv: usize,
    first_csv_collision: Option<String>,
    missing_sources_in_csv: Option<String>,
    /// Whether the rows being added come from a table (see
    /// [`Builder::add_table_node`]) rather than a RON file.
    table_rows: bool,
    /// Texts of the RON files by file index, to show positions in hints.
    texts: HashMap<usize, String>,
    /// Reused buffers for folding and hashing a node's spellings.
    folded: String,
    keys: Vec<Key>,
    /// Reused buffer of [`Builder::add_plain_edges`].
    found: Vec<[Option<u32>; 2]>,
}

/// Builds a graph from the catalog and model files.
pub fn build(catalog: &LoadedFile, files: &[LoadedFile]) -> (OrgGraph, Vec<Diagnostic>) {
    Builder::new(catalog, files).finish()
}

impl Builder {
    /// Declares the catalog and every file's declarations, then adds the
    /// files' nodes and edges.
    pub fn new(catalog: &LoadedFile, files: &[LoadedFile]) -> Self {
        let mut b = Builder {
            g: OrgGraph::default(),
            diags: Vec::new(),
            kinds: FxHashMap::default(),
            rels: FxHashMap::default(),
            collisions_in_csv: 0,
            first_csv_collision: None,
            missing_sources_in_csv: None,
            table_rows: false,
            texts: HashMap::new(),
            folded: String::new(),
            keys: Vec::new(),
            found: Vec::new(),
        };
        let all: Vec<&LoadedFile> = std::iter::once(catalog).chain(files).collect();
        let file_ix: Vec<usize> = all.iter().map(|f| b.file_index(&f.name)).collect();
        for (f, &ix) in all.iter().zip(&file_ix) {
            b.texts.insert(ix, f.text.clone());
        }
        for (f, &ix) in all.iter().zip(&file_ix) {
            b.declare_kinds(f);
            b.declare_rest(f, ix);
        }
        for f in &all {
            b.declare_relations(f);
        }
        let no_spans = SpanTree::default();
        for (f, &ix) in all.iter().zip(&file_ix) {
            for (i, n) in f.content.nodes.iter().enumerate() {
                b.add_node(n, ix, f.spans.item("nodes", i).unwrap_or(&no_spans));
            }
        }
        for (f, &ix) in all.iter().zip(&file_ix) {
            for (i, e) in f.content.edges.iter().enumerate() {
                b.add_edge(e, ix, f.spans.item("edges", i).unwrap_or(&no_spans));
            }
        }
        b
    }

    /// The index of file `name` among the graph's files, added if new.
    /// Loaders look it up once per file and pass it with every row.
    pub fn file_index(&mut self, name: &str) -> usize {
        if let Some(i) = self.g.files.iter().position(|f| f == name) {
            return i;
        }
        self.g.files.push(name.to_string());
        self.g.files.len() - 1
    }

    fn file(&self, ix: usize) -> &str {
        &self.g.files[ix]
    }

    fn error(
        &mut self,
        file: usize,
        span: Range<usize>,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(self.file(file).to_string(), span, msg);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn declare_kinds(&mut self, f: &LoadedFile) {
        let ix = self.file_index(&f.name);
        for (i, k) in f.content.kinds.iter().enumerate() {
            let span = f
                .spans
                .item("kinds", i)
                .map_or(0..0, |t| t.field_span("id"));
            if self.kinds.contains_key(&k.id) {
                self.error(ix, span, format!("kind `{}` is declared twice", k.id))
                    .hints
                    .push(
                        "a model may add kinds but not redeclare the catalog's or its own".into(),
                    );
                continue;
            }
            self.kinds
                .insert(k.id.clone(), KindId(self.g.catalog.kinds.len() as u16));
            self.g.catalog.kinds.push(Kind {
                id: k.id.clone(),
                label: k.label.clone(),
                english: k.english.clone(),
                description: k.description.clone(),
                subkinds: k.subkinds.clone(),
                style: k.style.clone().unwrap_or_else(|| NodeStyle {
                    shape: "box".into(),
                    fill: "#ffffff".into(),
                    group: None,
                    cluster: false,
                }),
            });
        }
    }

    /// Documents, attribute keys and the model header.
    fn declare_rest(&mut self, f: &LoadedFile, ix: usize) {
        if let Some(m) = &f.content.model {
            if self.g.catalog.meta.is_some() {
                let span = f.spans.field_span("model");
                self.error(
                    ix,
                    span,
                    "the model header (`model: (…)`) is given in more than one file",
                );
            } else {
                self.g.catalog.meta = Some(m.clone());
            }
        }
        for (i, d) in f.content.documents.iter().enumerate() {
            if self.g.catalog.documents.iter().any(|x| x.file == d.file) {
                let span = f
                    .spans
                    .item("documents", i)
                    .map_or(0..0, |t| t.field_span("file"));
                self.error(ix, span, format!("document `{}` is declared twice", d.file));
            } else {
                self.g.catalog.documents.push(d.clone());
            }
        }
        for (i, a) in f.content.attributes.iter().enumerate() {
            if self.g.catalog.attributes.iter().any(|x| x.id == a.id) {
                let span = f
                    .spans
                    .item("attributes", i)
                    .map_or(0..0, |t| t.field_span("id"));
                self.error(
                    ix,
                    span,
                    format!("attribute key `{}` is declared twice", a.id),
                );
            } else {
                self.g.catalog.attributes.push(a.clone());
            }
        }
    }

    fn declare_relations(&mut self, f: &LoadedFile) {
        let ix = self.file_index(&f.name);
        for (i, r) in f.content.relations.iter().enumerate() {
            let spans = f.spans.item("relations", i).cloned().unwrap_or_default();
            let ascii = r
                .ascii
                .clone()
                .unwrap_or_else(|| fold(&r.id).replace(' ', "_"));
            let taken = [Some(&r.id), Some(&ascii), r.english.as_ref()]
                .into_iter()
                .flatten()
                .find(|s| self.g.catalog.find_relation(s).is_some());
            if let Some(s) = taken {
                let s = s.clone();
                self.error(
                    ix,
                    spans.field_span("id"),
                    format!("relation name `{s}` is already declared"),
                )
                .hints
                .push("a model may add relations but not redeclare one; pick another id".into());
                continue;
            }
            if let Some(style) = &r.style {
                for (field, value, allowed) in [
                    ("line", &style.line, LINE_STYLES),
                    ("rank", &style.rank, RANKS),
                ] {
                    if !allowed.contains(&value.as_str()) {
                        let span = spans
                            .field("style")
                            .map_or(spans.span.clone(), |t| t.field_span(field));
                        self.error(ix, span, format!("unknown {field} style `{value}`"))
                            .hints
                            .push(format!("allowed: {}", allowed.join(", ")));
                    }
                }
            }
            let mut kinds_of = |list: &[String], field: &str| -> Vec<KindId> {
                let mut out = Vec::new();
                for (j, k) in list.iter().enumerate() {
                    match self.kinds.get(k) {
                        Some(id) => out.push(*id),
                        None => {
                            let span = spans
                                .item(field, j)
                                .map_or(spans.span.clone(), |t| t.span.clone());
                            let hint = self.kind_hint(k);
                            self.error(ix, span, format!("unknown kind `{k}` in `{field}`"))
                                .hints
                                .extend(hint);
                        }
                    }
                }
                out
            };
            let subject_kinds = kinds_of(&r.subject_kinds, "subject_kinds");
            let object_kinds = kinds_of(&r.object_kinds, "object_kinds");
            let id = RelId(self.g.catalog.relations.len() as u16);
            self.rels.insert(r.id.clone(), id);
            self.rels.insert(ascii.clone(), id);
            self.g.catalog.relations.push(Relation {
                id: r.id.clone(),
                label: r.label.clone(),
                inverse: r.inverse.clone(),
                ascii,
                english: r.english.clone(),
                description: r.description.clone(),
                subject_kinds,
                object_kinds,
                reachable: r.reachable,
                style: r.style.clone().unwrap_or_default(),
            });
        }
    }

    fn kind_hint(&self, k: &str) -> Option<String> {
        let all: Vec<&str> = self.kinds.keys().map(String::as_str).collect();
        let mut sorted = all.clone();
        sorted.sort();
        closest(k, all, 1)
            .first()
            .map(|b| format!("did you mean `{b}`?"))
            .or_else(|| Some(format!("known kinds: {}", sorted.join(", "))))
    }

    fn check_sources(
        &mut self,
        ix: usize,
        sources: &[Source],
        tree: Option<&SpanTree>,
        what: &str,
    ) {
        let span = tree.map_or(0..0, |t| t.span.clone());
        if sources.is_empty() && self.table_rows {
            // A table row may go without: one warning says so.
            if self.missing_sources_in_csv.is_none() {
                self.missing_sources_in_csv = Some(self.file(ix).to_string());
            }
            return;
        }
        if sources.is_empty() {
            self.error(ix, span, format!("{what} has no source"))
                .hints
                .push(
                    "add `(doc: \"FILE\", quote: \"…\")` citing the document that states it".into(),
                );
            return;
        }
        for (i, s) in sources.iter().enumerate() {
            let item = tree.and_then(|t| t.items.get(i));
            if self.g.catalog.document(&s.doc).is_none() {
                let span = item.map_or(span.clone(), |t| t.field_span("doc"));
                let docs: Vec<&str> = self
                    .g
                    .catalog
                    .documents
                    .iter()
                    .map(|d| d.file.as_str())
                    .collect();
                let hint = closest(&s.doc, docs, 1)
                    .first()
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| "declare it in `documents: [...]`".into());
                self.error(ix, span, format!("unknown document `{}`", s.doc))
                    .hints
                    .push(hint);
            }
            if s.quote.trim().is_empty() {
                let span = item.map_or(span.clone(), |t| t.field_span("quote"));
                self.error(ix, span, "empty quote: a source must quote the document");
            }
        }
    }

    fn add_node(&mut self, n: &NodeDef, ix: usize, spans: &SpanTree) {
        let id_span = spans.field_span("id");
        if !self.table_rows && !valid_id(&n.id) {
            let suggestion = fold(&n.id).replace(' ', "_");
            self.error(
                ix,
                id_span.clone(),
                format!("id `{}` is not a plain ASCII id", n.id),
            )
            .hints
            .push(format!(
                "ids use a-z, 0-9, `_`, `-` and `.`, e.g. `{suggestion}`"
            ));
        }
        if let Some(existing) = self.g.by_id(&n.id) {
            let where_ = self.where_of(existing);
            self.error(ix, id_span, format!("duplicate id `{}`", n.id))
                .hints
                .push(format!("first defined at {where_}"));
            return;
        }
        let Some(&kind) = self.kinds.get(&n.kind) else {
            let hint = self.kind_hint(&n.kind);
            self.error(
                ix,
                spans.field_span("kind"),
                format!("unknown kind `{}`", n.kind),
            )
            .hints
            .extend(hint);
            return;
        };
        if let Some(sub) = &n.subkind {
            let allowed = &self.g.catalog.kind(kind).subkinds;
            if !allowed.is_empty() && !allowed.contains(sub) {
                let hint = closest(sub, allowed.iter().map(String::as_str), 1)
                    .first()
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| format!("allowed: {}", allowed.join(", ")));
                self.error(
                    ix,
                    spans.field_span("subkind"),
                    format!("unknown subkind `{sub}` of kind `{}`", n.kind),
                )
                .hints
                .push(hint);
            }
        }
        self.check_sources(
            ix,
            &n.sources,
            spans.field("sources"),
            &format!("node `{}`", n.id),
        );
        let valid = Validity::new(&n.valid_from, &n.valid_until);
        self.check_validity(ix, &valid, Some(spans), &format!("node `{}`", n.id));
        for (i, a) in n.attributes.iter().enumerate() {
            let t = spans.item("attributes", i);
            self.check_attribute(ix, a, t, spans);
        }
        for (i, f) in n.former_names.iter().enumerate() {
            let t = spans.item("former_names", i);
            self.check_sources(
                ix,
                &f.sources,
                t.and_then(|t| t.field("sources")),
                &format!("former name `{}`", f.name),
            );
            let valid = Validity::new(&f.valid_from, &f.valid_until);
            self.check_validity(ix, &valid, t, &format!("former name `{}`", f.name));
        }
        self.insert_checked_node(n, ix, spans, kind);
    }

    /// An attribute's key and sources; `t` is its span tree, `spans` the
    /// node's.
    fn check_attribute(
        &mut self,
        ix: usize,
        a: &crate::model::types::Attribute,
        t: Option<&SpanTree>,
        spans: &SpanTree,
    ) {
        {
            if !self.g.catalog.attributes.iter().any(|d| d.id == a.key) {
                let keys: Vec<&str> = self
                    .g
                    .catalog
                    .attributes
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect();
                let hint = closest(&a.key, keys.iter().copied(), 1)
                    .first()
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| format!("known keys: {}", keys.join(", ")));
                let span = t.map_or(spans.span.clone(), |t| t.field_span("key"));
                self.error(ix, span, format!("unknown attribute key `{}`", a.key))
                    .hints
                    .push(hint);
            }
            self.check_sources(
                ix,
                &a.sources,
                t.and_then(|t| t.field("sources")),
                &format!("attribute `{}`", a.key),
            );
            let valid = Validity::new(&a.valid_from, &a.valid_until);
            self.check_validity(ix, &valid, t, &format!("attribute `{}`", a.key));
        }
    }

    /// Adds a node whose id, kind, subkind and sources were checked, and
    /// checks its names against the other nodes'.
    fn insert_checked_node(&mut self, n: &NodeDef, ix: usize, spans: &SpanTree, kind: KindId) {
        let details = NodeDetails {
            subkind: n.subkind.clone(),
            former_names: n
                .former_names
                .iter()
                .map(|f| FormerName {
                    name: f.name.clone(),
                    aliases: f.aliases.clone(),
                    changed: f.changed.clone(),
                    valid: Validity::new(&f.valid_from, &f.valid_until),
                    sources: f.sources.clone(),
                })
                .collect(),
            attributes: n
                .attributes
                .iter()
                .map(|a| Attribute {
                    key: a.key.clone(),
                    value: a.value.clone(),
                    valid: Validity::new(&a.valid_from, &a.valid_until),
                    sources: a.sources.clone(),
                })
                .collect(),
            valid: Validity::new(&n.valid_from, &n.valid_until),
            sources: n.sources.clone(),
            origin: Some(Origin {
                file: ix,
                span: spans.span.clone(),
            }),
        };
        for i in 0..details.former_names.len() {
            let t = spans.item("former_names", i);
            self.check_name_overlap(ix, &details.former_names, i, &n.name, t);
        }
        let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
        let plain = PlainNode::new(&n.id, Ok(kind), &n.name, &aliases, &mut self.folded);
        let (body, _) = self.insert_node(plain, kind, Some(details));
        // Collisions of current spellings with other nodes' current spellings.
        let mut spellings: Vec<(&str, Range<usize>)> = vec![(&n.name, spans.field_span("name"))];
        for (i, a) in n.aliases.iter().enumerate() {
            let span = spans
                .item("aliases", i)
                .map_or(spans.field_span("aliases"), |t| t.span.clone());
            spellings.push((a, span));
        }
        for (s, span) in spellings {
            if let Some(other) = self.colliding(body, s) {
                let oid = self.g.node(other).id.to_string();
                let where_ = self.where_of(other);
                self.error(
                    ix,
                    span,
                    format!("`{s}` of `{}` is also a name or alias of `{oid}`", n.id),
                )
                .hints
                .push(format!(
                    "`{oid}` is defined at {where_}; names and aliases must identify one node"
                ));
            }
        }
    }

    /// Another node whose id, name or alias folds like `spelling`.
    fn colliding(&self, me: BodyId, spelling: &str) -> Option<BodyId> {
        let f = fold(spelling);
        self.g.names.get(Key::of(&f)).map(BodyId).find(|&b| {
            b != me && {
                let n = self.g.node(b);
                fold(n.id) == f || fold(n.name) == f || self.g.aliases(b).any(|a| fold(a) == f)
            }
        })
    }

    fn where_of(&self, b: BodyId) -> String {
        match self.g.details(b).and_then(|d| d.origin.as_ref()) {
            Some(o) => {
                let (line, col) = self
                    .texts
                    .get(&o.file)
                    .map_or((0, 0), |t| line_col(t, o.span.start));
                format!("{}:{line}:{col}", self.file(o.file))
            }
            None => "the CSV nodes file".to_string(),
        }
    }

    /// Adds a node and indexes its spellings. The caller checked the id.
    ///
    /// Returns the node and whether another node was already filed under
    /// the hash of this node's folded name: the cheap first test for a
    /// name collision, true for every real one.
    fn insert_node(
        &mut self,
        p: PlainNode,
        kind: KindId,
        details: Option<NodeDetails>,
    ) -> (BodyId, bool) {
        let details_ix = match details {
            Some(d) => {
                self.g.details.push(d);
                (self.g.details.len() - 1) as u32
            }
            None => NONE,
        };
        let ix = self.g.g.add_node(StoredNode {
            id: p.id,
            name: p.name,
            kind,
            aliases: p.aliases,
            details: details_ix,
        });
        let n = ix.index() as u32;
        let g = &self.g.g;
        self.g
            .ids
            .insert(p.id_key, n, |m| &g[NodeIndex::new(m as usize)].id);
        // File each distinct hash once; lookups verify against every
        // spelling of the node.
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        keys.extend_from_slice(&p.keys);
        keys.extend_from_slice(&p.alias_keys);
        if let Some(d) = self.g.details(BodyId(n)) {
            for f in &d.former_names {
                for s in std::iter::once(&f.name).chain(&f.aliases) {
                    fold_into(s, &mut self.folded);
                    keys.push(Key::of(&self.folded));
                }
            }
        }
        let name_shared = self.g.names.has_other(p.keys[1], n);
        for (i, &k) in keys.iter().enumerate() {
            if !keys[..i].contains(&k) {
                self.g.names.insert(k, n);
            }
        }
        self.keys = keys;
        (BodyId(n), name_shared)
    }

    /// The kinds and relations CSV rows may name, for a reading thread.
    pub fn lookup(&self) -> Lookup {
        let mut kind_spellings = Vec::new();
        for (i, k) in self.g.catalog.kinds.iter().enumerate() {
            for s in [Some(&k.id), Some(&k.label), k.english.as_ref()]
                .into_iter()
                .flatten()
            {
                kind_spellings.push((fold(s), KindId(i as u16)));
            }
        }
        Lookup {
            kinds: self.kinds.clone(),
            kind_spellings,
            rels: self.rels.clone(),
        }
    }

    /// Records a problem found by a loader at `span` of `file`.
    pub fn report(&mut self, file: &str, span: Range<usize>, msg: String, hint: Option<String>) {
        let ix = self.file_index(file);
        self.error(ix, span, msg).hints.extend(hint);
    }

    /// Sizes the graph and its indexes for about `nodes` more nodes and
    /// `edges` more edges, so that a large CSV model grows no table by
    /// doubling (which briefly holds the old and new table at once).
    pub fn reserve(&mut self, nodes: usize, edges: usize) {
        self.g.g.reserve_exact_nodes(nodes);
        self.g.g.reserve_exact_edges(edges);
        let g = &self.g.g;
        self.g
            .ids
            .reserve(nodes, |m| &g[NodeIndex::new(m as usize)].id);
        // The folded id and the name, and now and then an alias.
        self.g.names.reserve(nodes * 2 + nodes / 8);
    }

    /// Reads, for a run of node rows about to be added, the places of
    /// the id index and the name index that adding them will probe. At
    /// a million nodes adding a node waits mostly for memory: these
    /// lookups do not depend on each other, so taken in one pass their
    /// cache misses overlap instead of coming one at a time (as with
    /// edges, see [`Builder::add_plain_edges`]). Changes nothing.
    pub fn warm_for_plain_nodes<'a>(&self, nodes: impl Iterator<Item = &'a PlainNode>) {
        let mut seen = 0u32;
        for n in nodes {
            seen ^= self.g.ids.candidate(n.id_key).unwrap_or(0);
            for &k in &n.keys {
                seen ^= self.g.names.get(k).next().unwrap_or(0);
            }
        }
        std::hint::black_box(seen);
    }

    /// Adds a node from a CSV row; problems are reported at `span` of
    /// file `ix` (from [`Builder::file_index`]).
    pub fn add_plain_node(&mut self, ix: usize, span: Range<usize>, node: PlainNode) {
        if node.id.is_empty() {
            self.error(ix, span, "empty id");
            return;
        }
        if self.g.by_key(node.id_key, &node.id).is_some() {
            self.error(ix, span, format!("duplicate id `{}`", node.id));
            return;
        }
        let kind = match &node.kind {
            Ok(k) => *k,
            Err(kind) => {
                let hint = self.kind_hint(kind);
                self.error(ix, span, format!("unknown kind `{kind}`"))
                    .hints
                    .extend(hint);
                return;
            }
        };
        let (b, name_shared) = self.insert_node(node, kind, None);
        if self.missing_sources_in_csv.is_none() {
            self.missing_sources_in_csv = Some(self.file(ix).to_string());
        }
        if name_shared {
            let name = self.g.node(b).name;
            if !name.is_empty() && self.colliding(b, name).is_some() {
                self.collisions_in_csv += 1;
                if self.first_csv_collision.is_none() {
                    self.first_csv_collision = Some(name.to_string());
                }
            }
        }
    }

    /// Adds an edge from a CSV row of file `ix`; the relation may be
    /// given by id or ASCII form.
    pub fn add_plain_edge(&mut self, ix: usize, span: Range<usize>, e: PlainEdge<'_>) {
        let ends = [
            self.g.by_key(e.from_key, e.from),
            self.g.by_key(e.to_key, e.to),
        ];
        self.add_found_edge(ix, span, e, ends);
    }

    /// [`Builder::add_plain_edge`] for a run of rows. At a million nodes
    /// most of the time of an edge is spent waiting for memory: the slot
    /// of each id in the id index, then the node to confirm it. Each of
    /// these steps is taken for the whole run before the next, so that
    /// the lookups, which do not depend on each other, overlap their
    /// cache misses instead of waiting in turn.
    pub fn add_plain_edges(&mut self, ix: usize, edges: &[(Range<usize>, PlainEdge<'_>)]) {
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        let ids = &self.g.ids;
        found.extend(
            edges
                .iter()
                .map(|(_, e)| [ids.candidate(e.from_key), ids.candidate(e.to_key)]),
        );
        // Then the candidates' ids, which confirm them: each read waits
        // for the node and then for its id's text, but the reads of
        // different rows overlap.
        let mut seen = 0u8;
        for n in found.iter().flatten().flatten() {
            seen ^= self.g.id_of(*n).as_bytes().first().copied().unwrap_or(0);
        }
        std::hint::black_box(seen);
        for ((_, e), f) in edges.iter().zip(found.iter_mut()) {
            let [from, to] = *f;
            *f = [
                self.g.by_guess(from, e.from_key, e.from).map(|b| b.0),
                self.g.by_guess(to, e.to_key, e.to).map(|b| b.0),
            ];
        }
        for ((span, e), f) in edges.iter().zip(&found) {
            self.add_found_edge(ix, span.clone(), *e, f.map(|n| n.map(BodyId)));
        }
        self.found = found;
    }

    /// Adds an edge whose ends were looked up: `ends` are the nodes with
    /// the ids `e.from` and `e.to`, if any.
    fn add_found_edge(
        &mut self,
        ix: usize,
        span: Range<usize>,
        e: PlainEdge<'_>,
        ends: [Option<BodyId>; 2],
    ) {
        let r = match e.rel {
            Ok(r) => r,
            Err(rel) => {
                let hint = self.relation_hint(rel);
                self.error(ix, span, format!("unknown relation `{rel}`"))
                    .hints
                    .extend(hint);
                return;
            }
        };
        let [from, to] = ends;
        let (Some(a), Some(b)) = (from, to) else {
            let missing = if from.is_none() { e.from } else { e.to };
            let hint = self.id_hint(missing);
            self.error(ix, span, format!("edge to unknown id `{missing}`"))
                .hints
                .extend(hint);
            return;
        };
        if !self.kinds_ok(r, a, b) {
            let msg = self.kind_violation(r, a, b);
            self.error(ix, span, msg);
            return;
        }
        self.g.g.add_edge(a.ix(), b.ix(), EdgeData::new(r, None));
    }

    fn relation_hint(&self, rel: &str) -> Option<String> {
        if let Some(r) = self.g.catalog.find_relation(rel) {
            return Some(format!("write `{}`", self.g.catalog.relation(r).id));
        }
        let spellings = self.g.catalog.relation_spellings();
        closest(rel, spellings, 1)
            .first()
            .map(|b| format!("did you mean `{b}`?"))
    }

    fn id_hint(&self, id: &str) -> Option<String> {
        if let Ok(b) = self.g.resolve(id) {
            return Some(format!(
                "`{id}` names `{}`; edges refer to nodes by id",
                self.g.node(b).id
            ));
        }
        if self.g.node_count() > 100_000 {
            return None;
        }
        let ids: Vec<&str> = self.g.bodies().map(|b| self.g.node(b).id).collect();
        closest(id, ids, 1)
            .first()
            .map(|b| format!("did you mean `{b}`?"))
    }

    fn kinds_ok(&self, r: RelId, a: BodyId, b: BodyId) -> bool {
        let rel = self.g.catalog.relation(r);
        (rel.subject_kinds.is_empty() || rel.subject_kinds.contains(&self.g.node(a).kind))
            && (rel.object_kinds.is_empty() || rel.object_kinds.contains(&self.g.node(b).kind))
    }

    fn kind_violation(&self, r: RelId, a: BodyId, b: BodyId) -> String {
        let c = &self.g.catalog;
        let rel = c.relation(r);
        let names = |ks: &[KindId]| {
            ks.iter()
                .map(|k| c.kind(*k).id.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (na, nb) = (self.g.node(a), self.g.node(b));
        if !rel.subject_kinds.is_empty() && !rel.subject_kinds.contains(&na.kind) {
            format!(
                "`{}` is a {}, but `{}` takes subjects of kind {}",
                na.id,
                c.kind(na.kind).id,
                rel.id,
                names(&rel.subject_kinds)
            )
        } else {
            format!(
                "`{}` is a {}, but `{}` takes objects of kind {}",
                nb.id,
                c.kind(nb.kind).id,
                rel.id,
                names(&rel.object_kinds)
            )
        }
    }

    fn add_edge(&mut self, e: &EdgeDef, ix: usize, spans: &SpanTree) {
        let r = self.rels.get(&e.rel).copied();
        if r.is_none() {
            let hint = self.relation_hint(&e.rel);
            self.error(
                ix,
                spans.field_span("rel"),
                format!("unknown relation `{}`", e.rel),
            )
            .hints
            .extend(hint);
        }
        let mut ends = [None, None];
        for (slot, (field, id)) in ends.iter_mut().zip([("from", &e.from), ("to", &e.to)]) {
            *slot = self.g.by_id(id);
            if slot.is_none() {
                let hint = self.id_hint(id);
                self.error(
                    ix,
                    spans.field_span(field),
                    format!("edge to unknown id `{id}`"),
                )
                .hints
                .extend(hint);
            }
        }
        let what = format!("edge `{} {} {}`", e.from, e.rel, e.to);
        self.check_sources(ix, &e.sources, spans.field("sources"), &what);
        let valid = Validity::new(&e.valid_from, &e.valid_until);
        self.check_validity(ix, &valid, Some(spans), &what);
        let (Some(r), [Some(a), Some(b)]) = (r, ends) else {
            return;
        };
        self.check_edge_in_lifetimes(ix, &valid, [a, b], spans, &what);
        if !self.kinds_ok(r, a, b) {
            let msg = self.kind_violation(r, a, b);
            self.error(ix, spans.span.clone(), msg)
                .hints
                .push("check the edge's direction or the nodes' kinds".into());
        }
        self.g.edge_info.push(EdgeInfo {
            count: e.count,
            valid,
            note: e.note.clone(),
            sources: e.sources.clone(),
            origin: Some(Origin {
                file: ix,
                span: spans.span.clone(),
            }),
        });
        let info = self.g.edge_info.len() - 1;
        self.g
            .g
            .add_edge(a.ix(), b.ix(), EdgeData::new(r, Some(info)));
    }

    /// Adds a node from a row of a table (a CSV file with optional
    /// columns, a sheet of a workbook), checked like a RON node with the
    /// same messages, except that the id need not be plain ASCII (as in
    /// any CSV row) and a row without sources adds to the one warning
    /// that CSV rows carry none. `spans` has the shape of a RON node's.
    pub fn add_table_node(&mut self, n: &NodeDef, ix: usize, spans: &SpanTree) {
        self.table_rows = true;
        self.add_node(n, ix, spans);
        self.table_rows = false;
    }

    /// Adds an edge from a row of a table; see [`Builder::add_table_node`].
    pub fn add_table_edge(&mut self, e: &EdgeDef, ix: usize, spans: &SpanTree) {
        self.table_rows = true;
        self.add_edge(e, ix, spans);
        self.table_rows = false;
    }

    /// Adds an attribute from a row of a table to the node `id`. `spans`
    /// has the fields `id`, `key`, `value` and `sources`.
    pub fn add_table_attribute(
        &mut self,
        ix: usize,
        spans: &SpanTree,
        id: &str,
        a: &crate::model::types::Attribute,
    ) {
        let Some(b) = self.table_row_node(ix, spans, id) else {
            return;
        };
        self.table_rows = true;
        self.check_attribute(ix, a, Some(spans), spans);
        self.table_rows = false;
        self.details_mut(b).attributes.push(Attribute {
            key: a.key.clone(),
            value: a.value.clone(),
            valid: Validity::new(&a.valid_from, &a.valid_until),
            sources: a.sources.clone(),
        });
    }

    /// Adds a former name from a row of a table to the node `id`, and
    /// files it for name lookup. `spans` has the fields `id`, `name`,
    /// `aliases`, `changed` and `sources`.
    pub fn add_table_former_name(
        &mut self,
        ix: usize,
        spans: &SpanTree,
        id: &str,
        f: &crate::model::types::FormerName,
    ) {
        let Some(b) = self.table_row_node(ix, spans, id) else {
            return;
        };
        self.table_rows = true;
        let what = format!("former name `{}`", f.name);
        self.check_sources(ix, &f.sources, spans.field("sources"), &what);
        let valid = Validity::new(&f.valid_from, &f.valid_until);
        self.check_validity(ix, &valid, Some(spans), &what);
        self.table_rows = false;
        for s in std::iter::once(&f.name).chain(&f.aliases) {
            fold_into(s, &mut self.folded);
            let key = Key::of(&self.folded);
            if !self.g.names.get(key).any(|n| n == b.0) {
                self.g.names.insert(key, b.0);
            }
        }
        self.details_mut(b).former_names.push(FormerName {
            name: f.name.clone(),
            aliases: f.aliases.clone(),
            changed: f.changed.clone(),
            valid,
            sources: f.sources.clone(),
        });
        let names = self.details_mut(b).former_names.clone();
        let current = self.g.node(b).name.to_string();
        self.check_name_overlap(ix, &names, names.len() - 1, &current, Some(spans));
    }

    /// The node a table row names in its `id` column, or an error there.
    fn table_row_node(&mut self, ix: usize, spans: &SpanTree, id: &str) -> Option<BodyId> {
        let b = self.g.by_id(id);
        if b.is_none() {
            let hint = self.id_hint(id);
            self.error(ix, spans.field_span("id"), format!("unknown id `{id}`"))
                .hints
                .extend(hint);
        }
        b
    }

    /// The details of `b`, made when it has none (a node from a plain CSV
    /// row).
    fn details_mut(&mut self, b: BodyId) -> &mut NodeDetails {
        let node = &mut self.g.g[b.ix()];
        if node.details == NONE {
            self.g.details.push(NodeDetails::default());
            node.details = (self.g.details.len() - 1) as u32;
        }
        &mut self.g.details[node.details as usize]
    }

    /// The id of the kind `name` names: exactly its id, else its id,
    /// label or English name folded.
    pub fn kind_id(&self, name: &str) -> Option<&str> {
        let k = match self.kinds.get(name) {
            Some(&k) => k,
            None => self.g.catalog.find_kind(name)?,
        };
        Some(self.g.catalog.kind(k).id.as_str())
    }

    /// Whole-graph checks, then the graph and every diagnostic.
    pub fn finish(mut self) -> (OrgGraph, Vec<Diagnostic>) {
        let census = self.census();
        self.check_chairs(&census.chairs);
        self.check_report_cycles(&census.reports);
        self.check_isolated(&census.linked);
        if self.collisions_in_csv > 0 {
            let ix = self.g.files.len().saturating_sub(1);
            let d = Diagnostic::warning(
                self.file(ix).to_string(),
                0..0,
                format!(
                    "{} CSV node names are shared with other nodes (first: `{}`); such names are ambiguous in queries, use ids",
                    self.collisions_in_csv,
                    self.first_csv_collision.clone().unwrap_or_default()
                ),
            );
            self.diags.push(d);
        }
        if let Some(file) = self.missing_sources_in_csv.take() {
            let d = Diagnostic::warning(
                file,
                0..0,
                "nodes and edges from CSV carry no sources; `show` and `why` cannot cite evidence for them",
            );
            self.diags.push(d);
        }
        (self.g, self.diags)
    }

    fn edge_origin(&self, info: Option<&EdgeInfo>) -> (usize, Range<usize>) {
        info.and_then(|i| i.origin.clone())
            .map_or((self.g.files.len().saturating_sub(1), 0..0), |o| {
                (o.file, o.span)
            })
    }

    /// What the whole-graph checks need, gathered in one pass over the
    /// edge array in storage order. (Following each node's edge list
    /// instead visits the edges in random order: at a million nodes, a
    /// cache miss for nearly every edge.)
    fn census(&self) -> Census {
        let chair = self.g.catalog.find_relation("ordförande_i");
        let rep = self.g.catalog.find_relation("rapporterar_till");
        let mut c = Census {
            linked: vec![false; self.g.g.node_bound()],
            chairs: vec![0; self.g.g.node_bound()],
            reports: Vec::new(),
        };
        for e in self.g.g.edge_references() {
            let (a, b) = (e.source().index(), e.target().index());
            c.linked[a] = true;
            c.linked[b] = true;
            let rel = Some(e.weight().rel);
            if rel == chair {
                c.chairs[b] = c.chairs[b].saturating_add(1);
            } else if rel == rep {
                c.reports.push((a as u32, b as u32));
            }
        }
        c
    }

    /// Two `ordförande_i` edges into one body must not overlap in time.
    fn check_chairs(&mut self, chairs: &[u8]) {
        let Some(chair) = self.g.catalog.find_relation("ordförande_i") else {
            return;
        };
        let mut problems = Vec::new();
        let chaired = chairs.iter().enumerate().filter(|&(_, &n)| n > 1);
        for body in chaired.map(|(i, _)| BodyId(i as u32)) {
            let chairs: Vec<_> = self.g.in_edges(body).filter(|e| e.rel == chair).collect();
            for (i, a) in chairs.iter().enumerate() {
                for b in &chairs[..i] {
                    if overlaps(a.info, b.info) {
                        problems.push((body, a.from, b.from, a.info.cloned()));
                    }
                }
            }
        }
        for (body, a, b, info) in problems {
            let (file, span) = self.edge_origin(info.as_ref());
            let (body, a, b) = (
                self.g.node(body).id.to_string(),
                self.g.node(a).id.to_string(),
                self.g.node(b).id.to_string(),
            );
            self.error(file, span, format!("`{body}` has two chairs at the same time: `{b}` and `{a}`"))
                .hints
                .push("give the edges `valid_from`/`valid_until` that do not overlap, or model a rotation as an `ordförandeskap` attribute".into());
        }
    }

    /// `rapporterar_till` must not form a cycle.
    fn check_report_cycles(&mut self, reports: &[(u32, u32)]) {
        let Some(rep) = self.g.catalog.find_relation("rapporterar_till") else {
            return;
        };
        if acyclic(self.g.g.node_bound(), reports) {
            return;
        }
        // Some cycle exists: find each one exactly, for the message.
        let view = EdgeFiltered::from_fn(&self.g.g, |e| e.weight().rel == rep);
        let mut cycles = Vec::new();
        for scc in kosaraju_scc(&view) {
            let first = scc[0];
            let self_loop = scc.len() == 1
                && self
                    .g
                    .g
                    .edges_connecting(first, first)
                    .any(|e| e.weight().rel == rep);
            if scc.len() > 1 || self_loop {
                let mut members: Vec<BodyId> =
                    scc.iter().map(|n| BodyId(n.index() as u32)).collect();
                members.sort_by(|a, b| self.g.node(*a).id.cmp(self.g.node(*b).id));
                cycles.push(members);
            }
        }
        cycles.sort_by(|a, b| self.g.node(a[0]).id.cmp(self.g.node(b[0]).id));
        for members in cycles {
            let first = members[0];
            let edge = self
                .g
                .out_edges(first)
                .find(|e| e.rel == rep && members.contains(&e.to))
                .map(|e| e.info.cloned());
            let (file, span) = self.edge_origin(edge.flatten().as_ref());
            let ids: Vec<String> = members
                .iter()
                .map(|b| format!("`{}`", self.g.node(*b).id))
                .collect();
            self.error(
                file,
                span,
                format!(
                    "`rapporterar_till` forms a cycle through {}",
                    ids.join(", ")
                ),
            )
            .hints
            .push("reporting lines must lead upward; remove or reverse one of these edges".into());
        }
    }

    /// A node with no edges at all is probably a mistake: warn.
    fn check_isolated(&mut self, linked: &[bool]) {
        // Edges rejected by an error leave their ends alone; don't pile on.
        if self.diags.iter().any(Diagnostic::is_error) {
            return;
        }
        let isolated: Vec<BodyId> = self.g.bodies().filter(|b| !linked[b.0 as usize]).collect();
        if isolated.len() > 20 {
            let mut sample: Vec<&str> = isolated
                .iter()
                .take(3)
                .map(|b| self.g.node(*b).id)
                .collect();
            sample.sort();
            let d = Diagnostic::warning(
                self.g.files.last().cloned().unwrap_or_default(),
                0..0,
                format!(
                    "{} nodes have no edges (e.g. {})",
                    isolated.len(),
                    sample.join(", ")
                ),
            );
            self.diags.push(d);
            return;
        }
        for b in isolated {
            let (file, span) = self
                .g
                .details(b)
                .and_then(|d| d.origin.clone())
                .map_or((0, 0..0), |o| (o.file, o.span));
            let id = self.g.node(b).id.to_string();
            let d = Diagnostic::warning(
                self.file(file).to_string(),
                span,
                format!("node `{id}` has no edges"),
            )
            .with_hint("connect it with an edge, or leave it if it stands alone on purpose");
            self.diags.push(d);
        }
    }
}

/// Per-node facts for the whole-graph checks; see [`Builder::census`].
struct Census {
    /// Whether any edge touches the node.
    linked: Vec<bool>,
    /// How many `ordförande_i` edges enter the node (saturating).
    chairs: Vec<u8>,
    /// The `rapporterar_till` edges, as (from, to) node indices.
    reports: Vec<(u32, u32)>,
}

/// Whether the edges form no cycle, by Kahn's algorithm: repeatedly take
/// away a node that no remaining edge enters. Linear, on flat arrays; a
/// cycle (a self-loop too) is exactly what is never taken away. Nodes
/// are indices below `bound`.
fn acyclic(bound: usize, edges: &[(u32, u32)]) -> bool {
    // The edges grouped by source (counting sort), and in-degrees.
    let mut start = vec![0u32; bound + 1];
    let mut indegree = vec![0u32; bound];
    for &(a, b) in edges {
        start[a as usize + 1] += 1;
        indegree[b as usize] += 1;
    }
    for i in 0..bound {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut targets = vec![0u32; edges.len()];
    for &(a, b) in edges {
        targets[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
    }
    drop(fill);
    let mut ready: Vec<u32> = (0..bound as u32)
        .filter(|&n| indegree[n as usize] == 0)
        .collect();
    let mut taken = 0;
    while let Some(n) = ready.pop() {
        taken += 1;
        for &t in &targets[start[n as usize] as usize..start[n as usize + 1] as usize] {
            indegree[t as usize] -= 1;
            if indegree[t as usize] == 0 {
                ready.push(t);
            }
        }
    }
    taken == bound
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Whether two validity periods overlap; an open end is unbounded. ISO
/// dates and years compare as strings.
fn overlaps(a: Option<&EdgeInfo>, b: Option<&EdgeInfo>) -> bool {
    let open = Validity::default();
    let valid = |i: Option<&EdgeInfo>| i.map_or(&open, |i| &i.valid).certain_days();
    let ((a0, a1), (b0, b1)) = (valid(a), valid(b));
    a0.max(b0) <= a1.min(b1)
}
