//! Building an [`OrgGraph`] from parsed model files, checking every fact
//! on the way: declarations, nodes, edges, then whole-graph rules.
//!
//! Each problem becomes a located [`Diagnostic`]; building goes on past
//! it, so one run reports everything.

use std::collections::HashMap;
use std::ops::Range;

use petgraph::algo::kosaraju_scc;
use petgraph::visit::EdgeFiltered;

use super::names::{self, closest, fold};
use super::{
    Attribute, BodyId, EdgeData, EdgeInfo, FormerName, Hits, Kind, KindId, NONE, Node, NodeDetails,
    OrgGraph, RelId, Relation,
};
use crate::diag::{Diagnostic, line_col};
use crate::model::LoadedFile;
use crate::model::spans::SpanTree;
use crate::model::types::{EdgeDef, LINE_STYLES, NodeDef, NodeStyle, RANKS, Source};

/// Where a fact was written: a file of [`OrgGraph::files`] and a span.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    kinds: HashMap<String, KindId>,
    /// Relation by exact id and by ASCII form.
    rels: HashMap<String, RelId>,
    /// Folded spelling → the node that owns it, for collision checks.
    collisions_in_csv: usize,
    first_csv_collision: Option<String>,
    missing_sources_in_csv: Option<String>,
    /// Texts of the RON files by file index, to show positions in hints.
    texts: HashMap<usize, String>,
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
            kinds: HashMap::new(),
            rels: HashMap::new(),
            collisions_in_csv: 0,
            first_csv_collision: None,
            missing_sources_in_csv: None,
            texts: HashMap::new(),
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
        for (f, &ix) in all.iter().zip(&file_ix) {
            for (i, n) in f.content.nodes.iter().enumerate() {
                let spans = f.spans.item("nodes", i).cloned().unwrap_or_default();
                b.add_node(n, ix, &spans);
            }
        }
        for (f, &ix) in all.iter().zip(&file_ix) {
            for (i, e) in f.content.edges.iter().enumerate() {
                let spans = f.spans.item("edges", i).cloned().unwrap_or_default();
                b.add_edge(e, ix, &spans);
            }
        }
        b
    }

    fn file_index(&mut self, name: &str) -> usize {
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
        if !valid_id(&n.id) {
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
        for (i, a) in n.attributes.iter().enumerate() {
            let t = spans.item("attributes", i);
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
        }
        for (i, f) in n.former_names.iter().enumerate() {
            let t = spans.item("former_names", i);
            self.check_sources(
                ix,
                &f.sources,
                t.and_then(|t| t.field("sources")),
                &format!("former name `{}`", f.name),
            );
        }
        let details = NodeDetails {
            subkind: n.subkind.clone(),
            former_names: n
                .former_names
                .iter()
                .map(|f| FormerName {
                    name: f.name.clone(),
                    aliases: f.aliases.clone(),
                    changed: f.changed.clone(),
                    sources: f.sources.clone(),
                })
                .collect(),
            attributes: n
                .attributes
                .iter()
                .map(|a| Attribute {
                    key: a.key.clone(),
                    value: a.value.clone(),
                    sources: a.sources.clone(),
                })
                .collect(),
            sources: n.sources.clone(),
            origin: Some(Origin {
                file: ix,
                span: spans.span.clone(),
            }),
        };
        let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
        let body = self.insert_node(&n.id, &n.name, kind, &aliases, Some(details));
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
        let hits = self.g.names.get(&names::key(&f))?;
        hits.iter().map(BodyId).find(|&b| {
            b != me && {
                let n = self.g.node(b);
                fold(&n.id) == f || fold(&n.name) == f || n.aliases.iter().any(|a| fold(a) == f)
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
    fn insert_node(
        &mut self,
        id: &str,
        name: &str,
        kind: KindId,
        aliases: &[&str],
        details: Option<NodeDetails>,
    ) -> BodyId {
        let details_ix = match details {
            Some(d) => {
                self.g.details.push(d);
                (self.g.details.len() - 1) as u32
            }
            None => NONE,
        };
        let ix = self.g.g.add_node(Node {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| Box::<str>::from(*a)).collect(),
            details: details_ix,
        });
        let n = ix.index() as u32;
        push_hit(&mut self.g.ids, names::key(id), n);
        let mut keys = vec![fold(id), fold(name)];
        keys.extend(aliases.iter().map(|a| fold(a)));
        if let Some(d) = self.g.details(BodyId(n)) {
            for f in &d.former_names {
                keys.push(fold(&f.name));
                keys.extend(f.aliases.iter().map(|a| fold(a)));
            }
        }
        keys.sort();
        keys.dedup();
        for k in keys {
            push_hit(&mut self.g.names, names::key(&k), n);
        }
        BodyId(n)
    }

    /// Records a problem found by a loader at `span` of `file`.
    pub fn report(&mut self, file: &str, span: Range<usize>, msg: String, hint: Option<String>) {
        let ix = self.file_index(file);
        self.error(ix, span, msg).hints.extend(hint);
    }

    /// Adds a node from a CSV row; problems are reported at `span` of `file`.
    pub fn add_plain_node(
        &mut self,
        file: &str,
        span: Range<usize>,
        id: &str,
        kind: &str,
        name: &str,
        aliases: &[&str],
    ) {
        let ix = self.file_index(file);
        if id.is_empty() {
            self.error(ix, span, "empty id");
            return;
        }
        if self.g.by_id(id).is_some() {
            self.error(ix, span, format!("duplicate id `{id}`"));
            return;
        }
        let kind_id = match self.kinds.get(kind) {
            Some(k) => *k,
            None => match self.g.catalog.find_kind(kind) {
                Some(k) => k,
                None => {
                    let hint = self.kind_hint(kind);
                    self.error(ix, span, format!("unknown kind `{kind}`"))
                        .hints
                        .extend(hint);
                    return;
                }
            },
        };
        let b = self.insert_node(id, name, kind_id, aliases, None);
        if self.missing_sources_in_csv.is_none() {
            self.missing_sources_in_csv = Some(file.to_string());
        }
        if !name.is_empty() && self.colliding(b, name).is_some() {
            self.collisions_in_csv += 1;
            if self.first_csv_collision.is_none() {
                self.first_csv_collision = Some(name.to_string());
            }
        }
    }

    /// Adds an edge from a CSV row; the relation may be given by id or
    /// ASCII form.
    pub fn add_plain_edge(
        &mut self,
        file: &str,
        span: Range<usize>,
        from: &str,
        rel: &str,
        to: &str,
    ) {
        let ix = self.file_index(file);
        let Some(r) = self.rels.get(rel).copied() else {
            let hint = self.relation_hint(rel);
            self.error(ix, span, format!("unknown relation `{rel}`"))
                .hints
                .extend(hint);
            return;
        };
        let (Some(a), Some(b)) = (self.g.by_id(from), self.g.by_id(to)) else {
            let missing = if self.g.by_id(from).is_none() {
                from
            } else {
                to
            };
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
        self.g
            .g
            .add_edge(a.ix(), b.ix(), EdgeData { rel: r, info: NONE });
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
        let ids: Vec<&str> = self.g.bodies().map(|b| &*self.g.node(b).id).collect();
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
        let (Some(r), [Some(a), Some(b)]) = (r, ends) else {
            return;
        };
        if !self.kinds_ok(r, a, b) {
            let msg = self.kind_violation(r, a, b);
            self.error(ix, spans.span.clone(), msg)
                .hints
                .push("check the edge's direction or the nodes' kinds".into());
        }
        self.g.edge_info.push(EdgeInfo {
            count: e.count,
            valid_from: e.valid_from.clone(),
            valid_to: e.valid_to.clone(),
            note: e.note.clone(),
            sources: e.sources.clone(),
            origin: Some(Origin {
                file: ix,
                span: spans.span.clone(),
            }),
        });
        let info = (self.g.edge_info.len() - 1) as u32;
        self.g.g.add_edge(a.ix(), b.ix(), EdgeData { rel: r, info });
    }

    /// Whole-graph checks, then the graph and every diagnostic.
    pub fn finish(mut self) -> (OrgGraph, Vec<Diagnostic>) {
        self.check_chairs();
        self.check_report_cycles();
        self.check_isolated();
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

    /// Two `ordförande_i` edges into one body must not overlap in time.
    fn check_chairs(&mut self) {
        let Some(chair) = self.g.catalog.find_relation("ordförande_i") else {
            return;
        };
        let mut problems = Vec::new();
        for body in self.g.bodies() {
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
                .push("give the edges `valid_from`/`valid_to` that do not overlap, or model a rotation as an `ordförandeskap` attribute".into());
        }
    }

    /// `rapporterar_till` must not form a cycle.
    fn check_report_cycles(&mut self) {
        let Some(rep) = self.g.catalog.find_relation("rapporterar_till") else {
            return;
        };
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
                members.sort_by(|a, b| self.g.node(*a).id.cmp(&self.g.node(*b).id));
                cycles.push(members);
            }
        }
        cycles.sort_by(|a, b| self.g.node(a[0]).id.cmp(&self.g.node(b[0]).id));
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
    fn check_isolated(&mut self) {
        // Edges rejected by an error leave their ends alone; don't pile on.
        if self.diags.iter().any(Diagnostic::is_error) {
            return;
        }
        let isolated: Vec<BodyId> = self
            .g
            .bodies()
            .filter(|&b| {
                self.g.out_edges(b).next().is_none() && self.g.in_edges(b).next().is_none()
            })
            .collect();
        if isolated.len() > 20 {
            let mut sample: Vec<&str> = isolated
                .iter()
                .take(3)
                .map(|b| &*self.g.node(*b).id)
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

fn push_hit(map: &mut super::FxMap<u64, Hits>, key: u64, n: u32) {
    map.entry(key)
        .and_modify(|h| h.push(n))
        .or_insert(Hits::One(n));
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
    let period = |i: Option<&EdgeInfo>| {
        (
            i.and_then(|i| i.valid_from.clone()).unwrap_or_default(),
            i.and_then(|i| i.valid_to.clone())
                .unwrap_or_else(|| "\u{10ffff}".into()),
        )
    };
    let (a0, a1) = period(a);
    let (b0, b1) = period(b);
    a0 <= b1 && b0 <= a1
}
