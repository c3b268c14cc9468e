//! Marking each suggestion against the model: already in it, new, or in
//! conflict with what the model says (a choice for the reviewer).

use super::{Report, Status};
use crate::graph::{BodyId, OrgGraph};

/// Sets the status of every edge of `report` (nodes are marked as they
/// are found).
pub fn resolve_statuses(g: &OrgGraph, report: &mut Report) {
    let body = |ix: usize, r: &Report| -> Option<BodyId> {
        let n = &r.nodes[ix];
        (n.status == Status::Known)
            .then(|| g.by_id(&n.id))
            .flatten()
    };
    for e in 0..report.edges.len() {
        let (from, to) = (report.edges[e].from, report.edges[e].to);
        let rel_name = report.edges[e].rel.clone();
        let Some(rel) = g.catalog.find_relation(&rel_name) else {
            continue;
        };
        let relation = g.catalog.relation(rel);
        let status = {
            let (a, b) = (&report.nodes[from], &report.nodes[to]);
            let unclear = [a, b]
                .into_iter()
                .find(|n| matches!(n.status, Status::Conflict(_)));
            let kind_ok = |n: &super::NodeSuggestion, allowed: &[crate::graph::KindId]| {
                allowed.is_empty() || allowed.iter().any(|k| g.catalog.kind(*k).id == n.kind)
            };
            if let Some(n) = unclear {
                Status::Conflict(format!(
                    "which body \"{}\" means must be chosen first",
                    n.name
                ))
            } else if !kind_ok(a, &relation.subject_kinds) || !kind_ok(b, &relation.object_kinds) {
                let kinds = |ks: &[crate::graph::KindId]| {
                    ks.iter()
                        .map(|k| g.catalog.kind(*k).id.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                };
                Status::Conflict(format!(
                    "`{}` needs {}{}; {} is {} and {} is {}: choose the relation or the kinds",
                    relation.id,
                    if relation.subject_kinds.is_empty() {
                        String::new()
                    } else {
                        format!("a subject of kind {} ", kinds(&relation.subject_kinds))
                    },
                    if relation.object_kinds.is_empty() {
                        String::new()
                    } else {
                        format!("an object of kind {}", kinds(&relation.object_kinds))
                    },
                    a.id,
                    a.kind,
                    b.id,
                    b.kind
                ))
            } else {
                match (body(from, report), body(to, report)) {
                    (Some(x), Some(y)) => known_edge_status(g, x, rel, y),
                    (_, Some(y)) if is_chair(&relation.id) => chair_status(g, rel, y, None),
                    _ => Status::New,
                }
            }
        };
        report.edges[e].status = status;
    }
    // Two new chairs of one body: the model can take only one.
    for e in 0..report.edges.len() {
        let (rel, to) = (report.edges[e].rel.clone(), report.edges[e].to);
        if !is_chair(&rel) || report.edges[e].status != Status::New {
            continue;
        }
        let holders: Vec<usize> = (0..report.edges.len())
            .filter(|&o| {
                let x = &report.edges[o];
                x.rel == rel && x.to == to && x.status == Status::New
            })
            .collect();
        if holders.len() > 1 {
            let names: Vec<String> = holders
                .iter()
                .map(|&o| report.nodes[report.edges[o].from].id.clone())
                .collect();
            for o in holders {
                report.edges[o].status = Status::Conflict(format!(
                    "the document names several holders of this post ({}): keep one, or set valid_from/valid_until",
                    names.join(", ")
                ));
            }
        }
    }
}

fn is_chair(rel: &str) -> bool {
    rel == "ordförande_i" || rel == "vice_ordförande_i"
}

fn known_edge_status(g: &OrgGraph, x: BodyId, rel: crate::graph::RelId, y: BodyId) -> Status {
    if g.out_edges(x).any(|e| e.rel == rel && e.to == y) {
        return Status::Known;
    }
    if g.out_edges(y).any(|e| e.rel == rel && e.to == x) {
        return Status::Conflict(format!(
            "the model has it the other way round: {} {} {}",
            g.node(y).id,
            g.catalog.relation(rel).id,
            g.node(x).id
        ));
    }
    let relation = g.catalog.relation(rel);
    if is_chair(&relation.id) {
        return chair_status(g, rel, y, Some(x));
    }
    if relation.id == "rapporterar_till" && reaches(g, y, rel, x) {
        return Status::Conflict(format!(
            "{} already reports (over several steps) to {}: this edge would make a cycle",
            g.node(y).id,
            g.node(x).id
        ));
    }
    Status::New
}

/// A second chair: the model names another holder of the post.
fn chair_status(
    g: &OrgGraph,
    rel: crate::graph::RelId,
    body: BodyId,
    holder: Option<BodyId>,
) -> Status {
    let others: Vec<&str> = g
        .in_edges(body)
        .filter(|e| e.rel == rel && Some(e.from) != holder)
        .map(|e| g.node(e.from).id)
        .collect();
    if others.is_empty() {
        Status::New
    } else {
        Status::Conflict(format!(
            "the model says {} holds this post in {}: choose one, or set valid_from/valid_until",
            others.join(", "),
            g.node(body).id
        ))
    }
}

fn reaches(g: &OrgGraph, from: BodyId, rel: crate::graph::RelId, to: BodyId) -> bool {
    let mut seen = vec![false; g.node_bound()];
    let mut stack = vec![from];
    while let Some(b) = stack.pop() {
        if b == to {
            return true;
        }
        if std::mem::replace(&mut seen[b.index()], true) {
            continue;
        }
        stack.extend(g.out_edges(b).filter(|e| e.rel == rel).map(|e| e.to));
    }
    false
}
