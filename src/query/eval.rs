//! Evaluating a statement against an [`OrgGraph`].
//!
//! Names are resolved here, not in the parser; an unknown or ambiguous
//! name is an error that points at the name's span, with "did you mean".

use rustc_hash::FxHashSet;

use crate::diag::Diagnostic;
use crate::graph::names::{closest, fold};
use crate::graph::{BodyId, KindId, OrgGraph, Period, RelId, ResolveError, Validity};
use crate::model::types::Source;

use super::ast::{
    Cond, Name, Op, PathQuery, RelPath, Statement, StatementKind, Target, Term, Triple,
};
use super::reach::{Automaton, Distances, Reach, Rp, distances_to, undirected_distances};
use super::search::{MAX_WORDS, search, word_count};
use super::value::{AsOf, Card, Event, Fact, Hop, Meaning, NoPath, Row, Value, Via};

/// An edge as `show` lists it.
fn hop(e: crate::graph::Edge<'_>) -> Hop {
    Hop {
        from: e.from,
        rel: e.rel,
        to: e.to,
        count: e.info.and_then(|i| i.count),
        note: e.info.and_then(|i| i.note.clone()),
        sources: e.sources().to_vec(),
    }
}

/// What `text`, which finds body `b` in `then` (the graph as of `date`),
/// meant then, when it is not the body's name or alias then: today's
/// name, a name of another time, or a former name the model does not
/// date.
fn name_note(
    full: &OrgGraph,
    then: &OrgGraph,
    b: BodyId,
    text: &str,
    date: &str,
) -> Option<String> {
    if then.resolve(text) != Ok(b) {
        return None;
    }
    let f = fold(text);
    let is = |s: &str| fold(s) == f;
    let (now, was) = (full.node(b), then.node(b));
    let id = &now.id;
    if is(was.id) || is(was.name) || then.aliases(b).any(is) {
        return None;
    }
    let t = short(text);
    if is(now.name) || full.aliases(b).any(is) {
        return Some(format!(
            "`{t}` is today's name of `{id}`; as of {date} it was called {}",
            was.name
        ));
    }
    let former = full
        .details(b)?
        .former_names
        .iter()
        .find(|n| is(&n.name) || n.aliases.iter().any(|a| is(a)))?;
    Some(if former.valid.is_open() {
        format!(
            "`{t}` is a former name of `{id}` ({}, changed {}); the model does not date the change, so the answer calls it {}",
            former.name, former.changed, was.name
        )
    } else {
        format!(
            "`{t}` was a name of `{id}` ({} {}); as of {date} it is called {}",
            former.name,
            former.valid.text(),
            was.name
        )
    })
}

/// `paths` lists at most this many paths.
pub const MAX_PATHS: usize = 100;

/// `paths` without `max` follows at most this many hops.
pub const DEFAULT_MAX_HOPS: usize = 6;

/// Evaluates one statement; errors name the source `file`.
pub fn eval_in(g: &OrgGraph, stmt: &Statement, file: &str) -> Result<Value, Diagnostic> {
    Eval {
        g,
        file,
        span: stmt.span.range(),
    }
    .statement(stmt)
}

struct Eval<'g, 'f> {
    g: &'g OrgGraph,
    file: &'f str,
    /// The statement's span, for errors about the statement as a whole.
    span: std::ops::Range<usize>,
}

/// A filter condition with its field and kind resolved.
struct Check {
    target: Option<Target>,
    field: Field,
    op: Op,
    value: String,
}

enum Field {
    Kind(KindId),
    Subkind,
    Name,
    Id,
    Attribute(String),
}

impl Eval<'_, '_> {
    fn statement(&self, s: &Statement) -> Result<Value, Diagnostic> {
        match &s.kind {
            StatementKind::Triple(t) => self.triple(t),
            StatementKind::List { kind, filter } => self.list(kind.as_ref(), filter),
            StatementKind::Path(q) => self.path(q),
            StatementKind::Paths { query, max } => {
                self.paths(query, max.unwrap_or(DEFAULT_MAX_HOPS))
            }
            StatementKind::Show(n) => self.show(n),
            StatementKind::Why { from, path, to } => self.why(from, path, to),
            StatementKind::Search(n) => self.search(n),
            StatementKind::Explain(n) => self.explain(n),
            StatementKind::Relations => Ok(Value::Relations(
                (0..self.g.catalog.relations.len())
                    .map(|i| RelId(i as u16))
                    .collect(),
            )),
            StatementKind::Kinds => Ok(Value::Kinds(self.kinds())),
            StatementKind::Help(topic) => self.help(topic.as_ref()),
            StatementKind::AsOf { date, statement } => self.as_of(date, statement),
        }
    }

    /// `as of 2021 ? bereder PSS`: the statement evaluated, by this same
    /// evaluator, on the graph as it stood then ([`OrgGraph::as_of`]). A
    /// body named in it that did not exist then is an error at its name;
    /// a name that was not the body's name then gets a note.
    fn as_of(&self, date: &Name, inner: &Statement) -> Result<Value, Diagnostic> {
        let p = Period::parse(&date.text).map_err(|e| self.error(date, e))?;
        let copy = self.g.as_of(p);
        let then = copy.as_ref().unwrap_or(self.g);
        let mut notes = Vec::new();
        for n in inner.kind.body_names() {
            let Ok(b) = self.g.resolve(&n.text) else {
                continue; // reported by the evaluation below
            };
            if !then.contains(b) {
                let life = self.g.lifetime(b);
                return Err(self
                    .error(
                        n,
                        format!(
                            "`{}` ({}) did not exist as of {}",
                            short(&n.text),
                            self.g.node(b).id,
                            date.text
                        ),
                    )
                    .with_hint(format!("the model dates it {}", life.text())));
            }
            if let Some(note) = name_note(self.g, then, b, &n.text, &date.text)
                && !notes.contains(&note)
            {
                notes.push(note);
            }
        }
        let value = Eval {
            g: then,
            file: self.file,
            span: self.span.clone(),
        }
        .statement(inner)?;
        Ok(Value::AsOf(Box::new(AsOf {
            date: date.text.clone(),
            notes,
            graph: copy.map(std::sync::Arc::new),
            value,
        })))
    }

    /// A search over `a`, or an error when the graph is too large for it.
    fn reach(&self, a: Automaton) -> Result<Reach<'_>, Diagnostic> {
        Reach::new(self.g, a).ok_or_else(|| {
            Diagnostic::error(
                self.file,
                self.span.clone(),
                "the relation path is too complex for a graph this large",
            )
            .with_hint("split it into simpler patterns")
        })
    }

    fn error(&self, name: &Name, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, name.span.range(), message)
    }

    /// The body a name refers to.
    fn body(&self, n: &Name) -> Result<BodyId, Diagnostic> {
        match self.g.resolve(&n.text) {
            Ok(b) => Ok(b),
            Err(ResolveError::Unknown { suggestions }) => {
                let mut suggestions = one_per_body(suggestions);
                if suggestions.is_empty() {
                    // `Styrgrupp` for "Styrgrupp vårdsamverkan Skaraborg".
                    let g = self.g;
                    suggestions = self
                        .named_with_word(&n.text)
                        .into_iter()
                        .take(3)
                        .map(|b| format!("{} ({})", g.node(b).name, g.node(b).id))
                        .collect();
                }
                let d = self
                    .error(n, format!("unknown name \"{}\"", short(&n.text)))
                    .with_label("no body, role or person has this name");
                Err(did_you_mean(d, &suggestions)
                    .with_hint("`search TEXT` finds names by parts and typos"))
            }
            Err(ResolveError::Ambiguous { candidates }) => Err(self
                .error(
                    n,
                    format!("\"{}\" names more than one body", short(&n.text)),
                )
                .with_label("ambiguous")
                .with_hint(format!("use one of the ids: {}", candidates.join(", ")))),
        }
    }

    /// The relation a name refers to.
    fn relation(&self, n: &Name) -> Result<RelId, Diagnostic> {
        self.g.catalog.find_relation(&n.text).ok_or_else(|| {
            let spellings = self.g.catalog.relation_spellings();
            let close: Vec<String> = closest(&n.text, spellings, 3)
                .into_iter()
                .map(String::from)
                .collect();
            let d = self
                .error(n, format!("unknown relation \"{}\"", short(&n.text)))
                .with_label("not a relation of the model");
            did_you_mean(d, &close).with_hint("`relations` lists them all")
        })
    }

    fn kind(&self, n: &Name) -> Result<KindId, Diagnostic> {
        self.g.catalog.find_kind(&n.text).ok_or_else(|| {
            let ids = self.g.catalog.kinds.iter().map(|k| k.id.as_str());
            let close: Vec<String> = closest(&n.text, ids, 3)
                .into_iter()
                .map(String::from)
                .collect();
            let all: Vec<&str> = self.g.catalog.kinds.iter().map(|k| k.id.as_str()).collect();
            did_you_mean(
                self.error(n, format!("unknown kind \"{}\"", short(&n.text)))
                    .with_label("not a kind"),
                &close,
            )
            .with_hint(format!("kinds: {}", all.join(", ")))
        })
    }

    /// Resolves relation names and pushes `^` down to single steps.
    fn relpath(&self, p: &RelPath, inverse: bool) -> Result<Rp, Diagnostic> {
        Ok(match p {
            RelPath::Rel(n) => Rp::Step {
                rel: self.relation(n)?,
                forward: !inverse,
            },
            RelPath::Inverse(q) => self.relpath(q, !inverse)?,
            RelPath::Repeat {
                inner,
                at_least_one,
            } => Rp::Repeat {
                inner: Box::new(self.relpath(inner, inverse)?),
                at_least_one: *at_least_one,
            },
            RelPath::Seq(ps) => {
                let mut steps = ps
                    .iter()
                    .map(|q| self.relpath(q, inverse))
                    .collect::<Result<Vec<_>, _>>()?;
                if inverse {
                    steps.reverse();
                }
                Rp::Seq(steps)
            }
            RelPath::Alt(ps) => Rp::Alt(
                ps.iter()
                    .map(|q| self.relpath(q, inverse))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    fn checks(&self, conds: &[Cond]) -> Result<Vec<Check>, Diagnostic> {
        conds.iter().map(|c| self.check(c)).collect()
    }

    fn check(&self, c: &Cond) -> Result<Check, Diagnostic> {
        let f = fold(&c.field.text);
        let field = match f.as_str() {
            "kind" | "typ" => Field::Kind(self.kind(&c.value)?),
            "subkind" | "undertyp" => Field::Subkind,
            "name" | "namn" => Field::Name,
            "id" => Field::Id,
            _ => {
                let attrs = &self.g.catalog.attributes;
                let found = attrs.iter().find(|a| {
                    fold(&a.id) == f
                        || fold(&a.label) == f
                        || a.english.as_deref().is_some_and(|e| fold(e) == f)
                });
                match found {
                    Some(a) => Field::Attribute(a.id.clone()),
                    None => {
                        let mut fields = vec!["kind", "subkind", "name", "id"];
                        fields.extend(attrs.iter().map(|a| a.id.as_str()));
                        let close: Vec<String> = closest(&c.field.text, fields.iter().copied(), 3)
                            .into_iter()
                            .map(String::from)
                            .collect();
                        let d = self
                            .error(
                                &c.field,
                                format!("unknown field \"{}\"", short(&c.field.text)),
                            )
                            .with_label("not a field");
                        return Err(did_you_mean(d, &close)
                            .with_hint(format!("fields: {}", fields.join(", "))));
                    }
                }
            }
        };
        Ok(Check {
            target: c.target,
            field,
            op: c.op,
            value: fold(&c.value.text),
        })
    }

    /// Whether body `b`, standing at `at`, passes every check meant for it.
    fn passes(&self, checks: &[Check], b: BodyId, at: Target) -> bool {
        checks
            .iter()
            .filter(|c| c.target.is_none_or(|t| t == at))
            .all(|c| self.holds(c, b))
    }

    fn holds(&self, c: &Check, b: BodyId) -> bool {
        let node = self.g.node(b);
        let details = self.g.details(b);
        let values: Vec<String> = match &c.field {
            Field::Kind(k) => {
                let same = node.kind == *k;
                return match c.op {
                    Op::Eq => same,
                    Op::Ne => !same,
                    Op::Contains => fold(&self.g.kind_of(b).label).contains(&c.value),
                };
            }
            Field::Subkind => details
                .and_then(|d| d.subkind.as_deref())
                .map(fold)
                .into_iter()
                .collect(),
            Field::Name => self.g.spellings(b).into_iter().skip(1).map(fold).collect(),
            Field::Id => vec![fold(node.id)],
            Field::Attribute(key) => details
                .map(|d| {
                    d.attributes
                        .iter()
                        .filter(|a| &a.key == key)
                        .map(|a| fold(&a.value))
                        .collect()
                })
                .unwrap_or_default(),
        };
        match c.op {
            Op::Eq => values.contains(&c.value),
            Op::Ne => values.iter().all(|v| *v != c.value),
            Op::Contains => values.iter().any(|v| v.contains(&c.value)),
        }
    }

    fn sort_by_id(&self, v: &mut [BodyId]) {
        self.g.sort_by_id(v);
    }

    /// The edge `from rel to` with the evidence of every such edge.
    fn hop(&self, (from, rel, to): (BodyId, RelId, BodyId)) -> Hop {
        let mut hop = Hop {
            from,
            rel,
            to,
            count: None,
            note: None,
            sources: Vec::new(),
        };
        if !self.g.has_evidence() {
            return hop;
        }
        for e in self
            .g
            .out_edges(from)
            .filter(|e| e.rel == rel && e.to == to)
        {
            if let Some(info) = e.info {
                hop.count = hop.count.or(info.count);
                hop.note = hop.note.clone().or_else(|| info.note.clone());
            }
            for s in e.sources() {
                if !hop.sources.contains(s) {
                    hop.sources.push(s.clone());
                }
            }
        }
        hop
    }

    fn hops(&self, edges: Vec<(BodyId, RelId, BodyId)>) -> Vec<Hop> {
        edges.into_iter().map(|e| self.hop(e)).collect()
    }

    /// `? bereder PSG`, `PSG ^bereder ?`, `? utser ?`, `VVG bereder SRO`
    fn triple(&self, t: &Triple) -> Result<Value, Diagnostic> {
        let subject = match &t.subject {
            Term::Name(n) => Some(self.body(n)?),
            Term::Ask(_) => None,
        };
        let path = self.relpath(&t.path, false)?;
        let object = match &t.object {
            Term::Name(n) => Some(self.body(n)?),
            Term::Ask(_) => None,
        };
        let checks = self.checks(&t.filter)?;
        match (subject, object) {
            (Some(a), Some(b)) => {
                let mut reach = self.reach(Automaton::new(&path))?;
                let chain = reach.run(a, Some(b)).map(|p| reach.chain(p));
                Ok(Value::Answer {
                    answer: chain.is_some(),
                    chain: self.hops(chain.unwrap_or_default()),
                })
            }
            (Some(a), None) => self.reached(a, &path, &checks, Target::Object),
            (None, Some(b)) => self.reached(b, &path.inverse(), &checks, Target::Subject),
            (None, None) => Ok(Value::Rows(self.rows(&t.path, &path, &checks)?)),
        }
    }

    /// The bodies reached from `start` over `path` that pass the checks,
    /// with the edges that lead to them.
    fn reached(
        &self,
        start: BodyId,
        path: &Rp,
        checks: &[Check],
        at: Target,
    ) -> Result<Value, Diagnostic> {
        let mut reach = self.reach(Automaton::new(path))?;
        reach.run(start, None);
        let kept: Vec<(BodyId, u32)> = reach
            .accepted()
            .into_iter()
            .filter(|&(b, _)| self.passes(checks, b, at))
            .collect();
        let edges = self.hops(reach.tree(kept.iter().map(|&(_, p)| p)));
        let mut nodes: Vec<BodyId> = kept.into_iter().map(|(b, _)| b).collect();
        self.sort_by_id(&mut nodes);
        Ok(Value::Nodes { nodes, edges })
    }

    /// `? utser ?`: every edge for a single step; for a longer path, every
    /// pair it connects.
    fn rows(&self, written: &RelPath, path: &Rp, checks: &[Check]) -> Result<Vec<Row>, Diagnostic> {
        let mut rows = Vec::new();
        if let Some(steps) = path.single_steps() {
            for e in self.g.edges() {
                for &(rel, forward) in &steps {
                    if e.rel != rel {
                        continue;
                    }
                    let (subject, object) = if forward {
                        (e.from, e.to)
                    } else {
                        (e.to, e.from)
                    };
                    if self.passes(checks, subject, Target::Subject)
                        && self.passes(checks, object, Target::Object)
                    {
                        rows.push(Row {
                            subject,
                            via: Via::Edge {
                                rel,
                                inverse: !forward,
                            },
                            object,
                        });
                    }
                }
            }
        } else {
            let text = written.to_string();
            let mut reach = self.reach(Automaton::new(path))?;
            for subject in self.g.bodies_sorted() {
                if !self.passes(checks, subject, Target::Subject) {
                    continue;
                }
                reach.run(subject, None);
                for (object, _) in reach.accepted() {
                    if self.passes(checks, object, Target::Object) {
                        rows.push(Row {
                            subject,
                            via: Via::Path(text.clone()),
                            object,
                        });
                    }
                }
            }
        }
        let via_key = |v: &Via| match v {
            Via::Edge { rel, inverse } => (rel.0, *inverse),
            Via::Path(_) => (0, false),
        };
        match self.g.rank_for(rows.len()) {
            // One integer sort: (subject, relation, object) by id rank.
            Some(rank) => rows.sort_unstable_by_key(|r| {
                let (rel, inverse) = via_key(&r.via);
                (
                    rank[r.subject.index()],
                    rel,
                    inverse,
                    rank[r.object.index()],
                )
            }),
            None => {
                let id = |b: BodyId| self.g.node(b).id;
                rows.sort_unstable_by(|a, b| {
                    (id(a.subject), via_key(&a.via), id(a.object)).cmp(&(
                        id(b.subject),
                        via_key(&b.via),
                        id(b.object),
                    ))
                });
            }
        }
        rows.dedup();
        Ok(rows)
    }

    /// `list`, `list roll where subkind = styrgrupp`
    fn list(&self, kind: Option<&Name>, filter: &[Cond]) -> Result<Value, Diagnostic> {
        let kind = kind.map(|k| self.kind(k)).transpose()?;
        let checks = self.checks(filter)?;
        // Filter first, then sort what is left by id.
        let mut nodes: Vec<BodyId> = self
            .g
            .bodies()
            .filter(|&b| kind.is_none_or(|k| self.g.node(b).kind == k))
            .filter(|&b| self.passes(&checks, b, Target::Subject))
            .collect();
        self.sort_by_id(&mut nodes);
        Ok(Value::Nodes {
            nodes,
            edges: Vec::new(),
        })
    }

    /// The relations `path` and `paths` follow: `via`, else every
    /// relation the catalog marks reachable.
    fn path_relations(&self, q: &PathQuery) -> Result<Vec<RelId>, Diagnostic> {
        match &q.via {
            Some(names) => {
                let mut rels = names
                    .iter()
                    .map(|n| self.relation(n))
                    .collect::<Result<Vec<_>, _>>()?;
                rels.sort();
                rels.dedup();
                Ok(rels)
            }
            None => Ok(self
                .g
                .catalog
                .relations
                .iter()
                .enumerate()
                .filter(|(_, r)| r.reachable)
                .map(|(i, _)| RelId(i as u16))
                .collect()),
        }
    }

    /// `path NOSAM_Lerum -> SRO`
    fn path(&self, q: &PathQuery) -> Result<Value, Diagnostic> {
        let (from, to) = (self.body(&q.from)?, self.body(&q.to)?);
        let relations = self.path_relations(q)?;
        let mut reach = self.reach(Automaton::any_of(&relations))?;
        let (paths, no_path) = match reach.run(from, Some(to)) {
            Some(p) => (vec![self.hops(reach.chain(p))], None),
            None => (Vec::new(), Some(self.no_path(&reach, from, to, &relations))),
        };
        Ok(Value::Paths {
            from,
            to,
            relations,
            paths,
            max: None,
            truncated: false,
            no_path,
        })
    }

    /// Why there is no path: what `from` reaches, what of it is nearest to
    /// `to`, and what reaches `to`.
    fn no_path(&self, reach: &Reach<'_>, from: BodyId, to: BodyId, rels: &[RelId]) -> NoPath {
        let mut reached: Vec<BodyId> = reach
            .accepted()
            .into_iter()
            .map(|(b, _)| b)
            .filter(|&b| b != from)
            .collect();
        self.sort_by_id(&mut reached);
        let candidates: FxHashSet<BodyId> = std::iter::once(from)
            .chain(reached.iter().copied())
            .collect();
        let dist = undirected_distances(self.g, to, |b| candidates.contains(&b));
        let mut near: Vec<(BodyId, usize)> = std::iter::once(from)
            .chain(reached.iter().copied())
            .map(|b| (b, dist.get(b)))
            .filter(|&(_, d)| d != usize::MAX)
            .collect();
        let best = near.iter().map(|&(_, d)| d).min();
        near.retain(|&(_, d)| Some(d) == best);
        near.sort_by(|a, b| self.g.node(a.0).id.cmp(self.g.node(b.0).id));
        near.truncate(3);
        let to_dist = distances_to(self.g, to, rels, usize::MAX);
        let mut reaching: Vec<BodyId> = to_dist.reached()[1..].to_vec();
        self.sort_by_id(&mut reaching);
        NoPath {
            shortest: None,
            reached,
            closest: near,
            reaching,
        }
    }

    /// `paths A -> B max 4`: simple paths, shortest first.
    fn paths(&self, q: &PathQuery, max: usize) -> Result<Value, Diagnostic> {
        let (from, to) = (self.body(&q.from)?, self.body(&q.to)?);
        let relations = self.path_relations(q)?;
        // Only bodies within `max` hops of `to` can be on a path.
        let dist = distances_to(self.g, to, &relations, max);
        let mut walk = Walk {
            g: self.g,
            rels: &relations,
            dist: &dist,
            from,
            to,
            max,
            stack: Vec::new(),
            found: Vec::new(),
            truncated: false,
        };
        walk.dfs(from);
        let Walk {
            found, truncated, ..
        } = walk;
        let id = |b: BodyId| self.g.node(b).id;
        let mut found = found;
        found.sort_by(|a, b| {
            a.len().cmp(&b.len()).then_with(|| {
                let ka = a.iter().map(|&(f, r, t)| (id(f), r, id(t)));
                let kb = b.iter().map(|&(f, r, t)| (id(f), r, id(t)));
                ka.cmp(kb)
            })
        });
        // With no path of at most `max` hops, how long is the shortest?
        let shortest = match found.is_empty() {
            true if dist.get(from) != usize::MAX => dist.get(from),
            true => distances_to(self.g, to, &relations, usize::MAX).get(from),
            false => usize::MAX,
        };
        drop(dist);
        let no_path = if found.is_empty() && shortest != usize::MAX {
            Some(NoPath {
                shortest: Some(shortest),
                reached: Vec::new(),
                closest: Vec::new(),
                reaching: Vec::new(),
            })
        } else if found.is_empty() {
            let mut reach = self.reach(Automaton::any_of(&relations))?;
            reach.run(from, None);
            Some(self.no_path(&reach, from, to, &relations))
        } else {
            None
        };
        Ok(Value::Paths {
            from,
            to,
            relations,
            paths: found.into_iter().map(|p| self.hops(p)).collect(),
            max: Some(max),
            truncated,
            no_path,
        })
    }

    /// `show PSG`
    fn show(&self, n: &Name) -> Result<Value, Diagnostic> {
        let body = self.body(n)?;
        let id = |b: BodyId| self.g.node(b).id;
        let mut outgoing: Vec<Hop> = self.g.out_edges(body).map(hop).collect();
        outgoing.sort_by(|a, b| (a.rel, id(a.to)).cmp(&(b.rel, id(b.to))));
        let mut incoming: Vec<Hop> = self.g.in_edges(body).map(hop).collect();
        incoming.sort_by(|a, b| (a.rel, id(a.from)).cmp(&(b.rel, id(b.from))));
        Ok(Value::Card(Card {
            body,
            outgoing,
            incoming,
            history: self.history(body),
        }))
    }

    /// The history section of `show`: the body's lifetime, every name
    /// it had (today's last, from the latest former name's end), and its
    /// dated attributes and edges (chairs, memberships, remits, …),
    /// oldest first.
    fn history(&self, body: BodyId) -> Vec<Event> {
        let Some(d) = self.g.details(body) else {
            return Vec::new();
        };
        let mut events: Vec<(Validity, Event)> = Vec::new();
        let mut add = |valid: &Validity, fact: Fact, undated: &[Source]| {
            let sources: Vec<Source> = valid.sources().cloned().collect();
            let event = Event {
                from: valid.from_date().map(str::to_string),
                until: valid.until_date().map(str::to_string),
                fact,
                sources: if sources.is_empty() {
                    undated.to_vec()
                } else {
                    sources
                },
            };
            events.push((valid.clone(), event));
        };
        if !d.valid.is_open() {
            add(&d.valid, Fact::Lifetime, &[]);
        }
        for f in &d.former_names {
            add(&f.valid, Fact::Name(f.name.clone()), &f.sources);
        }
        if !d.former_names.is_empty() {
            let last = d.former_names.iter().filter_map(|f| f.valid.until.as_ref());
            let since = last.max_by_key(|u| Period::parse(&u.date).map_or(0, |p| p.hi));
            let today = Validity {
                from: since.cloned(),
                until: None,
            };
            add(
                &today,
                Fact::Name(self.g.node(body).name.to_string()),
                &d.sources,
            );
        }
        for a in d.attributes.iter().filter(|a| !a.valid.is_open()) {
            let fact = Fact::Attribute {
                key: a.key.clone(),
                value: a.value.clone(),
            };
            add(&a.valid, fact, &[]);
        }
        let dated = self.g.out_edges(body).chain(self.g.in_edges(body));
        for e in dated {
            let Some(i) = e.info.filter(|i| !i.valid.is_open()) else {
                continue;
            };
            add(&i.valid, Fact::Edge(hop(e)), &[]);
        }
        // Oldest first: by the first day each may have held, then the last.
        events.sort_by_key(|(v, _)| v.days());
        events.into_iter().map(|(_, e)| e).collect()
    }

    /// `why NOSAM_Lerum lyfter_ärenden_till+ SAMLA`
    fn why(&self, from: &Name, path: &RelPath, to: &Name) -> Result<Value, Diagnostic> {
        let (a, rp, b) = (self.body(from)?, self.relpath(path, false)?, self.body(to)?);
        let mut reach = self.reach(Automaton::new(&rp))?;
        let (holds, chain, reached) = match reach.run(a, Some(b)) {
            Some(p) => (true, self.hops(reach.chain(p)), Vec::new()),
            None => {
                let mut r: Vec<BodyId> = reach.accepted().into_iter().map(|(b, _)| b).collect();
                self.sort_by_id(&mut r);
                (false, Vec::new(), r)
            }
        };
        Ok(Value::Evidence {
            holds,
            from: a,
            path: path.to_string(),
            to: b,
            chain,
            reached,
        })
    }

    /// `search samordning`, `search "nära vård"`
    fn search(&self, n: &Name) -> Result<Value, Diagnostic> {
        let words = word_count(&n.text);
        if words > MAX_WORDS {
            return Err(self
                .error(n, format!("a search may have at most {MAX_WORDS} words"))
                .with_label(format!("{words} words"))
                .with_hint("search for the few words that matter"));
        }
        Ok(Value::Search {
            text: n.text.clone(),
            hits: search(self.g, &n.text),
        })
    }

    /// `explain PSG`, `explain bereder`, `explain roll`
    fn explain(&self, n: &Name) -> Result<Value, Diagnostic> {
        let mut meanings = Vec::new();
        match self.g.resolve(&n.text) {
            Ok(b) => meanings.push(Meaning::Body(b)),
            Err(ResolveError::Ambiguous { candidates }) => {
                meanings.extend(
                    candidates
                        .iter()
                        .filter_map(|c| self.g.by_id(c))
                        .map(Meaning::Body),
                );
            }
            Err(ResolveError::Unknown { .. }) => {}
        }
        if let Some(r) = self.g.catalog.find_relation(&n.text) {
            meanings.push(Meaning::Relation(r));
        }
        if let Some(k) = self.g.catalog.find_kind(&n.text) {
            meanings.push(Meaning::Kind(k));
        }
        if meanings.is_empty() {
            meanings = self
                .named_with_word(&n.text)
                .into_iter()
                .map(Meaning::Body)
                .collect();
        }
        if meanings.is_empty() {
            let mut close = one_per_body(self.g.suggest(&n.text));
            let mut words: Vec<&str> = self.g.catalog.relation_spellings();
            words.extend(self.g.catalog.kinds.iter().map(|k| k.id.as_str()));
            close.extend(closest(&n.text, words, 3).into_iter().map(String::from));
            let d = self
                .error(
                    n,
                    format!(
                        "\"{}\" is not a name, relation or kind of the model",
                        short(&n.text)
                    ),
                )
                .with_label("unknown word");
            return Err(did_you_mean(d, &close)
                .with_hint("`search TEXT` looks inside names and attributes too"));
        }
        Ok(Value::Explain {
            word: n.text.clone(),
            meanings,
        })
    }

    /// Bodies with a name or alias that contains `word` as a whole word,
    /// sorted by id: what `explain NOSAM` shows when no body is named
    /// NOSAM itself.
    fn named_with_word(&self, word: &str) -> Vec<BodyId> {
        const MAX: usize = 20;
        let w = fold(word);
        if w.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<BodyId> = self
            .g
            .bodies()
            .filter(|&b| {
                self.g
                    .spellings(b)
                    .iter()
                    .any(|s| fold(s).split(' ').any(|x| x == w))
            })
            .collect();
        self.sort_by_id(&mut found);
        found.truncate(MAX);
        found
    }

    fn kinds(&self) -> Vec<(KindId, usize)> {
        let mut counts = vec![0; self.g.catalog.kinds.len()];
        for b in self.g.bodies() {
            counts[self.g.node(b).kind.0 as usize] += 1;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(i, c)| (KindId(i as u16), c))
            .collect()
    }

    fn help(&self, topic: Option<&Name>) -> Result<Value, Diagnostic> {
        match super::help::help(topic.map(|t| t.text.as_str())) {
            Some(text) => Ok(Value::Help(text)),
            None => {
                let t = topic.expect("the overview always exists");
                let topics: Vec<&str> = super::help::TOPICS.iter().map(|(k, _)| *k).collect();
                let close: Vec<String> = closest(&t.text, topics.iter().copied(), 2)
                    .into_iter()
                    .map(String::from)
                    .collect();
                let d = self
                    .error(t, format!("no help on \"{}\"", short(&t.text)))
                    .with_label("unknown topic");
                Err(did_you_mean(d, &close).with_hint(format!("topics: {}", topics.join(", "))))
            }
        }
    }
}

/// Keeps the first suggestion of each body: `PSG (psg)`, not also
/// `PSS (psg)` and `psg`.
fn one_per_body(suggestions: Vec<String>) -> Vec<String> {
    let id = |s: &str| -> String {
        match (s.rfind(" ("), s.ends_with(')')) {
            (Some(i), true) => s[i + 2..s.len() - 1].to_string(),
            _ => s.to_string(),
        }
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for s in suggestions {
        let i = id(&s);
        if !seen.contains(&i) {
            seen.push(i);
            out.push(s);
        }
    }
    out
}

/// The user's text as quoted in a message.
fn short(text: &str) -> std::borrow::Cow<'_, str> {
    crate::diag::shorten(text, 60)
}

fn did_you_mean(d: Diagnostic, options: &[String]) -> Diagnostic {
    match options {
        [] => d,
        [one] => d.with_hint(format!("did you mean {one}?")),
        many => d.with_hint(format!("did you mean one of: {}?", many.join(", "))),
    }
}

/// Depth-first enumeration of simple paths, pruned by the distance to the
/// target.
struct Walk<'a> {
    g: &'a OrgGraph,
    rels: &'a [RelId],
    dist: &'a Distances,
    from: BodyId,
    to: BodyId,
    max: usize,
    stack: Vec<(BodyId, RelId, BodyId)>,
    found: Vec<Vec<(BodyId, RelId, BodyId)>>,
    truncated: bool,
}

impl Walk<'_> {
    /// Whether the path so far (at most `max` hops) passes `b`.
    fn on_path(&self, b: BodyId) -> bool {
        b == self.from || self.stack.iter().any(|&(_, _, t)| t == b)
    }

    fn dfs(&mut self, at: BodyId) {
        if at == self.to {
            if self.found.len() == MAX_PATHS {
                self.truncated = true;
            } else {
                self.found.push(self.stack.clone());
            }
            return;
        }
        let g = self.g;
        let rels = self.rels;
        for (next, rel) in g.neighbours(at, petgraph::Direction::Outgoing, |r| rels.contains(&r)) {
            if self.truncated {
                return;
            }
            let d = self.dist.get(next);
            if d == usize::MAX || self.stack.len() + 1 + d > self.max || self.on_path(next) {
                continue;
            }
            self.stack.push((at, rel, next));
            self.dfs(next);
            self.stack.pop();
        }
    }
}
