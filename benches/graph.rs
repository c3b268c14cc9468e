//! Graph operations after load, on the bundled model and on a generated
//! model of about a million nodes (`ORGRAF_BENCH_NODES` changes the
//! size): name resolution, the transitive closure from one node over the
//! reachable relations, a shortest path, and 1,000 yes/no reachability
//! questions.
//!
//! `cargo bench --bench graph`

mod common;

use std::collections::VecDeque;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use orgraf::graph::{BodyId, OrgGraph};
use orgraf::model::{self, ModelSource};
use petgraph::Direction;
use rustc_hash::{FxHashMap, FxHashSet};

/// Everything reachable from `start` over the relations marked
/// `reachable` in the catalog, following edges in `dir`.
fn closure(g: &OrgGraph, start: BodyId, dir: Direction) -> usize {
    let mut seen = FxHashSet::default();
    let mut queue = vec![start];
    seen.insert(start);
    while let Some(b) = queue.pop() {
        for (n, _) in g.neighbours(b, dir, |r| g.catalog.relation(r).reachable) {
            if seen.insert(n) {
                queue.push(n);
            }
        }
    }
    seen.len() - 1
}

/// The fewest forward steps over reachable relations from `from` to
/// `to`, as the bodies on the way.
fn shortest_path(g: &OrgGraph, from: BodyId, to: BodyId) -> Option<Vec<BodyId>> {
    let mut parent = FxHashMap::default();
    let mut queue = VecDeque::from([from]);
    parent.insert(from, from);
    while let Some(b) = queue.pop_front() {
        if b == to {
            let mut path = vec![to];
            while *path.last()? != from {
                path.push(parent[path.last()?]);
            }
            path.reverse();
            return Some(path);
        }
        for (n, _) in g.neighbours(b, Direction::Outgoing, |r| g.catalog.relation(r).reachable) {
            parent.entry(n).or_insert_with(|| {
                queue.push_back(n);
                b
            });
        }
    }
    None
}

fn reaches(g: &OrgGraph, from: BodyId, to: BodyId) -> bool {
    shortest_path(g, from, to).is_some()
}

fn id(g: &OrgGraph, id: &str) -> BodyId {
    g.by_id(id).unwrap_or_else(|| panic!("no node `{id}`"))
}

fn bundled(c: &mut Criterion) {
    let loaded = model::load(&ModelSource::Bundled).unwrap();
    let g = &loaded.graph;
    let mut group = c.benchmark_group("bundled");
    group.bench_function("resolve_alias", |b| {
        b.iter(|| g.resolve(black_box("drnö")).unwrap())
    });
    group.bench_function("resolve_unknown_with_suggestions", |b| {
        b.iter(|| g.resolve(black_box("samordningsrad")).unwrap_err())
    });
    let sro = id(g, "sro");
    group.bench_function("closure_down_sro", |b| {
        b.iter(|| closure(g, black_box(sro), Direction::Incoming))
    });
    let (from, to) = (id(g, "vvg_beredningsgrupp"), id(g, "sro"));
    group.bench_function("shortest_path", |b| {
        b.iter(|| shortest_path(g, black_box(from), black_box(to)))
    });
    group.finish();
}

fn big(c: &mut Criterion) {
    let (loaded, stats) = common::big_graph();
    let g = &loaded.graph;
    let mut group = c.benchmark_group("big");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let k = stats.kommuner / 2;
    let name = g.node(id(g, &format!("k{k}_lsg"))).name.to_string();
    group.bench_function("resolve_name", |b| {
        b.iter(|| g.resolve(black_box(&name)).unwrap())
    });
    group.bench_function("resolve_id", |b| {
        b.iter(|| g.by_id(black_box("k1_n2_l1")).unwrap())
    });

    let leaf = id(g, &format!("k{k}_ag0"));
    group.bench_function("closure_up_from_working_group", |b| {
        b.iter(|| closure(g, black_box(leaf), Direction::Outgoing))
    });
    let region = id(g, &format!("r{}", stats.regions / 2));
    group.bench_function("closure_down_region", |b| {
        b.iter(|| closure(g, black_box(region), Direction::Incoming))
    });
    let (from, to) = (id(g, &format!("k{k}_ag0_smk")), id(g, "nat"));
    group.bench_function("shortest_path_convener_to_national", |b| {
        b.iter(|| shortest_path(g, black_box(from), black_box(to)).unwrap())
    });
    let questions: Vec<(BodyId, BodyId)> = orgraf::synth::reach_questions(&stats)
        .iter()
        .map(|(a, b)| (id(g, a), id(g, b)))
        .collect();
    group.bench_function("reach_1000_yes_no", |b| {
        b.iter(|| questions.iter().filter(|&&(a, z)| reaches(g, a, z)).count())
    });
    // The worst case: everything that reports to or is part of the
    // national body, the whole graph.
    let nat = id(g, "nat");
    group.sample_size(10);
    group.bench_function("closure_down_national_whole_graph", |b| {
        b.iter(|| closure(g, black_box(nat), Direction::Incoming))
    });
    group.finish();
}

criterion_group!(benches, bundled, big);
criterion_main!(benches);
